package syncplan

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
)

// richDiff has a row of every action: a create (two entries, one call), a
// replace, a delete, a kept difference and a kept extra, and one
// unchanged entry.
func richDiff() engine.SyncDiff {
	d := diff()
	e := func(host, access, desc string) engine.DiffEntry {
		return engine.DiffEntry{Service: "oss", HostRegionID: "cn-hangzhou", Host: host, AccessRegionID: access,
			HostVpcID: "vpc-1", Description: desc}
	}
	d.Replaces = []engine.DiffChange{{DiffEntry: e("100.118.30.0/24", "cn-hangzhou", "办公网"),
		From: e("100.118.30.0/24", "cn-hangzhou", "旧的"), Reasons: []string{engine.ReasonDescription, engine.ReasonHostVPC}}}
	d.Deletes = []engine.DiffEntry{e("100.118.31.0/24", "cn-hangzhou", "")}
	d.Changes = []engine.DiffChange{{DiffEntry: e("100.118.32.0/24", "cn-hangzhou", ""), From: e("100.118.32.0/24", "cn-hangzhou", "x"),
		Reasons: []string{engine.ReasonFailed, engine.ReasonDeleting}}}
	d.Extras = []engine.DiffEntry{e("100.118.33.0/24", "cn-hangzhou", "")}
	return d
}

// Every state of the sync reads in Chinese and fits 80x24 and 60x16:
// checking, the difference, the question, the run's progress and outcome,
// a file that does not read, and a check that failed.
func TestSyncSpeaksChinese(t *testing.T) {
	t.Parallel()
	st := viewtest.StylesIn(i18n.Chinese)
	failed := engine.Event{Kind: engine.EventFailed, Item: 1, Host: "100.118.29.0/24", Region: "cn-shanghai",
		Code: "CloudRoute.VpcNotAttached", Message: "The VPC is not attached.", RequestID: "REQ-9"}
	apiErr := &cenapi.Error{Code: "ServiceUnavailable", Message: "The request has failed.", RequestID: "REQ-7"}
	problem := "routes.yaml:7: 10.0.0.0/24: outside 100.64.0.0/10"
	// What other parts word (the engine's messages, errors, the file's
	// problems, status words, the labels of an API error), checked where
	// it is made, the API's code cut at a dot, and the file's own words.
	theirs := viewtest.EnglishWords(strings.Join([]string{views.EventMessage(st.Lang, failed), "CloudRoute VpcNotAttached",
		views.ErrorText(st.Lang, apiErr), problem, "Code: Message:", "oss", st.StatusWord(string(engine.EventSending))}, "\n"))
	for _, size := range viewtest.Sizes {
		w, h := size[0], size[1]
		plan := func(ctx context.Context, _ engine.SyncOptions) (engine.SyncDiff, []string, error) {
			return richDiff(), nil, nil
		}
		v := New(st, "routes.yaml", plan, func(context.Context, engine.SyncPlan) (*engine.Run, error) {
			return nil, errors.New("no run in this test")
		})
		v.SetSize(w, h)
		check := func() {
			t.Helper()
			viewtest.CheckSize(t, v.View(), w, h)
			viewtest.CheckChinese(t, v.View(), theirs...)
		}
		check() // checking
		pt.Feed(v, v.Init())
		check()
		viewtest.MustContain(t, flat(v.View()), "将 routes.yaml 同步到 cen-1", "创建 2 个，删除 1 个，替换 1 个，不变 1 个")
		for range 6 {
			pt.Press(v, "down")
			check()
		}
		viewtest.CheckChinese(t, viewtest.HelpText(v.FullHelp()...))
		pt.Feed(v, pt.Press(v, "p"))
		check()
		pt.Press(v, "enter")
		check()
		viewtest.MustContain(t, flat(v.View()), "？y/N")
		viewtest.CheckChinese(t, viewtest.HelpText(v.FullHelp()...))
		pt.Press(v, "y")
		events := make(chan engine.Event, 4)
		follow := v.Update(startedMsg{ticket: v.runs.Next(), events: events})
		events <- engine.Event{Kind: engine.EventSending, Item: 1, Host: "100.118.29.0/24", Attempt: 1}
		follow = pt.Feed(v, follow)[0]
		check()
		pt.Press(v, "esc")
		check()
		events <- failed
		close(events)
		viewtest.Run(t, v, follow, func(tea.Msg) bool { return false })
		check()
		viewtest.MustContain(t, flat(v.View()), "次调用中有 1 次未成功")

		for _, answer := range []struct {
			problems []string
			err      error
		}{{[]string{problem}, nil}, {nil, apiErr}} {
			v = New(st, "routes.yaml", func(context.Context, engine.SyncOptions) (engine.SyncDiff, []string, error) {
				return engine.SyncDiff{}, answer.problems, answer.err
			}, nil)
			v.SetSize(w, h)
			pt.Feed(v, v.Init())
			check()
		}
	}
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
