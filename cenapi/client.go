package cenapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
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
	ep      endpoint
	profile string
	timeout time.Duration
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

// Identity describes whom and where the client talks to, for display.
type Identity struct {
	Profile     string // aliyun CLI profile named in Config, "" if none
	AccessKeyID string // masked ("LTAI****Ab12"); "" until the credentials are resolved
	Region      string
	Endpoint    string // "cbn.aliyuncs.com (HTTPS)" or "http://127.0.0.1:PORT"
	Source      string // "static", "profile NAME", "environment", "aliyun CLI profile", "credentials file", "ECS RAM role", "default chain", ...
	// Credentials says where the credentials came from, in words for an
	// operator: "AccessKey from environment", "profile prod (StsToken)",
	// "ECS RAM role", "demo credentials".
	Credentials string
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
	ep, err := parseEndpoint(cfg.Endpoint)
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
	c := &Client{region: region, ep: ep, timeout: cfg.timeout(), creds: creds.provider}
	if creds.fromProfile {
		c.profile = cfg.Profile
	}
	transport := newSharedTransport(ep)
	newPool := func(p product) *pool {
		return &pool{product: p, newItem: func() (*pooled, error) {
			api, err := p.newSDKClient(region, c.sdkConfig(), c.creds)
			if err != nil {
				return nil, err
			}
			return &pooled{api: api, rt: c.bind(api, transport)}, nil
		}}
	}
	c.cbn, c.vpc = newPool(cbnProduct), newPool(vpcProduct)
	return c, nil
}

func (c *Client) sdkConfig() *sdk.Config {
	return sdk.NewConfig().WithScheme(c.ep.scheme)
}

// bind gives a new SDK client its own context-applying transport, the
// endpoint and its timeout, all set once.
func (c *Client) bind(api *sdk.Client, shared http.RoundTripper) *boundTransport {
	rt := &boundTransport{base: shared}
	api.SetTransport(rt)
	api.SetReadTimeout(sdkReadTimeout)
	api.Domain = c.ep.domain
	return rt
}

// Identity reports the profile, masked AccessKey ID, region, endpoint and
// credential source. They come from flags, the environment and files, so
// they are made printable (see Printable).
func (c *Client) Identity() Identity {
	source, id := c.creds.describe()
	return Identity{
		Profile:     Printable(c.profile),
		AccessKeyID: Printable(maskAccessKeyID(id)),
		Region:      Printable(c.region),
		Endpoint:    Printable(c.ep.display()),
		Source:      Printable(source),
		Credentials: Printable(c.creds.words()),
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
	why := credentialProblem(e.Code)
	if why == "" {
		return err
	}
	source, id := c.creds.describe()
	return &Error{
		Op:         "CheckCredentials",
		Code:       e.Code,
		Message:    fmt.Sprintf("the credentials from %s (AccessKey %s) %s: %s", source, maskAccessKeyID(id), why, e.Message),
		RequestID:  e.RequestID,
		HTTPStatus: e.HTTPStatus,
	}
}

// credentialProblem words the API codes that mean the credentials, not the
// request, are at fault.
func credentialProblem(code string) string {
	switch {
	case strings.HasPrefix(code, "InvalidAccessKeyId"), strings.HasPrefix(code, "InvalidSecurityToken"),
		code == "SignatureDoesNotMatch", code == "IncompleteSignature", code == "InvalidAccessKeySecret":
		return "were rejected"
	case code == "Unauthorized", code == "NoPermission", strings.HasPrefix(code, "Forbidden"):
		return "lack permission to list CENs"
	}
	return ""
}

func (c *Client) classifier(op string) classifier {
	return classifier{op: op, secrets: c.creds.secrets(), endpoint: c.ep.domain}
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
		return zero, c.classifier(op).classify(ctx, err, st.sent.Load())
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
