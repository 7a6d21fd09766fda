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

// limiter is a token bucket per action: rate qps, burst max(1, qps). A
// refused request takes no token, so a client that backs off recovers.
type limiter struct {
	rate, burst float64 // rate 0 = unlimited

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(qps float64) *limiter {
	return &limiter{rate: qps, burst: max(1, qps), buckets: make(map[string]*bucket)}
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
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[action] = b
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed.Seconds()*l.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
