package engine

import (
	"context"
	"errors"
	"math"
	"slices"
	"sort"
	"sync"
	"time"
)

// limiter tuning. See limiter for how they interact.
const (
	// slowStartInterval is how often the rate doubles before the first
	// throttling reply: from 5/s it passes 50/s within half a second, and
	// 200/s within 0.6 s.
	slowStartInterval = 100 * time.Millisecond
	// holdMargin is how far below its estimate of the API's limit the
	// limiter holds the rate: enough to cover the estimate's error.
	holdMargin = 0.03
	// probeDelay is how long after the last throttling reply the rate
	// starts to probe upwards, and probeShare how fast it then grows: this
	// share of itself per second.
	probeDelay = 2 * time.Second
	probeShare = 0.02
	// measureWindow is the span over which the rate the API admitted is
	// measured (see limiter).
	measureWindow = time.Second
	// episodeGap: throttled calls sent at most this far apart belong to
	// one episode (see limiter): no longer than a token bucket takes to
	// fill up, about a second.
	episodeGap = time.Second
	// minPairAdmitted is how many admitted calls a span between two
	// throttled calls needs to count, unless it is the episode's longest
	// (see limiter.estimate).
	minPairAdmitted = 5
	// maxPairs bounds the spans looked at for one throttling reply.
	maxPairs = 32
	// historyWindow is how long the send times of calls are kept.
	historyWindow = 5 * time.Second
	// minRate keeps a heavily throttled run crawling rather than stalling.
	minRate = 0.2
)

// Per-call deadlines (see rtoEstimator): the floor for writes, the lower
// floor for reads (a read that times out early costs only a repeated read)
// and for the writes of a run's tail (see writeFloor), the ceiling for all,
// and the deadline before any reply was seen (RFC 6298's initial timeout:
// nothing is known of the link yet).
const (
	minCallTimeout     = time.Second
	minReadCallTimeout = 250 * time.Millisecond
	minTailCallTimeout = 250 * time.Millisecond
	maxCallTimeout     = 10 * time.Second
	initialCallTimeout = time.Second
)

// errStopped is returned by waits that a graceful stop interrupted.
var errStopped = errors.New("stopped")

// limiter paces calls of one API action, shared by all the workers of an
// engine, just under the API's limit, which it estimates from the
// throttling replies. The API's flow control is taken to be a token bucket
// (as gateways count, and as the emulator does): it admits a call when it
// holds a token, gains limit tokens a second, holds at most about a
// second's worth, and takes no token from a call it refuses. A throttling
// reply says the bucket was empty when its call arrived, which gives two
// estimates of the limit, both from above:
//
//   - The calls admitted over the measureWindow before the throttled call:
//     the tokens gained in the window, less at most one left over, plus
//     those the bucket held when the window began (many at the end of
//     slow start, which spent the whole burst; few once the rate is held
//     near the limit).
//   - The calls admitted between two throttled calls of an episode
//     (throttled calls at most episodeGap apart, too little time for the
//     bucket to fill up and lose tokens): the bucket was empty at both, so
//     (admitted+1)/span is at least the limit, and close to it once the
//     span is long. It follows a limit that dropped during the run, since
//     spans that begin after the drop count only the new limit.
//
// On each throttling reply the limiter drops at once to holdMargin under
// the lowest estimate, if it is above that; late replies to calls sent
// before a decrease carry the same estimates and do not decrease it again.
//
// Before the first throttling reply the rate doubles every
// slowStartInterval (slow start). It overshoots: the bucket's burst hides
// the limit until it is spent, and the calls on the wire then (about the
// rate times the round trip) are throttled; a slower start costs fewer of
// those, and time at a high limit. probeDelay after the last throttling
// reply the rate grows again by probeShare a second, to find a limit that
// was raised; from just under the limit it reaches it again within a
// second or two, the tokens the bucket saved meanwhile are spent, and one
// throttling reply brings it back down.
//
// The rate grows only while it holds callers back: a rate that holds
// nobody back proves nothing about the API, and an idle limiter must not
// flood the API when work comes.
//
// Calls are paced evenly (no bursts). The zero value is not usable; see
// newLimiter.
type limiter struct {
	mu   sync.Mutex
	now  func() time.Time
	rate float64
	max  float64 // 0 = no ceiling

	slowStart bool
	grown     time.Time // when the rate last grew (or was set)
	throttled time.Time // when the last throttling reply came
	next      time.Time // earliest start of the next call
	held      time.Time // when a caller last had to wait for a slot
	first     time.Time // when the first call started
	episode   time.Time // when the first call of the last episode was sent

	sent     window // when recent calls were sent
	refused  window // when recent calls answered with throttling were sent
	answered window // when recent replies other than throttling came
	rtt      rtoEstimator
}

// newLimiter returns a limiter starting at start calls per second, never
// above ceiling (0: no ceiling).
func newLimiter(start, ceiling float64, now func() time.Time) *limiter {
	if ceiling > 0 {
		start = math.Min(start, ceiling)
	}
	l := &limiter{now: now, max: ceiling, slowStart: true, grown: now()}
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

// Wait blocks until the next call may start and returns when that was: the
// time to report with the call's reply (Answered, Throttled). It fails
// when ctx ends (its error) or stop is closed (errStopped). Waiters do not
// book slots ahead: each sleeps until the next free slot and then competes
// for it, so that a rate change applies at once rather than after a queue
// of bookings made at the old rate.
func (l *limiter) Wait(ctx context.Context, stop <-chan struct{}) (time.Time, error) {
	for {
		if err := sleep(ctx, stop, 0); err != nil {
			return time.Time{}, err
		}
		sent, d := l.reserve()
		if d == 0 {
			return sent, nil
		}
		if err := sleep(ctx, stop, d); err != nil {
			return time.Time{}, err
		}
	}
}

// reserve takes the next slot if it is due and returns its time, else
// returns how long until it is (the caller is then held back).
func (l *limiter) reserve() (time.Time, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.grow(now)
	if now.Before(l.next) {
		l.held = now
		return time.Time{}, l.next.Sub(now)
	}
	gap := time.Duration(float64(time.Second) / l.rate)
	// A waiter that woke late may use the slot it missed, no more.
	l.next = maxTime(l.next, now.Add(-gap)).Add(gap)
	if l.first.IsZero() {
		l.first = now
	}
	l.sent.add(now, now.Add(-historyWindow))
	return now, 0
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Answered records a reply other than throttling to the call sent at sent.
func (l *limiter) Answered(sent time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.answered.add(now, now.Add(-measureWindow))
	l.rtt.observe(now.Sub(sent))
}

// Throttled records a throttling reply to the call sent at sent, and drops
// the rate under the API's limit as estimated from it (see limiter).
func (l *limiter) Throttled(sent time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	switch last, ok := l.refused.latest(); {
	case !ok || sent.Sub(last) > episodeGap:
		l.episode = sent // a new episode
	case sent.Before(l.episode) && l.episode.Sub(sent) <= episodeGap:
		l.episode = sent // a late reply to an earlier call of this one
	}
	l.refused.add(sent, now.Add(-historyWindow))
	l.slowStart = false
	l.throttled, l.grown = now, now
	target := l.rate / 2 // no estimate: the first call was throttled
	if limit, ok := l.estimate(sent, now); ok {
		target = limit * (1 - holdMargin)
	}
	l.rate = math.Min(l.rate, math.Max(target, l.floorRate()))
}

// estimate is the lowest estimate of the API's limit that a throttled call
// sent at t gives (see limiter), or false if it gives none; now is when
// its reply came.
func (l *limiter) estimate(t, now time.Time) (float64, bool) {
	limit, ok := math.Inf(1), false
	lower := func(from time.Time, extra int) {
		admitted := l.sent.count(from, t) - l.refused.count(from, t)
		limit, ok = math.Min(limit, float64(admitted+extra)/t.Sub(from).Seconds()), true
	}
	if from := maxTime(l.first, t.Add(-measureWindow)); t.After(from) {
		lower(from, 0)
	}
	// Between two throttled calls: the first of the episode (the longest
	// span), and the latest ones (at most maxPairs: the lowest estimate
	// comes from the longest spans, or from spans that began after the
	// limit dropped) with enough calls admitted in between that a call
	// counted on the wrong side (the API may see calls sent close together
	// in the other order) matters little.
	refused := l.refused.between(maxTime(l.episode, now.Add(-historyWindow)), t)
	for i, r := range refused {
		if i > 0 && i < len(refused)-maxPairs {
			continue
		}
		after := r.Add(1) // the calls sent after r
		if i == 0 || l.sent.count(after, t)-l.refused.count(after, t) >= minPairAdmitted {
			lower(after, 1)
		}
	}
	return limit, ok
}

// CallTimeout is the deadline, at least floor, for an attempt of a call
// whose earlier attempts met timeouts timeouts (see rtoEstimator). The
// deadline doubles
// per timeout only while the API is silent (no reply in the last
// measureWindow): one stuck call among prompt replies says nothing about
// the API, but a silent API may simply be slower than the deadline.
func (l *limiter) CallTimeout(timeouts int, floor time.Duration) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.answered.count(now.Add(-measureWindow), now.Add(1)) > 0 {
		timeouts = 0
	}
	return l.rtt.timeout(timeouts, floor)
}

// grow applies slow start or the probe's increase for the time since the
// rate last grew, if the rate held a caller back meanwhile; l.mu must be
// held.
func (l *limiter) grow(now time.Time) {
	dt := now.Sub(l.grown)
	if dt < slowStartInterval {
		return
	}
	switch {
	case !l.held.After(l.grown):
	case l.slowStart:
		l.setRate(l.rate * math.Pow(2, math.Floor(dt.Seconds()/slowStartInterval.Seconds())))
	case now.Sub(l.throttled) >= probeDelay:
		l.setRate(l.rate * (1 + probeShare*dt.Seconds()))
	}
	l.grown = now
}

func (l *limiter) setRate(r float64) {
	if l.max > 0 {
		r = math.Min(r, l.max)
	}
	l.rate = r
}

// window keeps the times of recent events in order.
type window struct {
	times []time.Time
}

// add records an event at t, forgetting those before drop.
func (w *window) add(t, drop time.Time) {
	i := len(w.times)
	for i > 0 && w.times[i-1].After(t) {
		i--
	}
	w.times = slices.Insert(w.times, i, t)
	if n := sort.Search(len(w.times), func(i int) bool { return !w.times[i].Before(drop) }); n > len(w.times)/2 {
		w.times = append(w.times[:0], w.times[n:]...)
	}
}

// count counts the events in [from, to).
func (w *window) count(from, to time.Time) int {
	return len(w.between(from, to))
}

// between returns the events in [from, to), oldest first.
func (w *window) between(from, to time.Time) []time.Time {
	lo := sort.Search(len(w.times), func(i int) bool { return !w.times[i].Before(from) })
	hi := sort.Search(len(w.times), func(i int) bool { return !w.times[i].Before(to) })
	return w.times[lo:max(lo, hi)]
}

// latest is the last event, if any.
func (w *window) latest() (time.Time, bool) {
	if len(w.times) == 0 {
		return time.Time{}, false
	}
	return w.times[len(w.times)-1], true
}

// rtoEstimator sets per-call deadlines the way TCP sets its retransmission
// timeout (RFC 6298): srtt + 4·rttvar from the replies seen so far, at
// least the caller's floor and at most maxCallTimeout, doubled for every
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

func (r *rtoEstimator) timeout(timeouts int, floor time.Duration) time.Duration {
	if !r.seen {
		return doubled(max(floor, initialCallTimeout), timeouts)
	}
	return doubled(max(floor, r.srtt+4*r.rttvar), timeouts)
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
