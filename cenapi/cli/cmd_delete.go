package cli

import (
	"context"
	"fmt"

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
	fs := env.CommandFlags("delete")
	var rf runFlags
	rf.register(fs)
	var hf hostFlags
	hf.register(fs)
	var access stringsFlag
	cenID := fs.String("cen", "", "ID of the CEN (required)")
	hostRegion := fs.String("host-region", "", "region of the service (required)")
	fs.Var(&access, "access-region", "access region of the entries to delete; repeat for several (required)")
	wait := fs.Bool("wait", false, "wait until the entries are gone")
	if ok, code := env.ParseCommand(fs, deleteUsage); !ok {
		return code
	}
	rf.noWait = !*wait
	if err := rf.check(); err != nil {
		return usageError(env, deleteUsage, err.Error())
	}
	if rf.resume != "" {
		if *cenID != "" || *hostRegion != "" || len(access) > 0 || hf.given() {
			return usageError(env, deleteUsage, "--resume continues a run as it was planned: it takes no plan flags")
		}
		return resumeRun(ctx, env, rf)
	}
	if err := requireFlags(map[string]string{"--cen": *cenID, "--host-region": *hostRegion}); err != nil {
		return usageError(env, deleteUsage, err.Error())
	}
	if len(access) == 0 {
		return usageError(env, deleteUsage, "--access-region is required")
	}
	hosts, code := hf.read(env)
	if code != ExitOK {
		return code
	}
	conn, err := env.Connect()
	if err != nil {
		fmt.Fprintf(env.Stderr, "cenroute: %v\n", err)
		return ExitFailed
	}
	defer conn.Close()
	eng := engine.New(conn.Client, rf.options(conn.Client))
	problems, err := checkTarget(ctx, eng, conn.Client, *cenID, *hostRegion, "", access, false)
	if code, done := reportChecks(env, problems, err); done {
		return code
	}
	dp := engine.DeletePlan{CenID: *cenID}
	for _, h := range hosts {
		for _, a := range access {
			dp.Entries = append(dp.Entries, engine.DeleteEntry{HostRegionID: *hostRegion, Host: h, AccessRegionID: a})
		}
	}
	run, err := eng.StartDelete(context.WithoutCancel(ctx), dp)
	if err != nil {
		fmt.Fprintf(env.Stderr, "cenroute: %v\n", err)
		return ExitFailed
	}
	return drive(ctx, env, run, rf)
}
