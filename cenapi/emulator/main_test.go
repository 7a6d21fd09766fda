package emulator_test

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// TestMain keeps the SDK away from anything but loopback (see emulatortest.Isolate).
func TestMain(m *testing.M) { emulatortest.Main(m) }

// sdkConfig is the configuration of an SDK client of a loopback endpoint:
// plain HTTP, set on the client (docs/cen-api.md#endpoints).
func sdkConfig() *sdk.Config {
	return sdk.NewConfig().WithScheme("HTTP").WithTimeout(10 * time.Second)
}

// cbnClient is a Cbn client with the demo key and the given secret. SDK
// clients are not safe for concurrent use: one per goroutine.
func cbnClient(t testing.TB, s *emulator.Server, secret string) *cbn.Client {
	t.Helper()
	c, err := cbn.NewClientWithOptions("cn-hangzhou", sdkConfig(), credentials.NewAccessKeyCredential(emulator.DemoAccessKeyID, secret))
	if err != nil {
		t.Fatalf("cbn client: %v", err)
	}
	c.Domain = s.Endpoint()
	return c
}

func demoCbn(t testing.TB, s *emulator.Server) *cbn.Client {
	return cbnClient(t, s, emulator.DemoAccessKeySecret)
}

func demoVpc(t *testing.T, s *emulator.Server) *vpc.Client {
	t.Helper()
	c, err := vpc.NewClientWithOptions("cn-hangzhou", sdkConfig(), credentials.NewAccessKeyCredential(emulator.DemoAccessKeyID, emulator.DemoAccessKeySecret))
	if err != nil {
		t.Fatalf("vpc client: %v", err)
	}
	c.Domain = s.Endpoint()
	return c
}

// wantError fails unless err is a server error with this status and code.
func wantError(t *testing.T, err error, status int, code string) *sdkerrors.ServerError {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("want %d %s, got %v", status, code, err)
	}
	if se.HttpStatus() != status || se.ErrorCode() != code {
		t.Fatalf("want %d %s, got %d %s: %s", status, code, se.HttpStatus(), se.ErrorCode(), se.Message())
	}
	if !isRequestID(se.RequestId()) {
		t.Errorf("error RequestId %q is not an uppercase UUID", se.RequestId())
	}
	return se
}

// isRequestID: an uppercase UUID like 540CFF28-407A-40B5-B6A5-74B0A1B2C3D4.
func isRequestID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		dash := i == 8 || i == 13 || i == 18 || i == 23
		if dash != (r == '-') || !dash && !strings.ContainsRune("0123456789ABCDEF", r) {
			return false
		}
	}
	return true
}

// resolveReq is a Resolve request of DemoCenID's VPC in cn-hangzhou.
func resolveReq(host string, access ...string) *cbn.ResolveAndRouteServiceInCenRequest {
	r := cbn.CreateResolveAndRouteServiceInCenRequest()
	r.CenId = emulator.DemoCenID
	r.HostRegionId = "cn-hangzhou"
	r.HostVpcId = emulator.DemoVpcID
	r.Host = host
	if len(access) == 0 {
		access = []string{"cn-hangzhou"}
	}
	r.AccessRegionIds = &access
	return r
}

// deleteReq deletes an entry of DemoCenID hosted in cn-hangzhou.
func deleteReq(host, access string) *cbn.DeleteRouteServiceInCenRequest {
	r := cbn.CreateDeleteRouteServiceInCenRequest()
	r.CenId, r.HostRegionId, r.Host, r.AccessRegionId = emulator.DemoCenID, "cn-hangzhou", host, access
	return r
}

// describe lists one page of a CEN's route services.
func describe(t *testing.T, c *cbn.Client, cenID string, page, size int) *cbn.DescribeRouteServicesInCenResponse {
	t.Helper()
	r := cbn.CreateDescribeRouteServicesInCenRequest()
	r.CenId = cenID
	r.PageNumber = requests.NewInteger(page)
	r.PageSize = requests.NewInteger(size)
	resp, err := c.DescribeRouteServicesInCen(r)
	if err != nil {
		t.Fatalf("DescribeRouteServicesInCen: %v", err)
	}
	return resp
}

// statusOf finds one entry's status through the API ("" = absent).
func statusOf(t *testing.T, c *cbn.Client, host, access string) string {
	t.Helper()
	r := cbn.CreateDescribeRouteServicesInCenRequest()
	r.CenId = emulator.DemoCenID
	r.Host = host
	r.AccessRegionId = access
	resp, err := c.DescribeRouteServicesInCen(r)
	if err != nil {
		t.Fatalf("DescribeRouteServicesInCen: %v", err)
	}
	switch e := resp.RouteServiceEntries.RouteServiceEntry; len(e) {
	case 0:
		return ""
	case 1:
		return e[0].Status
	default:
		t.Fatalf("%d entries for %s/%s", len(e), host, access)
		return ""
	}
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// signedParams are the common parameters of a hand-made request, signed
// for method with the demo secret after extra is merged in; empty values
// in extra are sent as empty.
func signedParams(method, action, version string, extra url.Values) url.Values {
	v := url.Values{}
	for k, vals := range extra {
		v[k] = vals
	}
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	common := map[string]string{
		"AccessKeyId": emulator.DemoAccessKeyID, "Action": action, "Version": version, "Format": "JSON",
		"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureType": "",
		"SignatureNonce": hex.EncodeToString(nonce), "Timestamp": time.Now().UTC().Format("2006-01-02T15:04:05Z"),
		"RegionId": "cn-hangzhou",
	}
	for k, val := range common {
		if _, ok := v[k]; !ok {
			v.Set(k, val)
		}
	}
	v.Set("Signature", emulator.Sign(method, v, emulator.DemoAccessKeySecret))
	return v
}

// post sends query in the URL and form in the body.
func post(t *testing.T, s *emulator.Server, query, form url.Values) *http.Response {
	t.Helper()
	resp, err := http.Post(s.URL()+"/?"+query.Encode(), "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}
