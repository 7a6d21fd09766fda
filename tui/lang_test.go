package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/theme/i18n"
)

// checkChinese fails t for every English word of the screen but its
// identity line (where the credentials came from, as the client says it)
// and what the active view says: the lines it draws, its title and its
// keys (each view speaks for itself).
func checkChinese(t *testing.T, m *Model) {
	t.Helper()
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	v := m.active()
	body := map[string]bool{}
	if m.overlay == noOverlay {
		for _, l := range strings.Split(ansi.Strip(v.View()), "\n") {
			body[strings.TrimRight(l, " ")] = true
		}
	}
	viewSays := map[string]bool{}
	said := v.Title()
	for _, g := range append(v.FullHelp(), v.ShortHelp()) {
		for _, b := range g {
			said += " " + b.Help().Desc
		}
	}
	for _, w := range latinWords.FindAllString(said, -1) {
		viewSays[w] = true
	}
	for _, l := range lines[1:] {
		if body[strings.TrimRight(l, " ")] {
			continue
		}
		for _, w := range latinWords.FindAllString(l, -1) {
			if !neutralWord(w) && !viewSays[w] && !viewSays[strings.TrimSuffix(w, "...")] {
				t.Errorf("%v: %q is English in %q", m.step, w, l)
			}
		}
	}
}

// The wizard's frame speaks Chinese in Chinese: the about panel and its
// folded hint, what Esc says on the first step, the help, the too-small
// screen, and around a run the question, the status lines and the keys.
func TestFrameSpeaksChinese(t *testing.T) {
	t.Parallel()
	clock := newFrozenClock()
	s := slowSetup(clock)
	s.lang, s.width, s.height = i18n.Chinese, 80, 24
	f := start(t, s)
	f.waitStep(stepCEN, cenLoaded, "关于此步骤（按 i 隐藏）", "选择承载云服务的云企业网（CEN）")
	f.press("esc")
	f.waitView("这是第一步：按 q 退出。")
	f.peek(func(m *Model) { checkChinese(t, m) })
	f.press("?")
	f.waitView("按键：云企业网", "?/esc 关闭帮助")
	f.peek(func(m *Model) { checkChinese(t, m) })
	f.press("esc")
	f.resize(80, 18)
	f.waitView("| i：关于此步骤")
	f.press("i")
	f.waitView("关于：云企业网", "i/esc 关闭")
	f.press("esc")
	f.resize(50, 10)
	f.waitView("终端窗口太小：至少需要 60x16，当前为 50x10", "请放大窗口，或按 ctrl+c 退出。")
	f.resize(60, 16)

	f.press("enter")
	f.waitListed(stepHostRegion)
	f.press("down", "enter")
	f.waitStep(stepHostVPC, vpcsLoaded)
	f.press("enter")
	f.waitListed(stepAccess, "[x]")
	f.press("enter")
	f.waitStep(stepHosts)
	f.paste(newHosts)
	f.press("tab")
	f.waitStep(stepDescribe)
	f.waitView("2 个服务地址")
	f.press("enter")
	f.waitStep(stepReview)
	f.until("the plan checked", func(m *Model) bool {
		return strings.Contains(m.active().View(), "ResolveAndRouteServiceInCen")
	})
	f.peek(func(m *Model) { checkChinese(t, m) })
	f.press("enter")
	f.waitStep(stepSubmit)
	f.press("s")
	f.waitView("已暂停。停止任务吗？已受理的条目会继续完成。y/N", "ctrl+c 立即退出")
	f.peek(func(m *Model) { checkChinese(t, m) })
	f.press("n")
	f.waitView("继续：恢复发送调用。")
	f.press("s")
	f.waitView("已暂停。停止任务吗？")
	f.press("y")
	f.waitStep(stepResults, "任务已停止：按 r 立即发送已停止的服务地址。")
	f.peek(func(m *Model) { checkChinese(t, m) })
}
