package emulator_test

import (
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// TestDemoWorld checks the promises of the seeded world: the first CEN is
// ready to use, one CEN has an Enterprise Edition transit router, one has
// IPv6, regions have local names.
func TestDemoWorld(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	c := demoCbn(t, s)

	r := cbn.CreateDescribeCensRequest()
	r.PageSize = requests.NewInteger(50)
	cens, err := c.DescribeCens(r)
	if err != nil {
		t.Fatal(err)
	}
	if cens.TotalCount < 4 || cens.Cens.Cen[0].CenId != emulator.DemoCenID || cens.Cens.Cen[0].Name == "" {
		t.Fatalf("CENs: %+v", cens.Cens.Cen)
	}
	ipv6 := 0
	for _, cen := range cens.Cens.Cen {
		if cen.Ipv6Level == "ENABLE" {
			ipv6++
		}
	}
	if ipv6 == 0 {
		t.Error("no CEN with IPv6 enabled")
	}

	ch := cbn.CreateDescribeCenAttachedChildInstancesRequest()
	ch.CenId, ch.ChildInstanceRegionId = emulator.DemoCenID, "cn-hangzhou"
	kids, err := c.DescribeCenAttachedChildInstances(ch)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string][]string{}
	for _, k := range kids.ChildInstances.ChildInstance {
		types[k.ChildInstanceType] = append(types[k.ChildInstanceType], k.ChildInstanceId)
		if k.Status != "Attached" || k.ChildInstanceOwnerId == 0 {
			t.Errorf("child %+v", k)
		}
	}
	if !slices.Contains(types["VPC"], emulator.DemoVpcID) || len(types["VBR"]) == 0 {
		t.Fatalf("first CEN in cn-hangzhou: %v", types)
	}

	trs := transitRouters(t, c, emulator.DemoCenID, "cn-hangzhou")
	if len(trs) != 1 || trs[0].Type != "Basic" {
		t.Fatalf("transit routers of the first CEN in cn-hangzhou: %+v", trs)
	}
	enterprise := false
	for _, cen := range cens.Cens.Cen {
		for _, reg := range []string{"cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "cn-hongkong", "ap-southeast-1"} {
			for _, tr := range transitRouters(t, c, cen.CenId, reg) {
				enterprise = enterprise || tr.Type == "Enterprise"
			}
		}
	}
	if !enterprise {
		t.Error("no Enterprise Edition transit router")
	}

	en := cbn.CreateDescribeChildInstanceRegionsRequest()
	en.AcceptLanguage = "en-US"
	names := regionNames(t, c, en)
	if len(names) != 11 || names["cn-hangzhou"] != "China (Hangzhou)" || names["ap-southeast-1"] != "Singapore" {
		t.Fatalf("regions in en-US %v", names)
	}
	// Chinese is the API's default: without AcceptLanguage, with zh-CN,
	// and with a value the API does not document.
	for _, lang := range []string{"", "zh-CN", "en", "ja"} {
		zh := cbn.CreateDescribeChildInstanceRegionsRequest()
		zh.AcceptLanguage = lang
		namesZh := regionNames(t, c, zh)
		if len(namesZh) != len(names) || namesZh["cn-hangzhou"] != "华东1（杭州）" {
			t.Errorf("AcceptLanguage %q: cn-hangzhou is %q, %d regions (want Chinese, %d)", lang, namesZh["cn-hangzhou"], len(namesZh), len(names))
		}
	}
	rr := cbn.CreateDescribeChildInstanceRegionsRequest()
	rr.ProductType = "CCN"
	ccn, err := c.DescribeChildInstanceRegions(rr)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ccn.Regions.Region); n == 0 || n >= len(names) {
		t.Errorf("%d CCN regions of %d", n, len(names))
	}
	rr.ProductType = "ECS"
	_, err = c.DescribeChildInstanceRegions(rr)
	wantError(t, err, http.StatusBadRequest, "InvalidParameter")
}

// regionNames is the reply to req, region ID to local name.
func regionNames(t *testing.T, c *cbn.Client, req *cbn.DescribeChildInstanceRegionsRequest) map[string]string {
	t.Helper()
	regs, err := c.DescribeChildInstanceRegions(req)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, reg := range regs.Regions.Region {
		names[reg.RegionId] = reg.LocalName
	}
	return names
}

// transitRouters lists through the SDK, which decodes TransitRouters as a
// bare JSON array: a wrapper object would fail to decode.
func transitRouters(t *testing.T, c *cbn.Client, cenID, regionID string) []cbn.TransitRouter {
	t.Helper()
	r := cbn.CreateListTransitRoutersRequest()
	r.RegionId = regionID
	r.CenId = cenID
	resp, err := c.ListTransitRouters(r)
	if err != nil {
		t.Fatalf("ListTransitRouters: %v", err)
	}
	for _, tr := range resp.TransitRouters {
		if tr.CenId != cenID || tr.RegionId != regionID || tr.TransitRouterId == "" {
			t.Fatalf("transit router %+v", tr)
		}
	}
	return resp.TransitRouters
}

func TestListTransitRoutersUnknownCEN(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	r := cbn.CreateListTransitRoutersRequest()
	r.RegionId, r.CenId = "cn-hangzhou", "cen-doesnotexist"
	_, err := demoCbn(t, s).ListTransitRouters(r)
	wantError(t, err, http.StatusBadRequest, "ParameterCenInstanceId")
}

// TestDescribeCensFilters: filters ANDed, values ORed, no match = empty.
func TestDescribeCensFilters(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	c := demoCbn(t, s)
	ids := func(filters ...cbn.DescribeCensFilter) []string {
		t.Helper()
		r := cbn.CreateDescribeCensRequest()
		r.Filter = &filters
		r.Tag = &[]cbn.DescribeCensTag{{Key: "env", Value: "prod"}}
		resp, err := c.DescribeCens(r)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, cen := range resp.Cens.Cen {
			out = append(out, cen.CenId)
		}
		if resp.TotalCount != len(out) {
			t.Errorf("TotalCount %d for %d", resp.TotalCount, len(out))
		}
		return out
	}
	f := func(key string, values ...string) cbn.DescribeCensFilter {
		return cbn.DescribeCensFilter{Key: key, Value: &values}
	}
	cen3 := "cen-demo0000000003"
	if got := ids(f("CenId", emulator.DemoCenID, cen3)); !reflect.DeepEqual(got, []string{emulator.DemoCenID, cen3}) {
		t.Errorf("CenId filter: %v", got)
	}
	if got := ids(f("Name", "dual-stack-lab")); !reflect.DeepEqual(got, []string{cen3}) {
		t.Errorf("Name filter: %v", got)
	}
	if got := ids(f("Name", "dual-stack-lab"), f("CenId", emulator.DemoCenID)); len(got) != 0 {
		t.Errorf("ANDed filters: %v", got)
	}
	if got := ids(f("CenId", "cen-nothere")); len(got) != 0 {
		t.Errorf("unknown CEN: %v", got)
	}
	r := cbn.CreateDescribeCensRequest()
	r.Filter = &[]cbn.DescribeCensFilter{f("Colour", "blue")}
	_, err := c.DescribeCens(r)
	wantError(t, err, http.StatusBadRequest, "InvalidParameter")
}

// TestDescribeVpcs goes through the vpc SDK, wrapper objects and all.
func TestDescribeVpcs(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	c := demoVpc(t, s)
	r := vpc.CreateDescribeVpcsRequest()
	r.RegionId = "cn-hangzhou"
	r.PageSize = requests.NewInteger(50)
	resp, err := c.DescribeVpcs(r)
	if err != nil {
		t.Fatal(err)
	}
	attached, detached := 0, 0
	for _, v := range resp.Vpcs.Vpc {
		if v.RegionId != "cn-hangzhou" || v.VpcName == "" || v.CidrBlock == "" || len(v.VSwitchIds.VSwitchId) == 0 {
			t.Errorf("vpc %+v", v)
		}
		if v.CenStatus == "Attached" {
			attached++
		} else {
			detached++
		}
	}
	if attached == 0 || detached == 0 || resp.TotalCount != len(resp.Vpcs.Vpc) {
		t.Fatalf("%d attached, %d not, total %d", attached, detached, resp.TotalCount)
	}

	r.VpcId = emulator.DemoVpcID + ",vpc-demo0000000004,vpc-demo0000000002" // the last is in cn-shanghai
	resp, err = c.DescribeVpcs(r)
	if err != nil {
		t.Fatal(err)
	}
	if resp.TotalCount != 2 || resp.Vpcs.Vpc[0].VpcId != emulator.DemoVpcID || resp.Vpcs.Vpc[0].CidrBlock != "10.10.0.0/16" {
		t.Fatalf("by id: %+v", resp.Vpcs.Vpc)
	}
}

// TestDeclaredFieldsCarryValues: the fields the SDK declares for transit
// routers, VPCs and CENs, beyond those cenroute reads, come back with real
// values through the SDK's own response structs (from the world file, or
// made from the IDs), so that a client that reads them meets no blanks.
func TestDeclaredFieldsCarryValues(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	c := demoCbn(t, s)

	ent := transitRouters(t, c, "cen-demo0000000002", "cn-shanghai")
	basic := transitRouters(t, c, emulator.DemoCenID, "cn-hangzhou")
	if len(ent) != 1 || len(basic) != 1 {
		t.Fatalf("transit routers: %+v, %+v", ent, basic)
	}
	zones := ent[0].TransitRouterPrimaryStandbyZoneInfoList
	if ent[0].ServiceMode == "" || ent[0].TransitRouterDescription == "" || len(zones) != 2 ||
		zones[0] != (cbn.TransitRouterPrimaryStandbyZoneInfoListItem{ZoneId: "cn-shanghai-f", Role: "Primary"}) ||
		zones[1] != (cbn.TransitRouterPrimaryStandbyZoneInfoListItem{ZoneId: "cn-shanghai-g", Role: "Standby"}) {
		t.Errorf("Enterprise Edition transit router %+v", ent[0])
	}
	if basic[0].ServiceMode == "" || basic[0].TransitRouterDescription != "Head office region" {
		t.Errorf("Basic Edition transit router %+v", basic[0])
	}

	r := cbn.CreateDescribeCensRequest()
	r.PageSize = requests.NewInteger(50)
	cens, err := c.DescribeCens(r)
	if err != nil {
		t.Fatal(err)
	}
	packages := map[string][]string{}
	for _, cen := range cens.Cens.Cen {
		packages[cen.CenId] = cen.CenBandwidthPackageIds.CenBandwidthPackageId
	}
	if !slices.Equal(packages[emulator.DemoCenID], []string{"cenbwp-demo0000000001"}) || len(packages["cen-demo0000000002"]) != 2 {
		t.Errorf("bandwidth packages %v", packages)
	}

	vpcs := map[string]vpc.Vpc{}
	for _, region := range []string{"cn-hangzhou", "cn-shanghai", "cn-qingdao"} {
		r := vpc.CreateDescribeVpcsRequest()
		r.RegionId = region
		r.PageSize = requests.NewInteger(50)
		resp, err := demoVpc(t, s).DescribeVpcs(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range resp.Vpcs.Vpc {
			vpcs[v.VpcId] = v
		}
	}
	core, app, sandbox := vpcs[emulator.DemoVpcID], vpcs["vpc-demo0000000002"], vpcs["vpc-demo0000000011"]
	if core.DhcpOptionsSetId != "dopt-demo0000000001" || core.IsDefault ||
		!slices.Equal(core.SecondaryCidrBlocks.SecondaryCidrBlock, []string{"10.110.0.0/16"}) ||
		!slices.Contains(core.Tags.Tag, vpc.Tag{Key: "env", Value: "prod"}) {
		t.Errorf("prod-hz-core %+v", core)
	}
	if !slices.Equal(app.UserCidrs.UserCidr, []string{"10.0.0.0/8"}) || len(app.Tags.Tag) != 2 {
		t.Errorf("prod-sh-app %+v", app)
	}
	if !sandbox.IsDefault || sandbox.DhcpOptionsSetId == "" {
		t.Errorf("sandbox-qd %+v", sandbox)
	}
}

// TestSeedDeterminism: the same seed gives the same world; the hand-made
// IDs do not depend on it.
func TestSeedDeterminism(t *testing.T) {
	cens := func(seed int64) []cbn.Cen {
		s := emulatortest.Start(t, emulator.Options{Seed: seed, ExtraCENs: 3})
		r := cbn.CreateDescribeCensRequest()
		r.PageSize = requests.NewInteger(50)
		resp, err := demoCbn(t, s).DescribeCens(r)
		if err != nil {
			t.Fatal(err)
		}
		return resp.Cens.Cen
	}
	a, b, other := cens(42), cens(42), cens(43)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different worlds")
	}
	if reflect.DeepEqual(a, other) {
		t.Fatal("different seeds, same world")
	}
	if a[0].CenId != other[0].CenId || len(a) != 7 {
		t.Fatalf("hand-made CENs moved: %s vs %s, %d CENs", a[0].CenId, other[0].CenId, len(a))
	}
}
