package engine

import (
	"math/rand/v2"
	"strings"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
)

// Retry tuning.
const (
	// backoffBase and backoffCap bound the exponential backoff after a
	// transient error: attempt n waits a random time in
	// [0, min(backoffCap, backoffBase·2^(n-1))) ("full jitter"), so that
	// workers that failed together do not retry together.
	backoffBase = 200 * time.Millisecond
	backoffCap  = 10 * time.Second
	// tailBackoffCap bounds a write's backoff once no item waits to be
	// sent (see tailDelay).
	tailBackoffCap = 50 * time.Millisecond
	// readBackoffCap is the longest backoff of a read: someone is
	// waiting on it, and it is given up by time (Options.ReadPatience).
	readBackoffCap = 2 * time.Second
	// throttleAllowance: a call may be throttled this many times per
	// MaxAttempts before it gives up. Throttling replies do not count as
	// attempts (the limiter slows down instead), but a call must not spin
	// forever against an API that throttles everything.
	throttleAllowance = 10
)

// codeExist is the API's answer to a Resolve whose entry exists.
const codeExist = "CloudRoute.Exist"

// Codes the engine itself gives to failures the API did not report.
const (
	CodeEntryFailed  = "Engine.EntryFailed"  // an entry ended in status Failed
	CodeWaitTimeout  = "Engine.WaitTimeout"  // an entry did not settle within Options.WaitTimeout
	CodeConflict     = "Engine.Conflict"     // an existing entry stands in the way; nothing was sent
	CodeUnclassified = "Engine.Unclassified" // the API returned an error that is not a *cenapi.Error
	CodeEntryMissing = "Engine.EntryMissing" // an accepted entry is not listed (see missingSweeps)
)

type outcomeKind int

const (
	outcomeOK outcomeKind = iota
	outcomeThrottled
	outcomeTimeout   // no reply before our deadline: transient and ambiguous
	outcomeTransient // any other transient error
	outcomeExists    // CloudRoute.Exist
	outcomePermanent
	outcomeCanceled // Abort: the call was cancelled
	outcomePresent  // CloudRoute.Exist of an entry someone else created (see checkExisting)
)

// outcome is what became of one attempt.
type outcome struct {
	kind outcomeKind
	err  *cenapi.Error // nil for outcomeOK
}

// classify sorts an API error into an outcome.
func classify(err error) outcome {
	if err == nil {
		return outcome{kind: outcomeOK}
	}
	ce, ok := cenapi.AsError(err)
	if !ok {
		ce = &cenapi.Error{Code: CodeUnclassified, Message: err.Error()}
	}
	o := outcome{err: ce}
	switch {
	case ce.Code == cenapi.CodeCanceled:
		o.kind = outcomeCanceled
	case strings.Contains(ce.Code, "Throttling"):
		o.kind = outcomeThrottled
	case ce.Code == cenapi.CodeTimeout:
		o.kind = outcomeTimeout
	case ce.Code == codeExist:
		o.kind = outcomeExists
	case ce.Transient:
		o.kind = outcomeTransient
	default:
		o.kind = outcomePermanent
	}
	return o
}

// feed tells the limiter about the reply to the call sent at sent:
// throttling slows it down; any other reply that arrived times the round
// trip. A call with no reply (a timeout, a dropped connection) tells
// nothing of its round trip; the limiter counts it as admitted, as the
// API most likely did.
func (o outcome) feed(l *limiter, sent time.Time) {
	switch {
	case o.kind == outcomeThrottled:
		l.Throttled(sent)
	case o.kind == outcomeTimeout || o.kind == outcomeCanceled:
	case o.err != nil && o.err.HTTPStatus == 0:
	default:
		l.Answered(sent)
	}
}

// word is the outcome as the journal records it.
func (k outcomeKind) word() string {
	return [...]string{"ok", "throttled", "timeout", "transient", "exists", "permanent", "canceled", "present"}[k]
}

// reason says why the call will be retried.
func (o outcome) reason() fact.Fact {
	switch o.kind {
	case outcomeThrottled:
		return fact.New(KindThrottled, "throttled: slowing down", nil)
	case outcomeTimeout:
		return fact.New(KindNoReply, "no reply in time", nil)
	}
	if o.err.Code != "" && !strings.HasPrefix(o.err.Code, "Client.") {
		return fact.New(KindCodeMessage, o.err.Code+": "+o.err.Message, fact.Args{"Code": o.err.Code, "Message": o.err.MessageSaid()})
	}
	return o.err.MessageSaid()
}

// shortReason says in a few words why a read is retried, for a status
// line: the API's code, or the client's words when there is none.
func (o outcome) shortReason() fact.Fact {
	switch {
	case o.kind == outcomeThrottled:
		return fact.New(KindThrottledBare, "throttled", nil)
	case o.kind == outcomeTimeout:
		return fact.New(KindNoReply, "no reply in time", nil)
	case o.err.Code != "" && !strings.HasPrefix(o.err.Code, "Client."):
		return fact.Verbatim(o.err.Code)
	}
	return o.err.MessageSaid()
}

// tries counts the attempts of one call.
type tries struct {
	sent      int // attempts sent, all kinds
	counted   int // attempts that count against MaxAttempts
	throttled int // throttling replies
	timeouts  int // attempts that got no reply in time
	ambiguous int // attempts that may have been carried out unanswered
}

// after records an attempt's outcome and says whether to try again, and
// after what pause.
func (t *tries) after(o outcome, maxAttempts int) (time.Duration, bool) {
	if o.kind == outcomeTimeout || o.err != nil && o.err.Ambiguous {
		t.ambiguous++
	}
	switch o.kind {
	case outcomeThrottled:
		t.throttled++
		return 0, t.throttled < maxAttempts*throttleAllowance
	case outcomeTimeout, outcomeTransient:
		t.counted++
		if o.kind == outcomeTimeout {
			t.timeouts++
		}
		return backoff(t.counted, backoffCap), t.counted < maxAttempts
	}
	return 0, false
}

// afterRead records a read attempt's outcome and says whether to try
// again, and after what pause: throttling is retried after a backoff of at
// most readBackoffCap (the read limiter slows down too), transient
// failures after one of at most ceiling, anything else is final. How long
// a read may go on is the caller's to bound (Options.ReadPatience).
func (t *tries) afterRead(o outcome, ceiling time.Duration) (time.Duration, bool) {
	switch o.kind {
	case outcomeThrottled:
		t.throttled++
		return backoff(t.throttled, readBackoffCap), true
	case outcomeTimeout, outcomeTransient:
		t.counted++
		if o.kind == outcomeTimeout {
			t.timeouts++
		}
		return backoff(t.counted, ceiling), true
	}
	return 0, false
}

// backoff is the pause before retry n (1-based) after a transient error:
// a random time below min(ceiling, backoffBase·2^(n-1)).
func backoff(n int, ceiling time.Duration) time.Duration {
	if n < 30 {
		ceiling = min(ceiling, backoffBase<<(n-1))
	}
	return rand.N(ceiling)
}
