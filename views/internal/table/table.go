// Package table is the one table of the wizard's screens: the pickers, the
// route services, the submit list and the results all draw their rows
// with it, and every list that scrolls (the review's commands and the
// report's JSON too) moves with its Window and its movement keys.
//
// It is made for large lists: cells are plain text that the owner
// computes once (a load, a new row) and measures as it goes, and a frame
// draws only the rows on screen, so its cost does not grow with the list.
//
// Columns share the width by one rule: a Whole column's cells (IDs) are
// never cut, since a shortened ID can be neither recognised nor copied
// (its title may be, with the ellipsis); the others keep their natural
// width while it fits, and otherwise the widest give way first, ending
// with an ellipsis, never below their minimum. When even that does not
// fit, the columns that do not are left out, from the right: a row is
// never wider than the table, and an ID is shown whole or not at all.
package table

import (
	"slices"
	"strings"

	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views/layout"
)

// defaultGap is the blank between two columns unless Options.Gap says
// otherwise.
const defaultGap = 2

// checkWidth is the check box and its space, "[x] ".
const checkWidth = 4

// defaultMin is the narrowest a column is shrunk to unless Column.Min
// says otherwise.
const defaultMin = 8

// Column describes one column.
type Column struct {
	Title string
	// Width is the column's natural width before any cell is measured
	// (see Table.Grow), so that a column whose cells come and go (a run's
	// statuses and RequestIds) does not make the others jump. The natural
	// width is the widest of Width, the title and the cells measured.
	Width int
	// Min is the width below which the column is not shrunk to fit; 0
	// means min(8, the natural width).
	Min int
	// Right aligns the cells to the right (numbers).
	Right bool
	// Whole marks a column that is never cut, such as an ID: it keeps
	// its natural width and the others give way.
	Whole bool
	// Fill gives the column whatever room the others leave beyond their
	// natural widths (free text at the end of a row, say), so that rows
	// span the table.
	Fill bool
}

// Options are the marks in front of every row.
type Options struct {
	// Cursor draws the theme's cursor mark in front of the row under the
	// cursor (and a blank of its width in front of the others), so that
	// the cursor is seen without colour.
	Cursor bool
	// Check draws a check box in front of every row.
	Check bool
	// Gap is the blank between two columns; 0 means two cells. The tables
	// of a run's hosts use one: their fixed columns leave the detail
	// little room.
	Gap int
}

// Table lays columns out in a width and draws their header and rows. It
// does not hold the rows: their owner keeps the cells and hands over the
// ones on screen. Use New.
type Table struct {
	st      *theme.Styles
	cols    []Column
	opts    Options
	natural []int  // measured widest cell of each column, title included
	widest  []int  // measured widest cell of each column, title left out
	widths  []int  // what each column gets at the current width
	shown   []bool // the columns drawn at the current width (see leaveOut)
	width   int
	stale   bool // the widths must be worked out again
}

// New builds a table of cols, drawn with st.
func New(st *theme.Styles, cols []Column, opts Options) *Table {
	if opts.Gap == 0 {
		opts.Gap = defaultGap
	}
	t := &Table{st: st, cols: cols, opts: opts, natural: make([]int, len(cols)), widest: make([]int, len(cols))}
	t.Reset()
	return t
}

// Reset forgets the measured cells: new rows are coming.
func (t *Table) Reset() {
	for c, col := range t.cols {
		t.natural[c] = max(col.Width, layout.Width(col.Title))
		t.widest[c] = 0
	}
	t.stale = true
}

// Grow takes a cell of w cells into column c's natural width.
func (t *Table) Grow(c, w int) {
	t.widest[c] = max(t.widest[c], w)
	if w > t.natural[c] {
		t.natural[c] = w
		t.stale = true
	}
}

// Squeezed reports whether some cell measured is not drawn whole at the
// current width: its column is left out, or narrower than the cell.
// Tables that can be squeezed show their cursor's row whole elsewhere
// (see Cut).
func (t *Table) Squeezed() bool {
	t.fit()
	for c, w := range t.widest {
		if w > 0 && (!t.shown[c] || t.widths[c] < w) {
			return true
		}
	}
	return false
}

// Cut lists the columns whose cell in cells is not drawn whole at the
// current width: left out, or cut with the ellipsis.
func (t *Table) Cut(cells []string) []int {
	t.fit()
	var out []int
	for c, s := range cells {
		if s != "" && (!t.shown[c] || layout.Width(s) > t.widths[c] && !t.cols[c].Whole) {
			out = append(out, c)
		}
	}
	return out
}

// Title is the title of column c.
func (t *Table) Title(c int) string { return t.cols[c].Title }

// GrowRow is Grow for each cell of a row.
func (t *Table) GrowRow(cells []string) {
	for c, s := range cells {
		t.Grow(c, layout.Width(s))
	}
}

// SetWidth sets the width rows are drawn in.
func (t *Table) SetWidth(width int) {
	if width != t.width {
		t.width, t.stale = width, true
	}
}

// lead is the width of the marks in front of every row.
func (t *Table) lead() int {
	w := 0
	if t.opts.Cursor {
		w += layout.Width(t.st.Glyphs.Cursor)
	}
	if t.opts.Check {
		w += checkWidth
	}
	return w
}

// fit works out the columns' widths when something changed: Whole
// columns keep their natural width, the others share the rest (see
// shrink), the columns that still do not fit are left out (see leaveOut)
// and the others share their room again, and what is left over goes to
// the Fill column.
func (t *Table) fit() {
	if !t.stale {
		return
	}
	t.stale = false
	mins := make([]int, len(t.cols))
	for c, col := range t.cols {
		natural := t.natural[c]
		switch {
		case col.Whole:
			// Its cells are never cut; its title gives way, with the
			// ellipsis, down to them.
			mins[c] = max(t.widest[c], col.Width, 1)
		case col.Min > 0:
			mins[c] = min(natural, col.Min)
		default:
			mins[c] = min(natural, defaultMin)
		}
	}
	t.shown = make([]bool, len(t.cols))
	for c := range t.shown {
		t.shown[c] = true
	}
	t.share(mins)
	if t.leaveOut(mins) {
		t.share(mins)
		t.leaveOut(mins)
	}
	left := t.width - t.lead()
	for c, w := range t.widths {
		if t.shown[c] {
			left -= w + t.opts.Gap
		}
	}
	left += t.opts.Gap // none in front of the first
	if c := slices.IndexFunc(t.cols, func(col Column) bool { return col.Fill }); c >= 0 && t.shown[c] && left > 0 {
		t.widths[c] += left
	}
}

// share shares the room among the shown columns (see shrink).
func (t *Table) share(mins []int) {
	natural, least := slices.Clone(t.natural), slices.Clone(mins)
	n := 0
	for c, on := range t.shown {
		if on {
			n++
		} else {
			natural[c], least[c] = 0, 0
		}
	}
	t.widths = shrink(natural, least, t.width-t.lead()-t.opts.Gap*max(0, n-1))
}

// leastCut is the narrowest a column that does not fit is cut to, rather
// than left out: room for a status's glyph and the start of its word.
const leastCut = 6

// leaveOut lays the shown columns out from the left when they do not fit
// even at their minimum. A Whole column that does not fit is left out,
// since an ID cut at the edge would read like another; the first other
// column that does not fit gives way further, with the ellipsis, to the
// room left if that is at least leastCut cells, and is left out
// otherwise, as is every column after it. It reports whether it left any
// out.
func (t *Table) leaveOut(mins []int) bool {
	left, out, full := t.width-t.lead(), false, false
	for c, col := range t.cols {
		if !t.shown[c] {
			continue
		}
		gap := 0
		if slices.Contains(t.shown[:c], true) {
			gap = t.opts.Gap
		}
		rest := left - gap
		switch {
		case !full && t.widths[c] <= rest:
		case !full && !col.Whole && rest >= min(leastCut, mins[c]) && rest > 0:
			t.widths[c], full = rest, true
		default:
			t.shown[c], out = false, true
			full = full || !col.Whole
			continue
		}
		left -= gap + t.widths[c]
	}
	return out
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

// Header is the line of column titles, in the theme's table-head style.
// A title wider than its column ends with the ellipsis, a Whole column's
// too: what is whole is its cells.
func (t *Table) Header() string {
	t.fit()
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", t.lead()))
	for c, col := range t.cols {
		t.gap(&b, c)
		if t.shown[c] {
			b.WriteString(t.cell(layout.Truncate(col.Title, t.widths[c], t.st.Glyphs.Ellipsis), c))
		}
	}
	return t.st.TableHead.Render(b.String())
}

// Row is one row to draw.
type Row struct {
	// Cells are the row's plain, printable text, one per column.
	Cells []string
	// Paint, when set, colours cell c (already fitted to its column) of
	// a row that is neither the cursor's nor muted: a status in its
	// colour, say.
	Paint func(c int, text string) string
	// Cursor marks the row under the cursor: it is highlighted across the
	// whole width.
	Cursor bool
	// Muted marks a row that cannot be chosen.
	Muted bool
	// Checked fills the row's check box (Options.Check).
	Checked bool
}

// Draw renders one row.
func (t *Table) Draw(r Row) string {
	t.fit()
	g := t.st.Glyphs
	var b strings.Builder
	switch {
	case !t.opts.Cursor:
	case r.Cursor:
		b.WriteString(g.Cursor)
	default:
		b.WriteString(g.NoCursor)
	}
	if t.opts.Check {
		if r.Checked {
			b.WriteString(g.Checked + " ")
		} else {
			b.WriteString(g.Unchecked + " ")
		}
	}
	plain := r.Cursor || r.Muted
	for c := range t.cols {
		t.gap(&b, c)
		if !t.shown[c] {
			continue
		}
		text := t.cell(r.Cells[c], c)
		if !plain && r.Paint != nil {
			text = r.Paint(c, text)
		}
		b.WriteString(text)
	}
	switch {
	case r.Cursor:
		line := b.String()
		return t.st.Selected.Render(line + strings.Repeat(" ", max(0, t.width-layout.Width(line))))
	case r.Muted:
		return t.st.Muted.Render(b.String())
	}
	return b.String()
}

// gap writes the blank in front of column c, when it is shown after
// another.
func (t *Table) gap(b *strings.Builder, c int) {
	if t.shown[c] && slices.Contains(t.shown[:c], true) {
		b.WriteString(strings.Repeat(" ", t.opts.Gap))
	}
}

// cell pads s to column c's width or, unless the column is Whole, cuts
// it there with the theme's ellipsis. A cut that ends before a wide
// character (two cells) which no longer fits is padded too, so that the
// next column starts where its header does.
func (t *Table) cell(s string, c int) string {
	w, col := t.widths[c], t.cols[c]
	sw := layout.Width(s)
	switch {
	case sw > w && col.Whole:
		return s
	case sw > w:
		s = layout.Truncate(s, w, t.st.Glyphs.Ellipsis)
		sw = layout.Width(s)
	}
	pad := strings.Repeat(" ", w-sw)
	if col.Right {
		return pad + s
	}
	return s + pad
}
