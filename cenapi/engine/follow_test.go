package engine

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
)

// TestFollowMatchesHostsCanonically: the API lists the bare address of the
// plan as a /32; the run still sees its entry and settles it at the first
// poll instead of waiting for WaitTimeout.
func TestFollowMatchesHostsCanonically(t *testing.T) {
	t.Parallel()
	api := &fake{canonical: true, status: cenapi.StatusActive, listed: 1}
	_, rep := apply(t, api, testOptions(t), "100.118.28.5")
	if h := rep.Hosts[0]; h.Status != StatusActive || api.pages != 1 {
		t.Errorf("result = %+v after %d polls, want active after 1", h, api.pages)
	}
}

// TestExistCheckedUnderEverySpelling: the answer to the first call is lost,
// the retry meets CloudRoute.Exist, and the entry is listed as a /32 only:
// the check must still find it and count the call as accepted.
func TestExistCheckedUnderEverySpelling(t *testing.T) {
	t.Parallel()
	api := &fake{canonical: true, status: cenapi.StatusActive, listed: 1, onResolve: loseFirstAnswer}
	_, rep := apply(t, api, testOptions(t), "100.118.28.6")
	if h := rep.Hosts[0]; h.Status != StatusActive || h.Attempts != 2 {
		t.Errorf("result = %+v, want active after 2 attempts", h)
	}
}

// TestAcceptedButMissingFails: the API accepts the call but no entry
// shows up; after missingSweeps complete polls the host fails with a code
// of its own rather than waiting for WaitTimeout. (The entry appears Active
// long after that, so that a run that kept waiting ends, and fails the
// test, at once.)
func TestAcceptedButMissingFails(t *testing.T) {
	t.Parallel()
	p := testPlan("100.118.28.0/24")
	api := &fake{listed: 1, onResolve: func(context.Context, int, cenapi.ResolveRequest) (bool, error) { return false, nil }}
	api.onPage = func(f *fake, n int) {
		if n == 3*missingSweeps {
			f.entries = append(f.entries, cenapi.RouteService{CenID: p.CenID, HostRegionID: p.HostRegionID, Host: p.Hosts[0],
				HostVpcID: p.HostVpcID, AccessRegionID: p.AccessRegionIDs[0], Status: cenapi.StatusActive})
		}
	}
	_, rep := apply(t, api, testOptions(t), p.Hosts...)
	h := rep.Hosts[0]
	if h.Status != StatusFailed || h.Code != CodeEntryMissing || !strings.Contains(h.Message, "no entry into cn-hangzhou") {
		t.Errorf("result = %+v", h)
	}
	if api.pages != missingSweeps {
		t.Errorf("failed after %d polls, want %d", api.pages, missingSweeps)
	}
}

// TestPermanentPollErrorFailsFollowers: polling meets an error that will
// not go away (the CEN was deleted): the host fails with its code at once
// instead of polling until WaitTimeout. When the error is a refusal of the
// credentials (they lost their permission), the run stops instead, its
// hosts left to a resume. (The error does go away after a while, so that a
// run that kept polling ends, and fails the test, at once.)
func TestPermanentPollErrorFailsFollowers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ code, status string }{{"ParameterCenInstanceId", StatusFailed}, {"Unauthorized", StatusStopped}} {
		api := &fake{listed: 1, status: cenapi.StatusActive, pageErr: func(_ context.Context, _ cenapi.RouteServiceFilter, n int) error {
			if n == 1 || n > 10 {
				return nil // the listing of what exists; later, the permission restored
			}
			return &cenapi.Error{Op: "DescribeRouteServicesInCen", Code: tc.code, Message: "not allowed",
				HTTPStatus: http.StatusForbidden, RequestID: "RID-unauthorized"}
		}}
		_, rep := apply(t, api, testOptions(t), "100.118.28.0/24")
		for _, h := range rep.Hosts {
			if h.Status != tc.status || tc.status == StatusFailed && (h.Code != tc.code || !strings.Contains(h.Message, "not allowed")) {
				t.Errorf("%s: result = %+v", tc.code, h)
			}
		}
		if stopped := rep.Halt != nil && rep.Halt.Code == tc.code; stopped != (tc.status == StatusStopped) {
			t.Errorf("%s: halt %+v", tc.code, rep.Halt)
		}
		if n := len(api.paged); n != 2 {
			t.Errorf("%s: %d page reads, want the listing and one poll: a permanent error is not retried", tc.code, n)
		}
	}
}

// TestTransientPollErrorIsSaid: a poll that fails after its retries is
// reported as a retrying event with the reason, and the next poll carries
// on.
func TestTransientPollErrorIsSaid(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.ReadPatience = time.Nanosecond // a read gives up at its first failure
	api := &fake{listed: 1, status: cenapi.StatusActive, pageErr: func(_ context.Context, _ cenapi.RouteServiceFilter, n int) error {
		if n == 2 {
			return transient("ServiceUnavailable")
		}
		return nil
	}}
	evs, rep := apply(t, api, opts, "100.118.28.0/24")
	if h := rep.Hosts[0]; h.Status != StatusActive {
		t.Errorf("result = %+v", h)
	}
	said := false
	for _, ev := range evs {
		said = said || ev.Kind == EventRetrying && ev.Code == "ServiceUnavailable" && strings.Contains(ev.Reason, "following the entry")
	}
	if !said {
		t.Errorf("no retrying event names the failed poll: %+v", evs)
	}
}

// TestExistCheckFailureIsRetried: the listing behind a CloudRoute.Exist
// fails; the host is not failed for good: the call is tried again and the
// next check settles it.
func TestExistCheckFailureIsRetried(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.MaxAttempts = 2
	opts.ReadPatience = time.Nanosecond // a read gives up at its first failure
	api := &fake{}
	checks := 0
	api.pageErr = func(_ context.Context, f cenapi.RouteServiceFilter, _ int) error {
		if f.Host == "" {
			return nil
		}
		if checks++; checks == 1 { // the first check
			return transient("ServiceUnavailable")
		}
		return nil
	}
	api.onResolve = routedBySomeoneElse(api, 1, "")
	evs, rep := apply(t, api, opts, "100.118.28.0/24")
	if h := rep.Hosts[0]; h.Status != StatusPresent || h.Attempts != 2 {
		t.Errorf("result = %+v, want present after 2 attempts", h)
	}
	retried := false
	for _, ev := range evs {
		retried = retried || ev.Kind == EventRetrying && strings.Contains(ev.Reason, "could not be checked")
	}
	if !retried {
		t.Errorf("no retrying event says the check failed: %+v", evs)
	}
}

// TestExistCheckCancelledIsResumable: the run is aborted (a second Ctrl+C)
// while it checks the entry behind a CloudRoute.Exist. The host is
// stopped, not failed, and a resume checks again and follows the entry.
func TestExistCheckCancelledIsResumable(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	api := &fake{status: cenapi.StatusActive}
	checking := make(chan struct{})
	block := true
	api.pageErr = func(ctx context.Context, f cenapi.RouteServiceFilter, _ int) error {
		if f.Host == "" || !block {
			return nil
		}
		block = false
		close(checking)
		<-ctx.Done()
		return &cenapi.Error{Code: cenapi.CodeCanceled, Message: "cancelled"}
	}
	api.onResolve = loseFirstAnswer
	e := New(api, opts)
	run, err := e.Start(context.Background(), testPlan("100.118.28.0/24"))
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		<-checking
		run.Abort()
	}()
	_, rep := collect(t, run)
	if h := rep.Hosts[0]; h.Status != StatusStopped {
		t.Fatalf("aborted during the check: %+v, want stopped", h)
	}
	resumed, err := e.Resume(context.Background(), run.ID())
	if err != nil {
		t.Fatal(err)
	}
	_, rep = collect(t, resumed)
	if h := rep.Hosts[0]; h.Status != StatusActive {
		t.Errorf("resumed: %+v, want active (the entry our first attempt created)", h)
	}
	if n := len(api.entries); n != 1 {
		t.Errorf("%d entries, want 1", n)
	}
}

// TestDeleteReportHasNoPlan: the JSON report of a delete run names its
// entries, without an apply plan of blanks and nulls.
func TestDeleteReportHasNoPlan(t *testing.T) {
	t.Parallel()
	rep := Report{RunID: "r", Kind: KindDelete, Plan: Plan{CenID: testCen},
		Delete: &DeletePlan{CenID: testCen, Entries: []DeleteEntry{{HostRegionID: testRegion, Host: "100.118.1.0/24", AccessRegionID: testRegion}}}}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		t.Fatal(err)
	}
	if _, ok := fields["plan"]; ok || fields["delete"] == nil || string(fields["kind"]) != `"delete"` {
		t.Errorf("delete report = %s", data)
	}
	rep.Kind, rep.Delete = KindApply, nil
	if data, _ := json.Marshal(rep); !strings.Contains(string(data), `"plan":{"cen_id":"cen-test"`) {
		t.Errorf("apply report = %s", data)
	}
}
