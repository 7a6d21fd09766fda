package main

import (
	"io"
	"strings"

	"github.com/cenroute/cenroute/views/layout"
)

// table lines up rows of cells in columns, each column as wide as its
// widest cell plus gap spaces, the last cell of a row unpadded. Widths are
// terminal cells (see layout.Width): a Chinese header or description takes
// two a character, which text/tabwriter, counting bytes or runes, would
// misalign.
type table struct {
	gap    int    // spaces between columns
	indent string // before every row
	rows   [][]string
}

// newTable is a table with gap spaces between its columns.
func newTable(gap int) *table { return &table{gap: gap} }

// row adds a row of cells.
func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

// lines are the rows laid out, without line ends.
func (t *table) lines() []string {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r[:max(len(r)-1, 0)] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], layout.Width(c))
		}
	}
	out := make([]string, 0, len(t.rows))
	var b strings.Builder
	for _, r := range t.rows {
		b.Reset()
		b.WriteString(t.indent)
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-layout.Width(c)+t.gap))
			}
		}
		out = append(out, b.String())
	}
	return out
}

// write writes the rows, one a line.
func (t *table) write(w io.Writer) error {
	var b strings.Builder
	for _, l := range t.lines() {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
