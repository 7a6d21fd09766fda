// Package pickertest drives the picker-based views in unit tests: styles
// in ASCII or Unicode on a colourless renderer, key presses by name, and
// checks that a rendering fills exactly the size it was given and carries
// meaning without escape codes. It builds on viewtest; only _test.go files
// import it, so it is never linked into the binary.
package pickertest

import (
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// Styles builds dark-theme styles on a renderer of its own with the Ascii
// colour profile (what NO_COLOR gives), with ASCII or Unicode glyphs,
// speaking English.
func Styles(ascii bool) *theme.Styles { return StylesIn(ascii, i18n.English) }

// StylesIn is Styles speaking lang.
func StylesIn(ascii bool, lang i18n.Lang) *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return theme.New(r, theme.Options{Name: theme.Dark, ASCII: ascii, Lang: i18n.New(lang)})
}

// latinWord is a run of Latin letters, with what IDs and key names are
// made of, not inside a number.
var latinWord = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9._-]*`)

// keyNames are the keys as help names them, in every language.
var keyNames = []string{"enter", "esc", "tab", "space", "ctrl", "up", "down", "pgup", "pgdn", "home", "end", "f1", "f2"}

// CheckNoEnglish fails t for every word of Latin letters in view (a
// rendering in Chinese) that is none of keep, not a key's name, not a
// single letter (a key) and not shaped like an ID (with a digit or a
// hyphen): what the screen says, it says in Chinese.
func CheckNoEnglish(t testing.TB, view string, keep ...string) {
	t.Helper()
	for _, w := range latinWord.FindAllString(ansi.Strip(view), -1) {
		w = strings.TrimRight(w, "._-")
		if len(w) <= 1 || strings.ContainsAny(w, "0123456789-") || slices.Contains(keep, w) || slices.Contains(keyNames, w) {
			continue
		}
		t.Errorf("%q is English in:\n%s", w, view)
	}
}

// Key is the message for a key name: "space" and the names viewtest.Key
// knows ("enter", "esc", "pgdown"...), or the runes of any other string.
func Key(name string) tea.KeyMsg {
	if name == "space" {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return viewtest.Key(name)
}

// Press sends keys by name, one message each, and returns the command of
// the last one.
func Press(v viewtest.Updater, names ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, n := range names {
		cmd = v.Update(Key(n))
	}
	return cmd
}

// Type sends each rune of s as its own key press.
func Type(v viewtest.Updater, s string) {
	for _, r := range s {
		if r == ' ' {
			v.Update(Key("space"))
			continue
		}
		v.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// Msgs runs cmd and returns its messages without feeding them anywhere,
// batches unpacked.
func Msgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, Msgs(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}

// Feed runs cmd and hands its messages to v, returning the commands v
// answered with.
func Feed(v viewtest.Updater, cmd tea.Cmd) []tea.Cmd {
	var out []tea.Cmd
	for _, msg := range Msgs(cmd) {
		if c := v.Update(msg); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// CheckFrame fails t unless view has exactly height lines, none wider than
// width cells.
func CheckFrame(t testing.TB, view string, width, height int) {
	t.Helper()
	viewtest.CheckSize(t, view, width, height)
	if n := strings.Count(view, "\n") + 1; n != height {
		t.Errorf("view has %d lines, want exactly %d:\n%s", n, height, view)
	}
}

// CheckPlain fails t if view contains an escape code or, when ascii is
// set, any character outside printable ASCII.
func CheckPlain(t testing.TB, view string, ascii bool) {
	t.Helper()
	if strings.ContainsRune(view, '\x1b') {
		t.Errorf("view contains escape codes:\n%q", view)
	}
	if !ascii {
		return
	}
	for i, r := range view {
		if r != '\n' && (r < 0x20 || r > 0x7e) {
			t.Errorf("non-ASCII %q at byte %d in:\n%s", r, i, view)
			return
		}
	}
}

// Viewer is a view a benchmark drives: it takes keys and renders.
type Viewer interface {
	viewtest.Updater
	View() string
}

// BenchFilterKeystroke measures one key typed into the filter of v (loaded
// and sized) and the frame that follows. After "/" and filter, keys
// alternate between adding a "2" and deleting it, so every other
// keystroke re-filters every row from scratch.
func BenchFilterKeystroke(b *testing.B, v Viewer, filter string) {
	Press(v, "/")
	Type(v, filter)
	keys := []tea.KeyMsg{Key("2"), Key("backspace")}
	for i := 0; b.Loop(); i++ {
		v.Update(keys[i%2])
		_ = v.View()
	}
}
