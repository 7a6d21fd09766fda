//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package engine

import (
	"context"
	"errors"
	"os"
	"strconv"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
)

// TestLiveRunCannotBeResumedElsewhere: while a run is live, another engine
// on the same state directory (another cenroute process, or another SSH
// session of this one) cannot resume it and lists it as busy; once the run
// has ended, it can resume it, and then the first engine cannot.
func TestLiveRunCannotBeResumedElsewhere(t *testing.T) {
	t.Parallel()
	entered, proceed := make(chan int), make(chan struct{})
	api := &fake{status: cenapi.StatusActive}
	api.onResolve = func(_ context.Context, n int, _ cenapi.ResolveRequest) (bool, error) {
		entered <- n // the run is live, this call in flight
		<-proceed
		return true, nil
	}
	opts := testOptions(t)
	opts.Concurrency = 1
	first, second := New(api, opts), New(api, opts)

	run, err := first.Start(context.Background(), testPlan(hostN(1), hostN(2)))
	if err != nil {
		t.Fatal(err)
	}
	<-entered
	checkRefused(t, second, run.ID())
	run.Stop() // the call in flight finishes; hostN(2) is left for a resume
	proceed <- struct{}{}
	if rep := run.Wait(); !rep.Stopped {
		t.Fatalf("the run was not stopped: %+v", rep)
	}
	if runs, err := second.Unfinished(); err != nil || len(runs) != 1 || runs[0].Busy {
		t.Fatalf("Unfinished after the run ended = %+v, %v; want it resumable, not busy", runs, err)
	}

	resumed, err := second.Resume(context.Background(), run.ID())
	if err != nil {
		t.Fatalf("Resume after the run ended: %v", err)
	}
	<-entered
	checkRefused(t, first, run.ID())
	proceed <- struct{}{}
	if got := statuses(resumed.Wait()); got[hostN(1)] != StatusActive || got[hostN(2)] != StatusActive {
		t.Errorf("after the resume: %v", got)
	}
	if n := len(api.resolveCalls()); n != 2 {
		t.Errorf("%d calls, want 2: a refused resume sends nothing", n)
	}
}

// checkRefused checks that e refuses to resume the live run id, naming
// this process, and lists the run as busy.
func checkRefused(t *testing.T, e *Engine, id string) {
	t.Helper()
	r, err := e.Resume(context.Background(), id)
	var busy *busyError
	if !errors.As(err, &busy) || busy.RunID != id || busy.PID != os.Getpid() {
		if r != nil {
			r.Abort()
		}
		t.Fatalf("Resume of a live run = %v, want a *BusyError naming pid %d", err, os.Getpid())
	}
	want := "run " + id + " is being run by another session of this cenroute process (pid " + strconv.Itoa(os.Getpid()) + "); wait for it or stop it"
	if err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	runs, err := e.Unfinished()
	if err != nil || len(runs) != 1 || runs[0].ID != id || !runs[0].Busy {
		t.Errorf("Unfinished while the run is live = %+v, %v; want it busy", runs, err)
	}
}

// A refusal names the other process, or none when the run's journal is
// older than journals naming their process.
func TestBusyErrorWords(t *testing.T) {
	t.Parallel()
	other := os.Getpid() + 1
	cases := []struct {
		err  busyError
		want string
	}{
		{busyError{RunID: "r", PID: other}, "run r is being run by another cenroute process (pid " + strconv.Itoa(other) + "); wait for it or stop it"},
		{busyError{RunID: "r"}, "run r is being run by another cenroute process; wait for it or stop it"},
	}
	for _, c := range cases {
		if got := c.err.Error(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.err, got, c.want)
		}
	}
}
