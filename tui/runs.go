package tui

import (
	"context"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/routes"
)

// runTracker knows the engine runs of this session: which are still
// going, so that quitting can brake them and ask first and Close can end
// them, and how each ended, so that the program can say on exit what was
// left undone. Deletions are started by the routes view through a Deleter,
// possibly from a command's goroutine, hence the mutex.
type runTracker struct {
	mu   sync.Mutex
	runs []*engine.Run // in the order started; a resumed run comes again, under its ID
}

func newRunTracker() *runTracker { return &runTracker{} }

// add tracks run.
func (t *runTracker) add(run *engine.Run) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.runs = append(t.runs, run)
}

// list returns the runs still going.
func (t *runTracker) list() []*engine.Run {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []*engine.Run
	for _, r := range t.runs {
		select {
		case <-r.Done():
		default:
			out = append(out, r)
		}
	}
	return out
}

// busy reports whether any run is still going.
func (t *runTracker) busy() bool { return len(t.list()) > 0 }

// brake brakes every run still going (on), or releases them.
func (t *runTracker) brake(on bool) {
	for _, r := range t.list() {
		if on {
			r.Brake()
		} else {
			r.Release()
		}
	}
}

// abortAll aborts every run and waits for each to end (calls in flight
// are cancelled; the journals keep the runs resumable).
func (t *runTracker) abortAll() {
	for _, r := range t.list() {
		r.Abort()
		r.Wait()
	}
}

// unfinished returns, once every run has ended, the reports of the runs
// that stopped with hosts left to do: the latest life of each run (a run
// stopped, then resumed to its end, is finished).
func (t *runTracker) unfinished() []engine.Report {
	t.mu.Lock()
	latest := map[string]*engine.Run{}
	var order []string
	for _, r := range t.runs {
		if latest[r.ID()] == nil {
			order = append(order, r.ID())
		}
		latest[r.ID()] = r
	}
	t.mu.Unlock()
	var out []engine.Report
	for _, id := range order {
		if rep := latest[id].Wait(); rep.Stopped {
			out = append(out, rep)
		}
	}
	return out
}

// startRun asks the engine to start plan in a command: from prep, the
// review's check of the plan, when given, else after checking the plan
// the same way (engine.Check: the target rule, then the existing
// entries), so that no path sends a call the rule rejects. The reply is a
// runStartedMsg. Keys are held back until it arrives, so that a double
// Enter cannot start the same plan twice.
func (m *Model) startRun(plan engine.Plan, present []string, prep *engine.Prepared) tea.Cmd {
	ticket, eng, reader, ctx := m.nextStart(), m.deps.Engine, m.reader, m.ctx
	m.info(m.st.Lang.T("wizard.run.starting", i18n.Args{"Ellipsis": m.st.Glyphs.Ellipsis}))
	m.log.Info("start run", "cen", plan.CenID, "hosts", len(plan.Hosts), "access", plan.AccessRegionIDs, "prepared", prep != nil)
	return func() tea.Msg {
		if prep == nil {
			checked, problems, err := eng.Check(ctx, reader, plan)
			if err == nil && len(problems) > 0 {
				err = rejection(problems)
			}
			if err != nil {
				return runStartedMsg{ticket: ticket, plan: plan, present: present, err: err}
			}
			prep = &checked
		}
		run, err := eng.StartPrepared(ctx, *prep)
		return runStartedMsg{ticket: ticket, run: run, plan: plan, present: present, err: err}
	}
}

// nextStart issues the ticket of a request to start a run and holds the
// keys until its answer: only the latest request is awaited.
func (m *Model) nextStart() views.Ticket {
	m.starting = true
	return m.starts.Next()
}

// checkUnfinished looks for journals of runs that did not finish.
func (m *Model) checkUnfinished() tea.Cmd {
	eng := m.deps.Engine
	return func() tea.Msg {
		runs, err := eng.Unfinished()
		return unfinishedMsg{runs: runs, err: err}
	}
}

// handleUnfinished offers to resume the newest unfinished run made as
// this session's AccessKey at its endpoint, unless the user has already
// moved on. A run of another account or endpoint is not offered: resuming
// it here would send its hosts to the wrong place ('cenroute apply
// --resume' still can, with a warning).
func (m *Model) handleUnfinished(msg unfinishedMsg) tea.Cmd {
	if msg.err != nil {
		m.fail(func(l *i18n.Localizer) string { return l.T("wizard.run.unfinished_failed") }, msg.err)
		return nil
	}
	info, ok := newestApply(msg.runs, m.deps.Engine.Owns)
	m.log.Info("unfinished runs", "found", len(msg.runs), "ours", ok)
	if !ok || m.step != stepCEN || m.runs.busy() || m.prompt != nil {
		return nil
	}
	q := m.st.Lang.T("wizard.resume.question", i18n.Args{"Run": info.ID, "Count": info.Total - info.Settled})
	m.ask(q, func() tea.Cmd { return m.resume(info) }, nil)
	return nil
}

// newestApply picks the newest unfinished submission whose label owns
// accepts (runs come newest first). Unfinished deletions are not offered:
// the wizard follows a deletion inside the routes view, which starts its
// own. Nor are runs live in another process or session: the engine would
// refuse to resume them.
func newestApply(runs []engine.RunInfo, owns func(label string) bool) (engine.RunInfo, bool) {
	for _, r := range runs {
		if r.Kind == engine.KindApply && !r.Busy && owns(r.Label) {
			return r, true
		}
	}
	return engine.RunInfo{}, false
}

// resume continues a journalled run once the target rule accepts its
// plan's target as the CEN is now (a journal may come from before the
// rule, or the CEN may have changed); the reply is a runStartedMsg.
func (m *Model) resume(info engine.RunInfo) tea.Cmd {
	ticket, eng, reader, ctx := m.nextStart(), m.deps.Engine, m.reader, m.ctx
	m.info(m.st.Lang.T("wizard.resume.resuming", i18n.Args{"Run": info.ID, "Ellipsis": m.st.Glyphs.Ellipsis}))
	m.log.Info("resume run", "run", info.ID)
	return func() tea.Msg {
		problems, err := engine.CheckTarget(ctx, reader, info.Plan.Target(), engine.ForCreate)
		if err == nil && len(problems) > 0 {
			err = rejection(problems)
		}
		if err != nil {
			return runStartedMsg{ticket: ticket, plan: info.Plan, err: err, resumed: true}
		}
		run, err := eng.Resume(ctx, info.ID)
		return runStartedMsg{ticket: ticket, run: run, plan: info.Plan, err: err, resumed: true}
	}
}

// handleRunStarted shows a run that has started. A reply nobody waits for
// any more still carries a live run: it is stopped gracefully (and stays
// resumable) rather than left running unseen.
func (m *Model) handleRunStarted(msg runStartedMsg) tea.Cmd {
	if !m.starts.Current(msg.ticket) {
		if msg.run != nil {
			m.log.Info("a run nobody waits for is stopped", "run", msg.run.ID())
			m.runs.add(msg.run)
			go msg.run.Stop()
		}
		return nil
	}
	m.starting = false
	if msg.err != nil {
		m.fail(func(l *i18n.Localizer) string { return l.T("wizard.run.start_failed") }, msg.err)
		return nil
	}
	m.status = status{}
	m.runs.add(msg.run)
	if msg.resumed {
		m.state.fromPlan(msg.plan)
	}
	m.state.run, m.state.runPlan, m.state.runPresent = msg.run, msg.plan, msg.present
	m.log.Info("run started", "run", msg.run.ID())
	// The run changes which hosts are present: later steps must reload.
	m.dropPagesAfter(stepHostRegion)
	return m.enter(stepSubmit)
}

// deleter lets the routes view delete entries through the engine, with
// the run tracked like a submission.
func (m *Model) deleter() routes.Deleter {
	eng, runs, log := m.deps.Engine, m.runs, m.log
	return func(ctx context.Context, entries []cenapi.RouteService) (*engine.Run, error) {
		run, err := eng.StartDelete(ctx, engine.NewDeletePlan(entries))
		if err != nil {
			return nil, err
		}
		log.Info("delete run started", "run", run.ID(), "entries", len(entries))
		runs.add(run)
		return run, nil
	}
}
