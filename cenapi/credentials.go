package cenapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
)

// cliConfig is the part of the aliyun CLI's ~/.aliyun/config.json that
// cenroute reads: the SDK does not use a profile's region_id, and reading AK
// and StsToken profiles here keeps their errors (and file contents) under
// our control.
type cliConfig struct {
	Current  string       `json:"current"`
	Profiles []cliProfile `json:"profiles"`
}

type cliProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	StsToken        string `json:"sts_token"`
	RegionID        string `json:"region_id"`
}

var errCLIConfigInvalid = errors.New("not valid JSON")

// readCLIConfig reads the CLI configuration. Its errors never include the
// file's content (it holds secrets).
func readCLIConfig(path string) (*cliConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var conf cliConfig
	if err := json.Unmarshal(data, &conf); err != nil {
		return nil, errCLIConfigInvalid
	}
	return &conf, nil
}

func (c *cliConfig) profile(name string) (cliProfile, bool) {
	for _, p := range c.Profiles {
		if p.Name == name {
			return p, true
		}
	}
	return cliProfile{}, false
}

// Profile modes that the SDK's CLI-profile provider resolves (role
// assumption, ECS role, OIDC). AK and StsToken profiles are built here.
var sdkProfileModes = map[string]bool{"RamRoleArn": true, "EcsRamRole": true, "OIDC": true, "ChainableRamRoleArn": true}

// credentialSet is the resolved credential setup of a client.
type credentialSet struct {
	provider      *lockedProvider
	profileRegion string
	fromProfile   bool // Config.Profile is in use
}

// newCredentials picks the source: explicit static keys, else the named
// CLI profile, else the SDK's default chain.
func newCredentials(cfg Config) (credentialSet, error) {
	switch {
	case cfg.AccessKeyID != "" || cfg.AccessKeySecret != "":
		return staticCredentials(cfg)
	case cfg.Profile != "":
		return profileCredentials(cfg)
	default:
		return chainCredentials(cfg)
	}
}

func noCredentials(format string, args ...any) *Error {
	return &Error{Code: CodeNoCredentials, Message: fmt.Sprintf(format, args...)}
}

func staticCredentials(cfg Config) (credentialSet, error) {
	if cfg.AccessKeyID == "" || cfg.AccessKeySecret == "" {
		return credentialSet{}, noCredentials("static credentials need both an AccessKey ID and an AccessKey secret")
	}
	words := cfg.CredentialsName
	if words == "" {
		words = "static AccessKey"
	}
	return credentialSet{provider: newStaticProvider("static", words, cfg.AccessKeyID, cfg.AccessKeySecret, cfg.SecurityToken)}, nil
}

// newStaticProvider provides fixed credentials, found as source and
// called words on screen.
func newStaticProvider(source, words, id, secret, token string) *lockedProvider {
	var inner credentials.CredentialsProvider = credentials.NewStaticAKCredentialsProvider(id, secret)
	if token != "" {
		inner = credentials.NewStaticSTSCredentialsProvider(id, secret, token)
	}
	p := &lockedProvider{inner: inner, source: source, label: words}
	p.last.Store(&credentials.Credentials{AccessKeyId: id, AccessKeySecret: secret, SecurityToken: token})
	return p
}

func profileCredentials(cfg Config) (credentialSet, error) {
	name, path := cfg.Profile, displayPath(cfg, cfg.cliConfigFile())
	conf, err := readCLIConfig(cfg.cliConfigFile())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return credentialSet{}, noCredentials("aliyun CLI profile %q: %s does not exist; run 'aliyun configure --profile %s' or use --demo", name, path, name)
	case err != nil:
		return credentialSet{}, noCredentials("aliyun CLI profile %q: cannot read %s: %s", name, path, describeReadError(err))
	}
	p, ok := conf.profile(name)
	if !ok {
		return credentialSet{}, noCredentials("aliyun CLI profile %q not found in %s; run 'aliyun configure --profile %s'", name, path, name)
	}
	source, words := "profile "+name, profileWords(name, p.Mode)
	set := credentialSet{profileRegion: p.RegionID, fromProfile: true}
	switch {
	case p.Mode == "AK" || p.Mode == "StsToken":
		if p.AccessKeyID == "" || p.AccessKeySecret == "" {
			return credentialSet{}, noCredentials("aliyun CLI profile %q (mode %s) in %s has no AccessKey ID or secret", name, p.Mode, path)
		}
		token := ""
		if p.Mode == "StsToken" {
			token = p.StsToken
		}
		set.provider = newStaticProvider(source, words, p.AccessKeyID, p.AccessKeySecret, token)
	case sdkProfileModes[p.Mode]:
		inner := credentials.NewCLIProfileCredentialsProviderBuilder().WithProfileName(name).Build()
		set.provider = &lockedProvider{inner: inner, source: source, label: words,
			failure: fmt.Sprintf("aliyun CLI profile %q (mode %s) gave no credentials", name, p.Mode)}
	case p.Mode == "":
		return credentialSet{}, noCredentials("aliyun CLI profile %q in %s has no credentials (its mode is empty); run 'aliyun configure --profile %s'", name, path, name)
	default:
		return credentialSet{}, noCredentials("aliyun CLI profile %q uses mode %s, which cenroute does not support (AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn)", name, p.Mode)
	}
	return set, nil
}

// profileWords names an aliyun CLI profile and its mode for the screen:
// "profile prod (StsToken)".
func profileWords(name, mode string) string { return "profile " + name + " (" + mode + ")" }

// envWords names credentials taken from the environment for the screen.
func envWords(token string) string {
	if token != "" {
		return "STS token from environment"
	}
	return "AccessKey from environment"
}

func describeReadError(err error) string {
	if errors.Is(err, errCLIConfigInvalid) {
		return err.Error()
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// displayPath shows paths under $HOME as ~/...
func displayPath(cfg Config, path string) string {
	if home := cfg.home(); home != "" && strings.HasPrefix(path, home+string(os.PathSeparator)) {
		return "~" + path[len(home):]
	}
	return path
}

// chainCredentials uses the SDK's default chain. It reads the CLI profile
// the chain would pick for its region_id, and fails at once when no link
// of the chain can possibly yield credentials.
//
// The chain's first link, an AccessKey in the environment, is resolved
// here, through Config.Getenv, to the credentials the SDK's link would
// yield: the SDK reads the process's environment, and a command given an
// environment of its own (as tests give one) must be answered from that.
func chainCredentials(cfg Config) (credentialSet, error) {
	steps, cli := describeChain(cfg)
	if id, secret := cfg.env(envAccessKeyID), cfg.env(envAccessKeySecret); id != "" && secret != "" {
		token := cfg.env(envSecurityToken)
		return credentialSet{provider: newStaticProvider("environment", envWords(token), id, secret, token),
			profileRegion: cli.region}, nil
	}
	var tried []string
	possible := false
	for _, s := range steps {
		tried = append(tried, s.what)
		possible = possible || s.possible
	}
	failure := "no Alibaba Cloud credentials found: tried " + strings.Join(tried, ", ") + "; run 'aliyun configure' or use --demo"
	if !possible {
		return credentialSet{}, noCredentials("%s", failure)
	}
	return credentialSet{
		provider: &lockedProvider{inner: credentials.NewDefaultCredentialsProvider(), source: "default chain",
			label: "default credential chain", cliWords: cli.words, failure: failure, chain: true},
		profileRegion: cli.region,
	}, nil
}

// chainStep is one link of the SDK's default chain, in words, and whether it
// might yield credentials.
type chainStep struct {
	what     string
	possible bool
}

// chainProfile is the aliyun CLI profile the default chain would use.
type chainProfile struct {
	region string // its region_id
	words  string // its name and mode, for the screen; "" when unusable
}

// describeChain mirrors the order of the SDK's NewDefaultCredentialsProvider
// (environment, OIDC, CLI profile, credentials file, ECS RAM role,
// credentials URI) to say what was tried; it does not resolve anything.
func describeChain(cfg Config) (steps []chainStep, cli chainProfile) {
	id, secret := cfg.env(envAccessKeyID), cfg.env(envAccessKeySecret)
	env := chainStep{what: "$" + envAccessKeyID + "/SECRET", possible: id != "" && secret != ""}
	if id != "" && secret == "" {
		env.what = "$" + envAccessKeyID + " (but $" + envAccessKeySecret + " is not set)"
	}
	steps = append(steps, env)
	if cfg.env(envRoleARN) != "" && cfg.env(envOIDCProviderARN) != "" && cfg.env(envOIDCTokenFile) != "" {
		steps = append(steps, chainStep{what: "OIDC role $" + envRoleARN, possible: true})
	}
	cliStep, cli := describeCLIStep(cfg)
	steps = append(steps, cliStep)
	ini := cfg.iniCredentialsFile()
	_, err := os.Stat(ini)
	iniStep := chainStep{what: displayPath(cfg, ini), possible: err == nil}
	if err != nil {
		iniStep.what += " (not found)"
	}
	steps = append(steps, iniStep)
	ecs := chainStep{what: "ECS RAM role", possible: !cfg.envTrue(envECSDisabled)}
	if !ecs.possible {
		ecs.what += " (disabled)"
	}
	steps = append(steps, ecs)
	if cfg.env(envCredentialsURI) != "" {
		steps = append(steps, chainStep{what: "$" + envCredentialsURI, possible: true})
	}
	return steps, cli
}

// describeCLIStep looks at the CLI profile the chain would use:
// $ALIBABA_CLOUD_PROFILE, else the file's current profile.
func describeCLIStep(cfg Config) (chainStep, chainProfile) {
	if cfg.envTrue(envCLIDisabled) {
		return chainStep{what: "aliyun CLI profile (disabled)"}, chainProfile{}
	}
	path := displayPath(cfg, cfg.cliConfigFile())
	conf, err := readCLIConfig(cfg.cliConfigFile())
	if err != nil {
		return chainStep{what: path + " (" + cliReadProblem(err) + ")"}, chainProfile{}
	}
	name := firstNonEmpty(cfg.env(envProfile), conf.Current)
	step := chainStep{what: fmt.Sprintf("aliyun CLI profile %q in %s", name, path)}
	p, ok := conf.profile(name)
	switch {
	case !ok:
		step.what += " (no such profile)"
	case p.Mode == "":
		step.what += " (mode not set)"
	default:
		step.possible = true
	}
	cli := chainProfile{region: p.RegionID}
	if step.possible {
		cli.words = profileWords(name, p.Mode)
	}
	return step, cli
}

func cliReadProblem(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "not found"
	}
	return describeReadError(err)
}

// lockedProvider is the one credentials provider all pooled SDK clients
// share. The SDK's providers are not safe for concurrent use (the default
// chain remembers the last provider it used), so calls to inner are
// serialised; it also remembers the last credentials for Identity and for
// scrubbing them out of error messages.
//
// Why two fields and not one mutex: inner can be slow (the ECS metadata
// server, an STS call) and cannot be cancelled. The lock that serialises
// it must never be taken by a reader of the last credentials, or a caller
// whose context is already cancelled would wait out the slow call.
type lockedProvider struct {
	inner   credentials.CredentialsProvider
	source  string // how the credentials are found, for Identity
	label   string // the same in words for an operator (see words)
	failure string // what to say when inner finds nothing ("" = static)
	chain   bool   // inner is the SDK's default chain
	// cliWords names the aliyun CLI profile the chain would use, should
	// it be the link that yields the credentials.
	cliWords string

	innerMu sync.Mutex // held only around calls to inner
	last    atomic.Pointer[credentials.Credentials]

	rmu       sync.Mutex
	resolving *resolution // the resolution under way, if any
}

// resolution is one run of the inner provider on behalf of every call
// waiting for credentials; err is set before done is closed.
type resolution struct {
	done chan struct{}
	err  error
}

// GetCredentials implements credentials.CredentialsProvider.
func (p *lockedProvider) GetCredentials() (*credentials.Credentials, error) {
	p.innerMu.Lock()
	defer p.innerMu.Unlock()
	cc, err := p.inner.GetCredentials()
	if err == nil {
		p.last.Store(cc)
	}
	return cc, err
}

// GetProviderName implements credentials.CredentialsProvider.
func (p *lockedProvider) GetProviderName() string { return p.inner.GetProviderName() }

// current returns the last credentials resolved, nil before the first; it
// never waits.
func (p *lockedProvider) current() *credentials.Credentials { return p.last.Load() }

// ensure resolves the credentials once before the first call, so that a
// missing credential becomes a clear error rather than an SDK message, and
// so that a slow resolution (ECS metadata) can be abandoned with ctx.
func (p *lockedProvider) ensure(ctx context.Context, op string) error {
	if p.current() != nil {
		return nil
	}
	res := p.resolve()
	select {
	case <-res.done:
		if res.err != nil {
			return p.failed(op, res.err)
		}
		return nil
	case <-ctx.Done():
		return classifier{op: op}.contextError(ctx.Err(), false)
	}
}

// resolve returns the resolution under way, starting one if there is none.
// The SDK's providers cannot be cancelled, so a caller that gives up leaves
// the resolution running; sharing it means that callers giving up one after
// another never pile up resolver goroutines.
func (p *lockedProvider) resolve() *resolution {
	p.rmu.Lock()
	defer p.rmu.Unlock()
	if p.resolving != nil {
		return p.resolving
	}
	res := &resolution{done: make(chan struct{})}
	p.resolving = res
	go func() {
		_, res.err = p.GetCredentials()
		p.rmu.Lock()
		p.resolving = nil
		p.rmu.Unlock()
		close(res.done)
	}()
	return res
}

// failed words a resolution failure. The default chain's own text can
// include the CLI config file's content, so it is replaced by the list of
// what was tried; a single profile's failure is shown scrubbed.
func (p *lockedProvider) failed(op string, err error) *Error {
	e := &Error{Op: op, Code: CodeNoCredentials, Message: p.failure}
	if !p.chain {
		e.Message += ": " + classifier{}.clean(strings.SplitN(err.Error(), "\n", 2)[0])
	}
	return e
}

// describe returns how the credentials were found and the AccessKey ID in
// use ("" until known).
func (p *lockedProvider) describe() (source, accessKeyID string) {
	cc := p.current()
	if cc == nil {
		return p.source, ""
	}
	if p.chain {
		return chainSourceName(cc.ProviderName), cc.AccessKeyId
	}
	return p.source, cc.AccessKeyId
}

// words says where the credentials came from, in words for an operator:
// for the default chain, the link that yielded them once they are
// resolved.
func (p *lockedProvider) words() string {
	cc := p.current()
	if !p.chain || cc == nil {
		return p.label
	}
	switch chainSourceName(cc.ProviderName) {
	case "environment":
		return envWords(cc.SecurityToken)
	case "aliyun CLI profile":
		if p.cliWords != "" {
			return p.cliWords
		}
		return "aliyun CLI profile"
	case "default chain":
		return p.label
	}
	return chainSourceName(cc.ProviderName)
}

// chainSourceName turns the SDK's provider path ("default/env",
// "default/cli_profile/static_ak", ...) into words.
func chainSourceName(providerName string) string {
	parts := strings.Split(providerName, "/")
	if len(parts) < 2 {
		return "default chain"
	}
	switch parts[1] {
	case "env":
		return "environment"
	case "cli_profile":
		return "aliyun CLI profile"
	case "profile":
		return "credentials file"
	case "ecs_ram_role":
		return "ECS RAM role"
	case "oidc_role_arn":
		return "OIDC role"
	case "credential_uri":
		return "credentials URI"
	}
	return "default chain"
}

// secrets lists the credential values known so far, for scrubbing.
func (p *lockedProvider) secrets() []string {
	cc := p.current()
	if cc == nil {
		return nil
	}
	var out []string
	for _, s := range []string{cc.AccessKeyId, cc.AccessKeySecret, cc.SecurityToken} {
		// Very short values would mangle ordinary words if replaced.
		if len(s) >= 4 {
			out = append(out, s)
		}
	}
	return out
}

// maskAccessKeyID shows the first and last four characters of an AccessKey
// ID ("LTAI****Ab12"), or "****" when it is too short to hide anything.
func maskAccessKeyID(id string) string {
	if id == "" {
		return ""
	}
	if len(id) < 12 {
		return "****"
	}
	return id[:4] + "****" + id[len(id)-4:]
}
