package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
)

// newApplyCommand is 'cenroute apply': it routes many hosts. It checks the
// input and the target, then (unless --dry-run) drives an engine run to the
// end, printing progress and a report. Ctrl+C stops gracefully; a second
// Ctrl+C quits at once.
func (a *app) newApplyCommand() *cobra.Command {
	var p engine.Plan
	var dryRun bool
	c := &routeCommand{}
	cmd := &cobra.Command{
		Use: `apply --cen ID --host-region R --host-vpc VPC --access-region R [--access-region R2 ...]
           (--host CIDR ... | --hosts-file FILE) [--description D] [--dry-run] [--no-wait]
           [--concurrency N] [--qps N] [--max-qps N] [--output table|json] [--state-dir DIR]
       cenroute apply --resume RUN [--output table|json] [--state-dir DIR]`,
		Short: "create route services for many hosts",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runApply(cmd, c, p, dryRun))
		},
	}
	c.register(cmd.Flags(), "region of the service and of its VPC (required)",
		"`region` whose VBR or CCN reaches the service; repeat for several (required)")
	cmd.Flags().StringVar(&p.HostVpcID, "host-vpc", "", "VPC attached to the CEN in the host region (required)")
	cmd.Flags().StringVar(&p.Description, "description", "", "description of every entry")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "check everything and print the calls (and aliyun CLI lines) without sending any")
	cmd.Flags().BoolVar(&c.run.noWait, "no-wait", false, "do not wait for the entries to become Active")
	return cmd
}

func (a *app) runApply(cmd *cobra.Command, c *routeCommand, p engine.Plan, dryRun bool) int {
	ctx := cmd.Context()
	hosts, code, done := c.check(ctx, a, cmd, map[string]string{"--host-vpc": p.HostVpcID}, "description", "dry-run")
	if done {
		return code
	}
	p.CenID, p.HostRegionID, p.AccessRegionIDs, p.Hosts = c.cenID, c.hostRegion, c.access, hosts
	if err := hostlist.CheckDescription(p.Description, false); err != nil {
		return a.inputError("--description: " + err.Error())
	}
	client, eng, closeConn, err := c.run.connect(a)
	if err != nil {
		return a.failed(err)
	}
	defer closeConn()
	prep, code, done := a.prepareApply(ctx, eng, client, p)
	if done {
		return code
	}
	if dryRun {
		return a.printDryRun(prep, c.run.output)
	}
	if len(prep.Conflicts) > 0 {
		return a.reportConflicts(prep)
	}
	return c.run.start(ctx, a, func(ctx context.Context) (*engine.Run, error) { return eng.StartPrepared(ctx, prep) })
}

// prepareApply checks the plan's target with the target rule and lists
// its existing entries (engine.Check), reporting what stands in the way.
// done says the command ends with code.
func (a *app) prepareApply(ctx context.Context, eng *engine.Engine, client *cenapi.Client, p engine.Plan) (prep engine.Prepared, code int, done bool) {
	prep, problems, err := eng.Check(ctx, client.WithRetry(eng), p)
	code, done = a.reportChecks(problems, err)
	return prep, code, done
}

// reportConflicts names the hosts that conflict with existing entries:
// nothing is sent then.
func (a *app) reportConflicts(prep engine.Prepared) int {
	a.printConflicts(prep)
	n := len(prep.Conflicts)
	return a.inputError(count(n, "host conflicts", "hosts conflict") + " with existing route services; nothing was sent")
}

// printConflicts names each conflicting host with the reason, in plan
// order.
func (a *app) printConflicts(prep engine.Prepared) {
	for _, h := range prep.Plan.Hosts {
		if why := prep.Conflicts[h]; why != "" {
			fmt.Fprintf(a.stderr, "%s: %s\n", shown(h), shownMessage(why))
		}
	}
}
