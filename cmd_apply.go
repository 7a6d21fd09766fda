package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme/i18n"
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
		Short: a.words.T("cli.apply.short"),
		Args:  a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runApply(cmd, c, p, dryRun))
		},
	}
	w := a.words
	c.register(cmd.Flags(), w, w.T("cli.flag.apply.hostRegion"), w.T("cli.flag.apply.accessRegion"))
	cmd.Flags().StringVar(&p.HostVpcID, "host-vpc", "", w.T("cli.flag.hostVpc"))
	cmd.Flags().StringVar(&p.Description, "description", "", w.T("cli.flag.description"))
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, w.T("cli.flag.apply.dryRun"))
	cmd.Flags().BoolVar(&c.run.noWait, "no-wait", false, w.T("cli.flag.noWait"))
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
		return a.inputError(a.words.T("cli.flag.problem", i18n.Args{"Flag": "--description", "Problem": a.errorText(err)}))
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
	return a.inputError(a.words.T("cli.apply.conflicts", i18n.Args{"Count": len(prep.Conflicts)}))
}

// printConflicts names each conflicting host with the reason, in plan
// order.
func (a *app) printConflicts(prep engine.Prepared) {
	for _, h := range prep.Plan.Hosts {
		if why := prep.Conflicts[h]; why != "" {
			fmt.Fprintln(a.stderr, a.words.T("cli.apply.conflict", i18n.Args{"Host": shown(h), "Why": shownMessage(why)}))
		}
	}
}
