package engine

import (
	"context"
	"math"
	"sort"
	"testing"
	"time"
)

// clock is a fake clock for driving a limiter by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// bucket is the server side: a token bucket like the API gateway's (and
// the emulator's), rate qps and a burst of qps.
type bucket struct {
	rate, tokens float64
	last         time.Time
}

func (b *bucket) allow(now time.Time) bool {
	b.tokens = math.Min(b.rate, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// simulate drives a limiter with unlimited demand against a server limited
// to limit calls per second with the given latency, for d, and returns the
// times of admitted and throttled calls.
func simulate(t *testing.T, l *limiter, c *clock, limit float64, latency, d time.Duration) (admitted, throttled []time.Time) {
	t.Helper()
	srv := &bucket{rate: limit, tokens: limit, last: c.t}
	type reply struct {
		at        time.Time
		throttled bool
	}
	var replies []reply
	end := c.t.Add(d)
	for c.t.Before(end) {
		// A caller is always waiting: it asks for a slot; replies due before
		// the slot are delivered first.
		wait := l.reserve()
		sort.Slice(replies, func(i, j int) bool { return replies[i].at.Before(replies[j].at) })
		if wait > 0 {
			at := c.t.Add(wait)
			if len(replies) > 0 && replies[0].at.Before(at) {
				at = replies[0].at
			}
			c.t = at
			for len(replies) > 0 && !replies[0].at.After(c.t) {
				if replies[0].throttled {
					l.Throttled()
				} else {
					l.Admitted(latency)
				}
				replies = replies[1:]
			}
			continue
		}
		ok := srv.allow(c.t)
		if ok {
			admitted = append(admitted, c.t)
		} else {
			throttled = append(throttled, c.t)
		}
		replies = append(replies, reply{c.t.Add(latency), !ok})
	}
	return admitted, throttled
}

func between(ts []time.Time, from, to time.Time) int {
	n := 0
	for _, t := range ts {
		if !t.Before(from) && t.Before(to) {
			n++
		}
	}
	return n
}

// TestLimiterFindsAndHoldsTheLimit: from 5/s the limiter must find a 50/s
// limit within about two seconds and then keep the server busy (at least
// 95% of its limit) without being throttled most of the time.
func TestLimiterFindsAndHoldsTheLimit(t *testing.T) {
	t.Parallel()
	for _, limit := range []float64{10, 50, 200} {
		c := &clock{t: time.Unix(1_700_000_000, 0)}
		l := newLimiter(5, 0, minCallTimeout, c.now)
		start := c.t
		admitted, throttled := simulate(t, l, c, limit, 20*time.Millisecond, 30*time.Second)
		from, to := start.Add(5*time.Second), start.Add(30*time.Second)
		got := float64(between(admitted, from, to)) / to.Sub(from).Seconds()
		if got < 0.95*limit {
			t.Errorf("limit %v: admitted %.1f/s in steady state, want at least 95%%", limit, got)
		}
		refused := float64(between(throttled, from, to)) / to.Sub(from).Seconds()
		if refused > 0.25*limit {
			t.Errorf("limit %v: %.1f/s throttled in steady state: the limiter does not settle", limit, refused)
		}
		early := float64(between(admitted, start.Add(2*time.Second), start.Add(4*time.Second))) / 2
		t.Logf("limit %v: steady state %.1f/s admitted, %.1f/s throttled; seconds 2-4 %.1f/s", limit, got, refused, early)
		if limit >= 50 && early < 0.9*limit {
			t.Errorf("limit %v: only %.1f/s admitted in seconds 2-4: slow start is too slow", limit, early)
		}
	}
}

func TestLimiterCeiling(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	l := newLimiter(5, 20, minCallTimeout, c.now)
	admitted, _ := simulate(t, l, c, 1000, 10*time.Millisecond, 10*time.Second)
	if r := l.Rate(); r > 20 {
		t.Errorf("rate %v above the ceiling 20", r)
	}
	if n := between(admitted, c.t.Add(-5*time.Second), c.t); n > 5*20+1 {
		t.Errorf("%d calls in 5 s with a ceiling of 20/s", n)
	}
}

// TestLimiterCeilingBelowMinRate: a ceiling under the crawling rate
// minRate still holds, from the start and after throttling.
func TestLimiterCeilingBelowMinRate(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	l := newLimiter(5, minRate/2, minCallTimeout, c.now)
	if r := l.Rate(); r > minRate/2 {
		t.Errorf("starting rate %v above the ceiling %v", r, minRate/2)
	}
	c.t = c.t.Add(time.Minute)
	l.Throttled()
	if r := l.Rate(); r > minRate/2 {
		t.Errorf("rate after throttling %v above the ceiling %v", r, minRate/2)
	}
}

// TestLimiterGrowsOnlyWhenUsed: a rate nobody uses must not grow, or the
// first burst of work after an idle spell would flood the API.
func TestLimiterGrowsOnlyWhenUsed(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	l := newLimiter(5, 0, minCallTimeout, c.now)
	for range 20 {
		c.t = c.t.Add(time.Second)
		if err := l.Wait(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		l.Admitted(10 * time.Millisecond)
	}
	if r := l.Rate(); r > 10 {
		t.Errorf("rate grew to %v with one call a second", r)
	}
}

// TestLimiterDecreasesOncePerWindow: a burst of throttling replies to calls
// sent at the old rate must cost one decrease, not one each.
func TestLimiterDecreasesOncePerWindow(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	l := newLimiter(100, 0, minCallTimeout, c.now)
	l.slowStart = false
	c.t = c.t.Add(time.Second)
	for range 10 {
		l.Throttled()
	}
	if r := l.Rate(); r < 100*backoffFactor*0.999 {
		t.Errorf("rate %v after one window of throttling, want %v", r, 100*backoffFactor)
	}
	c.t = c.t.Add(minDecreaseGap)
	l.Throttled()
	if r := l.Rate(); r > 100*backoffFactor*backoffFactor*1.001 {
		t.Errorf("rate %v after a second window, want %v", r, 100*backoffFactor*backoffFactor)
	}
}

func TestCallTimeout(t *testing.T) {
	t.Parallel()
	r := rtoEstimator{floor: minCallTimeout}
	if got := r.timeout(0); got != minCallTimeout {
		t.Errorf("timeout with no sample = %v", got)
	}
	for range 20 {
		r.observe(20 * time.Millisecond)
	}
	if got := r.timeout(0); got != minCallTimeout {
		t.Errorf("timeout at 20 ms = %v, want the floor %v", got, minCallTimeout)
	}
	for range 50 {
		r.observe(800 * time.Millisecond)
	}
	if got := r.timeout(0); got < 800*time.Millisecond || got > 2*time.Second {
		t.Errorf("timeout at 800 ms = %v", got)
	}
	if got := r.timeout(1); got != 2*r.timeout(0) {
		t.Errorf("timeout after one timeout = %v, want double", got)
	}
	if got := r.timeout(10); got != maxCallTimeout {
		t.Errorf("timeout after many timeouts = %v, want the cap %v", got, maxCallTimeout)
	}
}

// TestCallTimeoutDoublesOnlyWhenSilent: a call that timed out gets a
// longer deadline only if nothing else is being answered.
func TestCallTimeoutDoublesOnlyWhenSilent(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	l := newLimiter(5, 0, minCallTimeout, c.now)
	if got := l.CallTimeout(2); got != 4*minCallTimeout {
		t.Errorf("silent API, two timeouts: %v, want %v", got, 4*minCallTimeout)
	}
	l.Admitted(20 * time.Millisecond)
	c.t = c.t.Add(measureWindow / 2)
	if got := l.CallTimeout(2); got != minCallTimeout {
		t.Errorf("API answering others, two timeouts: %v, want %v", got, minCallTimeout)
	}
	c.t = c.t.Add(measureWindow)
	if got := l.CallTimeout(1); got != 2*minCallTimeout {
		t.Errorf("API silent again, one timeout: %v, want %v", got, 2*minCallTimeout)
	}
}

func TestWaitHonoursStopAndContext(t *testing.T) {
	t.Parallel()
	l := newLimiter(0.2, 0, minCallTimeout, time.Now)
	if err := l.Wait(context.Background(), nil); err != nil { // the first slot is free
		t.Fatal(err)
	}
	stop := make(chan struct{})
	close(stop)
	if err := l.Wait(context.Background(), stop); err != errStopped {
		t.Errorf("Wait after stop = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Wait(ctx, nil); err != context.Canceled {
		t.Errorf("Wait with a cancelled context = %v", err)
	}
}

// TestLimiterDecreaseFollowsTheAdmittedRate: a decrease in slow start goes
// straight down to the rate the server admitted over the last second, while
// a later decrease drops by backoffFactor but never below that rate.
func TestLimiterDecreaseFollowsTheAdmittedRate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		slowStart bool
		admitted  int // replies admitted in the second before the throttling
		want      float64
	}{
		{"slow start overshot", true, 50, 50},
		{"slow start, admitted above the decrease", true, 380, 400 * backoffFactor},
		{"steady, admitted below the decrease", false, 50, 400 * backoffFactor},
		{"steady, admitted above the decrease", false, 380, 380},
	} {
		c := &clock{t: time.Unix(1_700_000_000, 0)}
		l := newLimiter(400, 0, minCallTimeout, c.now)
		l.slowStart = tc.slowStart
		if l.reserve() != 0 { // the first call starts the measurement
			t.Fatal("the first slot was not free")
		}
		for range tc.admitted {
			c.t = c.t.Add(measureWindow / time.Duration(tc.admitted))
			l.Admitted(10 * time.Millisecond)
		}
		l.Throttled()
		if r := l.Rate(); math.Abs(r-tc.want) > 0.01*tc.want {
			t.Errorf("%s: rate %v after throttling, want %v", tc.name, r, tc.want)
		}
	}
}

// TestLimiterProbesUpAfterADecrease: once throttled, the rate grows by
// increaseShare of the decreased rate per second while callers are held
// back, and not at all while nobody waits.
func TestLimiterProbesUpAfterADecrease(t *testing.T) {
	t.Parallel()
	for _, held := range []bool{true, false} {
		c := &clock{t: time.Unix(1_700_000_000, 0)}
		l := newLimiter(100, 0, minCallTimeout, c.now)
		l.slowStart = false
		c.t = c.t.Add(time.Second)
		l.Throttled()
		decreased := l.Rate()
		l.reserve() // takes the free slot
		if held {
			c.t = c.t.Add(time.Millisecond)
			if l.reserve() == 0 && l.reserve() == 0 { // the slot missed at start, then the next
				t.Fatal("calls right after the first were not held back")
			}
		}
		c.t = c.t.Add(time.Second)
		l.reserve()
		want := decreased
		if held {
			want += increaseShare * decreased * time.Second.Seconds()
		}
		if r := l.Rate(); math.Abs(r-want) > 0.01*want {
			t.Errorf("held %v: rate %v one second after the decrease to %v, want %v", held, r, decreased, want)
		}
	}
}
