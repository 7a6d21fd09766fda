package emulator_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// TestResolveValidation: every documented rejection of Resolve, with its
// status and code, and nothing created by any of them.
func TestResolveValidation(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{MaxRouteServices: 5})
	c := demoCbn(t, s)
	before := len(s.Emulator().State().Entries)
	in := func(cen, region, vpcID string, r *cbn.ResolveAndRouteServiceInCenRequest) *cbn.ResolveAndRouteServiceInCenRequest {
		r.CenId, r.HostRegionId, r.HostVpcId = cen, region, vpcID
		return r
	}
	const cen2, cen3 = "cen-demo0000000002", "cen-demo0000000003"
	withDescription := func(d string) *cbn.ResolveAndRouteServiceInCenRequest {
		r := resolveReq("100.118.31.0/24")
		r.Description = d
		return r
	}
	withToken := func(tok string) *cbn.ResolveAndRouteServiceInCenRequest {
		r := resolveReq("100.118.31.0/24")
		r.ClientToken = tok
		return r
	}
	cases := []struct {
		name   string
		req    *cbn.ResolveAndRouteServiceInCenRequest
		status int
		code   string
	}{
		{"domain", resolveReq("oss-cn-hangzhou.aliyuncs.com"), 400, "ParameterIllegal.Host"},
		{"bad prefix length", resolveReq("100.118.28.0/33"), 400, "ParameterIllegal.CloudRouteHost"},
		{"three octets", resolveReq("100.118.28"), 400, "ParameterIllegal.CloudRouteHost"},
		{"host bits", resolveReq("100.118.28.7/24"), 400, "ParameterIllegal.CloudRouteHost"},
		{"outside 100.64/10", resolveReq("10.0.0.0/24"), 400, "ParameterIllegal.ClouteRouteCidrNotAllow"},
		{"wider than 100.64/10", resolveReq("100.0.0.0/8"), 400, "ParameterIllegal.ClouteRouteCidrNotAllow"},
		{"IPv6 on IPv4 CEN", resolveReq("2408:4005:3a1::/64"), 400, "InvalidOperation.InstanceNotSupportIPv6Route"},
		{"IPv6 outside range", in(cen3, "cn-beijing", "vpc-demo0000000008", resolveReq("fd00::/64", "cn-beijing")), 400, "ParameterIllegal.Ipv6CloudRouteCidrNotAllow"},
		{"IPv6 VPC off", in(cen3, "cn-shenzhen", "vpc-demo0000000009", resolveReq("2408:4005:3a1::/64", "cn-beijing")), 400, "ParameterIllegal.ClouteRouteNotSupportIpv6"},
		{"exists", resolveReq("100.118.28.0/24"), 400, "CloudRoute.Exist"},
		{"VPC not attached", in(emulator.DemoCenID, "cn-hangzhou", "vpc-demo0000000004", resolveReq("100.118.31.0/24")), 400, "CloudRoute.VpcNotAttached"},
		{"VPC of another region", in(emulator.DemoCenID, "cn-hangzhou", "vpc-demo0000000002", resolveReq("100.118.31.0/24")), 400, "CloudRoute.VpcNotAttached"},
		{"VPC of another CEN", in(emulator.DemoCenID, "cn-shanghai", "vpc-demo0000000005", resolveReq("100.118.31.0/24", "cn-shanghai")), 400, "CloudRoute.VpcNotAttached"},
		{"unknown VPC", in(emulator.DemoCenID, "cn-hangzhou", "vpc-nothere", resolveReq("100.118.31.0/24")), 400, "CloudRoute.VpcNotAttached"},
		{"no VBR or CCN", resolveReq("100.118.31.0/24", "cn-beijing"), 400, "ParameterIllegal.AccessRegionIdNoCCN"},
		{"unknown access region", resolveReq("100.118.31.0/24", "cn-nowhere"), 400, "ParameterIllegal.AccessRegionId"},
		{"duplicate access region", resolveReq("100.118.31.0/24", "cn-hangzhou", "cn-hangzhou"), 400, "ParameterIllegal.AccessRegionId"},
		{"VBR in another region", in(emulator.DemoCenID, "cn-shanghai", "vpc-demo0000000002", resolveReq("100.118.31.0/24", "cn-hangzhou")), 400, "ParameterIllegal.AccessRegionId"},
		{"Enterprise TR", in(cen2, "cn-shanghai", "vpc-demo0000000005", resolveReq("100.118.31.0/24", "cn-hongkong")), 400, "OperationUnsupported.TransitRouterType"},
		{"unknown CEN", in("cen-nothere", "cn-hangzhou", emulator.DemoVpcID, resolveReq("100.118.31.0/24")), 400, "ParameterCenInstanceId"},
		{"unknown host region", in(emulator.DemoCenID, "cn-atlantis", emulator.DemoVpcID, resolveReq("100.118.31.0/24")), 400, "InvalidParameter"},
		{"description URL", withDescription("https://example.com"), 400, "InvalidParameter"},
		{"description long", withDescription(strings.Repeat("é", 257)), 400, "InvalidParameter"},
		{"token long", withToken(strings.Repeat("t", 65)), 400, "InvalidParameter"},
		{"token not ASCII", withToken("jeton-é"), 400, "InvalidParameter"},
		{"quota", resolveReq("100.118.31.0/24", "cn-hangzhou", "cn-shanghai"), 400, "QuotaExceeded.CloudRoute"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.ResolveAndRouteServiceInCen(tc.req)
			wantError(t, err, tc.status, tc.code)
		})
	}
	st := s.Emulator().State()
	if len(st.Entries) != before || st.Counters["ResolveAndRouteServiceInCen"].Created != 0 {
		t.Fatalf("rejected requests created entries: %d -> %d", before, len(st.Entries))
	}
	if n := st.Counters["ResolveAndRouteServiceInCen"].Rejections["CloudRoute.Exist"]; n != 1 {
		t.Errorf("CloudRoute.Exist counted %d times", n)
	}

	// Within the rules, with the quota's last slot.
	ok := resolveReq("100.118.31.0/24")
	// Special characters through the SDK's own signer: space, ~, *, +, &, CJK.
	ok.Description = "OSS ~ *special* + & 描述"
	if _, err := c.ResolveAndRouteServiceInCen(ok); err != nil {
		t.Fatalf("valid request: %v", err)
	}
	ipv6 := in(cen3, "cn-beijing", "vpc-demo0000000008", resolveReq("2408:4005:3a1:100::/64", "cn-beijing"))
	if _, err := c.ResolveAndRouteServiceInCen(ipv6); err != nil {
		t.Fatalf("IPv6 on the dual-stack CEN: %v", err)
	}
}

// TestStrictDescription: the older rule refuses what the current allows.
func TestStrictDescription(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{StrictDescription: true})
	c := demoCbn(t, s)
	r := resolveReq("100.118.31.0/24")
	r.Description = "oss hz"
	_, err := c.ResolveAndRouteServiceInCen(r)
	wantError(t, err, http.StatusBadRequest, "InvalidParameter")
	r.Description = "oss-hz_1.a"
	if _, err := c.ResolveAndRouteServiceInCen(r); err != nil {
		t.Fatal(err)
	}
}

// TestResolveAllOrNothing: one existing entry among the access regions
// refuses the whole request.
func TestResolveAllOrNothing(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	c := demoCbn(t, s)
	// 100.104.112.0/24 exists for cn-hangzhou, not for cn-shanghai.
	_, err := c.ResolveAndRouteServiceInCen(resolveReq("100.104.112.0/24", "cn-shanghai", "cn-hangzhou"))
	wantError(t, err, http.StatusBadRequest, "CloudRoute.Exist")
	if st := statusOf(t, c, "100.104.112.0/24", "cn-shanghai"); st != "" {
		t.Fatalf("partial create: cn-shanghai entry is %s", st)
	}
	if _, err := c.ResolveAndRouteServiceInCen(resolveReq("100.104.112.0/24", "cn-shanghai")); err != nil {
		t.Fatal(err)
	}
}

// TestIdempotency: a retry with the same ClientToken and parameters gets
// the first reply, same RequestId, and creates nothing; other parameters
// under the same token are refused.
func TestIdempotency(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	c := demoCbn(t, s)
	r := resolveReq("100.118.32.0/24", "cn-hangzhou", "cn-shanghai")
	r.ClientToken = "token-0001"
	first, err := c.ResolveAndRouteServiceInCen(r)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.ResolveAndRouteServiceInCen(r)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if again.RequestId != first.RequestId || !isRequestID(first.RequestId) {
		t.Fatalf("replay RequestId %s, first %s", again.RequestId, first.RequestId)
	}
	other := resolveReq("100.118.33.0/24")
	other.ClientToken = "token-0001"
	_, err = c.ResolveAndRouteServiceInCen(other)
	wantError(t, err, http.StatusBadRequest, "IdempotentParameterMismatch")

	// Without a token, the same request is a duplicate. (A fresh request:
	// the SDK keeps parameters already sent in a request object.)
	_, err = c.ResolveAndRouteServiceInCen(resolveReq("100.118.32.0/24", "cn-hangzhou", "cn-shanghai"))
	wantError(t, err, http.StatusBadRequest, "CloudRoute.Exist")

	cnt := s.Emulator().State().Counters["ResolveAndRouteServiceInCen"]
	if cnt.Created != 2 || cnt.IdempotentReplays != 1 || cnt.Requests != 4 {
		t.Fatalf("counters %+v", cnt)
	}
}

// TestIdempotencyConcurrent: many clients retrying one token at once create
// the entries once and all get the same RequestId.
func TestIdempotencyConcurrent(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	const n = 8
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		c := demoCbn(t, s)
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := resolveReq("100.118.34.0/24")
			r.ClientToken = "same-token"
			resp, err := c.ResolveAndRouteServiceInCen(r)
			errs[i] = err
			if err == nil {
				ids[i] = resp.RequestId
			}
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || ids[i] != ids[0] {
			t.Fatalf("client %d: %v, RequestId %s vs %s", i, errs[i], ids[i], ids[0])
		}
	}
	cnt := s.Emulator().State().Counters["ResolveAndRouteServiceInCen"]
	if cnt.Created != 1 || cnt.IdempotentReplays != n-1 {
		t.Fatalf("counters %+v", cnt)
	}
}

// TestLifecycle drives Creating -> Active -> Deleting -> gone with an
// injected clock, and the delete rules on the way.
func TestLifecycle(t *testing.T) {
	clock := newFakeClock()
	s := emulatortest.Start(t, emulator.Options{ActivateAfter: 10 * time.Second, DeleteAfter: 5 * time.Second, Clock: clock.Now, CheckTimestamp: true})
	c := demoCbn(t, s)
	const host = "100.118.35.0/24"
	if _, err := c.ResolveAndRouteServiceInCen(resolveReq(host)); err != nil {
		t.Fatal(err)
	}
	del := func() *cbn.DeleteRouteServiceInCenRequest { return deleteReq(host, "cn-hangzhou") }

	if got := statusOf(t, c, host, "cn-hangzhou"); got != "Creating" {
		t.Fatalf("new entry %s", got)
	}
	_, err := c.DeleteRouteServiceInCen(del())
	wantError(t, err, http.StatusForbidden, "InvalidOperation.CloudRouteStatusNotAllow")

	clock.Advance(9 * time.Second)
	if got := statusOf(t, c, host, "cn-hangzhou"); got != "Creating" {
		t.Fatalf("after 9s: %s", got)
	}
	clock.Advance(time.Second)
	if got := statusOf(t, c, host, "cn-hangzhou"); got != "Active" {
		t.Fatalf("after 10s: %s", got)
	}

	// A HostVpcId that does not match deletes nothing, and still succeeds.
	wrongVpc := del()
	wrongVpc.HostVpcId = "vpc-demo0000000013"
	if _, err := c.DeleteRouteServiceInCen(wrongVpc); err != nil {
		t.Fatal(err)
	}
	if got := statusOf(t, c, host, "cn-hangzhou"); got != "Active" {
		t.Fatalf("after a mismatched delete: %s", got)
	}

	if _, err := c.DeleteRouteServiceInCen(del()); err != nil {
		t.Fatal(err)
	}
	if got := statusOf(t, c, host, "cn-hangzhou"); got != "Deleting" {
		t.Fatalf("after delete: %s", got)
	}
	_, err = c.DeleteRouteServiceInCen(del())
	wantError(t, err, http.StatusForbidden, "InvalidOperation.CloudRouteStatusNotAllow")
	_, err = c.ResolveAndRouteServiceInCen(resolveReq(host))
	wantError(t, err, http.StatusBadRequest, "CloudRoute.Exist")

	clock.Advance(5 * time.Second)
	if got := statusOf(t, c, host, "cn-hangzhou"); got != "" {
		t.Fatalf("after 5s deleting: %s", got)
	}
	// Gone: deleting again succeeds and does nothing; creating again works.
	if _, err := c.DeleteRouteServiceInCen(del()); err != nil {
		t.Fatalf("delete of a missing entry: %v", err)
	}
	if _, err := c.ResolveAndRouteServiceInCen(resolveReq(host)); err != nil {
		t.Fatal(err)
	}
	cnt := s.Emulator().State().Counters
	if cnt["DeleteRouteServiceInCen"].Deleted != 1 || cnt["ResolveAndRouteServiceInCen"].Created != 2 {
		t.Fatalf("counters %+v", cnt)
	}
}

// TestFailedEntries: with FailRate 1 every entry ends Failed, which can be
// deleted.
func TestFailedEntries(t *testing.T) {
	clock := newFakeClock()
	s := emulatortest.Start(t, emulator.Options{FailRate: 1, ActivateAfter: time.Second, Clock: clock.Now})
	c := demoCbn(t, s)
	if _, err := c.ResolveAndRouteServiceInCen(resolveReq("100.118.36.0/24", "cn-hangzhou", "cn-shanghai")); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	for _, a := range []string{"cn-hangzhou", "cn-shanghai"} {
		if got := statusOf(t, c, "100.118.36.0/24", a); got != "Failed" {
			t.Fatalf("%s: %s", a, got)
		}
	}
	if _, err := c.DeleteRouteServiceInCen(deleteReq("100.118.36.0/24", "cn-hangzhou")); err != nil {
		t.Fatal(err)
	}
	if got := statusOf(t, c, "100.118.36.0/24", "cn-hangzhou"); got != "" {
		t.Fatalf("deleted Failed entry (DeleteAfter 0): %s", got)
	}
}

// TestPagingThreePages pages a CEN with more than 100 entries, and checks
// filters and the unknown-CEN answer of Describe.
func TestPagingThreePages(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{ExtraRouteServices: 120})
	c := demoCbn(t, s)
	want := 0
	for _, e := range s.Emulator().State().Entries {
		if e.CenID == emulator.DemoCenID {
			want++
		}
	}
	if want <= 100 {
		t.Fatalf("only %d entries", want)
	}
	seen := map[string]bool{}
	sizes := []int{}
	for page := 1; ; page++ {
		resp := describe(t, c, emulator.DemoCenID, page, 50)
		if resp.TotalCount != want || resp.PageNumber != page || resp.PageSize != 50 {
			t.Fatalf("page %d: total %d number %d size %d", page, resp.TotalCount, resp.PageNumber, resp.PageSize)
		}
		entries := resp.RouteServiceEntries.RouteServiceEntry
		if len(entries) == 0 {
			break
		}
		sizes = append(sizes, len(entries))
		for _, e := range entries {
			key := e.CenId + ":" + e.HostRegionId + ":" + e.Host + ":" + e.AccessRegionId
			if seen[key] || e.Status != "Active" || len(e.Cidrs.Cidr) != 1 || e.Cidrs.Cidr[0] != e.Host || e.UpdateInterval == "" {
				t.Fatalf("entry %+v (seen before: %v)", e, seen[key])
			}
			seen[key] = true
		}
	}
	if len(sizes) != 3 || sizes[0] != 50 || sizes[1] != 50 || len(seen) != want {
		t.Fatalf("pages %v, %d distinct of %d", sizes, len(seen), want)
	}

	r := cbn.CreateDescribeRouteServicesInCenRequest()
	r.CenId, r.Host, r.AccessRegionId = emulator.DemoCenID, "100.118.28.0/24", "cn-shanghai"
	resp, err := c.DescribeRouteServicesInCen(r)
	if err != nil {
		t.Fatal(err)
	}
	if resp.TotalCount != 1 || resp.RouteServiceEntries.RouteServiceEntry[0].HostVpcId != emulator.DemoVpcID {
		t.Fatalf("filtered: %+v", resp.RouteServiceEntries)
	}
	r.Host = "100.118.28" // exact match only
	if resp, err = c.DescribeRouteServicesInCen(r); err != nil || resp.TotalCount != 0 {
		t.Fatalf("prefix of a host matched: %v %+v", err, resp)
	}
	r.CenId = "cen-nothere"
	_, err = c.DescribeRouteServicesInCen(r)
	wantError(t, err, http.StatusBadRequest, "ParameterCenInstanceId")
}

// TestPagingCENs pages DescribeCens across three pages of a big world.
func TestPagingCENs(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{ExtraCENs: 110})
	c := demoCbn(t, s)
	var ids []string
	for page := 1; page <= 4; page++ {
		r := cbn.CreateDescribeCensRequest()
		r.PageNumber, r.PageSize = requests.NewInteger(page), requests.NewInteger(50)
		resp, err := c.DescribeCens(r)
		if err != nil {
			t.Fatal(err)
		}
		if resp.TotalCount != 114 {
			t.Fatalf("TotalCount %d", resp.TotalCount)
		}
		for _, cen := range resp.Cens.Cen {
			ids = append(ids, cen.CenId)
		}
	}
	if len(ids) != 114 || ids[0] != emulator.DemoCenID {
		t.Fatalf("%d CENs, first %s", len(ids), ids[0])
	}
}
