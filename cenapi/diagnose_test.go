package cenapi

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

// actionRecorder answers every request with an empty success and keeps
// the Action of each, without any network.
type actionRecorder struct {
	hostRecorder
	mu      sync.Mutex
	actions map[string]bool
}

func (r *actionRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.actions[req.URL.Query().Get("Action")] = true
	r.mu.Unlock()
	return r.hostRecorder.RoundTrip(req)
}

// Operations names every operation the client calls, no more and no less:
// the RAM policy and the doctor's checks are made from it.
func TestOperationsAreEveryCall(t *testing.T) {
	t.Parallel()
	rec := &actionRecorder{actions: map[string]bool{}}
	c, err := New(demoConfig("127.0.0.1:8080"))
	if err != nil {
		t.Fatal(err)
	}
	for p, ep := range map[*pool]endpoint{c.cbn: c.cbnEP, c.vpc: c.vpcEP} {
		p.newItem = func() (*pooled, error) { return c.newPooled(p.product, ep, rec) }
	}
	ctx := context.Background()
	_, _ = c.CENSummaries(ctx)
	_, _, _ = c.Regions(ctx, "cen-a")
	_, _ = c.AttachedVPCs(ctx, "cen-a", "cn-hangzhou")
	_, _ = c.listVPCs(ctx, "cn-hangzhou") // AttachedVPCs lists VPCs only when some are attached
	_, _ = c.ListTransitRouters(ctx, "cen-a", "cn-hangzhou")
	_, _ = c.DescribeRouteServices(ctx, RouteServiceFilter{CenID: "cen-a"})
	_, _ = c.ResolveAndRouteService(ctx, ResolveRequest{CenID: "cen-a", Host: "100.64.0.1", AccessRegionIDs: []string{"cn-hangzhou"}})
	_, _ = c.DeleteRouteService(ctx, DeleteRequest{CenID: "cen-a", Host: "100.64.0.1"})
	var listed []string
	for _, op := range Operations() {
		listed = append(listed, op.Action)
		if want := map[bool]string{true: "cen:", false: "vpc:"}[op.Action != opDescribeVpcs]; !strings.HasPrefix(op.Permission, want) {
			t.Errorf("%s needs %s, want %s…", op.Action, op.Permission, want)
		}
	}
	var called []string
	for a := range rec.actions {
		called = append(called, a)
	}
	slices.Sort(listed)
	slices.Sort(called)
	if !slices.Equal(listed, called) {
		t.Errorf("Operations lists %v; the client calls %v", listed, called)
	}
}

// The policy allows exactly the operations' RAM actions.
func TestPolicy(t *testing.T) {
	t.Parallel()
	var doc struct {
		Version   string
		Statement []struct {
			Effect   string
			Action   []string
			Resource string
		}
	}
	if err := json.Unmarshal(Policy(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "1" || len(doc.Statement) != 1 || doc.Statement[0].Effect != "Allow" || doc.Statement[0].Resource != "*" {
		t.Fatalf("policy %s", Policy())
	}
	got := doc.Statement[0].Action
	if len(got) != len(Operations()) || !slices.Contains(got, "cen:ResolveAndRouteServiceInCen") || !slices.Contains(got, "vpc:DescribeVpcs") {
		t.Errorf("actions %v", got)
	}
}

// Errors about the credentials are told from errors about the call, each
// with what to do; a denial names the permission missing, from the reply's
// AccessDeniedDetail or the call itself.
func TestAccessProblems(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]AccessProblem{
		CodeNoCredentials: AccessMissing, "InvalidAccessKeyId.NotFound": AccessRejected, "SignatureDoesNotMatch": AccessRejected,
		"MissingSecurityToken": AccessRejected, "InvalidSecurityToken.MismatchWithAccessKey": AccessRejected,
		"InvalidSecurityToken.Expired": AccessExpired, "SecurityTokenExpired": AccessExpired,
		"Forbidden.RAM": AccessDenied, "NoPermission": AccessDenied, "NotAuthorized": AccessDenied, "Unauthorized": AccessDenied,
		"InvalidTimeStamp.Expired":   AccessClock,
		"Forbidden.InstanceNotFound": AccessOK, "Throttling.User": AccessOK, "CloudRoute.Exist": AccessOK, CodeTimeout: AccessOK,
	} {
		e := &Error{Code: code}
		if got := e.AccessProblem(); got != want {
			t.Errorf("%s: %v, want %v", code, got, want)
		}
		if (e.Remedy() != "") != (want != AccessOK) {
			t.Errorf("%s: remedy %q", code, e.Remedy())
		}
	}

	c, srv := newEmulatorClient(t, emulator.Options{Deny: []string{"cen:DescribeRouteServicesInCen", "DescribeVpcs"}})
	_, _, err := c.DescribeRouteServicesPage(context.Background(), RouteServiceFilter{CenID: emulator.DemoCenID}, 1, 1)
	e := mustError(t, err)
	if e.AccessProblem() != AccessDenied || e.Permission != "cen:DescribeRouteServicesInCen" || e.Transient ||
		!strings.Contains(e.Error(), "(missing RAM permission cen:DescribeRouteServicesInCen)") ||
		!strings.Contains(e.Remedy(), "grant cen:DescribeRouteServicesInCen") {
		t.Errorf("denied read: %+v, %q", e, e.Error())
	}

	// What ProbeReads makes of it: each read once, the denied ones named.
	var denied []string
	for _, p := range c.ProbeReads(context.Background()) {
		if !p.Allowed {
			e := mustError(t, p.Err)
			denied = append(denied, e.Permission)
		}
	}
	if !slices.Equal(denied, []string{"vpc:DescribeVpcs", "cen:DescribeRouteServicesInCen"}) {
		t.Errorf("reads denied %v", denied)
	}
	if err := srv.Emulator().SetDenied(); err != nil {
		t.Fatal(err)
	}
	for _, p := range c.ProbeReads(context.Background()) {
		if !p.Allowed {
			t.Errorf("%s not allowed once every denial is lifted: %v", p.Operation.Action, p.Err)
		}
	}
}

// An endpoint probe needs no credentials; it says whether the endpoint
// answers, and how far its clock is from ours.
func TestProbeEndpoints(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{ClockSkew: 20 * time.Minute})
	cfg := Config{Endpoint: srv.Endpoint(), Getenv: fakeEnv(nil)}
	probes, err := ProbeEndpoints(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(probes) != 1 || probes[0].API != "CEN and VPC" || probes[0].Err != nil || probes[0].TLS ||
		probes[0].Skew < 19*time.Minute || probes[0].Skew > 21*time.Minute {
		t.Fatalf("probes %+v", probes)
	}

	cfg.Endpoint = "127.0.0.1:1" // nothing listens there
	probes, err = ProbeEndpoints(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(probes) != 1 || probes[0].Err == nil || probes[0].Err.Message != "connection refused" {
		t.Fatalf("probes %+v", probes)
	}

	cfg.Endpoint = "http://192.0.2.1:80"
	if _, err := ProbeEndpoints(context.Background(), cfg); mustError(t, err).Code != CodeConfig {
		t.Errorf("a plain-HTTP endpoint off this machine was probed: %v", err)
	}
}
