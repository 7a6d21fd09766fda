package cenapi

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// Config says where and as whom the client connects.
type Config struct {
	// Profile is the aliyun CLI profile to use (from ~/.aliyun/config.json);
	// "" means the SDK's default credential chain.
	Profile string
	// Region is the region sent with every call; "" means the profile's
	// region_id, then $ALIBABA_CLOUD_REGION_ID, then DefaultRegion.
	Region string
	// Endpoint is where the CEN API is reached: "" for Alibaba Cloud's own
	// (cbn.aliyuncs.com) unless $CENROUTE_ENDPOINT names another;
	// "https://HOST[:PORT]" (a VPC endpoint, an internal gateway); or a
	// loopback "http://127.0.0.1:PORT" (the scheme may be left out) for an
	// emulator. Plain HTTP to any other host is refused: signed requests
	// and tokens must never travel in clear text.
	Endpoint string
	// VPCEndpoint is where the VPC API is reached, in the same forms: ""
	// means $CENROUTE_VPC_ENDPOINT, else Endpoint when that is on loopback
	// (the emulator serves both APIs), else Alibaba Cloud's regional
	// endpoints.
	VPCEndpoint string
	// AccessKeyID, AccessKeySecret and SecurityToken are explicit static
	// credentials (the demo emulator's, say). When AccessKeyID is set they
	// win over Profile and the default chain.
	AccessKeyID, AccessKeySecret, SecurityToken string
	// DemoCredentials says the explicit credentials are the demo
	// emulator's, and are called so on screen (Identity.Credentials);
	// else they are called a static AccessKey.
	DemoCredentials bool
	// Timeout is the per-call deadline applied when the caller's context
	// has none; 0 means CallTimeout.
	Timeout time.Duration
	// Language is the language the API is asked to name things in (region
	// names), sent as AcceptLanguage: "" means DefaultLanguage. The API's
	// own default is Chinese (docs/cen-api.md#describechildinstanceregions),
	// so a client that speaks another language must always say so.
	Language string

	// Getenv is the environment the client reads: the region, $HOME, the
	// credential chain's environment variables (its first link, the
	// environment's AccessKey, is resolved through it too), DEBUG. nil
	// means os.Getenv. The SDK's own links of the chain beyond the first
	// read the process's environment.
	Getenv func(string) string

	// cliConfigPath replaces ~/.aliyun/config.json (tests only).
	cliConfigPath string
}

// DefaultLanguage is the language asked for when Config.Language is
// empty: the language the program speaks.
const DefaultLanguage = "en-US"

// DefaultRegion is the region used when neither the flags, the profile nor
// the environment name one.
const DefaultRegion = "cn-hangzhou"

// Names of the environment variables the client reads itself, to pick a
// region and to say which credential sources were tried. The SDK's default
// chain reads them again (and a few more) when it resolves credentials.
const (
	envRegion          = "ALIBABA_CLOUD_REGION_ID"
	envProfile         = "ALIBABA_CLOUD_PROFILE"
	envAccessKeyID     = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	envAccessKeySecret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	envSecurityToken   = "ALIBABA_CLOUD_SECURITY_TOKEN"
	envCLIDisabled     = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED"
	envECSDisabled     = "ALIBABA_CLOUD_ECS_METADATA_DISABLED"
	envCredentialsFile = "ALIBABA_CLOUD_CREDENTIALS_FILE"
	envCredentialsURI  = "ALIBABA_CLOUD_CREDENTIALS_URI"
	envRoleARN         = "ALIBABA_CLOUD_ROLE_ARN"
	envOIDCProviderARN = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"
	envOIDCTokenFile   = "ALIBABA_CLOUD_OIDC_TOKEN_FILE"
)

func (cfg Config) env(name string) string {
	if cfg.Getenv != nil {
		return cfg.Getenv(name)
	}
	return os.Getenv(name)
}

func (cfg Config) envTrue(name string) bool {
	return strings.EqualFold(cfg.env(name), "true")
}

// home is where the SDK looks for ~/.aliyun and ~/.alibabacloud: $HOME.
func (cfg Config) home() string {
	if h := cfg.env("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}

func (cfg Config) cliConfigFile() string {
	if cfg.cliConfigPath != "" {
		return cfg.cliConfigPath
	}
	return filepath.Join(cfg.home(), ".aliyun", "config.json")
}

func (cfg Config) iniCredentialsFile() string {
	if p := cfg.env(envCredentialsFile); p != "" {
		return p
	}
	return filepath.Join(cfg.home(), ".alibabacloud", "credentials")
}

func (cfg Config) language() string { return firstNonEmpty(cfg.Language, DefaultLanguage) }

func (cfg Config) timeout() time.Duration {
	if cfg.Timeout > 0 {
		return cfg.Timeout
	}
	return CallTimeout
}

// The kinds of the messages of CodeConfig errors (see package fact).
const (
	KindDebugSDK          fact.Kind = "errors.config.debug_sdk"
	KindBadRegion         fact.Kind = "errors.config.region"   // Region, quoted
	KindBadEndpoint       fact.Kind = "errors.config.endpoint" // Source (flag or variable), Value, Why
	KindEndpointForm      fact.Kind = "errors.config.endpoint_form"
	KindEndpointScheme    fact.Kind = "errors.config.endpoint_scheme"
	KindEndpointPlainHTTP fact.Kind = "errors.config.endpoint_plain_http" // HostPort
	KindEndpointNoPort    fact.Kind = "errors.config.endpoint_no_port"
	KindNotURL            fact.Kind = "errors.config.not_url" // URL
)

// checkDebug refuses DEBUG=sdk. The SDK reads $DEBUG once, when its
// packages are initialised, and then prints every request, signed URL with
// AccessKeyId and SecurityToken included, to stdout. Unsetting it here
// would be too late, so the only safe answer is to stop.
func (cfg Config) checkDebug() error {
	for _, part := range strings.Split(cfg.env("DEBUG"), ",") {
		if part == "sdk" {
			return (&Error{Code: CodeConfig}).own(fact.New(KindDebugSDK,
				`DEBUG contains "sdk", which makes the Alibaba Cloud SDK print signed requests (AccessKey ID and token included) to stdout; unset DEBUG or remove "sdk" from it`, nil))
		}
	}
	return nil
}

var regionPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// resolveRegion applies the order: explicit, profile, environment, default.
func (cfg Config) resolveRegion(profileRegion string) (string, error) {
	region := firstNonEmpty(cfg.Region, profileRegion, cfg.env(envRegion), DefaultRegion)
	if !regionPattern.MatchString(region) {
		quoted := strconv.Quote(region)
		return "", (&Error{Code: CodeConfig}).own(fact.New(KindBadRegion, "region "+quoted+" is not a region ID such as cn-hangzhou",
			fact.Args{"Region": quoted}))
	}
	return region, nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// endpoint is where one API's requests go.
type endpoint struct {
	domain string // host[:port] for the SDK's client.Domain; "" = Alibaba Cloud's, by the SDK's rules
	scheme string // "HTTPS" or "HTTP"
}

// custom reports whether the endpoint was given, rather than Alibaba
// Cloud's.
func (e endpoint) custom() bool { return e.domain != "" }

// display describes the endpoint for Identity: its URL, or cloud (the
// product's endpoint host by the SDK's rules, e.g. "cbn.aliyuncs.com")
// for Alibaba Cloud's.
func (e endpoint) display(cloud string) string {
	if e.custom() {
		return strings.ToLower(e.scheme) + "://" + e.domain
	}
	return cloud + " (HTTPS)"
}

// loopback reports whether a given endpoint is on this machine.
func (e endpoint) loopback() bool {
	host, _, err := net.SplitHostPort(e.domain)
	if err != nil {
		host = strings.Trim(e.domain, "[]")
	}
	return e.custom() && IsLoopbackHost(host)
}

// Environment variables naming the endpoints when the flags do not.
const (
	EnvEndpoint    = "CENROUTE_ENDPOINT"
	EnvVPCEndpoint = "CENROUTE_VPC_ENDPOINT"
)

// endpoints resolves Config.Endpoint and Config.VPCEndpoint, each falling
// back on its environment variable. The VPC API goes where the CEN API
// goes when that is a loopback address (an emulator serves both APIs on
// one port), and to Alibaba Cloud's regional endpoints otherwise. See
// docs/cen-api.md#endpoints.
func (cfg Config) endpoints() (cen, vpc endpoint, err error) {
	cen, err = parseEndpoint(firstNonEmpty(cfg.Endpoint, cfg.env(EnvEndpoint)), endpointSource(cfg.Endpoint, "--endpoint", EnvEndpoint))
	if err != nil {
		return cen, vpc, err
	}
	raw := firstNonEmpty(cfg.VPCEndpoint, cfg.env(EnvVPCEndpoint))
	if raw == "" && cen.loopback() {
		return cen, cen, nil
	}
	vpc, err = parseEndpoint(raw, endpointSource(cfg.VPCEndpoint, "--vpc-endpoint", EnvVPCEndpoint))
	return cen, vpc, err
}

// endpointSource names where an endpoint came from, for errors: the flag
// when it was given, else the environment variable.
func endpointSource(given, flag, env string) string {
	if given != "" {
		return flag
	}
	return "$" + env
}

// parseEndpoint reads an endpoint given as https://HOST[:PORT], as a bare
// HOST[:PORT] (HTTPS, as the aliyun CLI reads it, unless the host is
// loopback), or as http://HOST:PORT for a loopback host only: plain HTTP
// anywhere else would carry signed requests, and STS tokens, in clear
// text. "" is Alibaba Cloud's own endpoint over HTTPS. source names the
// setting in errors.
func parseEndpoint(raw, source string) (endpoint, error) {
	if raw == "" {
		return endpoint{scheme: "HTTPS"}, nil
	}
	bad := func(why fact.Fact) (endpoint, error) {
		value := Printable(redactUserinfo(raw))
		return endpoint{}, (&Error{Code: CodeConfig}).own(fact.New(KindBadEndpoint, fmt.Sprintf("%s %s: %s", source, value, why),
			fact.Args{"Source": source, "Value": value, "Why": why}))
	}
	scheme, hostport, found := strings.Cut(raw, "://")
	if !found {
		scheme, hostport = "", raw
	}
	hostport = strings.TrimSuffix(hostport, "/")
	host, port := hostport, ""
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, p
	} else if strings.HasPrefix(hostport, "[") && strings.HasSuffix(hostport, "]") {
		host = hostport[1 : len(hostport)-1] // an IPv6 address without a port
	}
	switch {
	case strings.ContainsAny(hostport, "/?#@ ") || !validHost(host) || port != "" && !validPort(port):
		return bad(fact.New(KindEndpointForm, "want https://HOST[:PORT], with no path, user or query", nil))
	case !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "http") && scheme != "":
		return bad(fact.New(KindEndpointScheme, "want https://HOST[:PORT]", nil))
	}
	plain := strings.EqualFold(scheme, "http") || scheme == "" && IsLoopbackHost(host)
	switch {
	case plain && !IsLoopbackHost(host):
		return bad(fact.New(KindEndpointPlainHTTP, "plain HTTP would carry the signed requests, and any STS token, in clear text off this machine; "+
			"use https://"+hostport+" (plain HTTP is for a loopback emulator only, such as 127.0.0.1:PORT)", fact.Args{"HostPort": hostport}))
	case plain && port == "":
		return bad(fact.New(KindEndpointNoPort, "a loopback endpoint needs its port, such as 127.0.0.1:8080", nil))
	case plain:
		return endpoint{domain: net.JoinHostPort(host, port), scheme: "HTTP"}, nil
	}
	return endpoint{domain: hostport, scheme: "HTTPS"}, nil
}

// hostname is a DNS name: labels of letters, digits and hyphens.
var hostname = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$`)

// validHost accepts a DNS name or an IP address (IPv6 without brackets, as
// SplitHostPort leaves it).
func validHost(host string) bool {
	return net.ParseIP(host) != nil || len(host) <= 253 && hostname.MatchString(host)
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n < 65536
}

// IsLoopbackHost reports whether host (no port) names this machine only:
// "localhost" in any case, or a loopback IP address. An empty host, which
// means every interface to a listener, is not loopback.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redactUserinfo keeps a user:password@ out of error messages.
func redactUserinfo(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		u.User = url.User("****")
		return u.String()
	}
	if i := strings.LastIndex(raw, "@"); i >= 0 {
		return "****" + raw[i:]
	}
	return raw
}
