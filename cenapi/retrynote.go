package cenapi

import (
	"context"
	"time"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// RetryNote says that a call failed for now and is about to be tried
// again: what failed, why, how many attempts have failed so far and how
// long until the next one. A Retrier hands notes to the observer of the
// call's context (see WithRetryObserver), so that whoever waits on the
// call can say that it is retrying rather than seem stuck.
type RetryNote struct {
	Op      string        // the API action, e.g. DescribeCens
	Reason  string        // in words: "throttled", "ServiceUnavailable", "no reply in time", "connection refused"
	Said    fact.Fact     `json:"-"` // Reason as a fact (see package fact)
	Attempt int           // attempts failed so far (1 after the first)
	Delay   time.Duration // pause before the next attempt
}

type retryObserverKey struct{}

// WithRetryObserver returns a context whose calls report their retries to
// observe. observe may be called from several goroutines at once and must
// not block.
func WithRetryObserver(ctx context.Context, observe func(RetryNote)) context.Context {
	return context.WithValue(ctx, retryObserverKey{}, observe)
}

// NoteRetry hands n to the observer of ctx, if it has one.
func NoteRetry(ctx context.Context, n RetryNote) {
	if observe, ok := ctx.Value(retryObserverKey{}).(func(RetryNote)); ok {
		observe(n)
	}
}
