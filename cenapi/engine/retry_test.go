package engine

import (
	"context"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
)

// A write's backoff is kept while the items waiting to be sent take
// longer, shortened to their drain time nearer the end, and capped in the
// run's tail, where only the operator waits for it.
func TestTailDelay(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		d, drain, want time.Duration
	}{
		{800 * time.Millisecond, 3 * time.Second, 800 * time.Millisecond},
		{800 * time.Millisecond, 300 * time.Millisecond, 300 * time.Millisecond},
		{800 * time.Millisecond, 0, tailBackoffCap},
		{10 * time.Millisecond, 0, 10 * time.Millisecond},
		{0, 0, 0},
	} {
		if got := tailDelay(c.d, c.drain); got != c.want {
			t.Errorf("tailDelay(%v, %v) = %v, want %v", c.d, c.drain, got, c.want)
		}
	}
}

// A write's deadline keeps its floor while the waiting items take longer
// to be sent, follows their drain time nearer the end, and has the lower
// floor in the run's tail.
func TestWriteFloor(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ drain, want time.Duration }{
		{3 * time.Second, minCallTimeout},
		{600 * time.Millisecond, 600 * time.Millisecond},
		{100 * time.Millisecond, minTailCallTimeout},
		{0, minTailCallTimeout},
	} {
		if got := writeFloor(c.drain); got != c.want {
			t.Errorf("writeFloor(%v) = %v, want %v", c.drain, got, c.want)
		}
	}
}

// TestTailWriteDeadline: once every host has been sent, a write sent again
// gets the tail's floor for its deadline, not the second a write gets
// while others wait: the run hands writeFloor what is left to send.
func TestTailWriteDeadline(t *testing.T) {
	t.Parallel()
	var deadline time.Duration
	api := &fake{status: cenapi.StatusActive, onResolve: func(ctx context.Context, n int, _ cenapi.ResolveRequest) (bool, error) {
		if n == 1 {
			return false, transient("ServiceUnavailable") // answered at once: the API's round trip is known
		}
		if d, ok := ctx.Deadline(); ok {
			deadline = time.Until(d)
		}
		return true, nil
	}}
	opts := testOptions(t)
	opts.MaxAttempts = 3
	if _, rep := apply(t, api, opts, "100.118.28.0/24"); rep.Hosts[0].Status != StatusActive {
		t.Fatalf("result = %+v", rep.Hosts[0])
	}
	if deadline <= 0 || deadline > minTailCallTimeout {
		t.Errorf("the retry's deadline was %v away, want at most the tail's floor %v", deadline, minTailCallTimeout)
	}
}

// A read that met a transient failure waits at most the caller's ceiling
// (a follower's page: the poll interval).
func TestAfterReadCeiling(t *testing.T) {
	t.Parallel()
	var tr tries
	for range 10 {
		if d, again := tr.afterRead(outcome{kind: outcomeTransient}, 5*time.Millisecond); !again || d >= 5*time.Millisecond {
			t.Fatalf("transient: %v, %v; want a retry within 5 ms", d, again)
		}
	}
}
