package tui

import (
	"reflect"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/review"
)

// preparedFor is how long the review's check of the existing entries is
// trusted. A plan submitted later is checked again by the engine (Start),
// since colleagues and other runs may have changed the entries meanwhile.
const preparedFor = time.Minute

// preparation is the latest answer of engine.Prepare for the review.
type preparation struct {
	prep engine.Prepared
	at   time.Time // when it arrived
}

// prepare checks the plan on review against the entries on the CEN in a
// command; the reply is a preparedMsg tagged with a new request id, so
// that only the answer to the latest request counts.
func (m *Model) prepare() tea.Cmd {
	m.prepares++
	m.prepared = nil
	id, eng, ctx, plan := m.prepares, m.deps.Engine, m.ctx, m.state.plan()
	return func() tea.Msg {
		prep, err := eng.Prepare(ctx, plan)
		return preparedMsg{id: id, prep: prep, err: err}
	}
}

// handlePrepared hands the latest check to the review on screen. A late
// answer (the review was left, or asked again since) is dropped.
func (m *Model) handlePrepared(msg preparedMsg) {
	p := m.pages[stepReview]
	if msg.id != m.prepares || m.step != stepReview || p == nil {
		return
	}
	v := p.view.(*review.View)
	if msg.err != nil {
		m.log.Warn("plan check failed", "error", views.ErrorText(msg.err))
		v.SetPrepareError(msg.err)
		return
	}
	m.prepared = &preparation{prep: msg.prep, at: m.now()}
	v.SetPrepared(msg.prep)
}

// submitPlan starts the reviewed plan: from the review's check while it is
// fresh and of this very plan (engine.StartPrepared sends exactly the
// calls shown), else through engine.Start, which checks again first. Either
// way the engine still looks behind a CloudRoute.Exist before failing a
// host.
func (m *Model) submitPlan() tea.Cmd {
	plan := m.state.plan()
	p := m.prepared
	if p == nil || m.now().Sub(p.at) > preparedFor || !reflect.DeepEqual(p.prep.Plan, plan) {
		return m.startRun(plan, m.state.present, nil)
	}
	prep := p.prep
	return m.startRun(plan, prep.Present, &prep)
}
