package engine

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/fact/facttest"
	"github.com/cenroute/cenroute/cenapi/hostlist"
)

// fake is an in-memory API whose calls tests can script. Entries are kept
// in creation order, like the real listing.
type fake struct {
	mu      sync.Mutex
	entries []cenapi.RouteService
	resolve []cenapi.ResolveRequest // every Resolve received
	deletes []cenapi.DeleteRequest  // every Delete received
	pages   int                     // DescribeRouteServicesPage calls after the first listed ones
	paged   []pageCall              // every page read
	// listed is how many page reads come before the run follows anything
	// (the engine's listing of what exists: one page in these tests). They
	// are not counted in pages, and onPage does not see them.
	listed int

	// onResolve, if set, decides the fate of Resolve number n (1-based):
	// apply says whether the entries are created; a non-nil err is
	// returned instead of success.
	onResolve func(ctx context.Context, n int, r cenapi.ResolveRequest) (apply bool, err error)
	// onPage, if set, runs at the start of every page read counted in
	// pages (n is its number), with the fake locked: it may change entries.
	onPage func(f *fake, n int)
	// pageErr, if set, decides the fate of every page read before anything
	// else, without the fake locked: a non-nil error is returned instead of
	// the page. n counts all page reads (1-based).
	pageErr func(ctx context.Context, flt cenapi.RouteServiceFilter, n int) error
	// status is the status of new entries ("" = Creating).
	status string
	// canonical stores hosts the way hostlist.Canonical spells them, as the
	// API might: 100.118.28.5 is listed as 100.118.28.5/32.
	canonical bool
}

func (f *fake) ResolveAndRouteService(ctx context.Context, r cenapi.ResolveRequest) (string, error) {
	f.mu.Lock()
	f.resolve = append(f.resolve, r)
	n := len(f.resolve)
	hook := f.onResolve
	f.mu.Unlock()
	apply, err := true, error(nil)
	if hook != nil {
		apply, err = hook(ctx, n, r)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if apply {
		for _, a := range r.AccessRegionIDs {
			if f.find(r.HostRegionID, r.Host, a) >= 0 {
				return "", &cenapi.Error{Op: "ResolveAndRouteServiceInCen", Code: codeExist,
					Message: "The Specified Cloud Route already Exists", HTTPStatus: http.StatusBadRequest}
			}
		}
		status := f.status
		if status == "" {
			status = cenapi.StatusCreating
		}
		host := r.Host
		if f.canonical {
			host = hostlist.Canonical(host)
		}
		for _, a := range r.AccessRegionIDs {
			f.entries = append(f.entries, cenapi.RouteService{CenID: r.CenID, HostRegionID: r.HostRegionID,
				Host: host, HostVpcID: r.HostVpcID, AccessRegionID: a, Status: status, Description: r.Description})
		}
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("REQ-%d", n), nil
}

func (f *fake) find(hostRegion, host, access string) int {
	return slices.IndexFunc(f.entries, func(e cenapi.RouteService) bool {
		return e.HostRegionID == hostRegion && hostlist.Canonical(e.Host) == hostlist.Canonical(host) && e.AccessRegionID == access
	})
}

func (f *fake) match(flt cenapi.RouteServiceFilter) []cenapi.RouteService {
	var out []cenapi.RouteService
	for _, e := range f.entries {
		if e.CenID == flt.CenID && (flt.HostRegionID == "" || flt.HostRegionID == e.HostRegionID) &&
			(flt.Host == "" || flt.Host == e.Host) && (flt.HostVpcID == "" || flt.HostVpcID == e.HostVpcID) &&
			(flt.AccessRegionID == "" || flt.AccessRegionID == e.AccessRegionID) {
			out = append(out, e)
		}
	}
	return out
}

type pageCall struct {
	filter     cenapi.RouteServiceFilter
	page, size int
}

func (f *fake) DescribeRouteServicesPage(ctx context.Context, flt cenapi.RouteServiceFilter, page, size int) ([]cenapi.RouteService, int, error) {
	f.mu.Lock()
	f.paged = append(f.paged, pageCall{flt, page, size})
	n, hook := len(f.paged), f.pageErr
	f.mu.Unlock()
	if hook != nil {
		if err := hook(ctx, flt, n); err != nil {
			return nil, 0, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if n > f.listed {
		f.pages++
		if f.onPage != nil {
			f.onPage(f, f.pages)
		}
	}
	all := f.match(flt)
	lo, hi := min((page-1)*size, len(all)), min(page*size, len(all))
	return slices.Clone(all[lo:hi]), len(all), nil
}

// activateSeen returns a page hook that makes Active the entries of the
// hosts the run has journaled as creating, so that the run sees each entry
// Creating exactly once before it is Active.
func activateSeen(t *testing.T, dir string) func(*fake, int) {
	return func(f *fake, _ int) {
		creating := map[string]bool{}
		paths, _ := filepath.Glob(filepath.Join(dir, "*"+journalExt))
		for _, path := range paths {
			recs, _, err := readJournal(path)
			if err != nil {
				t.Error(err)
			}
			for _, r := range recs {
				if r.Status == EventCreating {
					creating[r.Host] = true
				}
			}
		}
		for i, e := range f.entries {
			if creating[e.Host] {
				f.entries[i].Status = cenapi.StatusActive
			}
		}
	}
}

func (f *fake) DeleteRouteService(ctx context.Context, d cenapi.DeleteRequest) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deletes = append(f.deletes, d)
	if i := f.find(d.HostRegionID, d.Host, d.AccessRegionID); i >= 0 {
		f.entries[i].Status = cenapi.StatusDeleting
	}
	return fmt.Sprintf("DEL-%d", len(f.deletes)), nil
}

// setAll gives every entry a status.
func (f *fake) setAll(status string) {
	for i := range f.entries {
		f.entries[i].Status = status
	}
}

// removeDeleting drops the entries being deleted at each page read.
func removeDeleting(f *fake, _ int) {
	f.entries = slices.DeleteFunc(f.entries, func(e cenapi.RouteService) bool { return e.Status == cenapi.StatusDeleting })
}

func (f *fake) resolveCalls() []cenapi.ResolveRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.resolve)
}

// testOptions are fast options for the fake: no pacing to speak of, tiny
// poll interval, journals in a test directory.
func testOptions(t *testing.T) Options {
	return Options{QPS: 1000, PollInterval: 1, StateDir: t.TempDir()}
}

const (
	testCen    = "cen-test"
	testRegion = "cn-hangzhou"
	testVpc    = "vpc-test"
)

func testPlan(hosts ...string) Plan {
	return Plan{CenID: testCen, HostRegionID: testRegion, HostVpcID: testVpc,
		AccessRegionIDs: []string{testRegion}, Hosts: hosts}
}

// apply runs a plan of hosts against api with opts to its end and returns
// its events and report.
func apply(t *testing.T, api API, opts Options, hosts ...string) ([]Event, Report) {
	t.Helper()
	run, err := New(api, opts).Start(context.Background(), testPlan(hosts...))
	if err != nil {
		t.Fatal(err)
	}
	return collect(t, run)
}

// collect drains a run's events and returns them with the report. The
// fact of each event and result must say its text, as the catalogue does.
func collect(t *testing.T, r *Run) ([]Event, Report) {
	t.Helper()
	var evs []Event
	for ev := range r.Events() {
		evs = append(evs, ev)
		saysItself(t, ev.Said, ev.Message+ev.Reason)
	}
	rep := r.Wait()
	for _, h := range rep.Hosts {
		saysItself(t, h.Said, h.Message)
	}
	return evs, rep
}

// saysItself checks that said, when there is one, is text, in English as
// in the catalogue.
func saysItself(t *testing.T, said fact.Fact, text string) {
	t.Helper()
	if said.IsZero() {
		return
	}
	if said.String() != text {
		t.Errorf("the fact %q is not the text %q", said, text)
	}
	facttest.Check(t, said)
}

// kinds lists the kinds of one host's events.
func kinds(evs []Event, host string) []EventKind {
	var out []EventKind
	for _, ev := range evs {
		if ev.Host == host {
			out = append(out, ev.Kind)
		}
	}
	return out
}

func statuses(rep Report) map[string]string {
	out := map[string]string{}
	for _, h := range rep.Hosts {
		out[h.Host] = h.Status
	}
	return out
}

func transient(code string) error {
	return &cenapi.Error{Op: "ResolveAndRouteServiceInCen", Code: code, Message: "try later", HTTPStatus: 503,
		Transient: true, RequestID: "RID-" + code}
}

func timeoutErr() error {
	return &cenapi.Error{Op: "ResolveAndRouteServiceInCen", Code: cenapi.CodeTimeout, Message: "no reply before the deadline",
		Transient: true, Ambiguous: true}
}

// loseFirstAnswer is a Resolve hook: the first call is carried out but its
// answer is lost (a timeout), so that the retry meets CloudRoute.Exist, as
// it would once the API forgot the token.
func loseFirstAnswer(_ context.Context, n int, _ cenapi.ResolveRequest) (bool, error) {
	if n == 1 {
		return true, timeoutErr()
	}
	return true, nil
}

// routedBySomeoneElse returns a Resolve hook that has someone else route
// the host, through vpc ("" = the call's own VPC), just before call n of
// ours arrives.
func routedBySomeoneElse(f *fake, n int, vpc string) func(context.Context, int, cenapi.ResolveRequest) (bool, error) {
	return func(_ context.Context, i int, r cenapi.ResolveRequest) (bool, error) {
		if i == n {
			f.mu.Lock()
			f.entries = append(f.entries, cenapi.RouteService{CenID: r.CenID, HostRegionID: r.HostRegionID, Host: r.Host,
				HostVpcID: cmp.Or(vpc, r.HostVpcID), AccessRegionID: r.AccessRegionIDs[0], Status: cenapi.StatusActive})
			f.mu.Unlock()
		}
		return true, nil
	}
}
