package cli

import (
	"context"
	"strconv"

	"github.com/cenroute/cenroute/cenapi/engine"
)

const deleteUsage = `cenroute delete --cen ID --host-region R --access-region R [--access-region R2 ...]
           (--host H ... | --hosts-file FILE) [--wait] [--concurrency N] [--qps N] [--max-qps N]
           [--output table|json] [--state-dir DIR]
       cenroute delete --resume RUN [--wait] [--output table|json] [--state-dir DIR]`

// runDelete deletes the route services of the given hosts into the given
// access regions: one DeleteRouteServiceInCen per entry. With --wait it
// follows every entry until it is gone.
func runDelete(ctx context.Context, env *Env) int {
	c := newRouteCommand(env, "delete", deleteUsage, "region of the service (required)",
		"access region of the entries to delete; repeat for several (required)")
	c.run.noWait = true // unless --wait
	c.fs.BoolFunc("wait", "wait until the entries are gone", func(v string) error {
		wait, err := strconv.ParseBool(v)
		c.run.noWait = !wait
		return err
	})
	hosts, code, done := c.parse(ctx, env, nil)
	if done {
		return code
	}
	conn, eng, err := c.run.connect(env)
	if err != nil {
		return failed(env, err)
	}
	defer conn.Close()
	problems, err := engine.CheckTarget(ctx, conn.Client.WithRetry(eng),
		engine.Target{CenID: c.cenID, HostRegionID: c.hostRegion, AccessRegionIDs: c.access}, engine.ForDelete)
	if code, done := reportChecks(env, problems, err); done {
		return code
	}
	dp := engine.DeletePlan{CenID: c.cenID}
	for _, h := range hosts {
		for _, a := range c.access {
			dp.Entries = append(dp.Entries, engine.DeleteEntry{HostRegionID: c.hostRegion, Host: h, AccessRegionID: a})
		}
	}
	return c.run.start(ctx, env, func(ctx context.Context) (*engine.Run, error) { return eng.StartDelete(ctx, dp) })
}
