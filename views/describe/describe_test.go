package describe

import (
	"strings"
	"testing"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
)

func isAnswer(msg tea.Msg) bool {
	switch msg.(type) {
	case ChosenMsg, views.BackMsg:
		return true
	}
	return false
}

func press(t *testing.T, v *View, k tea.KeyMsg) []tea.Msg {
	t.Helper()
	return viewtest.Run(t, v, v.Update(k), isAnswer)
}

func typeText(t *testing.T, v *View, s string) {
	t.Helper()
	for _, r := range s {
		press(t, v, viewtest.Key(string(r)))
	}
}

func TestDescriptionIsCheckedAsYouType(t *testing.T) {
	t.Parallel()
	v := New(viewtest.Styles(), "")
	v.SetSize(80, 24)
	if !strings.Contains(v.View(), "no description: enter or tab continues") {
		t.Fatalf("empty description not accepted:\n%s", v.View())
	}
	typeText(t, v, "https://oss")
	view := v.View()
	if !strings.Contains(view, "✗ the description must not start with http:// or https://") {
		t.Fatalf("bad description not explained:\n%s", view)
	}
	for _, k := range []string{"enter", "tab"} {
		if msgs := press(t, v, viewtest.Key(k)); len(msgs) != 0 {
			t.Fatalf("%s continued with an invalid description: %v", k, msgs)
		}
	}
	for range len("https://") {
		press(t, v, viewtest.Key("home"))
		press(t, v, viewtest.Key("delete"))
	}
	if !strings.Contains(v.View(), "✓ valid: enter or tab continues") || !strings.Contains(v.View(), "(3/256)") {
		t.Fatalf("valid description not accepted:\n%s", v.View())
	}
	msgs := press(t, v, viewtest.Key("tab"))
	if len(msgs) != 1 || msgs[0] != (ChosenMsg{Description: "oss"}) {
		t.Fatalf("tab answered %v", msgs)
	}
}

func TestDescriptionTooLongAndControlCharacters(t *testing.T) {
	t.Parallel()
	v := New(viewtest.Styles(), strings.Repeat("a", 257))
	v.SetSize(80, 24)
	if !strings.Contains(v.View(), "257 characters long; at most 256") {
		t.Fatalf("length not explained:\n%s", v.View())
	}
	if msgs := press(t, v, viewtest.Key("enter")); len(msgs) != 0 {
		t.Fatalf("enter answered %v", msgs)
	}
	press(t, v, viewtest.Key("backspace"))
	if msgs := press(t, v, viewtest.Key("enter")); len(msgs) != 1 {
		t.Fatal("256 characters refused")
	}
}

func TestLettersTypeAndEscGoesBack(t *testing.T) {
	t.Parallel()
	v := New(viewtest.Styles(), "kept")
	if !v.Capturing() {
		t.Fatal("a text field must capture letters")
	}
	typeText(t, v, "q")
	msgs := press(t, v, viewtest.Key("enter"))
	if len(msgs) != 1 || msgs[0] != (ChosenMsg{Description: "keptq"}) {
		t.Fatalf("enter answered %v", msgs)
	}
	msgs = press(t, v, viewtest.Key("esc"))
	if len(msgs) != 1 || msgs[0] != (views.BackMsg{}) {
		t.Fatalf("esc answered %v", msgs)
	}
}

func TestDescribeFitsTheTerminal(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		v := New(viewtest.Styles(), "https://"+strings.Repeat("x", 300))
		v.SetSize(size[0], size[1])
		viewtest.CheckSize(t, v.View(), size[0], size[1])
	}
}

// Without colour (NO_COLOR, TERM=vt100 or dumb) the cell where the next
// character goes is still drawn, in reverse video, and moves with the
// cursor.
func TestCursorIsVisibleWithoutColour(t *testing.T) {
	t.Parallel()
	for _, env := range [][]string{{"NO_COLOR=1", "TERM=vt100"}, {"TERM=vt100"}, {"TERM=dumb"}} {
		v := New(viewtest.TerminalStyles(env...), "")
		v.SetSize(80, 24)
		typeText(t, v, "oss")
		press(t, v, viewtest.Key("left"))
		line, col, text, ok := viewtest.CursorCell(v.View())
		if !ok {
			t.Fatalf("%v: no cursor on screen:\n%q", env, v.View())
		}
		row := strings.Split(v.View(), "\n")[line]
		if !strings.HasPrefix(ansi.Strip(row), "> oss") || col != 4 || text != "s" {
			t.Errorf("%v: cursor on %q at column %d of %q, want the last s of oss at column 4", env, text, col, row)
		}
		typeText(t, v, "x")
		if _, col, text, _ := viewtest.CursorCell(v.View()); v.input.Value() != "osxs" || col != 5 || text != "s" {
			t.Errorf("%v: typed %q, cursor on %q at column %d; want osxs with the cursor still before the last s", env, v.input.Value(), text, col)
		}
	}
}

// In Chinese the step says its words in Chinese, a description in
// Chinese is counted in characters (the API's limit) and drawn in cells:
// however long and wherever the cursor, no line is wider than the
// terminal, at 80x24 and 60x16.
func TestDescribeInChinese(t *testing.T) {
	t.Parallel()
	st := pt.StylesIn(false, i18n.Chinese)
	for _, size := range [][2]int{{80, 24}, {60, 16}, {61, 16}} {
		w, h := size[0], size[1]
		v := New(st, "")
		v.SetSize(w, h)
		out := v.View()
		viewtest.CheckSize(t, out, w, h)
		pt.CheckNoEnglish(t, out, "http", "https", "oss")
		viewtest.MustContain(t, out, "描述（可选）", "不填写描述：按 enter 或 tab 继续（0/256）", "选，例如 oss cn-hangzhou")
		typeText(t, v, "对象存储备份")
		viewtest.MustContain(t, v.View(), "有效：按 enter 或 tab 继续（6/256）")
		typeText(t, v, strings.Repeat("华东一杭州", 12))
		for _, k := range []string{"", "home", "right", "right", "end", "left", "left", "left"} {
			if k != "" {
				press(t, v, viewtest.Key(k))
			}
			out := v.View()
			viewtest.CheckSize(t, out, w, h)
			if !utf8.ValidString(ansi.Strip(out)) {
				t.Errorf("%dx%d after %q: a character is split:\n%s", w, h, k, out)
			}
		}
		viewtest.MustContain(t, v.View(), "（66/256）")
		for _, b := range v.ShortHelp() {
			pt.CheckNoEnglish(t, v.Title()+" "+b.Help().Desc)
		}
	}
}
