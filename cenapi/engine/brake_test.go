package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
)

// calls counts a fake's requests of every kind.
func (f *fake) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.resolve) + len(f.paged) + len(f.deletes)
}

// brakedRun starts 20 hosts one at a time, not followed, and brakes the
// run while the second call is in flight; it returns once that call has
// finished, with the run held.
func brakedRun(t *testing.T, opts Options) (*fake, *Run, <-chan Event) {
	t.Helper()
	opts.Concurrency, opts.NoWait = 1, true
	inFlight, finish := make(chan struct{}), make(chan struct{})
	api := &fake{status: cenapi.StatusActive, onResolve: func(_ context.Context, n int, _ cenapi.ResolveRequest) (bool, error) {
		if n == 2 {
			close(inFlight)
			<-finish
		}
		return true, nil
	}}
	var hosts []string
	for i := range 20 {
		hosts = append(hosts, fmt.Sprintf("100.118.%d.0/24", i))
	}
	run, err := New(api, opts).Start(context.Background(), testPlan(hosts...))
	if err != nil {
		t.Fatal(err)
	}
	<-inFlight
	run.Brake()
	if run.Held() {
		t.Error("held while a call is in flight")
	}
	close(finish) // the call in flight finishes
	events := run.Events()
	for ev := range events {
		if ev.Kind == EventAccepted && ev.Host == hosts[1] {
			break
		}
	}
	if !run.Held() {
		t.Fatal("the call in flight has finished, yet the run is not held")
	}
	return api, run, events
}

// quiet is how long a held run is watched for calls. Why a pause at all:
// what is checked is that nothing happens. Unbraked, the follower polls
// every poll interval (1 ns in testOptions) and a sender sends at once.
const quiet = 50 * time.Millisecond

// TestBrakeHoldsTheSendersUntilReleased: once braked, a run sends nothing
// until it is released; the call in flight finishes; after the release
// every host is sent.
func TestBrakeHoldsTheSendersUntilReleased(t *testing.T) {
	t.Parallel()
	api, run, events := brakedRun(t, testOptions(t))
	before := api.calls()
	time.Sleep(quiet)
	if after := api.calls(); after != before {
		t.Fatalf("%d calls left while the run was held", after-before)
	}
	if n := len(api.resolveCalls()); n != 2 {
		t.Fatalf("%d Resolve calls before the release, want the 2 made before the brake", n)
	}
	run.Release()
	for range events {
	}
	rep := run.Wait()
	if rep.Stopped || rep.Failed() > 0 || len(api.resolveCalls()) != 20 {
		t.Errorf("after the release: stopped %v, failed %d, %d calls; want all 20 sent", rep.Stopped, rep.Failed(), len(api.resolveCalls()))
	}
}

// TestBrakeHoldsTheFollower: a braked run does not list its entries
// either; once released it follows them to the end.
func TestBrakeHoldsTheFollower(t *testing.T) {
	t.Parallel()
	started := make(chan *Run, 1)
	api := &fake{listed: 1} // the listing before the run, then the polls
	api.pageErr = func(_ context.Context, _ cenapi.RouteServiceFilter, n int) error {
		if n == 2 { // the first poll, in flight: brake now
			r := <-started
			r.Brake()
			started <- r
		}
		return nil
	}
	run, err := New(api, testOptions(t)).Start(context.Background(), testPlan("100.118.28.0/24"))
	if err != nil {
		t.Fatal(err)
	}
	started <- run
	events := run.Events()
	for ev := range events {
		if ev.Kind == EventCreating { // the poll in flight has returned
			break
		}
	}
	if !run.Held() {
		t.Fatal("the poll in flight has returned, yet the run is not held")
	}
	before := api.calls()
	time.Sleep(quiet)
	if after := api.calls(); after != before {
		t.Fatalf("%d calls left while the run was held", after-before)
	}
	api.mu.Lock()
	api.setAll(cenapi.StatusActive)
	api.mu.Unlock()
	run.Release()
	for range events {
	}
	if rep := run.Wait(); rep.Hosts[0].Status != StatusActive {
		t.Errorf("after the release: %+v, want active", rep.Hosts[0])
	}
}

// TestBrakedRunStopsResumable: stopping a braked run ends it at once, its
// unsent hosts stopped and its journal resumable.
func TestBrakedRunStopsResumable(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	api, run, events := brakedRun(t, opts)
	run.Stop()
	for range events {
	}
	rep := run.Wait()
	if !rep.Stopped || len(api.resolveCalls()) != 2 {
		t.Fatalf("stopped %v after %d calls, want stopped after 2", rep.Stopped, len(api.resolveCalls()))
	}
	infos, err := New(api, opts).Unfinished()
	if err != nil || len(infos) != 1 || infos[0].ID != run.ID() {
		t.Fatalf("unfinished = %+v, %v: want the stopped run", infos, err)
	}
}

// TestReadsRetryWithNotesUntilPatienceEnds: a read that keeps failing
// transiently is retried with backoff, each retry reported to the
// context's observer with its reason and count, until ReadPatience is
// spent; throttling says so.
func TestReadsRetryWithNotesUntilPatienceEnds(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.ReadPatience = time.Second // the first two backoffs take at most 0.4 s: at least three calls
	e := New(&fake{}, opts)
	var mu sync.Mutex
	var notes []cenapi.RetryNote
	ctx := cenapi.WithRetryObserver(context.Background(), func(n cenapi.RetryNote) {
		mu.Lock()
		notes = append(notes, n)
		mu.Unlock()
	})
	fails := []error{&cenapi.Error{Op: "DescribeCens", Code: "Throttling.User", HTTPStatus: 400, Transient: true}}
	calls := 0
	err := e.Retry(ctx, func(context.Context) error {
		calls++
		if calls <= len(fails) {
			return fails[calls-1]
		}
		return &cenapi.Error{Op: "DescribeCens", Code: "ServiceUnavailable", HTTPStatus: 503, Transient: true}
	})
	var ce *cenapi.Error
	if !errors.As(err, &ce) || ce.Code != "ServiceUnavailable" || calls < 3 {
		t.Fatalf("Retry = %v after %d calls, want the last ServiceUnavailable after several", err, calls)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(notes) != calls-1 {
		t.Fatalf("%d notes for %d calls: want one per retry", len(notes), calls)
	}
	if n := notes[0]; n.Op != "DescribeCens" || n.Reason != "throttled" || n.Attempt != 1 {
		t.Errorf("first note = %+v, want DescribeCens throttled (1)", n)
	}
	for i, n := range notes[1:] {
		if n.Reason != "ServiceUnavailable" || n.Attempt != i+2 || n.Delay < 0 || n.Delay >= readBackoffCap {
			t.Errorf("note %d = %+v", i+2, n)
		}
	}
	// A permanent error is not retried at all.
	calls = 0
	if err := e.Retry(ctx, func(context.Context) error {
		calls++
		return &cenapi.Error{Code: "ParameterCenInstanceId", HTTPStatus: 400}
	}); err == nil || calls != 1 {
		t.Errorf("a permanent error: %v after %d calls, want it at once", err, calls)
	}
}
