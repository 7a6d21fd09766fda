package review

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// chinesePlan is plan described in Chinese, as a Chinese team would.
func chinesePlan() engine.Plan {
	p := plan
	p.Description = "办公网访问 OSS"
	return p
}

// reviewIn is the review of chinesePlan in Chinese at width x height,
// answered by prepare.
func reviewIn(t *testing.T, width, height int, prepare Preparer) *View {
	t.Helper()
	v := New(viewtest.StylesIn(i18n.Chinese), chinesePlan(), prepare)
	v.SetSize(width, height)
	viewtest.Run(t, v, v.Init(), isAnswer)
	return v
}

// answer is a Preparer that answers prep, problems and err.
func answer(prep engine.Prepared, problems []engine.Problem, err error) Preparer {
	return func(context.Context, engine.Plan) (engine.Prepared, []engine.Problem, error) {
		return prep, problems, err
	}
}

// Every state of the review reads in Chinese and fits 80x24 and 60x16:
// checked (with a conflict, the commands shown and copied), failed,
// rejected, and nothing to send.
func TestReviewSpeaksChinese(t *testing.T) {
	t.Parallel()
	prep := preparedPlan()
	prep.Plan = chinesePlan()
	prep.Conflicts = map[string]string{"100.118.9.0/24": "the entry into cn-shanghai is Failed: delete it, then apply again"}
	apiErr := &cenapi.Error{Op: "DescribeRouteServicesInCen", Code: "ServiceUnavailable",
		Message: "The request has failed due to a temporary failure of the server.", RequestID: "REQ-7"}
	problem := engine.Problem{Part: engine.PartAccessRegion, Value: "cn-hongkong", Why: "only a VBR is attached in cn-hongkong"}
	lang := i18n.New(i18n.Chinese)
	// What other parts word, checked where it is made (the engine's reason
	// for a conflict, errors, the target rule, the labels of an API
	// error), and the commands; "on" is tmux's "set-clipboard on".
	said := []string{prep.Conflicts["100.118.9.0/24"], views.ErrorText(lang, apiErr), views.TargetProblem(lang, problem),
		"Code: Message:", "on", prep.Plan.Description}
	for _, c := range prep.Calls {
		said = append(said, c.Command)
	}
	theirs := viewtest.EnglishWords(strings.Join(said, "\n"))
	for _, size := range viewtest.Sizes {
		w, h := size[0], size[1]
		check := func(v *View) {
			t.Helper()
			viewtest.CheckSize(t, v.View(), w, h)
			viewtest.CheckChinese(t, v.View(), theirs...)
		}
		v := reviewIn(t, w, h, answer(prep, nil, nil))
		check(v)
		viewtest.MustContainWrapped(t, v.View(), "确认计划", "列表中有 5 个地址：3 个待发送，2 个已存在（跳过），1 个有冲突",
			"3 次 ResolveAndRouteServiceInCen 调用，创建 6 个云服务条目", "1 个地址因已有条目而不发送：")
		for _, k := range []string{"c", "pgdown", "C"} {
			press(t, v, k)
			check(v)
		}
		v.now = func() time.Time { return time.Now().Add(2 * checkedFor) }
		press(t, v, "enter")
		check(v)
		viewtest.CheckChinese(t, viewtest.HelpText(v.FullHelp()...), "aliyun")
		check(reviewIn(t, w, h, answer(engine.Prepared{}, nil, apiErr)))
		check(reviewIn(t, w, h, answer(engine.Prepared{}, []engine.Problem{problem}, nil)))
		v = reviewIn(t, w, h, answer(engine.Prepared{Plan: chinesePlan(), Present: plan.Hosts}, nil, nil))
		press(t, v, "enter")
		check(v)
		v = New(viewtest.StylesIn(i18n.Chinese), chinesePlan(), answer(prep, nil, nil))
		v.SetSize(w, h)
		check(v) // checking
	}
}

// What the keys do, and the first commands once shown, stay on screen in
// both languages at every size, however many hosts are in conflict: the
// list of conflicts is cut first.
func TestActionsStayOnScreen(t *testing.T) {
	t.Parallel()
	prep := preparedPlan()
	prep.Conflicts = map[string]string{}
	for i := range 30 {
		prep.Conflicts[fmt.Sprintf("100.119.%d.0/24", i)] = "the entry into cn-shanghai is Failed: delete it, then apply again"
	}
	for _, lang := range i18n.Langs() {
		for _, size := range append(viewtest.Sizes, [2]int{120, 40}) {
			v := New(viewtest.StylesIn(lang), plan, answer(prep, nil, nil))
			v.SetSize(size[0], size[1])
			viewtest.Run(t, v, v.Init(), isAnswer)
			action := v.st.Lang.T("run.review.action.ready")
			view := v.View()
			viewtest.CheckSize(t, view, size[0], size[1])
			if !strings.Contains(strings.Join(strings.Fields(view), ""), strings.Join(strings.Fields(action), "")) {
				t.Errorf("%s %v: what the keys do is off screen:\n%s", lang, size, view)
			}
			press(t, v, "c")
			view = v.View()
			viewtest.CheckSize(t, view, size[0], size[1])
			if !strings.Contains(view, "aliyun cbn ResolveAndRouteServiceInCen") {
				t.Errorf("%s %v: no command on screen after c:\n%s", lang, size, view)
			}
		}
	}
}
