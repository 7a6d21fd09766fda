// Package viewtest helps the views' tests drive a view through Update the
// way the program would, without a terminal. Only _test.go files import it,
// so it is never linked into the cenroute binary.
package viewtest

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views/internal/navkeys"
)

// Styles are the dark theme on an ASCII colour profile: views render plain
// text, so tests can look for substrings.
func Styles() *theme.Styles { return StylesWith(false) }

// StylesWith is Styles with the ASCII glyph set when ascii is true.
func StylesWith(ascii bool) *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return theme.New(r, theme.Options{Name: theme.Dark, ASCII: ascii})
}

// TerminalStyles are the styles Launch builds for a terminal whose
// environment is env ("NO_COLOR=1", "TERM=vt100", ...): the colour profile
// is read from it as from a real terminal's.
func TerminalStyles(env ...string) *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithEnvironment(environ(env)), termenv.WithTTY(true))
	r.SetHasDarkBackground(true) // nothing to ask: io.Discard is no terminal
	return theme.New(r, theme.Options{Name: theme.Auto})
}

// environ is a fixed environment, as termenv reads one.
type environ []string

func (e environ) Environ() []string { return e }

func (e environ) Getenv(name string) string {
	for _, kv := range e {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v
		}
	}
	return ""
}

// Reverse video on and off, as a terminal receives them: what a text
// field's cursor cell is drawn with when the terminal has no colour.
const (
	ReverseOn  = "\x1b[7m"
	ReverseOff = "\x1b[27m"
)

// CursorCell finds the cell drawn in reverse video between ReverseOn and
// ReverseOff: its line and column (in cells, from 0) in view, and the text
// in it. ok is false when no line holds one.
func CursorCell(view string) (line, col int, text string, ok bool) {
	for i, l := range strings.Split(view, "\n") {
		on := strings.Index(l, ReverseOn)
		if on < 0 {
			continue
		}
		rest := l[on+len(ReverseOn):]
		off := strings.Index(rest, ReverseOff)
		if off < 0 {
			continue
		}
		return i, ansi.StringWidth(l[:on]), rest[:off], true
	}
	return 0, 0, "", false
}

// Keys turns a key name ("tab", "ctrl+f", "esc", "enter", "pgdown") or a
// run of letters ("q") into the message a terminal would produce.
func Key(name string) tea.KeyMsg {
	for t, n := range keyNames() {
		if n == name {
			return tea.KeyMsg{Type: t}
		}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

// keyNames maps Bubble Tea's key types to their names.
func keyNames() map[tea.KeyType]string {
	names := map[tea.KeyType]string{}
	for t := tea.KeyType(-200); t < 200; t++ {
		if s := t.String(); s != "" && !strings.HasPrefix(s, "%!") && s != "runes" {
			names[t] = s
		}
	}
	return names
}

// Paste is a bracketed paste of text.
func Paste(text string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true}
}

// Updater is the part of views.View that Run drives.
type Updater interface {
	Update(tea.Msg) tea.Cmd
}

// Run executes cmd and everything it leads to, feeding each message back
// into v, and returns the messages for which emitted is true (they are not
// fed back: they are the view's answers to the root). Batches are
// unpacked. It stops after a bounded number of steps so a loop fails the
// test instead of hanging it.
func Run(t testing.TB, v Updater, cmd tea.Cmd, emitted func(tea.Msg) bool) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("commands did not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			if emitted(msg) {
				out = append(out, msg)
				continue
			}
			queue = append(queue, v.Update(msg))
		}
	}
	return out
}

// CheckSize fails the test when the rendered view has a line wider than
// width or more lines than height.
func CheckSize(t testing.TB, view string, width, height int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > height {
		t.Errorf("view has %d lines, more than the height %d", len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d wide, more than %d: %q", i+1, w, width, l)
		}
	}
}

// MustContain fails the test, showing the view, for every text of want
// that the view does not contain.
func MustContain(t testing.TB, view string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(view, w) {
			t.Errorf("view lacks %q:\n%s", w, view)
		}
	}
}

// MustContainWrapped is MustContain for text that may be wrapped on the
// screen: white space, line breaks included, is left out of both sides,
// since Chinese text wraps between any two characters.
func MustContainWrapped(t testing.TB, view string, want ...string) {
	t.Helper()
	bare := func(s string) string { return strings.Join(strings.Fields(s), "") }
	for _, w := range want {
		if !strings.Contains(bare(view), bare(w)) {
			t.Errorf("view lacks %q:\n%s", w, view)
		}
	}
}

// CheckMoveKeys fails the test for every binding in groups that moves with
// one shared key (an arrow, a page key, home, end) under another name than
// navkeys gives it, so that a key reads the same on every screen. A binding
// that gathers several of them ("up/down" in a filter line) is left alone.
func CheckMoveKeys(t testing.TB, groups [][]key.Binding) {
	t.Helper()
	want := map[string]string{}
	for _, b := range []key.Binding{navkeys.Up(""), navkeys.Down(""), navkeys.PageUp(""),
		navkeys.PageDown(""), navkeys.Home(""), navkeys.End("")} {
		for _, k := range b.Keys() {
			want[k] = b.Help().Key
		}
	}
	for _, g := range groups {
		for _, b := range g {
			names := map[string]bool{}
			for _, k := range b.Keys() {
				if name, ok := want[k]; ok {
					names[name] = true
				}
			}
			for name := range names {
				if len(names) == 1 && b.Help().Key != name {
					t.Errorf("%q is named %q, want %q as on every screen", b.Keys(), b.Help().Key, name)
				}
			}
		}
	}
}
