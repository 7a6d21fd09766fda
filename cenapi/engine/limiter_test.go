package engine

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// clock is a fake clock for driving a limiter by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newClock() *clock { return &clock{t: time.Unix(1_700_000_000, 0)} }

// bucket is the server side: a token bucket like the API gateway's (and
// the emulator's), rate limit and a burst of one second's worth; halveAt,
// if set, halves both from then on.
type bucket struct {
	limit, tokens float64
	last, halveAt time.Time
}

func newBucket(limit float64, at time.Time) *bucket {
	return &bucket{limit: limit, tokens: limit, last: at}
}

func (b *bucket) allow(now time.Time) bool {
	if !b.halveAt.IsZero() && !now.Before(b.halveAt) {
		b.refill(b.halveAt)
		b.limit /= 2
		b.tokens = math.Min(b.tokens, b.limit)
		b.halveAt = time.Time{}
	}
	b.refill(now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (b *bucket) refill(now time.Time) {
	b.tokens = math.Min(b.limit, b.tokens+now.Sub(b.last).Seconds()*b.limit)
	b.last = now
}

// simulation drives a limiter with unlimited demand from workers callers
// (each with one call at a time) against srv. A call reaches srv half the
// latency after it was sent, give or take up to jitter (so that calls sent
// close together may arrive in the other order), and its reply comes back
// half the latency later.
type simulation struct {
	l       *limiter
	c       *clock
	srv     *bucket
	workers int
	latency time.Duration
	jitter  time.Duration
	rand    *rand.Rand

	admitted, throttled []time.Time // when calls were sent
	events              []simEvent  // calls in flight
}

// simEvent is a call in flight: it arrives at the server at arrive, and
// once it has, its reply comes back at at.
type simEvent struct {
	at, sent, arrive time.Time
	arrived          bool
	throttled        bool
}

// run simulates until the API has admitted calls more calls, or four
// times as many were sent (a limiter gone wrong must not keep a test
// busy), or d has passed.
func (s *simulation) run(calls int, d time.Duration) {
	end := s.c.t.Add(d)
	admitted, sends := len(s.admitted)+calls, len(s.admitted)+len(s.throttled)+4*calls
	for len(s.admitted) < admitted && len(s.admitted)+len(s.throttled) < sends && s.c.t.Before(end) {
		s.deliver()
		next := end
		for _, ev := range s.events {
			next = minTime(next, ev.at)
		}
		if len(s.events) < s.workers {
			sent, wait := s.l.reserve()
			if wait == 0 {
				s.send(sent)
				continue
			}
			next = minTime(next, s.c.t.Add(wait))
		}
		s.c.t = next
	}
}

// send puts a call on the way to the server.
func (s *simulation) send(sent time.Time) {
	oneWay := s.latency / 2
	if s.jitter > 0 {
		oneWay += time.Duration((s.rand.Float64()*2 - 1) * float64(s.jitter))
	}
	arrive := sent.Add(max(oneWay, 0))
	s.events = append(s.events, simEvent{at: arrive, sent: sent, arrive: arrive})
}

// deliver lets the calls due at the server arrive, in order, and hands
// the replies due to the limiter.
func (s *simulation) deliver() {
	for {
		sort.Slice(s.events, func(i, j int) bool { return s.events[i].at.Before(s.events[j].at) })
		if len(s.events) == 0 || s.events[0].at.After(s.c.t) {
			return
		}
		ev := &s.events[0]
		if !ev.arrived {
			ev.arrived, ev.throttled = true, !s.srv.allow(ev.arrive)
			if ev.throttled {
				s.throttled = append(s.throttled, ev.sent)
			} else {
				s.admitted = append(s.admitted, ev.sent)
			}
			ev.at = ev.arrive.Add(s.latency / 2)
			continue
		}
		if ev.throttled {
			s.l.Throttled(ev.sent)
		} else {
			s.l.Answered(ev.sent)
		}
		s.events = s.events[1:]
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
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

// newSimulation is a simulation of a limiter starting at 5/s against a
// limit of limit calls per second, with 16 callers, a round trip of 20 ms,
// and calls reaching the API up to 2 ms out of order.
func newSimulation(limit float64) *simulation {
	c := newClock()
	return &simulation{l: newLimiter(5, 0, c.now), c: c, srv: newBucket(limit, c.t),
		workers: 16, latency: 20 * time.Millisecond, jitter: 2 * time.Millisecond, rand: rand.New(rand.NewPCG(1, 2))}
}

// share is the share of the calls sent in [from, to) that were throttled,
// and the rate admitted meanwhile.
func (s *simulation) share(from, to time.Time) (throttled, admitted float64) {
	a, t := between(s.admitted, from, to), between(s.throttled, from, to)
	return float64(t) / float64(a+t), float64(a) / to.Sub(from).Seconds()
}

// TestLimiterFindsAndHoldsTheLimit: from 5/s the limiter finds the API's
// limit and keeps the API busy while hardly ever being throttled. Over the
// calls of 500 hosts at a 20% fault rate (625 calls admitted), search for
// the limit included, at most 5% of the calls are throttled; then, for
// half a minute, the API admits at least 95% of its limit and at most 2%
// of the calls are throttled (about one each time the limiter probes for
// a higher limit).
func TestLimiterFindsAndHoldsTheLimit(t *testing.T) {
	t.Parallel()
	for _, limit := range []float64{10, 20, 50, 200} {
		s := newSimulation(limit)
		start := s.c.t
		s.run(625, time.Hour)
		run, _ := s.share(start, s.c.t)
		from := s.c.t
		s.run(int(30*limit), 30*time.Second)
		steady, admitted := s.share(from, s.c.t)
		t.Logf("limit %v: %.1f%% throttled over 625 calls admitted; then %.1f%%, admitting %.1f/s", limit, 100*run, 100*steady, admitted)
		if run > 0.05 || steady > 0.02 {
			t.Errorf("limit %v: %.1f%% of the calls throttled over 625 admitted, %.1f%% then", limit, 100*run, 100*steady)
		}
		if admitted < 0.95*limit {
			t.Errorf("limit %v: admitted %.1f/s in steady state, want at least 95%%", limit, admitted)
		}
	}
}

// TestLimiterFollowsALimitThatHalves: when the API's limit halves, the
// limiter follows it down within a second or two, at the cost of a few
// throttled calls, and then keeps the API busy at the new limit, hardly
// ever throttled.
func TestLimiterFollowsALimitThatHalves(t *testing.T) {
	t.Parallel()
	for _, limit := range []float64{20, 50, 200} {
		s := newSimulation(limit)
		halved := s.c.t.Add(10 * time.Second)
		s.srv.halveAt = halved
		s.run(int(40*limit), 40*time.Second)
		_, before := s.share(halved.Add(-5*time.Second), halved)
		refused := between(s.throttled, halved, halved.Add(3*time.Second))
		steady, after := s.share(halved.Add(3*time.Second), s.c.t)
		t.Logf("limit %v: %.1f/s admitted before, %d throttled while following it down, %.1f/s admitted and %.1f%% throttled after",
			limit, before, refused, after, 100*steady)
		if before < 0.95*limit || after < 0.95*limit/2 {
			t.Errorf("limit %v then %v: admitted %.1f/s before and %.1f/s after, want at least 95%%", limit, limit/2, before, after)
		}
		if refused > 10 || steady > 0.02 {
			t.Errorf("limit %v: %d throttled while following the halving, %.1f%% after", limit, refused, 100*steady)
		}
	}
}

func TestLimiterCeiling(t *testing.T) {
	t.Parallel()
	s := newSimulation(1000)
	s.l = newLimiter(5, 20, s.c.now)
	s.run(10*20, 10*time.Second)
	if r := s.l.Rate(); r > 20 {
		t.Errorf("rate %v above the ceiling 20", r)
	}
	if n := between(s.admitted, s.c.t.Add(-5*time.Second), s.c.t); n > 5*20+1 {
		t.Errorf("%d calls in 5 s with a ceiling of 20/s", n)
	}
}

// TestLimiterCeilingBelowMinRate: a ceiling under the crawling rate
// minRate still holds, from the start and after throttling.
func TestLimiterCeilingBelowMinRate(t *testing.T) {
	t.Parallel()
	c := newClock()
	l := newLimiter(5, minRate/2, c.now)
	if r := l.Rate(); r > minRate/2 {
		t.Errorf("starting rate %v above the ceiling %v", r, minRate/2)
	}
	sent, _ := l.reserve()
	c.t = c.t.Add(time.Minute)
	l.Throttled(sent)
	if r := l.Rate(); r > minRate/2 {
		t.Errorf("rate after throttling %v above the ceiling %v", r, minRate/2)
	}
}

// TestLimiterGrowsOnlyWhenUsed: a rate nobody uses must not grow, or the
// first burst of work after an idle spell would flood the API.
func TestLimiterGrowsOnlyWhenUsed(t *testing.T) {
	t.Parallel()
	c := newClock()
	l := newLimiter(5, 0, c.now)
	for range 20 {
		c.t = c.t.Add(time.Second)
		sent, err := l.Wait(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		l.Answered(sent)
	}
	if r := l.Rate(); r > 10 {
		t.Errorf("rate grew to %v with one call a second", r)
	}
}

// steady has a limiter out of slow start send calls at rate for d, each
// answered at once without throttling, and returns when the last was sent.
func steady(l *limiter, c *clock, rate float64, d time.Duration) time.Time {
	l.slowStart = false
	l.rate = rate
	var last time.Time
	for end := c.t.Add(d); c.t.Before(end); c.t = c.t.Add(time.Duration(float64(time.Second) / rate)) {
		sent, wait := l.reserve()
		if wait != 0 {
			panic("a slot was not due")
		}
		l.Answered(sent)
		last = sent
	}
	return last
}

// TestLimiterBacksOffOnThrottles: a throttling reply drops the rate at
// once to holdMargin under the lowest estimate of the limit: the calls
// admitted over the second before the throttled call, or between two
// throttled calls.
func TestLimiterBacksOffOnThrottles(t *testing.T) {
	t.Parallel()
	t.Run("the second before", func(t *testing.T) {
		c := newClock()
		l := newLimiter(400, 0, c.now)
		steady(l, c, 50, 2*time.Second)
		l.rate = 400
		sent, _ := l.reserve()
		c.t = c.t.Add(20 * time.Millisecond)
		l.Throttled(sent)
		if r, want := l.Rate(), 50*(1-holdMargin); math.Abs(r-want) > 0.02*want {
			t.Errorf("rate %.1f after a throttle at 400/s with 50 admitted in the second before, want about %.1f", r, want)
		}
	})
	t.Run("between two throttled calls", func(t *testing.T) {
		c := newClock()
		l := newLimiter(100, 0, c.now)
		steady(l, c, 100, 2*time.Second)
		first, _ := l.reserve()
		c.t = c.t.Add(5 * time.Millisecond)
		l.Throttled(first)
		if r := l.Rate(); r < 90 {
			t.Fatalf("rate %.1f after one throttle at 100/s with 100 admitted in the second before", r)
		}
		// Then 30 of the 60 calls sent in the next 600 ms are throttled:
		// the limit is about 50/s.
		for i := range 60 {
			c.t = c.t.Add(10 * time.Millisecond)
			l.next = time.Time{} // this test sends at 100/s whatever the rate
			sent, _ := l.reserve()
			if i%2 == 0 {
				l.Answered(sent)
			} else {
				l.Throttled(sent)
			}
		}
		if r, want := l.Rate(), 31/0.6*(1-holdMargin); r > want || r < 0.9*want {
			t.Errorf("rate %.1f after 30 of 60 calls in 600 ms were throttled, want at most %.1f, about 50/s less the margin", r, want)
		}
	})
}

// TestLimiterIgnoresLateRepliesToEarlierCalls: throttling replies to calls
// sent before a decrease, at the old rate, do not decrease it again: they
// carry what the limiter already knew.
func TestLimiterIgnoresLateRepliesToEarlierCalls(t *testing.T) {
	t.Parallel()
	c := newClock()
	l := newLimiter(100, 0, c.now)
	steady(l, c, 50, 2*time.Second)
	l.rate = 100
	var burst []time.Time
	for range 20 { // sent at 100/s before any reply: half are throttled
		l.next = time.Time{}
		sent, _ := l.reserve()
		burst = append(burst, sent)
		c.t = c.t.Add(10 * time.Millisecond)
	}
	l.Throttled(burst[1])
	decreased := l.Rate()
	for i, sent := range burst {
		if i%2 == 0 {
			l.Answered(sent)
		} else {
			l.Throttled(sent)
		}
	}
	if r := l.Rate(); r < 0.95*decreased {
		t.Errorf("rate %.1f after the replies to calls sent together, %.1f after the first throttled one", r, decreased)
	}
}

// TestLimiterProbesUpAfterQuiet: probeDelay after the last throttling
// reply, the rate grows by probeShare a second while callers are held
// back, and not at all while nobody waits.
func TestLimiterProbesUpAfterQuiet(t *testing.T) {
	t.Parallel()
	for _, held := range []bool{true, false} {
		c := newClock()
		l := newLimiter(100, 0, c.now)
		steady(l, c, 100, 2*time.Second)
		sent, _ := l.reserve()
		l.Throttled(sent)
		decreased := l.Rate()
		c.t = c.t.Add(probeDelay / 2)
		l.reserve()
		if r := l.Rate(); r != decreased {
			t.Errorf("held %v: rate %v %v after the throttle, want still %v", held, r, probeDelay/2, decreased)
		}
		c.t = c.t.Add(probeDelay / 2)
		l.reserve() // takes a slot
		if held {
			c.t = c.t.Add(time.Millisecond)
			_, missed := l.reserve() // the slot missed while nobody waited
			if _, wait := l.reserve(); missed == 0 && wait == 0 {
				t.Fatal("calls right after another were not held back")
			}
		}
		c.t = c.t.Add(time.Second)
		l.reserve()
		want := decreased
		if held {
			want *= 1 + probeShare*(time.Second+time.Millisecond).Seconds()
		}
		if r := l.Rate(); math.Abs(r-want) > 0.001*want {
			t.Errorf("held %v: rate %v a second into the probe from %v, want %v", held, r, decreased, want)
		}
	}
}

func TestCallTimeout(t *testing.T) {
	t.Parallel()
	var r rtoEstimator
	if got := r.timeout(0, minCallTimeout); got != minCallTimeout {
		t.Errorf("timeout with no sample = %v", got)
	}
	for range 20 {
		r.observe(20 * time.Millisecond)
	}
	if got := r.timeout(0, minCallTimeout); got != minCallTimeout {
		t.Errorf("timeout at 20 ms = %v, want the floor %v", got, minCallTimeout)
	}
	if got := r.timeout(0, minTailCallTimeout); got != minTailCallTimeout {
		t.Errorf("timeout at 20 ms with the tail's floor = %v, want %v", got, minTailCallTimeout)
	}
	for range 50 {
		r.observe(800 * time.Millisecond)
	}
	if got := r.timeout(0, minCallTimeout); got < 800*time.Millisecond || got > 2*time.Second {
		t.Errorf("timeout at 800 ms = %v", got)
	}
	if got, want := r.timeout(0, minTailCallTimeout), r.srtt+4*r.rttvar; got != want || got < 800*time.Millisecond {
		t.Errorf("timeout at 800 ms with the tail's floor = %v, want the estimate %v", got, want)
	}
	if got := r.timeout(1, minCallTimeout); got != 2*r.timeout(0, minCallTimeout) {
		t.Errorf("timeout after one timeout = %v, want double", got)
	}
	if got := r.timeout(10, minCallTimeout); got != maxCallTimeout {
		t.Errorf("timeout after many timeouts = %v, want the cap %v", got, maxCallTimeout)
	}
}

// TestCallTimeoutDoublesOnlyWhenSilent: a call that timed out gets a
// longer deadline only if nothing else is being answered.
func TestCallTimeoutDoublesOnlyWhenSilent(t *testing.T) {
	t.Parallel()
	c := newClock()
	l := newLimiter(5, 0, c.now)
	if got := l.CallTimeout(2, minCallTimeout); got != 4*minCallTimeout {
		t.Errorf("silent API, two timeouts: %v, want %v", got, 4*minCallTimeout)
	}
	sent, _ := l.reserve()
	c.t = c.t.Add(20 * time.Millisecond)
	l.Answered(sent)
	c.t = c.t.Add(measureWindow / 2)
	if got := l.CallTimeout(2, minCallTimeout); got != minCallTimeout {
		t.Errorf("API answering others, two timeouts: %v, want %v", got, minCallTimeout)
	}
	c.t = c.t.Add(measureWindow)
	if got := l.CallTimeout(1, minCallTimeout); got != 2*minCallTimeout {
		t.Errorf("API silent again, one timeout: %v, want %v", got, 2*minCallTimeout)
	}
}

func TestWaitHonoursStopAndContext(t *testing.T) {
	t.Parallel()
	l := newLimiter(0.2, 0, time.Now)
	if _, err := l.Wait(context.Background(), nil); err != nil { // the first slot is free
		t.Fatal(err)
	}
	stop := make(chan struct{})
	close(stop)
	if _, err := l.Wait(context.Background(), stop); err != errStopped {
		t.Errorf("Wait after stop = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Wait(ctx, nil); err != context.Canceled {
		t.Errorf("Wait with a cancelled context = %v", err)
	}
}

// TestWindowKeepsOrder: a window counts events in a range whatever the
// order they were added in, and forgets those before the cut.
func TestWindowKeepsOrder(t *testing.T) {
	t.Parallel()
	t0 := time.Unix(1_700_000_000, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	var w window
	for _, ms := range []int{10, 30, 20, 50, 40} {
		w.add(at(ms), at(0))
	}
	if n := w.count(at(20), at(50)); n != 3 {
		t.Errorf("%d events in [20, 50), want 3", n)
	}
	if last, _ := w.latest(); !last.Equal(at(50)) {
		t.Errorf("latest %v, want 50 ms", last.Sub(t0))
	}
	w.add(at(60), at(45))
	if n := w.count(at(0), at(100)); n != 2 {
		t.Errorf("%d events kept after forgetting those before 45 ms, want 2 (50 and 60)", n)
	}
}
