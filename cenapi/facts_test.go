package cenapi

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/fact/facttest"
)

// said is the client's own message of err, which must have one.
func said(t *testing.T, err error) fact.Fact {
	t.Helper()
	e := mustError(t, err)
	if e.Said.IsZero() || e.Said.String() != e.Message {
		t.Errorf("%q: its fact %q is not its message", e, e.Said)
	}
	return e.Said
}

// TestFactsSayWhatTheClientSays meets every message of the client's own
// (failed calls, credentials, settings, remedies, regions), each where it
// arises, and checks that the fact of each is its English message and the
// catalogue's.
func TestFactsSayWhatTheClientSays(t *testing.T) {
	t.Parallel()
	facts := append(callFacts(t), credentialFacts(t)...)
	facts = append(facts, settingFacts(t)...)
	facts = append(facts, originFacts(t)...)
	for _, code := range []string{CodeNoCredentials, "InvalidAccessKeyId.NotFound", "InvalidSecurityToken.Expired",
		"Forbidden.RAM", "InvalidTimeStamp.Expired"} {
		facts = append(facts, (&Error{Code: code}).RemedySaid(), (&Error{Code: code, Permission: "cen:DescribeCens"}).RemedySaid())
	}
	facts = append(facts, hostRegion(Region{ID: "cn-shanghai"}, 1, []TransitRouter{{Type: TransitRouterEnterprise}}).ReasonSaid())
	for _, a := range []AccessRegion{{Region: Region{ID: "cn-hongkong"}, VBRs: 1}, {Region: Region{ID: "cn-beijing"}}} {
		_, why := a.ReachesFrom("cn-hangzhou")
		facts = append(facts, why)
	}
	facttest.Check(t, facts...)
	facttest.Covered(t, ".", facts...)
}

// callFacts are the messages of failed calls.
func callFacts(t *testing.T) []fact.Fact {
	c := classifier{op: "DescribeCens", endpoint: "127.0.0.1:1"}
	dial := func(err error) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", err)}
	}
	se := sdkerrors.NewServerError(503, "", "").(*sdkerrors.ServerError)
	errs := []error{
		c.contextError(context.DeadlineExceeded, false),
		c.contextError(context.Canceled, false),
		c.clientError(sdkerrors.NewClientError(sdkerrors.JsonUnmarshalErrorCode, "bad json", nil).(*sdkerrors.ClientError), false),
		c.classify(context.Background(), errBadReply, true),
		c.serverError(se),
		c.transportError(dial(syscall.ECONNREFUSED), true),
		c.transportError(dial(syscall.ECONNRESET), true),
		c.transportError(io.ErrUnexpectedEOF, true),
		c.transportError(&tls.CertificateVerificationError{Err: errors.New("unknown authority")}, true),
		c.transportError(&net.DNSError{Err: "no such host", Name: "cbn.example", IsNotFound: true}, false),
	}
	var facts []fact.Fact
	for _, err := range errs {
		facts = append(facts, said(t, err))
	}

	// The API's refusals, as CheckCredentials and the SDK's diagnosis
	// word them.
	ctx := context.Background()
	for _, opts := range []emulator.Options{
		{AccessKeyID: emulator.DemoAccessKeyID, AccessKeySecret: "the-right-secret"},
		{Deny: []string{"cen:DescribeCens"}},
		{CheckTimestamp: true, ClockSkew: time.Hour},
	} {
		srv := startEmulator(t, opts)
		client, err := New(demoConfig(srv.Endpoint()))
		if err != nil {
			t.Fatal(err)
		}
		facts = append(facts, said(t, client.CheckCredentials(ctx)))
		if opts.AccessKeySecret != "" {
			_, err := client.ListCENs(ctx, CENFilter{})
			facts = append(facts, said(t, err))
		}
	}
	return facts
}

// credentialFacts are the messages of credentials not found.
func credentialFacts(t *testing.T) []fact.Fact {
	var facts []fact.Fact
	_, err := New(Config{Endpoint: "127.0.0.1:8080", AccessKeyID: "LTAIsomething", Getenv: fakeEnv(nil)})
	facts = append(facts, said(t, err))
	home := writeCLIConfig(t, cliConfigJSON)
	broken := writeCLIConfig(t, "{not json")
	for _, c := range []struct{ home, profile string }{
		{t.TempDir(), "akprof"}, {broken, "akprof"}, {home, "nosuch"}, {home, "halfprof"}, {home, "default"}, {home, "ssoprof"},
	} {
		_, err := New(profileConfig(c.home, c.profile, "127.0.0.1:8080", nil))
		facts = append(facts, said(t, err))
	}
	set, err := newCredentials(profileConfig(home, "roleprof", "127.0.0.1:8080", nil))
	if err != nil {
		t.Fatal(err)
	}
	facts = append(facts, said(t, set.provider.failed("DescribeCens", errors.New("the role could not be assumed"))))

	// The default chain, with each of its links in each state.
	unset := map[string]string{"ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true", "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
		"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIx"}
	_, err = New(profileConfig(t.TempDir(), "", "127.0.0.1:8080", unset))
	facts = append(facts, said(t, err))
	noECS := map[string]string{"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"}
	for _, home := range []string{t.TempDir(), broken, writeCLIConfig(t, `{"current":"default","profiles":[{"name":"default","mode":""}]}`)} {
		_, err := New(profileConfig(home, "", "127.0.0.1:8080", noECS))
		facts = append(facts, said(t, err))
	}
	_, err = New(profileConfig(home, "", "127.0.0.1:8080", map[string]string{"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
		"ALIBABA_CLOUD_PROFILE": "nosuch"}))
	facts = append(facts, said(t, err))
	// Chains that might yield credentials: their words for the failure.
	oidc := map[string]string{"ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1:role/r", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1:oidc-provider/p",
		"ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/nonexistent"}
	if err := os.MkdirAll(filepath.Join(home, ".alibabacloud"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".alibabacloud", "credentials"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	set, err = chainCredentials(profileConfig(home, "", "127.0.0.1:8080", oidc))
	if err != nil {
		t.Fatal(err)
	}
	return append(facts, set.provider.failure)
}

// settingFacts are the messages of unusable settings.
func settingFacts(t *testing.T) []fact.Fact {
	var facts []fact.Fact
	_, err := New(Config{Endpoint: "127.0.0.1:8080", Getenv: fakeEnv(map[string]string{"DEBUG": "sdk"})})
	facts = append(facts, said(t, err))
	_, err = Config{Region: "CN HANGZHOU", Getenv: fakeEnv(nil)}.resolveRegion("")
	facts = append(facts, said(t, err))
	for _, raw := range []string{"https://cbn.example/path", "ftp://cbn.example", "http://cbn.example:80", "http://127.0.0.1"} {
		_, err := parseEndpoint(raw, "--endpoint")
		facts = append(facts, said(t, err))
	}
	pr := probe(context.Background(), http.DefaultTransport.(*http.Transport), "CEN", "http://127.0.0.1:1/\x7f")
	return append(facts, said(t, pr.Err))
}

// originFacts are the names of where credentials came from: explicit
// keys, the demo's, a profile, the environment, and each link of the
// default chain once it has yielded credentials.
func originFacts(t *testing.T) []fact.Fact {
	var facts []fact.Fact
	for _, cfg := range []Config{
		{Endpoint: "127.0.0.1:8080", AccessKeyID: "LTAIsomething", AccessKeySecret: "s"},
		{Endpoint: "127.0.0.1:8080", AccessKeyID: "LTAIsomething", AccessKeySecret: "s", DemoCredentials: true},
		profileConfig(writeCLIConfig(t, cliConfigJSON), "akprof", "127.0.0.1:8080", nil),
		{Endpoint: "127.0.0.1:8080", Getenv: fakeEnv(map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIx", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s"})},
	} {
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		facts = append(facts, c.Identity().CredentialsSaid)
	}
	for _, provider := range []string{"default/env", "default/cli_profile/static_ak", "default/profile/static_ak",
		"default/ecs_ram_role", "default/oidc_role_arn", "default/credential_uri", "default"} {
		p := &lockedProvider{chain: true, origin: defaultChainOrigin}
		p.last.Store(&credentials.Credentials{AccessKeyId: "LTAI0000000000", SecurityToken: "t", ProviderName: provider})
		facts = append(facts, p.originSaid())
	}
	return facts
}
