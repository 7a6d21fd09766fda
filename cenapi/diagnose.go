package cenapi

import (
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// What a diagnosis (cenroute doctor) asks of the client, besides
// CheckCredentials: where the credentials come from, whether the endpoints
// answer and with what clock, and which reads RAM allows.

// ResolveCredentials finds the credentials, which the default chain does
// only when first needed, so that Identity can name their source and
// AccessKey. Its error is a CodeNoCredentials *Error saying what was
// tried.
func (c *Client) ResolveCredentials(ctx context.Context) error {
	return c.creds.ensure(ctx, "")
}

// EndpointProbe is what an unsigned request to an API's endpoint found.
type EndpointProbe struct {
	API   string // "CEN", "VPC", or "CEN and VPC" for an endpoint that serves both
	URL   string // the URL asked, e.g. https://cbn.aliyuncs.com/
	Proxy string // the proxy the request went through (scheme and host only), "" for none
	// Err is why the endpoint did not answer (it could not be resolved or
	// reached, its certificate is not trusted, ...); nil when it answered,
	// whatever the HTTP status.
	Err *Error
	TLS bool // the reply came over TLS
	// Date is the reply's Date header, zero if it had none; Skew is Date
	// less this machine's clock halfway through the request, to within a
	// second (the header's resolution).
	Date time.Time
	Skew time.Duration
}

// probeTimeout bounds one endpoint probe: more than connecting and a TLS
// handshake take, less than an operator waits.
const probeTimeout = 10 * time.Second

// ProbeEndpoints asks each endpoint cfg names (the CEN API's, then the VPC
// API's when it is another) for "/" without signing anything, through the
// transport, proxy and trusted roots the client uses: whether it resolves
// and answers, over TLS or not, and what time its Date header says. It
// needs no credentials. Its error is a CodeConfig *Error for endpoints or
// a region the flags made unusable.
func ProbeEndpoints(ctx context.Context, cfg Config) ([]EndpointProbe, error) {
	cbnEP, vpcEP, err := cfg.endpoints()
	if err != nil {
		return nil, err
	}
	region, err := cfg.resolveRegion(cfg.profileRegion())
	if err != nil {
		return nil, err
	}
	rt := newSharedTransport()
	defer rt.CloseIdleConnections()
	cbnURL, vpcURL := probeURL(cbnProduct, cbnEP, region), probeURL(vpcProduct, vpcEP, region)
	if cbnURL == vpcURL {
		return []EndpointProbe{probe(ctx, rt, "CEN and VPC", cbnURL)}, nil
	}
	return []EndpointProbe{probe(ctx, rt, "CEN", cbnURL), probe(ctx, rt, "VPC", vpcURL)}, nil
}

// probeURL is the root of p's endpoint ep, Alibaba Cloud's for region when
// none was given.
func probeURL(p product, ep endpoint, region string) string {
	if ep.custom() {
		return ep.display("") + "/"
	}
	return "https://" + p.host(region) + "/"
}

// probe asks url once and reports what came back.
func probe(ctx context.Context, rt *http.Transport, api, url string) EndpointProbe {
	pr := EndpointProbe{API: api, URL: url}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	var sent atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { sent.Store(true) }})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		shown := Printable(url)
		pr.Err = (&Error{Code: CodeConfig}).own(fact.New(KindNotURL, "not a URL: "+shown, fact.Args{"URL": shown}))
		return pr
	}
	if proxy, _ := rt.Proxy(req); proxy != nil {
		pr.Proxy = proxy.Scheme + "://" + proxy.Host
	}
	began := time.Now()
	resp, err := rt.RoundTrip(req)
	if err != nil {
		pr.Err = classifier{}.classify(ctx, err, sent.Load())
		return pr
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	midway := began.Add(time.Since(began) / 2)
	pr.TLS = resp.TLS != nil
	if date, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		// The header drops the fraction of its second: half a second is
		// the best guess of it.
		pr.Date, pr.Skew = date, date.Add(time.Second/2).Sub(midway).Round(time.Second)
	}
	return pr
}

// profileRegion is the region_id of the aliyun CLI profile the
// credentials would come from (the named one, else the default chain's),
// "" for none; what New reads when it resolves the credentials.
func (cfg Config) profileRegion() string {
	switch {
	case cfg.AccessKeyID != "" || cfg.AccessKeySecret != "":
		return ""
	case cfg.Profile != "":
		if conf, err := readCLIConfig(cfg.cliConfigFile()); err == nil {
			p, _ := conf.profile(cfg.Profile)
			return p.RegionID
		}
		return ""
	}
	_, cli := describeCLIStep(cfg)
	return cli.region
}

// ReadProbe is what one read operation answered.
type ReadProbe struct {
	Operation Operation
	// Allowed is true when RAM let the call through: it succeeded, or the
	// API refused it for a reason of its own (a CEN it does not know).
	Allowed bool
	// Err is the call's error when it was not allowed (an *Error whose
	// AccessProblem is AccessDenied), or when it could not tell.
	Err error
}

// probeCenID stands in for a CEN when the account lists none: a call
// about it that RAM lets through is refused by the API as an unknown CEN,
// which still shows the call is allowed.
const probeCenID = "cen-doctorprobe000000"

// ProbeReads makes each read operation of Operations once, as small as
// the API allows, to see whether RAM allows it. The calls about one CEN
// name the first CEN listed, if any.
func (c *Client) ProbeReads(ctx context.Context) []ReadProbe {
	cenID := probeCenID
	listed, _, listErr := c.describeCensPage(ctx, nil, 1, 1)
	if len(listed) > 0 {
		cenID = listed[0].ID
	}
	page := func(extra params) params {
		p := pageParams(1, 1)
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	calls := map[string]func() error{
		opDescribeCens:                 func() error { return listErr },
		opDescribeChildInstanceRegions: func() error { _, err := c.listChildInstanceRegions(ctx, ""); return err },
		opDescribeChildInstances: func() error {
			_, err := invoke[requestIDReply](ctx, c, c.cbn, call{action: opDescribeChildInstances, params: page(params{"CenId": cenID})})
			return err
		},
		opListTransitRouters: func() error {
			_, err := invoke[requestIDReply](ctx, c, c.cbn, call{action: opListTransitRouters, region: c.region, params: page(params{"CenId": cenID})})
			return err
		},
		opDescribeVpcs: func() error {
			_, err := invoke[requestIDReply](ctx, c, c.vpc, call{action: opDescribeVpcs, region: c.region, params: page(nil)})
			return err
		},
		opDescribeRouteServices: func() error {
			_, _, err := c.DescribeRouteServicesPage(ctx, RouteServiceFilter{CenID: cenID}, 1, 1)
			return err
		},
	}
	var out []ReadProbe
	for _, op := range Operations() {
		if op.Write {
			continue
		}
		err := calls[op.Action]()
		out = append(out, ReadProbe{Operation: op, Allowed: allowedBy(err), Err: err})
	}
	return out
}

// allowedBy reports whether an error (or none) shows that RAM let the call
// through: success, or a refusal by the API itself, which comes after RAM.
func allowedBy(err error) bool {
	if err == nil {
		return true
	}
	e, ok := AsError(err)
	return ok && e.HTTPStatus >= 400 && e.HTTPStatus < 500 && !e.Transient && e.AccessProblem() == AccessOK
}

// NeedsDiagnosis reports whether err is about the credentials, the
// endpoint or the clock rather than about the call: what a diagnosis
// (ProbeEndpoints, CheckCredentials, ProbeReads) looks into.
func NeedsDiagnosis(err error) bool {
	e, ok := AsError(err)
	return ok && (e.AccessProblem() != AccessOK || e.Code == CodeConnection)
}
