// Package results is the wizard's last step: a table of every host of the
// run with its status, RequestId and, for a failure, its code and message.
// From here the operator sends the failed and stopped hosts again, saves
// the report as JSON or CSV, starts a new plan on the same CEN, or quits.
package results

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/hostrow"
	"github.com/cenroute/cenroute/views/internal/table"
	"github.com/cenroute/cenroute/views/savefile"
)

// RetryMsg asks for a new run of the same plan with only these hosts: the
// ones that failed, and those a stopped run did not finish.
type RetryMsg struct {
	Hosts []string
}

// Options are what the view needs to know of the session it runs in.
type Options struct {
	// ReportDir is where "save" proposes to write ("" for the current
	// directory); the operator may name another path. Unused with Room.
	ReportDir string
	// Room, when set, is the only directory reports are saved in: that of
	// a session of a server, whose operator must not name paths on it.
	// "save" then writes there at once, under a name of its own, and the
	// report is offered on screen and through the clipboard instead.
	Room string
	// ReportNote, when set, is said with the save prompt and with its
	// outcome: that the directory goes away with the session, say.
	ReportNote string
	// Resumable says that the run's journal outlives the program, so that
	// a stopped run can also be resumed later with 'cenroute apply
	// --resume'. Demo runs cannot: their journals go with the demo world.
	Resumable bool
}

// NewPlanMsg asks for a new plan on the same CEN.
type NewPlanMsg struct{}

// QuitMsg asks to leave cenroute.
type QuitMsg struct{}

// View is the results step.
type View struct {
	st     *theme.Styles
	keys   keyMap
	report engine.Report
	opts   Options

	rows       []hostrow.Row // every host, in report order
	shown      []int         // indices into rows that pass the filter
	failedOnly bool
	tbl        *table.Table
	win        table.Window // over shown

	saver *savefile.Saver
	// copied is the outcome of the last copy to the clipboard; tooBig
	// says it was refused for its size.
	copied string
	tooBig bool
	pane   pane
	width  int
	height int
}

var _ views.View = (*View)(nil)

// New shows report.
func New(st *theme.Styles, report engine.Report, opts Options) *View {
	v := &View{st: st, keys: newKeyMap(st.Lang), report: report, opts: opts,
		tbl: table.New(st, hostrow.Columns(st.Lang), hostrow.Options(true)), win: table.NewWindow(true)}
	for _, h := range report.Hosts {
		r := hostrow.FromResult(st.Lang, h)
		v.rows = append(v.rows, r)
		v.tbl.GrowRow(r.Cells(st))
	}
	v.saver = savefile.New(st, savefile.Options{Dir: opts.ReportDir, Room: opts.Room, Note: opts.ReportNote},
		st.Lang.T("run.results.report"), true)
	v.SetSize(80, 20)
	v.applyFilter()
	return v
}

// Init implements views.View; the report is already there.
func (v *View) Init() tea.Cmd { return nil }

// Title implements views.View.
func (v *View) Title() string { return v.st.Lang.T("run.results.step") }

// Capturing implements views.View: true while the save prompt or its
// overwrite question is open.
func (v *View) Capturing() bool { return v.saver.Capturing() }

// Update implements views.View. The lines around the table may change
// height with any message (the save prompt, its outcome), so the table is
// fitted again after each.
func (v *View) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case v.saver.Capturing():
			cmd = v.saver.HandleKey(msg)
		case v.pane.open:
			cmd = v.handlePaneKey(msg)
		default:
			cmd = v.handleKey(msg)
		}
	default:
		if !v.saver.Update(msg) {
			return nil
		}
	}
	v.fitTable()
	return cmd
}

// handleKey runs the table's keys and the step's actions.
func (v *View) handleKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, v.keys.Retry):
		return v.retry()
	case key.Matches(k, v.keys.Save):
		return v.saveReport()
	case key.Matches(k, v.keys.Show):
		v.togglePane()
	case key.Matches(k, v.keys.Copy):
		return v.copyReport()
	case key.Matches(k, v.keys.Filter):
		v.failedOnly = !v.failedOnly
		v.applyFilter()
	case key.Matches(k, v.keys.NewPlan):
		return func() tea.Msg { return NewPlanMsg{} }
	case key.Matches(k, v.keys.Quit):
		return func() tea.Msg { return QuitMsg{} }
	case key.Matches(k, v.keys.Back):
		return views.Back
	default:
		v.win.Follow(k, v.keys.Moves)
	}
	return nil
}

// retry asks for a run of the failed and the stopped hosts.
func (v *View) retry() tea.Cmd {
	hosts := v.unfinished()
	if len(hosts) == 0 {
		return nil
	}
	return func() tea.Msg { return RetryMsg{Hosts: hosts} }
}

// unfinished lists the hosts that a new run would send: failed, or left
// by a stopped run.
func (v *View) unfinished() []string {
	var hosts []string
	for _, r := range v.rows {
		if r.Status == engine.StatusFailed || r.Status == engine.StatusStopped {
			hosts = append(hosts, r.Host)
		}
	}
	return hosts
}

// applyFilter rebuilds the table's rows from the filter.
func (v *View) applyFilter() {
	v.shown = v.shown[:0]
	for i, r := range v.rows {
		if !v.failedOnly || r.Status == engine.StatusFailed {
			v.shown = append(v.shown, i)
		}
	}
	v.win = table.NewWindow(true)
	v.enableKeys()
	v.fitTable()
}

// selected is the row under the cursor, if any.
func (v *View) selected() (hostrow.Row, bool) {
	c := v.win.Cursor()
	if c >= len(v.shown) {
		return hostrow.Row{}, false
	}
	return v.rows[v.shown[c]], true
}

// failed counts the failed hosts.
func (v *View) failed() int { return v.report.Failed() }
