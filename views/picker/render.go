package picker

import (
	"strings"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/table"
	"github.com/cenroute/cenroute/views/layout"
)

// View implements views.View: exactly the size given to SetSize, every
// line at most that wide.
func (m *Model[T]) View() string {
	lines := m.promptLines()
	lang, noun := m.st.Lang, i18n.Args{"Noun": m.cfg.Noun, "Ellipsis": m.st.Glyphs.Ellipsis}
	switch m.state {
	case Loading:
		lines = append(lines, m.st.Muted.Render(layout.Wrap(lang.T("common.list.loading", noun), m.width)))
		if m.retry != nil {
			lines = append(lines, m.st.Warning.Render(layout.Wrap(views.RetryText(lang, *m.retry, m.st.Glyphs.Ellipsis), m.width)))
		}
	case Failed:
		lines = append(lines, ErrorLines(m.st, lang.T("common.list.load_failed", noun), m.err, m.width)...)
		lines = append(lines, "", lang.T("common.list.retry_hint"))
	case Empty:
		lines = append(lines, layout.Wrap(lang.T("common.list.empty", noun), m.width))
		if m.cfg.EmptyHint != "" {
			lines = append(lines, m.st.Muted.Render(layout.Wrap(m.cfg.EmptyHint, m.width)))
		}
		lines = append(lines, "", lang.T("common.list.reload_hint"))
	default:
		lines = append(lines, m.table()...)
	}
	lines = append(lines, m.footer...)
	return layout.Frame(strings.Join(lines, "\n"), max(1, m.width), m.height, m.st.Glyphs.Ellipsis)
}

// rowsHeight is how many table rows fit on screen.
func (m *Model[T]) rowsHeight() int {
	return m.rowsAbove(len(m.statusLines()))
}

// rowsAbove is how many table rows fit above that many status lines; table
// passes the lines it draws rather than building them twice a frame.
func (m *Model[T]) rowsAbove(status int) int {
	h := m.height - len(m.promptLines()) - 1 - m.detailHeight() - status - len(m.footer)
	return max(1, h)
}

// promptLines are the line above the table, wrapped: it may name an ID,
// which is never cut.
func (m *Model[T]) promptLines() []string {
	if m.cfg.Prompt == "" {
		return nil
	}
	return strings.Split(m.st.Title.Render(layout.Wrap(m.cfg.Prompt, max(1, m.width))), "\n")
}

// detailRows is how many lines show the row under the cursor whole when
// the table cannot (see detailLines).
const detailRows = 2

// detailHeight is the room detailLines take: detailRows while the table
// cuts or leaves out some cell, whichever row the cursor is on, so that
// the table keeps its height as the cursor moves; else none.
func (m *Model[T]) detailHeight() int {
	if m.state == Ready && m.tbl.Squeezed() {
		return detailRows
	}
	return 0
}

// detailLines show the row under the cursor whole where a narrow table
// does not: each cell the table cuts or leaves out, after its column's
// title. They take detailHeight lines; a longer text ends with the
// ellipsis.
func (m *Model[T]) detailLines() []string {
	n := m.detailHeight()
	if n == 0 {
		return nil
	}
	var parts []string
	if i := m.currentItem(); i >= 0 {
		cells := m.rows.cells[i]
		for _, c := range m.tbl.Cut(cells) {
			parts = append(parts, m.st.Lang.T("common.list.detail", i18n.Args{"Column": m.cfg.Columns[c].Title, "Value": cells[c]}))
		}
	}
	width := max(1, m.width)
	lines := strings.Split(layout.Wrap(strings.Join(parts, "  "), width), "\n")
	if len(lines) > n {
		lines[n-1] = layout.Truncate(strings.Join(lines[n-1:], " "), width, m.st.Glyphs.Ellipsis)
	}
	return layout.Fixed(m.st.Muted.Render(strings.Join(lines, "\n")), n)
}

// table renders the header, the window of rows (padded to its full
// height so the status line stays at the bottom) and the status lines.
func (m *Model[T]) table() []string {
	status := m.statusLines()
	win := m.win // the status lines may have grown since the last move
	win.Resize(len(m.rows.visible), m.rowsAbove(len(status)))
	lines := make([]string, 0, win.Height()+4)
	lines = append(lines, m.tbl.Header())
	for pos := win.Top(); pos < win.End(); pos++ {
		lines = append(lines, m.row(pos))
	}
	if len(m.rows.visible) == 0 {
		lines = append(lines, m.st.Muted.Render(m.st.Lang.T("common.list.no_match", i18n.Args{"Noun": m.cfg.Noun})))
	}
	for len(lines) < win.Height()+1 {
		lines = append(lines, "")
	}
	lines = append(lines, m.detailLines()...)
	return append(lines, status...)
}

// row renders visible row pos: the cursor row highlighted, a disabled row
// muted, others with their columns' styles.
func (m *Model[T]) row(pos int) string {
	i := m.rows.visible[pos]
	item := m.rows.items[i]
	return m.tbl.Draw(table.Row{
		Cells: m.rows.cells[i],
		Paint: func(c int, text string) string {
			if style := m.cfg.Columns[c].Style; style != nil {
				return style(item).Render(text)
			}
			return text
		},
		Cursor:  pos == m.win.Cursor(),
		Muted:   m.rows.reason(i) != "",
		Checked: m.rows.checked[i],
	})
}

// maxStatusLines bounds a wrapped notice so the table keeps its room.
const maxStatusLines = 3

// statusLines shows the filter line, then a notice, the highlighted row's
// disabled reason (wrapped, so it is read in full), or the counts.
func (m *Model[T]) statusLines() []string {
	var filter string
	switch {
	case m.typing:
		filter = "/" + m.query + "_  "
	case m.query != "":
		filter = m.st.Lang.T("common.list.filter", i18n.Args{"Query": m.query}) + "  "
	}
	warn := m.notice
	if cur := m.currentItem(); warn == "" && cur >= 0 && m.rows.reason(cur) != "" {
		warn = m.rows.reason(cur)
	}
	if warn == "" {
		return []string{m.st.Accent.Render(filter) + m.st.Muted.Render(m.counts())}
	}
	text := filter + m.st.Glyphs.Warn + " " + warn
	lines := strings.Split(layout.Wrap(text, max(1, m.width)), "\n")
	lines = lines[:min(len(lines), maxStatusLines)]
	for i, l := range lines {
		if i == 0 && filter != "" {
			lines[i] = m.st.Accent.Render(filter) + m.st.Warning.Render(strings.TrimPrefix(l, filter))
			continue
		}
		lines[i] = m.st.Warning.Render(l)
	}
	return lines
}

// counts is e.g. "CENs: 3 of 120, 2 selected, sorted by Name".
func (m *Model[T]) counts() string {
	lang := m.st.Lang
	args := i18n.Args{"Noun": m.cfg.Noun, "Shown": len(m.rows.visible), "Total": len(m.rows.items),
		"Selected": m.rows.nChecked}
	s := lang.T("common.list.count", args)
	if m.query != "" {
		s = lang.T("common.list.count_filtered", args)
	}
	if m.cfg.Multi {
		s += lang.T("common.list.count_selected", args)
	}
	if m.sortCol >= 0 {
		s += lang.T("common.list.sorted_by", i18n.Args{"Column": m.cfg.Columns[m.sortCol].Title})
	}
	return s
}
