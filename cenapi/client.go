package cenapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// sdkReadTimeout is the SDK's own whole-request timeout, set once per SDK
// client. Every call already runs under a context with a deadline (the
// caller's, or Config.Timeout), which is what actually bounds it; without
// this ceiling the SDK would apply its 10 s default and cut callers' longer
// deadlines short.
const sdkReadTimeout = time.Hour

// Client is the typed CEN/VPC client. It is safe for concurrent use: every
// call borrows an SDK client of its own from a pool.
type Client struct {
	region  string
	cbnEP   endpoint // where the CEN API is reached
	vpcEP   endpoint // where the VPC API is reached
	profile string
	timeout time.Duration
	lang    string // AcceptLanguage of the calls that name things
	creds   *lockedProvider
	cbn     *pool   // SDK clients of the CEN API
	vpc     *pool   // SDK clients of the VPC API
	retry   Retrier // nil: every call is made once
}

// Retrier runs one API call (fn, safe to repeat) under a retry policy of
// its own: how often, after what pause, and with what deadline per
// attempt. *engine.Engine satisfies it.
type Retrier interface {
	Retry(ctx context.Context, fn func(ctx context.Context) error) error
}

// WithRetry returns a client that shares c's connections and credentials
// and runs every API call through r. An operation made of many calls (each
// page of a list, each call of an inventory aggregation) then retries the
// one call that failed, never the whole operation: a large CEN or a slow
// link would otherwise start over from the first page on every fault.
func (c *Client) WithRetry(r Retrier) *Client {
	cp := *c
	cp.retry = r
	return &cp
}

// WithLanguage returns a client that shares c's connections, credentials
// and retries and asks the API to name things in lang (AcceptLanguage, as
// Config.Language): an SSH session speaking Chinese gets Chinese region
// names from the server's one client.
func (c *Client) WithLanguage(lang string) *Client {
	cp := *c
	cp.lang = Config{Language: lang}.language()
	return &cp
}

// Identity describes whom and where the client talks to, for display.
type Identity struct {
	Profile     string // aliyun CLI profile named in Config, "" if none
	AccessKeyID string // masked ("LTAI****Ab12"); "" until the credentials are resolved
	Region      string
	// Endpoint is the CEN API's: "cbn.aliyuncs.com (HTTPS)" or the URL
	// given, "https://HOST[:PORT]" or "http://127.0.0.1:PORT".
	Endpoint string
	// VPCEndpoint is the VPC API's: "vpc.REGION.aliyuncs.com (HTTPS)"
	// (Alibaba Cloud's, one per region) or the URL given.
	VPCEndpoint string
	// Credentials says where the credentials came from, in English for
	// logs: "AccessKey from environment", "profile prod (StsToken)",
	// "ECS RAM role", "demo credentials".
	Credentials string
	// CredentialsSaid is Credentials as a fact, which the screens say in
	// their language (views.CredentialsText).
	CredentialsSaid fact.Fact
}

// Endpoints says where the client's calls go, in one phrase: the CEN
// API's endpoint alone when the VPC API's goes with it (the same URL, or
// both Alibaba Cloud's own), else both, e.g. "CEN https://cen.corp:8443,
// VPC vpc.REGION.aliyuncs.com (HTTPS)".
func (id Identity) Endpoints() string {
	if id.VPCEndpoint == id.Endpoint || id.VPCEndpoint == "" ||
		id.Endpoint == cbnProduct.display(endpoint{}) && id.VPCEndpoint == vpcProduct.display(endpoint{}) {
		return id.Endpoint
	}
	return "CEN " + id.Endpoint + ", VPC " + id.VPCEndpoint
}

// New builds a client. Credentials come from Config's static keys, else
// the named aliyun CLI profile, else the SDK's default chain ($ALIBABA_CLOUD_
// ACCESS_KEY_ID/SECRET/SECURITY_TOKEN, OIDC, the CLI's current profile in
// ~/.aliyun/config.json, ~/.alibabacloud/credentials, the ECS RAM role).
// Errors that can be detected without the network (a missing profile, no
// possible credential source, a non-loopback plain-HTTP endpoint, DEBUG=sdk)
// are returned here as one-line *Error values; New never calls the API.
func New(cfg Config) (*Client, error) {
	if err := cfg.checkDebug(); err != nil {
		return nil, err
	}
	cbnEP, vpcEP, err := cfg.endpoints()
	if err != nil {
		return nil, err
	}
	// An explicit region wins over the others, so it is checked before
	// any credential is looked for: a mistake in the flags is reported as
	// one, whatever the state of the credentials.
	if cfg.Region != "" {
		if _, err := cfg.resolveRegion(""); err != nil {
			return nil, err
		}
	}
	creds, err := newCredentials(cfg)
	if err != nil {
		return nil, err
	}
	region, err := cfg.resolveRegion(creds.profileRegion)
	if err != nil {
		return nil, err
	}
	c := &Client{region: region, cbnEP: cbnEP, vpcEP: vpcEP, timeout: cfg.timeout(), lang: cfg.language(), creds: creds.provider}
	if creds.fromProfile {
		c.profile = cfg.Profile
	}
	transport := newSharedTransport()
	newPool := func(p product, ep endpoint) *pool {
		return &pool{product: p, domain: ep.domain, newItem: func() (*pooled, error) {
			return c.newPooled(p, ep, transport)
		}}
	}
	c.cbn, c.vpc = newPool(cbnProduct, cbnEP), newPool(vpcProduct, vpcEP)
	return c, nil
}

// newPooled is a new SDK client of p, reaching it at ep through rt.
func (c *Client) newPooled(p product, ep endpoint, rt http.RoundTripper) (*pooled, error) {
	api, err := p.newSDKClient(c.region, sdk.NewConfig().WithScheme(ep.scheme), c.creds)
	if err != nil {
		return nil, err
	}
	return &pooled{api: api, rt: bind(api, rt, ep)}, nil
}

// bind gives a new SDK client its own context-applying transport, the
// endpoint and its timeout, all set once.
func bind(api *sdk.Client, shared http.RoundTripper, ep endpoint) *boundTransport {
	rt := &boundTransport{base: shared}
	api.SetTransport(rt)
	api.SetReadTimeout(sdkReadTimeout)
	api.Domain = ep.domain
	return rt
}

// Identity reports the profile, masked AccessKey ID, region, endpoint and
// credential source. They come from flags, the environment and files, so
// they are made printable (see Printable).
func (c *Client) Identity() Identity {
	id := c.creds.accessKeyID()
	origin := c.creds.originSaid()
	return Identity{
		Profile:         Printable(c.profile),
		AccessKeyID:     Printable(maskAccessKeyID(id)),
		Region:          Printable(c.region),
		Endpoint:        Printable(cbnProduct.display(c.cbnEP)),
		VPCEndpoint:     Printable(vpcProduct.display(c.vpcEP)),
		Credentials:     Printable(origin.String()),
		CredentialsSaid: origin,
	}
}

// CheckCredentials resolves the credentials and makes one cheap call
// (DescribeCens, one item) to prove they work. Its error is one line that
// says where the credentials came from and what was wrong.
func (c *Client) CheckCredentials(ctx context.Context) error {
	_, _, err := c.describeCensPage(ctx, nil, 1, 1)
	e, ok := AsError(err)
	if !ok || e.Code == CodeNoCredentials {
		return err
	}
	var kind fact.Kind
	why := ""
	switch e.AccessProblem() {
	case AccessRejected, AccessExpired:
		kind, why = KindCredentialsRejected, "was rejected"
	case AccessDenied:
		kind, why = KindCredentialsNoList, "lacks permission to list CENs"
	case AccessClock:
		kind, why = KindCredentialsClock, "was refused because this machine's clock is off"
	default:
		return err
	}
	id := c.creds.accessKeyID()
	key := maskAccessKeyID(id)
	origin := c.creds.originSaid()
	return (&Error{
		Op:         "CheckCredentials",
		Code:       e.Code,
		RequestID:  e.RequestID,
		HTTPStatus: e.HTTPStatus,
		Permission: e.Permission,
	}).own(fact.New(kind, fmt.Sprintf("AccessKey %s (%s) %s: %s", key, origin, why, e.Message),
		fact.Args{"Key": key, "Origin": origin, "Message": e.MessageSaid()}))
}

// The kinds of CheckCredentials' messages: Key is the masked AccessKey ID,
// Origin where the credentials came from (the fact Identity.CredentialsSaid
// carries, so it is said in the screen's language), Message the API's.
const (
	KindCredentialsRejected fact.Kind = "errors.creds.rejected"
	KindCredentialsNoList   fact.Kind = "errors.creds.no_list_permission"
	KindCredentialsClock    fact.Kind = "errors.creds.clock_off"
)

// classifier classifies op's errors; a call's failure names the endpoint
// of the API it went to (see callOnce).
func (c *Client) classifier(op string) classifier {
	return classifier{op: op, secrets: c.creds.secrets()}
}

// callContext applies Config.Timeout when ctx has no deadline.
func (c *Client) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.timeout)
}

// errBadReply stands for a panic inside the SDK.
var errBadReply = errors.New("the reply could not be read")

// callAPI runs one API call, through the client's Retrier if it has one.
func callAPI[R any](ctx context.Context, c *Client, p *pool, op string, fn func(*sdk.Client) (R, error)) (R, error) {
	if c.retry == nil {
		return callOnce(ctx, c, p, op, fn)
	}
	var res R
	err := c.retry.Retry(ctx, func(ctx context.Context) error {
		var err error
		res, err = callOnce(ctx, c, p, op, fn)
		return err
	})
	return res, err
}

// callOnce makes one attempt of a call: it applies the deadline, makes sure
// credentials are resolved, borrows an SDK client, binds it to ctx, and
// turns any failure into an *Error.
func callOnce[R any](ctx context.Context, c *Client, p *pool, op string, fn func(*sdk.Client) (R, error)) (R, error) {
	var zero R
	ctx, cancel := c.callContext(ctx)
	defer cancel()
	if err := c.creds.ensure(ctx, op); err != nil {
		return zero, err
	}
	if err := ctx.Err(); err != nil {
		return zero, c.classifier(op).contextError(err, false)
	}
	item, err := p.get()
	if err != nil {
		return zero, &Error{Op: op, Code: CodeSDK, Message: c.classifier(op).clean(err.Error())}
	}
	defer p.put(item)
	st := &callState{ctx: ctx}
	item.rt.call = st
	res, err := runSDK(fn, item.api)
	if err != nil {
		cl := c.classifier(op)
		cl.permission = p.product.permission(op)
		cl.endpoint = p.domain
		return zero, cl.classify(ctx, err, st.sent.Load())
	}
	return res, nil
}

// runSDK calls fn and turns a panic into errBadReply: the SDK panics when
// an error reply has a non-string field, and a malformed reply must not
// take the program, and the user's terminal, down with it.
func runSDK[R any](fn func(*sdk.Client) (R, error), api *sdk.Client) (res R, err error) {
	defer func() {
		if recover() != nil {
			err = errBadReply
		}
	}()
	return fn(api)
}
