package picker

import (
	"fmt"
	"strings"

	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/layout"
)

// Fixed parts of the layout.
const (
	gap         = 2 // blanks between columns
	checkWidth  = 4 // "[x] "
	defaultMinW = 8 // narrowest a column shrinks to unless Column.Min says
)

// View implements views.View: exactly the size given to SetSize, every
// line at most that wide.
func (m *Model[T]) View() string {
	var lines []string
	if m.cfg.Prompt != "" {
		lines = append(lines, m.st.Title.Render(m.cfg.Prompt))
	}
	switch m.state {
	case Loading:
		lines = append(lines, m.st.Muted.Render("Loading "+m.cfg.Noun+m.st.Glyphs.Ellipsis))
		if m.retry != nil {
			lines = append(lines, m.st.Warning.Render(views.RetryText(*m.retry, m.st.Glyphs.Ellipsis)))
		}
	case Failed:
		lines = append(lines, ErrorLines(m.st, "Could not load "+m.cfg.Noun, m.err, m.width)...)
		lines = append(lines, "", "Press r to retry.")
	case Empty:
		lines = append(lines, "No "+m.cfg.Noun+" found.")
		if m.cfg.EmptyHint != "" {
			lines = append(lines, m.st.Muted.Render(layout.Wrap(m.cfg.EmptyHint, m.width)))
		}
		lines = append(lines, "", "Press r to reload.")
	default:
		lines = append(lines, m.table()...)
	}
	lines = append(lines, m.footer...)
	return layout.Frame(strings.Join(lines, "\n"), max(1, m.width), m.height)
}

// rowsHeight is how many table rows fit on screen.
func (m *Model[T]) rowsHeight() int {
	return m.rowsAbove(len(m.statusLines()))
}

// rowsAbove is how many table rows fit above that many status lines; table
// passes the lines it draws rather than building them twice a frame.
func (m *Model[T]) rowsAbove(status int) int {
	h := m.height - 1 - status - len(m.footer)
	if m.cfg.Prompt != "" {
		h--
	}
	return max(1, h)
}

// table renders the header, the window of rows (padded to its full
// height so the status line stays at the bottom) and the status lines.
func (m *Model[T]) table() []string {
	status := m.statusLines()
	h := m.rowsAbove(len(status))
	lines := make([]string, 0, h+4)
	lines = append(lines, m.st.TableHead.Render(m.header()))
	start := m.offset
	if m.cursor >= start+h { // the status line grew since the last move
		start = m.cursor - h + 1
	}
	end := min(start+h, len(m.rows.visible))
	for pos := start; pos < end; pos++ {
		lines = append(lines, m.row(pos))
	}
	if len(m.rows.visible) == 0 {
		lines = append(lines, m.st.Muted.Render("No "+m.cfg.Noun+" match the filter."))
	}
	for len(lines) < h+1 {
		lines = append(lines, "")
	}
	return append(lines, status...)
}

// prefixWidth is the width of the cursor and check-box columns.
func (m *Model[T]) prefixWidth() int {
	w := layout.Width(m.st.Glyphs.Cursor)
	if m.cfg.Multi {
		w += checkWidth
	}
	return w
}

func (m *Model[T]) header() string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", m.prefixWidth()))
	for c, col := range m.cfg.Columns {
		if c > 0 {
			b.WriteString(strings.Repeat(" ", gap))
		}
		b.WriteString(m.cell(col.Title, c))
	}
	return b.String()
}

// row renders visible row pos: the cursor row in the Selected style, a
// disabled row muted, others with their columns' styles.
func (m *Model[T]) row(pos int) string {
	i := m.rows.visible[pos]
	g := m.st.Glyphs
	var b strings.Builder
	if pos == m.cursor {
		b.WriteString(g.Cursor)
	} else {
		b.WriteString(g.NoCursor)
	}
	if m.cfg.Multi {
		if m.rows.checked[i] {
			b.WriteString(g.Checked + " ")
		} else {
			b.WriteString(g.Unchecked + " ")
		}
	}
	plain := pos == m.cursor || m.rows.reason(i) != ""
	for c, col := range m.cfg.Columns {
		if c > 0 {
			b.WriteString(strings.Repeat(" ", gap))
		}
		text := m.cell(m.rows.cells[i][c], c)
		if !plain && col.Style != nil {
			text = col.Style(m.rows.items[i]).Render(text)
		}
		b.WriteString(text)
	}
	switch {
	case pos == m.cursor:
		line := b.String()
		return m.st.Selected.Render(line + strings.Repeat(" ", max(0, m.width-layout.Width(line))))
	case plain:
		return m.st.Muted.Render(b.String())
	default:
		return b.String()
	}
}

// cell pads or truncates s to column c's width.
func (m *Model[T]) cell(s string, c int) string {
	w, col := m.colWidth[c], m.cfg.Columns[c]
	sw := layout.Width(s)
	switch {
	case sw > w && col.KeepEnds:
		return layout.ShortenMiddle(s, w, m.st.Glyphs.Ellipsis)
	case sw > w:
		return layout.Truncate(s, w, m.st.Glyphs.Ellipsis)
	}
	pad := strings.Repeat(" ", w-sw)
	if col.Right {
		return pad + s
	}
	return s + pad
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
		filter = "filter: " + m.query + "  "
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
	s := fmt.Sprintf("%s: %d", m.cfg.Noun, len(m.rows.items))
	if m.query != "" {
		s = fmt.Sprintf("%s: %d of %d", m.cfg.Noun, len(m.rows.visible), len(m.rows.items))
	}
	if m.cfg.Multi {
		s += fmt.Sprintf(", %d selected", m.rows.nChecked)
	}
	if m.sortCol >= 0 {
		s += ", sorted by " + m.cfg.Columns[m.sortCol].Title
	}
	return s
}

// fitColumns sizes the columns to the width: natural widths when they fit,
// else the widest columns are shrunk first, never below their minimum.
// When even the minimums do not fit, the line is cut at the right edge.
func (m *Model[T]) fitColumns() {
	cols := m.cfg.Columns
	avail := m.width - m.prefixWidth() - gap*max(0, len(cols)-1)
	natural := m.rows.natural
	if len(natural) != len(cols) { // nothing loaded yet
		natural = make([]int, len(cols))
		for c, col := range cols {
			natural[c] = layout.Width(col.Title)
		}
	}
	mins := make([]int, len(cols))
	for c, col := range cols {
		mins[c] = min(natural[c], defaultMinW)
		if col.Min > 0 {
			mins[c] = min(natural[c], col.Min)
		}
	}
	m.colWidth = shrink(natural, mins, avail)
}

// shrink finds the largest cap such that every column at min(natural,
// max(cap, min)) fits in avail, then hands out what is left, one cell at a
// time from the left, to columns still narrower than their natural width.
func shrink(natural, mins []int, avail int) []int {
	widthAt := func(limit int, out []int) int {
		sum := 0
		for c := range natural {
			w := min(natural[c], max(limit, mins[c]))
			if out != nil {
				out[c] = w
			}
			sum += w
		}
		return sum
	}
	lo, hi := 0, 0
	for _, n := range natural {
		hi = max(hi, n)
	}
	for lo < hi { // largest limit whose total fits
		mid := (lo + hi + 1) / 2
		if widthAt(mid, nil) <= avail {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	out := make([]int, len(natural))
	left := avail - widthAt(lo, out)
	for c := 0; left > 0 && c < len(out); c++ {
		if out[c] < natural[c] {
			out[c]++
			left--
		}
	}
	return out
}
