package vpcs

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme/i18n"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
)

// fake answers AttachedVPCs with fixed data and records what it was asked.
type fake struct {
	vpcs  []cenapi.VPC
	err   error
	asked [][2]string
}

func (f *fake) AttachedVPCs(_ context.Context, cenID, regionID string) ([]cenapi.VPC, error) {
	f.asked = append(f.asked, [2]string{cenID, regionID})
	return f.vpcs, f.err
}

func many(n int) []cenapi.VPC {
	out := make([]cenapi.VPC, n)
	for i := range out {
		out[i] = cenapi.VPC{ID: fmt.Sprintf("vpc-bp1%017d", i), Name: fmt.Sprintf("service-net-%d-%s", i, []string{"oss", "sls", "dts"}[i%3]),
			RegionID: "cn-hangzhou", CidrBlock: fmt.Sprintf("10.%d.%d.0/24", i/256%256, i%256), Status: "Available", CenStatus: "Attached"}
	}
	return out
}

func load(t *testing.T, src *fake, w, h int, ascii bool) *View {
	t.Helper()
	v := New(src, pt.Styles(ascii), "cen-demo0000000001", "cn-hangzhou")
	v.SetSize(w, h)
	pt.Feed(v, v.Init())
	return v
}

func TestListsVPCsAndChooses(t *testing.T) {
	t.Parallel()
	src := &fake{vpcs: many(3)}
	v := load(t, src, 80, 24, false)
	if len(src.asked) != 1 || src.asked[0] != [2]string{"cen-demo0000000001", "cn-hangzhou"} {
		t.Errorf("asked %v", src.asked)
	}
	out := v.View()
	pt.CheckFrame(t, out, 80, 24)
	for _, want := range []string{"VPC", "Name", "CIDR", many(2)[1].ID, "service-net-1-sls", "10.0.2.0/24", "Available", "cn-hangzhou"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	msgs := pt.Msgs(pt.Press(v, "end", "enter"))
	if len(msgs) != 1 || msgs[0].(ChosenMsg).VPC.ID != many(3)[2].ID {
		t.Errorf("enter gave %v", msgs)
	}
}

func TestFilterByCIDR(t *testing.T) {
	t.Parallel()
	v := load(t, &fake{vpcs: many(300)}, 80, 24, false)
	pt.Press(v, "/")
	pt.Type(v, "10.1.2.0/")
	if v.Visible() != 1 {
		t.Fatalf("filter 10.1.2.0/ shows %d VPCs", v.Visible())
	}
	msgs := pt.Msgs(pt.Press(v, "enter", "enter"))
	if len(msgs) != 1 || msgs[0].(ChosenMsg).VPC.CidrBlock != "10.1.2.0/24" {
		t.Errorf("choice %v", msgs)
	}
}

func TestStatesAndFrames(t *testing.T) {
	t.Parallel()
	failed := load(t, &fake{err: &cenapi.Error{Code: "Throttling.User", Message: "Request was denied due to user flow control.", RequestID: "RID-2"}}, 80, 24, false)
	if out := failed.View(); !strings.Contains(out, "Throttling.User") || !strings.Contains(out, "RID-2") || !strings.Contains(out, "r to retry") {
		t.Errorf("error view:\n%s", out)
	}
	empty := load(t, &fake{}, 80, 24, false)
	if out := empty.View(); !strings.Contains(out, "No VPCs found.") || !strings.Contains(out, "pick another region") {
		t.Errorf("empty view:\n%s", out)
	}
	for _, ascii := range []bool{false, true} {
		v := load(t, &fake{vpcs: many(100)}, 120, 40, ascii)
		for _, size := range [][2]int{{120, 40}, {80, 24}} {
			v.SetSize(size[0], size[1])
			pt.Press(v, "pgdown")
			pt.CheckFrame(t, v.View(), size[0], size[1])
			pt.CheckPlain(t, v.View(), ascii)
		}
	}
}

// BenchmarkViewVPCs10k renders one frame of a 10,000-VPC list at 120x40.
func BenchmarkViewVPCs10k(b *testing.B) {
	v := New(&fake{vpcs: many(10000)}, pt.Styles(false), "cen-x", "cn-hangzhou")
	v.SetSize(120, 40)
	pt.Feed(v, v.Init())
	pt.Press(v, "pgdown")
	for b.Loop() {
		_ = v.View()
	}
}

// BenchmarkFilterKeystrokeVPCs10k is one key typed into the filter of a
// 10,000-VPC list and the frame that follows; keys alternate between
// adding a character and deleting it (a full re-filter).
func BenchmarkFilterKeystrokeVPCs10k(b *testing.B) {
	v := New(&fake{vpcs: many(10000)}, pt.Styles(false), "cen-x", "cn-hangzhou")
	v.SetSize(120, 40)
	pt.Feed(v, v.Init())
	pt.BenchFilterKeystroke(b, v, "10.1")
}

// In Chinese the step says its words in Chinese, the VPCs' status too,
// and fits 80x24 and 60x16.
func TestVPCsInChinese(t *testing.T) {
	t.Parallel()
	st := pt.StylesIn(false, i18n.Chinese)
	vpcs := many(3)
	vpcs[1].Status = "Pending"
	for _, size := range [][2]int{{80, 24}, {60, 16}} {
		for _, src := range []*fake{{vpcs: vpcs}, {}} {
			v := New(src, st, "cen-demo0000000001", "cn-hangzhou")
			v.SetSize(size[0], size[1])
			pt.Feed(v, v.Init())
			out := v.View()
			pt.CheckFrame(t, out, size[0], size[1])
			pt.CheckNoEnglish(t, out, "VPC")
		}
	}
	v := New(&fake{vpcs: vpcs}, st, "cen-demo0000000001", "cn-hangzhou")
	v.SetSize(80, 24)
	pt.Feed(v, v.Init())
	for _, want := range []string{"选择 cn-hangzhou 中用于访问服务的 VPC", "名称", "网段", "状态", "可用", "创建中", "VPC：3"} {
		if !strings.Contains(v.View(), want) {
			t.Errorf("view lacks %q:\n%s", want, v.View())
		}
	}
	empty := New(&fake{}, st, "cen-demo0000000001", "cn-hangzhou")
	empty.SetSize(80, 24)
	pt.Feed(empty, empty.Init())
	if want := "cen-demo0000000001 未加载 cn-hangzhou 的任何 VPC。"; !strings.Contains(empty.View(), want) {
		t.Errorf("the empty list lacks %q:\n%s", want, empty.View())
	}
}
