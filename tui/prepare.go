package tui

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/review"
)

// preparedFor is how long the review's check of the plan is trusted. A
// plan submitted later is checked again and reviewed again, since
// colleagues and other runs may have changed the CEN meanwhile.
const preparedFor = time.Minute

// preparation is the latest answer of engine.Prepare for the review.
type preparation struct {
	prep engine.Prepared
	at   time.Time // when it arrived
}

// prepare checks the plan on review in a command: the target rule
// against the CEN as it is now, and the entries already there
// (engine.Check). The reply is a preparedMsg tagged with a new request id,
// so that only the answer to the latest request counts.
func (m *Model) prepare() tea.Cmd {
	m.prepares++
	m.prepared = nil
	feed := views.NewRetryFeed()
	id, eng, reader, ctx, plan := m.prepares, m.deps.Engine, m.reader, feed.Observe(m.ctx), m.state.plan()
	check := func() tea.Msg {
		defer feed.End()
		prep, problems, err := eng.Check(ctx, reader, plan)
		return preparedMsg{id: id, prep: prep, problems: problems, err: err}
	}
	return tea.Batch(check, nextPrepareRetry(feed, id))
}

// nextPrepareRetry waits for the next retry of check id.
func nextPrepareRetry(feed *views.RetryFeed, id int) tea.Cmd {
	return feed.Next(func(n cenapi.RetryNote) tea.Msg { return prepareRetryMsg{id: id, note: n, feed: feed} })
}

// handlePrepareRetry shows a retry of the latest check on the review and
// waits for the next.
func (m *Model) handlePrepareRetry(msg prepareRetryMsg) tea.Cmd {
	p := m.pages[stepReview]
	if msg.id != m.prepares || m.step != stepReview || p == nil {
		return nil
	}
	p.view.(*review.View).SetRetrying(msg.note)
	return nextPrepareRetry(msg.feed, msg.id)
}

// handlePrepared hands the latest check to the review on screen. A late
// answer (the review was left, or asked again since) is dropped.
func (m *Model) handlePrepared(msg preparedMsg) {
	p := m.pages[stepReview]
	if msg.id != m.prepares || m.step != stepReview || p == nil {
		return
	}
	v := p.view.(*review.View)
	switch {
	case msg.err != nil:
		m.log.Warn("plan check failed", "error", views.ErrorText(msg.err))
		v.SetPrepareError(msg.err)
	case len(msg.problems) > 0:
		m.log.Info("plan rejected", "problems", fmt.Sprint(msg.problems))
		v.SetRejected(msg.problems)
	default:
		m.prepared = &preparation{prep: msg.prep, at: m.now()}
		v.SetPrepared(msg.prep)
	}
}

// submitPlan starts the reviewed plan from the review's check
// (engine.StartPrepared sends exactly the calls shown). A check that is no
// longer fresh, or not of this very plan, is not trusted: the plan is
// checked again and the operator reviews the new answer before anything
// is sent. The engine still looks behind a CloudRoute.Exist before
// failing a host.
func (m *Model) submitPlan() tea.Cmd {
	plan := m.state.plan()
	p := m.prepared
	if p == nil {
		return nil // the review offers no submit before its check
	}
	if m.now().Sub(p.at) > preparedFor || !reflect.DeepEqual(p.prep.Plan, plan) {
		m.pages[stepReview].view.(*review.View).Recheck(
			"The check was more than a minute old and was made again: review it, then press enter.")
		return m.prepare()
	}
	prep := p.prep
	return m.startRun(plan, prep.Present, &prep)
}

// rejection is the error of a plan the target rule rejects.
func rejection(problems []engine.Problem) error {
	words := make([]string, len(problems))
	for i, p := range problems {
		words[i] = p.String()
	}
	return fmt.Errorf("the target is rejected: %s", strings.Join(words, "; "))
}
