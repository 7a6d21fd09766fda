package cenapi

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

// An endpoint is HTTPS unless it is on loopback: plain HTTP is refused,
// with the reason, anywhere else.
func TestParseEndpoint(t *testing.T) {
	t.Parallel()
	good := map[string]endpoint{
		"":                                {scheme: "HTTPS"},
		"127.0.0.1:8080":                  {domain: "127.0.0.1:8080", scheme: "HTTP"},
		"http://127.0.0.1:8080":           {domain: "127.0.0.1:8080", scheme: "HTTP"},
		"HTTP://127.0.0.1:8080/":          {domain: "127.0.0.1:8080", scheme: "HTTP"},
		"127.9.8.7:1":                     {domain: "127.9.8.7:1", scheme: "HTTP"},
		"localhost:65535":                 {domain: "localhost:65535", scheme: "HTTP"},
		"[::1]:9000":                      {domain: "[::1]:9000", scheme: "HTTP"},
		"https://127.0.0.1:8443":          {domain: "127.0.0.1:8443", scheme: "HTTPS"},
		"https://cbn-vpc.example.com":     {domain: "cbn-vpc.example.com", scheme: "HTTPS"},
		"https://cen.corp.internal:8443/": {domain: "cen.corp.internal:8443", scheme: "HTTPS"},
		"cbn.cn-hangzhou.aliyuncs.com":    {domain: "cbn.cn-hangzhou.aliyuncs.com", scheme: "HTTPS"},
		"10.0.0.1:443":                    {domain: "10.0.0.1:443", scheme: "HTTPS"},
		"https://[2001:db8::1]":           {domain: "[2001:db8::1]", scheme: "HTTPS"},
	}
	for raw, want := range good {
		got, err := parseEndpoint(raw, "--endpoint")
		if err != nil || got != want {
			t.Errorf("parseEndpoint(%q) = %+v, %v; want %+v", raw, got, err, want)
		}
	}
	bad := map[string]string{
		"http://10.0.0.1:80":               "plain HTTP would carry the signed requests, and any STS token, in clear text off this machine; use https://10.0.0.1:80",
		"http://cbn.aliyuncs.com":          "in clear text off this machine",
		"http://0.0.0.0:80":                "in clear text off this machine",
		"127.0.0.1":                        "a loopback endpoint needs its port",
		"127.0.0.1:0":                      "want https://HOST[:PORT]",
		"127.0.0.1:70000":                  "want https://HOST[:PORT]",
		"http://127.0.0.1:80/api":          "with no path, user or query",
		"https://user:hunter2@example.com": "with no path, user or query",
		"127.0.0.1:80?x=1":                 "with no path, user or query",
		"ftp://example.com":                "want https://HOST[:PORT]",
		"https://exa mple.com":             "with no path, user or query",
		"https://-bad-.com":                "want https://HOST[:PORT]",
	}
	for raw, want := range bad {
		_, err := parseEndpoint(raw, "--endpoint")
		e := mustError(t, err)
		if e.Code != CodeConfig || !strings.Contains(e.Message, want) || !strings.HasPrefix(e.Message, "--endpoint ") {
			t.Errorf("parseEndpoint(%q) error = %v, want %q", raw, err, want)
		}
		if strings.Contains(e.Error(), "hunter2") {
			t.Errorf("the endpoint error shows a password: %v", err)
		}
	}
}

// The endpoints come from the flags, else the environment; the VPC API
// follows a loopback CEN endpoint (an emulator serves both) and goes to
// Alibaba Cloud's regional endpoints otherwise. Identity names them.
func TestEndpoints(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		flag, vpcFlag string
		env           map[string]string
		cen, vpc      string // Identity's
		both          string // Identity.Endpoints
	}{
		{"", "", nil, "cbn.aliyuncs.com (HTTPS)", "vpc.REGION.aliyuncs.com (HTTPS)", "cbn.aliyuncs.com (HTTPS)"},
		{"127.0.0.1:8080", "", nil, "http://127.0.0.1:8080", "http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"https://127.0.0.1:8443", "", nil, "https://127.0.0.1:8443", "https://127.0.0.1:8443", "https://127.0.0.1:8443"},
		{"https://cen.corp:8443", "", nil, "https://cen.corp:8443", "vpc.REGION.aliyuncs.com (HTTPS)",
			"CEN https://cen.corp:8443, VPC vpc.REGION.aliyuncs.com (HTTPS)"},
		{"https://cen.corp", "https://vpc.corp", nil, "https://cen.corp", "https://vpc.corp", "CEN https://cen.corp, VPC https://vpc.corp"},
		{"", "", map[string]string{EnvEndpoint: "https://cen.env", EnvVPCEndpoint: "vpc.env"}, "https://cen.env", "https://vpc.env",
			"CEN https://cen.env, VPC https://vpc.env"},
		{"https://cen.flag", "", map[string]string{EnvEndpoint: "https://cen.env"}, "https://cen.flag", "vpc.REGION.aliyuncs.com (HTTPS)",
			"CEN https://cen.flag, VPC vpc.REGION.aliyuncs.com (HTTPS)"},
	} {
		cfg := demoConfig(tc.flag)
		cfg.VPCEndpoint, cfg.Getenv = tc.vpcFlag, fakeEnv(tc.env)
		c, err := New(cfg)
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		id := c.Identity()
		if id.Endpoint != tc.cen || id.VPCEndpoint != tc.vpc || id.Endpoints() != tc.both {
			t.Errorf("%q, %q, env %v: endpoints %q, %q, %q; want %q, %q, %q", tc.flag, tc.vpcFlag, tc.env,
				id.Endpoint, id.VPCEndpoint, id.Endpoints(), tc.cen, tc.vpc, tc.both)
		}
	}
	cfg := demoConfig("")
	cfg.Getenv = fakeEnv(map[string]string{EnvVPCEndpoint: "http://10.1.1.1:80"})
	_, err := New(cfg)
	if e := mustError(t, err); e.Code != CodeConfig || !strings.HasPrefix(e.Message, "$CENROUTE_VPC_ENDPOINT http://10.1.1.1:80: plain HTTP") {
		t.Errorf("an environment endpoint in clear text: %v", err)
	}
}

func TestResolveRegion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		flag, profile, env, want string
	}{
		{"cn-beijing", "cn-shanghai", "cn-shenzhen", "cn-beijing"},
		{"", "cn-shanghai", "cn-shenzhen", "cn-shanghai"},
		{"", "", "cn-shenzhen", "cn-shenzhen"},
		{"", "", "", DefaultRegion},
	}
	for _, tt := range tests {
		cfg := Config{Region: tt.flag, Getenv: fakeEnv(map[string]string{"ALIBABA_CLOUD_REGION_ID": tt.env})}
		got, err := cfg.resolveRegion(tt.profile)
		if err != nil || got != tt.want {
			t.Errorf("resolveRegion(flag %q, profile %q, env %q) = %q, %v; want %q", tt.flag, tt.profile, tt.env, got, err, tt.want)
		}
	}
	cfg := Config{Region: "cn-hangzhou/../x", Getenv: fakeEnv(nil)}
	if _, err := cfg.resolveRegion(""); err == nil {
		t.Error("a region with a slash was accepted")
	}
}

func TestDebugSDKIsRefused(t *testing.T) {
	t.Parallel()
	for debug, refused := range map[string]bool{"sdk": true, "tls,sdk": true, "sdkx": false, "": false, "http": false} {
		cfg := demoConfig("127.0.0.1:8080")
		cfg.Getenv = fakeEnv(map[string]string{"DEBUG": debug})
		_, err := New(cfg)
		if refused != (err != nil) {
			t.Errorf("DEBUG=%q: New error = %v, want refused %v", debug, err, refused)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("multi-line error %q", err)
		}
	}
}

func TestStaticCredentialsNeedBothParts(t *testing.T) {
	t.Parallel()
	_, err := New(Config{Endpoint: "127.0.0.1:8080", AccessKeyID: "LTAIsomething", Getenv: fakeEnv(nil)})
	if e := mustError(t, err); e.Code != CodeNoCredentials || !strings.Contains(e.Message, "both an AccessKey ID and an AccessKey secret") {
		t.Errorf("error = %v", err)
	}
}

func TestMaskAccessKeyID(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]string{
		"LTAI5tAbCdEfGhAb12": "LTAI****Ab12", "demo-access-key-id": "demo****y-id", "short": "****", "LTAI12345678": "LTAI****5678", "": "",
	} {
		if got := maskAccessKeyID(id); got != want {
			t.Errorf("MaskAccessKeyID(%q) = %q, want %q", id, got, want)
		}
	}
}

// cliConfigJSON is a ~/.aliyun/config.json as `aliyun configure` writes it.
const cliConfigJSON = `{"current": "akprof",
 "profiles": [
  {"name":"default","mode":"","output_format":"json","language":"en"},
  {"name":"akprof","mode":"AK","access_key_id":"demo-access-key-id","access_key_secret":"demo-access-key-secret","region_id":"cn-shanghai","output_format":"json","language":"en","site":"china"},
  {"name":"stsprof","mode":"StsToken","access_key_id":"demo-access-key-id","access_key_secret":"demo-access-key-secret","sts_token":"TOKEN123","region_id":"cn-beijing"},
  {"name":"roleprof","mode":"RamRoleArn","access_key_id":"RAK","access_key_secret":"RSK","ram_role_arn":"acs:ram::1234567890:role/cen-reader","ram_session_name":"tui","region_id":"cn-hangzhou"},
  {"name":"ssoprof","mode":"CloudSSO","region_id":"cn-hangzhou"},
  {"name":"halfprof","mode":"AK","access_key_id":"LTAIhalf","region_id":"cn-hangzhou"}],
 "meta_path": ""}`

// writeCLIConfig writes content as HOME/.aliyun/config.json in a temp HOME.
func writeCLIConfig(t *testing.T, content string) (home string) {
	t.Helper()
	home = t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aliyun"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aliyun", "config.json"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return home
}

func profileConfig(home, profile, endpoint string, env map[string]string) Config {
	vars := map[string]string{"HOME": home}
	for k, v := range env {
		vars[k] = v
	}
	return Config{Profile: profile, Endpoint: endpoint, Getenv: fakeEnv(vars)}
}

func TestProfileCredentials(t *testing.T) {
	t.Parallel()
	home := writeCLIConfig(t, cliConfigJSON)
	srv := startEmulator(t, emulator.Options{})
	ctx := context.Background()

	for profile, want := range map[string]Identity{
		"akprof":  {Profile: "akprof", AccessKeyID: "demo****y-id", Region: "cn-shanghai", Endpoint: "http://" + srv.Endpoint(), VPCEndpoint: "http://" + srv.Endpoint(), Credentials: "profile akprof (AK)", CredentialsSaid: profileOrigin("akprof", "AK")},
		"stsprof": {Profile: "stsprof", AccessKeyID: "demo****y-id", Region: "cn-beijing", Endpoint: "http://" + srv.Endpoint(), VPCEndpoint: "http://" + srv.Endpoint(), Credentials: "profile stsprof (StsToken)", CredentialsSaid: profileOrigin("stsprof", "StsToken")},
	} {
		c, err := New(profileConfig(home, profile, srv.Endpoint(), nil))
		if err != nil {
			t.Fatalf("New(profile %s): %v", profile, err)
		}
		if got := c.Identity(); !reflect.DeepEqual(got, want) {
			t.Errorf("Identity() = %+v, want %+v", got, want)
		}
		if err := c.CheckCredentials(ctx); err != nil {
			t.Errorf("profile %s: CheckCredentials: %v", profile, err)
		}
	}

	cfg := profileConfig(home, "akprof", srv.Endpoint(), map[string]string{"ALIBABA_CLOUD_REGION_ID": "cn-shenzhen"})
	cfg.Region = "ap-southeast-1"
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Identity().Region; got != "ap-southeast-1" {
		t.Errorf("an explicit region should win over the profile's: got %s", got)
	}

	// Role profiles are resolved by the SDK's CLI-profile provider, which
	// TestMain disables: the failure is named, and nothing is sent.
	c, err = New(profileConfig(home, "roleprof", srv.Endpoint(), nil))
	if err != nil {
		t.Fatalf("New(roleprof): %v", err)
	}
	if id := c.Identity(); id.AccessKeyID != "" || id.Credentials != "profile roleprof (RamRoleArn)" {
		t.Errorf("Identity() before resolution = %+v", id)
	}
	err = c.CheckCredentials(ctx)
	if e := mustError(t, err); e.Code != CodeNoCredentials || !strings.HasPrefix(e.Message, `aliyun CLI profile "roleprof" (mode RamRoleArn) gave no credentials`) {
		t.Errorf("CheckCredentials(roleprof) = %v", err)
	}
}

func TestProfileProblems(t *testing.T) {
	t.Parallel()
	home := writeCLIConfig(t, cliConfigJSON)
	tests := []struct {
		profile, want string
	}{
		{"nope", `aliyun CLI profile "nope" not found in ~/.aliyun/config.json; run 'aliyun configure --profile nope'`},
		{"default", `aliyun CLI profile "default" in ~/.aliyun/config.json has no credentials (its mode is empty); run 'aliyun configure --profile default'`},
		{"ssoprof", `aliyun CLI profile "ssoprof" uses mode CloudSSO, which cenroute does not support`},
		{"halfprof", `aliyun CLI profile "halfprof" (mode AK) in ~/.aliyun/config.json has no AccessKey ID or secret`},
	}
	for _, tt := range tests {
		_, err := New(profileConfig(home, tt.profile, "127.0.0.1:8080", nil))
		if e := mustError(t, err); e.Code != CodeNoCredentials || !strings.HasPrefix(e.Error(), tt.want) {
			t.Errorf("profile %s: error %q, want it to start with %q", tt.profile, err, tt.want)
		}
	}

	_, err := New(profileConfig(t.TempDir(), "akprof", "127.0.0.1:8080", nil))
	if want := `aliyun CLI profile "akprof": ~/.aliyun/config.json does not exist; run 'aliyun configure --profile akprof' or use --demo`; err == nil || err.Error() != want {
		t.Errorf("no config file: error %q, want %q", err, want)
	}

	broken := writeCLIConfig(t, `{"profiles": [{"name":"akprof","mode":"AK","access_key_secret":"`+canarySecret+`"}`)
	_, err = New(profileConfig(broken, "akprof", "127.0.0.1:8080", nil))
	if err == nil || !strings.Contains(err.Error(), "not valid JSON") || strings.Contains(err.Error(), canarySecret) {
		t.Errorf("broken config file: error %q", err)
	}
}

func TestNoCredentialsNamesWhatWasTried(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		cli  string
		want string
	}{
		{"nothing, CLI and ECS disabled",
			map[string]string{"ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true", "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"}, "",
			"no Alibaba Cloud credentials found: tried $ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, aliyun CLI profile (disabled), " +
				"~/.alibabacloud/credentials (not found), ECS RAM role (disabled); run 'aliyun configure' or use --demo"},
		{"CLI default profile without a mode",
			map[string]string{"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "TRUE"}, `{"current":"default","profiles":[{"name":"default","mode":""}]}`,
			"no Alibaba Cloud credentials found: tried $ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, aliyun CLI profile \"default\" in ~/.aliyun/config.json (mode not set), " +
				"~/.alibabacloud/credentials (not found), ECS RAM role (disabled); run 'aliyun configure' or use --demo"},
		{"key ID without secret, no CLI config",
			map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIx", "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"}, "",
			"no Alibaba Cloud credentials found: tried $ALIBABA_CLOUD_ACCESS_KEY_ID (but $ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set), " +
				"~/.aliyun/config.json (not found), ~/.alibabacloud/credentials (not found), ECS RAM role (disabled); run 'aliyun configure' or use --demo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			if tt.cli != "" {
				home = writeCLIConfig(t, tt.cli)
			}
			_, err := New(profileConfig(home, "", "127.0.0.1:8080", tt.env))
			if e := mustError(t, err); e.Code != CodeNoCredentials || e.Error() != tt.want {
				t.Errorf("error\n%q, want\n%q", err, tt.want)
			}
		})
	}
}

func TestChainWhenALinkMightWork(t *testing.T) {
	t.Parallel()
	// The ECS RAM role cannot be ruled out without the network, so New
	// succeeds and leaves the verdict to the first call.
	c, err := New(profileConfig(t.TempDir(), "", "127.0.0.1:8080", map[string]string{"ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true"}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if id := c.Identity(); id.Credentials != "default credential chain" || id.AccessKeyID != "" || id.Profile != "" {
		t.Errorf("Identity() = %+v", id)
	}
	home := writeCLIConfig(t, cliConfigJSON)
	c, err = New(profileConfig(home, "", "127.0.0.1:8080", map[string]string{"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"}))
	if err != nil {
		t.Fatalf("New with a usable current CLI profile: %v", err)
	}
	if got := c.Identity().Region; got != "cn-shanghai" {
		t.Errorf("region = %s, want the current CLI profile's cn-shanghai", got)
	}
}

// TestChainFromEnvironment: the environment's AccessKey and region come
// from the environment the client is given.
func TestChainFromEnvironment(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{})
	env := fakeEnv(map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": emulator.DemoAccessKeyID,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET": emulator.DemoAccessKeySecret, "ALIBABA_CLOUD_REGION_ID": "cn-beijing",
		"ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true"})
	c, err := New(Config{Endpoint: srv.Endpoint(), Getenv: env})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := c.CheckCredentials(context.Background()); err != nil {
		t.Fatalf("CheckCredentials: %v", err)
	}
	want := Identity{AccessKeyID: "demo****y-id", Region: "cn-beijing", Endpoint: "http://" + srv.Endpoint(), VPCEndpoint: "http://" + srv.Endpoint(),
		Credentials: "AccessKey from environment", CredentialsSaid: envOrigin("")}
	if got := c.Identity(); !reflect.DeepEqual(got, want) {
		t.Errorf("Identity() = %+v, want %+v", got, want)
	}
}

// The header says where the credentials came from in words; for the
// default chain, in the words of the link that yielded them.
func TestCredentialsAreNamedInWords(t *testing.T) {
	t.Parallel()
	env := fakeEnv(map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "STS.ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s",
		"ALIBABA_CLOUD_SECURITY_TOKEN": "token", "ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true"})
	c, err := New(Config{Endpoint: "127.0.0.1:8080", Getenv: env})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Identity().Credentials; got != "STS token from environment" {
		t.Errorf("environment with a token: %q", got)
	}
	c, err = New(Config{Endpoint: "127.0.0.1:8080", AccessKeyID: "id", AccessKeySecret: "s", DemoCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	if id := c.Identity(); id.Credentials != "demo credentials" || id.CredentialsSaid.Kind != KindOriginDemo {
		t.Errorf("the demo's credentials: %q (%s)", id.Credentials, id.CredentialsSaid.Kind)
	}
	for provider, want := range map[string]string{
		"default/ecs_ram_role":          "ECS RAM role",
		"default/env":                   "AccessKey from environment",
		"default/cli_profile/static_ak": "profile prod (AK)",
		"default/profile/static_ak":     "credentials file",
		"something/else":                "default credential chain",
	} {
		p := &lockedProvider{chain: true, origin: defaultChainOrigin, cliOrigin: profileOrigin("prod", "AK")}
		p.last.Store(&credentials.Credentials{AccessKeyId: "LTAI0000000000", ProviderName: provider})
		if got := p.originSaid().String(); got != want {
			t.Errorf("chain resolved by %s: %q, want %q", provider, got, want)
		}
	}
}

func TestIsLoopbackHost(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{"localhost": true, "LOCALHOST": true, "127.0.0.1": true, "127.3.2.1": true,
		"::1": true, "": false, "0.0.0.0": false, "10.0.0.1": false, "localhost.example.com": false} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
