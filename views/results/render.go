package results

import (
	"strconv"
	"strings"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
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
	parts := []string{v.st.Title.Render(v.st.Lang.T("run.results.title", i18n.Args{"RunID": v.report.RunID}))}
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
	s, lang := v.st, v.st.Lang
	var text string
	switch {
	case v.report.JournalError != "":
		text = s.Error.Render(layout.Wrap(s.Glyphs.Fail+" "+lang.T("run.results.journal_incomplete",
			i18n.Args{"Error": v.report.JournalError}), v.width))
	case v.report.Halt != nil:
		text = s.Error.Render(layout.Wrap(s.Glyphs.Fail+" "+lang.T("run.results.halted",
			i18n.Args{"Halt": views.HaltText(lang, *v.report.Halt)}), v.width))
		if v.opts.Resumable {
			text += "\n" + s.Warning.Render(layout.Wrap("  cenroute apply --resume "+v.report.RunID, v.width))
		}
	case v.report.Stopped && v.opts.Resumable:
		text = s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" "+lang.T("run.results.stopped_resumable"), v.width)) + "\n" +
			s.Warning.Render(layout.Wrap("  cenroute apply --resume "+v.report.RunID, v.width))
	case v.report.Stopped:
		text = s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" "+lang.T("run.results.stopped_demo"), v.width))
	case v.failedOnly:
		text = s.Muted.Render(layout.Wrap(lang.T("run.results.showing_failed", i18n.Args{"Count": len(v.shown)}), v.width))
	case v.failed() > 0:
		text = s.Muted.Render(layout.Wrap(lang.T("run.results.showing_all_filter", i18n.Args{"Count": len(v.rows)}), v.width))
	default:
		text = s.Muted.Render(layout.Wrap(lang.T("run.results.showing_all", i18n.Args{"Count": len(v.rows)}), v.width))
	}
	return strings.Split(text, "\n")
}

// detailLines spell out the selected host in full: its RequestId, the
// attempts, and why it failed.
func (v *View) detailLines() []string {
	lang := v.st.Lang
	r, ok := v.selected()
	if !ok {
		return layout.Fixed(v.st.Muted.Render(lang.T("run.results.no_host")), detailRows)
	}
	facts := []string{v.st.StatusWord(r.Status)}
	if r.RequestID != "" {
		facts = append(facts, lang.T("run.results.request_id", i18n.Args{"RequestID": r.RequestID}))
	}
	if r.Attempts > 0 {
		facts = append(facts, lang.T("run.results.attempts", i18n.Args{"Count": r.Attempts}))
	}
	args := i18n.Args{"Host": r.Host, "Facts": strings.Join(facts, lang.T("run.list_separator"))}
	text := lang.T("run.results.detail", args)
	if d := r.Detail(lang); d != "" {
		args["Detail"] = d
		text = lang.T("run.results.detail_why", args)
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
