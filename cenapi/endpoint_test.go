package cenapi

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// hostRecorder answers every request with an empty success and remembers
// where the last one went, without any network.
type hostRecorder struct {
	mu   sync.Mutex
	last *http.Request
}

func (r *hostRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.last = req
	r.mu.Unlock()
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"RequestId":"R","TotalCount":0}`)), Request: req}, nil
}

func (r *hostRecorder) take() *http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	req := r.last
	r.last = nil
	return req
}

// recordingClient is a client of cfg whose SDK clients send through rec.
func recordingClient(t *testing.T, cfg Config, rec *hostRecorder) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for p, ep := range map[*pool]endpoint{c.cbn: c.cbnEP, c.vpc: c.vpcEP} {
		p.newItem = func() (*pooled, error) { return c.newPooled(p.product, ep, rec) }
	}
	return c
}

// Each call goes where the SDK's generated clients sent it: the CEN API to
// its one central host, the VPC API to the host of the region asked about
// (with the SDK's exceptions, such as cn-hangzhou), over HTTPS; both to
// the loopback endpoint when one is given, over plain HTTP; the CEN API
// alone to an HTTPS endpoint given for it. The
// region of the request is sent with it. See docs/cen-api.md#endpoints.
func TestCallsGoWhereTheSDKSendsThem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	calls := []struct {
		name   string
		call   func(c *Client) error
		host   string // for the cloud; "" = the loopback endpoint's
		region string // the RegionId sent
	}{
		{"DescribeCens", func(c *Client) error { _, _, err := c.describeCensPage(ctx, nil, 1, 1); return err }, "cbn.aliyuncs.com", "cn-shanghai"},
		{"ListTransitRouters", func(c *Client) error { _, err := c.ListTransitRouters(ctx, "cen-1", "cn-beijing"); return err }, "cbn.aliyuncs.com", "cn-beijing"},
		{"ListVPCs of cn-beijing", func(c *Client) error { _, err := c.listVPCs(ctx, "cn-beijing"); return err }, "vpc.cn-beijing.aliyuncs.com", "cn-beijing"},
		{"ListVPCs of cn-hangzhou", func(c *Client) error { _, err := c.listVPCs(ctx, "cn-hangzhou"); return err }, "vpc.aliyuncs.com", "cn-hangzhou"},
		{"ListVPCs of cn-zhangjiakou-na62-a01", func(c *Client) error { _, err := c.listVPCs(ctx, "cn-zhangjiakou-na62-a01"); return err },
			"vpc.cn-zhangjiakou.aliyuncs.com", "cn-zhangjiakou-na62-a01"},
	}
	for _, endpoint := range []string{"", "127.0.0.1:8080", "https://cen.corp.example:8443"} {
		rec := &hostRecorder{}
		cfg := Config{Region: "cn-shanghai", Endpoint: endpoint, AccessKeyID: "LTAIexample", AccessKeySecret: "secret", Getenv: fakeEnv(nil)}
		c := recordingClient(t, cfg, rec)
		for _, tc := range calls {
			if err := tc.call(c); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			req := rec.take()
			want := "https://" + tc.host + "/"
			switch {
			case endpoint == "127.0.0.1:8080": // the emulator serves both APIs
				want = "http://" + endpoint + "/"
			case endpoint != "" && tc.host == "cbn.aliyuncs.com": // the VPC API stays Alibaba Cloud's
				want = endpoint + "/"
			}
			if got := req.URL.Scheme + "://" + req.URL.Host + req.URL.Path; got != want || req.Method != http.MethodPost {
				t.Errorf("%s with endpoint %q: %s %s, want POST %s", tc.name, endpoint, req.Method, got, want)
			}
			if got := req.URL.Query().Get("RegionId"); got != tc.region {
				t.Errorf("%s: RegionId %q, want %q", tc.name, got, tc.region)
			}
		}
	}
}

// No proxy ever carries loopback traffic, whichever spelling names it.
func TestNoProxyForLoopback(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"http://127.0.0.1:8080/", "http://LOCALHOST:8080/", "https://[::1]:8443/"} {
		req, err := http.NewRequest(http.MethodPost, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		if proxy, err := proxyOffLoopback(req); proxy != nil || err != nil {
			t.Errorf("%s goes through %v (%v)", u, proxy, err)
		}
	}
}

// Repeated parameters are numbered from 1, and a list of filters numbers
// each filter and each of its values, as docs/cen-api.md#repeated-lists
// says the SDK sends them.
func TestRepeatedParameters(t *testing.T) {
	t.Parallel()
	rec := &hostRecorder{}
	c := recordingClient(t, demoConfig("127.0.0.1:8080"), rec)
	ctx := context.Background()
	if _, err := c.ListCENs(ctx, CENFilter{IDs: []string{"cen-a", "cen-b"}, Names: []string{"core"}}); err != nil {
		t.Fatal(err)
	}
	q := rec.take().URL.Query()
	for k, v := range map[string]string{"Filter.1.Key": "CenId", "Filter.1.Value.1": "cen-a", "Filter.1.Value.2": "cen-b",
		"Filter.2.Key": "Name", "Filter.2.Value.1": "core", "PageNumber": "1", "PageSize": "50"} {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q (query %s)", k, q.Get(k), v, q.Encode())
		}
	}
	_, err := c.ResolveAndRouteService(ctx, ResolveRequest{CenID: "cen-a", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-a",
		Host: "100.118.28.0/24", AccessRegionIDs: []string{"cn-hangzhou", "cn-shanghai"}, ClientToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	q = rec.take().URL.Query()
	if q.Get("AccessRegionIds.1") != "cn-hangzhou" || q.Get("AccessRegionIds.2") != "cn-shanghai" || q.Has("Description") {
		t.Errorf("query %s", q.Encode())
	}
}
