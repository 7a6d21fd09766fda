package hosts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/cursorline"
	"github.com/cenroute/cenroute/views/layout"
)

// Layout of the step, top to bottom: a header with the counts, the state
// of the existing-entry check (one line, up to three for an error), the
// editor with a note beside each line, two lines about the cursor's line,
// the problems list (its title, and a few problems when there are some),
// and the status (the last action, then whether and why the step can be
// left), wrapped, never cut. The editor gets every row the others leave.
// When the height is short, the problems list shrinks to its title, then
// the lines about the cursor's line go: the note beside the line still
// says what is wrong.
const (
	maxExistingRows = 3
	detailRows      = 2
	minEditorRows   = 3
	minTextWidth    = 16
)

// placeholder is shown in an empty editor, in lang's words.
func placeholder(lang *i18n.Localizer) []string {
	return []string{
		lang.T("editor.placeholder.how"),
		"100.118.28.0/24",
		"100.118.30.0/24, 100.118.31.5",
		lang.T("editor.placeholder.comment"),
	}
}

// SetSize implements views.View.
func (v *View) SetSize(width, height int) {
	v.width, v.height = width, height
	v.relayout()
}

// relayout lays the parts out again and re-anchors the problems list on
// the cursor's line; it runs on resize and when the existing-entry line
// changes.
func (v *View) relayout() {
	v.fitRows()
	v.anchorProblems()
	v.enableKeys()
}

// fitRows shares the height among the parts: the status gets every line
// it needs, the editor what the others leave. It runs after every message,
// since the status's height follows the text and the last action.
func (v *View) fitRows() {
	v.edW = min(max(v.width*40/100, v.gutterWidth()+minTextWidth), v.width)
	room := v.height - 1 - len(v.existingLines()) - 1 - len(v.statusLines())
	v.problemsShown = min(len(v.check.problems), v.problemRows(), max(0, room-minEditorRows))
	room -= v.problemsShown
	v.details = 0
	if room-detailRows >= minEditorRows {
		v.details = detailRows
	}
	v.edRows = max(1, room-v.details)
	v.scrollToCursor()
}

// problemRows is how many problems the list shows at once at most.
func (v *View) problemRows() int { return max(1, min(v.height/6, 8)) }

// numberWidth is the width of the line numbers: enough digits for the
// last line, at least three.
func (v *View) numberWidth() int { return max(3, len(strconv.Itoa(v.ed.LineCount()))) }

// gutterWidth is the cursor mark, the line number and a space.
func (v *View) gutterWidth() int {
	return lipgloss.Width(v.st.Glyphs.Cursor) + v.numberWidth() + 1
}

// View implements views.View.
func (v *View) View() string {
	rows := append([]string{v.headerLine()}, v.existingLines()...)
	rows = append(rows, v.editorRows()...)
	if v.details > 0 {
		rows = append(rows, v.detailLines()...)
	}
	rows = append(rows, v.problemLines()...)
	rows = append(rows, v.statusLines()...)
	return layout.Clip(strings.Join(rows, "\n"), v.width, v.height, v.st.Glyphs.Ellipsis)
}

// headerLine is the title and the counters, in words.
func (v *View) headerLine() string {
	s, r, lang := v.st, v.check.result, v.st.Lang
	invalid := lang.T("editor.count.invalid", i18n.Args{"Count": r.Invalid})
	if r.Invalid > 0 {
		invalid = s.Error.Render(invalid)
	}
	sep := lang.T("editor.list_separator")
	return s.Title.Render(lang.T("editor.title")) + "  " +
		s.Success.Render(lang.T("editor.count.valid", i18n.Args{"Count": r.Valid})) + sep +
		s.Warning.Render(lang.T("editor.count.skipped", i18n.Args{"Count": r.Skipped})) + sep + invalid
}

// existingLines say whether the existing entries are known; a failure
// gives its code, message and RequestId, wrapped over a few lines.
func (v *View) existingLines() []string {
	s, t, lang := v.st, v.target, v.st.Lang
	var text string
	switch v.existing.state {
	case loading:
		text = s.Muted.Render(layout.Wrap(s.Glyphs.Pending+" "+lang.T("editor.existing.loading",
			i18n.Args{"CenID": t.CenID, "Region": t.HostRegionID})+s.Glyphs.Ellipsis, v.width))
		if r := v.existing.retry; r != nil {
			text = layout.Wrap(text+" "+s.Warning.Render(views.RetryText(s.Lang, *r, s.Glyphs.Ellipsis)), v.width)
		}
	case loadFailed:
		text = s.Error.Render(layout.Wrap(s.Glyphs.Fail+" "+lang.T("editor.existing.failed",
			i18n.Args{"Error": views.ErrorText(lang, v.existing.err)}), v.width))
	default:
		text = s.Glyphs.OK + " " + lang.T("editor.existing.checked", i18n.Args{"Count": len(v.existing.present)})
		if n := len(v.existing.conflicts); n > 0 {
			text += lang.T("editor.existing.conflicts", i18n.Args{"Count": n})
		}
		text = s.Muted.Render(layout.Wrap(text, v.width))
	}
	lines := strings.Split(text, "\n")
	return lines[:min(len(lines), maxExistingRows)]
}

// editorRows draws the editor's window: for each line a cursor mark, its
// number, its text and, to the right, what is wrong (or fine) with it. Only
// the visible lines are drawn.
func (v *View) editorRows() []string {
	s := v.st
	textW := max(1, v.edW-v.gutterWidth())
	noteW := v.width - v.edW - 1
	cur := v.ed.Line()
	empty := v.check.text == ""
	var example []string
	if empty {
		example = placeholder(s.Lang)
	}
	rows := make([]string, 0, v.edRows)
	for i := v.edWin.Top(); i < v.edWin.Top()+v.edRows; i++ {
		if i >= v.ed.LineCount() {
			rows = append(rows, v.placeholderRow(example, i, textW))
			continue
		}
		line := v.ed.LineText(i)
		marker, text := s.Glyphs.NoCursor, layout.Fit(line, textW, s.Glyphs.Ellipsis)
		switch {
		case empty:
			// The example starts on the (empty) cursor line.
			marker, text = s.Glyphs.Cursor, v.cursorRow("", 1)+s.Muted.Render(layout.Fit(example[0], textW-1, s.Glyphs.Ellipsis))
		case i == cur:
			marker, text = s.Glyphs.Cursor, v.cursorRow(line, textW)
		}
		row := marker + s.Muted.Render(fmt.Sprintf("%*d ", v.numberWidth(), i+1)) + text
		if note := v.annotation(i+1, noteW); note != "" && noteW > 0 {
			row += " " + note
		}
		rows = append(rows, row)
	}
	return rows
}

// placeholderRow is a row past the end of the text: blank, or line i of
// the example when the editor is empty (example is nil otherwise).
func (v *View) placeholderRow(example []string, i, textW int) string {
	if i >= len(example) || i == 0 {
		return ""
	}
	return strings.Repeat(" ", v.gutterWidth()) + v.st.Muted.Render(layout.Fit(example[i], textW, v.st.Glyphs.Ellipsis))
}

// cursorRow draws the cursor's line with the cursor cell in reverse video,
// scrolled sideways when the cursor is past the right edge (see
// cursorline.Draw).
func (v *View) cursorRow(line string, width int) string {
	return cursorline.Draw(line, v.cursorColumn(), width, v.st.Cursor, v.st.Glyphs.Ellipsis)
}

// annotation is the note beside line n, cut to width: the first problem
// on the line (naming the entry when the line holds several), "present,
// will skip", or a check mark.
func (v *View) annotation(n, width int) string {
	s := v.st
	entries := v.check.entries(n)
	if len(entries) == 0 {
		return ""
	}
	var bad []hostlist.Line
	present := 0
	for _, e := range entries {
		switch {
		case e.Problem != "":
			bad = append(bad, e)
		case e.Present:
			present++
		}
	}
	switch {
	case len(bad) > 0:
		lang := s.Lang
		text := v.noteFor(bad[0])
		if len(entries) > 1 {
			text = lang.T("editor.note.of_entry", i18n.Args{"Entry": bad[0].Raw, "Note": text})
		}
		if len(bad) > 1 {
			text = lang.T("editor.note.more", i18n.Args{"Note": text, "More": len(bad) - 1})
		}
		if bad[0].Hostname {
			return s.Warning.Render(layout.Fit(s.Glyphs.Warn+" "+text, width, s.Glyphs.Ellipsis))
		}
		return s.Error.Render(layout.Fit(s.Glyphs.Fail+" "+text, width, s.Glyphs.Ellipsis))
	case present == len(entries):
		return s.Warning.Render(layout.Fit(s.Glyphs.Warn+" "+views.HostNote(s.Lang, entries[0]), width, s.Glyphs.Ellipsis))
	case present > 0:
		note := s.Lang.T("editor.note.some_present", i18n.Args{"Present": present, "Total": len(entries),
			"Note": views.HostNote(s.Lang, entries[slices.IndexFunc(entries, func(e hostlist.Line) bool { return e.Present })])})
		return s.Warning.Render(layout.Fit(s.Glyphs.Warn+" "+note, width, s.Glyphs.Ellipsis))
	}
	return s.Success.Render(s.Glyphs.OK)
}

// noteFor is an entry's note in words.
func (v *View) noteFor(l hostlist.Line) string {
	if l.Hostname {
		return v.hostnameState(l.Raw)
	}
	return views.HostNote(v.st.Lang, l)
}

// detailLines spell out, in full, the notes of the cursor's line.
func (v *View) detailLines() []string {
	s, lang := v.st, v.st.Lang
	n := v.cursorLine()
	entries := v.check.entries(n)
	var text string
	switch {
	case len(entries) == 0:
		text = s.Muted.Render(lang.T("editor.detail.no_host", i18n.Args{"Line": n}))
	default:
		parts := make([]string, len(entries))
		for i, e := range entries {
			note := v.noteFor(e)
			if e.Hostname {
				note = v.hostnameDetail(e.Raw)
			}
			if note == "" {
				note = lang.T("editor.detail.ok")
			}
			parts[i] = e.Raw + " " + s.Glyphs.Separator + " " + note
		}
		text = lang.T("editor.detail.line", i18n.Args{"Line": n, "Column": v.cursorColumn() + 1,
			"Notes": strings.Join(parts, lang.T("editor.detail.separator"))})
	}
	lines := strings.Split(layout.Wrap(text, v.width), "\n")
	if len(lines) > detailRows {
		lines[detailRows-1] = layout.Truncate(strings.Join(lines[detailRows-1:], " "), v.width, s.Glyphs.Ellipsis)
	}
	return layout.Fixed(strings.Join(lines, "\n"), detailRows)
}

// problemLines is the scrollable list of every entry with a problem: its
// title, then as many problems as fitRows found room for.
func (v *View) problemLines() []string {
	s, lang := v.st, v.st.Lang
	probs := v.check.problems
	top, end := v.problemWin.Top(), min(v.problemWin.End(), v.problemWin.Top()+v.problemsShown)
	var head string
	count := s.Bold.Render(lang.T("editor.problems.count", i18n.Args{"Count": len(probs)}))
	switch {
	case len(probs) == 0:
		head = s.Bold.Render(lang.T("editor.problems.none"))
	case end == top:
		head = count + s.Muted.Render("  "+lang.T("editor.problems.go_to_each"))
	case len(probs) > end-top:
		head = count + s.Muted.Render("  "+lang.T("editor.problems.showing_scroll", i18n.Args{"From": top + 1, "To": end}))
	default:
		head = count + s.Muted.Render("  "+lang.T("editor.problems.showing", i18n.Args{"From": top + 1, "To": end}))
	}
	out := []string{head}
	cur := v.cursorLine()
	for k := top; k < end; k++ {
		l := v.check.result.Lines[probs[k]]
		marker := s.Glyphs.NoCursor
		if l.Number == cur {
			marker = s.Glyphs.Cursor
		}
		text := lang.T("editor.problems.line", i18n.Args{"Line": l.Number, "Entry": l.Raw, "Note": v.noteFor(l)})
		style := s.Error
		if l.Hostname {
			style = s.Warning
		}
		out = append(out, marker+style.Render(layout.Fit(text, max(1, v.width-lipgloss.Width(marker)), s.Glyphs.Ellipsis)))
	}
	return out
}

// statusLines are the outcome of the last action (when there is one) and
// whether the step can be left, with the reason when it cannot.
func (v *View) statusLines() []string {
	s, lang := v.st, v.st.Lang
	var status string
	if reason := v.check.blockReason(lang); reason != "" {
		style := s.Warning
		if v.tried {
			style = s.Error
		}
		status = style.Render(layout.Wrap(s.Glyphs.Fail+" "+lang.T("editor.status.blocked", i18n.Args{"Reason": reason}), v.width))
	} else {
		r := v.check.result
		args := i18n.Args{"Count": r.Valid, "Skipped": r.Skipped}
		var text string
		switch checked := v.existing.state == loaded; {
		case r.Skipped > 0 && checked:
			text = lang.T("editor.status.ready_skipped", args)
		case r.Skipped > 0:
			text = lang.T("editor.status.ready_skipped_unchecked", args)
		case checked:
			text = lang.T("editor.status.ready", args)
		default:
			text = lang.T("editor.status.ready_unchecked", args)
		}
		status = s.Success.Render(layout.Wrap(s.Glyphs.OK+" "+text, v.width))
	}
	if v.notice != "" {
		status = s.Accent.Render(layout.Wrap(v.notice, v.width)) + "\n" + status
	}
	return strings.Split(status, "\n")
}
