package cens

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/picker"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
)

// fake answers CENSummaries with fixed data, failing first if err is set.
type fake struct {
	cens  []cenapi.CENSummary
	err   error
	calls int
}

func (f *fake) CENSummaries(context.Context) ([]cenapi.CENSummary, error) {
	f.calls++
	if f.err != nil && f.calls == 1 {
		return nil, f.err
	}
	return f.cens, nil
}

func demo() []cenapi.CENSummary {
	return []cenapi.CENSummary{
		{CEN: cenapi.CEN{ID: "cen-demo0000000001", Name: "production", Status: "Active", IPv6Enabled: true}, VPCs: 3, VBRs: 2, CCNs: 1},
		{CEN: cenapi.CEN{ID: "cen-demo0000000002", Name: "staging", Status: "Creating"}, VPCs: 1},
		{CEN: cenapi.CEN{ID: "cen-demo0000000003", Name: "", Status: "Active"}, CCNs: 4},
	}
}

func ready(t *testing.T, src Source, w, h int, ascii bool) *View {
	t.Helper()
	v := New(src, pt.Styles(ascii))
	v.SetSize(w, h)
	pt.Feed(v, v.Init())
	return v
}

func enabled(bs []key.Binding) string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(out, ", ")
}

func TestReadyShowsEveryColumn(t *testing.T) {
	t.Parallel()
	v := ready(t, &fake{cens: demo()}, 80, 24, false)
	out := v.View()
	pt.CheckFrame(t, out, 80, 24)
	for _, want := range []string{"Name", "ID", "Status", "IPv6", "VPCs", "VBRs", "CCNs",
		"production", "cen-demo0000000001", "✓ Active", "… Creating", "yes", "CENs: 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	if v.Title() != "CEN" {
		t.Errorf("title %q", v.Title())
	}
	if help := enabled(v.ShortHelp()); !strings.Contains(help, "enter choose") || !strings.Contains(help, "e route services") ||
		!strings.Contains(help, "/ filter") {
		t.Errorf("short help: %s", help)
	}
}

func TestLoadingErrorRetryAndEmpty(t *testing.T) {
	t.Parallel()
	src := &fake{cens: demo(), err: &cenapi.Error{Op: "DescribeCens", Code: "Forbidden.RAM",
		Message: "User not authorized to operate on the specified resource.", RequestID: "0C7A4F4E-1D5B-4F5A-9C41-2D1E3B5A6F70"}}
	v := New(src, pt.Styles(false))
	v.SetSize(80, 24)
	cmd := v.Init()
	if !strings.Contains(v.View(), "Loading CENs…") {
		t.Errorf("loading view:\n%s", v.View())
	}
	if help := enabled(v.ShortHelp()); help != "" {
		t.Errorf("help while loading: %s", help)
	}
	pt.Feed(v, cmd)
	out := v.View()
	for _, want := range []string{"Could not load CENs", "Forbidden.RAM", "User not authorized", "0C7A4F4E-1D5B-4F5A-9C41-2D1E3B5A6F70", "r to retry"} {
		if !strings.Contains(out, want) {
			t.Errorf("error view lacks %q:\n%s", want, out)
		}
	}
	if help := enabled(v.ShortHelp()); help != "r retry" {
		t.Errorf("help on error: %q", help)
	}
	pt.Feed(v, pt.Press(v, "r"))
	if v.State() != picker.Ready || src.calls != 2 {
		t.Errorf("after retry: %v after %d calls", v.State(), src.calls)
	}

	empty := ready(t, &fake{}, 80, 24, false)
	if out := empty.View(); !strings.Contains(out, "No CENs found.") || !strings.Contains(out, "CEN console") {
		t.Errorf("empty view:\n%s", out)
	}
}

func TestEnterChoosesAndEOpensRoutes(t *testing.T) {
	t.Parallel()
	v := ready(t, &fake{cens: demo()}, 80, 24, false)
	msgs := pt.Msgs(pt.Press(v, "j", "enter"))
	if len(msgs) != 1 || msgs[0].(ChosenMsg).CEN.ID != "cen-demo0000000002" {
		t.Fatalf("enter gave %v", msgs)
	}
	msgs = pt.Msgs(pt.Press(v, "e"))
	if len(msgs) != 1 || msgs[0].(ShowRoutesMsg).CEN.ID != "cen-demo0000000002" {
		t.Fatalf("e gave %v", msgs)
	}
}

func TestFilterTakesLettersAndEscGoesBackOnlyWhenClear(t *testing.T) {
	t.Parallel()
	v := ready(t, &fake{cens: demo()}, 80, 24, false)
	pt.Press(v, "/")
	pt.Type(v, "e")
	if !v.Capturing() || v.Filter() != "e" {
		t.Fatalf("capturing %v, filter %q", v.Capturing(), v.Filter())
	}
	if strings.Contains(enabled(v.ShortHelp()), "route services") {
		t.Error("help offers e while typing")
	}
	pt.Type(v, "xxx")
	if !strings.Contains(v.View(), "No CENs match the filter.") {
		t.Errorf("no-match view:\n%s", v.View())
	}
	if cmd := pt.Press(v, "enter"); cmd != nil {
		t.Errorf("enter applying a filter gave %v", pt.Msgs(cmd))
	}
	if cmd := pt.Press(v, "esc"); cmd != nil || v.Filter() != "" {
		t.Errorf("first esc: filter %q, cmd %v", v.Filter(), cmd)
	}
	if msgs := pt.Msgs(pt.Press(v, "esc")); len(msgs) != 1 || msgs[0] != (views.BackMsg{}) {
		t.Errorf("second esc gave %v", msgs)
	}
}

func TestReflowAndASCII(t *testing.T) {
	t.Parallel()
	for _, ascii := range []bool{false, true} {
		v := ready(t, &fake{cens: many(500)}, 120, 40, ascii)
		for _, size := range [][2]int{{120, 40}, {80, 24}, {100, 30}} {
			v.SetSize(size[0], size[1])
			pt.Press(v, "pgdown")
			out := v.View()
			pt.CheckFrame(t, out, size[0], size[1])
			pt.CheckPlain(t, out, ascii)
			// The highlighted row starts with the marker and is on screen:
			// a "> " anywhere else in the frame does not count.
			cursor := 0
			for _, l := range strings.Split(ansi.Strip(out), "\n") {
				if strings.HasPrefix(l, "> network ") {
					cursor++
				}
			}
			if cursor != 1 {
				t.Errorf("%dx%d: %d rows with the cursor marker, want 1:\n%s", size[0], size[1], cursor, out)
			}
		}
	}
}

func many(n int) []cenapi.CENSummary {
	out := make([]cenapi.CENSummary, n)
	for i := range out {
		out[i] = cenapi.CENSummary{CEN: cenapi.CEN{
			ID:     fmt.Sprintf("cen-%016d", i),
			Name:   fmt.Sprintf("network %d of team %d in the %s account", i, i%37, []string{"prod", "test", "dev"}[i%3]),
			Status: []string{"Active", "Creating", "Deleting"}[i%3],
		}, VPCs: i % 50, VBRs: i % 7, CCNs: i % 3}
	}
	return out
}

// BenchmarkViewCENs10k renders one frame of a 10,000-CEN list at 120x40.
func BenchmarkViewCENs10k(b *testing.B) {
	v := New(&fake{cens: many(10000)}, pt.Styles(false))
	v.SetSize(120, 40)
	pt.Feed(v, v.Init())
	pt.Press(v, "pgdown", "pgdown")
	b.ResetTimer()
	for b.Loop() {
		_ = v.View()
	}
}

// BenchmarkFilterKeystroke10k is one key typed into the filter of a
// 10,000-CEN list and the frame that follows. Keys alternate between
// adding a letter and deleting it, so half the keystrokes re-filter all
// 10,000 rows from scratch.
func BenchmarkFilterKeystroke10k(b *testing.B) {
	v := New(&fake{cens: many(10000)}, pt.Styles(false))
	v.SetSize(120, 40)
	pt.Feed(v, v.Init())
	pt.BenchFilterKeystroke(b, v, "team 1")
}

// In Chinese the step says its words in Chinese, loaded, failed and
// empty, and fits 80x24 and 60x16; what the API names (the CENs, their
// IDs) is shown as given.
func TestCENsInChinese(t *testing.T) {
	t.Parallel()
	st := pt.StylesIn(false, i18n.Chinese)
	for _, size := range [][2]int{{80, 24}, {60, 16}} {
		w, h := size[0], size[1]
		for _, src := range []*fake{{cens: demo()}, {err: errors.New("网络不通")}, {}} {
			v := New(src, st)
			v.SetSize(w, h)
			pt.Feed(v, v.Init())
			out := v.View()
			pt.CheckFrame(t, out, w, h)
			pt.CheckNoEnglish(t, out, "CEN", "ID", "IPv6", "VPC", "VBR", "CCN", "production", "staging")
			pt.CheckNoEnglish(t, v.Title()+" "+enabled(v.ShortHelp()), "e")
		}
	}
	v := New(&fake{cens: demo()}, st)
	v.SetSize(80, 24)
	pt.Feed(v, v.Init())
	pt.Press(v, "down")
	viewtestContains(t, v.View(), "选择承载云服务的云企业网（CEN）", "名称", "状态", "VPC 数", "✓ 可用", "… 创建中", "是", "云企业网：3")
	if got := enabled(v.ShortHelp()); !strings.Contains(got, "e 云服务") || !strings.Contains(got, "enter 选择") {
		t.Errorf("help in Chinese: %s", got)
	}
}

func viewtestContains(t *testing.T, view string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(view, w) {
			t.Errorf("view lacks %q:\n%s", w, view)
		}
	}
}
