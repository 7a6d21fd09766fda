package engine

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"
)

// limiter tuning. See limiter for how they interact.
const (
	// slowStartInterval is how often the rate doubles before the first
	// throttling reply: from 5/s an unknown limit of 50/s is found in about
	// a second.
	slowStartInterval = 200 * time.Millisecond
	// backoffFactor is the multiplicative decrease on throttling.
	backoffFactor = 0.85
	// minDecreaseGap is the shortest time between two decreases; the gap is
	// also at least two round trips, so that the throttling replies to calls
	// sent before a decrease do not cause another one.
	minDecreaseGap = 500 * time.Millisecond
	// increaseShare is the additive increase per second, as a share of the
	// rate set by the last decrease.
	increaseShare = 0.10
	// measureWindow is the span over which the rate the server admitted is
	// measured.
	measureWindow = time.Second
	// minRate keeps a heavily throttled run crawling rather than stalling.
	minRate = 0.2
)

// Per-call deadlines (see rtoEstimator): the floor for writes, the lower
// floor for reads (a read that times out early costs only a repeated read),
// the ceiling for both, and the deadline before any reply was seen (RFC
// 6298's initial timeout: nothing is known of the link yet).
const (
	minCallTimeout     = time.Second
	minReadCallTimeout = 250 * time.Millisecond
	maxCallTimeout     = 10 * time.Second
	initialCallTimeout = time.Second
)

// errStopped is returned by waits that a graceful stop interrupted.
var errStopped = errors.New("stopped")

// limiter paces calls of one API action at an adaptive rate, shared by all
// the workers of an engine. It follows the congestion control of TCP:
//
//   - Slow start: from the starting rate, the rate doubles every
//     slowStartInterval in which it held a caller back, until the first
//     throttling reply.
//   - On throttling: the rate drops to backoffFactor times itself, at most
//     once per max(minDecreaseGap, 2 RTT), but never below the rate the
//     server admitted (answered without throttling) over the last
//     measureWindow. While the server is saturated that admitted rate is its
//     limit, so the rate settles just above the limit instead of sawing
//     between 85% and 100% of it: a throttled call is cheap (it is refused
//     before any work and retried at once), time spent below the limit is
//     lost. When slow start overshoots far (the server's burst allowance hid
//     the limit), the first decrease goes straight to the admitted rate.
//   - Between decreases the rate grows additively by increaseShare of the
//     rate set by the last decrease, per second, again only while it holds
//     callers back, probing for a limit that was raised.
//
// A rate that holds nobody back proves nothing about the API, so an idle
// or lightly used limiter does not grow.
//
// Calls are paced evenly (no bursts). The zero value is not usable; see
// newLimiter.
type limiter struct {
	mu   sync.Mutex
	now  func() time.Time
	rate float64
	max  float64 // 0 = no ceiling

	slowStart bool
	step      float64   // additive increase per second
	grown     time.Time // when the rate last grew (or was set)
	decreased time.Time // when the rate last dropped
	next      time.Time // earliest start of the next call
	held      time.Time // when a caller last had to wait for a slot
	first     time.Time // when the first call started

	admitted window // replies that were not throttling
	rtt      rtoEstimator
}

// newLimiter returns a limiter starting at start calls per second, never
// above ceiling (0: no ceiling), whose call deadlines are at least floor.
func newLimiter(start, ceiling float64, floor time.Duration, now func() time.Time) *limiter {
	if ceiling > 0 {
		start = math.Min(start, ceiling)
	}
	t := now()
	l := &limiter{now: now, max: ceiling, slowStart: true,
		step: increaseShare * start, grown: t, decreased: t, rtt: rtoEstimator{floor: floor}}
	l.rate = math.Max(start, l.floorRate())
	return l
}

// floorRate is the lowest rate the limiter drops to: minRate, or the ceiling
// if that is lower.
func (l *limiter) floorRate() float64 {
	if l.max > 0 {
		return math.Min(minRate, l.max)
	}
	return minRate
}

// Rate is the current rate in calls per second.
func (l *limiter) Rate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rate
}

// Wait blocks until the next call may start, or until ctx ends (its error)
// or stop is closed (errStopped). Waiters do not book slots ahead: each
// sleeps until the next free slot and then competes for it, so that a rate
// change applies at once rather than after a queue of bookings made at the
// old rate.
func (l *limiter) Wait(ctx context.Context, stop <-chan struct{}) error {
	for {
		d := l.reserve()
		if err := sleep(ctx, stop, d); err != nil || d == 0 {
			return err
		}
	}
}

// reserve takes the next slot and returns 0 if it is due, else returns how
// long until it is (the caller is then held back).
func (l *limiter) reserve() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.grow(now)
	if now.Before(l.next) {
		l.held = now
		return l.next.Sub(now)
	}
	gap := time.Duration(float64(time.Second) / l.rate)
	// A waiter that woke late may use the slot it missed, no more.
	l.next = maxTime(l.next, now.Add(-gap)).Add(gap)
	if l.first.IsZero() {
		l.first = now
	}
	return 0
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Admitted records a reply that was not throttling, and how long it took.
func (l *limiter) Admitted(took time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.admitted.add(l.now())
	l.rtt.observe(took)
}

// Throttled records a throttling reply and slows down (see limiter).
func (l *limiter) Throttled() {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.decreased) < max(minDecreaseGap, 2*l.rtt.srtt) {
		return
	}
	served := l.admittedRate(now)
	if l.slowStart {
		l.slowStart = false
		l.rate = math.Min(l.rate*backoffFactor, served)
	} else {
		l.rate = math.Max(l.rate*backoffFactor, served)
	}
	l.rate = math.Max(l.rate, l.floorRate())
	l.step = increaseShare * l.rate
	l.decreased, l.grown = now, now
}

// CallTimeout is the deadline for an attempt of a call whose earlier
// attempts met timeouts timeouts (see rtoEstimator). The deadline doubles
// per timeout only while the API is silent (no reply in the last
// measureWindow): one stuck call among prompt replies says nothing about
// the API, but a silent API may simply be slower than the deadline.
func (l *limiter) CallTimeout(timeouts int) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.admitted.count(l.now().Add(-measureWindow)) > 0 {
		timeouts = 0
	}
	return l.rtt.timeout(timeouts)
}

// grow applies slow start or additive increase for the time since the rate
// last grew, if the rate held a caller back meanwhile; l.mu must be held.
func (l *limiter) grow(now time.Time) {
	dt := now.Sub(l.grown)
	if dt < slowStartInterval {
		return
	}
	if l.held.After(l.grown) {
		if l.slowStart {
			l.setRate(l.rate * math.Pow(2, math.Floor(dt.Seconds()/slowStartInterval.Seconds())))
		} else {
			l.setRate(l.rate + l.step*dt.Seconds())
		}
	}
	l.grown = now
}

func (l *limiter) setRate(r float64) {
	if l.max > 0 {
		r = math.Min(r, l.max)
	}
	l.rate = r
}

// admittedRate is the rate of replies that were not throttling over the
// last measureWindow (or since the first call, if that is shorter).
func (l *limiter) admittedRate(now time.Time) float64 {
	span := min(measureWindow, now.Sub(l.first))
	if l.first.IsZero() || span <= 0 {
		return minRate
	}
	return float64(l.admitted.count(now.Add(-span))) / span.Seconds()
}

// window keeps the times of recent events (the last measureWindow).
type window struct {
	times []time.Time
	head  int
}

func (w *window) add(t time.Time) {
	w.times = append(w.times, t)
	for w.head < len(w.times) && t.Sub(w.times[w.head]) > measureWindow {
		w.head++
	}
	if w.head > len(w.times)/2 {
		w.times = append(w.times[:0], w.times[w.head:]...)
		w.head = 0
	}
}

// count counts the kept events at or after from.
func (w *window) count(from time.Time) int {
	n := 0
	for _, t := range w.times[w.head:] {
		if !t.Before(from) {
			n++
		}
	}
	return n
}

// rtoEstimator sets per-call deadlines the way TCP sets its retransmission
// timeout (RFC 6298): srtt + 4·rttvar from the replies seen so far, at
// least its floor and at most maxCallTimeout, doubled for every
// timeout the same call already met while the API is silent (see
// limiter.CallTimeout).
//
// Why so short for writes: a Resolve retried after a timeout carries the
// same ClientToken, so the API answers it with the first call's result and
// creates nothing twice; a tight deadline costs at most one extra request,
// while a long one leaves a host waiting on a reply that may never come (a
// dropped or stuck connection) and stretches the end of a run. The write
// floor of one second is several times the API's usual latency, and the
// doubling lets a genuinely slow API still answer.
type rtoEstimator struct {
	floor        time.Duration
	srtt, rttvar time.Duration
	seen         bool
}

func (r *rtoEstimator) observe(d time.Duration) {
	if !r.seen {
		r.srtt, r.rttvar, r.seen = d, d/2, true
		return
	}
	diff := r.srtt - d
	if diff < 0 {
		diff = -diff
	}
	r.rttvar = (3*r.rttvar + diff) / 4
	r.srtt = (7*r.srtt + d) / 8
}

func (r *rtoEstimator) timeout(timeouts int) time.Duration {
	if !r.seen {
		return doubled(max(r.floor, initialCallTimeout), timeouts)
	}
	return doubled(max(r.floor, r.srtt+4*r.rttvar), timeouts)
}

// doubled is t doubled n times, at most maxCallTimeout.
func doubled(t time.Duration, n int) time.Duration {
	for range n {
		if t >= maxCallTimeout {
			break
		}
		t *= 2
	}
	return min(t, maxCallTimeout)
}

// sleep waits for d, or until ctx ends or stop is closed.
func sleep(ctx context.Context, stop <-chan struct{}, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case <-stop:
		return errStopped
	default:
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-stop:
		return errStopped
	}
}
