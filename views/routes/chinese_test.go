package routes

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
	"github.com/cenroute/cenroute/views/savefile"
)

// loadIn is the view of demo() in lang at width x height, exporting to
// save.
func loadIn(t *testing.T, lang i18n.Lang, width, height int, save savefile.Options) *View {
	t.Helper()
	v := New(&fake{answers: [][]cenapi.RouteService{demo(), demo()[1:]}}, viewtest.StylesIn(lang), cen, refuseDeleter(t), save)
	v.SetSize(width, height)
	pt.Feed(v, v.Init())
	return v
}

// The view's own words read in Chinese (the table's frame is the list's,
// checked with it) and the whole fits 80x24 and 60x16: the columns, the
// question, a deletion's progress and outcome, and the export's prompt and
// outcome.
func TestRouteServicesSpeakChinese(t *testing.T) {
	t.Parallel()
	failed := engine.Event{Kind: engine.EventFailed, Host: "100.118.3.0/24", Region: "cn-hangzhou",
		Code: "InvalidOperation.CloudRouteStatusNotAllow", Message: "Operation is prohibited because status of cloud route is invalid.",
		RequestID: "9D1B2C3D-0000-4000-8000-00000000000A"}
	lang := i18n.New(i18n.Chinese)
	// What other parts word: the engine's message (views.EventMessage),
	// checked where it is made, and the API's code, cut at a dot.
	theirs := viewtest.EnglishWords(views.EventMessage(lang, failed) + " InvalidOperation CloudRouteStatusNotAllow")
	for _, size := range viewtest.Sizes {
		w, h := size[0], size[1]
		v := loadIn(t, i18n.Chinese, w, h, savefile.Options{Dir: t.TempDir()})
		check := func() {
			t.Helper()
			viewtest.CheckSize(t, v.View(), w, h)
			if lines := v.footer(); len(lines) > 0 {
				viewtest.CheckChinese(t, strings.Join(lines, "\n"), theirs...)
			}
			k := v.keys // the list's own keys are the list's
			viewtest.CheckChinese(t, viewtest.HelpText([]key.Binding{k.Delete, k.Export, k.Yes, k.No}))
		}
		check()
		viewtest.MustContain(t, v.View(), "production (cen-demo0000000001) 上的云服务", "服务地址", "访问地域")
		pt.Press(v, "a", "d")
		check()
		viewtest.MustContain(t, v.View(), "删除 4 个云服务？y/N")
		pt.Press(v, "n")
		check()
		pt.Press(v, "d", "y")
		events := make(chan engine.Event, 8)
		follow := v.Update(startedMsg{id: v.runs.Next(), events: events})
		events <- engine.Event{Kind: engine.EventDeleted, Host: "100.118.28.0/24", Region: "cn-hangzhou"}
		events <- failed
		follow = step(t, v, follow)
		follow = step(t, v, follow)
		check()
		viewtest.MustContain(t, v.View(), "正在删除 4 个云服务：已删除 1，失败 1，进行中 2")
		events <- engine.Event{Kind: engine.EventStopped, Host: "100.64.0.10", Region: "cn-shanghai"}
		close(events)
		viewtest.Run(t, v, follow, func(tea.Msg) bool { return false })
		check()
		viewtest.MustContainWrapped(t, v.View(), "4 个云服务中已删除 1 个：失败 1 个，已停止 1 个，1 个未确认")
		pt.Press(v, "esc", "x")
		check()
		pt.Feed(v, pt.Press(v, "enter"))
		check()
		viewtest.MustContainWrapped(t, v.View(), "已保存到")
	}
}

// A routes file exported is the same bytes whatever the language of the
// screen it was exported from, whole or in part: it is data, and its
// note about a part of the CEN stays in English.
func TestExportedRoutesFileIsTheSameInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, part := range []bool{false, true} {
		var files [][]byte
		for _, lang := range i18n.Langs() {
			room := t.TempDir()
			v := loadIn(t, lang, 80, 24, savefile.Options{Room: room})
			if part {
				pt.Press(v, "space", "j", "space")
			}
			pt.Feed(v, pt.Press(v, "x"))
			data, err := os.ReadFile(filepath.Join(room, "cenroute-routes-"+cen.ID+".yaml"))
			if err != nil {
				t.Fatalf("%s: %v\n%s", lang, err, v.View())
			}
			files = append(files, data)
		}
		if !bytes.Equal(files[0], files[1]) {
			t.Errorf("the routes file differs between the languages:\n%s\n%s", files[0], files[1])
		}
		if note := bytes.Contains(files[0], []byte("# Part of the CEN (2 entries of 4)")); note != part {
			t.Errorf("part %v, the file's note %v:\n%s", part, note, files[0])
		}
	}
}
