package cenapi

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"strings"
	"syscall"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// Codes the client itself assigns to failures that have no server code.
// They all start with "Client." so they never collide with API codes.
const (
	CodeTimeout       = "Client.Timeout"       // the call did not finish within its deadline
	CodeCanceled      = "Client.Canceled"      // the caller cancelled the call
	CodeConnection    = "Client.Connection"    // the connection failed (refused, reset, closed, DNS, TLS)
	CodeNoCredentials = "Client.NoCredentials" // no usable credentials were found
	CodeBadResponse   = "Client.BadResponse"   // the reply could not be decoded
	CodeConfig        = "Client.InvalidConfig" // the Config (flags) is unusable
	CodeSDK           = "Client.SDK"           // any other failure inside the SDK
)

const clientCodePrefix = "Client."

// MsgTimeout is the message of every CodeTimeout error, however the
// deadline showed itself.
const MsgTimeout = "no reply before the deadline"

// The kinds of the client's own messages (Error.Said), in a form no
// language is tied to (see package fact).
const (
	KindTimeout         fact.Kind = "errors.timeout"
	KindCanceled        fact.Kind = "errors.cancelled"
	KindUndecodable     fact.Kind = "errors.undecodable"     // the reply could not be decoded
	KindUnreadable      fact.Kind = "errors.unreadable"      // the reply could not be read
	KindHTTPStatus      fact.Kind = "errors.http_status"     // Status: a reply without a message
	KindSecretMismatch  fact.Kind = "errors.secret_mismatch" // Message: the API's, with the SDK's diagnosis
	KindCannotReach     fact.Kind = "errors.cannot_reach"    // Host, Why
	KindRefused         fact.Kind = "errors.conn.refused"
	KindReset           fact.Kind = "errors.conn.reset"
	KindClosed          fact.Kind = "errors.conn.closed"
	KindUntrusted       fact.Kind = "errors.conn.untrusted"
	KindCannotResolve   fact.Kind = "errors.cannot_resolve" // Name
	KindRemedyMissing   fact.Kind = "errors.remedy.missing"
	KindRemedyRejected  fact.Kind = "errors.remedy.rejected"
	KindRemedyExpired   fact.Kind = "errors.remedy.expired"
	KindRemedyDenied    fact.Kind = "errors.remedy.denied" // Permission
	KindRemedyDeniedAny fact.Kind = "errors.remedy.denied_unnamed"
	KindRemedyClock     fact.Kind = "errors.remedy.clock"
)

// The client's fixed messages as facts.
var (
	saidTimeout  = fact.New(KindTimeout, MsgTimeout, nil)
	saidCanceled = fact.New(KindCanceled, "cancelled", nil)
)

// Error is every failure the client returns. Its text is a single line built
// only from the operation, code, message and request ID: it never contains a
// URL, an AccessKey ID, a secret or a security token.
type Error struct {
	Op         string // API action, e.g. ResolveAndRouteServiceInCen
	Code       string // API error code, or one of the Code* constants
	Message    string
	RequestID  string
	HTTPStatus int // 0 when no HTTP reply was received
	// Transient is true when the same call may succeed if tried again later:
	// throttling, 5xx, busy resources, timeouts, dropped connections.
	Transient bool
	// Ambiguous is true when the request may have reached the server and been
	// processed although no answer arrived (a timeout or a dropped connection
	// after the request was sent, or an internal server error).
	Ambiguous bool
	// Permission is the RAM action the credentials lack ("cen:DescribeCens"),
	// set when RAM denied the call (AccessDenied).
	Permission string
	// Said is Message as a fact when the message is the client's own (a
	// client code's, or words it added to the API's); zero when Message is
	// the API's own, shown as received.
	Said fact.Fact `json:"-"`

	cause error // context.Canceled or context.DeadlineExceeded only
}

// Error returns one line, e.g. `ResolveAndRouteServiceInCen:
// CloudRoute.Exist: The Specified Cloud Route already Exists (RequestId
// 5A1F...)`. Client-side codes are left out of the text: their message says
// it all.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op + ": ")
	}
	if e.Code != "" && !strings.HasPrefix(e.Code, clientCodePrefix) {
		b.WriteString(e.Code + ": ")
	}
	b.WriteString(e.Message)
	if e.Permission != "" {
		b.WriteString(" (missing RAM permission " + e.Permission + ")")
	}
	if e.RequestID != "" {
		b.WriteString(" (RequestId " + e.RequestID + ")")
	}
	return b.String()
}

// AccessProblem is what an error says about the credentials, when it is
// about them rather than about the call. No retry cures any of them: the
// operator must act, and every other call meets the same error.
type AccessProblem int

// The access problems (docs/cen-api.md#access-denied,
// docs/cen-api.md#expired-sts-tokens, docs/cen-api.md#clock-skew).
const (
	AccessOK       AccessProblem = iota // the error is about the call, or there is none
	AccessMissing                       // no credentials were found
	AccessRejected                      // an unknown AccessKey, a wrong secret, a bad STS token
	AccessExpired                       // the STS token has expired
	AccessDenied                        // RAM refuses the action: Permission names it
	AccessClock                         // this machine's clock is too far off the API's
)

// AccessProblem sorts the error by what it says of the credentials.
func (e *Error) AccessProblem() AccessProblem {
	code := e.Code
	switch {
	case code == CodeNoCredentials:
		return AccessMissing
	case code == "InvalidSecurityToken.Expired", code == "SecurityTokenExpired":
		return AccessExpired
	case strings.HasPrefix(code, "InvalidAccessKeyId"), strings.HasPrefix(code, "InvalidSecurityToken"),
		code == "MissingSecurityToken", code == "SignatureDoesNotMatch", code == "IncompleteSignature",
		code == "InvalidAccessKeySecret":
		return AccessRejected
	case deniedCode(code):
		return AccessDenied
	case code == "InvalidTimeStamp.Expired":
		return AccessClock
	}
	return AccessOK
}

// deniedCode reports whether code is one of RAM's refusals. A
// Forbidden.…NotFound code says a resource is gone, not that access is
// denied.
func deniedCode(code string) bool {
	switch {
	case code == "Forbidden.RAM", code == "Forbidden", code == "NoPermission", code == "NotAuthorized", code == "Unauthorized":
		return true
	}
	return strings.HasPrefix(code, "Forbidden.") && !strings.Contains(code, "NotFound")
}

// Remedy says in one line what the operator must do about an access
// problem; "" when there is none.
func (e *Error) Remedy() string { return e.RemedySaid().String() }

// RemedySaid is Remedy as a fact; the zero Fact when there is none.
func (e *Error) RemedySaid() fact.Fact {
	switch e.AccessProblem() {
	case AccessMissing:
		return fact.New(KindRemedyMissing, "give credentials: run 'aliyun configure', or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET", nil)
	case AccessRejected:
		return fact.New(KindRemedyRejected, "check the AccessKey ID and secret (and STS token) of these credentials: the API does not accept them", nil)
	case AccessExpired:
		return fact.New(KindRemedyExpired, "the STS token has expired: get a new one (aliyun configure for a profile, or a fresh ALIBABA_CLOUD_SECURITY_TOKEN with its AccessKey pair)", nil)
	case AccessDenied:
		if e.Permission == "" {
			return fact.New(KindRemedyDeniedAny, "grant the permission the call needs to the RAM user or role of these credentials", nil)
		}
		return fact.New(KindRemedyDenied, "grant "+e.Permission+" to the RAM user or role of these credentials", fact.Args{"Permission": e.Permission})
	case AccessClock:
		return fact.New(KindRemedyClock, "set this machine's clock right (timedatectl set-ntp true, or chrony): the API refuses requests more than 15 minutes off its own", nil)
	}
	return fact.Fact{}
}

// MessageSaid is the message as a fact: Said when the message is the
// client's own, else the API's message as received (fact.Verbatim).
func (e *Error) MessageSaid() fact.Fact {
	if !e.Said.IsZero() {
		return e.Said
	}
	return fact.Verbatim(e.Message)
}

// own gives e the client's own message f.
func (e *Error) own(f fact.Fact) *Error {
	e.Message, e.Said = f.String(), f
	return e
}

// Unwrap exposes a context error (so errors.Is(err, context.Canceled)
// works) and nothing else: transport errors carry signed URLs.
func (e *Error) Unwrap() error { return e.cause }

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// isTransientCode reports whether an API error code means "busy or
// throttled, try again later".
func isTransientCode(code string) bool {
	switch {
	case strings.Contains(code, "Throttling"),
		strings.HasPrefix(code, "IncorrectStatus."),
		code == "Operation.Blocking",
		code == "InvalidOperation.CenInstanceStatus",
		// Returned by DeleteRouteServiceInCen while an entry is still
		// Creating; it can be deleted once Active (Terraform retries it too).
		code == "InvalidOperation.CloudRouteStatusNotAllow",
		code == "ServiceUnavailable",
		code == "InternalError":
		return true
	}
	return false
}

// classifier turns whatever the SDK returned into an *Error, scrubbing the
// credentials it knows of from every message.
type classifier struct {
	op         string
	permission string   // the RAM action of op, named when RAM denies it
	secrets    []string // AccessKey ID, secret, token: never shown
	// endpoint is the host:port calls go to, when the client knows it
	// (an --endpoint); else the request's own URL names it.
	endpoint string
}

// classify maps err. callCtx is the call's context (to tell a deadline or a
// cancellation from other failures); sent reports whether the request got
// a connection, and so may have reached the server.
func (c classifier) classify(callCtx context.Context, err error, sent bool) *Error {
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		return c.serverError(se)
	}
	if ctxErr := callCtx.Err(); ctxErr != nil {
		return c.contextError(ctxErr, sent)
	}
	if errors.Is(err, errBadReply) {
		return (&Error{Op: c.op, Code: CodeBadResponse, Ambiguous: sent}).own(fact.New(KindUnreadable, errBadReply.Error(), nil))
	}
	var ce *sdkerrors.ClientError
	if errors.As(err, &ce) {
		return c.clientError(ce, sent)
	}
	return c.transportError(err, sent)
}

func (c classifier) serverError(se *sdkerrors.ServerError) *Error {
	status := se.HttpStatus()
	msg := se.Message()
	var said fact.Fact
	// SignatureDoesNotMatch carries the server's string-to-sign, which
	// contains the AccessKeyId and any SecurityToken: keep only the text
	// before it, plus the SDK's diagnosis when it has one.
	if i := strings.Index(msg, sdkerrors.MessageContain); i >= 0 {
		msg = strings.TrimSpace(msg[:i])
		if strings.HasPrefix(se.Recommend(), "InvalidAccessKeySecret") {
			api := c.clean(msg)
			msg += " The AccessKey secret does not match the AccessKey ID."
			said = fact.New(KindSecretMismatch, c.clean(msg), fact.Args{"Message": api})
		}
	}
	code := printableCode(se.ErrorCode())
	if msg == "" {
		msg = fmt.Sprintf("HTTP status %d", status)
		said = fact.New(KindHTTPStatus, msg, fact.Args{"Status": status})
	}
	e := &Error{
		Op:         c.op,
		Code:       code,
		Said:       said,
		Message:    c.clean(msg),
		RequestID:  c.clean(se.RequestId()),
		HTTPStatus: status,
		Transient:  status >= 500 || isTransientCode(code),
		// A 503 means "not taken"; other 5xx replies may come after the
		// work was done.
		Ambiguous: status >= 500 && status != 503,
	}
	if e.AccessProblem() == AccessDenied {
		e.Permission = c.deniedAction(se)
	}
	return e
}

// deniedAction names the RAM action a denial is about: the one the reply's
// AccessDeniedDetail names, when it names one in the form of a RAM action,
// else the call's own.
func (c classifier) deniedAction(se *sdkerrors.ServerError) string {
	if action, ok := se.AccessDeniedDetail()["AuthAction"].(string); ok && ramAction.MatchString(action) {
		return action
	}
	return c.permission
}

// ramAction is the form of a RAM action: service:Action.
var ramAction = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}:[A-Za-z0-9*]{1,100}$`)

func (c classifier) contextError(ctxErr error, sent bool) *Error {
	if errors.Is(ctxErr, context.DeadlineExceeded) {
		return (&Error{Op: c.op, Code: CodeTimeout, Transient: true, Ambiguous: sent, cause: ctxErr}).own(saidTimeout)
	}
	return (&Error{Op: c.op, Code: CodeCanceled, Ambiguous: sent, cause: ctxErr}).own(saidCanceled)
}

func (c classifier) clientError(ce *sdkerrors.ClientError, sent bool) *Error {
	switch ce.ErrorCode() {
	case sdkerrors.TimeoutErrorCode: // only with the SDK's auto-retry, kept off, but named for safety
		return (&Error{Op: c.op, Code: CodeTimeout, Transient: true, Ambiguous: sent}).own(saidTimeout)
	case sdkerrors.JsonUnmarshalErrorCode:
		return (&Error{Op: c.op, Code: CodeBadResponse}).own(fact.New(KindUndecodable, "the reply could not be decoded", nil))
	}
	if origin := ce.OriginError(); origin != nil && isNetworkError(origin) {
		return c.transportError(origin, sent)
	}
	return &Error{Op: c.op, Code: printableCode(ce.ErrorCode()), Message: c.clean(ce.Message())}
}

// maxCode bounds an error code: real ones are a few dozen characters.
const maxCode = 100

// printableCode makes an error code from a reply safe to show (see
// Printable) and bounds it. Codes are compared with known ones, which are
// printable and short, so this changes no decision.
func printableCode(code string) string {
	return bounded(Printable(code), maxCode)
}

func isNetworkError(err error) bool {
	var ue *url.Error
	var ne net.Error
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// transportError classifies failures below HTTP: the *url.Error text holds
// the signed URL, so only fixed words and scrubbed inner text are kept.
// A failed connection names the endpoint it was to, for every caller:
// "cannot reach 127.0.0.1:1: connection refused".
func (c classifier) transportError(err error, sent bool) *Error {
	e := &Error{Op: c.op, Code: CodeConnection, Transient: true, Ambiguous: sent}
	var ne net.Error
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		e.Code = CodeTimeout
		e.own(saidTimeout)
	case errors.Is(err, syscall.ECONNREFUSED):
		e.own(c.reach(err, fact.New(KindRefused, "connection refused", nil))).Ambiguous = false
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		e.own(c.reach(err, fact.New(KindReset, "connection reset by the server", nil)))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		e.own(c.reach(err, fact.New(KindClosed, "connection closed by the server before the reply was complete", nil)))
	case errors.As(err, &dnsErr):
		name := c.clean(dnsErr.Name)
		e.own(fact.New(KindCannotResolve, "cannot resolve "+name, fact.Args{"Name": name})).Transient = dnsErr.IsTemporary
	case errors.As(err, &certErr):
		e.own(c.reach(err, fact.New(KindUntrusted, "TLS certificate not trusted", nil))).Transient = false
	default:
		e.Code, e.Transient = CodeSDK, false
		e.Message = c.clean(innermost(err).Error())
	}
	return e
}

// reach says why the endpoint of err's request could not be reached:
// "cannot reach HOST: why", or why alone when the endpoint is not known.
func (c classifier) reach(err error, why fact.Fact) fact.Fact {
	host := c.endpoint
	var ue *url.Error
	if errors.As(err, &ue) {
		// Only the host of the signed URL is kept: its query holds the
		// AccessKeyId and the signature.
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			host = u.Host
		}
	}
	if host == "" {
		return why
	}
	host = c.clean(host)
	return fact.New(KindCannotReach, "cannot reach "+host+": "+why.String(), fact.Args{"Host": host, "Why": why})
}

// innermost unwraps a *url.Error, whose own text starts with the signed URL.
func innermost(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

var (
	urlPattern    = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s"'<>]+`)
	secretPattern = regexp.MustCompile(`(?i)(AccessKeyId|AccessKeySecret|SecurityToken|Signature|access_key_id|access_key_secret|sts_token)(["']?\s*[=:]\s*["']?)[^&\s"',}]+`)
	spaces        = regexp.MustCompile(`\s+`)
)

// maxMessage bounds a message so that an HTML error page or similar cannot
// flood a screen line.
const maxMessage = 300

// clean makes text safe to show: one line, no URLs, no key=value pairs of
// credentials, none of the known credential values, nothing a terminal
// would act on (see Printable), bounded length.
func (c classifier) clean(s string) string {
	s = urlPattern.ReplaceAllString(s, "<url>")
	s = secretPattern.ReplaceAllString(s, "$1$2****")
	for _, v := range c.secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "****")
		}
	}
	s = strings.TrimSpace(spaces.ReplaceAllString(s, " "))
	return bounded(Printable(s), maxMessage)
}

// bounded cuts s to limit characters, marking the cut with an ellipsis.
func bounded(s string, limit int) string {
	if r := []rune(s); len(r) > limit {
		return string(r[:limit]) + "…"
	}
	return s
}
