package submit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// A run reads in Chinese and fits 80x24 and 60x16 as it goes, while it
// is paused and stopping, and once it has finished.
func TestSubmitSpeaksChinese(t *testing.T) {
	t.Parallel()
	st := viewtest.StylesIn(i18n.Chinese)
	retry := ev(engine.EventRetrying, "100.118.1.0/24", 1)
	retry.Reason = "Throttling.User: slowing down"
	failed := ev(engine.EventFailed, "100.118.2.0/24", 2)
	failed.Code, failed.Message = "CloudRoute.VpcNotAttached", "The VPC is not attached to the CEN."
	accepted := ev(engine.EventAccepted, "100.118.1.0/24", 3)
	accepted.RequestID = "5A1F0000-0000-4000-8000-000000000001"
	again := ev(engine.EventSending, "100.118.1.0/24", 2)
	again.Attempt = 2
	script := []engine.Event{
		ev(engine.EventQueued, "100.118.1.0/24", 0), ev(engine.EventSending, "100.118.1.0/24", 0), retry,
		again, ev(engine.EventSending, "100.118.2.0/24", 2), failed,
		accepted, ev(engine.EventCreating, "100.118.1.0/24", 4), ev(engine.EventActive, "100.118.1.0/24", 5),
	}
	// What other parts word: the engine's messages (views.EventMessage)
	// and the status words (theme.Styles.StatusWord), checked where they
	// are made.
	var said []string
	for _, e := range script {
		said = append(said, views.EventMessage(st.Lang, e), st.StatusWord(string(e.Kind)))
	}
	theirs := viewtest.EnglishWords(strings.Join(said, "\n"))
	for _, size := range viewtest.Sizes {
		w, h := size[0], size[1]
		ch := make(chan engine.Event, len(script))
		v := newView(st, runID, ch, func() engine.Report { return engine.Report{RunID: runID} }, plan, []string{"100.118.4.0/24"}, t0)
		v.SetSize(w, h)
		check := func() {
			t.Helper()
			viewtest.CheckSize(t, v.View(), w, h)
			viewtest.CheckChinese(t, v.View(), theirs...)
		}
		check()
		cmd := v.read()
		for i, e := range script {
			ch <- e
			cmd = step(t, v, cmd)
			check()
			if i == 3 {
				viewtest.MustContain(t, v.View(), "第 2 次尝试")
			}
		}
		viewtest.MustContain(t, v.View(), "任务 "+runID, "提交中", "已发送 3 次调用，每秒 0.6 次")
		v.Update(BrakedMsg{On: true})
		check()
		v.Update(StopRequestedMsg{})
		check()
		viewtest.MustContain(t, v.View(), "正在停止：")
		close(ch)
		step(t, v, cmd)
		check()
		viewtest.MustContain(t, v.View(), "已结束")
		viewtest.CheckChinese(t, viewtest.HelpText(v.FullHelp()...))
	}
}

// A run of more hosts than fit says which are shown, in Chinese.
func TestSubmitWindowSpeaksChinese(t *testing.T) {
	t.Parallel()
	many := plan
	many.Hosts = nil
	for i := range 40 {
		many.Hosts = append(many.Hosts, fmt.Sprintf("100.118.%d.0/24", i))
	}
	for _, size := range viewtest.Sizes {
		v := newView(viewtest.StylesIn(i18n.Chinese), runID, nil, nil, many, nil, t0)
		v.SetSize(size[0], size[1])
		v.Update(viewtest.Key("pgdown"))
		viewtest.CheckSize(t, v.View(), size[0], size[1])
		viewtest.CheckChinese(t, v.View(), viewtest.EnglishWords(v.st.StatusWord(string(engine.EventQueued)))...)
		viewtest.MustContain(t, v.View(), "个地址，共 40 个；up/down 和 pgup/pgdn 滚动")
	}
}
