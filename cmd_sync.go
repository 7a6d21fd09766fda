package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// newSyncCommand is 'cenroute sync': it makes a CEN's route services what
// a routes file says, through the engine (the limiter, retries,
// ClientTokens and journal of apply, and its --resume): it creates what
// is missing, then (with --prune) deletes the extras and (with --replace)
// replaces what differs. It exits 0 when the CEN matches the file.
func (a *app) newSyncCommand() *cobra.Command {
	var path string
	var dryRun bool
	var o engine.SyncOptions
	rf := &runFlags{}
	cmd := &cobra.Command{
		Use: `sync --file FILE [--prune] [--replace] [--dry-run] [--concurrency N] [--qps N] [--max-qps N]
           [--output table|json] [--state-dir DIR]
       cenroute sync --resume RUN [--output table|json] [--state-dir DIR]`,
		Short: a.words.T("cli.sync.short"),
		Args:  a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runSync(cmd, rf, path, dryRun, o))
		},
	}
	rf.register(cmd.Flags(), a.words)
	a.registerSyncFlags(cmd, &path, &o)
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, a.words.T("cli.flag.sync.dryRun"))
	return cmd
}

func (a *app) runSync(cmd *cobra.Command, rf *runFlags, path string, dryRun bool, o engine.SyncOptions) int {
	ctx := cmd.Context()
	if err := rf.check(a); err != nil {
		return a.usageError(cmd, err.Error())
	}
	if rf.resume != "" {
		for _, name := range []string{"file", "prune", "replace", "dry-run"} {
			if cmd.Flags().Changed(name) {
				return a.usageError(cmd, a.words.T("cli.resume.noFlag", i18n.Args{"Flag": "--" + name}))
			}
		}
		return a.resumeRun(ctx, *rf)
	}
	if path == "" {
		return a.usageError(cmd, a.required("--file").Error())
	}
	f, code, done := a.loadRoutes(path)
	if done {
		return code
	}
	client, eng, closeConn, err := rf.connect(a)
	if err != nil {
		return a.failed(err)
	}
	defer closeConn()
	d, code, done := a.checkRoutes(ctx, eng, client, f, o)
	switch {
	case done:
		return code
	case dryRun:
		if err := a.printPlan(path, d, rf.output); err != nil {
			return a.failed(err)
		}
		fmt.Fprintln(a.stderr, a.words.T("cli.sync.dryRun"))
		return exitcode.OK
	case d.Calls() == 0:
		if rf.output == "json" {
			if err := a.printPlan(path, d, rf.output); err != nil {
				return a.failed(err)
			}
		}
		fmt.Fprintln(a.stderr, a.planSummary(path, d))
		return a.matched(d)
	}
	fmt.Fprintln(a.stderr, a.planSummary(path, d))
	code = rf.start(ctx, a, func(ctx context.Context) (*engine.Run, error) { return eng.StartSync(ctx, d.Plan) })
	if code != exitcode.OK {
		return code
	}
	return a.matched(d)
}

// matched is the exit code of a sync whose calls all succeeded: 0 when
// the CEN now matches the file, else 1, saying what still differs.
func (a *app) matched(d engine.SyncDiff) int {
	if d.Matches() {
		return exitcode.OK
	}
	fmt.Fprintf(a.stderr, "cenroute: %s\n", a.words.T("cli.sync.notMatched", i18n.Args{"Differs": a.clauses(a.differs(d))}))
	return exitcode.Failed
}
