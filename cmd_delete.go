package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi/engine"
)

// newDeleteCommand is 'cenroute delete': it deletes the route services of
// the given hosts into the given access regions, one
// DeleteRouteServiceInCen per entry. With --wait it follows every entry
// until it is gone.
func (a *app) newDeleteCommand() *cobra.Command {
	var wait bool
	c := &routeCommand{}
	cmd := &cobra.Command{
		Use: `delete --cen ID --host-region R --access-region R [--access-region R2 ...]
           (--host H ... | --hosts-file FILE) [--wait] [--concurrency N] [--qps N] [--max-qps N]
           [--output table|json] [--state-dir DIR]
       cenroute delete --resume RUN [--wait] [--output table|json] [--state-dir DIR]`,
		Short: a.words.T("cli.delete.short"),
		Args:  a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c.run.noWait = !wait
			return exit(a.runDelete(cmd, c))
		},
	}
	w := a.words
	c.register(cmd.Flags(), w, w.T("cli.flag.delete.hostRegion"), w.T("cli.flag.delete.accessRegion"))
	cmd.Flags().BoolVar(&wait, "wait", false, w.T("cli.flag.wait"))
	return cmd
}

func (a *app) runDelete(cmd *cobra.Command, c *routeCommand) int {
	ctx := cmd.Context()
	hosts, code, done := c.check(ctx, a, cmd, nil)
	if done {
		return code
	}
	client, eng, closeConn, err := c.run.connect(a)
	if err != nil {
		return a.failed(err)
	}
	defer closeConn()
	problems, err := engine.CheckTarget(ctx, client.WithRetry(eng),
		engine.Target{CenID: c.cenID, HostRegionID: c.hostRegion, AccessRegionIDs: c.access}, engine.ForDelete)
	if code, done := a.reportChecks(problems, err); done {
		return code
	}
	dp := engine.DeletePlan{CenID: c.cenID}
	for _, h := range hosts {
		for _, r := range c.access {
			dp.Entries = append(dp.Entries, engine.DeleteEntry{HostRegionID: c.hostRegion, Host: h, AccessRegionID: r})
		}
	}
	return c.run.start(ctx, a, func(ctx context.Context) (*engine.Run, error) { return eng.StartDelete(ctx, dp) })
}
