package hosts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// cursorAt draws the editor's text with a | at the cursor.
func cursorAt(e *editor) string {
	lines := make([]string, e.LineCount())
	for i := range lines {
		lines[i] = e.LineText(i)
	}
	l := []rune(lines[e.Line()])
	lines[e.Line()] = string(l[:e.Column()]) + "|" + string(l[e.Column():])
	return strings.Join(lines, "\n")
}

// The editing keys do what the textarea's did.
func TestEditorKeys(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text      string
		row, col  int
		keys      []string
		want      string
		wantValue string // "" = want without the cursor
	}{
		{"a b", 0, 3, []string{"left", "left"}, "a| b", ""},
		{"ab\ncd", 1, 0, []string{"left"}, "ab|\ncd", ""},
		{"ab\ncd", 0, 2, []string{"right"}, "ab\n|cd", ""},
		{"abc\nd\nefgh", 0, 3, []string{"down", "down"}, "abc\nd\nefg|h", ""},
		{"abcd\nx", 1, 1, []string{"up"}, "a|bcd\nx", ""},
		{"ab\ncd", 0, 1, []string{"up", "home"}, "|ab\ncd", ""},
		{"ab\ncd", 0, 0, []string{"end", "ctrl+end"}, "ab\ncd|", ""},
		{"ab\ncd", 1, 1, []string{"ctrl+home"}, "|ab\ncd", ""},
		{"100.64.0.1, 100.64.0.2  x", 0, 0, []string{"alt+right", "alt+right"}, "100.64.0.1, 100.64.0.2|  x", ""},
		{"one two\n  three", 1, 7, []string{"alt+left"}, "one two\n  |three", ""},
		{"one two\nthree", 1, 0, []string{"alt+left"}, "one |two\nthree", ""},
		{"ab\ncd", 1, 0, []string{"backspace"}, "ab|cd", ""},
		{"ab\ncd", 0, 2, []string{"delete"}, "ab|cd", ""},
		{"abc", 0, 2, []string{"backspace", "delete"}, "a|", ""},
		{"abc def", 0, 4, []string{"ctrl+k"}, "abc |", ""},
		{"abc def", 0, 4, []string{"ctrl+u"}, "|def", ""},
		{"ab\ncd", 0, 2, []string{"ctrl+k"}, "ab|cd", ""},
		{"one two  ", 0, 9, []string{"ctrl+w"}, "one |", ""},
		{"one  two three", 0, 3, []string{"alt+d"}, "one| three", ""},
		{"abcd", 0, 2, []string{"enter"}, "ab\n|cd", ""},
		{"ab", 0, 1, []string{"ctrl+f"}, "a|b", ""}, // ctrl+f is the step's fix key
	} {
		e := newEditor(tc.text)
		e.MoveTo(tc.row, tc.col)
		for _, k := range tc.keys {
			e.Update(viewtest.Key(k))
		}
		if got := cursorAt(e); got != tc.want {
			t.Errorf("%q at %d:%d after %v: got %q, want %q", tc.text, tc.row, tc.col, tc.keys, got, tc.want)
		}
		if got, want := e.Value(), strings.ReplaceAll(tc.want, "|", ""); got != want {
			t.Errorf("%q after %v: value %q, want %q", tc.text, tc.keys, got, want)
		}
	}
}

// Inserted text keeps its lines, loses control characters, and leaves
// the cursor after it; the rest of the line follows.
func TestEditorInsert(t *testing.T) {
	t.Parallel()
	e := newEditor("ab")
	e.MoveTo(0, 1)
	e.Insert("1\n2\x1b[31m\t3\n4")
	if got := cursorAt(e); got != "a1\n2[31m    3\n4|b" {
		t.Fatalf("got %q", got)
	}
	e.SetValue("")
	if got := cursorAt(e); got != "|" || e.LineCount() != 1 {
		t.Fatalf("empty: got %q, %d lines", got, e.LineCount())
	}
}

// maximalList is the largest list the editor takes: MaxHosts hosts on
// lines of nearly MaxLineBytes, then comment lines up to MaxLines and
// nearly MaxBytes. It passes the limits.
func maximalList(tb testing.TB) string {
	tb.Helper()
	var b strings.Builder
	line := 0
	for i := range hostlist.MaxHosts {
		h := fmt.Sprintf("100.%d.%d.%d/32", 64+i/65536, i/256%256, i%256)
		if line+len(h)+2 > hostlist.MaxLineBytes {
			b.WriteByte('\n')
			line = 0
		}
		if line > 0 {
			b.WriteString(", ")
			line += 2
		}
		b.WriteString(h)
		line += len(h)
	}
	b.WriteByte('\n')
	lines := strings.Count(b.String(), "\n")
	comment := (hostlist.MaxBytes - b.Len()) / (hostlist.MaxLines - lines)
	for range hostlist.MaxLines - lines {
		b.WriteString("#" + strings.Repeat("-", comment-2) + "\n")
	}
	text := b.String()
	if err := hostlist.CheckLimits(text); err != nil {
		tb.Fatal(err)
	}
	return text
}

// BenchmarkTypingAfterMaximalPaste times a keystroke (typing a character,
// then deleting it, each with the redraw) after the largest paste the
// editor takes, with the cursor on its longest line and on a short one.
// The two cost the same: a keystroke's work does not grow with the length
// of its line.
func BenchmarkTypingAfterMaximalPaste(b *testing.B) {
	text := maximalList(b)
	for _, where := range []struct {
		name string
		row  int
	}{{"longest line", 0}, {"short line", hostlist.MaxLines - 1}} {
		b.Run(where.name, func(b *testing.B) {
			v := New(&fakeSource{}, viewtest.Styles(), target, "")
			v.SetSize(120, 40)
			v.Update(viewtest.Paste(text))
			if v.check.result.Valid != hostlist.MaxHosts {
				b.Fatalf("valid %d, want %d (%s)", v.check.result.Valid, hostlist.MaxHosts, v.notice)
			}
			v.ed.MoveTo(where.row, len(v.ed.LineText(where.row)))
			keys := []string{",", "backspace"}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				v.Update(viewtest.Key(keys[i%2]))
				_ = v.View()
			}
		})
	}
}

// Without colour (NO_COLOR, TERM=vt100 or dumb) the editor still shows
// where the next character goes: the cell is drawn in reverse video, on
// the cursor's line and column.
func TestCursorIsVisibleWithoutColour(t *testing.T) {
	t.Parallel()
	for _, env := range [][]string{{"NO_COLOR=1", "TERM=vt100"}, {"TERM=dumb"}} {
		v := New(&fakeSource{}, viewtest.TerminalStyles(env...), target, "100.118.1.0/24\n")
		v.SetSize(80, 24)
		for _, r := range "100.118.28.0/24" {
			v.Update(viewtest.Key(string(r)))
		}
		for range 3 {
			v.Update(viewtest.Key("left"))
		}
		line, col, text, ok := viewtest.CursorCell(v.View())
		if !ok {
			t.Fatalf("%v: no cursor on screen:\n%q", env, v.View())
		}
		row := ansi.Strip(strings.Split(v.View(), "\n")[line])
		// The gutter: the cursor mark, the line number and a space.
		if gutter := v.gutterWidth(); !strings.HasPrefix(row, ">   2 100.118.28.0/24") || col != gutter+12 || text != "/" {
			t.Errorf("%v: cursor on %q at column %d of %q, want the / of line 2 at column %d", env, text, col, row, gutter+12)
		}
		v.Update(viewtest.Key("x"))
		if got := v.Text(); got != "100.118.1.0/24\n100.118.28.0x/24" {
			t.Errorf("%v: typing went to the wrong place: %q", env, got)
		}
	}
}
