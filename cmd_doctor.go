package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/tui"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// newDoctorCommand is 'cenroute doctor': it checks, in order, what a jump
// host needs to use cenroute (where the credentials come from, the
// endpoints, the clock, whether the credentials are accepted, each read
// cenroute makes) and says what to fix. With --policy it prints the RAM
// policy cenroute needs instead.
func (a *app) newDoctorCommand() *cobra.Command {
	var policy bool
	var output string
	cmd := &cobra.Command{
		Use:   "doctor [--policy] [--output table|json]",
		Short: "check the credentials, endpoints, clock and permissions cenroute needs, and say what to fix",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutput(output); err != nil {
				return exit(a.usageError(cmd, err.Error()))
			}
			if policy {
				fmt.Fprintf(a.stdout, "%s\n", cenapi.Policy())
				return nil
			}
			return exit(a.runDoctor(cmd.Context(), output))
		},
	}
	cmd.Flags().BoolVar(&policy, "policy", false, "print the least-privilege RAM policy for the calls cenroute makes, and check nothing")
	cmd.Flags().StringVar(&output, "output", "table", "table (a line per check, with the fix) or json")
	return cmd
}

// Statuses of a check.
const (
	checkPass = "pass"
	checkFail = "fail"
	checkSkip = "skip" // an earlier failure makes it meaningless
)

// check is one check of the doctor: what it found and, when it failed,
// what to do. The JSON keys are the same whatever the language of the
// text.
type check struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Found  string `json:"found"`
	Fix    string `json:"fix,omitempty"`
}

// doctorReport is the doctor's JSON output.
type doctorReport struct {
	OK     bool    `json:"ok"`
	Checks []check `json:"checks"`
	// NotTried are the RAM actions of the writes, which the doctor never
	// makes: it changes nothing.
	NotTried []string `json:"not_tried"`
}

// maxClockSkew is how far this machine's clock may be from the API's
// before the doctor fails it: the gateway refuses requests beyond 15
// minutes (docs/cen-api.md#clock-skew), and a clock drifting past 5 is on
// its way there.
const maxClockSkew = 5 * time.Minute

// gatewayClockWindow is how far off the API's clock a request may be.
const gatewayClockWindow = 15 * time.Minute

// runDoctor runs the checks and prints them; 0 only when all pass.
func (a *app) runDoctor(ctx context.Context, output string) int {
	cfg, stop, err := a.config()
	if err != nil {
		return a.failed(err)
	}
	defer stop()
	rep, err := diagnose(ctx, cfg)
	if err != nil {
		return a.failed(err)
	}
	if output == "json" {
		if err := writeJSON(a.stdout, rep); err != nil {
			return a.failed(err)
		}
	} else {
		a.printChecks(rep)
	}
	if !rep.OK {
		return exitcode.Failed
	}
	return exitcode.OK
}

// printChecks writes a line per check, marked ✓, ✗ or - (ASCII words when
// the terminal cannot show those), a line with the fix under each failure,
// and a last line that sums up.
func (a *app) printChecks(rep doctorReport) {
	marks := map[string]string{checkPass: "✓", checkFail: "✗", checkSkip: "-"}
	if a.ascii || !tui.UTF8Locale(a.getenv) {
		marks = map[string]string{checkPass: "[ok]", checkFail: "[FAIL]", checkSkip: "[skip]"}
	}
	counts := map[string]int{}
	for _, c := range rep.Checks {
		fmt.Fprintf(a.stdout, "%s %s\n", marks[c.Status], shownMessage(c.Found))
		if c.Fix != "" {
			fmt.Fprintf(a.stdout, "  fix: %s\n", shownMessage(c.Fix))
		}
		counts[c.Status]++
	}
	fmt.Fprintf(a.stdout, "not tried: the writes (%s), which would change something; --policy allows them too\n",
		strings.Join(rep.NotTried, ", "))
	switch {
	case rep.OK:
		fmt.Fprintf(a.stdout, "all %d checks passed\n", len(rep.Checks))
	case counts[checkSkip] > 0:
		fmt.Fprintf(a.stdout, "%s, %s skipped\n", count(counts[checkFail], "check failed", "checks failed"), count(counts[checkSkip], "was", "were"))
	default:
		fmt.Fprintf(a.stdout, "%s\n", count(counts[checkFail], "check failed", "checks failed"))
	}
}

// diagnose runs the checks in order, each on what the ones before found:
// without credentials nothing can be signed, without an endpoint that
// answers nothing can be asked, with a clock off by more than the API
// allows every signed request is refused, and with credentials refused no
// read can be judged. Its error is bad usage: flags that make no client.
func diagnose(ctx context.Context, cfg cenapi.Config) (doctorReport, error) {
	var rep doctorReport
	for _, op := range cenapi.Operations() {
		if op.Write {
			rep.NotTried = append(rep.NotTried, op.Permission)
		}
	}
	add := func(c check) { rep.Checks = append(rep.Checks, c) }

	client, credsOK, err := credentialsCheck(ctx, cfg, add)
	if err != nil {
		return rep, err
	}
	probes, err := cenapi.ProbeEndpoints(ctx, cfg)
	if err != nil {
		return rep, err
	}
	reachable := true
	for _, p := range probes {
		add(endpointCheck(p))
		reachable = reachable && p.Err == nil
	}
	clock, clockOK := clockCheck(probes, reachable)
	add(clock)

	switch {
	case !credsOK:
		skipRest(add, "no credentials to sign with")
	case !reachable:
		skipRest(add, "the endpoint did not answer")
	case !clockOK:
		skipRest(add, "the clock is too far off for any signed request")
	default:
		reader := client.WithRetry(engine.New(client, engine.Options{}))
		if authenticationCheck(ctx, reader, add) {
			for _, p := range reader.ProbeReads(ctx) {
				add(readCheck(p))
			}
		} else {
			add(check{ID: "permissions", Status: checkSkip, Found: "permissions: skipped, the credentials were refused"})
		}
	}
	rep.OK = true
	for _, c := range rep.Checks {
		rep.OK = rep.OK && c.Status == checkPass
	}
	return rep, nil
}

// skipRest adds the checks that need signed calls as skipped, and why.
func skipRest(add func(check), why string) {
	add(check{ID: "authentication", Status: checkSkip, Found: "credentials accepted by the API: skipped, " + why})
	add(check{ID: "permissions", Status: checkSkip, Found: "permissions: skipped, " + why})
}

// credentialsCheck finds the credentials: their source and AccessKey,
// never the secret. A bad configuration is returned as an error.
func credentialsCheck(ctx context.Context, cfg cenapi.Config, add func(check)) (*cenapi.Client, bool, error) {
	client, err := cenapi.New(cfg)
	if err == nil {
		err = client.ResolveCredentials(ctx)
	}
	e, isAPI := cenapi.AsError(err)
	switch {
	case err == nil:
		id := client.Identity()
		found := "credentials: from " + id.Source
		if id.AccessKeyID != "" {
			found += ", AccessKey " + id.AccessKeyID
		}
		add(check{ID: "credentials", Status: checkPass, Found: found})
		return client, true, nil
	case isAPI && e.AccessProblem() == cenapi.AccessMissing:
		add(check{ID: "credentials", Status: checkFail, Found: "credentials: " + e.Message, Fix: e.Remedy()})
		return nil, false, nil
	}
	return nil, false, err
}

// endpointCheck says whether an endpoint resolved and answered, and how.
func endpointCheck(p cenapi.EndpointProbe) check {
	c := check{ID: "endpoint." + strings.ToLower(strings.ReplaceAll(p.API, " and ", "+")),
		Found: fmt.Sprintf("%s API endpoint %s", p.API, strings.TrimSuffix(p.URL, "/"))}
	if p.Err != nil {
		c.Status, c.Found, c.Fix = checkFail, c.Found+": "+p.Err.Message, endpointFix(p.Err)
		return c
	}
	c.Status = checkPass
	switch {
	case p.TLS:
		c.Found += " answers over TLS"
	default:
		c.Found += " answers over plain HTTP (a loopback emulator)"
	}
	if p.Proxy != "" {
		c.Found += ", through the proxy " + p.Proxy
	}
	return c
}

// endpointFix says what to do about an endpoint that did not answer.
func endpointFix(err *cenapi.Error) string {
	switch {
	case strings.HasPrefix(err.Message, "cannot resolve"):
		return "check the host name and this machine's DNS; to reach Alibaba Cloud through a proxy set HTTPS_PROXY, or name a reachable endpoint with --endpoint / --vpc-endpoint"
	case err.Message == "TLS certificate not trusted":
		return "trust the CA that signed the endpoint's certificate: SSL_CERT_FILE=/path/to/ca.pem (or check that --endpoint names the right host)"
	}
	return "check that the endpoint is up and that this machine may reach it (firewall, HTTPS_PROXY, --endpoint / --vpc-endpoint)"
}

// clockCheck compares this machine's clock with the Date of the first
// endpoint that gave one; ok is false when the API would refuse every
// signed request.
func clockCheck(probes []cenapi.EndpointProbe, reachable bool) (c check, ok bool) {
	c = check{ID: "clock"}
	var p *cenapi.EndpointProbe
	for i := range probes {
		if probes[i].Err == nil && !probes[i].Date.IsZero() {
			p = &probes[i]
			break
		}
	}
	switch {
	case p == nil && !reachable:
		c.Status, c.Found = checkSkip, "clock: skipped, no endpoint answered with its time"
		return c, true
	case p == nil:
		c.Status, c.Found = checkFail, "clock: the endpoint's replies carry no Date to compare with"
		c.Fix = "check that --endpoint names the CEN API, not a host in front of it that drops headers"
		return c, true
	}
	skew := p.Skew
	ahead := "ahead of"
	if skew > 0 {
		ahead = "behind"
	}
	mag := skew.Abs()
	if mag <= maxClockSkew {
		c.Status, c.Found = checkPass, fmt.Sprintf("clock: within %s of the API's", mag)
		return c, true
	}
	c.Status = checkFail
	c.Found = fmt.Sprintf("clock: this machine is %s %s the API's; beyond %s every signed request is refused (InvalidTimeStamp.Expired)",
		mag, ahead, gatewayClockWindow)
	c.Fix = (&cenapi.Error{Code: "InvalidTimeStamp.Expired"}).Remedy()
	return c, mag <= gatewayClockWindow
}

// authenticationCheck makes one cheap signed call: the credentials are
// accepted when it succeeds, or when RAM refuses the call itself (that
// refusal is a permission, checked next).
func authenticationCheck(ctx context.Context, reader *cenapi.Client, add func(check)) bool {
	err := reader.CheckCredentials(ctx)
	e, _ := cenapi.AsError(err)
	switch {
	case err == nil:
		add(check{ID: "authentication", Status: checkPass, Found: "credentials accepted by the API"})
		return true
	case e != nil && e.AccessProblem() == cenapi.AccessDenied:
		add(check{ID: "authentication", Status: checkPass, Found: "credentials accepted by the API (which denies them DescribeCens: see below)"})
		return true
	case e != nil && e.Remedy() != "":
		add(check{ID: "authentication", Status: checkFail, Found: "credentials refused: " + e.Error(), Fix: e.Remedy()})
	default:
		add(check{ID: "authentication", Status: checkFail, Found: "credentials could not be checked: " + errorText(err),
			Fix: "run the doctor again; if it keeps failing, the line above says what the API answered"})
	}
	return false
}

// readCheck says whether RAM allows one read.
func readCheck(p cenapi.ReadProbe) check {
	c := check{ID: "permission." + p.Operation.Permission, Found: p.Operation.Permission + " allowed"}
	if p.Allowed {
		c.Status = checkPass
		return c
	}
	c.Status = checkFail
	if e, ok := cenapi.AsError(p.Err); ok && e.AccessProblem() == cenapi.AccessDenied {
		c.Found = fmt.Sprintf("%s denied (%s)", p.Operation.Permission, e.Code)
		c.Fix = e.Remedy() + "; 'cenroute doctor --policy' prints a policy that allows every call cenroute makes"
		return c
	}
	c.Found = p.Operation.Permission + " could not be checked: " + errorText(p.Err)
	c.Fix = "run the doctor again; if it keeps failing, the line above says what the API answered"
	return c
}

// errorText is an error's one line.
func errorText(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
