package views

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme/i18n"
)

// RetryFeed carries the retry notes of one load to the screen while it
// lasts: the load's context reports its calls' retries to the feed (see
// Observe), and Next is a command that waits for the next one. Only the
// latest note is kept: a screen shows where the load stands, not its
// history. Use NewRetryFeed; one feed serves one load.
type RetryFeed struct {
	notes chan cenapi.RetryNote // holds the latest note not yet taken
	ended chan struct{}
	once  sync.Once
}

// NewRetryFeed returns a feed for one load.
func NewRetryFeed() *RetryFeed {
	return &RetryFeed{notes: make(chan cenapi.RetryNote, 1), ended: make(chan struct{})}
}

// Observe returns ctx with the feed as the observer of its retries.
func (f *RetryFeed) Observe(ctx context.Context) context.Context {
	return cenapi.WithRetryObserver(ctx, f.put)
}

// put keeps n as the latest note, dropping one not yet taken. It never
// blocks: the load's calls make it.
func (f *RetryFeed) put(n cenapi.RetryNote) {
	for {
		select {
		case f.notes <- n:
			return
		default:
		}
		select {
		case <-f.notes:
		default:
		}
	}
}

// End says that the load is over: Next returns nil from then on.
func (f *RetryFeed) End() { f.once.Do(func() { close(f.ended) }) }

// Next is a command that waits for the next note and turns it into a
// message with wrap, or yields nil once the load is over. It captures the
// feed only, never a view.
func (f *RetryFeed) Next(wrap func(cenapi.RetryNote) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		select {
		case n := <-f.notes:
			return wrap(n)
		case <-f.ended:
			return nil
		}
	}
}

// RetryText says a retry in lang's words (nil: English), the one way
// every screen and the start-up check say it: "throttled, retrying in 2
// s… (3)", the count being the attempts failed so far. The reason is
// shown as the retry note gives it.
func RetryText(lang *i18n.Localizer, n cenapi.RetryNote, ellipsis string) string {
	args := i18n.Args{"Reason": RetryReason(lang, n), "Ellipsis": ellipsis, "Attempt": n.Attempt}
	if n.Delay < 100*time.Millisecond {
		return lang.T("common.retry.now", args)
	}
	secs := strings.TrimSuffix(strconv.FormatFloat(n.Delay.Seconds(), 'f', 1, 64), ".0")
	if n.Delay >= 10*time.Second {
		secs = strconv.Itoa(int(n.Delay.Round(time.Second).Seconds()))
	}
	args["Seconds"] = secs
	return lang.T("common.retry.later", args)
}
