package engine

import (
	"slices"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
)

// demoInventory is what the demo world's global-enterprise CEN has: a
// VBR only in cn-hongkong, a CCN in ap-southeast-1, an Enterprise Edition
// transit router in cn-shanghai.
func demoInventory() Inventory {
	region := func(id string) cenapi.Region { return cenapi.Region{ID: id} }
	return Inventory{
		CENs: []cenapi.CEN{{ID: "cen-2"}},
		HostRegions: []cenapi.HostRegion{
			{Region: region("ap-southeast-1"), VPCs: 1, TransitRouterType: cenapi.TransitRouterBasic, Supported: true},
			{Region: region("cn-shanghai"), VPCs: 1, TransitRouterType: cenapi.TransitRouterEnterprise,
				Reason: cenapi.ReasonEnterpriseEdition},
		},
		AccessRegions: []cenapi.AccessRegion{{Region: region("ap-southeast-1"), CCNs: 1}, {Region: region("cn-hongkong"), VBRs: 1}},
		VPCs:          []cenapi.VPC{{ID: "vpc-sg", RegionID: "ap-southeast-1"}},
	}
}

// bare is a Problem without its fact, for comparing.
type bare struct {
	Part       Part
	Value, Why string
}

// bareProblems are problems without their facts, each checked to say what
// its Why says.
func bareProblems(t *testing.T, problems []Problem) []bare {
	t.Helper()
	var out []bare
	for _, p := range problems {
		if p.Said.Kind == "" || p.Said.String() != p.Why {
			t.Errorf("%s: its fact %q (%s) is not its reason", p, p.Said, p.Said.Kind)
		}
		out = append(out, bare{p.Part, p.Value, p.Why})
	}
	return out
}

func TestJudgeTarget(t *testing.T) {
	t.Parallel()
	sg := Target{CenID: "cen-2", HostRegionID: "ap-southeast-1", HostVpcID: "vpc-sg"}
	with := func(access ...string) Target {
		t := sg
		t.AccessRegionIDs = access
		return t
	}
	for _, c := range []struct {
		name    string
		target  Target
		purpose Purpose
		want    []bare
	}{
		{"usable", with("ap-southeast-1"), ForCreate, nil},
		{"the VBR-only walk", with("ap-southeast-1", "cn-hongkong"), ForCreate, []bare{{PartAccessRegion, "cn-hongkong",
			"only a VBR is attached in cn-hongkong, and a VBR reaches only services in its own region (the service is in ap-southeast-1); " +
				"choose ap-southeast-1, or attach a CCN in cn-hongkong"}}},
		{"a VBR-only region may still be deleted from", with("cn-hongkong"), ForDelete, nil},
		{"named twice", with("ap-southeast-1", "ap-southeast-1"), ForCreate,
			[]bare{{PartAccessRegion, "ap-southeast-1", "named twice: each access region is routed once"}}},
		{"named twice, deleting", with("cn-hongkong", "cn-hongkong"), ForDelete,
			[]bare{{PartAccessRegion, "cn-hongkong", "named twice: each access region is routed once"}}},
		{"no access region", with(), ForCreate, []bare{{PartAccessRegion, "", "no access region is chosen"}}},
		{"no VBR or CCN", with("cn-beijing"), ForCreate, []bare{{PartAccessRegion, "cn-beijing",
			"the CEN has no VBR or CCN there (access regions: ap-southeast-1, cn-hongkong)"}}},
		{"no such CEN", Target{CenID: "cen-x", HostRegionID: "ap-southeast-1", AccessRegionIDs: []string{"ap-southeast-1"}}, ForCreate,
			[]bare{{PartCEN, "cen-x", "no such CEN"}}},
		{"Enterprise Edition", Target{CenID: "cen-2", HostRegionID: "cn-shanghai", HostVpcID: "vpc-sg", AccessRegionIDs: []string{"ap-southeast-1"}},
			ForCreate, []bare{{PartHostRegion, "cn-shanghai", cenapi.ReasonEnterpriseEdition}}},
		{"no VPC in the host region", Target{CenID: "cen-2", HostRegionID: "cn-beijing", AccessRegionIDs: []string{"ap-southeast-1"}}, ForDelete,
			[]bare{{PartHostRegion, "cn-beijing", "the CEN has no VPC there (host regions: ap-southeast-1, cn-shanghai)"}}},
		{"VPC not attached", Target{CenID: "cen-2", HostRegionID: "ap-southeast-1", HostVpcID: "vpc-x", AccessRegionIDs: []string{"ap-southeast-1"}},
			ForCreate, []bare{{PartHostVPC, "vpc-x", "not attached to the CEN in ap-southeast-1 (attached: vpc-sg)"}}},
	} {
		if got := bareProblems(t, JudgeTarget(demoInventory(), c.target, c.purpose)); !slices.Equal(got, c.want) {
			t.Errorf("%s: JudgeTarget = %q, want %q", c.name, got, c.want)
		}
	}
}
