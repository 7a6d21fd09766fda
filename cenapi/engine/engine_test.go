package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// TestMain keeps the SDK away from anything but loopback (see emulatortest.Isolate).
func TestMain(m *testing.M) { emulatortest.Main(m) }

func TestApplyEventsInOrder(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	api := &fake{onPage: activateSeen(t, opts.StateDir), listed: 1}
	e := New(api, opts)
	run, err := e.Start(context.Background(), testPlan("100.118.28.0/24", "100.118.29.0/24"))
	if err != nil {
		t.Fatal(err)
	}
	evs, rep := collect(t, run)
	want := []EventKind{EventQueued, EventSending, EventAccepted, EventCreating, EventActive}
	for _, h := range []string{"100.118.28.0/24", "100.118.29.0/24"} {
		if got := kinds(evs, h); !reflect.DeepEqual(got, want) {
			t.Errorf("%s events = %v, want %v", h, got, want)
		}
	}
	for _, ev := range evs {
		if ev.RunID != run.ID() {
			t.Errorf("event %v has run ID %q, want %q", ev.Kind, ev.RunID, run.ID())
		}
		if ev.Kind == EventAccepted && !strings.HasPrefix(ev.RequestID, "REQ-") {
			t.Errorf("accepted event without the RequestId: %+v", ev)
		}
	}
	if got := statuses(rep); got["100.118.28.0/24"] != StatusActive || got["100.118.29.0/24"] != StatusActive {
		t.Errorf("statuses = %v", got)
	}
	if rep.Stopped || rep.Failed() != 0 || rep.RunID != run.ID() || rep.Kind != KindApply {
		t.Errorf("report = %+v", rep)
	}
}

func TestPrepareSortsHosts(t *testing.T) {
	t.Parallel()
	api := &fake{entries: []cenapi.RouteService{
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.1.0/24", HostVpcID: testVpc, AccessRegionID: "cn-hangzhou", Status: cenapi.StatusActive},
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.1.0/24", HostVpcID: testVpc, AccessRegionID: "cn-shanghai", Status: cenapi.StatusCreating},
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.2.0/24", HostVpcID: testVpc, AccessRegionID: "cn-hangzhou", Status: cenapi.StatusActive},
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.3.0/24", HostVpcID: "vpc-other", AccessRegionID: "cn-hangzhou", Status: cenapi.StatusActive},
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.4.0/24", HostVpcID: testVpc, AccessRegionID: "cn-shanghai", Status: cenapi.StatusFailed},
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.5.5/32", HostVpcID: testVpc, AccessRegionID: "cn-hangzhou", Status: cenapi.StatusActive},
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.5.5/32", HostVpcID: testVpc, AccessRegionID: "cn-shanghai", Status: cenapi.StatusActive},
		{CenID: testCen, HostRegionID: "cn-beijing", Host: "100.118.6.0/24", HostVpcID: testVpc, AccessRegionID: "cn-hangzhou", Status: cenapi.StatusActive},
	}}
	p := testPlan("100.118.1.0/24", "100.118.2.0/24", "100.118.3.0/24", "100.118.4.0/24", "100.118.5.5", "100.118.6.0/24")
	p.AccessRegionIDs = []string{"cn-hangzhou", "cn-shanghai"}
	p.Description = "it's oss"
	prep, err := New(api, testOptions(t)).Prepare(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"100.118.1.0/24", "100.118.5.5"}; !reflect.DeepEqual(prep.Present, want) {
		t.Errorf("Present = %q, want %q", prep.Present, want)
	}
	// Judge is the same rule over entries a caller has listed already.
	if judged, err := Judge(p, api.entries); err != nil || !reflect.DeepEqual(judged, prep) {
		t.Errorf("Judge = %+v, %v; want what Prepare gave, %+v", judged, err, prep)
	}
	if _, err := Judge(Plan{CenID: testCen}, api.entries); err == nil {
		t.Error("Judge accepted a plan with no host region")
	}
	if c := prep.Conflicts["100.118.3.0/24"]; !strings.Contains(c, "through vpc-other") {
		t.Errorf("conflict for another VPC = %q", c)
	}
	if c := prep.Conflicts["100.118.4.0/24"]; !strings.Contains(c, "Failed") {
		t.Errorf("conflict for a Failed entry = %q", c)
	}
	var got []string
	for _, c := range prep.Calls {
		got = append(got, c.Request.Host+" -> "+strings.Join(c.Request.AccessRegionIDs, ","))
		if c.Request.ClientToken != "" {
			t.Errorf("a prepared call has a token: %+v", c.Request)
		}
	}
	want := []string{"100.118.2.0/24 -> cn-shanghai", "100.118.6.0/24 -> cn-hangzhou,cn-shanghai"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("calls = %q, want %q", got, want)
	}
	wantCmd := `aliyun cbn ResolveAndRouteServiceInCen --CenId cen-test --Host 100.118.2.0/24 --HostRegionId cn-hangzhou --HostVpcId vpc-test --AccessRegionIds.1 cn-shanghai --Description 'it'\''s oss'`
	if prep.Calls[0].Command != wantCmd {
		t.Errorf("command =\n%s\nwant\n%s", prep.Calls[0].Command, wantCmd)
	}
	if len(api.resolve) != 0 {
		t.Errorf("Prepare sent %d writes", len(api.resolve))
	}
}

func TestStartSkipsPresentAndConflicts(t *testing.T) {
	t.Parallel()
	api := &fake{status: cenapi.StatusActive, entries: []cenapi.RouteService{
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.1.0/24", HostVpcID: testVpc, AccessRegionID: testRegion, Status: cenapi.StatusActive},
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.2.0/24", HostVpcID: "vpc-other", AccessRegionID: testRegion, Status: cenapi.StatusActive},
	}}
	evs, rep := apply(t, api, testOptions(t), "100.118.1.0/24", "100.118.2.0/24", "100.118.3.0/24")
	want := map[string]string{"100.118.1.0/24": StatusPresent, "100.118.2.0/24": StatusFailed, "100.118.3.0/24": StatusActive}
	if got := statuses(rep); !reflect.DeepEqual(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	if got := kinds(evs, "100.118.1.0/24"); !reflect.DeepEqual(got, []EventKind{EventSkipped}) {
		t.Errorf("present host events = %v", got)
	}
	if rep.Hosts[1].Code != CodeConflict {
		t.Errorf("conflict code = %q", rep.Hosts[1].Code)
	}
	if n := len(api.resolveCalls()); n != 1 {
		t.Errorf("%d Resolve calls, want 1", n)
	}
}

func TestPermanentErrorNotRetried(t *testing.T) {
	t.Parallel()
	api := &fake{onResolve: func(context.Context, int, cenapi.ResolveRequest) (bool, error) {
		return false, &cenapi.Error{Op: "ResolveAndRouteServiceInCen", Code: "CloudRoute.VpcNotAttached",
			Message: "The Specified Vpc instance is not attached to CEN.", RequestID: "RID-1", HTTPStatus: 400}
	}}
	evs, rep := apply(t, api, testOptions(t), "100.118.28.0/24")
	if n := len(api.resolveCalls()); n != 1 {
		t.Errorf("%d Resolve calls for a permanent error, want 1", n)
	}
	h := rep.Hosts[0]
	if h.Status != StatusFailed || h.Code != "CloudRoute.VpcNotAttached" || h.Message != "The Specified Vpc instance is not attached to CEN." || h.RequestID != "RID-1" || h.Attempts != 1 {
		t.Errorf("result = %+v", h)
	}
	if got := kinds(evs, h.Host); slices.Contains(got, EventRetrying) {
		t.Errorf("events = %v: a permanent error was retried", got)
	}
}

func TestTransientRetriedWithSameToken(t *testing.T) {
	t.Parallel()
	api := &fake{status: cenapi.StatusActive, onResolve: func(_ context.Context, n int, _ cenapi.ResolveRequest) (bool, error) {
		switch n {
		case 1:
			return false, transient("ServiceUnavailable")
		case 2:
			return false, &cenapi.Error{Code: "Throttling.User", Message: "Request was denied due to user flow control.", HTTPStatus: 400, Transient: true}
		}
		return true, nil
	}}
	evs, rep := apply(t, api, testOptions(t), "100.118.28.0/24")
	calls := api.resolveCalls()
	if len(calls) != 3 {
		t.Fatalf("%d calls, want 3", len(calls))
	}
	tok := calls[0].ClientToken
	if tok == "" || calls[1].ClientToken != tok || calls[2].ClientToken != tok {
		t.Errorf("tokens %q %q %q: retries must reuse the token", calls[0].ClientToken, calls[1].ClientToken, calls[2].ClientToken)
	}
	if rep.Hosts[0].Status != StatusActive || rep.Hosts[0].Attempts != 3 {
		t.Errorf("result = %+v", rep.Hosts[0])
	}
	var reasons []string
	for _, ev := range evs {
		if ev.Kind == EventRetrying {
			reasons = append(reasons, ev.Reason)
		}
	}
	if want := []string{"ServiceUnavailable: try later", "throttled: slowing down"}; !reflect.DeepEqual(reasons, want) {
		t.Errorf("retry reasons = %q, want %q", reasons, want)
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	api := &fake{onResolve: func(context.Context, int, cenapi.ResolveRequest) (bool, error) {
		return false, transient("Operation.Blocking")
	}}
	opts := testOptions(t)
	opts.MaxAttempts = 3
	_, rep := apply(t, api, opts, "100.118.28.0/24")
	if n := len(api.resolveCalls()); n != 3 {
		t.Errorf("%d calls, want MaxAttempts = 3", n)
	}
	h := rep.Hosts[0]
	if h.Status != StatusFailed || h.Code != "Operation.Blocking" || !strings.HasPrefix(h.Message, "gave up after 3 attempts") {
		t.Errorf("result = %+v", h)
	}
}

// TestExistAfterAmbiguousFailure: the first attempt creates the entry but
// its answer is lost; the retry meets CloudRoute.Exist (as it would once the
// API forgot the token), which must count as success.
func TestExistAfterAmbiguousFailure(t *testing.T) {
	t.Parallel()
	api := &fake{status: cenapi.StatusActive, onResolve: loseFirstAnswer}
	evs, rep := apply(t, api, testOptions(t), "100.118.28.0/24")
	if h := rep.Hosts[0]; h.Status != StatusActive || h.Attempts != 2 {
		t.Errorf("result = %+v, want active after 2 attempts", h)
	}
	if got, want := kinds(evs, "100.118.28.0/24"), []EventKind{EventQueued, EventSending, EventRetrying, EventSending, EventAccepted, EventActive}; !reflect.DeepEqual(got, want) {
		t.Errorf("events = %v, want %v", got, want)
	}
	if n := len(api.entries); n != 1 {
		t.Errorf("%d entries, want 1", n)
	}
}

// TestExistOfSomeoneElsesEntry: someone else routed the host after
// Prepare, before our first call. Through the plan's VPC the host is
// present, as if Prepare had seen it, not created by the run; through
// another VPC the Exist stands and says why.
func TestExistOfSomeoneElsesEntry(t *testing.T) {
	t.Parallel()
	for vpc, want := range map[string]HostResult{
		testVpc:     {Status: StatusPresent, Attempts: 1},
		"vpc-other": {Status: StatusFailed, Attempts: 1, Code: codeExist},
	} {
		api := &fake{}
		api.onResolve = routedBySomeoneElse(api, 1, vpc)
		evs, rep := apply(t, api, testOptions(t), "100.118.28.0/24")
		h := rep.Hosts[0]
		if h.Status != want.Status || h.Attempts != want.Attempts || h.Code != want.Code {
			t.Errorf("through %s: result = %+v, want %+v", vpc, h, want)
		}
		if got := kinds(evs, h.Host); h.Status == StatusPresent && got[len(got)-1] != EventSkipped {
			t.Errorf("through %s: events = %v", vpc, got)
		}
		if h.Status == StatusFailed && !strings.Contains(h.Message, "through vpc-other") {
			t.Errorf("through %s: the message does not say why: %q", vpc, h.Message)
		}
	}
}

// TestExistOfSomeoneElsesFailedEntry: an entry someone else made after
// Prepare, through the plan's VPC but Failed, is no route: the Exist
// stands and says so, as Prepare would have, rather than the host being
// reported present.
func TestExistOfSomeoneElsesFailedEntry(t *testing.T) {
	t.Parallel()
	api := &fake{}
	routed := routedBySomeoneElse(api, 1, "")
	api.onResolve = func(ctx context.Context, n int, r cenapi.ResolveRequest) (bool, error) {
		apply, err := routed(ctx, n, r)
		api.mu.Lock()
		api.setAll(cenapi.StatusFailed)
		api.mu.Unlock()
		return apply, err
	}
	_, rep := apply(t, api, testOptions(t), "100.118.28.0/24")
	if h := rep.Hosts[0]; h.Status != StatusFailed || h.Code != codeExist || !strings.Contains(h.Message, "is Failed") {
		t.Errorf("result = %+v, want failed with %s saying the entry is Failed", h, codeExist)
	}
}

// TestFailedReportedInTheSweepThatSeesIt: once the run has seen both hosts
// Creating (its journal says so), their entries turn Failed at the next
// page read; the run must report them then, not one poll later: with every
// host settled after that sweep, there is no further read.
func TestFailedReportedInTheSweepThatSeesIt(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	api := &fake{listed: 1}
	failedAt := 0
	api.onPage = func(f *fake, n int) {
		if failedAt == 0 && journalCount(t, opts.StateDir, `"status":"creating"`) == 2 {
			failedAt = n
			f.setAll(cenapi.StatusFailed)
		}
	}
	p := testPlan("100.118.28.0/24", "100.118.29.0/24")
	run, err := New(api, opts).Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	evs, rep := collect(t, run)
	if failedAt == 0 || api.pages != failedAt {
		t.Errorf("%d page reads, the entries failed at read %d: Failed must be reported by the sweep that sees it", api.pages, failedAt)
	}
	for _, h := range rep.Hosts {
		if h.Status != StatusFailed || h.Code != CodeEntryFailed || !strings.Contains(h.Message, "cn-hangzhou ended Failed") {
			t.Errorf("result = %+v", h)
		}
		if got := kinds(evs, h.Host); got[len(got)-1] != EventFailed || got[len(got)-2] != EventCreating {
			t.Errorf("%s events = %v", h.Host, got)
		}
	}
	for _, ev := range evs {
		if ev.Kind == EventFailed && !strings.HasPrefix(ev.RequestID, "REQ-") {
			t.Errorf("failed event without the accepted call's RequestId: %+v", ev)
		}
	}
}

// journalCount counts the lines containing s in the journals of dir.
func journalCount(t *testing.T, dir, s string) int {
	paths, _ := filepath.Glob(filepath.Join(dir, "*"+journalExt))
	n := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Error(err)
		}
		n += strings.Count(string(data), s)
	}
	return n
}

// TestFailedAtOnceWhileOtherRegionsCreate: a host with two access regions
// fails as soon as one of its entries fails.
func TestFailedAtOnceWhileOtherRegionsCreate(t *testing.T) {
	t.Parallel()
	api := &fake{listed: 1}
	api.onPage = func(f *fake, n int) {
		f.entries[0].Status = cenapi.StatusFailed
	}
	p := testPlan("100.118.28.0/24")
	p.AccessRegionIDs = []string{"cn-hangzhou", "cn-shanghai"}
	run, err := New(api, testOptions(t)).Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	_, rep := collect(t, run)
	if h := rep.Hosts[0]; h.Status != StatusFailed || h.Code != CodeEntryFailed || api.pages != 1 {
		t.Errorf("result = %+v after %d page reads", h, api.pages)
	}
}

func TestActiveOnlyWhenEveryRegionIs(t *testing.T) {
	t.Parallel()
	api := &fake{listed: 1}
	api.onPage = func(f *fake, n int) {
		f.entries[min(n, 2)-1].Status = cenapi.StatusActive
	}
	p := testPlan("100.118.28.0/24")
	p.AccessRegionIDs = []string{"cn-hangzhou", "cn-shanghai"}
	run, err := New(api, testOptions(t)).Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	evs, rep := collect(t, run)
	if rep.Hosts[0].Status != StatusActive || api.pages != 2 {
		t.Errorf("result = %+v after %d page reads, want active after 2", rep.Hosts[0], api.pages)
	}
	if got := kinds(evs, "100.118.28.0/24"); !reflect.DeepEqual(got, []EventKind{EventQueued, EventSending, EventAccepted, EventCreating, EventActive}) {
		t.Errorf("events = %v", got)
	}
}

func TestWaitTimeout(t *testing.T) {
	t.Parallel()
	api := &fake{}
	opts := testOptions(t)
	opts.WaitTimeout = 1 // every sweep is too late
	_, rep := apply(t, api, opts, "100.118.28.0/24")
	if h := rep.Hosts[0]; h.Status != StatusFailed || h.Code != CodeWaitTimeout || !strings.Contains(h.Message, "still Creating") {
		t.Errorf("result = %+v", h)
	}
}

func TestNoWait(t *testing.T) {
	t.Parallel()
	api := &fake{listed: 1}
	opts := testOptions(t)
	opts.NoWait = true
	_, rep := apply(t, api, opts, "100.118.28.0/24")
	if h := rep.Hosts[0]; h.Status != StatusAccepted || h.RequestID != "REQ-1" || api.pages != 0 {
		t.Errorf("result = %+v, %d page reads", h, api.pages)
	}
}

// TestPollsReadWholePages: polling lists the scope 50 entries a page, every
// page of it, never one call per entry.
func TestPollsReadWholePages(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	api := &fake{onPage: activateSeen(t, opts.StateDir), listed: 1}
	var hosts []string
	for i := range 120 {
		hosts = append(hosts, hostN(i))
	}
	_, rep := apply(t, api, opts, hosts...)
	for _, h := range rep.Hosts {
		if h.Status != StatusActive {
			t.Fatalf("result = %+v", h)
		}
	}
	want := cenapi.RouteServiceFilter{CenID: testCen, HostRegionID: testRegion, HostVpcID: testVpc}
	pages := map[int]bool{}
	for _, c := range api.paged[api.listed:] {
		if c.filter != want || c.size != cenapi.MaxPageSize {
			t.Fatalf("page read %+v, want the whole scope %+v, %d a page", c, want, cenapi.MaxPageSize)
		}
		pages[c.page] = true
	}
	if !pages[1] || !pages[2] || !pages[3] || pages[4] {
		t.Errorf("pages read %v, want 1 to 3", pages)
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	api := &fake{entries: []cenapi.RouteService{
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.1.0/24", HostVpcID: testVpc, AccessRegionID: testRegion, Status: cenapi.StatusActive},
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.2.2/32", HostVpcID: testVpc, AccessRegionID: testRegion, Status: cenapi.StatusActive},
		{CenID: testCen, HostRegionID: testRegion, Host: "100.118.3.0/24", HostVpcID: testVpc, AccessRegionID: testRegion, Status: cenapi.StatusDeleting},
	}, listed: 1}
	api.onPage = removeDeleting
	dp := DeletePlan{CenID: testCen, Entries: []DeleteEntry{
		{HostRegionID: testRegion, Host: "100.118.1.0/24", AccessRegionID: testRegion},
		{HostRegionID: testRegion, Host: "100.118.2.2", AccessRegionID: testRegion},
		{HostRegionID: testRegion, Host: "100.118.3.0/24", AccessRegionID: testRegion},
		{HostRegionID: testRegion, Host: "100.118.9.0/24", AccessRegionID: testRegion},
	}}
	run, err := New(api, testOptions(t)).StartDelete(context.Background(), dp)
	if err != nil {
		t.Fatal(err)
	}
	evs, rep := collect(t, run)
	want := map[string]string{"100.118.1.0/24": StatusDeleted, "100.118.2.2/32": StatusDeleted,
		"100.118.3.0/24": StatusDeleted, "100.118.9.0/24": StatusAbsent}
	if got := statuses(rep); !reflect.DeepEqual(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	// Workers send in parallel, so the calls may arrive in either order.
	var deleted []string
	for _, d := range api.deletes {
		deleted = append(deleted, d.Host)
	}
	slices.Sort(deleted)
	if want := []string{"100.118.1.0/24", "100.118.2.2/32"}; !slices.Equal(deleted, want) {
		t.Errorf("deleted hosts = %v, want %v: one per existing entry, naming it as listed", deleted, want)
	}
	if got := kinds(evs, "100.118.1.0/24"); !reflect.DeepEqual(got, []EventKind{EventQueued, EventSending, EventDeleting, EventDeleted}) {
		t.Errorf("events = %v", got)
	}
	for _, ev := range evs {
		if ev.Region != testRegion {
			t.Errorf("delete event without its region: %+v", ev)
		}
	}
	if rep.Kind != KindDelete || rep.Delete == nil || rep.Hosts[0].HostRegionID != testRegion {
		t.Errorf("report = %+v", rep)
	}
}

func TestDeletePlanValidate(t *testing.T) {
	t.Parallel()
	e := New(&fake{}, testOptions(t))
	for _, dp := range []DeletePlan{
		{},
		{CenID: testCen},
		{CenID: testCen, Entries: []DeleteEntry{{Host: "100.118.1.0/24"}}},
		{CenID: testCen, Entries: []DeleteEntry{
			{HostRegionID: testRegion, Host: "100.118.1.1", AccessRegionID: testRegion},
			{HostRegionID: testRegion, Host: "100.118.1.1/32", AccessRegionID: testRegion}}},
	} {
		if _, err := e.StartDelete(context.Background(), dp); err == nil {
			t.Errorf("StartDelete(%+v) accepted a bad plan", dp)
		}
	}
}

func TestPlanValidate(t *testing.T) {
	t.Parallel()
	good := testPlan("100.118.1.0/24")
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, mutate := range []func(*Plan){
		func(p *Plan) { p.CenID = "" }, func(p *Plan) { p.HostRegionID = "" }, func(p *Plan) { p.HostVpcID = "" },
		func(p *Plan) { p.AccessRegionIDs = nil }, func(p *Plan) { p.Hosts = nil },
		func(p *Plan) { p.Hosts = []string{"100.118.1.1", "100.118.1.1/32"} },
	} {
		p := testPlan("100.118.1.0/24")
		mutate(&p)
		if err := p.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil", p)
		}
	}
}

func TestStopIsGracefulAndResumable(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	inFlight := make(chan struct{})
	api := &fake{status: cenapi.StatusActive}
	api.onResolve = func(_ context.Context, n int, _ cenapi.ResolveRequest) (bool, error) {
		if n == 3 {
			close(inFlight)
			<-release
		}
		return true, nil
	}
	opts := testOptions(t)
	opts.Concurrency = 1
	e := New(api, opts)
	hosts := []string{hostN(1), hostN(2), hostN(3), hostN(4), hostN(5)}
	run, err := e.Start(context.Background(), testPlan(hosts...))
	if err != nil {
		t.Fatal(err)
	}
	<-inFlight
	run.Stop()
	close(release)
	evs, rep := collect(t, run)
	if !rep.Stopped {
		t.Error("report not marked stopped")
	}
	got := statuses(rep)
	// The call in flight at Stop finished and was accepted; following it
	// stopped with the run (the resume follows it again).
	if k := kinds(evs, hostN(3)); !slices.Contains(k, EventAccepted) {
		t.Errorf("the call in flight at Stop did not finish: %v", k)
	}
	if got[hostN(4)] != StatusStopped || got[hostN(5)] != StatusStopped {
		t.Errorf("hosts not started are not stopped: %v", got)
	}
	if n := len(api.resolveCalls()); n != 3 {
		t.Errorf("%d calls, want 3: nothing new may start after Stop", n)
	}
	if k := kinds(evs, hostN(5)); k[len(k)-1] != EventStopped {
		t.Errorf("events of an unstarted host = %v", k)
	}
	runs, err := e.Unfinished()
	if err != nil || len(runs) != 1 || runs[0].ID != run.ID() || runs[0].Total != 5 || runs[0].Kind != KindApply {
		t.Fatalf("Unfinished = %+v, %v", runs, err)
	}

	resumed, err := e.Resume(context.Background(), run.ID())
	if err != nil {
		t.Fatal(err)
	}
	_, rep2 := collect(t, resumed)
	for _, h := range rep2.Hosts {
		if h.Status != StatusActive {
			t.Errorf("after resume %+v", h)
		}
	}
	calls := api.resolveCalls()
	if len(calls) != 5 {
		t.Errorf("%d calls in all, want 5: a resume sends only what was not accepted", len(calls))
	}
	if calls[3].ClientToken != clientToken(run.ID(), calls[3]) {
		t.Error("a resumed call does not carry the run's token")
	}
	if runs, _ := e.Unfinished(); len(runs) != 0 {
		t.Errorf("Unfinished after the resume finished = %+v", runs)
	}
}

func TestAbortCancelsCallsInFlight(t *testing.T) {
	t.Parallel()
	inFlight := make(chan struct{})
	api := &fake{status: cenapi.StatusActive}
	api.onResolve = func(ctx context.Context, n int, r cenapi.ResolveRequest) (bool, error) {
		close(inFlight)
		<-ctx.Done()
		return false, &cenapi.Error{Code: cenapi.CodeCanceled, Message: "cancelled", Ambiguous: true}
	}
	opts := testOptions(t)
	ctx, cancel := context.WithCancel(context.Background())
	run, err := New(api, opts).Start(ctx, testPlan(hostN(1)))
	if err != nil {
		t.Fatal(err)
	}
	<-inFlight
	cancel() // cancelling Start's context aborts the run
	_, rep := collect(t, run)
	if rep.Hosts[0].Status != StatusStopped || !rep.Stopped {
		t.Errorf("report = %+v", rep)
	}
}

// TestResumeUnknownRun: naming no run of the state directory (a malformed
// ID, or one without a journal) is an input mistake callers can tell from a
// failure.
func TestResumeUnknownRun(t *testing.T) {
	t.Parallel()
	e := New(&fake{}, testOptions(t))
	for _, id := range []string{"../../etc/passwd", "bogus", "20250102-030405-a1b2c3"} {
		if _, err := e.Resume(context.Background(), id); !errors.Is(err, ErrUnknownRun) {
			t.Errorf("Resume(%q) = %v, want an ErrUnknownRun", id, err)
		}
	}
}

func TestJournalPermissions(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.StateDir = filepath.Join(opts.StateDir, "state", "cenroute")
	run, err := New(&fake{status: cenapi.StatusActive}, opts).Start(context.Background(), testPlan(hostN(1)))
	if err != nil {
		t.Fatal(err)
	}
	collect(t, run)
	di, err := os.Stat(opts.StateDir)
	if err != nil || di.Mode().Perm() != 0o700 {
		t.Errorf("state dir %v, %v; want 0700", di.Mode(), err)
	}
	fi, err := os.Stat(filepath.Join(opts.StateDir, run.ID()+journalExt))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("journal %v, %v; want 0600", fi.Mode(), err)
	}
}

func TestDefaultStateDir(t *testing.T) {
	// Not parallel: it sets environment variables.
	t.Setenv("XDG_STATE_HOME", "/xdg/state")
	if d, _ := DefaultStateDir(); d != "/xdg/state/cenroute" {
		t.Errorf("with XDG_STATE_HOME: %q", d)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/op")
	if d, _ := DefaultStateDir(); d != "/home/op/.local/state/cenroute" {
		t.Errorf("without XDG_STATE_HOME: %q", d)
	}
}

func TestClientToken(t *testing.T) {
	t.Parallel()
	req := testPlan().request("100.118.28.0/24", []string{"cn-hangzhou"})
	tok := clientToken("20250102-030405-a1b2c3", req)
	if len(tok) > 64 || !strings.HasPrefix(tok, "cr-") {
		t.Errorf("token %q", tok)
	}
	for _, c := range tok {
		if c > 0x7e || c < 0x20 {
			t.Errorf("token %q is not printable ASCII", tok)
		}
	}
	if clientToken("20250102-030405-a1b2c3", req) != tok {
		t.Error("the token is not deterministic")
	}
	other := req
	other.Host = "100.118.29.0/24"
	if clientToken("20250102-030405-a1b2c3", other) == tok || clientToken("20250102-030405-ffffff", req) == tok {
		t.Error("different calls or runs share a token")
	}
}

// TestPrepareCombinesSpellingsAndRegions: a host's entries count together
// whatever spelling each was stored under, only in the plan's host region,
// and only through the plan's VPC.
func TestPrepareCombinesSpellingsAndRegions(t *testing.T) {
	t.Parallel()
	existing := []cenapi.RouteService{
		{HostRegionID: testRegion, Host: "100.118.1.1", HostVpcID: testVpc, AccessRegionID: "a", Status: cenapi.StatusActive},
		{HostRegionID: testRegion, Host: "100.118.1.1/32", HostVpcID: testVpc, AccessRegionID: "b", Status: cenapi.StatusCreating},
		{HostRegionID: testRegion, Host: "100.118.2.0/24", HostVpcID: testVpc, AccessRegionID: "a", Status: cenapi.StatusActive},
		{HostRegionID: testRegion, Host: "100.118.3.0/24", HostVpcID: testVpc, AccessRegionID: "a", Status: cenapi.StatusFailed},
		{HostRegionID: testRegion, Host: "100.118.3.0/24", HostVpcID: testVpc, AccessRegionID: "b", Status: cenapi.StatusActive},
		{HostRegionID: "other", Host: "100.118.4.0/24", HostVpcID: testVpc, AccessRegionID: "a", Status: cenapi.StatusActive},
		{HostRegionID: "other", Host: "100.118.4.0/24", HostVpcID: testVpc, AccessRegionID: "b", Status: cenapi.StatusActive},
	}
	p := testPlan("100.118.1.1", "100.118.2.0/24", "100.118.3.0/24", "100.118.4.0/24")
	p.AccessRegionIDs = []string{"a", "b"}
	prep := prepare(p, existing)
	if want := []string{"100.118.1.1"}; !reflect.DeepEqual(prep.Present, want) {
		t.Errorf("Present = %q, want %q", prep.Present, want)
	}
	if len(prep.Conflicts) != 1 || !strings.Contains(prep.Conflicts["100.118.3.0/24"], "Failed") {
		t.Errorf("Conflicts = %q, want only 100.118.3.0/24, Failed", prep.Conflicts)
	}
	var calls []string
	for _, c := range prep.Calls {
		calls = append(calls, c.Request.Host+" -> "+strings.Join(c.Request.AccessRegionIDs, ","))
	}
	if want := []string{"100.118.2.0/24 -> b", "100.118.4.0/24 -> a,b"}; !reflect.DeepEqual(calls, want) {
		t.Errorf("calls = %q, want %q", calls, want)
	}
	p.HostVpcID = "vpc-other"
	if prep := prepare(p, existing); len(prep.Present) != 0 || !strings.Contains(prep.Conflicts["100.118.1.1"], "through "+testVpc) {
		t.Errorf("through another VPC: Present = %q, Conflicts = %q", prep.Present, prep.Conflicts)
	}
}

func TestRetryClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		kind outcomeKind
	}{
		{nil, outcomeOK},
		{&cenapi.Error{Code: "Throttling.User", Transient: true}, outcomeThrottled},
		{&cenapi.Error{Code: cenapi.CodeTimeout, Transient: true, Ambiguous: true}, outcomeTimeout},
		{&cenapi.Error{Code: "InternalError", Transient: true, Ambiguous: true}, outcomeTransient},
		{&cenapi.Error{Code: codeExist}, outcomeExists},
		{&cenapi.Error{Code: "ParameterIllegal.Host"}, outcomePermanent},
		{&cenapi.Error{Code: cenapi.CodeCanceled}, outcomeCanceled},
		{errors.New("boom"), outcomePermanent},
	}
	for _, tt := range tests {
		if got := classify(tt.err).kind; got != tt.kind {
			t.Errorf("classify(%v) = %v, want %v", tt.err, got, tt.kind)
		}
	}
	for n := 1; n < 40; n++ {
		for _, ceiling := range []time.Duration{backoffCap, readBackoffCap} {
			if d := backoff(n, ceiling); d < 0 || d >= ceiling {
				t.Errorf("backoff(%d, %v) = %v", n, ceiling, d)
			}
		}
	}
}

func hostN(i int) string { return fmt.Sprintf("100.118.%d.%d/32", i/256, i%256) }

// TestReportCountsThrottledCalls: the report counts the calls the run
// made (writes, their retries, the listings that followed the entries)
// and those answered with throttling, not the listing that checked the
// plan before the run; JSON names them calls and throttled_calls.
func TestReportCountsThrottledCalls(t *testing.T) {
	t.Parallel()
	throttling := &cenapi.Error{Code: "Throttling.User", Message: "Request was denied due to user flow control.",
		HTTPStatus: 400, Transient: true}
	api := &fake{
		onResolve: func(_ context.Context, n int, _ cenapi.ResolveRequest) (bool, error) {
			if n <= 2 {
				return false, throttling
			}
			return true, nil
		},
		pageErr: func(_ context.Context, _ cenapi.RouteServiceFilter, n int) error {
			if n == 2 { // the first listing that follows the entry
				return throttling
			}
			return nil
		},
		onPage: func(f *fake, _ int) { f.setAll(cenapi.StatusActive) },
	}
	_, rep := apply(t, api, testOptions(t), "100.118.28.0/24")
	if rep.Hosts[0].Status != StatusActive {
		t.Fatalf("result = %+v", rep.Hosts[0])
	}
	api.mu.Lock()
	calls := len(api.resolve) + len(api.paged) - 1 // the plan's check is not the run's
	api.mu.Unlock()
	if rep.ThrottledCalls != 3 || rep.Calls != calls {
		t.Errorf("report counts %d calls, %d throttled; want %d calls, 3 throttled (2 writes, 1 listing)",
			rep.Calls, rep.ThrottledCalls, calls)
	}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf(`"calls":%d,"throttled_calls":3`, calls); !strings.Contains(string(data), want) {
		t.Errorf("JSON report %s does not say %s", data, want)
	}
}
