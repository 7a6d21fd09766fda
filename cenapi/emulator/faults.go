package emulator

import (
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// FaultKind is one kind of transient fault Options.FaultRate injects. The
// values are the keys of the faults counters in State.
type FaultKind string

// The fault kinds. The first three answer at once with an error and change
// nothing; the drops close the connection without a reply, before or after
// the action took effect; SlowReply takes effect, then holds the reply for
// Options.SlowReply (or until the client gives up).
const (
	FaultServiceUnavailable FaultKind = "ServiceUnavailable" // 503
	FaultInternalError      FaultKind = "InternalError"      // 500
	FaultBlocking           FaultKind = "Operation.Blocking" // 400, the CEN "busy, retry" code
	FaultDropBefore         FaultKind = "DropBeforeApply"
	FaultDropAfter          FaultKind = "DropAfterApply"
	FaultSlowReply          FaultKind = "SlowReply"
)

// AllFaults returns every fault kind, the default mix.
func AllFaults() []FaultKind {
	return []FaultKind{FaultServiceUnavailable, FaultInternalError, FaultBlocking,
		FaultDropBefore, FaultDropAfter, FaultSlowReply}
}

func (k FaultKind) valid() bool { return slices.Contains(AllFaults(), k) }

// drawFault decides whether an admitted request meets a fault, and which.
func (e *Emulator) drawFault() FaultKind {
	if e.opts.FaultRate <= 0 || e.rng.float64() >= e.opts.FaultRate {
		return ""
	}
	return e.opts.Faults[e.rng.intN(len(e.opts.Faults))]
}

// latency draws this request's delay: Latency plus or minus up to Jitter.
func (e *Emulator) latency() time.Duration {
	d := e.opts.Latency
	if j := e.opts.Jitter; j > 0 {
		d += time.Duration((e.rng.float64()*2 - 1) * float64(j))
	}
	return max(d, 0)
}

// dropConnection closes the client's connection without a reply, as a
// crashed gateway or a network cut would. A writer that cannot be hijacked
// (HTTP/2, some test recorders) is aborted the way net/http provides.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	// Linger 0 sends a reset rather than a clean close: the client sees
	// "connection reset by peer", the harder case to classify.
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// lockedRand is the seeded random source of the knobs, safe for
// concurrent use.
type lockedRand struct {
	mu sync.Mutex
	r  *rand.Rand
}

func newLockedRand(seed int64) *lockedRand {
	return &lockedRand{r: rand.New(rand.NewPCG(uint64(seed), 0x6b6e6f6273))} // "knobs"
}

func (l *lockedRand) float64() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Float64()
}

func (l *lockedRand) intN(n int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.IntN(n)
}

// limiter is a token bucket per action, as a gateway's flow control
// counts: rate qps, burst max(1, qps), so a client may spend one second's
// worth of calls at once and then qps a second. A refused request takes no
// token, so a client that backs off recovers. With halveAfter set, each
// action's rate and burst halve that long after its first request, the way
// a tenant's limit may be lowered during a run (tokens above the new burst
// are lost).
type limiter struct {
	rate       float64       // 0 = unlimited
	halveAfter time.Duration // 0 = never

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens  float64
	last    time.Time
	halveAt time.Time // zero: never
	halved  bool
}

func newLimiter(qps float64, halveAfter time.Duration) *limiter {
	return &limiter{rate: qps, halveAfter: halveAfter, buckets: make(map[string]*bucket)}
}

// limits are the rate and burst of a bucket, halved or not.
func (l *limiter) limits(halved bool) (rate, burst float64) {
	rate = l.rate
	if halved {
		rate /= 2
	}
	return rate, max(1, rate)
}

// allow takes a token from action's bucket if one is there at now.
func (l *limiter) allow(action string, now time.Time) bool {
	if l.rate <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[action]
	if b == nil {
		_, burst := l.limits(false)
		b = &bucket{tokens: burst, last: now}
		if l.halveAfter > 0 {
			b.halveAt = now.Add(l.halveAfter)
		}
		l.buckets[action] = b
	}
	if !b.halved && !b.halveAt.IsZero() && !now.Before(b.halveAt) {
		l.refill(b, b.halveAt)
		b.halved = true
		_, burst := l.limits(true)
		b.tokens = min(b.tokens, burst)
	}
	l.refill(b, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// refill adds the tokens earned from the bucket's last update until now.
func (l *limiter) refill(b *bucket, now time.Time) {
	if elapsed := now.Sub(b.last); elapsed > 0 {
		rate, burst := l.limits(b.halved)
		b.tokens = min(burst, b.tokens+elapsed.Seconds()*rate)
		b.last = now
	}
}
