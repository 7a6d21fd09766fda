package submit

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/internal/table"
	"github.com/cenroute/cenroute/views/layout"
)

// Rows above the host list besides the title, which wraps (bar, clock,
// counts, column titles), and below it (where the list stands, or that the
// run is stopping).
const (
	rowsAbove = 4
	rowsBelow = 1
)

// countOrder is the order in which the counts by state are shown: the way
// a host goes.
var countOrder = []string{
	string(engine.EventQueued), string(engine.EventSending), string(engine.EventRetrying),
	string(engine.EventAccepted), string(engine.EventCreating), engine.StatusActive, engine.StatusPresent,
	engine.StatusFailed, engine.StatusStopped, engine.StatusDeleting, engine.StatusDeleted, engine.StatusAbsent,
}

// listRows is how many hosts the list shows at once.
func (v *View) listRows() int {
	return max(1, v.height-len(v.titleLines())-rowsAbove-rowsBelow)
}

// View implements views.View. It draws only the visible rows, so its cost
// does not grow with the number of hosts.
func (v *View) View() string {
	rows := append(v.titleLines(), v.barLine(), v.clockLine(), v.countsLine(), v.tbl.Header())
	win := v.win // the title may wrap to more lines than at the last key
	win.Resize(len(v.rows), v.listRows())
	for _, r := range v.rows[win.Top():win.End()] {
		rows = append(rows, v.tbl.Draw(r.Draw(v.st, false)))
	}
	for range win.Height() - (win.End() - win.Top()) {
		rows = append(rows, "")
	}
	rows = append(rows, v.footerLine(win))
	return layout.Clip(strings.Join(rows, "\n"), v.width, v.height, v.st.Glyphs.Ellipsis)
}

// titleLines say what the run does and where it stands, wrapped: the
// access regions can be many.
func (v *View) titleLines() []string {
	s, p, lang := v.st, v.plan, v.st.Lang
	state := lang.T("run.submit.state.submitting")
	switch {
	case v.finished:
		state = lang.T("run.submit.state.finished")
	case v.stopping:
		state = lang.T("run.submit.state.stopping") + s.Glyphs.Ellipsis
	case v.braked:
		state = lang.T("run.submit.state.paused")
	}
	text := s.Title.Render(lang.T("run.submit.title", i18n.Args{"RunID": v.runID})) + "  " + s.Bold.Render(state)
	if p.CenID != "" {
		text += s.Muted.Render("  " + lang.T("run.submit.target", i18n.Args{"CenID": p.CenID,
			"HostRegionID": p.HostRegionID, "AccessRegionIDs": strings.Join(p.AccessRegionIDs, ", ")}))
	}
	return strings.Split(layout.Wrap(text, v.width), "\n")
}

// barLine is the progress bar and the settled count. The bar is the
// theme's fill glyphs (# and - in ASCII mode), so it reads without colour.
//
// Why not bubbles/progress: it needs github.com/charmbracelet/harmonica,
// whose checksum the module does not record; with a fixed percentage and
// no animation it would draw exactly this.
func (v *View) barLine() string {
	total := len(v.rows)
	label := " " + v.st.Lang.T("run.submit.settled", i18n.Args{"Done": v.done, "Total": total})
	width := max(4, v.width-lipgloss.Width(label))
	filled := width
	if total > 0 {
		filled = width * v.done / total
	}
	g := v.st.Glyphs
	return v.st.Accent.Render(strings.Repeat(g.ProgressOn, filled)) +
		v.st.Muted.Render(strings.Repeat(g.ProgressOff, width-filled)) + label
}

// clockLine is the elapsed time, the calls sent and their rate.
func (v *View) clockLine() string {
	args := i18n.Args{"Elapsed": formatElapsed(v.elapsed()), "Count": v.calls}
	text := v.st.Lang.T("run.submit.clock", args)
	if r := v.rate(); r != "" {
		args["Rate"] = r
		text = v.st.Lang.T("run.submit.clock_rate", args)
	}
	return v.st.Muted.Render(text)
}

// countsLine is how many hosts are in each state, in words.
func (v *View) countsLine() string {
	var parts []string
	for _, status := range countOrder {
		if n := v.counts[status]; n > 0 {
			text, style := v.st.StatusStyle(status)
			parts = append(parts, style.Render(text+" "+strconv.Itoa(n)))
		}
	}
	return strings.Join(parts, "  ")
}

// footerLine says that the run is stopping, or which hosts are shown.
func (v *View) footerLine(win table.Window) string {
	s := v.st
	switch {
	case v.finished:
	case v.stopping:
		return s.Warning.Render(s.Glyphs.Warn + " " + s.Lang.T("run.submit.stopping"))
	case v.braked:
		return s.Warning.Render(s.Glyphs.Warn + " " + s.Lang.T("run.submit.paused"))
	}
	if win.Fits() {
		return ""
	}
	return s.Muted.Render(s.Lang.T("run.submit.window", i18n.Args{"From": win.Top() + 1, "To": win.End(), "Total": len(v.rows)}))
}
