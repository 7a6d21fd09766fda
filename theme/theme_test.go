package theme

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// A caller that edits the list it got changes nothing for the others.
func TestNamesCannotBeChangedByACaller(t *testing.T) {
	t.Parallel()
	names := Names()
	names[0] = "bogus"
	if Names()[0] != Auto {
		t.Errorf("Names()[0] = %q after a caller's edit, want %q", Names()[0], Auto)
	}
	for _, n := range Names() {
		if got, err := ParseName(string(n)); err != nil || got != n {
			t.Errorf("ParseName(%q) = %q, %v", n, got, err)
		}
	}
}

// The cursor cell is reverse video on every profile: by lipgloss where
// there is colour, by hand where the Ascii profile drops every attribute.
func TestCursorIsReverseVideoOnEveryProfile(t *testing.T) {
	t.Parallel()
	for _, p := range []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor} {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(p)
		got := New(r, Options{Name: Dark}).Cursor.Render("x")
		if !strings.Contains(got, "\x1b[7m") && !strings.Contains(got, "\x1b[7;") {
			t.Errorf("profile %v: cursor cell %q is not in reverse video", p, got)
		}
	}
}
