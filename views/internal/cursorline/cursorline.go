// Package cursorline draws the line of a text field that holds the
// cursor: the service-CIDR editor's and the save prompt's. Bubble Tea v1
// cannot place the terminal's own cursor, so the cell under it is drawn in
// the theme's cursor style, and the line scrolls sideways to keep that
// cell on screen whole, a wide (Chinese) character included.
package cursorline

import (
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/views/layout"
)

// Draw draws line with its cursor at col (in runes, clamped) in exactly
// width cells: the character under the cursor (a blank past the end)
// drawn with cursor, the text before it cut from the left when the
// cursor would be past the right edge, the text after it cut at the edge
// with ellipsis.
//
// Why not ansi.TruncateLeft alone: it keeps a wide character that
// straddles the cut, so the line would be one cell too wide and the right
// edge's cut would fall on the cursor.
func Draw(line string, col, width int, cursor lipgloss.Style, ellipsis string) string {
	runes := []rune(line)
	col = max(0, min(col, len(runes)))
	at, after := " ", ""
	if col < len(runes) {
		at, after = string(runes[col]), string(runes[col+1:])
	}
	room := width - max(1, ansi.StringWidth(at))
	before := string(runes[:col])
	w, cut := ansi.StringWidth(before), 0
	for w > room && cut < len(before) {
		_, size := utf8.DecodeRuneInString(before[cut:])
		w -= ansi.StringWidth(before[cut : cut+size])
		cut += size
	}
	before = before[cut:]
	rest := width - ansi.StringWidth(before) - ansi.StringWidth(at)
	return layout.Fit(before+cursor.Render(at)+layout.Truncate(after, max(0, rest), ellipsis), width, ellipsis)
}
