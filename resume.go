package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
)

// resumeRun continues a journaled run (apply or delete). Any run can be
// resumed, but one started as another AccessKey or against another
// endpoint is named in a warning: the wizard would not have offered it.
func (a *app) resumeRun(ctx context.Context, rf runFlags) int {
	client, eng, closeConn, err := rf.connect(a)
	if err != nil {
		return a.failed(err)
	}
	defer closeConn()
	// Checked first so that the label compared below names the AccessKey
	// really in use: the default chain resolves it on the first call.
	if err := client.WithRetry(eng).CheckCredentials(ctx); err != nil {
		return a.failed(err)
	}
	return rf.start(ctx, a, func(ctx context.Context) (*engine.Run, error) {
		run, err := eng.Resume(ctx, rf.resume)
		if err == nil && !eng.Owns(run.Label()) {
			fmt.Fprintf(a.stderr, "cenroute: %s\n", a.words.T("cli.resume.otherLabel", i18n.Args{"RunID": run.ID(),
				"Started": shown(run.Label()), "Now": eng.Label()}))
		}
		return run, err
	})
}

// resumeCommand is the command line that resumes run runID of kind
// (engine.KindApply or KindDelete): with the global flags that chose the
// account and the endpoints (--profile, --region, --endpoint,
// --vpc-endpoint), since a resume must talk to the same place, and
// --state-dir when the journal is not in the default directory. Values
// are shell-quoted and printable.
func resumeCommand(g globals, kind, runID, stateDir string) string {
	args := append(g.connectionArgs(), kind, "--resume", runID)
	if stateDir != "" {
		args = append(args, "--state-dir", engine.ShellQuote(cenapi.Printable(stateDir)))
	}
	return strings.Join(args, " ")
}

// connectionArgs are "cenroute" and the global flags that chose the
// account and the endpoints, shell-quoted and printable: a command that
// must reach the same place as this one starts with them.
func (g globals) connectionArgs() []string {
	args := []string{"cenroute"}
	for _, f := range [][2]string{{"--profile", g.profile}, {"--region", g.region}, {"--endpoint", g.endpoint}, {"--vpc-endpoint", g.vpcEndpoint}} {
		if f[1] != "" {
			args = append(args, f[0], engine.ShellQuote(cenapi.Printable(f[1])))
		}
	}
	return args
}

// doctorCommand is the command line that diagnoses the connection these
// flags describe (see the doctor command).
func doctorCommand(g globals) string {
	return strings.Join(append(g.connectionArgs(), "doctor"), " ")
}
