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
		Short: "show what a sync of a routes file would change",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runPlan(cmd, path, output, o))
		},
	}
	registerSyncFlags(cmd, &path, &o)
	cmd.Flags().StringVar(&output, "output", "table", "output format: table (the changes on stdout, a summary on stderr) or json")
	return cmd
}

// registerSyncFlags declares the flags plan and sync share.
func registerSyncFlags(cmd *cobra.Command, path *string, o *engine.SyncOptions) {
	cmd.Flags().StringVar(path, "file", "", "the routes file (YAML or JSON; see the README) (required)")
	cmd.Flags().BoolVar(&o.Prune, "prune", false, "also delete the entries the file does not want")
	cmd.Flags().BoolVar(&o.Replace, "replace", false, "also replace the entries that differ from the file (delete, then create)")
}

func (a *app) runPlan(cmd *cobra.Command, path, output string, o engine.SyncOptions) int {
	if path == "" {
		return a.usageError(cmd, "--file is required")
	}
	if err := checkOutput(output); err != nil {
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
