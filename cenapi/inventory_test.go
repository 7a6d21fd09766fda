package cenapi

import (
	"context"
	"reflect"
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

func TestCENSummaries(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{ExtraCENs: 10})
	got, err := c.CENSummaries(context.Background())
	if err != nil {
		t.Fatalf("CENSummaries: %v", err)
	}
	if len(got) != 14 {
		t.Fatalf("%d summaries, want 14", len(got))
	}
	counts := func(s CENSummary) [3]int { return [3]int{s.VPCs, s.VBRs, s.CCNs} }
	want := map[string][3]int{
		"cen-demo0000000001": {4, 2, 1},
		"cen-demo0000000002": {3, 1, 1},
		"cen-demo0000000003": {2, 1, 0},
		"cen-demo0000000004": {1, 0, 0},
	}
	for _, s := range got[:4] {
		if counts(s) != want[s.ID] {
			t.Errorf("%s (%s): VPCs, VBRs, CCNs = %v, want %v", s.ID, s.Name, counts(s), want[s.ID])
		}
	}
	if got[0].Name != "corp-backbone" {
		t.Errorf("first summary = %+v", got[0])
	}
	for _, s := range got[4:] {
		if counts(s) != [3]int{1, 1, 0} {
			t.Errorf("generated %s: %v, want one VPC and one VBR", s.ID, counts(s))
		}
	}
}

func TestHostRegions(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	ctx := context.Background()
	got, err := c.HostRegions(ctx, emulator.DemoCenID)
	if err != nil {
		t.Fatalf("HostRegions: %v", err)
	}
	want := []HostRegion{
		{Region: Region{ID: "cn-beijing", LocalName: "China (Beijing)"}, VPCs: 1, TransitRouterType: TransitRouterBasic, Supported: true},
		{Region: Region{ID: "cn-hangzhou", LocalName: "China (Hangzhou)"}, VPCs: 2, TransitRouterType: TransitRouterBasic, Supported: true},
		{Region: Region{ID: "cn-shanghai", LocalName: "China (Shanghai)"}, VPCs: 1, TransitRouterType: TransitRouterBasic, Supported: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("HostRegions(cen 1) =\n%+v, want\n%+v", got, want)
	}

	got, err = c.HostRegions(ctx, "cen-demo0000000002")
	if err != nil {
		t.Fatalf("HostRegions: %v", err)
	}
	want = []HostRegion{
		{Region: Region{ID: "ap-southeast-1", LocalName: "Singapore"}, VPCs: 1, TransitRouterType: TransitRouterBasic, Supported: true},
		{Region: Region{ID: "cn-hongkong", LocalName: "China (Hong Kong)"}, VPCs: 1, TransitRouterType: TransitRouterBasic, Supported: true},
		{Region: Region{ID: "cn-shanghai", LocalName: "China (Shanghai)"}, VPCs: 1, TransitRouterType: TransitRouterEnterprise,
			Reason: "Enterprise Edition transit router: route services need Basic Edition"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("HostRegions(cen 2) =\n%+v, want\n%+v", got, want)
	}
}

func TestAttachedVPCs(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	ctx := context.Background()
	got, err := c.AttachedVPCs(ctx, emulator.DemoCenID, "cn-hangzhou")
	if err != nil {
		t.Fatalf("AttachedVPCs: %v", err)
	}
	names := map[string][2]string{}
	for _, v := range got {
		names[v.ID] = [2]string{v.Name, v.CidrBlock}
	}
	want := map[string][2]string{
		emulator.DemoVpcID:   {"prod-hz-core", "10.10.0.0/16"},
		"vpc-demo0000000013": {"prod-hz-batch", "10.11.0.0/16"},
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("AttachedVPCs(cen 1, cn-hangzhou) = %+v, want %v (not staging-hz, which is not attached)", got, want)
	}
	got, err = c.AttachedVPCs(ctx, "cen-demo0000000004", "cn-hangzhou")
	if err != nil || len(got) != 0 {
		t.Errorf("AttachedVPCs(cen 4, cn-hangzhou) = %+v, %v; want none", got, err)
	}
}

func TestAccessRegions(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	ctx := context.Background()
	got, err := c.AccessRegions(ctx, emulator.DemoCenID)
	if err != nil {
		t.Fatalf("AccessRegions: %v", err)
	}
	want := []AccessRegion{
		{Region: Region{ID: "cn-hangzhou", LocalName: "China (Hangzhou)"}, VBRs: 1},
		{Region: Region{ID: "cn-shanghai", LocalName: "China (Shanghai)"}, VBRs: 1, CCNs: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AccessRegions(cen 1) = %+v, want %+v", got, want)
	}
	got, err = c.AccessRegions(ctx, "cen-demo0000000004")
	if err != nil || len(got) != 0 {
		t.Errorf("AccessRegions(cen 4) = %+v, %v; want none", got, err)
	}
}

func TestEdition(t *testing.T) {
	t.Parallel()
	basic, ent := TransitRouter{Type: TransitRouterBasic}, TransitRouter{Type: TransitRouterEnterprise}
	tests := []struct {
		trs  []TransitRouter
		want string
	}{
		{nil, ""},
		{[]TransitRouter{basic}, TransitRouterBasic},
		{[]TransitRouter{basic, ent}, TransitRouterEnterprise},
		{[]TransitRouter{{Type: "Other"}}, ""},
	}
	for _, tt := range tests {
		if got := edition(tt.trs); got != tt.want {
			t.Errorf("edition(%v) = %q, want %q", tt.trs, got, tt.want)
		}
	}
	if h := hostRegion(Region{ID: "r"}, 1, nil); !h.Supported || h.Reason != "" {
		t.Errorf("a region without transit routers should be supported: %+v", h)
	}
}

func TestReachesFrom(t *testing.T) {
	t.Parallel()
	cases := []struct {
		region AccessRegion
		host   string
		ok     bool
	}{
		{AccessRegion{Region: Region{ID: "cn-hangzhou"}, VBRs: 1}, "cn-hangzhou", true},
		{AccessRegion{Region: Region{ID: "cn-beijing"}, VBRs: 2}, "cn-hangzhou", false},
		{AccessRegion{Region: Region{ID: "cn-beijing"}, CCNs: 1}, "cn-hangzhou", true},
		{AccessRegion{Region: Region{ID: "cn-beijing"}, VBRs: 1, CCNs: 1}, "cn-hangzhou", true},
		{AccessRegion{Region: Region{ID: "cn-beijing"}}, "cn-beijing", false},
	}
	for _, c := range cases {
		ok, why := c.region.ReachesFrom(c.host)
		if ok != c.ok || why.IsZero() != ok {
			t.Errorf("%+v.ReachesFrom(%s) = %v, %q", c.region, c.host, ok, why)
		}
	}
	_, said := AccessRegion{Region: Region{ID: "cn-beijing"}, VBRs: 1}.ReachesFrom("cn-hangzhou")
	why := said.String()
	want := "only a VBR is attached in cn-beijing, and a VBR reaches only services in its own region (the service is in cn-hangzhou)"
	if len(why) < len(want) || why[:len(want)] != want {
		t.Errorf("reason %q", why)
	}
}

// Regions gives what HostRegions and AccessRegions give, from one listing
// of the CEN's instances and one of region names.
func TestRegionsListsOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, srv := newEmulatorClient(t, emulator.Options{})
	for _, cenID := range []string{emulator.DemoCenID, "cen-demo0000000004"} {
		wantHosts, err := c.HostRegions(ctx, cenID)
		if err != nil {
			t.Fatalf("HostRegions: %v", err)
		}
		wantAccess, err := c.AccessRegions(ctx, cenID)
		if err != nil {
			t.Fatalf("AccessRegions: %v", err)
		}
		before := srv.Emulator().State().Counters
		hosts, access, err := c.Regions(ctx, cenID)
		if err != nil {
			t.Fatalf("Regions(%s): %v", cenID, err)
		}
		if !reflect.DeepEqual(hosts, wantHosts) || !reflect.DeepEqual(access, wantAccess) {
			t.Errorf("Regions(%s) =\n%+v\n%+v\nwant\n%+v\n%+v", cenID, hosts, access, wantHosts, wantAccess)
		}
		after := srv.Emulator().State().Counters
		for _, action := range []string{"DescribeCenAttachedChildInstances", "DescribeChildInstanceRegions"} {
			if n := after[action].Requests - before[action].Requests; n != 1 {
				t.Errorf("Regions(%s): %d %s requests, want 1", cenID, n, action)
			}
		}
	}
}
