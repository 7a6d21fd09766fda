package regions

import (
	"context"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/picker"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
)

// fake answers HostRegions for one CEN with fixed data.
type fake struct {
	regions []cenapi.HostRegion
	err     error
	asked   []string
}

func (f *fake) HostRegions(_ context.Context, cenID string) ([]cenapi.HostRegion, error) {
	f.asked = append(f.asked, cenID)
	return f.regions, f.err
}

func demo() []cenapi.HostRegion {
	return []cenapi.HostRegion{
		{Region: cenapi.Region{ID: "cn-hangzhou", LocalName: "China (Hangzhou)"}, VPCs: 2, TransitRouterType: "Basic", Supported: true},
		{Region: cenapi.Region{ID: "cn-shanghai", LocalName: "China (Shanghai)"}, VPCs: 1, TransitRouterType: "Enterprise",
			Reason: "its transit router is Enterprise Edition, which routes services with transit-router route entries instead"},
		{Region: cenapi.Region{ID: "cn-beijing", LocalName: "华北2（北京）"}, VPCs: 1, TransitRouterType: "Enterprise"},
	}
}

func load(t *testing.T, src *fake, w, h int) *View {
	t.Helper()
	v := New(src, pt.Styles(false), "cen-demo0000000001")
	v.SetSize(w, h)
	pt.Feed(v, v.Init())
	return v
}

func TestListsRegionsWithNamesCountsAndSupport(t *testing.T) {
	t.Parallel()
	src := &fake{regions: demo()}
	v := load(t, src, 80, 24)
	if len(src.asked) != 1 || src.asked[0] != "cen-demo0000000001" {
		t.Errorf("asked for %v", src.asked)
	}
	out := v.View()
	pt.CheckFrame(t, out, 80, 24)
	for _, want := range []string{"cn-hangzhou", "China (Hangzhou)", "华北2（北京）", "Basic", "Enterprise", "✓ ok", "! unsupported", "regions: 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	if v.Title() != "Host region" {
		t.Errorf("title %q", v.Title())
	}
}

func TestUnsupportedRegionIsShownButCannotBeChosen(t *testing.T) {
	t.Parallel()
	v := load(t, &fake{regions: demo()}, 80, 24)
	pt.Press(v, "j")
	want := "cn-shanghai is not supported: its transit router is Enterprise Edition"
	if !strings.Contains(v.View(), want) {
		t.Errorf("reason not shown for the highlighted region:\n%s", v.View())
	}
	if cmd := pt.Press(v, "enter"); cmd != nil {
		t.Fatalf("enter chose an unsupported region: %v", pt.Msgs(cmd))
	}
	if cmd := pt.Press(v, "tab"); cmd != nil {
		t.Fatalf("tab chose an unsupported region: %v", pt.Msgs(cmd))
	}
	pt.Press(v, "j")
	if flat := strings.Join(strings.Fields(v.View()), " "); !strings.Contains(flat, "cn-beijing is not supported: "+cenapi.ReasonEnterpriseEdition) {
		t.Errorf("default reason missing:\n%s", v.View())
	}
	msgs := pt.Msgs(pt.Press(v, "home", "enter"))
	if len(msgs) != 1 || msgs[0].(ChosenMsg).Region.ID != "cn-hangzhou" {
		t.Errorf("enter on a supported region gave %v", msgs)
	}
}

func TestErrorAndEmpty(t *testing.T) {
	t.Parallel()
	v := load(t, &fake{err: &cenapi.Error{Code: "ParameterCenInstanceId", Message: "The specified CEN instance id does not exist.", RequestID: "RID-1"}}, 80, 24)
	if v.State() != picker.Failed || !strings.Contains(v.View(), "ParameterCenInstanceId") || !strings.Contains(v.View(), "RID-1") {
		t.Errorf("error view:\n%s", v.View())
	}
	e := load(t, &fake{}, 80, 24)
	if !strings.Contains(e.View(), "No VPC is attached to cen-demo0000000001") {
		t.Errorf("empty view:\n%s", e.View())
	}
}

func TestASCIIAndResize(t *testing.T) {
	t.Parallel()
	v := New(&fake{regions: demo()[:2]}, pt.Styles(true), "cen-x")
	pt.Feed(v, v.Init())
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		v.SetSize(size[0], size[1])
		out := v.View()
		pt.CheckFrame(t, out, size[0], size[1])
		pt.CheckPlain(t, out, true)
		if !strings.Contains(out, "+ ok") || !strings.Contains(out, "! unsupported") {
			t.Errorf("ASCII status words missing:\n%s", out)
		}
	}
}

// In Chinese the step says its words in Chinese, the transit router's
// edition and why a region cannot be chosen too, and fits 80x24 and
// 60x16; a reason of the API's own is shown as given.
func TestRegionsInChinese(t *testing.T) {
	t.Parallel()
	st := pt.StylesIn(false, i18n.Chinese)
	zh := []cenapi.HostRegion{
		{Region: cenapi.Region{ID: "cn-hangzhou", LocalName: "华东1（杭州）"}, VPCs: 2, TransitRouterType: "Basic", Supported: true},
		{Region: cenapi.Region{ID: "cn-beijing", LocalName: "华北2（北京）"}, VPCs: 1, TransitRouterType: "Enterprise",
			Reason: cenapi.ReasonEnterpriseEdition},
		{Region: cenapi.Region{ID: "cn-qingdao", LocalName: "华北1（青岛）"}, VPCs: 1},
	}
	for _, size := range [][2]int{{80, 24}, {60, 16}} {
		for _, src := range []*fake{{regions: zh}, {}} {
			v := New(src, st, "cen-demo0000000001")
			v.SetSize(size[0], size[1])
			pt.Feed(v, v.Init())
			pt.Press(v, "down")
			out := v.View()
			pt.CheckFrame(t, out, size[0], size[1])
			pt.CheckNoEnglish(t, out, "VPC")
		}
	}
	v := New(&fake{regions: zh}, st, "cen-demo0000000001")
	v.SetSize(100, 24)
	pt.Feed(v, v.Init())
	pt.Press(v, "down")
	out := v.View()
	for _, want := range []string{"选择 cen-demo0000000001 上服务所在的地域", "转发路由器", "基础版", "企业版", "无", "✓ 支持", "! 不支持",
		"cn-beijing 不支持：转发路由器为企业版：云服务需要基础版"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	if got := unsupported(st.Lang, demo()[1]); got != "cn-shanghai 不支持："+demo()[1].Reason {
		t.Errorf("a reason of the API's own reads %q", got)
	}
}
