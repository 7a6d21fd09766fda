package syncplan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/table"
	"github.com/cenroute/cenroute/views/layout"
	"github.com/cenroute/cenroute/views/picker"
)

// The table's columns; the action and status are painted.
const (
	colAction = iota
	colStatus
)

// maxListed bounds the failures listed under the table.
const maxListed = 3

func columns() []table.Column {
	return []table.Column{
		{Title: "ACTION", Width: len(actDiffers), Min: len(actReplace)},
		{Title: "STATUS", Width: 10, Min: 10},
		{Title: "HOST", Width: 18, Whole: true},
		{Title: "HOST REGION", Whole: true},
		{Title: "ACCESS REGION", Whole: true},
		{Title: "HOST VPC"},
		{Title: "DESCRIPTION", Fill: true},
	}
}

// cells are a row's plain text: a change of VPC or description shows as
// "old -> new".
func (v *View) cells(r row) []string {
	vpc, desc := r.entry.HostVpcID, strconv.Quote(r.entry.Description)
	if r.from != nil {
		vpc = changed(r.from.HostVpcID, vpc)
		desc = changed(strconv.Quote(r.from.Description), desc)
	}
	status, _ := v.st.StatusStyle(v.status(r).Status)
	if v.status(r).Status == "" {
		status = ""
	}
	return []string{r.action, status, r.entry.Host, r.entry.HostRegionID, r.entry.AccessRegionID, vpc, desc}
}

// changed is "from -> to", or the value alone when it does not change.
func changed(from, to string) string {
	if from == to {
		return to
	}
	return from + " -> " + to
}

// actionStyle paints an action: meaning is in its word, colour only
// helps.
func (v *View) actionStyle(action string) lipgloss.Style {
	switch action {
	case actCreate:
		return v.st.Success
	case actDelete:
		return v.st.Error
	case actReplace, actDiffers:
		return v.st.Warning
	}
	return v.st.Muted
}

// SetSize implements views.View.
func (v *View) SetSize(width, height int) {
	v.width, v.height = width, height
	v.tbl.SetWidth(width)
	v.fit()
}

// fit sizes the table's window to the room the lines around it leave.
func (v *View) fit() {
	v.win.Resize(len(v.rows), max(1, v.height-len(v.above())-len(v.below())-1))
}

// View implements views.View.
func (v *View) View() string {
	lines := v.above()
	if len(v.rows) > 0 {
		v.fit()
		lines = append(lines, v.tbl.Header())
		for pos := v.win.Top(); pos < v.win.End(); pos++ {
			lines = append(lines, v.draw(v.rows[pos], pos == v.win.Cursor()))
		}
	}
	lines = append(lines, v.below()...)
	return layout.Clip(strings.Join(lines, "\n"), v.width, v.height, v.st.Glyphs.Ellipsis)
}

// draw is one row of the table.
func (v *View) draw(r row, cursor bool) string {
	_, statusStyle := v.st.StatusStyle(v.status(r).Status)
	return v.tbl.Draw(table.Row{Cells: v.cells(r), Cursor: cursor, Paint: func(c int, text string) string {
		switch c {
		case colAction:
			return v.actionStyle(r.action).Render(text)
		case colStatus:
			return statusStyle.Render(text)
		}
		return text
	}})
}

// above are the title, where the check stands (or the counts), and the
// options.
func (v *View) above() []string {
	s := v.st
	lines := []string{s.Title.Render(layout.Fit("Sync "+v.file+cenOf(v.diff), v.width, s.Glyphs.Ellipsis))}
	switch v.state {
	case checking:
		text := s.Muted.Render("checking the file against the CEN" + s.Glyphs.Ellipsis)
		if v.retry != nil {
			text += " " + s.Warning.Render(views.RetryText(s.Lang, *v.retry, s.Glyphs.Ellipsis))
		}
		lines = append(lines, text)
	case checkFailed:
		lines = append(lines, picker.ErrorLines(s, "Could not check the file against the CEN", v.err, v.width)...)
	case rejected:
		lines = append(lines, s.Error.Render(s.Glyphs.Fail+" Nothing can be sent: fix the file, then r reads it again"))
		for _, p := range v.problems {
			lines = append(lines, s.Error.Render(layout.Wrap("  "+p, v.width)))
		}
	default:
		lines = append(lines, layout.Wrap(v.counts(), v.width))
	}
	return append(lines, s.Muted.Render(layout.Wrap(v.optionsLine(), v.width)))
}

// cenOf is " to CEN-ID" once the CEN is known.
func cenOf(d engine.SyncDiff) string {
	if d.CenID == "" {
		return ""
	}
	return " to " + d.CenID
}

// counts says the difference in numbers, and the calls it takes.
func (v *View) counts() string {
	d := v.diff
	text := fmt.Sprintf("%d to create, %d to delete, %d to replace, %d unchanged", len(d.Creates), len(d.Deletes),
		len(d.Replaces), len(d.Unchanged))
	if n := len(d.Extras); n > 0 {
		text += fmt.Sprintf(", %d extra kept", n)
	}
	if n := len(d.Changes); n > 0 {
		text += fmt.Sprintf(", %d differing kept", n)
	}
	if d.Calls() == 0 {
		return text + ": nothing to send"
	}
	return text + ": " + views.Plural(d.Calls(), "call", "calls")
}

// optionsLine says what p and x do now.
func (v *View) optionsLine() string {
	on := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	return "prune " + on(v.opts.Prune) + " (p: delete the entries the file does not want) · replace " + on(v.opts.Replace) +
		" (x: replace the entries that differ from it)"
}

// below are the selected row's detail, and the question, the progress or
// the outcome, or what the keys do.
func (v *View) below() []string {
	s := v.st
	lines := []string{v.detail()}
	switch {
	case v.state == confirming:
		d := v.diff
		lines = append(lines, s.Warning.Render(layout.Wrap(fmt.Sprintf("Sync %s to %s: %d to create, %d to delete, %d to replace, in %s? y/N",
			v.file, d.CenID, len(d.Creates), len(d.Deletes), len(d.Replaces), views.Plural(d.Calls(), "call", "calls")), v.width)))
	case v.state == syncing:
		lines = append(lines, v.progress()...)
	case v.outcome != nil:
		lines = append(lines, v.outcome...)
	}
	if v.notice != "" {
		lines = append(lines, s.Accent.Render(layout.Wrap(v.notice, v.width)))
	}
	return lines
}

// detail spells out the selected row: why it differs, or where its change
// stands.
func (v *View) detail() string {
	if len(v.rows) == 0 || v.win.Cursor() >= len(v.rows) {
		return ""
	}
	r := v.rows[v.win.Cursor()]
	text := r.entry.Host + " into " + r.entry.AccessRegionID + ": " + r.action
	if r.entry.Service != "" {
		text += " (service " + r.entry.Service + ")"
	}
	if len(r.reasons) > 0 {
		text += "; differs in " + strings.Join(r.reasons, ", ")
	}
	if st := v.status(r); st.Status != "" {
		text += "; " + st.Status
		if st.RequestID != "" {
			text += ", RequestId " + st.RequestID
		}
		if d := st.Detail(); d != "" {
			text += ": " + d
		}
	}
	return layout.Fit(text, v.width, v.st.Glyphs.Ellipsis)
}

// tally counts the run's items by where they stand.
type tally struct{ done, failed, running int }

func (v *View) tally() tally {
	var t tally
	for _, it := range v.items {
		switch {
		case it.Status == engine.StatusFailed || it.Status == engine.StatusStopped:
			t.failed++
		case it.Final():
			t.done++
		default:
			t.running++
		}
	}
	return t
}

// progress is shown while the run goes on.
func (v *View) progress() []string {
	t := v.tally()
	return append([]string{v.st.Muted.Render(fmt.Sprintf("%s Syncing %s: %d done, %d failed, %d in progress",
		v.st.Glyphs.Pending, views.Plural(v.diff.Calls(), "call", "calls"), t.done, t.failed, t.running))}, v.failures()...)
}

// summary is how the run ended, kept until the next sync or r.
func (v *View) summary() []string {
	t := v.tally()
	if t.failed == 0 && t.running == 0 {
		return []string{v.st.Success.Render(v.st.Glyphs.OK + " Synced: " + views.Plural(t.done, "call", "calls") + " done.")}
	}
	head := fmt.Sprintf("%s %d of %s did not succeed", v.st.Glyphs.Fail, t.failed+t.running, views.Plural(len(v.items), "call", "calls"))
	return append([]string{v.st.Error.Render(head)}, v.failures()...)
}

// failures lists the failed items with code, message and RequestId.
func (v *View) failures() []string {
	var lines []string
	n := 0
	for _, r := range v.rows {
		st := v.status(r)
		if st.Status != engine.StatusFailed {
			continue
		}
		if n++; n > maxListed {
			continue
		}
		lines = append(lines, v.st.Error.Render(layout.Wrap(fmt.Sprintf("  %s %s %s into %s: %s", v.st.Glyphs.Fail, r.action,
			r.entry.Host, r.entry.AccessRegionID, st.Detail()), v.width)))
		if st.RequestID != "" {
			lines = append(lines, "    RequestId "+st.RequestID)
		}
	}
	if n > maxListed {
		lines = append(lines, fmt.Sprintf("  and %d more failed", n-maxListed))
	}
	return lines
}
