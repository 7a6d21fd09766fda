package engine

import (
	"testing"
	"time"
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
