package regions

import (
	"context"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
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
