package results

import (
	"strconv"
	"strings"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/layout"
)

// Rows around the table: the summary and a note (one line or more) above;
// the selected host's details and at least two lines of the save prompt or
// its outcome below.
const (
	detailRows = 2
	saveRows   = 2
)

// summaryOrder is the order of the counts by status.
var summaryOrder = []string{engine.StatusActive, engine.StatusPresent, engine.StatusCreating, engine.StatusAccepted,
	engine.StatusFailed, engine.StatusStopped, engine.StatusDeleting, engine.StatusDeleted, engine.StatusAbsent}

// SetSize implements views.View.
func (v *View) SetSize(width, height int) {
	v.width, v.height = width, height
	v.tbl.SetWidth(width)
	v.fitTable()
	v.pane.wrap(width)
}

// tableRows is how many lines the table gets (its header included): the
// note and the save lines wrap, so their height follows the width and
// the state.
func (v *View) tableRows() int {
	around := len(v.summaryLines()) + len(v.noteLines()) + detailRows + len(v.saveLines())
	return max(3, v.height-around)
}

// fitTable sizes the table's window of rows to the room the lines around
// it leave.
func (v *View) fitTable() {
	v.win.Resize(len(v.shown), v.tableRows()-1)
	v.pane.win.Resize(len(v.pane.lines), v.tableRows()-1)
}

// tableLines are the header and the window of rows, padded to the
// table's height.
func (v *View) tableLines() []string {
	lines := []string{v.tbl.Header()}
	for pos := v.win.Top(); pos < v.win.End(); pos++ {
		lines = append(lines, v.tbl.Draw(v.rows[v.shown[pos]].Draw(v.st, pos == v.win.Cursor())))
	}
	return layout.Fixed(strings.Join(lines, "\n"), v.win.Height()+1)
}

// View implements views.View.
func (v *View) View() string {
	rows := append(v.summaryLines(), v.noteLines()...)
	if v.pane.open {
		rows = append(rows, v.paneLines()...)
	} else {
		rows = append(rows, v.tableLines()...)
	}
	rows = append(rows, v.detailLines()...)
	rows = append(rows, v.saveLines()...)
	return layout.Clip(strings.Join(rows, "\n"), v.width, v.height, v.st.Glyphs.Ellipsis)
}

// summaryLines are the run's ID and its hosts counted by status, in
// words, wrapped: on a narrow screen no count is cut off.
func (v *View) summaryLines() []string {
	counts := map[string]int{}
	for _, r := range v.rows {
		counts[r.Status]++
	}
	parts := []string{v.st.Title.Render("Results of run " + v.report.RunID)}
	for _, status := range summaryOrder {
		if n := counts[status]; n > 0 {
			text, style := v.st.StatusStyle(status)
			// No-break spaces keep a count with its word; they are
			// shown as spaces.
			parts = append(parts, style.Render(strings.ReplaceAll(text, " ", "\u00a0")+"\u00a0"+strconv.Itoa(n)))
		}
	}
	return strings.Split(strings.ReplaceAll(layout.Wrap(strings.Join(parts, "  "), v.width), "\u00a0", " "), "\n")
}

// noteLines warn about an incomplete journal or a stopped run, or say what
// the filter shows. They wrap: the resume command is on a line of its own,
// whole, so that it can be copied.
func (v *View) noteLines() []string {
	s := v.st
	var text string
	switch {
	case v.report.JournalError != "":
		text = s.Error.Render(layout.Wrap(s.Glyphs.Fail+" the run's journal is incomplete ("+v.report.JournalError+
			"): it may not resume", v.width))
	case v.report.Halt != nil:
		text = s.Error.Render(layout.Wrap(s.Glyphs.Fail+" the run stopped: the API refused the credentials: "+
			v.report.Halt.Text()+". Once that is done, r sends the stopped hosts", v.width))
		if v.opts.Resumable {
			text += "\n" + s.Warning.Render(layout.Wrap("  cenroute apply --resume "+v.report.RunID, v.width))
		}
	case v.report.Stopped && v.opts.Resumable:
		text = s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" the run was stopped: r sends the stopped hosts now; "+
			"to resume it later:", v.width)) + "\n" +
			s.Warning.Render(layout.Wrap("  cenroute apply --resume "+v.report.RunID, v.width))
	case v.report.Stopped:
		text = s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" the run was stopped: r sends the stopped hosts now; "+
			"a demo run cannot be resumed once cenroute exits.", v.width))
	case v.failedOnly:
		text = s.Muted.Render("showing the " + views.Plural(len(v.shown), "failed host", "failed hosts") + " (f shows all)")
	case v.failed() > 0:
		text = s.Muted.Render("showing all " + views.Plural(len(v.rows), "host", "hosts") + " (f shows the failed only)")
	default:
		text = s.Muted.Render("showing all " + views.Plural(len(v.rows), "host", "hosts"))
	}
	return strings.Split(text, "\n")
}

// detailLines spell out the selected host in full: its RequestId, the
// attempts, and why it failed.
func (v *View) detailLines() []string {
	r, ok := v.selected()
	if !ok {
		return layout.Fixed(v.st.Muted.Render("no host to show"), detailRows)
	}
	text := r.Host + ": " + r.Status
	if r.RequestID != "" {
		text += ", RequestId " + r.RequestID
	}
	if r.Attempts > 0 {
		text += ", " + views.Plural(r.Attempts, "attempt", "attempts")
	}
	if d := r.Detail(); d != "" {
		text += "; " + d
	}
	return layout.Fixed(layout.Wrap(text, v.width), detailRows)
}

// saveLines are the save prompt or its overwrite question when open, else
// the last save's outcome, with the session's note about the report
// directory; wrapped, at least saveRows lines.
func (v *View) saveLines() []string {
	s := v.st
	text := v.saver.Text(v.width)
	switch {
	case text != "":
	case v.copied != "" && v.tooBig:
		text = s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" "+v.copied, v.width))
	case v.copied != "":
		text = s.Success.Render(layout.Wrap(s.Glyphs.OK+" "+v.copied, v.width))
	}
	return layout.Fixed(text, max(saveRows, strings.Count(text, "\n")+1))
}
