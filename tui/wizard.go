package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views/results"
	"github.com/cenroute/cenroute/views/submit"
)

// finish moves the wizard on when msg is a step's message that it is
// done, and reports whether it was one. Such a message counts only while
// its step is on screen: a view reports its choice only then, so one
// that arrives after the user moved on is late and changes nothing.
func (m *Model) finish(msg tea.Msg) (tea.Cmd, bool) {
	s, o, ok := stepOf(msg)
	switch {
	case !ok:
		return nil, false
	case s != m.step:
		m.log.Info("a late step message was dropped", "step", s.String(), "on", m.step.String())
		return nil, true
	}
	return o.handle(m, msg), true
}

// forward moves on to the next step of the wizard.
func (m *Model) forward() tea.Cmd { return m.enter(m.step + 1) }

// finishRun shows the results of a run that has ended.
func (m *Model) finishRun(msg submit.FinishedMsg) tea.Cmd {
	m.state.report = msg.Report
	m.stopping = false
	m.status = status{} // "Stopping: calls in flight finish" is over
	m.log.Info("run finished", "run", msg.Report.RunID, "failed", msg.Report.Failed(), "stopped", msg.Report.Stopped)
	switch {
	case msg.Report.Stopped && m.deps.Demo:
		m.info(m.st.Lang.T("wizard.run.stopped_demo"))
	case msg.Report.Stopped:
		m.info(m.st.Lang.T("wizard.run.stopped_resumable"))
	}
	return m.forward()
}

// retryFailed sends again what the last run left undone. A stopped run
// is resumed from its journal rather than replaced: its hosts keep their
// ClientTokens, and its journal ends finished instead of being offered
// again at the next start. Hosts that failed are sent in a new run (after
// a resume, r again does that).
func (m *Model) retryFailed(msg results.RetryMsg) tea.Cmd {
	if rep := m.state.report; rep.Stopped && rep.RunID != "" {
		return m.resume(engine.RunInfo{ID: rep.RunID, Plan: m.state.runPlan})
	}
	plan := m.state.runPlan
	plan.Hosts = append([]string(nil), msg.Hosts...)
	return m.startRun(plan, nil, nil)
}

// newPlan starts over on the same CEN, from the host region.
func (m *Model) newPlan() tea.Cmd {
	m.state.resetPlan()
	m.dropPagesAfter(stepHostRegion)
	return m.enter(stepHostRegion)
}

// back returns to the previous step; its view comes back as it was left.
func (m *Model) back() tea.Cmd {
	sp := m.step.spec()
	prev, ok := m.step.previous()
	if !ok {
		m.info(sp.noBack(m.st.Lang))
		return nil
	}
	if v := m.active(); v != nil && sp.leave != nil {
		sp.leave(&m.state, v)
	}
	return m.enter(prev)
}

// enter makes s the active step. A kept view built from the same choices
// is reused as it was; otherwise a new one is built, sized and started.
func (m *Model) enter(s step) tea.Cmd {
	sp := s.spec()
	key := sp.keyOf(&m.state)
	var cmd tea.Cmd
	p := m.pages[s]
	switch {
	case p == nil || p.key != key || !sp.keep:
		p = &page{view: sp.build(m), key: key}
		m.pages[s] = p
		cmd = p.view.Init()
	case sp.reuse != nil:
		sp.reuse(m, p.view)
	}
	m.step = s
	m.overlay = noOverlay
	m.layout()
	m.log.Info("step", "step", s.String())
	return cmd
}

// dropPagesAfter forgets the cached views of the steps after s.
func (m *Model) dropPagesAfter(s step) {
	for st := range m.pages {
		if st > s {
			delete(m.pages, st)
		}
	}
}
