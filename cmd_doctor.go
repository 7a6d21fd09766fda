package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui"
	"github.com/cenroute/cenroute/tui/exitcode"
	"github.com/cenroute/cenroute/views"
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
		Short: a.words.T("doctor.short"),
		Args:  a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.checkOutput(output); err != nil {
				return exit(a.usageError(cmd, err.Error()))
			}
			if policy {
				fmt.Fprintf(a.stdout, "%s\n", cenapi.Policy())
				return nil
			}
			return exit(a.runDoctor(cmd.Context(), output))
		},
	}
	cmd.Flags().BoolVar(&policy, "policy", false, a.words.T("doctor.flag.policy"))
	cmd.Flags().StringVar(&output, "output", "table", a.words.T("doctor.flag.output"))
	return cmd
}

// Statuses of a check.
const (
	checkPass = "pass"
	checkFail = "fail"
	checkSkip = "skip" // an earlier failure makes it meaningless
)

// saying is a text of the doctor, said in a language: the table's in the
// one chosen, the JSON's in English, from the same facts.
type saying func(w *i18n.Localizer) string

// later makes sayings: later{}.T(id, args) is message id with args, said
// when a language is given; an argument that is itself a saying is said
// in the same language.
type later struct{}

// T is the saying of message id with args.
func (later) T(id string, args ...i18n.Args) saying {
	return func(w *i18n.Localizer) string {
		said := i18n.Args{}
		for _, a := range args {
			for k, v := range a {
				if s, ok := v.(saying); ok {
					v = s(w)
				}
				said[k] = v
			}
		}
		return w.T(id, said)
	}
}

// errorSaying says err (see views.ErrorText).
func errorSaying(err error) saying {
	return func(w *i18n.Localizer) string { return views.ErrorText(w, err) }
}

// check is one check of the doctor: what it found and, when it failed,
// what to do.
type check struct {
	id, status string
	found      saying
	fix        saying // nil when there is nothing to do
}

// diagnosis is what the doctor found: every check, and the RAM actions
// of the writes, which it never makes (it changes nothing).
type diagnosis struct {
	ok       bool
	checks   []check
	notTried []string
}

// doctorReport is the doctor's JSON output, its texts in English whatever
// the language: scripts read it.
type doctorReport struct {
	OK       bool        `json:"ok"`
	Checks   []checkJSON `json:"checks"`
	NotTried []string    `json:"not_tried"`
}

// checkJSON is a check in the doctor's JSON output.
type checkJSON struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Found  string `json:"found"`
	Fix    string `json:"fix,omitempty"`
}

// report is the diagnosis as the JSON output shows it.
func (d diagnosis) report() doctorReport {
	english := i18n.New(i18n.English)
	rep := doctorReport{OK: d.ok, NotTried: d.notTried, Checks: make([]checkJSON, len(d.checks))}
	for i, c := range d.checks {
		rep.Checks[i] = checkJSON{ID: c.id, Status: c.status, Found: c.found(english)}
		if c.fix != nil {
			rep.Checks[i].Fix = c.fix(english)
		}
	}
	return rep
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
	d, err := diagnose(ctx, cfg)
	if err != nil {
		return a.failed(err)
	}
	if output == "json" {
		if err := writeJSON(a.stdout, d.report()); err != nil {
			return a.failed(err)
		}
	} else {
		a.printChecks(d)
	}
	if !d.ok {
		return exitcode.Failed
	}
	return exitcode.OK
}

// printChecks writes a line per check, marked ✓, ✗ or - (ASCII words when
// the terminal cannot show those), a line with the fix under each failure,
// and a last line that sums up.
func (a *app) printChecks(d diagnosis) {
	w := a.words
	marks := map[string]string{checkPass: "✓", checkFail: "✗", checkSkip: "-"}
	if a.ascii || !tui.UTF8Locale(a.getenv) {
		marks = map[string]string{checkPass: w.T("doctor.mark.pass"), checkFail: w.T("doctor.mark.fail"), checkSkip: w.T("doctor.mark.skip")}
	}
	counts := map[string]int{}
	for _, c := range d.checks {
		fmt.Fprintf(a.stdout, "%s %s\n", marks[c.status], shownMessage(c.found(w)))
		if c.fix != nil {
			fmt.Fprintf(a.stdout, "  %s\n", w.T("doctor.fix", i18n.Args{"Fix": shownMessage(c.fix(w))}))
		}
		counts[c.status]++
	}
	fmt.Fprintln(a.stdout, w.T("doctor.notTried", i18n.Args{"Actions": a.list(d.notTried)}))
	failed := w.T("doctor.summary.failed", i18n.Args{"Count": counts[checkFail]})
	switch {
	case d.ok:
		fmt.Fprintln(a.stdout, w.T("doctor.summary.passed", i18n.Args{"Count": len(d.checks)}))
	case counts[checkSkip] > 0:
		fmt.Fprintln(a.stdout, w.T("doctor.summary.skipped", i18n.Args{"Failed": failed, "Count": counts[checkSkip]}))
	default:
		fmt.Fprintln(a.stdout, failed)
	}
}

// diagnose runs the checks in order, each on what the ones before found:
// without credentials nothing can be signed, without an endpoint that
// answers nothing can be asked, with a clock off by more than the API
// allows every signed request is refused, and with credentials refused no
// read can be judged. Its error is bad usage: flags that make no client.
func diagnose(ctx context.Context, cfg cenapi.Config) (diagnosis, error) {
	var d diagnosis
	for _, op := range cenapi.Operations() {
		if op.Write {
			d.notTried = append(d.notTried, op.Permission)
		}
	}
	add := func(c check) { d.checks = append(d.checks, c) }

	client, credsOK, err := credentialsCheck(ctx, cfg, add)
	if err != nil {
		return d, err
	}
	probes, err := cenapi.ProbeEndpoints(ctx, cfg)
	if err != nil {
		return d, err
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
		skipRest(add, later{}.T("doctor.skipped.noCredentials"))
	case !reachable:
		skipRest(add, later{}.T("doctor.skipped.unreachable"))
	case !clockOK:
		skipRest(add, later{}.T("doctor.skipped.clock"))
	default:
		reader := client.WithRetry(engine.New(client, engine.Options{}))
		if authenticationCheck(ctx, reader, add) {
			for _, p := range reader.ProbeReads(ctx) {
				add(readCheck(p))
			}
		} else {
			add(check{id: "permissions", status: checkSkip,
				found: later{}.T("doctor.permissions.skipped", i18n.Args{"Why": later{}.T("doctor.skipped.refused")})})
		}
	}
	d.ok = true
	for _, c := range d.checks {
		d.ok = d.ok && c.status == checkPass
	}
	return d, nil
}

// skipRest adds the checks that need signed calls as skipped, and why.
func skipRest(add func(check), why saying) {
	add(check{id: "authentication", status: checkSkip, found: later{}.T("doctor.authentication.skipped", i18n.Args{"Why": why})})
	add(check{id: "permissions", status: checkSkip, found: later{}.T("doctor.permissions.skipped", i18n.Args{"Why": why})})
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
		args := i18n.Args{"Credentials": saying(func(w *i18n.Localizer) string { return views.CredentialsText(w, id) }),
			"AccessKey": id.AccessKeyID}
		found := later{}.T("doctor.credentials.fromKey", args)
		if id.AccessKeyID == "" {
			found = later{}.T("doctor.credentials.from", args)
		}
		add(check{id: "credentials", status: checkPass, found: found})
		return client, true, nil
	case isAPI && e.AccessProblem() == cenapi.AccessMissing:
		add(check{id: "credentials", status: checkFail, found: later{}.T("doctor.credentials.missing", i18n.Args{"Problem": errorSaying(e)}),
			fix: remedy(e)})
		return nil, false, nil
	}
	return nil, false, err
}

// remedy says what the operator must do about an access problem (see
// views.Remedy); nil for none.
func remedy(e *cenapi.Error) saying {
	if e.RemedySaid().IsZero() {
		return nil
	}
	return func(w *i18n.Localizer) string { return views.Remedy(w, e) }
}

// endpointCheck says whether an endpoint resolved and answered, and how.
func endpointCheck(p cenapi.EndpointProbe) check {
	c := check{id: "endpoint." + strings.ToLower(strings.ReplaceAll(p.API, " and ", "+"))}
	args := i18n.Args{"API": p.API, "URL": strings.TrimSuffix(p.URL, "/"), "Proxy": p.Proxy}
	if p.API == "CEN and VPC" {
		args["API"] = later{}.T("doctor.endpoint.both")
	}
	if p.Err != nil {
		args["Problem"] = errorSaying(p.Err)
		c.status, c.found, c.fix = checkFail, later{}.T("doctor.endpoint.failed", args), endpointFix(p.Err)
		return c
	}
	c.status = checkPass
	switch {
	case p.TLS && p.Proxy != "":
		c.found = later{}.T("doctor.endpoint.tlsProxy", args)
	case p.TLS:
		c.found = later{}.T("doctor.endpoint.tls", args)
	case p.Proxy != "":
		c.found = later{}.T("doctor.endpoint.plainProxy", args)
	default:
		c.found = later{}.T("doctor.endpoint.plain", args)
	}
	return c
}

// endpointFix says what to do about an endpoint that did not answer. The
// client's messages (cenapi's transport errors) are the same in every
// language.
func endpointFix(err *cenapi.Error) saying {
	switch {
	case strings.HasPrefix(err.Message, "cannot resolve"):
		return later{}.T("doctor.fix.resolve")
	case strings.HasSuffix(err.Message, "TLS certificate not trusted"):
		return later{}.T("doctor.fix.certificate")
	}
	return later{}.T("doctor.fix.unreachable")
}

// clockCheck compares this machine's clock with the Date of the first
// endpoint that gave one; ok is false when the API would refuse every
// signed request.
func clockCheck(probes []cenapi.EndpointProbe, reachable bool) (c check, ok bool) {
	c = check{id: "clock"}
	var p *cenapi.EndpointProbe
	for i := range probes {
		if probes[i].Err == nil && !probes[i].Date.IsZero() {
			p = &probes[i]
			break
		}
	}
	switch {
	case p == nil && !reachable:
		c.status, c.found = checkSkip, later{}.T("doctor.clock.skipped")
		return c, true
	case p == nil:
		c.status, c.found, c.fix = checkFail, later{}.T("doctor.clock.noDate"), later{}.T("doctor.fix.noDate")
		return c, true
	}
	mag := p.Skew.Abs()
	if mag <= maxClockSkew {
		c.status, c.found = checkPass, later{}.T("doctor.clock.within", i18n.Args{"Skew": mag})
		return c, true
	}
	args := i18n.Args{"Skew": mag, "Window": gatewayClockWindow}
	c.status, c.found = checkFail, later{}.T("doctor.clock.ahead", args)
	if p.Skew > 0 {
		c.found = later{}.T("doctor.clock.behind", args)
	}
	c.fix = remedy(&cenapi.Error{Code: "InvalidTimeStamp.Expired"})
	return c, mag <= gatewayClockWindow
}

// authenticationCheck makes one cheap signed call: the credentials are
// accepted when it succeeds, or when RAM refuses the call itself (that
// refusal is a permission, checked next).
func authenticationCheck(ctx context.Context, reader *cenapi.Client, add func(check)) bool {
	err := reader.CheckCredentials(ctx)
	e, _ := cenapi.AsError(err)
	c := check{id: "authentication", status: checkFail}
	switch {
	case err == nil:
		c.status, c.found = checkPass, later{}.T("doctor.authentication.accepted")
	case e != nil && e.AccessProblem() == cenapi.AccessDenied:
		c.status, c.found = checkPass, later{}.T("doctor.authentication.acceptedDenied")
	case e != nil && e.AccessProblem() != cenapi.AccessOK:
		c.found, c.fix = later{}.T("doctor.authentication.refused", i18n.Args{"Problem": errorSaying(e)}), remedy(e)
	default:
		c.found, c.fix = later{}.T("doctor.authentication.unchecked", i18n.Args{"Problem": errorSaying(err)}), later{}.T("doctor.fix.again")
	}
	add(c)
	return c.status == checkPass
}

// readCheck says whether RAM allows one read.
func readCheck(p cenapi.ReadProbe) check {
	args := i18n.Args{"Permission": p.Operation.Permission}
	c := check{id: "permission." + p.Operation.Permission, status: checkPass, found: later{}.T("doctor.permission.allowed", args)}
	if p.Allowed {
		return c
	}
	c.status = checkFail
	if e, ok := cenapi.AsError(p.Err); ok && e.AccessProblem() == cenapi.AccessDenied {
		args["Code"], args["Fix"] = e.Code, remedy(e)
		c.found, c.fix = later{}.T("doctor.permission.denied", args), later{}.T("doctor.fix.withPolicy", args)
		return c
	}
	args["Problem"] = errorSaying(p.Err)
	c.found, c.fix = later{}.T("doctor.permission.unchecked", args), later{}.T("doctor.fix.again")
	return c
}
