package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
)

func ptr(s string) *string { return &s }

// entry is an existing Active entry of the demo CEN.
func entry(hostRegion, host, vpc, access, desc string) cenapi.RouteService {
	return cenapi.RouteService{CenID: emulator.DemoCenID, HostRegionID: hostRegion, Host: host, HostVpcID: vpc,
		AccessRegionID: access, Description: desc, Status: cenapi.StatusActive}
}

// hosts lists the hosts of diff entries, "host>access" each.
func hostsOf(entries []DiffEntry) string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Host+">"+e.AccessRegionID)
	}
	return strings.Join(out, " ")
}

func TestDiffSync(t *testing.T) {
	t.Parallel()
	const hz, sh, vpc1, vpc2 = "cn-hangzhou", "cn-shanghai", "vpc-1", "vpc-2"
	existing := []cenapi.RouteService{
		entry(hz, "100.118.28.0/24", vpc1, hz, "oss"),
		entry(hz, "100.118.28.0/24", vpc1, sh, "oss"),
		entry(hz, "100.118.29.5/32", vpc1, hz, "oss"), // the file says 100.118.29.5
		entry(hz, "100.118.30.0/24", vpc2, hz, "oss"), // another VPC
		entry(hz, "100.118.31.0/24", vpc1, hz, "old"), // another description
		entry(hz, "100.118.32.0/24", vpc1, hz, "old"), // any description will do
		entry(hz, "100.118.33.0/24", vpc1, hz, "oss"), // Failed
		entry(hz, "100.118.34.0/24", vpc1, hz, "oss"), // being deleted
		entry(hz, "100.118.40.0/24", vpc1, hz, "x"),   // extra
		entry(hz, "100.118.41.0/24", vpc1, hz, "x"),   // extra being deleted: left alone
		entry(sh, "100.118.50.0/24", vpc2, sh, "x"),   // extra in a region out of scope
		{CenID: "cen-other", HostRegionID: hz, Host: "100.118.60.0/24", AccessRegionID: hz, Status: cenapi.StatusActive},
	}
	existing[6].Status = cenapi.StatusFailed
	existing[7].Status = cenapi.StatusDeleting
	existing[9].Status = cenapi.StatusDeleting
	w := Wanted{CenID: emulator.DemoCenID, HostRegions: []string{hz}, Services: []Service{
		{Name: "oss", HostRegionID: hz, HostVpcID: vpc1, AccessRegionIDs: []string{hz, sh}, Description: ptr("oss"),
			Hosts: []string{"100.118.28.0/24", "100.118.29.5", "100.118.30.0/24", "100.118.31.0/24", "100.118.33.0/24", "100.118.34.0/24"}},
		{Name: "any", HostRegionID: hz, HostVpcID: vpc1, AccessRegionIDs: []string{hz}, Hosts: []string{"100.118.32.0/24", "100.118.35.0/24"}},
	}}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	d := DiffSync(w, existing, SyncOptions{})
	want := map[string]string{
		"creates":   "100.118.29.5>cn-shanghai 100.118.30.0/24>cn-shanghai 100.118.31.0/24>cn-shanghai 100.118.33.0/24>cn-shanghai 100.118.34.0/24>cn-shanghai 100.118.35.0/24>cn-hangzhou",
		"unchanged": "100.118.28.0/24>cn-hangzhou 100.118.28.0/24>cn-shanghai 100.118.29.5/32>cn-hangzhou 100.118.32.0/24>cn-hangzhou",
		"extras":    "100.118.40.0/24>cn-hangzhou",
	}
	got := map[string]string{"creates": hostsOf(d.Creates), "unchanged": hostsOf(d.Unchanged), "extras": hostsOf(d.Extras)}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s:\n got %s\nwant %s", k, got[k], v)
		}
	}
	var reasons []string
	for _, c := range d.Changes {
		reasons = append(reasons, c.Host+":"+strings.Join(c.Reasons, ","))
	}
	if r := strings.Join(reasons, " "); r != "100.118.30.0/24:host_vpc 100.118.31.0/24:description 100.118.33.0/24:failed 100.118.34.0/24:deleting" {
		t.Errorf("changes kept: %s", r)
	}
	if len(d.Deletes) != 0 || len(d.Replaces) != 0 || d.Matches() || len(d.Plan.Deletes) != 0 {
		t.Errorf("without prune or replace: deletes %v, replaces %v, matches %v", d.Deletes, d.Replaces, d.Matches())
	}
	// One call per host, into the access regions it lacks.
	if n := len(d.Plan.Creates); n != 6 || d.Calls() != 6 {
		t.Errorf("%d creates: %+v", n, d.Plan.Creates)
	}

	d = DiffSync(w, existing, SyncOptions{Prune: true, Replace: true})
	if hostsOf(d.Deletes) != "100.118.40.0/24>cn-hangzhou" || len(d.Extras) != 0 {
		t.Errorf("prune: deletes %s, extras %s", hostsOf(d.Deletes), hostsOf(d.Extras))
	}
	if len(d.Replaces) != 3 || len(d.Changes) != 1 || d.Changes[0].Reasons[0] != ReasonDeleting || d.Matches() {
		t.Errorf("replace: %d replaces, changes %+v", len(d.Replaces), d.Changes)
	}
	// The replaced entries are deleted first, under their own names; each
	// replacing create names the delete it waits for.
	for _, c := range d.Plan.Creates {
		for _, i := range c.Replaces {
			if del := d.Plan.Deletes[i]; del.Host != c.Host || !slices.Contains(c.AccessRegionIDs, del.AccessRegionID) {
				t.Errorf("create %+v replaces %+v", c, del)
			}
		}
	}
	if err := d.Plan.Validate(); err != nil {
		t.Error(err)
	}
	// Once the CEN is as wanted, there is nothing to do.
	same := DiffSync(Wanted{CenID: emulator.DemoCenID, Services: []Service{{HostRegionID: hz, HostVpcID: vpc1,
		AccessRegionIDs: []string{hz, sh}, Hosts: []string{"100.118.28.0/24"}}}}, existing[:2], SyncOptions{Prune: true, Replace: true})
	if same.Calls() != 0 || !same.Matches() || len(same.Unchanged) != 2 {
		t.Errorf("the same state: %+v", same)
	}
}

// A replaced entry without a description in the file keeps its own: the
// replacing calls are grouped by it.
func TestDiffSyncKeepsDescriptionsOnReplace(t *testing.T) {
	t.Parallel()
	const hz, sh = "cn-hangzhou", "cn-shanghai"
	existing := []cenapi.RouteService{entry(hz, "100.118.28.0/24", "vpc-old", hz, "a"), entry(hz, "100.118.28.0/24", "vpc-old", sh, "b")}
	w := Wanted{CenID: emulator.DemoCenID, Services: []Service{{HostRegionID: hz, HostVpcID: "vpc-new",
		AccessRegionIDs: []string{hz, sh}, Hosts: []string{"100.118.28.0/24"}}}}
	d := DiffSync(w, existing, SyncOptions{Replace: true})
	if len(d.Plan.Creates) != 2 || d.Plan.Creates[0].Description != "a" || d.Plan.Creates[1].Description != "b" ||
		len(d.Plan.Deletes) != 2 {
		t.Errorf("plan %+v", d.Plan)
	}
}

func TestWantedValidate(t *testing.T) {
	t.Parallel()
	svc := func(hosts ...string) Service {
		return Service{HostRegionID: "cn-hangzhou", HostVpcID: "vpc-1", AccessRegionIDs: []string{"cn-hangzhou"}, Hosts: hosts}
	}
	for _, c := range []struct {
		name string
		w    Wanted
		want string
		s, h int
	}{
		{"twice across services", Wanted{CenID: "cen-1", Services: []Service{svc("100.118.1.0/24"), svc("100.118.2.0/24", "100.118.1.0/24")}},
			"100.118.1.0/24 into cn-hangzhou is wanted by another service too", 1, 1},
		{"twice in one service", Wanted{CenID: "cen-1", Services: []Service{svc("100.118.1.5", "100.118.1.5/32")}}, "listed twice", 0, 1},
		{"outside the scope", Wanted{CenID: "cen-1", HostRegions: []string{"cn-shanghai"}, Services: []Service{svc("100.118.1.0/24")}},
			"is not one of the file's host-regions", 0, -1},
		{"no hosts", Wanted{CenID: "cen-1", Services: []Service{svc()}}, "names no host", 0, -1},
		{"no CEN", Wanted{}, "no CEN", -1, -1},
	} {
		err := c.w.Validate()
		we, ok := err.(*WantedError)
		if !ok || !strings.Contains(we.Why, c.want) || we.Service != c.s || we.Host != c.h {
			t.Errorf("%s: %#v, want %q at %d/%d", c.name, err, c.want, c.s, c.h)
		}
	}
}

// syncWorld is the demo CEN with extra Active entries 100.64.0.1/32 … in
// cn-hangzhou, and a wanted state for its cn-hangzhou entries: the demo
// world's two services kept; of the extra hosts the first keep, then
// replace (another description), are wanted, the rest extras; and add
// new hosts.
func syncWorld(keep, replace, drop, add int) (emulator.Options, Wanted) {
	extra := keep + replace + drop
	opts := emulator.Options{ExtraRouteServices: extra, ActivateAfter: 50 * time.Millisecond, DeleteAfter: 50 * time.Millisecond, Seed: 3}
	const hz = "cn-hangzhou"
	w := Wanted{CenID: emulator.DemoCenID, HostRegions: []string{hz}, Services: []Service{
		{Name: "oss", HostRegionID: hz, HostVpcID: emulator.DemoVpcID, AccessRegionIDs: []string{hz, "cn-shanghai"},
			Description: ptr("OSS cn-hangzhou"), Hosts: []string{"100.118.28.0/24"}},
		{Name: "log", HostRegionID: hz, HostVpcID: emulator.DemoVpcID, AccessRegionIDs: []string{hz}, Hosts: []string{"100.104.112.0/24"}},
	}}
	bulk := Service{Name: "bulk", HostRegionID: hz, HostVpcID: emulator.DemoVpcID, AccessRegionIDs: []string{hz}, Description: ptr("bulk host")}
	moved := Service{Name: "moved", HostRegionID: hz, HostVpcID: emulator.DemoVpcID, AccessRegionIDs: []string{hz}, Description: ptr("bulk host v2")}
	for i := range keep + replace {
		host := fmt.Sprintf("100.64.%d.%d/32", (i+1)/256, (i+1)%256)
		if i < keep {
			bulk.Hosts = append(bulk.Hosts, host)
		} else {
			moved.Hosts = append(moved.Hosts, host)
		}
	}
	for i := range add {
		bulk.Hosts = append(bulk.Hosts, fmt.Sprintf("100.65.%d.%d/32", i/256, i%256))
	}
	w.Services = append(w.Services, bulk)
	if replace > 0 {
		w.Services = append(w.Services, moved)
	}
	return opts, w
}

// checkSynced asserts that the emulator's cn-hangzhou entries of the demo
// CEN are exactly those w wants, Active, with their descriptions, and that
// no entry was created twice (no CloudRoute.Exist).
func checkSynced(t *testing.T, srv *emulator.Server, w Wanted) {
	t.Helper()
	st := srv.Emulator().State()
	want := map[string]string{}
	for _, s := range w.Services {
		for _, h := range s.Hosts {
			for _, a := range s.AccessRegionIDs {
				want[h+">"+a] = *cmpOr(s.Description, ptr("OSS cn-hangzhou"), s.Name == "oss")
			}
		}
	}
	got := map[string]string{}
	for _, en := range st.Entries {
		if en.CenID != w.CenID || en.HostRegionID != "cn-hangzhou" {
			continue
		}
		if en.Status != cenapi.StatusActive {
			t.Errorf("%s > %s is %s", en.Host, en.AccessRegionID, en.Status)
		}
		got[en.Host+">"+en.AccessRegionID] = en.Description
	}
	for k, desc := range want {
		if d, ok := got[k]; !ok {
			t.Errorf("%s is missing", k)
		} else if !strings.HasPrefix(k, "100.104.112.0/24") && d != desc {
			t.Errorf("%s has description %q, want %q", k, d, desc)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s is left over", k)
		}
	}
	if n := st.Counters[actionResolve].Rejections[codeExist]; n != 0 {
		t.Errorf("%d CloudRoute.Exist rejections", n)
	}
}

// cmpOr is s unless it is nil or the override holds.
func cmpOr(s, override *string, use bool) *string {
	if s == nil || use {
		return override
	}
	return s
}

// TestSyncMakesTheCENMatch: creates, replacements and prunes end with the
// CEN as wanted; a second check finds nothing to do. Deletes go only once
// every plain create has settled, and a replacing create only once the
// entry it replaces is gone.
func TestSyncMakesTheCENMatch(t *testing.T) {
	t.Parallel()
	opts, w := syncWorld(4, 3, 3, 5)
	srv, client := cenapitest.Serve(t, opts)
	e := New(client, Options{StateDir: t.TempDir(), PollInterval: 20 * time.Millisecond})
	o := SyncOptions{Prune: true, Replace: true}
	d, problems, err := e.CheckSync(context.Background(), client.WithRetry(e), w, o)
	if err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	if len(d.Creates) != 5 || len(d.Replaces) != 3 || len(d.Deletes) != 3 || len(d.Unchanged) != 4+3 {
		t.Fatalf("diff: %d creates, %d replaces, %d deletes, %d unchanged", len(d.Creates), len(d.Replaces), len(d.Deletes), len(d.Unchanged))
	}
	run, err := e.StartSync(context.Background(), d.Plan)
	if err != nil {
		t.Fatal(err)
	}
	evs, rep := collect(t, run)
	if rep.Kind != KindSync || len(rep.Hosts) != d.Calls() {
		t.Fatalf("report: kind %s, %d results for %d calls", rep.Kind, len(rep.Hosts), d.Calls())
	}
	for _, h := range rep.Hosts {
		if h.Status != StatusActive && h.Status != StatusDeleted {
			t.Errorf("%s %s: %s %s %s", h.Op, h.Host, h.Status, h.Code, h.Message)
		}
	}
	checkSynced(t, srv, w)
	checkOrder(t, d.Plan, evs)
	again, _, err := e.CheckSync(context.Background(), client.WithRetry(e), w, o)
	if err != nil || again.Calls() != 0 || !again.Matches() {
		t.Errorf("a second check: %d calls, %+v, %v", again.Calls(), again.Changes, err)
	}
}

// checkOrder asserts, from a run's events in the order they came, that no
// delete was sent before every plain create had settled, and no replacing
// create before the entries it replaces were gone.
func checkOrder(t *testing.T, sp SyncPlan, evs []Event) {
	t.Helper()
	settled := map[int]bool{}
	for _, ev := range evs {
		if ev.Kind.Final() {
			settled[ev.Item] = true
			continue
		}
		if ev.Kind != EventSending {
			continue
		}
		if ev.Op == OpDelete {
			for i, c := range sp.Creates {
				if len(c.Replaces) == 0 && !settled[i+1] {
					t.Errorf("delete %d (%s) sent before create %d (%s) settled", ev.Item, ev.Host, i+1, c.Host)
				}
			}
			continue
		}
		for _, j := range sp.Creates[ev.Item-1].Replaces {
			if !settled[len(sp.Creates)+j+1] {
				t.Errorf("create %d (%s) sent before the delete it waits for settled", ev.Item, ev.Host)
			}
		}
	}
}

// TestSyncKillAndResume: like kill -9 in the middle of a sync through the
// fault mix: the run is aborted at a random point with calls in flight,
// the journal's last line torn; a resume of the same run ends with the CEN
// as wanted, nothing created twice, and a check after it finds nothing to
// do.
func TestSyncKillAndResume(t *testing.T) {
	t.Parallel()
	opts, w := syncWorld(10, 10, 15, 25)
	fm := faultMix(100 * time.Millisecond)
	opts.QPS, opts.Latency, opts.FaultRate, opts.ActivateAfter, opts.DeleteAfter = fm.QPS, fm.Latency, fm.FaultRate, fm.ActivateAfter, fm.ActivateAfter
	srv, client := cenapitest.Serve(t, opts)
	dir := t.TempDir()
	e := New(client, Options{StateDir: dir})
	o := SyncOptions{Prune: true, Replace: true}
	d, problems, err := e.CheckSync(context.Background(), client.WithRetry(e), w, o)
	if err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	run, err := e.StartSync(context.Background(), d.Plan)
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	after := 1 + rand.New(rand.NewPCG(seed, 2)).IntN(d.Calls()-5)
	t.Logf("seed %d: killing after %d acceptances of %d calls", seed, after, d.Calls())
	accepted := 0
	for ev := range run.Events() {
		if ev.Kind == EventAccepted || ev.Kind == EventDeleting {
			if accepted++; accepted == after {
				run.Abort()
			}
		}
	}
	if rep := run.Wait(); !rep.Stopped {
		t.Fatalf("the run was not stopped: %+v", rep)
	}
	f, err := os.OpenFile(filepath.Join(dir, run.ID()+journalExt), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"type":"host","item":3,"sta`); err != nil {
		t.Fatal(err)
	}
	f.Close()
	runs, err := e.Unfinished()
	if err != nil || len(runs) != 1 || runs[0].Kind != KindSync || runs[0].Total != d.Calls() || runs[0].Sync == nil {
		t.Fatalf("Unfinished = %+v, %v", runs, err)
	}
	resumed, err := e.Resume(context.Background(), run.ID())
	if err != nil {
		t.Fatal(err)
	}
	evs, rep := collect(t, resumed)
	if rep.Stopped || rep.Failed() > 0 {
		t.Errorf("resumed: stopped %v, %d failed", rep.Stopped, rep.Failed())
	}
	finals := map[int]int{}
	for _, ev := range evs {
		if ev.Kind.Final() {
			finals[ev.Item]++
		}
	}
	if len(finals) != d.Calls() {
		t.Errorf("%d items reported at the end, want %d", len(finals), d.Calls())
	}
	checkSynced(t, srv, w)
	again, _, err := e.CheckSync(context.Background(), client.WithRetry(e), w, o)
	if err != nil || again.Calls() != 0 {
		t.Errorf("a check after the resume: %d calls, %v", again.Calls(), err)
	}
}

// TestSyncReplaceNotSentWhenTheOldEntryStays: a replacing create whose
// delete fails is not sent, and says why.
func TestSyncReplaceNotSentWhenTheOldEntryStays(t *testing.T) {
	t.Parallel()
	f := &fake{status: cenapi.StatusActive}
	f.entries = []cenapi.RouteService{entry("cn-hangzhou", "100.118.28.0/24", "vpc-old", "cn-hangzhou", "a")}
	api := &refusingDeletes{fake: f}
	e := New(api, Options{StateDir: t.TempDir(), MaxAttempts: 1, PollInterval: time.Millisecond})
	w := Wanted{CenID: emulator.DemoCenID, Services: []Service{{HostRegionID: "cn-hangzhou", HostVpcID: "vpc-new",
		AccessRegionIDs: []string{"cn-hangzhou"}, Hosts: []string{"100.118.28.0/24"}}}}
	d := DiffSync(w, f.entries, SyncOptions{Replace: true})
	run, err := e.StartSync(context.Background(), d.Plan)
	if err != nil {
		t.Fatal(err)
	}
	_, rep := collect(t, run)
	sort.Slice(rep.Hosts, func(i, j int) bool { return rep.Hosts[i].Op < rep.Hosts[j].Op })
	if len(rep.Hosts) != 2 || rep.Hosts[0].Op != OpCreate || rep.Hosts[0].Code != CodeNotReplaced ||
		!strings.Contains(rep.Hosts[0].Message, "not sent: the entry it replaces into cn-hangzhou was not deleted (failed") ||
		rep.Hosts[1].Status != StatusFailed {
		t.Errorf("report %+v", rep.Hosts)
	}
	if len(f.resolve) != 0 {
		t.Errorf("%d Resolve calls", len(f.resolve))
	}
}

// refusingDeletes is the fake, refusing every delete for good, for a
// reason of the entry's own (a refusal of the credentials would stop the
// whole run instead; see Halt).
type refusingDeletes struct{ *fake }

func (r *refusingDeletes) DeleteRouteService(context.Context, cenapi.DeleteRequest) (string, error) {
	return "", &cenapi.Error{Op: "DeleteRouteServiceInCen", Code: "IncorrectStatus.RouteService", Message: "not allowed", HTTPStatus: 400}
}
