package cursorline

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// At every cursor position and every width, the line is exactly the
// width and the cursor's cell is on the character the cursor is on, whole,
// in lines of Chinese, Latin and mixed text.
func TestCursorCellIsAlwaysTheCursorsCharacter(t *testing.T) {
	t.Parallel()
	st := viewtest.TerminalStyles("NO_COLOR=1")
	for _, line := range []string{"", "100.118.28.0/24", "中文注释", "# 中文 mixed 注释 100.118.28.0/24 和更多中文", strings.Repeat("服", 40)} {
		runes := []rune(line)
		for width := 2; width <= 30; width++ {
			for col := 0; col <= len(runes); col++ {
				got := Draw(line, col, width, st.Cursor, "…")
				if w := ansi.StringWidth(got); w != width {
					t.Fatalf("%q col %d width %d: %d wide: %q", line, col, width, w, got)
				}
				want := " "
				if col < len(runes) {
					want = string(runes[col])
				}
				if _, _, cell, ok := viewtest.CursorCell(got); !ok || cell != want {
					t.Fatalf("%q col %d width %d: cursor on %q, want %q: %q", line, col, width, cell, want, got)
				}
			}
		}
	}
}
