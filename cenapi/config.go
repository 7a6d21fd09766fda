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
)

// Config says where and as whom the client connects.
type Config struct {
	// Profile is the aliyun CLI profile to use (from ~/.aliyun/config.json);
	// "" means the SDK's default credential chain.
	Profile string
	// Region is the region sent with every call; "" means the profile's
	// region_id, then $ALIBABA_CLOUD_REGION_ID, then DefaultRegion.
	Region string
	// Endpoint is "" for Alibaba Cloud over HTTPS, or a loopback host:port
	// ("127.0.0.1:PORT", "localhost:PORT", "[::1]:PORT", optionally with an
	// "http://" prefix) for plain HTTP to a local emulator. Anything else is
	// refused: credentials must never travel in clear text.
	Endpoint string
	// AccessKeyID, AccessKeySecret and SecurityToken are explicit static
	// credentials (the demo emulator's, say). When AccessKeyID is set they
	// win over Profile and the default chain.
	AccessKeyID, AccessKeySecret, SecurityToken string
	// CredentialsName is what the explicit credentials are called on
	// screen (Identity.Credentials), e.g. "demo credentials"; "" calls
	// them a static AccessKey.
	CredentialsName string
	// Timeout is the per-call deadline applied when the caller's context
	// has none; 0 means CallTimeout.
	Timeout time.Duration

	// Getenv is the environment the client reads: the region, $HOME, the
	// credential chain's environment variables (its first link, the
	// environment's AccessKey, is resolved through it too), DEBUG. nil
	// means os.Getenv. The SDK's own links of the chain beyond the first
	// read the process's environment.
	Getenv func(string) string

	// cliConfigPath replaces ~/.aliyun/config.json (tests only).
	cliConfigPath string
}

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

func (cfg Config) timeout() time.Duration {
	if cfg.Timeout > 0 {
		return cfg.Timeout
	}
	return CallTimeout
}

// checkDebug refuses DEBUG=sdk. The SDK reads $DEBUG once, when its
// packages are initialised, and then prints every request, signed URL with
// AccessKeyId and SecurityToken included, to stdout. Unsetting it here
// would be too late, so the only safe answer is to stop.
func (cfg Config) checkDebug() error {
	for _, part := range strings.Split(cfg.env("DEBUG"), ",") {
		if part == "sdk" {
			return &Error{Code: CodeConfig, Message: `DEBUG contains "sdk", which makes the Alibaba Cloud SDK print signed requests (AccessKey ID and token included) to stdout; unset DEBUG or remove "sdk" from it`}
		}
	}
	return nil
}

var regionPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// resolveRegion applies the order: explicit, profile, environment, default.
func (cfg Config) resolveRegion(profileRegion string) (string, error) {
	region := firstNonEmpty(cfg.Region, profileRegion, cfg.env(envRegion), DefaultRegion)
	if !regionPattern.MatchString(region) {
		return "", &Error{Code: CodeConfig, Message: fmt.Sprintf("region %q is not a region ID such as cn-hangzhou", region)}
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

// endpoint is where requests go.
type endpoint struct {
	domain string // host:port for the SDK's client.Domain; "" = Alibaba Cloud
	scheme string // "HTTPS" or "HTTP"
}

func (e endpoint) loopback() bool { return e.domain != "" }

// display describes the endpoint for Identity.
func (e endpoint) display() string {
	if e.loopback() {
		return "http://" + e.domain
	}
	return "cbn.aliyuncs.com (HTTPS)"
}

// parseEndpoint accepts "" (Alibaba Cloud over HTTPS) or a loopback
// host:port, with or without "http://". Plain HTTP anywhere else would send
// signed requests, and STS tokens, in clear text, so it is refused; there is
// deliberately no custom HTTPS endpoint either, because one host cannot
// stand in for both the CEN and the VPC API.
func parseEndpoint(raw string) (endpoint, error) {
	if raw == "" {
		return endpoint{scheme: "HTTPS"}, nil
	}
	hostport := strings.TrimSuffix(strings.TrimPrefix(raw, "http://"), "/")
	host, port, err := net.SplitHostPort(hostport)
	if err != nil || strings.ContainsAny(hostport, "/?#@") || !validPort(port) || !IsLoopbackHost(host) {
		return endpoint{}, &Error{Code: CodeConfig, Message: fmt.Sprintf(
			"--endpoint %s: plain HTTP is allowed only to a loopback address (127.0.0.1:PORT); leave --endpoint unset to reach Alibaba Cloud over HTTPS",
			redactUserinfo(raw))}
	}
	return endpoint{domain: net.JoinHostPort(host, port), scheme: "HTTP"}, nil
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
