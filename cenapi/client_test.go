package cenapi

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

func cenIDs(cens []CEN) []string {
	var ids []string
	for _, c := range cens {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestListCENs(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	ctx := context.Background()

	all, err := c.ListCENs(ctx, CENFilter{})
	if err != nil {
		t.Fatalf("ListCENs: %v", err)
	}
	if len(all) != 4 || all[0].ID != emulator.DemoCenID || all[0].Name != "corp-backbone" || all[0].Status != "Active" {
		t.Fatalf("ListCENs = %+v, want the 4 demo CENs, %s (corp-backbone, Active) first", all, emulator.DemoCenID)
	}
	if !all[2].IPv6Enabled || all[0].IPv6Enabled {
		t.Errorf("IPv6Enabled: got %v for %s and %v for %s", all[0].IPv6Enabled, all[0].Name, all[2].IPv6Enabled, all[2].Name)
	}

	tests := []struct {
		name   string
		filter CENFilter
		want   []string
	}{
		{"by ID", CENFilter{IDs: []string{"cen-demo0000000002"}}, []string{"cen-demo0000000002"}},
		{"by name", CENFilter{Names: []string{"dr-standby", "dual-stack-lab"}}, []string{"cen-demo0000000003", "cen-demo0000000004"}},
		{"ID and name must both match", CENFilter{IDs: []string{"cen-demo0000000001"}, Names: []string{"dr-standby"}}, nil},
		{"more IDs than one filter holds", CENFilter{IDs: []string{"cen-x1", "cen-x2", "cen-x3", "cen-x4", "cen-x5", "cen-x6", "cen-demo0000000004", "cen-demo0000000001"}},
			[]string{"cen-demo0000000001", "cen-demo0000000004"}},
		{"unknown ID", CENFilter{IDs: []string{"cen-nope"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.ListCENs(ctx, tt.filter)
			if err != nil {
				t.Fatalf("ListCENs: %v", err)
			}
			ids := cenIDs(got)
			slices.Sort(ids)
			if !slices.Equal(ids, tt.want) {
				t.Errorf("ListCENs(%+v) = %v, want %v", tt.filter, ids, tt.want)
			}
		})
	}
}

func TestListsReadEveryPage(t *testing.T) {
	t.Parallel()
	c, srv := newEmulatorClient(t, emulator.Options{ExtraCENs: 120, ExtraRouteServices: 130})
	ctx := context.Background()

	cens, err := c.ListCENs(ctx, CENFilter{})
	if err != nil {
		t.Fatalf("ListCENs: %v", err)
	}
	ids := cenIDs(cens)
	if len(ids) != 124 || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != 124 {
		t.Errorf("ListCENs returned %d CENs (%d distinct), want 124", len(ids), len(slices.Compact(slices.Sorted(slices.Values(ids)))))
	}

	entries, err := c.DescribeRouteServices(ctx, RouteServiceFilter{CenID: emulator.DemoCenID})
	if err != nil {
		t.Fatalf("DescribeRouteServices: %v", err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Key()] = true
	}
	if len(entries) != 134 || len(seen) != 134 {
		t.Errorf("DescribeRouteServices returned %d entries (%d distinct), want 4 demo + 130 bulk", len(entries), len(seen))
	}

	// 124 CENs and 134 entries at 50 a page: three requests each.
	counters := srv.Emulator().State().Counters
	if n := counters["DescribeCens"].Requests; n != 3 {
		t.Errorf("DescribeCens was called %d times, want 3 pages of 50", n)
	}
	if n := counters["DescribeRouteServicesInCen"].Requests; n != 3 {
		t.Errorf("DescribeRouteServicesInCen was called %d times, want 3 pages of 50", n)
	}
}

func TestDescribeRouteServicesPage(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	page, total, err := c.DescribeRouteServicesPage(context.Background(), RouteServiceFilter{CenID: emulator.DemoCenID}, 2, 3)
	if err != nil {
		t.Fatalf("DescribeRouteServicesPage: %v", err)
	}
	if total != 4 || len(page) != 1 {
		t.Fatalf("page 2 of size 3 = %d entries of %d, want 1 of 4", len(page), total)
	}
	e := page[0]
	if e.CenID != emulator.DemoCenID || e.HostRegionID != "cn-shanghai" || e.Host != "100.118.102.0/24" ||
		e.Status != StatusActive || e.Description != "OSS cn-shanghai" || !slices.Equal(e.Cidrs, []string{"100.118.102.0/24"}) {
		t.Errorf("entry = %+v", e)
	}
}

// Region names come in the language the program speaks, English, although
// the API (and so the emulator) answers in Chinese unless asked otherwise:
// the client must send AcceptLanguage (docs/cen-api.md#describechildinstanceregions).
func TestListChildInstanceRegions(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	regions, err := c.listChildInstanceRegions(context.Background(), ChildVPC)
	if err != nil {
		t.Fatalf("ListChildInstanceRegions: %v", err)
	}
	if !slices.Contains(regions, Region{ID: "cn-hangzhou", LocalName: "China (Hangzhou)"}) {
		t.Errorf("regions %v lack cn-hangzhou / China (Hangzhou): is AcceptLanguage still sent?", regions)
	}
}

// The language is one setting of the client: DefaultLanguage unless
// Config.Language names another, sent as AcceptLanguage.
func TestAcceptLanguageIsSent(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string]string{"": DefaultLanguage, "zh-CN": "zh-CN"} {
		rec := &hostRecorder{}
		cfg := demoConfig("127.0.0.1:8080")
		cfg.Language = lang
		c := recordingClient(t, cfg, rec)
		if _, err := c.listChildInstanceRegions(context.Background(), ""); err != nil {
			t.Fatal(err)
		}
		if got := rec.take().URL.Query().Get("AcceptLanguage"); got != want {
			t.Errorf("Language %q: AcceptLanguage %q, want %q", lang, got, want)
		}
	}
}

func TestListChildInstances(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	ctx := context.Background()
	vpcs, err := c.listChildInstances(ctx, emulator.DemoCenID, "cn-hangzhou", ChildVPC)
	if err != nil {
		t.Fatalf("ListChildInstances: %v", err)
	}
	var ids []string
	for _, v := range vpcs {
		if v.Type != ChildVPC || v.RegionID != "cn-hangzhou" || v.CenID != emulator.DemoCenID || v.Status != "Attached" {
			t.Errorf("unexpected child %+v", v)
		}
		ids = append(ids, v.ID)
	}
	slices.Sort(ids)
	if want := []string{emulator.DemoVpcID, "vpc-demo0000000013"}; !slices.Equal(ids, want) {
		t.Errorf("VPCs in cn-hangzhou = %v, want %v", ids, want)
	}
	all, err := c.listChildInstances(ctx, emulator.DemoCenID, "", "")
	if err != nil {
		t.Fatalf("ListChildInstances: %v", err)
	}
	if len(all) != 7 {
		t.Errorf("cen 1 has %d children, want 4 VPCs, 2 VBRs and 1 CCN", len(all))
	}
}

func TestListVPCs(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	vpcs, err := c.listVPCs(context.Background(), "cn-hangzhou")
	if err != nil {
		t.Fatalf("ListVPCs: %v", err)
	}
	i := slices.IndexFunc(vpcs, func(v VPC) bool { return v.ID == emulator.DemoVpcID })
	if i < 0 {
		t.Fatalf("ListVPCs(cn-hangzhou) = %+v, lacks %s", vpcs, emulator.DemoVpcID)
	}
	if v := vpcs[i]; v.Name != "prod-hz-core" || v.CidrBlock != "10.10.0.0/16" || v.RegionID != "cn-hangzhou" {
		t.Errorf("VPC = %+v", v)
	}
	for _, v := range vpcs {
		if v.RegionID != "cn-hangzhou" {
			t.Errorf("VPC %s of %s listed for cn-hangzhou", v.ID, v.RegionID)
		}
	}
}

func TestListTransitRouters(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	trs, err := c.ListTransitRouters(context.Background(), "cen-demo0000000002", "cn-shanghai")
	if err != nil {
		t.Fatalf("ListTransitRouters: %v", err)
	}
	if len(trs) != 1 || trs[0].Type != TransitRouterEnterprise || trs[0].RegionID != "cn-shanghai" || trs[0].CenID != "cen-demo0000000002" {
		t.Errorf("transit routers = %+v, want one Enterprise router in cn-shanghai", trs)
	}
}

func TestResolveDescribeDelete(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	ctx := context.Background()
	req := ResolveRequest{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		Host: "100.118.200.0/24", AccessRegionIDs: []string{"cn-hangzhou", "cn-shanghai"}, Description: "oss extra"}
	id, err := c.ResolveAndRouteService(ctx, req)
	if err != nil || id == "" {
		t.Fatalf("ResolveAndRouteService = %q, %v", id, err)
	}
	filter := RouteServiceFilter{CenID: emulator.DemoCenID, Host: req.Host}
	got, err := c.DescribeRouteServices(ctx, filter)
	if err != nil {
		t.Fatalf("DescribeRouteServices: %v", err)
	}
	if len(got) != 2 || got[0].Description != "oss extra" || got[0].HostVpcID != emulator.DemoVpcID || got[0].Status != StatusActive {
		t.Fatalf("entries = %+v, want two Active entries", got)
	}

	_, err = c.ResolveAndRouteService(ctx, req)
	e := mustError(t, err)
	if e.Op != "ResolveAndRouteServiceInCen" || e.Code != "CloudRoute.Exist" || e.HTTPStatus != 400 || e.RequestID == "" || e.Transient || e.Ambiguous {
		t.Errorf("second Resolve error = %+v", e)
	}
	want := "ResolveAndRouteServiceInCen: CloudRoute.Exist: The Specified Cloud Route already Exists (RequestId " + e.RequestID + ")"
	if e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}

	if _, err := c.DeleteRouteService(ctx, DeleteRequest{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou",
		Host: req.Host, AccessRegionID: "cn-shanghai", HostVpcID: emulator.DemoVpcID}); err != nil {
		t.Fatalf("DeleteRouteService: %v", err)
	}
	got, err = c.DescribeRouteServices(ctx, filter)
	if err != nil {
		t.Fatalf("DescribeRouteServices: %v", err)
	}
	if len(got) != 1 || got[0].AccessRegionID != "cn-hangzhou" {
		t.Errorf("after delete: %+v, want only the cn-hangzhou entry", got)
	}
}

func TestResolveRejections(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t, emulator.Options{})
	base := ResolveRequest{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		Host: "100.118.201.0/24", AccessRegionIDs: []string{"cn-hangzhou"}}
	tests := []struct {
		name string
		edit func(*ResolveRequest)
		code string
	}{
		{"host outside 100.64/10", func(r *ResolveRequest) { r.Host = "10.0.0.0/24" }, "ParameterIllegal.ClouteRouteCidrNotAllow"},
		{"domain host", func(r *ResolveRequest) { r.Host = "oss.example.com" }, "ParameterIllegal.Host"},
		{"VPC not attached", func(r *ResolveRequest) { r.HostVpcID = "vpc-demo0000000004" }, "CloudRoute.VpcNotAttached"},
		{"Enterprise Edition", func(r *ResolveRequest) {
			r.CenID, r.HostRegionID, r.HostVpcID, r.AccessRegionIDs = "cen-demo0000000002", "cn-shanghai", "vpc-demo0000000005", []string{"cn-hongkong"}
		}, "OperationUnsupported.TransitRouterType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base
			tt.edit(&r)
			_, err := c.ResolveAndRouteService(context.Background(), r)
			if e := mustError(t, err); e.Code != tt.code || e.Transient || strings.Contains(e.Error(), "\n") {
				t.Errorf("error = %+v, want non-transient %s", e, tt.code)
			}
		})
	}
}

func BenchmarkDescribeRouteServices(b *testing.B) {
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{ExtraRouteServices: 96})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c, err := New(demoConfig(srv.Endpoint()))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.DescribeRouteServices(ctx, RouteServiceFilter{CenID: emulator.DemoCenID}); err != nil {
				b.Error(err)
			}
		}
	})
}

// TestCheckCredentialsNamesTheRejectedCredentials: a wrong secret and an
// unknown AccessKey ID are each one line naming where the credentials came
// from and the masked AccessKey ID, never the secret; good ones pass.
func TestCheckCredentialsNamesTheRejectedCredentials(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	ctx := context.Background()
	good := demoConfig(srv.Endpoint())
	c, err := New(good)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := c.CheckCredentials(ctx); err != nil {
		t.Fatalf("CheckCredentials with the demo keys: %v", err)
	}
	for name, cfg := range map[string]Config{
		"wrong secret": {AccessKeyID: emulator.DemoAccessKeyID, AccessKeySecret: "wrong-secret-value-123"},
		"unknown id":   {AccessKeyID: "LTAIunknownkey0042", AccessKeySecret: "wrong-secret-value-123"},
	} {
		cfg.Endpoint, cfg.Getenv = srv.Endpoint(), good.Getenv
		c, err := New(cfg)
		if err != nil {
			t.Fatalf("%s: New: %v", name, err)
		}
		e := mustError(t, c.CheckCredentials(ctx))
		text := e.Error()
		want := "AccessKey " + maskAccessKeyID(cfg.AccessKeyID) + " (static AccessKey) was rejected"
		if e.Op != "CheckCredentials" || !strings.Contains(text, want) {
			t.Errorf("%s: %q (code %s), want it to say %q", name, text, e.Code, want)
		}
		if strings.Contains(text, cfg.AccessKeySecret) || strings.Contains(text, "\n") {
			t.Errorf("%s: %q shows the secret or spans lines", name, text)
		}
	}
}
