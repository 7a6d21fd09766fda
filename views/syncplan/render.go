package syncplan

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
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

// columns are the table's columns, titled in the styles' language. The
// action (a status word), the host, the regions and the host VPC (IDs)
// are never cut: where they do not fit, the columns on the right are left
// out, and the detail line shows them whole (see detail).
func (v *View) columns() []table.Column {
	lang, widest := v.st.Lang, 0
	for _, a := range []string{actCreate, actDelete, actReplace, actUnchanged, actExtra, actDiffers} {
		widest = max(widest, layout.Width(v.actionWord(a)))
	}
	return []table.Column{
		{Title: lang.T("routes.sync.column.action"), Width: widest, Whole: true},
		{Title: lang.T("routes.sync.column.status")},
		{Title: lang.T("routes.sync.column.host"), Width: 18, Whole: true},
		{Title: lang.T("routes.sync.column.host_region"), Whole: true},
		{Title: lang.T("routes.sync.column.access_region"), Whole: true},
		{Title: lang.T("routes.sync.column.host_vpc"), Whole: true},
		{Title: lang.T("routes.sync.column.description"), Fill: true},
	}
}

// actionWord says an action in the styles' language.
func (v *View) actionWord(action string) string {
	lang := v.st.Lang
	switch action {
	case actCreate:
		return lang.T("routes.sync.action.create")
	case actDelete:
		return lang.T("routes.sync.action.delete")
	case actReplace:
		return lang.T("routes.sync.action.replace")
	case actUnchanged:
		return lang.T("routes.sync.action.unchanged")
	case actExtra:
		return lang.T("routes.sync.action.extra")
	}
	return lang.T("routes.sync.action.differs")
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
	return []string{v.actionWord(r.action), status, r.entry.Host, r.entry.HostRegionID, r.entry.AccessRegionID, vpc, desc}
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
	v.win.Resize(len(v.rows), max(1, v.height-screenLines(v.above())-screenLines(v.below())-1))
}

// screenLines counts the screen lines of blocks, each of which may have been
// wrapped onto several.
func screenLines(blocks []string) int { return lipgloss.Height(strings.Join(blocks, "\n")) }

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
	s, lang := v.st, v.st.Lang
	title := lang.T("routes.sync.title", i18n.Args{"File": v.file})
	if v.diff.CenID != "" {
		title = lang.T("routes.sync.title_cen", i18n.Args{"File": v.file, "CenID": v.diff.CenID})
	}
	lines := []string{s.Title.Render(layout.Fit(title, v.width, s.Glyphs.Ellipsis))}
	switch v.state {
	case checking:
		text := s.Muted.Render(lang.T("routes.sync.checking") + s.Glyphs.Ellipsis)
		if v.retry != nil {
			text += " " + s.Warning.Render(views.RetryText(s.Lang, *v.retry, s.Glyphs.Ellipsis))
		}
		lines = append(lines, layout.Wrap(text, v.width))
	case checkFailed:
		lines = append(lines, picker.ErrorLines(s, lang.T("routes.sync.check_failed"), v.err, v.width)...)
	case rejected:
		lines = append(lines, s.Error.Render(layout.Wrap(s.Glyphs.Fail+" "+lang.T("routes.sync.rejected"), v.width)))
		for _, p := range v.problems {
			lines = append(lines, s.Error.Render(layout.Wrap("  "+p, v.width)))
		}
	default:
		lines = append(lines, layout.Wrap(v.counts(), v.width))
	}
	return append(lines, s.Muted.Render(layout.Wrap(v.optionsLine(), v.width)))
}

// counts says the difference in numbers, and the calls it takes.
func (v *View) counts() string {
	d, lang := v.diff, v.st.Lang
	counts := []string{
		lang.T("routes.sync.count.create", i18n.Args{"Count": len(d.Creates)}),
		lang.T("routes.sync.count.delete", i18n.Args{"Count": len(d.Deletes)}),
		lang.T("routes.sync.count.replace", i18n.Args{"Count": len(d.Replaces)}),
		lang.T("routes.sync.count.unchanged", i18n.Args{"Count": len(d.Unchanged)}),
	}
	if n := len(d.Extras); n > 0 {
		counts = append(counts, lang.T("routes.sync.count.extra", i18n.Args{"Count": n}))
	}
	if n := len(d.Changes); n > 0 {
		counts = append(counts, lang.T("routes.sync.count.differs", i18n.Args{"Count": n}))
	}
	args := i18n.Args{"Counts": strings.Join(counts, lang.T("routes.list_separator"))}
	if d.Calls() == 0 {
		return lang.T("routes.sync.counts_nothing", args)
	}
	args["Count"] = d.Calls()
	return lang.T("routes.sync.counts", args)
}

// optionsLine says what p and x do now.
func (v *View) optionsLine() string {
	lang := v.st.Lang
	on := func(b bool) string {
		if b {
			return lang.T("routes.sync.option.on")
		}
		return lang.T("routes.sync.option.off")
	}
	return lang.T("routes.sync.options", i18n.Args{"Prune": on(v.opts.Prune), "Replace": on(v.opts.Replace)})
}

// below are the selected row's detail, and the question, the progress or
// the outcome, or what the keys do.
func (v *View) below() []string {
	s := v.st
	lines := []string{v.detail()}
	switch {
	case v.state == confirming:
		d := v.diff
		lines = append(lines, s.Warning.Render(layout.Wrap(s.Lang.T("routes.sync.confirm", i18n.Args{"File": v.file, "CenID": d.CenID,
			"Create": len(d.Creates), "Delete": len(d.Deletes), "Replace": len(d.Replaces), "Count": d.Calls()}), v.width)))
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

// detailHeight bounds the detail of the row under the cursor, so that the
// table keeps its room.
const detailHeight = 2

// detail spells out the selected row: why it differs, where its change
// stands, and every cell the table cuts or leaves out, after its column's
// title.
func (v *View) detail() string {
	if len(v.rows) == 0 || v.win.Cursor() >= len(v.rows) {
		return ""
	}
	lang := v.st.Lang
	r := v.rows[v.win.Cursor()]
	text := lang.T("routes.sync.detail.entry", i18n.Args{"Host": r.entry.Host, "Region": r.entry.AccessRegionID,
		"Action": v.actionWord(r.action)})
	if r.entry.Service != "" {
		text += lang.T("routes.sync.detail.service", i18n.Args{"Service": r.entry.Service})
	}
	if len(r.reasons) > 0 {
		reasons := make([]string, len(r.reasons))
		for i, why := range r.reasons {
			reasons[i] = v.reasonWord(why)
		}
		text += lang.T("routes.sync.detail.differs", i18n.Args{"Reasons": strings.Join(reasons, lang.T("routes.list_separator"))})
	}
	if st := v.status(r); st.Status != "" {
		status := v.st.StatusWord(st.Status)
		if st.RequestID != "" {
			status = lang.T("routes.sync.detail.request_id", i18n.Args{"Status": status, "RequestID": st.RequestID})
		}
		if d := st.Detail(lang); d != "" {
			status = lang.T("routes.sync.detail.why", i18n.Args{"Status": status, "Detail": d})
		}
		text += lang.T("routes.sync.detail.status", i18n.Args{"Status": status})
	}
	cells := v.cells(r)
	for _, c := range v.tbl.Cut(cells) {
		text += "  " + lang.T("common.list.detail", i18n.Args{"Column": v.tbl.Title(c), "Value": cells[c]})
	}
	lines := strings.Split(layout.Wrap(text, max(1, v.width)), "\n")
	if len(lines) > detailHeight {
		lines = append(lines[:detailHeight-1], layout.Truncate(strings.Join(lines[detailHeight-1:], " "), v.width, v.st.Glyphs.Ellipsis))
	}
	return strings.Join(lines, "\n")
}

// reasonWord says why an entry differs from the file (an engine.Reason
// code) in the styles' language; English keeps the code, as `cenroute
// plan` prints it.
func (v *View) reasonWord(reason string) string {
	lang := v.st.Lang
	switch reason {
	case engine.ReasonHostVPC:
		return lang.T("routes.sync.reason.host_vpc")
	case engine.ReasonDescription:
		return lang.T("routes.sync.reason.description")
	case engine.ReasonFailed:
		return lang.T("routes.sync.reason.failed")
	case engine.ReasonDeleting:
		return lang.T("routes.sync.reason.deleting")
	}
	return reason
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
	head := v.st.Lang.T("routes.sync.progress", i18n.Args{"Count": v.diff.Calls(), "Done": t.done, "Failed": t.failed,
		"Running": t.running})
	return append([]string{v.st.Muted.Render(layout.Wrap(v.st.Glyphs.Pending+" "+head, v.width))}, v.failures()...)
}

// summary is how the run ended, kept until the next sync or r.
func (v *View) summary() []string {
	t, lang := v.tally(), v.st.Lang
	if t.failed == 0 && t.running == 0 {
		return []string{v.st.Success.Render(layout.Wrap(v.st.Glyphs.OK+" "+lang.T("routes.sync.done", i18n.Args{"Count": t.done}), v.width))}
	}
	head := lang.T("routes.sync.failed", i18n.Args{"Failed": t.failed + t.running, "Count": len(v.items)})
	return append([]string{v.st.Error.Render(layout.Wrap(v.st.Glyphs.Fail+" "+head, v.width))}, v.failures()...)
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
		lines = append(lines, v.st.Error.Render(layout.Wrap("  "+v.st.Glyphs.Fail+" "+v.st.Lang.T("routes.sync.failure",
			i18n.Args{"Action": v.actionWord(r.action), "Host": r.entry.Host, "Region": r.entry.AccessRegionID,
				"Detail": st.Detail(v.st.Lang)}), v.width)))
		if st.RequestID != "" {
			lines = append(lines, "    RequestId "+st.RequestID)
		}
	}
	if n > maxListed {
		lines = append(lines, "  "+v.st.Lang.T("routes.sync.more_failed", i18n.Args{"Count": n - maxListed}))
	}
	return lines
}
