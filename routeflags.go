package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
	"github.com/cenroute/cenroute/views"
)

// routeCommand is what apply and delete share: the flags naming the CEN,
// the host region, the access regions and the hosts, and the run flags.
type routeCommand struct {
	run               runFlags
	hosts             hostFlags
	cenID, hostRegion string
	access            []string
}

// register declares the shared flags on fs, their help in words; the help
// of --host-region and --access-region is the command's own.
func (c *routeCommand) register(fs *pflag.FlagSet, words *i18n.Localizer, hostRegionHelp, accessHelp string) {
	c.run.register(fs, words)
	c.hosts.register(fs, words)
	fs.StringVar(&c.cenID, "cen", "", words.T("cli.flag.cen"))
	fs.StringVar(&c.hostRegion, "host-region", "", hostRegionHelp)
	fs.StringArrayVar(&c.access, "access-region", nil, accessHelp)
}

// sharedPlanFlags are the shared flags that make up a plan.
var sharedPlanFlags = []string{"cen", "host-region", "access-region", "host", "hosts-file"}

// check checks the shared flags once parsed. With --resume it resumes the
// run here: a resume takes no plan flags (the shared ones, and the
// command's own planFlags). Otherwise the CEN, the host region, the
// command's required flags (by name), access regions and valid hosts must
// all be given. done says the command ends with code; else it returns the
// hosts.
func (c *routeCommand) check(ctx context.Context, a *app, cmd *cobra.Command, required map[string]string, planFlags ...string) (hosts []string, code int, done bool) {
	if err := c.run.check(a); err != nil {
		return nil, a.usageError(cmd, err.Error()), true
	}
	if c.run.resume != "" {
		if slices.ContainsFunc(append(planFlags, sharedPlanFlags...), cmd.Flags().Changed) {
			return nil, a.usageError(cmd, a.words.T("cli.resume.noPlanFlags")), true
		}
		return nil, a.resumeRun(ctx, c.run), true
	}
	values := map[string]string{"--cen": c.cenID, "--host-region": c.hostRegion}
	for name, v := range required {
		values[name] = v
	}
	if err := a.requireFlags(values); err != nil {
		return nil, a.usageError(cmd, err.Error()), true
	}
	if err := a.checkAccessRegions(c.access); err != nil {
		return nil, a.usageError(cmd, err.Error()), true
	}
	hosts, code = c.hosts.read(a)
	return hosts, code, code != exitcode.OK
}

// checkAccessRegions refuses a missing, empty or repeated --access-region:
// the API would reject a repeated one, and only after the run started.
func (a *app) checkAccessRegions(access []string) error {
	if len(access) == 0 {
		return a.required("--access-region")
	}
	for i, r := range access {
		if r == "" {
			return errors.New(a.words.T("cli.flag.accessRegionEmpty"))
		}
		if slices.Contains(access[:i], r) {
			return errors.New(a.words.T("cli.flag.accessRegionTwice", i18n.Args{"Region": shown(r)}))
		}
	}
	return nil
}

// requireFlags reports the first empty required flag, in a stable order.
func (a *app) requireFlags(flags map[string]string) error {
	names := make([]string, 0, len(flags))
	for n := range flags {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if flags[n] == "" {
			return a.required(n)
		}
	}
	return nil
}

// required says that flag (--cen) must be given.
func (a *app) required(flag string) error {
	return errors.New(a.words.T("cli.flag.required", i18n.Args{"Flag": flag}))
}

// runFlags are the flags apply and delete share: how to run and report.
type runFlags struct {
	output, stateDir, resume string
	concurrency              int
	qps, maxQPS              float64
	noWait                   bool
}

func (f *runFlags) register(fs *pflag.FlagSet, words *i18n.Localizer) {
	fs.StringVar(&f.output, "output", "table", words.T("cli.flag.run.output"))
	fs.StringVar(&f.stateDir, "state-dir", "", words.T("cli.flag.stateDir"))
	fs.StringVar(&f.resume, "resume", "", words.T("cli.flag.resume"))
	fs.IntVar(&f.concurrency, "concurrency", engine.DefaultConcurrency, words.T("cli.flag.concurrency"))
	fs.Float64Var(&f.qps, "qps", engine.DefaultQPS, words.T("cli.flag.qps"))
	fs.Float64Var(&f.maxQPS, "max-qps", 0, words.T("cli.flag.maxQps"))
}

func (f *runFlags) check(a *app) error {
	if err := a.checkOutput(f.output); err != nil {
		return err
	}
	switch {
	case f.concurrency < 1:
		return a.atLeastOne("--concurrency", f.concurrency)
	case !finite(f.qps) || f.qps <= 0:
		return errors.New(a.words.T("cli.flag.badQps", i18n.Args{"Value": f.qps}))
	case !finite(f.maxQPS) || f.maxQPS < 0:
		return errors.New(a.words.T("cli.flag.badMaxQps", i18n.Args{"Value": f.maxQPS}))
	}
	return nil
}

// atLeastOne refuses value of flag, which must be 1 or more.
func (a *app) atLeastOne(flag string, value int) error {
	return errors.New(a.words.T("cli.flag.atLeastOne", i18n.Args{"Flag": flag, "Value": value}))
}

// finite: not NaN and not infinite, which strconv accepts as numbers.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// connect connects as the global flags say and builds the engine the run
// flags describe, its journals labelled with the client's identity. The
// caller calls closeConn.
func (f *runFlags) connect(a *app) (client *cenapi.Client, eng *engine.Engine, closeConn func(), err error) {
	client, closeConn, err = a.connect()
	if err != nil {
		return nil, nil, nil, err
	}
	opts := engine.Options{Concurrency: f.concurrency, QPS: f.qps, MaxQPS: f.maxQPS, NoWait: f.noWait, StateDir: f.stateDir,
		Identity: client.Identity}
	return client, engine.New(client, opts), closeConn, nil
}

// start starts a run with begin and drives it to its end. The run gets a
// context that Ctrl+C does not cancel: drive turns the first Ctrl+C into a
// graceful stop, which cancelling would make an abort.
func (f *runFlags) start(ctx context.Context, a *app, begin func(ctx context.Context) (*engine.Run, error)) int {
	run, err := begin(context.WithoutCancel(ctx))
	if errors.Is(err, engine.ErrUnknownRun) {
		return a.inputError(a.errorText(err))
	}
	if err != nil {
		return a.failed(err)
	}
	// Said first, so that whatever ends the process (a SIGKILL, a closed
	// terminal) the operator knows which run to resume.
	fmt.Fprintln(a.stderr, a.words.T("cli.run.started", i18n.Args{"RunID": run.ID(),
		"Command": resumeCommand(a.globals, run.Kind(), run.ID(), f.stateDir)}))
	return a.drive(ctx, run, *f)
}

// hostFlags are the two ways to name hosts.
type hostFlags struct {
	hosts []string
	file  string
}

func (h *hostFlags) register(fs *pflag.FlagSet, words *i18n.Localizer) {
	fs.StringArrayVar(&h.hosts, "host", nil, words.T("cli.flag.host"))
	fs.StringVar(&h.file, "hosts-file", "", words.T("cli.flag.hostsFile"))
}

func (h *hostFlags) given() bool { return len(h.hosts) > 0 || h.file != "" }

// read returns the hosts, or reports every bad entry (naming its file and
// line, or its flag) and returns exitcode.Usage.
func (h *hostFlags) read(a *app) ([]string, int) {
	w := a.words
	switch {
	case len(h.hosts) > 0 && h.file != "":
		return nil, a.inputError(w.T("cli.hosts.both"))
	case !h.given():
		return nil, a.inputError(w.T("cli.hosts.missing"))
	}
	if err := hostlist.CheckLimits(strings.Join(h.hosts, "\n")); err != nil {
		return nil, a.inputError(w.T("cli.flag.problem", i18n.Args{"Flag": "--host", "Problem": a.errorText(err)}))
	}
	res, none := hostlist.CheckValues(h.hosts, "--host"), w.T("cli.hosts.noneGiven")
	where := func(l hostlist.Line) string {
		return w.T("cli.hosts.badFlag", i18n.Args{"Host": shown(l.Raw), "Problem": views.HostProblem(w, l)})
	}
	if h.file != "" {
		data, code, done := a.readHostsFile(h.file)
		if done {
			return nil, code
		}
		file := shown(h.file)
		res, none = hostlist.Check(data, nil), w.T("cli.hosts.noneInFile", i18n.Args{"File": file})
		where = func(l hostlist.Line) string {
			return w.T("cli.hosts.badLine", i18n.Args{"File": file, "Line": l.Number, "Host": shown(l.Raw),
				"Problem": views.HostProblem(w, l)})
		}
	}
	for _, l := range res.Lines {
		if l.Problem != "" {
			fmt.Fprintln(a.stderr, where(l))
		}
	}
	switch {
	case res.Invalid > 0:
		return nil, a.inputError(w.T("cli.hosts.invalid", i18n.Args{"Count": res.Invalid, "Hosts": a.hosts(len(res.Lines))}))
	case len(res.Lines) == 0:
		return nil, a.inputError(none)
	}
	return res.Hosts(), exitcode.OK
}

// readHostsFile reads --hosts-file (- is stdin) through the host-list
// limits: a huge or endless input is refused after reading just past
// them. done says the command ends with code, the problem said.
func (a *app) readHostsFile(path string) (data string, code int, done bool) {
	r := a.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", a.inputError(a.words.T("cli.hosts.unreadable", i18n.Args{"Problem": a.errorText(err)})), true
		}
		defer f.Close()
		r = f
	}
	data, err := hostlist.ReadLimited(r)
	switch {
	case errors.Is(err, hostlist.ErrLimit):
		return "", a.inputError(a.words.T("cli.flag.problem", i18n.Args{"Flag": "--hosts-file " + shown(path),
			"Problem": a.errorText(err)})), true
	case err != nil:
		return "", a.inputError(a.words.T("cli.hosts.unreadable", i18n.Args{"Problem": a.errorText(err)})), true
	}
	return data, exitcode.OK, false
}

// reportChecks prints the problems the target rule found, naming each
// flag at fault; done is true when the command must end with code.
func (a *app) reportChecks(problems []engine.Problem, err error) (code int, done bool) {
	if err != nil {
		return a.failedChecking(err), true
	}
	for _, p := range problems {
		// The parts of a target are named as the flags that give them:
		// --access-region cn-hongkong: …
		fmt.Fprintln(a.stderr, "--"+shownMessage(views.TargetProblem(a.words, p)))
	}
	if len(problems) > 0 {
		return a.inputError(a.words.T("cli.nothingSent")), true
	}
	return exitcode.OK, false
}
