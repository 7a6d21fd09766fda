package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/access"
	"github.com/cenroute/cenroute/views/cens"
	"github.com/cenroute/cenroute/views/describe"
	"github.com/cenroute/cenroute/views/hosts"
	"github.com/cenroute/cenroute/views/regions"
	"github.com/cenroute/cenroute/views/results"
	"github.com/cenroute/cenroute/views/review"
	"github.com/cenroute/cenroute/views/routes"
	"github.com/cenroute/cenroute/views/submit"
	"github.com/cenroute/cenroute/views/vpcs"
)

// anyStep marks a step message that counts wherever it comes from.
const anyStep step = -1

// stepDone recognises the messages with which views report that their
// step is done. It returns the step the message belongs to and the handler
// that moves the wizard on, or a nil handler for any other message.
func (m *Model) stepDone(msg tea.Msg) (step, func() tea.Cmd) {
	switch msg := msg.(type) {
	case views.BackMsg:
		return anyStep, m.back
	case cens.ChosenMsg:
		return stepCEN, func() tea.Cmd { return m.chooseCEN(msg) }
	case cens.ShowRoutesMsg:
		return stepCEN, func() tea.Cmd { return m.showRoutes(msg) }
	case regions.ChosenMsg:
		return stepHostRegion, func() tea.Cmd { return m.chooseRegion(msg) }
	case vpcs.ChosenMsg:
		return stepHostVPC, func() tea.Cmd { return m.chooseVPC(msg) }
	case access.ChosenMsg:
		return stepAccess, func() tea.Cmd { return m.chooseAccess(msg) }
	case hosts.ChosenMsg:
		return stepHosts, func() tea.Cmd { return m.chooseHosts(msg) }
	case describe.ChosenMsg:
		return stepDescribe, func() tea.Cmd { return m.chooseDescription(msg) }
	case review.SubmitMsg:
		return stepReview, func() tea.Cmd { return m.submitPlan(msg) }
	case submit.FinishedMsg:
		return stepSubmit, func() tea.Cmd { return m.finishRun(msg) }
	case submit.StopMsg:
		return stepSubmit, m.requestStop
	case results.RetryMsg:
		return stepResults, func() tea.Cmd { return m.retryFailed(msg) }
	case results.NewPlanMsg:
		return stepResults, m.newPlan
	case results.QuitMsg:
		return stepResults, m.requestQuit
	}
	return 0, nil
}

// whenAt runs a step handler only on the step its message belongs to: a
// view reports its choice only while it is on screen, so a message that
// arrives after the user moved on is a late one and changes nothing.
func (m *Model) whenAt(want step, done func() tea.Cmd) tea.Cmd {
	if want != anyStep && want != m.step {
		return nil
	}
	return done()
}

func (m *Model) chooseCEN(msg cens.ChosenMsg) tea.Cmd {
	m.state.cen = msg.CEN
	return m.enter(stepHostRegion)
}

func (m *Model) showRoutes(msg cens.ShowRoutesMsg) tea.Cmd {
	m.state.routesCEN = msg.CEN
	return m.enter(stepRoutes)
}

func (m *Model) chooseRegion(msg regions.ChosenMsg) tea.Cmd {
	m.state.hostRegion = msg.Region
	return m.enter(stepHostVPC)
}

func (m *Model) chooseVPC(msg vpcs.ChosenMsg) tea.Cmd {
	m.state.vpc = msg.VPC
	cmd := m.enter(stepAccess)
	// A cached access view keeps its regions and selection for another
	// VPC; the rule it judges them with must know the VPC now chosen.
	m.pages[stepAccess].view.(*access.View).SetJudge(m.state.accessJudge())
	return cmd
}

func (m *Model) chooseAccess(msg access.ChosenMsg) tea.Cmd {
	m.state.access = msg.Regions
	return m.enter(stepHosts)
}

func (m *Model) chooseHosts(msg hosts.ChosenMsg) tea.Cmd {
	m.state.hosts, m.state.present, m.state.hostsText = msg.Hosts, msg.Present, msg.Text
	return m.enter(stepDescribe)
}

func (m *Model) chooseDescription(msg describe.ChosenMsg) tea.Cmd {
	m.state.description = msg.Description
	return m.enter(stepReview)
}

func (m *Model) finishRun(msg submit.FinishedMsg) tea.Cmd {
	m.state.report = msg.Report
	m.stopping = false
	m.log.Info("run finished", "run", msg.Report.RunID, "failed", msg.Report.Failed(), "stopped", msg.Report.Stopped)
	switch {
	case msg.Report.Stopped && m.deps.Demo:
		m.info("Run stopped: r sends the stopped hosts now.")
	case msg.Report.Stopped:
		m.info("Run stopped: r sends the stopped hosts now, or resume it at the next start.")
	}
	return m.enter(stepResults)
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
	prev, ok := m.step.previous()
	if !ok {
		m.explainNoBack()
		return nil
	}
	m.keepHostsText()
	return m.enter(prev)
}

// explainNoBack says why Esc does nothing here.
func (m *Model) explainNoBack() {
	switch m.step {
	case stepCEN:
		m.info("This is the first step: q quits.")
	case stepSubmit:
		m.info("The run is in progress: ctrl+c stops it.")
	case stepResults:
		m.info("n starts a new plan on the same CEN; q quits.")
	}
}

// textView is implemented by views that hold text the user typed.
type textView interface{ Text() string }

// keepHostsText saves the editor's text when the user leaves the hosts
// step backwards, so that a rebuilt editor (after other access regions
// were chosen) starts with the same lines: no entry is ever lost.
func (m *Model) keepHostsText() {
	if m.step != stepHosts {
		return
	}
	if t, ok := m.active().(textView); ok {
		m.state.hostsText = t.Text()
	}
}

// enter makes s the active step. A cached view built from the same inputs
// is reused as it was; otherwise a new one is built, sized and started.
func (m *Model) enter(s step) tea.Cmd {
	key := m.state.key(s)
	var cmd tea.Cmd
	p := m.pages[s]
	if p == nil || p.key != key || !s.cacheable() {
		p = &page{view: m.build(s), key: key}
		m.pages[s] = p
		cmd = p.view.Init()
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

// build makes the view of step s from the current state.
func (m *Model) build(s step) views.View {
	c, st, w := m.reader, m.st, &m.state
	switch s {
	case stepHostRegion:
		return regions.New(c, st, w.cen.ID)
	case stepHostVPC:
		return vpcs.New(c, st, w.cen.ID, w.hostRegion.ID)
	case stepAccess:
		return access.New(c, st, w.cen.ID, w.hostRegion.ID, w.accessJudge())
	case stepHosts:
		target := hosts.Target{CenID: w.cen.ID, HostRegionID: w.hostRegion.ID, HostVpcID: w.vpc.ID,
			AccessRegionIDs: w.accessIDs()}
		return hosts.New(c, st, target, w.hostsText)
	case stepDescribe:
		return describe.New(st, w.description)
	case stepReview:
		return review.New(st, w.plan(), m.preparer())
	case stepSubmit:
		return submit.New(st, w.run, w.runPlan, w.runPresent)
	case stepResults:
		return results.New(st, w.report, results.Options{ReportDir: m.deps.ReportDir, Room: m.deps.ReportRoom,
			ReportNote: m.deps.ReportNote, Resumable: !m.deps.Demo})
	case stepRoutes:
		return routes.New(c, st, w.routesCEN, m.deleter())
	}
	return cens.New(c, st)
}
