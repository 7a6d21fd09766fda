package theme

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/cenroute/cenroute/theme/i18n"
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

// Every status word the program shows is in the catalogue, and is said in
// the styles' language with its glyph: the meaning never rests on colour.
func TestStatusWordsInBothLanguages(t *testing.T) {
	t.Parallel()
	words := []string{"Active", "Creating", "Failed", "Deleting", "active", "present", "accepted", "creating",
		"failed", "stopped", "deleting", "deleted", "absent", "ok", "unsupported", "queued", "skipped", "sending", "retrying"}
	en := New(nil, Options{Name: Dark, ASCII: true})
	zh := New(nil, Options{Name: Dark, ASCII: true, Lang: i18n.New(i18n.Chinese)})
	for _, w := range words {
		if got := en.StatusWord(w); got != w {
			t.Errorf("English says %q as %q", w, got)
		}
		got := zh.StatusWord(w)
		if got == w || strings.ContainsAny(got, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("Chinese says %q as %q", w, got)
		}
		if text, _ := zh.StatusStyle(w); !strings.HasSuffix(text, " "+got) || len(text) == len(got)+1 {
			t.Errorf("Chinese %q: %q has no glyph", w, text)
		}
	}
	if got := zh.StatusWord("Mystery"); got != "Mystery" {
		t.Errorf("an unknown word is said as %q", got)
	}
}
