package results

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views/hostrow"
	"github.com/cenroute/cenroute/views/internal/layout"
)

// Rows around the table: title and summary, the filter or stop note above;
// the selected host's details and the save line below.
const (
	rowsAbove  = 2
	detailRows = 2
	saveRows   = 2
)

// summaryOrder is the order of the counts by status.
var summaryOrder = []string{engine.StatusActive, engine.StatusPresent, engine.StatusCreating, engine.StatusAccepted,
	engine.StatusFailed, engine.StatusStopped, engine.StatusDeleting, engine.StatusDeleted, engine.StatusAbsent}

// SetSize implements views.View.
func (v *View) SetSize(width, height int) {
	v.width, v.height = width, height
	marker := lipgloss.Width(v.mark)
	// The table pads each of its five cells by one column, where
	// hostrow.Layout counts three gaps between its four: two more.
	cols := hostrow.Layout(width - marker - 2)
	titles := hostrow.Headers()
	v.table.SetColumns([]table.Column{
		{Title: "", Width: marker},
		{Title: titles[0], Width: cols.Host},
		{Title: titles[1], Width: cols.Status},
		{Title: titles[2], Width: cols.RequestID},
		{Title: titles[3], Width: cols.Detail},
	})
	v.table.SetWidth(width)
	v.table.SetHeight(max(3, height-rowsAbove-detailRows-saveRows))
}

// View implements views.View.
func (v *View) View() string {
	rows := []string{v.summaryLine(), v.noteLine(), v.table.View()}
	rows = append(rows, v.detailLines()...)
	rows = append(rows, v.saveLines()...)
	return layout.Clip(strings.Join(rows, "\n"), v.width, v.height)
}

// summaryLine is the run's ID and its hosts counted by status, in words.
func (v *View) summaryLine() string {
	counts := map[string]int{}
	for _, r := range v.rows {
		counts[r.Status]++
	}
	parts := []string{v.st.Title.Render("Results of run " + v.report.RunID)}
	for _, status := range summaryOrder {
		if n := counts[status]; n > 0 {
			text, style := v.st.StatusStyle(status)
			parts = append(parts, style.Render(text+" "+strconv.Itoa(n)))
		}
	}
	return strings.Join(parts, "  ")
}

// noteLine warns about a stopped run or an incomplete journal, or says what
// the filter shows.
func (v *View) noteLine() string {
	s := v.st
	switch {
	case v.report.JournalError != "":
		return s.Error.Render(s.Glyphs.Fail + " the run's journal is incomplete (" + v.report.JournalError + "): it may not resume")
	case v.report.Stopped:
		return s.Warning.Render(s.Glyphs.Warn + " the run was stopped; resume it with: cenroute apply --resume " + v.report.RunID)
	case v.failedOnly:
		return s.Muted.Render("showing the " + layout.Plural(len(v.shown), "failed host", "failed hosts") + " (f shows all)")
	case v.failed() > 0:
		return s.Muted.Render("showing all " + layout.Plural(len(v.rows), "host", "hosts") + " (f shows the failed only)")
	}
	return s.Muted.Render("showing all " + layout.Plural(len(v.rows), "host", "hosts"))
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
		text += ", " + layout.Plural(r.Attempts, "attempt", "attempts")
	}
	if d := r.Detail(); d != "" {
		text += "; " + d
	}
	return layout.Fixed(layout.Wrap(text, v.width), detailRows)
}

// saveLines are the save prompt when it is open, else the last save's
// outcome.
func (v *View) saveLines() []string {
	s := v.st
	switch {
	case v.save.open:
		format := "format " + strings.ToUpper(v.save.format) + " (tab switches), enter saves, esc cancels"
		return layout.Fixed(v.save.input.View()+"\n"+s.Muted.Render(format), saveRows)
	case v.save.err != nil:
		return layout.Fixed(s.Error.Render(layout.Wrap(s.Glyphs.Fail+" could not save the report: "+v.save.err.Error(), v.width)), saveRows)
	case v.save.result != "":
		return layout.Fixed(s.Success.Render(layout.Wrap(s.Glyphs.OK+" "+v.save.result, v.width)), saveRows)
	}
	return layout.Fixed("", saveRows)
}
