package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
)

const applyUsage = `cenroute apply --cen ID --host-region R --host-vpc VPC --access-region R [--access-region R2 ...]
           (--host CIDR ... | --hosts-file FILE) [--description D] [--dry-run] [--no-wait]
           [--concurrency N] [--qps N] [--max-qps N] [--output table|json] [--state-dir DIR]
       cenroute apply --resume RUN [--output table|json] [--state-dir DIR]`

// runApply routes many hosts: it checks the input and the target, then
// (unless --dry-run) drives an engine run to the end, printing progress and
// a report. Ctrl+C stops gracefully; a second Ctrl+C quits at once.
func runApply(ctx context.Context, env *Env) int {
	c := newRouteCommand(env, "apply", applyUsage, "region of the service and of its VPC (required)",
		"region whose VBR or CCN reaches the service; repeat for several (required)")
	var p engine.Plan
	c.fs.StringVar(&p.HostVpcID, "host-vpc", "", "VPC attached to the CEN in the host region (required)")
	c.fs.StringVar(&p.Description, "description", "", "description of every entry")
	dryRun := c.fs.Bool("dry-run", false, "check everything and print the calls (and aliyun CLI lines) without sending any")
	c.fs.BoolVar(&c.run.noWait, "no-wait", false, "do not wait for the entries to become Active")
	hosts, code, done := c.parse(ctx, env, map[string]*string{"--host-vpc": &p.HostVpcID}, "description", "dry-run")
	if done {
		return code
	}
	p.CenID, p.HostRegionID, p.AccessRegionIDs, p.Hosts = c.cenID, c.hostRegion, c.access, hosts
	if err := hostlist.CheckDescription(p.Description, false); err != nil {
		return inputError(env, "--description: "+err.Error())
	}
	conn, eng, err := c.run.connect(env)
	if err != nil {
		return failed(env, err)
	}
	defer conn.Close()
	prep, code, done := prepareApply(ctx, env, eng, conn.Client, p)
	if done {
		return code
	}
	if *dryRun {
		return printDryRun(env, prep, c.run.output)
	}
	if len(prep.Conflicts) > 0 {
		return reportConflicts(env, prep)
	}
	return c.run.start(ctx, env, func(ctx context.Context) (*engine.Run, error) { return eng.StartPrepared(ctx, prep) })
}

// prepareApply checks the plan's target with the target rule and lists
// its existing entries (engine.Check), reporting what stands in the way.
// done says the command ends with code.
func prepareApply(ctx context.Context, env *Env, eng *engine.Engine, client *cenapi.Client, p engine.Plan) (prep engine.Prepared, code int, done bool) {
	prep, problems, err := eng.Check(ctx, client.WithRetry(eng), p)
	if code, done := reportChecks(env, problems, err); done {
		return prep, code, true
	}
	return prep, ExitOK, false
}

// reportConflicts names the hosts that conflict with existing entries:
// nothing is sent then.
func reportConflicts(env *Env, prep engine.Prepared) int {
	printConflicts(env, prep)
	n := len(prep.Conflicts)
	return inputError(env, count(n, "host conflicts", "hosts conflict")+" with existing route services; nothing was sent")
}

// printConflicts names each conflicting host with the reason, in plan
// order.
func printConflicts(env *Env, prep engine.Prepared) {
	for _, h := range prep.Plan.Hosts {
		if why := prep.Conflicts[h]; why != "" {
			fmt.Fprintf(env.Stderr, "%s: %s\n", shown(h), shownMessage(why))
		}
	}
}

// routeCommand is what apply and delete share: the flags naming the CEN,
// the host region, the access regions and the hosts, and the run flags.
type routeCommand struct {
	fs                *flag.FlagSet
	usage             string
	run               runFlags
	hosts             hostFlags
	cenID, hostRegion string
	access            stringsFlag
}

// newRouteCommand registers the shared flags of the command name; the help
// of --host-region and --access-region is the command's own.
func newRouteCommand(env *Env, name, usage, hostRegionHelp, accessHelp string) *routeCommand {
	c := &routeCommand{fs: env.CommandFlags(name), usage: usage}
	c.run.register(c.fs)
	c.hosts.register(c.fs)
	c.fs.StringVar(&c.cenID, "cen", "", "ID of the CEN (required)")
	c.fs.StringVar(&c.hostRegion, "host-region", "", hostRegionHelp)
	c.fs.Var(&c.access, "access-region", accessHelp)
	return c
}

// sharedPlanFlags are the shared flags that make up a plan.
var sharedPlanFlags = []string{"cen", "host-region", "access-region", "host", "hosts-file"}

// parse parses the command line and checks the shared flags. With --resume
// it resumes the run here: a resume takes no plan flags (the shared ones,
// and the command's own planFlags). Otherwise the CEN, the host region,
// the command's required flags (by name, read once parsed), access regions
// and valid hosts must all be given. done says the command ends with code;
// else it returns the hosts.
func (c *routeCommand) parse(ctx context.Context, env *Env, required map[string]*string, planFlags ...string) (hosts []string, code int, done bool) {
	if ok, code := env.ParseCommand(c.fs, c.usage); !ok {
		return nil, code, true
	}
	if err := c.run.check(); err != nil {
		return nil, usageError(env, c.usage, err.Error()), true
	}
	if c.run.resume != "" {
		if given(c.fs, append(planFlags, sharedPlanFlags...)) {
			return nil, usageError(env, c.usage, "--resume continues a run as it was planned: it takes no plan flags"), true
		}
		return nil, resumeRun(ctx, env, c.run), true
	}
	values := map[string]string{"--cen": c.cenID, "--host-region": c.hostRegion}
	for name, v := range required {
		values[name] = *v
	}
	if err := requireFlags(values); err != nil {
		return nil, usageError(env, c.usage, err.Error()), true
	}
	if err := checkAccessRegions(c.access); err != nil {
		return nil, usageError(env, c.usage, err.Error()), true
	}
	hosts, code = c.hosts.read(env)
	return hosts, code, code != ExitOK
}

// checkAccessRegions refuses a missing, empty or repeated --access-region:
// the API would reject a repeated one, and only after the run started.
func checkAccessRegions(access []string) error {
	if len(access) == 0 {
		return errors.New("--access-region is required")
	}
	for i, a := range access {
		if a == "" {
			return errors.New("--access-region needs a region ID, e.g. cn-hangzhou")
		}
		if slices.Contains(access[:i], a) {
			return fmt.Errorf("--access-region %s is given twice; name each access region once", shown(a))
		}
	}
	return nil
}

// given reports whether any of the named flags was set on the command line.
func given(fs *flag.FlagSet, names []string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || slices.Contains(names, f.Name) })
	return set
}

// resumeRun continues a journaled run (apply or delete). Any run can be
// resumed, but one started as another AccessKey or against another
// endpoint is named in a warning: the wizard would not have offered it.
func resumeRun(ctx context.Context, env *Env, rf runFlags) int {
	conn, eng, err := rf.connect(env)
	if err != nil {
		return failed(env, err)
	}
	defer conn.Close()
	// Checked first so that the label compared below names the AccessKey
	// really in use: the default chain resolves it on the first call.
	if err := conn.Client.WithRetry(eng).CheckCredentials(ctx); err != nil {
		return failed(env, err)
	}
	return rf.start(ctx, env, func(ctx context.Context) (*engine.Run, error) {
		run, err := eng.Resume(ctx, rf.resume)
		if err == nil && !eng.Owns(run.Label()) {
			fmt.Fprintf(env.Stderr, "cenroute: warning: run %s was started as %s; it is resumed as %s\n", run.ID(), shown(run.Label()), eng.Label())
		}
		return run, err
	})
}

// runFlags are the flags apply and delete share: how to run and report.
type runFlags struct {
	output, stateDir, resume string
	concurrency              int
	qps, maxQPS              float64
	noWait                   bool
}

func (f *runFlags) register(fs *flag.FlagSet) {
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
// caller closes the connection.
func (f *runFlags) connect(env *Env) (*Connection, *engine.Engine, error) {
	conn, err := env.Connect()
	if err != nil {
		return nil, nil, err
	}
	opts := engine.Options{Concurrency: f.concurrency, QPS: f.qps, MaxQPS: f.maxQPS, NoWait: f.noWait, StateDir: f.stateDir,
		Identity: conn.Client.Identity}
	return conn, engine.New(conn.Client, opts), nil
}

// start starts a run with begin and drives it to its end. The run gets a
// context that Ctrl+C does not cancel: drive turns the first Ctrl+C into a
// graceful stop, which cancelling would make an abort.
func (f *runFlags) start(ctx context.Context, env *Env, begin func(ctx context.Context) (*engine.Run, error)) int {
	run, err := begin(context.WithoutCancel(ctx))
	if errors.Is(err, engine.ErrUnknownRun) {
		return inputError(env, shownMessage(err.Error()))
	}
	if err != nil {
		return failed(env, err)
	}
	// Said first, so that whatever ends the process (a SIGKILL, a closed
	// terminal) the operator knows which run to resume.
	fmt.Fprintf(env.Stderr, "run %s: if it is cut short, resume it with: %s\n", run.ID(), ResumeCommand(env.Globals, run.Kind(), run.ID(), f.stateDir))
	return drive(ctx, env, run, *f)
}

// stringsFlag is a flag that may be repeated.
type stringsFlag []string

func (s *stringsFlag) String() string { return strings.Join(*s, ",") }

func (s *stringsFlag) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// hostFlags are the two ways to name hosts.
type hostFlags struct {
	hosts stringsFlag
	file  string
}

func (h *hostFlags) register(fs *flag.FlagSet) {
	fs.Var(&h.hosts, "host", "IPv4 address or CIDR block inside 100.64.0.0/10; repeat for several")
	fs.StringVar(&h.file, "hosts-file", "", "file of hosts, one per line (commas and spaces also separate, # starts a comment); - reads stdin")
}

func (h *hostFlags) given() bool { return len(h.hosts) > 0 || h.file != "" }

// read returns the hosts, or reports every bad entry (naming its file and
// line, or its flag) and returns ExitUsage.
func (h *hostFlags) read(env *Env) ([]string, int) {
	switch {
	case len(h.hosts) > 0 && h.file != "":
		return nil, inputError(env, "give hosts with --host or --hosts-file, not both")
	case !h.given():
		return nil, inputError(env, "no hosts: give --host (repeatable) or --hosts-file")
	}
	if err := hostlist.CheckLimits(strings.Join(h.hosts, "\n")); err != nil {
		return nil, inputError(env, "--host: "+err.Error())
	}
	res, none := hostlist.CheckValues(h.hosts, "--host"), "no hosts given"
	where := func(hostlist.Line) string { return "--host " }
	if h.file != "" {
		data, err := readHostsFile(env.Stdin, h.file)
		if err != nil {
			return nil, inputError(env, shownMessage(err.Error()))
		}
		res, none = hostlist.Check(data, nil), "no hosts in "+shown(h.file)
		where = func(l hostlist.Line) string { return fmt.Sprintf("%s:%d: ", shown(h.file), l.Number) }
	}
	for _, l := range res.Lines {
		if l.Problem != "" {
			fmt.Fprintf(env.Stderr, "%s%s: %s\n", where(l), shown(l.Raw), l.Problem)
		}
	}
	switch {
	case res.Invalid > 0:
		verb := "are"
		if res.Invalid == 1 {
			verb = "is"
		}
		return nil, inputError(env, fmt.Sprintf("%d of %s %s invalid; nothing was sent", res.Invalid, count(len(res.Lines), "host", "hosts"), verb))
	case len(res.Lines) == 0:
		return nil, inputError(env, none)
	}
	return res.Hosts(), ExitOK
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

// reportChecks prints the problems the target rule found, naming each
// flag at fault; done is true when the command must end with code.
func reportChecks(env *Env, problems []engine.Problem, err error) (code int, done bool) {
	if err != nil {
		return failed(env, fmt.Errorf("checking the CEN: %w", err)), true
	}
	for _, p := range problems {
		fmt.Fprintf(env.Stderr, "--%s %s: %s\n", p.Part, shown(p.Value), shownMessage(p.Why))
	}
	if len(problems) > 0 {
		return inputError(env, "nothing was sent"), true
	}
	return ExitOK, false
}

// dryRunJSON is what `apply --dry-run --output json` prints.
type dryRunJSON struct {
	Plan      engine.Plan       `json:"plan"`
	Present   []string          `json:"present"`
	Conflicts map[string]string `json:"conflicts"`
	Calls     []dryRunCall      `json:"calls"`
}

type dryRunCall struct {
	Host            string   `json:"host"`
	AccessRegionIDs []string `json:"access_region_ids"`
	Command         string   `json:"command"`
}

// printDryRun prints the calls an apply would make. Conflicts make it exit
// 2, as the apply would.
func printDryRun(env *Env, prep engine.Prepared, output string) int {
	if output == "json" {
		out := dryRunJSON{Plan: prep.Plan, Present: nonNil(prep.Present), Conflicts: prep.Conflicts, Calls: []dryRunCall{}}
		for _, c := range prep.Calls {
			out.Calls = append(out.Calls, dryRunCall{c.Request.Host, c.Request.AccessRegionIDs, c.Command})
		}
		if err := writeJSON(env.Stdout, out); err != nil {
			return failed(env, err)
		}
	} else {
		for _, c := range prep.Calls {
			fmt.Fprintln(env.Stdout, c.Command)
		}
		for _, h := range prep.Present {
			fmt.Fprintf(env.Stderr, "%s: present, will skip\n", h)
		}
	}
	printConflicts(env, prep)
	fmt.Fprintf(env.Stderr, "dry run: %s, %s present, %d conflicting; nothing was sent\n",
		count(len(prep.Calls), "call", "calls"), count(len(prep.Present), "host", "hosts"), len(prep.Conflicts))
	if len(prep.Conflicts) > 0 {
		return ExitUsage
	}
	return ExitOK
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// drive follows a run to its end: progress on stderr (table output), the
// report on stdout. The first interrupt (ctx ends) stops the run
// gracefully; a second one aborts it and returns at once.
func drive(ctx context.Context, env *Env, run *engine.Run, rf runFlags) int {
	interrupts := make(chan os.Signal, 2)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupts)
	resume := ResumeCommand(env.Globals, run.Kind(), run.ID(), rf.stateDir)
	progress := newProgress(env.Stderr, run.Len(), rf.output == "table")
	stopping, signals := ctx.Done(), 0
	events := run.Events()
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return finish(env, run.Wait(), rf.output, resume)
			}
			progress.show(ev)
		case <-stopping:
			stopping = nil
			run.Stop()
			fmt.Fprintln(env.Stderr, "stopping: letting the calls in flight finish (Ctrl+C again to quit at once)")
		case <-interrupts:
			// The first interrupt also ends ctx (handled above).
			if signals++; signals >= 2 {
				run.Abort()
				fmt.Fprintf(env.Stderr, "aborted; resume with: %s\n", resume)
				return ExitFailed
			}
		}
	}
}

// ResumeCommand is the command line that resumes run runID of kind
// (engine.KindApply or KindDelete): with the global flags that chose the
// account and the endpoint (--profile, --region, --endpoint), since a
// resume must talk to the same place, and --state-dir when the journal is
// not in the default directory. Values are shell-quoted and printable.
func ResumeCommand(g Globals, kind, runID, stateDir string) string {
	args := []string{"cenroute"}
	for _, f := range [][2]string{{"--profile", g.Profile}, {"--region", g.Region}, {"--endpoint", g.Endpoint}} {
		if f[1] != "" {
			args = append(args, f[0], engine.ShellQuote(cenapi.Printable(f[1])))
		}
	}
	args = append(args, kind, "--resume", runID)
	if stateDir != "" {
		args = append(args, "--state-dir", engine.ShellQuote(cenapi.Printable(stateDir)))
	}
	return strings.Join(args, " ")
}

// progress prints one line per notable event: "[ 12/500] 100.118.28.0/24
// accepted RequestId ...".
type progress struct {
	w     io.Writer
	on    bool
	total int
	index map[string]int // position of each host (or entry) in the run
}

func newProgress(w io.Writer, total int, on bool) *progress {
	return &progress{w: w, on: on, total: total, index: map[string]int{}}
}

func (p *progress) show(ev engine.Event) {
	key := ev.Host + " " + ev.Region
	if _, ok := p.index[key]; !ok {
		// Every host's first event comes in run order.
		p.index[key] = len(p.index) + 1
	}
	what := describeEvent(ev)
	if !p.on || what == "" {
		return
	}
	name := shown(ev.Host)
	if ev.Region != "" {
		name += " -> " + ev.Region
	}
	width := len(fmt.Sprint(p.total))
	fmt.Fprintf(p.w, "[%*d/%d] %s %s\n", width, p.index[key], p.total, name, what)
}

// describeEvent says what an event means, or "" for events not worth a
// line (queued, sending).
func describeEvent(ev engine.Event) string {
	switch ev.Kind {
	case engine.EventSkipped:
		if ev.Region != "" {
			return "absent, nothing to delete"
		}
		return "present, skipped"
	case engine.EventRetrying:
		if ev.Attempt == 0 { // no call is retried: following the entry is
			return "retrying: " + shownMessage(ev.Reason)
		}
		return fmt.Sprintf("retrying after attempt %d: %s", ev.Attempt, shownMessage(ev.Reason))
	case engine.EventAccepted, engine.EventDeleting:
		return string(ev.Kind) + withRequestID(ev.RequestID)
	case engine.EventCreating, engine.EventActive, engine.EventDeleted, engine.EventStopped:
		return string(ev.Kind)
	case engine.EventFailed:
		return "failed: " + shownMessage(errorWords(ev.Code, ev.Message)) + withRequestID(ev.RequestID)
	}
	return ""
}

func withRequestID(id string) string {
	if id == "" {
		return ""
	}
	return " RequestId " + shown(id)
}

func errorWords(code, msg string) string {
	if code == "" {
		return msg
	}
	return code + ": " + msg
}

// finish prints the report and returns the exit code: 0 when every host
// ended as asked, 1 otherwise.
func finish(env *Env, rep engine.Report, output, resume string) int {
	var err error
	if output == "json" {
		err = writeJSON(env.Stdout, rep)
	} else {
		err = writeReportTable(env.Stdout, rep)
	}
	if err != nil {
		return failed(env, err)
	}
	fmt.Fprintf(env.Stderr, "%s in %s (run %s)\n", summary(rep), rep.Elapsed.Round(100*time.Millisecond), rep.RunID)
	if rep.JournalError != "" {
		fmt.Fprintf(env.Stderr, "warning: %s\n", shownMessage(rep.JournalError))
	}
	if rep.Stopped {
		fmt.Fprintf(env.Stderr, "stopped; resume with: %s\n", resume)
	}
	for _, h := range rep.Hosts {
		if !succeeded(h.Status) {
			return ExitFailed
		}
	}
	return ExitOK
}

// succeeded: the statuses that mean "done as asked".
func succeeded(status string) bool {
	switch status {
	case engine.StatusActive, engine.StatusPresent, engine.StatusAccepted,
		engine.StatusDeleted, engine.StatusDeleting, engine.StatusAbsent:
		return true
	}
	return false
}

// summary counts the results by status: "500 hosts: 498 active, 2 present".
func summary(rep engine.Report) string {
	total := count(len(rep.Hosts), "host", "hosts")
	if rep.Kind == engine.KindDelete {
		total = count(len(rep.Hosts), "entry", "entries")
	}
	counts := map[string]int{}
	var order []string
	for _, h := range rep.Hosts {
		if counts[h.Status] == 0 {
			order = append(order, h.Status)
		}
		counts[h.Status]++
	}
	parts := make([]string, len(order))
	for i, s := range order {
		parts[i] = fmt.Sprintf("%d %s", counts[s], s)
	}
	return total + ": " + strings.Join(parts, ", ")
}

// count words a number of things: "1 call", "2 calls".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// writeReportTable prints one row per host (or entry).
func writeReportTable(w io.Writer, rep engine.Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if rep.Kind == engine.KindDelete {
		fmt.Fprintln(tw, "HOST\tHOST REGION\tACCESS REGION\tSTATUS\tATTEMPTS\tREQUEST ID\tERROR")
	} else {
		fmt.Fprintln(tw, "HOST\tACCESS REGIONS\tSTATUS\tATTEMPTS\tREQUEST ID\tERROR")
	}
	for _, h := range rep.Hosts {
		problem := "-"
		if h.Status == engine.StatusFailed {
			problem = shownMessage(errorWords(h.Code, h.Message))
		}
		requestID := shown(h.RequestID)
		if requestID == "" {
			requestID = "-"
		}
		regions := strings.Join(h.AccessRegionIDs, ",")
		if rep.Kind == engine.KindDelete {
			regions = h.HostRegionID + "\t" + regions
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", shown(h.Host), regions, h.Status, h.Attempts, requestID, problem)
	}
	return tw.Flush()
}
