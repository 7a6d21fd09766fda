package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// routeCommand is what apply and delete share: the flags naming the CEN,
// the host region, the access regions and the hosts, and the run flags.
type routeCommand struct {
	run               runFlags
	hosts             hostFlags
	cenID, hostRegion string
	access            []string
}

// register declares the shared flags on fs; the help of --host-region and
// --access-region is the command's own.
func (c *routeCommand) register(fs *pflag.FlagSet, hostRegionHelp, accessHelp string) {
	c.run.register(fs)
	c.hosts.register(fs)
	fs.StringVar(&c.cenID, "cen", "", "ID of the CEN (required)")
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
	if err := c.run.check(); err != nil {
		return nil, a.usageError(cmd, err.Error()), true
	}
	if c.run.resume != "" {
		if slices.ContainsFunc(append(planFlags, sharedPlanFlags...), cmd.Flags().Changed) {
			return nil, a.usageError(cmd, "--resume continues a run as it was planned: it takes no plan flags"), true
		}
		return nil, a.resumeRun(ctx, c.run), true
	}
	values := map[string]string{"--cen": c.cenID, "--host-region": c.hostRegion}
	for name, v := range required {
		values[name] = v
	}
	if err := requireFlags(values); err != nil {
		return nil, a.usageError(cmd, err.Error()), true
	}
	if err := checkAccessRegions(c.access); err != nil {
		return nil, a.usageError(cmd, err.Error()), true
	}
	hosts, code = c.hosts.read(a)
	return hosts, code, code != exitcode.OK
}

// checkAccessRegions refuses a missing, empty or repeated --access-region:
// the API would reject a repeated one, and only after the run started.
func checkAccessRegions(access []string) error {
	if len(access) == 0 {
		return errors.New("--access-region is required")
	}
	for i, r := range access {
		if r == "" {
			return errors.New("--access-region needs a region ID, e.g. cn-hangzhou")
		}
		if slices.Contains(access[:i], r) {
			return fmt.Errorf("--access-region %s is given twice; name each access region once", shown(r))
		}
	}
	return nil
}

// requireFlags reports the first empty required flag, in a stable order.
func requireFlags(flags map[string]string) error {
	names := make([]string, 0, len(flags))
	for n := range flags {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if flags[n] == "" {
			return fmt.Errorf("%s is required", n)
		}
	}
	return nil
}

// runFlags are the flags apply and delete share: how to run and report.
type runFlags struct {
	output, stateDir, resume string
	concurrency              int
	qps, maxQPS              float64
	noWait                   bool
}

func (f *runFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.output, "output", "table", "output format: table (progress on stderr, a table on stdout) or json (one report on stdout)")
	fs.StringVar(&f.stateDir, "state-dir", "", "directory of the run journals (default $XDG_STATE_HOME/cenroute or ~/.local/state/cenroute)")
	fs.StringVar(&f.resume, "resume", "", "continue the run with this ID (printed when a run stops)")
	fs.IntVar(&f.concurrency, "concurrency", engine.DefaultConcurrency, "calls in flight at most")
	fs.Float64Var(&f.qps, "qps", engine.DefaultQPS, "starting rate of calls per second; the rate adapts to the API's limit from there")
	fs.Float64Var(&f.maxQPS, "max-qps", 0, "never more calls per second than this (0: no ceiling)")
}

func (f *runFlags) check() error {
	if err := checkOutput(f.output); err != nil {
		return err
	}
	switch {
	case f.concurrency < 1:
		return fmt.Errorf("--concurrency %d: want at least 1", f.concurrency)
	case !finite(f.qps) || f.qps <= 0:
		return fmt.Errorf("--qps %v: want a positive number of calls per second", f.qps)
	case !finite(f.maxQPS) || f.maxQPS < 0:
		return fmt.Errorf("--max-qps %v: want a positive number of calls per second, or 0 for no ceiling", f.maxQPS)
	}
	return nil
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
		return a.inputError(shownMessage(err.Error()))
	}
	if err != nil {
		return a.failed(err)
	}
	// Said first, so that whatever ends the process (a SIGKILL, a closed
	// terminal) the operator knows which run to resume.
	fmt.Fprintf(a.stderr, "run %s: if it is cut short, resume it with: %s\n", run.ID(), resumeCommand(a.globals, run.Kind(), run.ID(), f.stateDir))
	return a.drive(ctx, run, *f)
}

// hostFlags are the two ways to name hosts.
type hostFlags struct {
	hosts []string
	file  string
}

func (h *hostFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&h.hosts, "host", nil, "IPv4 address or `CIDR` block inside 100.64.0.0/10; repeat for several")
	fs.StringVar(&h.file, "hosts-file", "", "file of hosts, one per line (commas and spaces also separate, # starts a comment); - reads stdin")
}

func (h *hostFlags) given() bool { return len(h.hosts) > 0 || h.file != "" }

// read returns the hosts, or reports every bad entry (naming its file and
// line, or its flag) and returns exitcode.Usage.
func (h *hostFlags) read(a *app) ([]string, int) {
	switch {
	case len(h.hosts) > 0 && h.file != "":
		return nil, a.inputError("give hosts with --host or --hosts-file, not both")
	case !h.given():
		return nil, a.inputError("no hosts: give --host (repeatable) or --hosts-file")
	}
	if err := hostlist.CheckLimits(strings.Join(h.hosts, "\n")); err != nil {
		return nil, a.inputError("--host: " + err.Error())
	}
	res, none := hostlist.CheckValues(h.hosts, "--host"), "no hosts given"
	where := func(hostlist.Line) string { return "--host " }
	if h.file != "" {
		data, err := readHostsFile(a.stdin, h.file)
		if err != nil {
			return nil, a.inputError(shownMessage(err.Error()))
		}
		res, none = hostlist.Check(data, nil), "no hosts in "+shown(h.file)
		where = func(l hostlist.Line) string { return fmt.Sprintf("%s:%d: ", shown(h.file), l.Number) }
	}
	for _, l := range res.Lines {
		if l.Problem != "" {
			fmt.Fprintf(a.stderr, "%s%s: %s\n", where(l), shown(l.Raw), l.Problem)
		}
	}
	switch {
	case res.Invalid > 0:
		verb := "are"
		if res.Invalid == 1 {
			verb = "is"
		}
		return nil, a.inputError(fmt.Sprintf("%d of %s %s invalid; nothing was sent", res.Invalid, count(len(res.Lines), "host", "hosts"), verb))
	case len(res.Lines) == 0:
		return nil, a.inputError(none)
	}
	return res.Hosts(), exitcode.OK
}

// readHostsFile reads --hosts-file (- is stdin) through the host-list
// limits: a huge or endless input is refused after reading just past them.
func readHostsFile(stdin io.Reader, path string) (string, error) {
	r := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("reading the hosts: %w", err)
		}
		defer f.Close()
		r = f
	}
	data, err := hostlist.ReadLimited(r)
	switch {
	case errors.Is(err, hostlist.ErrLimit):
		return "", fmt.Errorf("--hosts-file %s: %w", path, err)
	case err != nil:
		return "", fmt.Errorf("reading the hosts: %w", err)
	}
	return data, nil
}

// reportChecks prints the problems the target rule found, naming each
// flag at fault; done is true when the command must end with code.
func (a *app) reportChecks(problems []engine.Problem, err error) (code int, done bool) {
	if err != nil {
		return a.failed(fmt.Errorf("checking the CEN: %w", err)), true
	}
	for _, p := range problems {
		fmt.Fprintf(a.stderr, "--%s %s: %s\n", p.Part, shown(p.Value), shownMessage(p.Why))
	}
	if len(problems) > 0 {
		return a.inputError("nothing was sent"), true
	}
	return exitcode.OK, false
}
