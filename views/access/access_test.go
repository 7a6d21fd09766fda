package access

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
)

// fake answers AccessRegions with fixed data.
type fake struct {
	regions []cenapi.AccessRegion
	err     error
}

func (f *fake) AccessRegions(context.Context, string) ([]cenapi.AccessRegion, error) {
	return f.regions, f.err
}

func region(id string, vbrs, ccns int) cenapi.AccessRegion {
	return cenapi.AccessRegion{Region: cenapi.Region{ID: id, LocalName: "Region " + id}, VBRs: vbrs, CCNs: ccns}
}

func demo() []cenapi.AccessRegion {
	return []cenapi.AccessRegion{
		region("cn-beijing", 0, 2),
		region("cn-hangzhou", 1, 0),
		region("cn-shanghai", 2, 0),
		region("cn-shenzhen", 1, 1),
	}
}

// judge is the target rule for a CEN whose host region cn-hangzhou and its
// VPC were chosen, as the wizard's root builds it.
func judge(sel []cenapi.AccessRegion) []engine.Problem {
	inv := engine.Inventory{CENs: []cenapi.CEN{{ID: "cen-demo0000000001"}},
		HostRegions:   []cenapi.HostRegion{{Region: cenapi.Region{ID: "cn-hangzhou"}, Supported: true}},
		VPCs:          []cenapi.VPC{{ID: "vpc-1"}},
		AccessRegions: sel}
	target := engine.Target{CenID: "cen-demo0000000001", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-1", AccessRegionIDs: ids(sel)}
	return engine.JudgeTarget(inv, target, engine.ForCreate)
}

func load(t *testing.T, regions []cenapi.AccessRegion, w, h int, ascii bool) *View {
	t.Helper()
	v := New(&fake{regions: regions}, pt.Styles(ascii), "cen-demo0000000001", "cn-hangzhou", judge)
	v.SetSize(w, h)
	pt.Feed(v, v.Init())
	return v
}

func ids(rs []cenapi.AccessRegion) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestHostRegionIsPreselectedAndCountsShown(t *testing.T) {
	t.Parallel()
	v := load(t, demo(), 80, 24, false)
	if got := ids(v.Selected()); !slices.Equal(got, []string{"cn-hangzhou"}) {
		t.Errorf("preselected %v", got)
	}
	out := v.View()
	pt.CheckFrame(t, out, 80, 24)
	for _, want := range []string{"VBRs", "CCNs", "[x] cn-hangzhou", "[ ] cn-beijing", "host region", "1 selected", "enter continue"} {
		if want == "enter continue" {
			continue // help, checked below
		}
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "access-region") {
		t.Errorf("problem shown with only the host region selected:\n%s", out)
	}
	var help []string
	for _, b := range v.ShortHelp() {
		if b.Enabled() {
			help = append(help, b.Help().Key+" "+b.Help().Desc)
		}
	}
	for _, want := range []string{"enter continue", "space select", "a all/none"} {
		if !slices.Contains(help, want) {
			t.Errorf("help %v lacks %q", help, want)
		}
	}
}

// A VBR-only region other than the host region is rejected by the target
// rule: the reason is on the step, and Enter does not continue.
func TestVBROnlyRegionBlocksWithTheReason(t *testing.T) {
	t.Parallel()
	v := load(t, demo(), 80, 24, true)
	pt.Press(v, "j", "j", "space") // cn-shanghai: VBRs only, not the host region
	out := v.View()
	flat := strings.Join(strings.Fields(out), " ")
	want := "x access-region cn-shanghai: only a VBR is attached in cn-shanghai, and a VBR reaches only services in its own region (the service is in cn-hangzhou)"
	if !strings.Contains(flat, want) {
		t.Errorf("the rule's reason is missing:\n%s", out)
	}
	if !strings.Contains(out, "rejected") {
		t.Errorf("the row is not marked:\n%s", out)
	}
	pt.CheckFrame(t, out, 80, 24)
	pt.CheckPlain(t, out, true)
	if cmd := pt.Press(v, "enter"); cmd != nil {
		t.Fatalf("enter continued with a rejected region: %v", pt.Msgs(cmd))
	}
	if !strings.Contains(v.View(), "Cannot continue with these regions") {
		t.Errorf("the refusal is not said:\n%s", v.View())
	}
	pt.Press(v, "space")
	if strings.Contains(v.View(), "access-region") {
		t.Errorf("the problem stays after unchecking:\n%s", v.View())
	}
	pt.Press(v, "home", "space") // cn-beijing has a CCN: no problem
	if strings.Contains(v.View(), "access-region") {
		t.Errorf("a problem for a CCN region:\n%s", v.View())
	}
	if msgs := pt.Msgs(pt.Press(v, "enter")); len(msgs) != 1 {
		t.Errorf("enter with an accepted selection gave %v", msgs)
	}
}

func TestManyRejectedRegionsAreSummed(t *testing.T) {
	t.Parallel()
	var rs []cenapi.AccessRegion
	for i := range 6 {
		rs = append(rs, region(fmt.Sprintf("ap-south-%d", i), 1, 0))
	}
	v := load(t, rs, 80, 24, false)
	pt.Press(v, "a")
	out := v.View()
	if n := strings.Count(out, ": only a VBR"); n != maxProblems {
		t.Errorf("%d problem lines, want %d:\n%s", n, maxProblems, out)
	}
	if !strings.Contains(out, "3 more problems") {
		t.Errorf("no summary line:\n%s", out)
	}
	pt.CheckFrame(t, out, 80, 24)
}

func TestContinueNeedsOneRegion(t *testing.T) {
	t.Parallel()
	v := load(t, demo(), 80, 24, false)
	pt.Press(v, "a")
	pt.Press(v, "a") // all on, then all off
	if cmd := pt.Press(v, "enter"); cmd != nil {
		t.Fatalf("enter with nothing selected gave %v", pt.Msgs(cmd))
	}
	if !strings.Contains(v.View(), "Select at least one of the regions first") {
		t.Errorf("refusal not explained:\n%s", v.View())
	}
	pt.Press(v, "end", "space", "home", "space")
	msgs := pt.Msgs(pt.Press(v, "tab"))
	if len(msgs) != 1 || !slices.Equal(ids(msgs[0].(ChosenMsg).Regions), []string{"cn-beijing", "cn-shenzhen"}) {
		t.Errorf("tab gave %v", msgs)
	}
}

func TestErrorEmptyAndSizes(t *testing.T) {
	t.Parallel()
	failed := New(&fake{err: &cenapi.Error{Code: "InternalError", Message: "The request processing has failed due to some unknown error.", RequestID: "RID-3"}},
		pt.Styles(false), "cen-x", "cn-hangzhou", judge)
	failed.SetSize(80, 24)
	pt.Feed(failed, failed.Init())
	if out := failed.View(); !strings.Contains(out, "InternalError") || !strings.Contains(out, "RID-3") || !strings.Contains(out, "r to retry") {
		t.Errorf("error view:\n%s", out)
	}
	empty := load(t, nil, 80, 24, false)
	if !strings.Contains(empty.View(), "No VBR or CCN is attached") {
		t.Errorf("empty view:\n%s", empty.View())
	}
	v := load(t, demo(), 120, 40, false)
	pt.Press(v, "a")
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		v.SetSize(size[0], size[1])
		pt.CheckFrame(t, v.View(), size[0], size[1])
	}
}

// words are the words of a text in Latin letters.
var words = regexp.MustCompile(`[A-Za-z][A-Za-z0-9._-]*`)

// In Chinese the step says its words in Chinese, the marks of the host
// region and of a rejected one, the refusal and the rule's problems (as
// the one place that words them says them) too, and fits 80x24 and
// 60x16.
func TestAccessRegionsInChinese(t *testing.T) {
	t.Parallel()
	st := pt.StylesIn(false, i18n.Chinese)
	var rs []cenapi.AccessRegion
	for i := range 6 {
		r := region(fmt.Sprintf("ap-south-%d", i), 1, 0)
		r.LocalName = fmt.Sprintf("南亚%d", i)
		rs = append(rs, r)
	}
	rs = append(rs, cenapi.AccessRegion{Region: cenapi.Region{ID: "cn-hangzhou", LocalName: "华东1（杭州）"}, VBRs: 1})
	for _, size := range [][2]int{{80, 24}, {60, 16}} {
		v := New(&fake{regions: rs}, st, "cen-demo0000000001", "cn-hangzhou", judge)
		v.SetSize(size[0], size[1])
		pt.Feed(v, v.Init())
		pt.Press(v, "a", "enter")
		out := v.View()
		pt.CheckFrame(t, out, size[0], size[1])
		// The rule's problems are the engine's findings, said by
		// views.TargetProblem in both languages once it has the words.
		var problems []string
		for _, p := range judge(rs) {
			problems = append(problems, words.FindAllString(views.TargetProblem(st.Lang, p), -1)...)
		}
		pt.CheckNoEnglish(t, out, append(problems, "VBR", "CCN")...)
		wants := []string{"无法使用这些地域继续", "已拒绝"}
		if size[1] >= 24 { // 60x16 has room for the first problems only
			wants = append(wants, "另有 3 个问题", "服务所在地域")
		}
		for _, want := range wants {
			if !strings.Contains(strings.Join(strings.Fields(out), ""), strings.ReplaceAll(want, " ", "")) {
				t.Errorf("at %dx%d the view lacks %q:\n%s", size[0], size[1], want, out)
			}
		}
	}
	empty := New(&fake{}, st, "cen-demo0000000001", "cn-hangzhou", judge)
	empty.SetSize(80, 24)
	pt.Feed(empty, empty.Init())
	pt.CheckNoEnglish(t, empty.View(), "VBR", "CCN")
}
