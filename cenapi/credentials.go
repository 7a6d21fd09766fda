package cenapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// The kinds of the messages of CodeNoCredentials errors, and of the links
// of the default chain they name (see package fact). Profile is a
// profile's name quoted, Name the same as typed.
const (
	KindStaticIncomplete  fact.Kind = "errors.creds.static_incomplete"
	KindProfileNoFile     fact.Kind = "errors.creds.profile_no_file"    // Profile, Path, Name
	KindProfileUnreadable fact.Kind = "errors.creds.profile_unreadable" // Profile, Path, Why
	KindProfileNotFound   fact.Kind = "errors.creds.profile_not_found"  // Profile, Path, Name
	KindProfileNoKey      fact.Kind = "errors.creds.profile_no_key"     // Profile, Mode, Path
	KindProfileGaveNone   fact.Kind = "errors.creds.profile_gave_none"  // Profile, Mode
	KindProfileNoMode     fact.Kind = "errors.creds.profile_no_mode"    // Profile, Path, Name
	KindProfileBadMode    fact.Kind = "errors.creds.profile_bad_mode"   // Profile, Mode
	KindNoneFound         fact.Kind = "errors.creds.none_found"         // Tried: the links of the chain
	KindResolveFailed     fact.Kind = "errors.creds.resolve_failed"     // Failure, Why (the SDK's words)
	KindInvalidJSON       fact.Kind = "errors.creds.invalid_json"
	KindFileNotFound      fact.Kind = "errors.creds.not_found"
	KindStepEnvNoSecret   fact.Kind = "errors.creds.step.env_no_secret" // ID, Secret: variable names
	KindStepOIDC          fact.Kind = "errors.creds.step.oidc"          // Var
	KindStepCLIDisabled   fact.Kind = "errors.creds.step.cli_disabled"
	KindStepUnreadable    fact.Kind = "errors.creds.step.unreadable" // Path, Why
	KindStepCLI           fact.Kind = "errors.creds.step.cli"        // Profile, Path
	KindStepCLINoProfile  fact.Kind = "errors.creds.step.cli_no_profile"
	KindStepCLINoMode     fact.Kind = "errors.creds.step.cli_no_mode"
	KindStepFileMissing   fact.Kind = "errors.creds.step.file_missing" // Path
	KindStepECS           fact.Kind = "errors.creds.step.ecs"
	KindStepECSDisabled   fact.Kind = "errors.creds.step.ecs_disabled"
)

// The kinds of where credentials came from (Identity.CredentialsSaid), as
// the header and the doctor name them. Name and Mode are an aliyun CLI
// profile's.
const (
	KindOriginStatic          fact.Kind = "errors.creds.origin.static"
	KindOriginDemo            fact.Kind = "errors.creds.origin.demo"
	KindOriginEnv             fact.Kind = "errors.creds.origin.env"
	KindOriginEnvSTS          fact.Kind = "errors.creds.origin.env_sts"
	KindOriginProfile         fact.Kind = "errors.creds.origin.profile" // Name, Mode
	KindOriginCLIProfile      fact.Kind = "errors.creds.origin.cli_profile"
	KindOriginCredentialsFile fact.Kind = "errors.creds.origin.credentials_file"
	KindOriginECSRole         fact.Kind = "errors.creds.origin.ecs_role"
	KindOriginOIDCRole        fact.Kind = "errors.creds.origin.oidc_role"
	KindOriginCredentialsURI  fact.Kind = "errors.creds.origin.credentials_uri"
	KindOriginDefaultChain    fact.Kind = "errors.creds.origin.default_chain"
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

var errCLIConfigInvalid = fact.Errorf(KindInvalidJSON, "not valid JSON", nil)

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

// noCredentials is the CodeNoCredentials error of kind k: english is
// format with values, args the values by name.
func noCredentials(k fact.Kind, args fact.Args, format string, values ...any) *Error {
	return (&Error{Code: CodeNoCredentials}).own(fact.New(k, fmt.Sprintf(format, values...), args))
}

func staticCredentials(cfg Config) (credentialSet, error) {
	if cfg.AccessKeyID == "" || cfg.AccessKeySecret == "" {
		return credentialSet{}, noCredentials(KindStaticIncomplete, nil, "static credentials need both an AccessKey ID and an AccessKey secret")
	}
	origin := fact.New(KindOriginStatic, "static AccessKey", nil)
	if cfg.DemoCredentials {
		origin = fact.New(KindOriginDemo, "demo credentials", nil)
	}
	return credentialSet{provider: newStaticProvider(origin, cfg.AccessKeyID, cfg.AccessKeySecret, cfg.SecurityToken)}, nil
}

// newStaticProvider provides fixed credentials,
// named on screen by origin.
func newStaticProvider(origin fact.Fact, id, secret, token string) *lockedProvider {
	var inner credentials.CredentialsProvider = credentials.NewStaticAKCredentialsProvider(id, secret)
	if token != "" {
		inner = credentials.NewStaticSTSCredentialsProvider(id, secret, token)
	}
	p := &lockedProvider{inner: inner, origin: origin}
	p.last.Store(&credentials.Credentials{AccessKeyId: id, AccessKeySecret: secret, SecurityToken: token})
	return p
}

func profileCredentials(cfg Config) (credentialSet, error) {
	name, path := cfg.Profile, displayPath(cfg, cfg.cliConfigFile())
	quoted := strconv.Quote(name)
	conf, err := readCLIConfig(cfg.cliConfigFile())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return credentialSet{}, noCredentials(KindProfileNoFile, fact.Args{"Profile": quoted, "Path": path, "Name": name},
			"aliyun CLI profile %s: %s does not exist; run 'aliyun configure --profile %s' or use --demo", quoted, path, name)
	case err != nil:
		why := describeReadError(err)
		return credentialSet{}, noCredentials(KindProfileUnreadable, fact.Args{"Profile": quoted, "Path": path, "Why": why},
			"aliyun CLI profile %s: cannot read %s: %s", quoted, path, why)
	}
	p, ok := conf.profile(name)
	if !ok {
		return credentialSet{}, noCredentials(KindProfileNotFound, fact.Args{"Profile": quoted, "Path": path, "Name": name},
			"aliyun CLI profile %s not found in %s; run 'aliyun configure --profile %s'", quoted, path, name)
	}
	origin := profileOrigin(name, p.Mode)
	set := credentialSet{profileRegion: p.RegionID, fromProfile: true}
	switch {
	case p.Mode == "AK" || p.Mode == "StsToken":
		if p.AccessKeyID == "" || p.AccessKeySecret == "" {
			return credentialSet{}, noCredentials(KindProfileNoKey, fact.Args{"Profile": quoted, "Mode": p.Mode, "Path": path},
				"aliyun CLI profile %s (mode %s) in %s has no AccessKey ID or secret", quoted, p.Mode, path)
		}
		token := ""
		if p.Mode == "StsToken" {
			token = p.StsToken
		}
		set.provider = newStaticProvider(origin, p.AccessKeyID, p.AccessKeySecret, token)
	case sdkProfileModes[p.Mode]:
		inner := credentials.NewCLIProfileCredentialsProviderBuilder().WithProfileName(name).Build()
		set.provider = &lockedProvider{inner: inner, origin: origin,
			failure: fact.New(KindProfileGaveNone, fmt.Sprintf("aliyun CLI profile %s (mode %s) gave no credentials", quoted, p.Mode),
				fact.Args{"Profile": quoted, "Mode": p.Mode})}
	case p.Mode == "":
		return credentialSet{}, noCredentials(KindProfileNoMode, fact.Args{"Profile": quoted, "Path": path, "Name": name},
			"aliyun CLI profile %s in %s has no credentials (its mode is empty); run 'aliyun configure --profile %s'", quoted, path, name)
	default:
		return credentialSet{}, noCredentials(KindProfileBadMode, fact.Args{"Profile": quoted, "Mode": p.Mode},
			"aliyun CLI profile %s uses mode %s, which cenroute does not support (AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn)", quoted, p.Mode)
	}
	return set, nil
}

// profileOrigin names an aliyun CLI profile and its mode as the origin of
// credentials: "profile prod (StsToken)".
func profileOrigin(name, mode string) fact.Fact {
	return fact.New(KindOriginProfile, "profile "+name+" ("+mode+")", fact.Args{"Name": name, "Mode": mode})
}

// envOrigin names credentials taken from the environment.
func envOrigin(token string) fact.Fact {
	if token != "" {
		return fact.New(KindOriginEnvSTS, "STS token from environment", nil)
	}
	return fact.New(KindOriginEnv, "AccessKey from environment", nil)
}

// describeReadError says why a file could not be read, without its name:
// the error itself (a fact, or the system's words).
func describeReadError(err error) error {
	var pe *fs.PathError
	if !errors.Is(err, errCLIConfigInvalid) && errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
		return credentialSet{provider: newStaticProvider(envOrigin(token), id, secret, token),
			profileRegion: cli.region}, nil
	}
	var tried fact.List
	possible := false
	for _, s := range steps {
		tried = append(tried, s.what)
		possible = possible || s.possible
	}
	failure := fact.New(KindNoneFound, "no Alibaba Cloud credentials found: tried "+tried.String()+"; run 'aliyun configure' or use --demo",
		fact.Args{"Tried": tried})
	if !possible {
		return credentialSet{}, (&Error{Code: CodeNoCredentials}).own(failure)
	}
	return credentialSet{
		provider: &lockedProvider{inner: credentials.NewDefaultCredentialsProvider(),
			origin: defaultChainOrigin, cliOrigin: cli.origin, failure: failure, chain: true},
		profileRegion: cli.region,
	}, nil
}

// chainStep is one link of the SDK's default chain, in words, and whether it
// might yield credentials.
type chainStep struct {
	what     fact.Fact
	possible bool
}

// chainProfile is the aliyun CLI profile the default chain would use.
type chainProfile struct {
	region string    // its region_id
	origin fact.Fact // its name and mode; zero when unusable
}

// defaultChainOrigin names the SDK's default chain before it has
// resolved credentials.
var defaultChainOrigin = fact.New(KindOriginDefaultChain, "default credential chain", nil)

// describeChain mirrors the order of the SDK's NewDefaultCredentialsProvider
// (environment, OIDC, CLI profile, credentials file, ECS RAM role,
// credentials URI) to say what was tried; it does not resolve anything.
func describeChain(cfg Config) (steps []chainStep, cli chainProfile) {
	id, secret := cfg.env(envAccessKeyID), cfg.env(envAccessKeySecret)
	env := chainStep{what: fact.Verbatim("$" + envAccessKeyID + "/SECRET"), possible: id != "" && secret != ""}
	if id != "" && secret == "" {
		env.what = fact.New(KindStepEnvNoSecret, "$"+envAccessKeyID+" (but $"+envAccessKeySecret+" is not set)",
			fact.Args{"ID": envAccessKeyID, "Secret": envAccessKeySecret})
	}
	steps = append(steps, env)
	if cfg.env(envRoleARN) != "" && cfg.env(envOIDCProviderARN) != "" && cfg.env(envOIDCTokenFile) != "" {
		steps = append(steps, chainStep{what: fact.New(KindStepOIDC, "OIDC role $"+envRoleARN, fact.Args{"Var": envRoleARN}), possible: true})
	}
	cliStep, cli := describeCLIStep(cfg)
	steps = append(steps, cliStep)
	ini := displayPath(cfg, cfg.iniCredentialsFile())
	_, err := os.Stat(cfg.iniCredentialsFile())
	iniStep := chainStep{what: fact.Verbatim(ini), possible: err == nil}
	if err != nil {
		iniStep.what = fact.New(KindStepFileMissing, ini+" (not found)", fact.Args{"Path": ini})
	}
	steps = append(steps, iniStep)
	ecs := chainStep{what: fact.New(KindStepECS, "ECS RAM role", nil), possible: !cfg.envTrue(envECSDisabled)}
	if !ecs.possible {
		ecs.what = fact.New(KindStepECSDisabled, "ECS RAM role (disabled)", nil)
	}
	steps = append(steps, ecs)
	if cfg.env(envCredentialsURI) != "" {
		steps = append(steps, chainStep{what: fact.Verbatim("$" + envCredentialsURI), possible: true})
	}
	return steps, cli
}

// describeCLIStep looks at the CLI profile the chain would use:
// $ALIBABA_CLOUD_PROFILE, else the file's current profile.
func describeCLIStep(cfg Config) (chainStep, chainProfile) {
	if cfg.envTrue(envCLIDisabled) {
		return chainStep{what: fact.New(KindStepCLIDisabled, "aliyun CLI profile (disabled)", nil)}, chainProfile{}
	}
	path := displayPath(cfg, cfg.cliConfigFile())
	conf, err := readCLIConfig(cfg.cliConfigFile())
	if err != nil {
		why := cliReadProblem(err)
		return chainStep{what: fact.New(KindStepUnreadable, path+" ("+why.Error()+")", fact.Args{"Path": path, "Why": why})}, chainProfile{}
	}
	name := firstNonEmpty(cfg.env(envProfile), conf.Current)
	quoted := strconv.Quote(name)
	args := fact.Args{"Profile": quoted, "Path": path}
	english := fmt.Sprintf("aliyun CLI profile %s in %s", quoted, path)
	step := chainStep{what: fact.New(KindStepCLI, english, args)}
	p, ok := conf.profile(name)
	switch {
	case !ok:
		step.what = fact.New(KindStepCLINoProfile, english+" (no such profile)", args)
	case p.Mode == "":
		step.what = fact.New(KindStepCLINoMode, english+" (mode not set)", args)
	default:
		step.possible = true
	}
	cli := chainProfile{region: p.RegionID}
	if step.possible {
		cli.origin = profileOrigin(name, p.Mode)
	}
	return step, cli
}

// cliReadProblem says why the CLI's configuration could not be read.
func cliReadProblem(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fact.Errorf(KindFileNotFound, "not found", nil)
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
	origin  fact.Fact // how the credentials are found, for an operator (see originSaid)
	failure fact.Fact // what to say when inner finds nothing (zero = static)
	chain   bool      // inner is the SDK's default chain
	// cliOrigin names the aliyun CLI profile the chain would use, should
	// it be the link that yields the credentials.
	cliOrigin fact.Fact

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
	e := &Error{Op: op, Code: CodeNoCredentials}
	if p.chain {
		return e.own(p.failure)
	}
	why := classifier{}.clean(strings.SplitN(err.Error(), "\n", 2)[0])
	return e.own(fact.New(KindResolveFailed, p.failure.String()+": "+why, fact.Args{"Failure": p.failure, "Why": why}))
}

// accessKeyID returns the AccessKey ID in use ("" until known).
func (p *lockedProvider) accessKeyID() string {
	if cc := p.current(); cc != nil {
		return cc.AccessKeyId
	}
	return ""
}

// originSaid says where the credentials came from, for an operator: for
// the default chain, the link that yielded them once they are resolved.
func (p *lockedProvider) originSaid() fact.Fact {
	cc := p.current()
	if !p.chain || cc == nil {
		return p.origin
	}
	switch source := chainSourceName(cc.ProviderName); source {
	case "environment":
		return envOrigin(cc.SecurityToken)
	case "aliyun CLI profile":
		if !p.cliOrigin.IsZero() {
			return p.cliOrigin
		}
		return fact.New(KindOriginCLIProfile, source, nil)
	case "credentials file":
		return fact.New(KindOriginCredentialsFile, source, nil)
	case "ECS RAM role":
		return fact.New(KindOriginECSRole, source, nil)
	case "OIDC role":
		return fact.New(KindOriginOIDCRole, source, nil)
	case "credentials URI":
		return fact.New(KindOriginCredentialsURI, source, nil)
	}
	return p.origin
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
