package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/submit"
)

// stopQuestion is asked on ctrl+c (or q, or s on the submit step) while
// work is in progress; the work is braked until it is answered. Only a run
// whose journal outlives the program can be resumed; a demo run's journal
// goes with the demo world (see journalDir), so demo mode promises nothing
// of the kind.
func (m *Model) stopQuestion() string {
	if m.deps.Demo {
		return m.st.Lang.T("wizard.stop.question_demo")
	}
	return m.st.Lang.T("wizard.stop.question_resumable")
}

// handleKey applies the global keys and hands the rest to the active view.
// Order matters: ctrl+c always works, a terminal too small to show the
// wizard ignores every other key (nothing it would act on is visible), an
// open prompt owns the keys, an overlay owns them until it is closed, and
// bare letters are global only while no text field has focus.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Interrupt) {
		return m.handleInterrupt()
	}
	if m.tooSmall() {
		return nil
	}
	if m.prompt != nil {
		return m.handlePromptKey(msg)
	}
	m.status = status{}
	if m.overlay != noOverlay {
		m.handleOverlayKey(msg)
		return nil
	}
	if cmd, ok := m.handleGlobalKey(msg); ok {
		return cmd
	}
	if m.starting {
		m.info(m.st.Lang.T("wizard.run.starting", i18n.Args{"Ellipsis": m.st.Glyphs.Ellipsis}))
		return nil
	}
	return m.routeToActive(msg)
}

// handleOverlayKey closes the help or about overlay on its closing keys,
// and scrolls a help taller than the screen; every other key is ignored,
// so nothing reaches the hidden view.
func (m *Model) handleOverlayKey(msg tea.KeyMsg) {
	closing := m.keys.Close
	if m.overlay == aboutOverlay {
		closing = m.keys.CloseAbout
	}
	step := 1
	if msg.Type == tea.KeyPgUp || msg.Type == tea.KeyPgDown {
		step = max(1, m.contentH-1)
	}
	switch {
	case key.Matches(msg, closing):
		m.overlay = noOverlay
		m.layout()
	case m.overlay != helpOverlay:
	case key.Matches(msg, m.keys.ScrollUp):
		m.scrollHelp(-step)
	case key.Matches(msg, m.keys.ScrollDown):
		m.scrollHelp(step)
	}
}

// handleGlobalKey handles the root's own keys: F1 and F2 anywhere, and q,
// ? and i only outside text fields, where they are letters like any other.
// ok reports whether msg was one of them.
func (m *Model) handleGlobalKey(msg tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	letters := !m.capturing()
	switch {
	case key.Matches(msg, m.keys.HelpAnywhere), letters && key.Matches(msg, m.keys.Help):
		m.overlay, m.helpTop = helpOverlay, 0
		m.layout()
	case key.Matches(msg, m.keys.AboutAnywhere), letters && key.Matches(msg, m.keys.About):
		m.toggleAbout()
	case letters && key.Matches(msg, m.keys.Quit):
		return m.requestQuit(), true
	default:
		return nil, false
	}
	return nil, true
}

// handleInterrupt is ctrl+c: quit, but while work is running brake it at
// once and ask first. A second ctrl+c (on the question, or while
// stopping) quits at once.
func (m *Model) handleInterrupt() tea.Cmd {
	if m.prompt != nil || m.stopping || !m.runs.busy() {
		return m.quitNow()
	}
	return m.brakeAndAsk()
}

// requestQuit is q (outside text fields) or the results view's quit: like
// ctrl+c, it brakes running work and asks before leaving it.
func (m *Model) requestQuit() tea.Cmd {
	if m.runs.busy() {
		return m.brakeAndAsk()
	}
	return m.quitNow()
}

// requestStop is s on the submit step: brake the run and ask whether to
// stop it. While a question is open or the run is stopping already, it
// does nothing.
func (m *Model) requestStop() tea.Cmd {
	if m.prompt != nil || m.stopping || !m.runs.busy() {
		return nil
	}
	return m.brakeAndAsk()
}

// brakeAndAsk brakes every running run before anything else, so that no
// new call leaves while the operator reads the question (calls in flight
// finish), then asks whether to stop: yes stops the runs, anything else
// lets them go on.
func (m *Model) brakeAndAsk() tea.Cmd {
	m.runs.brake(true)
	m.log.Info("runs braked", "step", m.step.String())
	m.ask(m.stopQuestion(), m.stopRuns, m.releaseRuns)
	return m.toSubmit(submit.BrakedMsg{On: true})
}

// releaseRuns is the answer no: the braked runs go on.
func (m *Model) releaseRuns() tea.Cmd {
	m.runs.brake(false)
	m.log.Info("runs released")
	m.info(m.st.Lang.T("wizard.run.going_on"))
	return m.toSubmit(submit.BrakedMsg{On: false})
}

// toSubmit hands msg to the submit view when it is on screen.
func (m *Model) toSubmit(msg tea.Msg) tea.Cmd {
	if m.step != stepSubmit {
		return nil
	}
	return m.routeToActive(msg)
}

// quitNow ends the program. Running work is aborted by Close, which the
// caller of the program runs once it has returned.
func (m *Model) quitNow() tea.Cmd {
	m.prompt = nil
	m.log.Info("quit", "step", m.step.String(), "running", m.runs.busy())
	return tea.Quit
}

// stopRuns stops running work gracefully: no new calls, in-flight ones
// finish and the journal is written. The run then ends on its own and the
// results show what was done.
func (m *Model) stopRuns() tea.Cmd {
	m.stopping = true
	if m.deps.Demo {
		m.info(m.st.Lang.T("wizard.run.stopping_demo"))
	} else {
		m.info(m.st.Lang.T("wizard.run.stopping_resumable"))
	}
	for _, r := range m.runs.list() {
		r.Stop() // returns at once; the run ends when calls in flight have
	}
	return m.toSubmit(submit.StopRequestedMsg{})
}
