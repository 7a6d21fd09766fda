package engine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
)

const (
	actionResolve  = "ResolveAndRouteServiceInCen"
	actionDescribe = "DescribeRouteServicesInCen"
	actionDelete   = "DeleteRouteServiceInCen"
	codeThrottled  = "Throttling.User" // the emulator's flow-control code
)

// faultMix is the benchmark setting: 50 calls per second per
// action, 20 ms latency, one admitted call in five meets a transient fault
// (503, 500, Operation.Blocking, a connection dropped before or after the
// work, a reply held past the client's deadline).
func faultMix(activateAfter time.Duration) emulator.Options {
	return emulator.Options{QPS: 50, Latency: 20 * time.Millisecond, FaultRate: 0.2,
		ActivateAfter: activateAfter, Seed: 7}
}

// demoPlan routes n hosts through the demo CEN's ready VPC in cn-hangzhou.
func demoPlan(n int) Plan {
	p := Plan{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		AccessRegionIDs: []string{"cn-hangzhou"}}
	for i := range n {
		p.Hosts = append(p.Hosts, fmt.Sprintf("100.%d.%d.0/24", 100+i/256, i%256))
	}
	return p
}

// entriesOf returns the emulator's entries for the plan's hosts, by host.
func entriesOf(st emulator.State, p Plan) map[string][]emulator.Entry {
	want := map[string]bool{}
	for _, h := range p.Hosts {
		want[h] = true
	}
	out := map[string][]emulator.Entry{}
	for _, en := range st.Entries {
		if want[en.Host] {
			out[en.Host] = append(out[en.Host], en)
		}
	}
	return out
}

// checkApplied asserts that every host of p has exactly one entry, Active,
// and that the emulator created each once and never answered Exist.
func checkApplied(t *testing.T, srv *emulator.Server, p Plan) {
	t.Helper()
	checkAppliedOn(t, srv.Emulator(), p)
}

// checkAppliedOn is checkApplied for an emulator served some other way.
func checkAppliedOn(t *testing.T, emu *emulator.Emulator, p Plan) {
	t.Helper()
	st := emu.State()
	byHost := entriesOf(st, p)
	for _, h := range p.Hosts {
		if es := byHost[h]; len(es) != 1 || es[0].Status != cenapi.StatusActive {
			t.Errorf("%s: entries %+v, want one Active", h, es)
		}
	}
	c := st.Counters[actionResolve]
	if c.Created != len(p.Hosts) {
		t.Errorf("emulator created %d entries, want %d", c.Created, len(p.Hosts))
	}
	if n := c.Rejections[codeExist]; n != 0 {
		t.Errorf("%d CloudRoute.Exist rejections: a retry created or re-sent a duplicate", n)
	}
}

// checkReportedOnce asserts one result and one final event per host.
func checkReportedOnce(t *testing.T, p Plan, evs []Event, rep Report, want string) {
	t.Helper()
	if len(rep.Hosts) != len(p.Hosts) {
		t.Fatalf("report has %d hosts, want %d", len(rep.Hosts), len(p.Hosts))
	}
	finals := map[string]int{}
	for _, ev := range evs {
		if ev.Kind.Final() {
			finals[ev.Host]++
		}
	}
	for i, h := range rep.Hosts {
		if h.Host != p.Hosts[i] || h.Status != want {
			t.Errorf("result %d = %+v, want %s %s", i, h, p.Hosts[i], want)
		}
		if finals[h.Host] != 1 {
			t.Errorf("%s reported %d times", h.Host, finals[h.Host])
		}
	}
}

// TestFaultMix: 200 hosts through the benchmark's fault mix all end
// Active, each created once and reported once.
func TestFaultMix(t *testing.T) {
	t.Parallel()
	srv, client := cenapitest.Serve(t, faultMix(200*time.Millisecond))
	p := demoPlan(200)
	run, err := New(client, Options{StateDir: t.TempDir()}).Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	evs, rep := collect(t, run)
	checkReportedOnce(t, p, evs, rep, StatusActive)
	checkApplied(t, srv, p)
	faults := 0
	for _, n := range srv.Emulator().State().Counters[actionResolve].Faults {
		faults += n
	}
	if faults == 0 {
		t.Error("no fault was injected: the test proves nothing")
	}
}

// journalAttempts counts a journal's attempt records, in all and those
// cancelled by an abort.
func journalAttempts(t *testing.T, dir, runID string) (all, cancelled int) {
	t.Helper()
	for _, rec := range readRecords(t, dir, runID) {
		if rec.Type == recAttempt {
			all++
			if rec.Outcome == "canceled" {
				cancelled++
			}
		}
	}
	return all, cancelled
}

func readRecords(t *testing.T, dir, runID string) []record {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, runID+journalExt))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("journal line %q: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	return recs
}

// interrupted is a run of 60 hosts, through faults, that was interrupted.
type interrupted struct {
	srv *emulator.Server
	e   *Engine
	dir string // the state directory
	p   Plan
	run *Run
}

// interrupt starts a run of 60 hosts against an emulator with the fault mix
// and interrupts it (Stop, or Abort when abort is set) after a random
// number of accepted hosts.
func interrupt(t *testing.T, abort bool, seed uint64) interrupted {
	t.Helper()
	srv, client := cenapitest.Serve(t, faultMix(100*time.Millisecond))
	dir := t.TempDir()
	in := interrupted{srv: srv, e: New(client, Options{StateDir: dir}), dir: dir, p: demoPlan(60)}
	run, err := in.e.Start(context.Background(), in.p)
	if err != nil {
		t.Fatal(err)
	}
	after := 1 + rand.New(rand.NewPCG(seed, 1)).IntN(len(in.p.Hosts)-10)
	t.Logf("seed %d: interrupting after %d accepted hosts (abort %v)", seed, after, abort)
	accepted := 0
	for ev := range run.Events() {
		if ev.Kind == EventAccepted {
			if accepted++; accepted == after {
				if abort {
					run.Abort()
				} else {
					run.Stop()
				}
			}
		}
	}
	if rep := run.Wait(); !rep.Stopped {
		t.Fatalf("the run was not stopped: %+v", rep)
	}
	in.run = run
	return in
}

// resumeToTheEnd resumes the run and checks that it ends as if it had
// never been interrupted: every host reported once, Active, created once,
// no Exist.
func (in interrupted) resumeToTheEnd(t *testing.T) {
	t.Helper()
	resumeToTheEnd(t, in.e, in.srv.Emulator(), in.run.ID(), in.p)
}

// resumeToTheEnd resumes run runID of plan p with e and checks that it
// ends as if it had never stopped: every host reported once, Active,
// created once on emu, no Exist.
func resumeToTheEnd(t *testing.T, e *Engine, emu *emulator.Emulator, runID string, p Plan) {
	t.Helper()
	resumed, err := e.Resume(context.Background(), runID)
	if err != nil {
		t.Fatal(err)
	}
	evs, rep := collect(t, resumed)
	checkReportedOnce(t, p, finalEvents(evs), rep, StatusActive)
	checkAppliedOn(t, emu, p)
}

// TestStopAndResume: a run stopped at a random point and resumed ends as
// if it had never stopped: every host Active, created once, no Exist; and
// the journal has a record for every request the emulator received.
func TestStopAndResume(t *testing.T) {
	t.Parallel()
	in := interrupt(t, false, uint64(time.Now().UnixNano()))
	sent := in.srv.Emulator().State().Counters[actionResolve].Requests
	if all, _ := journalAttempts(t, in.dir, in.run.ID()); all != sent {
		t.Errorf("journal has %d attempts, the emulator received %d Resolve calls", all, sent)
	}
	in.resumeToTheEnd(t)
	sent = in.srv.Emulator().State().Counters[actionResolve].Requests
	if all, _ := journalAttempts(t, in.dir, in.run.ID()); all != sent {
		t.Errorf("after resume: journal has %d attempts, the emulator received %d Resolve calls", all, sent)
	}
}

// finalEvents keeps the last final event of each host: a resume restates
// the outcome of hosts settled before the stop.
func finalEvents(evs []Event) []Event {
	var out []Event
	for _, ev := range evs {
		if ev.Kind.Final() {
			out = slices.DeleteFunc(out, func(o Event) bool { return o.Host == ev.Host })
			out = append(out, ev)
		}
	}
	return out
}

// TestKillAndResume: like kill -9: the run is aborted with calls in
// flight and the journal's last line is torn; a resume still ends with
// every host created once.
func TestKillAndResume(t *testing.T) {
	t.Parallel()
	in := interrupt(t, true, uint64(time.Now().UnixNano())+1)
	all, cancelled := journalAttempts(t, in.dir, in.run.ID())
	sent := in.srv.Emulator().State().Counters[actionResolve].Requests
	// A cancelled call may or may not have reached the emulator.
	if sent < all-cancelled || sent > all {
		t.Errorf("journal has %d attempts (%d cancelled), the emulator received %d", all, cancelled, sent)
	}
	path := filepath.Join(in.dir, in.run.ID()+journalExt)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"type":"host","time":"2025-01-02T03:04:05Z","host":"100.100.0.0/24","sta`); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if runs, err := in.e.Unfinished(); err != nil || len(runs) != 1 || runs[0].ID != in.run.ID() {
		t.Fatalf("Unfinished with a torn journal = %+v, %v", runs, err)
	}
	in.resumeToTheEnd(t)
	readRecords(t, in.dir, in.run.ID()) // every line of the repaired journal parses
}

// TestResumeFromTheJournalAKillLeaves: the journal is written as the run
// goes, not at its end: a copy taken the moment a host's acceptance is
// announced already holds that acceptance. Put back in place of the whole
// journal, as if the process had died right then (no stopped records, no
// record of the calls made afterwards), the copy still resumes to every
// host created once.
func TestResumeFromTheJournalAKillLeaves(t *testing.T) {
	t.Parallel()
	srv, client := cenapitest.Serve(t, faultMix(100*time.Millisecond))
	dir := t.TempDir()
	e := New(client, Options{StateDir: dir})
	p := demoPlan(60)
	run, err := e.Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, run.ID()+journalExt)
	after := 1 + rand.IntN(len(p.Hosts)-10)
	var snapshot []byte
	accepted := 0
	for ev := range run.Events() {
		if ev.Kind != EventAccepted {
			continue
		}
		if accepted++; accepted != after {
			continue
		}
		if snapshot, err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(bytes.Split(snapshot, []byte{'\n'}), func(line []byte) bool {
			var r record
			return json.Unmarshal(line, &r) == nil && r.Type == recHost && r.Host == ev.Host && r.Status == EventAccepted
		}) {
			t.Errorf("the journal did not hold the acceptance of %s when it was announced", ev.Host)
		}
		run.Abort()
	}
	run.Wait()
	if err := os.WriteFile(path, snapshot, 0o600); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(snapshot), `"status":"stopped"`) {
		t.Fatal("the copy was taken after the run ended")
	}
	resumed, err := e.Resume(context.Background(), run.ID())
	if err != nil {
		t.Fatal(err)
	}
	evs, rep := collect(t, resumed)
	checkReportedOnce(t, p, finalEvents(evs), rep, StatusActive)
	checkApplied(t, srv, p)
}

// pageCounter is the client, counting the page reads that were answered.
type pageCounter struct {
	*cenapi.Client
	answered atomic.Int64
	mu       sync.Mutex
	pages    map[int]int // answered reads by page number
}

func (c *pageCounter) DescribeRouteServicesPage(ctx context.Context, f cenapi.RouteServiceFilter, page, size int) ([]cenapi.RouteService, int, error) {
	entries, total, err := c.Client.DescribeRouteServicesPage(ctx, f, page, size)
	if err == nil {
		c.answered.Add(1)
		c.mu.Lock()
		if c.pages == nil {
			c.pages = map[int]int{}
		}
		c.pages[page]++
		c.mu.Unlock()
	}
	return entries, total, err
}

// TestFailedLifecycle: entries that end Failed are reported failed with
// the engine's code, none Active, within one polling period: the
// emulator's clock jumps past their activation once every host is seen
// Creating, and from then on at most two page reads are answered (one
// that may have been on the wire already, then the sweep that sees them
// Failed) before the run ends.
func TestFailedLifecycle(t *testing.T) {
	t.Parallel()
	opts := faultMix(time.Hour)
	opts.FailRate = 1
	var offset atomic.Int64
	opts.Clock = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	_, client := cenapitest.Serve(t, opts)
	api := &pageCounter{Client: client}
	p := demoPlan(20)
	run, err := New(api, Options{StateDir: t.TempDir()}).Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var evs []Event
	creating, before := 0, int64(0)
	for ev := range run.Events() {
		evs = append(evs, ev)
		if ev.Kind == EventCreating {
			if creating++; creating == len(p.Hosts) {
				before = api.answered.Load()
				offset.Store(int64(opts.ActivateAfter))
			}
		}
	}
	rep := run.Wait()
	checkReportedOnce(t, p, evs, rep, StatusFailed)
	for _, h := range rep.Hosts {
		if h.Code != CodeEntryFailed || h.RequestID == "" {
			t.Errorf("result = %+v", h)
		}
	}
	if creating != len(p.Hosts) {
		t.Fatalf("%d hosts seen Creating, want %d", creating, len(p.Hosts))
	}
	if polls := api.answered.Load() - before; polls > 2 {
		t.Errorf("%d page reads answered after the entries failed, want at most 2: Failed must be reported by the first sweep that sees it", polls)
	}
}

// TestBigCENOnASlowFaultyLink: thousands of entries, replies slower than
// the first read deadline, one request in five meeting a fault. Listing
// them for Prepare must still succeed, retrying each page on its own:
// every page is answered exactly once, none read again from the start.
func TestBigCENOnASlowFaultyLink(t *testing.T) {
	t.Parallel()
	opts := emulator.Options{ExtraRouteServices: 2000, Latency: 300 * time.Millisecond, FaultRate: 0.2, Seed: 3}
	srv, client := cenapitest.Serve(t, opts)
	api := &pageCounter{Client: client}
	prep, err := New(api, Options{StateDir: t.TempDir()}).Prepare(context.Background(), demoPlan(1))
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if len(prep.Calls) != 1 {
		t.Errorf("prepared %+v", prep)
	}
	total := 0
	for _, en := range srv.Emulator().State().Entries {
		if en.CenID == emulator.DemoCenID && en.HostRegionID == "cn-hangzhou" {
			total++
		}
	}
	pages := (total + cenapi.MaxPageSize - 1) / cenapi.MaxPageSize
	if len(api.pages) != pages {
		t.Errorf("%d pages answered, want %d", len(api.pages), pages)
	}
	for n, answered := range api.pages {
		if answered != 1 {
			t.Errorf("page %d answered %d times, want once", n, answered)
		}
	}
	if faults := srv.Emulator().State().Counters[actionDescribe].Faults; len(faults) == 0 {
		t.Error("no fault was injected: the test proves nothing")
	}
}

// retryCounter counts the calls an engine retries for a client.
type retryCounter struct {
	e     *Engine
	calls atomic.Int64
}

func (r *retryCounter) Retry(ctx context.Context, fn func(ctx context.Context) error) error {
	r.calls.Add(1)
	return r.e.Retry(ctx, fn)
}

// TestRetryOneCallAtATime: an inventory aggregation run through the
// engine's retries on a link slower than the read deadline the engine
// starts with: each of its calls is retried on its own, and none needs a
// second attempt (one request per call) just because nothing was learned
// of the link yet.
func TestRetryOneCallAtATime(t *testing.T) {
	t.Parallel()
	srv, client := cenapitest.Serve(t, emulator.Options{Latency: 300 * time.Millisecond, Seed: 3})
	r := &retryCounter{e: New(client, Options{StateDir: t.TempDir()})}
	regions, err := client.WithRetry(r).HostRegions(context.Background(), emulator.DemoCenID)
	if err != nil || len(regions) == 0 {
		t.Fatalf("HostRegions = %v, %v", regions, err)
	}
	requests := 0
	for _, c := range srv.Emulator().State().Counters {
		requests += c.Requests
	}
	if calls := r.calls.Load(); calls < 3 || int64(requests) != calls {
		t.Errorf("%d calls retried one by one, %d requests: want one request per call", calls, requests)
	}
}

// TestPermanentErrorEndToEnd: a VPC that is not attached fails every host
// with the API's code after exactly one call each.
func TestPermanentErrorEndToEnd(t *testing.T) {
	t.Parallel()
	srv, client := cenapitest.Serve(t, emulator.Options{Latency: time.Millisecond, Seed: 1})
	p := demoPlan(5)
	p.HostVpcID = "vpc-notattached000"
	run, err := New(client, Options{StateDir: t.TempDir()}).Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	_, rep := collect(t, run)
	for _, h := range rep.Hosts {
		if h.Status != StatusFailed || h.Code != "CloudRoute.VpcNotAttached" || h.Attempts != 1 || h.RequestID == "" {
			t.Errorf("result = %+v", h)
		}
	}
	if n := srv.Emulator().State().Counters[actionResolve].Requests; n != len(p.Hosts) {
		t.Errorf("%d Resolve calls, want %d: a permanent error must not be retried", n, len(p.Hosts))
	}
}

// TestDeleteEndToEnd deletes what an apply created and waits until it is
// gone.
func TestDeleteEndToEnd(t *testing.T) {
	t.Parallel()
	srv, client := cenapitest.Serve(t, emulator.Options{Latency: time.Millisecond, ActivateAfter: 50 * time.Millisecond,
		DeleteAfter: 50 * time.Millisecond, Seed: 1})
	e := New(client, Options{StateDir: t.TempDir(), QPS: 100})
	p := demoPlan(70)
	run, err := e.Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	collect(t, run)
	listed, err := client.DescribeRouteServices(context.Background(), cenapi.RouteServiceFilter{CenID: p.CenID, HostVpcID: p.HostVpcID})
	if err != nil {
		t.Fatal(err)
	}
	var ours []cenapi.RouteService
	for _, en := range listed {
		if slices.Contains(p.Hosts, en.Host) {
			ours = append(ours, en)
		}
	}
	del, err := e.StartDelete(context.Background(), NewDeletePlan(ours))
	if err != nil {
		t.Fatal(err)
	}
	_, rep := collect(t, del)
	for _, h := range rep.Hosts {
		if h.Status != StatusDeleted {
			t.Errorf("result = %+v", h)
		}
	}
	if left := entriesOf(srv.Emulator().State(), p); len(left) != 0 {
		t.Errorf("%d hosts still have entries", len(left))
	}
	if n := srv.Emulator().State().Counters[actionDelete].Deleted; n != len(p.Hosts) {
		t.Errorf("emulator deleted %d entries, want %d", n, len(p.Hosts))
	}
}

// TestNoSecretsAnywhere runs through faults with a canary secret and looks
// for it (and the AccessKey ID) in the journal, the report, the events and
// every error text.
func TestNoSecretsAnywhere(t *testing.T) {
	t.Parallel()
	const (
		keyID  = "LTAIcanaryKeyId0001"
		secret = "CANARY-secret-5f0c1e"
	)
	opts := faultMix(50 * time.Millisecond)
	opts.AccessKeyID, opts.AccessKeySecret = keyID, secret
	_, client := cenapitest.Serve(t, opts)
	dir := t.TempDir()
	// The journal is labelled with the client's identity: masked only.
	e := New(client, Options{StateDir: dir, Identity: client.Identity})
	p := demoPlan(40)
	p.Hosts = append(p.Hosts, "10.0.0.0/24") // a permanent error, with its text
	run, err := e.Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	evs, rep := collect(t, run)
	var texts []string
	journal, err := os.ReadFile(filepath.Join(dir, run.ID()+journalExt))
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, string(journal))
	js, _ := json.Marshal(rep)
	texts = append(texts, string(js))
	for _, ev := range evs {
		texts = append(texts, fmt.Sprintf("%+v", ev))
	}
	// A client whose secret is wrong: the signature error must not echo it.
	bad, err := cenapi.New(cenapi.Config{Endpoint: strings.TrimPrefix(client.Identity().Endpoint, "http://"),
		AccessKeyID: keyID, AccessKeySecret: "CANARY-wrong-secret-77"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(bad, Options{StateDir: dir}).Start(context.Background(), demoPlan(1)); err != nil {
		texts = append(texts, err.Error())
	} else {
		t.Error("a wrong secret was accepted")
	}
	if !strings.Contains(string(journal), `"label":"`+e.Label()+`"`) || !strings.Contains(e.Label(), "LTAI") {
		t.Errorf("the journal is not labelled with the masked AccessKey %q", e.Label())
	}
	if rep.Failed() != 1 || !strings.Contains(string(journal), "ClouteRouteCidrNotAllow") {
		t.Errorf("the permanent error did not reach the journal (%d failed)", rep.Failed())
	}
	for _, s := range texts {
		for _, canary := range []string{secret, "CANARY-wrong-secret-77", keyID} {
			if strings.Contains(s, canary) {
				t.Errorf("%q found in %.200s", canary, s)
			}
		}
	}
}

// TestReportCountsThrottledCallsEndToEnd: against a limit the engine must
// find (it starts below it and overshoots), the report counts exactly the
// requests the API received for the run and those it answered
// Throttling.User, whatever the action.
func TestReportCountsThrottledCallsEndToEnd(t *testing.T) {
	t.Parallel()
	srv, client := cenapitest.Serve(t, emulator.Options{QPS: 10, Latency: 10 * time.Millisecond, Seed: 5})
	e := New(client, Options{StateDir: t.TempDir()})
	prep, err := e.Prepare(context.Background(), demoPlan(30))
	if err != nil {
		t.Fatal(err)
	}
	before := totals(srv.Emulator().State())
	run, err := e.StartPrepared(context.Background(), prep)
	if err != nil {
		t.Fatal(err)
	}
	rep := run.Wait()
	after := totals(srv.Emulator().State())
	requests, throttled := after.requests-before.requests, after.throttled-before.throttled
	if throttled == 0 {
		t.Fatal("the API throttled nothing: the test proves nothing")
	}
	if rep.Failed() != 0 || rep.Calls != requests || rep.ThrottledCalls != throttled {
		t.Errorf("report: %d failed, %d calls, %d throttled; the API received %d requests and throttled %d",
			rep.Failed(), rep.Calls, rep.ThrottledCalls, requests, throttled)
	}
}

type counts struct{ requests, throttled int }

// totals adds up the requests and throttling replies of every action.
func totals(st emulator.State) counts {
	var c counts
	for _, a := range st.Counters {
		c.requests += a.Requests
		c.throttled += a.Rejections[codeThrottled]
	}
	return c
}
