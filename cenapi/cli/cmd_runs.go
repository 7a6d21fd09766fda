package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/cenroute/cenroute/cenapi/engine"
)

const runsUsage = "cenroute runs [--state-dir DIR] [--output table|json]"

// runJSON is one run of `runs --output json`.
type runJSON struct {
	RunID   string    `json:"run_id"`
	Kind    string    `json:"kind"`
	Label   string    `json:"label"` // whom it was sent as; "" in older journals
	Started time.Time `json:"started"`
	Updated time.Time `json:"updated"`
	Total   int       `json:"total"`
	Settled int       `json:"settled"`
	Busy    bool      `json:"busy"`
	Resume  string    `json:"resume"`
}

// runRuns lists the runs in the state directory that did not finish,
// newest first, each with the command line that resumes it. It reads the
// journals only: no connection, no credentials.
func runRuns(_ context.Context, env *Env) int {
	fs := env.CommandFlags("runs")
	stateDir := fs.String("state-dir", "", "directory of the run journals (default $XDG_STATE_HOME/cenroute or ~/.local/state/cenroute)")
	output := fs.String("output", "table", "output format: table or json")
	if ok, code := env.ParseCommand(fs, runsUsage); !ok {
		return code
	}
	if err := checkOutput(*output); err != nil {
		return usageError(env, runsUsage, err.Error())
	}
	runs, err := engine.Unfinished(*stateDir)
	if err != nil {
		return failed(env, err)
	}
	if *output == "json" {
		out := make([]runJSON, len(runs))
		for i, r := range runs {
			out[i] = runJSON{RunID: r.ID, Kind: r.Kind, Label: r.Label, Started: r.Started, Updated: r.Updated,
				Total: r.Total, Settled: r.Settled, Busy: r.Busy, Resume: ResumeCommand(env.Globals, r.Kind, r.ID, *stateDir)}
		}
		if err := writeJSON(env.Stdout, out); err != nil {
			return failed(env, err)
		}
		return ExitOK
	}
	if len(runs) == 0 {
		fmt.Fprintln(env.Stderr, "no unfinished runs")
		return ExitOK
	}
	for _, r := range runs {
		fmt.Fprintf(env.Stdout, "%s  %s\n  %s\n", r.ID, describeRun(r), ResumeCommand(env.Globals, r.Kind, r.ID, *stateDir))
	}
	return ExitOK
}

// describeRun says what a run is and how far it got: "apply of 500 hosts,
// 312 settled, started 2026-11-25 22:25 UTC, as LTAI****abcd at ...".
func describeRun(r engine.RunInfo) string {
	what := count(r.Total, "host", "hosts")
	if r.Kind == engine.KindDelete {
		what = count(r.Total, "entry", "entries")
	}
	text := fmt.Sprintf("%s of %s, %d settled, started %s", r.Kind, what, r.Settled, r.Started.UTC().Format("2006-01-02 15:04 UTC"))
	if r.Label != "" {
		text += ", as " + shownMessage(r.Label)
	}
	if r.Busy {
		text += "; running now: resume it once it has stopped"
	}
	return text
}
