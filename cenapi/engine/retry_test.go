package engine

import (
	"testing"
	"time"
)

// A write's backoff is kept while items still wait to be sent, and capped
// in the run's tail, where only the operator waits for it.
func TestTailDelay(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		d       time.Duration
		waiting int64
		want    time.Duration
	}{
		{800 * time.Millisecond, 3, 800 * time.Millisecond},
		{800 * time.Millisecond, 0, tailBackoffCap},
		{10 * time.Millisecond, 0, 10 * time.Millisecond},
		{0, 0, 0},
	} {
		if got := tailDelay(c.d, c.waiting); got != c.want {
			t.Errorf("tailDelay(%v, %d) = %v, want %v", c.d, c.waiting, got, c.want)
		}
	}
}
