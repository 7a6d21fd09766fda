package hosts

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// messyChinese is a list as an operator of a Chinese team pastes it: a
// Chinese comment, and every kind of problem the step knows.
const messyChinese = `# 办公网要访问的服务地址
100.118.28.0/24
100.118.29.5/24
100.118.28.0/24
100.118.28.7
10.0.0.0/24
junk!
oss.internal
gone.example.com
100.118.40.0/24, 100.118.41.0/24  # 两个地址
100.118.50.0/24`

// chineseView is the step in Chinese with messyChinese pasted, at width x
// height: 100.118.40.0/24 is routed already, 100.118.50.0/24 has a Failed
// entry in the way.
func chineseView(t *testing.T, width, height int) *View {
	t.Helper()
	failed := entry("100.118.50.0/24", "cn-shanghai")
	failed.Status = cenapi.StatusFailed
	src := &fakeSource{entries: []cenapi.RouteService{entry("100.118.40.0/24", "cn-hangzhou"),
		entry("100.118.40.0/24", "cn-shanghai"), entry("100.118.50.0/24", "cn-hangzhou"), failed}}
	v := New(src, viewtest.StylesIn(i18n.Chinese), target, "")
	v.resolver = fakeResolver{"oss.internal": {"100.118.60.1", "192.168.0.1"}}
	v.SetSize(width, height)
	viewtest.Run(t, v, v.Init(), isAnswer)
	paste(t, v, messyChinese)
	return v
}

// theirs are the words the screen shows that are not the step's own: the
// operator's entries, and what the functions of package views that other
// parts word say (what the host list found, errors). They may be English
// here; they are checked where they are made.
func theirs(v *View) []string {
	lang := v.st.Lang
	var said []string
	for _, l := range v.check.result.Lines {
		said = append(said, l.Raw, views.HostNote(lang, l), views.HostProblem(lang, l))
	}
	if v.existing.err != nil {
		said = append(said, views.ErrorText(lang, v.existing.err))
	}
	for _, lk := range v.lookups {
		if lk.err != nil {
			said = append(said, views.ErrorText(lang, lk.err))
		}
	}
	return viewtest.EnglishWords(strings.Join(said, "\n"))
}

// check fails the test when the view is wider or taller than its size,
// or has English words of its own left.
func check(t *testing.T, v *View, width, height int) {
	t.Helper()
	view := v.View()
	viewtest.CheckSize(t, view, width, height)
	viewtest.CheckChinese(t, view, theirs(v)...)
}

// Every state of the step reads in Chinese and fits 80x24 and 60x16: the
// lists, the notes beside each line and the cursor's line in full, the
// lookups, the clean-up keys, the undo and the keys with nothing to do.
func TestEditorSpeaksChinese(t *testing.T) {
	t.Parallel()
	for _, size := range viewtest.Sizes {
		w, h := size[0], size[1]
		v := chineseView(t, w, h)
		viewtest.MustContain(t, flat(v.View()), "服务地址", "有效", "无效", "问题：", "无法继续：")
		press(t, v, "ctrl+home")
		for range strings.Count(messyChinese, "\n") + 1 {
			check(t, v, w, h)
			press(t, v, "down")
		}
		for _, k := range []string{"ctrl+g", "pgdown", "pgup", "ctrl+r", "ctrl+f", "ctrl+z", "ctrl+x", "ctrl+z",
			"ctrl+y", "ctrl+z", "ctrl+o"} {
			press(t, v, k)
			check(t, v, w, h)
		}
		viewtest.MustContain(t, flat(v.View()), "已删除")
		// A list with nothing to clean: every clean-up key says why.
		for _, k := range []string{"ctrl+f", "ctrl+r", "ctrl+g", "ctrl+o", "ctrl+y"} {
			press(t, v, k)
			check(t, v, w, h)
		}
		for len(v.undo) > 0 {
			press(t, v, "ctrl+z")
		}
		press(t, v, "ctrl+z")
		check(t, v, w, h)
		viewtest.MustContain(t, flat(v.View()), "没有可撤销的操作。")
		press(t, v, "tab")
		check(t, v, w, h)
		viewtest.CheckChinese(t, viewtest.HelpText(v.FullHelp()...))
	}
}

// The step before the entries on the CEN are known, when they cannot be,
// and with nothing typed yet, in Chinese.
func TestEditorStatesSpeakChinese(t *testing.T) {
	t.Parallel()
	for _, size := range viewtest.Sizes {
		w, h := size[0], size[1]
		v := New(&fakeSource{}, viewtest.StylesIn(i18n.Chinese), target, "")
		v.SetSize(w, h)
		check(t, v, w, h) // loading, empty
		viewtest.MustContain(t, flat(v.View()), "正在检查 cen-test（cn-hangzhou）上已有的条目", "每行一个")
		typeText(t, v, "100.118.1.0/24")
		check(t, v, w, h)
		viewtest.MustContain(t, flat(v.View()), "尚未检查已有条目")
		src := &fakeSource{failures: 1, err: &cenapi.Error{Code: "Throttling.User", Message: "Request was denied due to user flow control.", RequestID: "REQ-1"}}
		v = New(src, viewtest.StylesIn(i18n.Chinese), target, "100.118.1.0/24")
		v.SetSize(w, h)
		viewtest.Run(t, v, v.Init(), isAnswer)
		check(t, v, w, h)
		viewtest.MustContain(t, flat(v.View()), "无法检查已有条目（ctrl+l 重试）")
	}
}

// The cursor's cell is the character it is on in a line of Chinese, at
// every place along it, the line scrolled sideways or not.
func TestEditorCursorOnChineseText(t *testing.T) {
	t.Parallel()
	for _, size := range viewtest.Sizes {
		comment := "# " + strings.Repeat("服务地址", 6)
		v := New(&fakeSource{}, viewtest.TerminalStyles("NO_COLOR=1"), target, "100.118.1.0/24\n"+comment)
		v.SetSize(size[0], size[1])
		runes := []rune(comment)
		for col := len(runes); col >= 0; col-- {
			view := v.View()
			viewtest.CheckSize(t, view, size[0], size[1])
			line, _, cell, ok := viewtest.CursorCell(view)
			want := " "
			if col < len(runes) {
				want = string(runes[col])
			}
			if !ok || cell != want || !strings.Contains(ansi.Strip(strings.Split(view, "\n")[line]), "  2 ") {
				t.Fatalf("%v col %d: cursor on %q (line %d), want %q:\n%s", size, col, cell, line, want, view)
			}
			v.Update(viewtest.Key("left"))
		}
	}
}
