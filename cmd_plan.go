package main

import (
	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// newPlanCommand is 'cenroute plan': what a sync of a routes file would
// do, entry by entry, with every check of a sync, and nothing sent.
func (a *app) newPlanCommand() *cobra.Command {
	var path, output string
	var o engine.SyncOptions
	cmd := &cobra.Command{
		Use:   "plan --file FILE [--prune] [--replace] [--output table|json]",
		Short: a.words.T("cli.plan.short"),
		Args:  a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runPlan(cmd, path, output, o))
		},
	}
	a.registerSyncFlags(cmd, &path, &o)
	cmd.Flags().StringVar(&output, "output", "table", a.words.T("cli.flag.plan.output"))
	return cmd
}

// registerSyncFlags declares the flags plan and sync share.
func (a *app) registerSyncFlags(cmd *cobra.Command, path *string, o *engine.SyncOptions) {
	cmd.Flags().StringVar(path, "file", "", a.words.T("cli.flag.routesFile"))
	cmd.Flags().BoolVar(&o.Prune, "prune", false, a.words.T("cli.flag.prune"))
	cmd.Flags().BoolVar(&o.Replace, "replace", false, a.words.T("cli.flag.replace"))
}

func (a *app) runPlan(cmd *cobra.Command, path, output string, o engine.SyncOptions) int {
	if path == "" {
		return a.usageError(cmd, a.required("--file").Error())
	}
	if err := a.checkOutput(output); err != nil {
		return a.usageError(cmd, err.Error())
	}
	f, code, done := a.loadRoutes(path)
	if done {
		return code
	}
	client, closeConn, err := a.connect()
	if err != nil {
		return a.failed(err)
	}
	defer closeConn()
	eng := engine.New(client, engine.Options{})
	d, code, done := a.checkRoutes(cmd.Context(), eng, client, f, o)
	if done {
		return code
	}
	if err := a.printPlan(path, d, output); err != nil {
		return a.failed(err)
	}
	return exitcode.OK
}
