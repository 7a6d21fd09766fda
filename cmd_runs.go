package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/tui/exitcode"
)

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

// newRunsCommand is 'cenroute runs': the runs in the state directory that
// did not finish, newest first, each with the command line that resumes
// it. It reads the journals only: no connection, no credentials.
func (a *app) newRunsCommand() *cobra.Command {
	var stateDir, output string
	cmd := &cobra.Command{
		Use:   "runs [--state-dir DIR] [--output table|json]",
		Short: "list the runs that did not finish, with the command that resumes each",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runRuns(cmd, stateDir, output))
		},
	}
	cmd.Flags().StringVar(&stateDir, "state-dir", "", "directory of the run journals (default $XDG_STATE_HOME/cenroute or ~/.local/state/cenroute)")
	cmd.Flags().StringVar(&output, "output", "table", "output format: table or json")
	return cmd
}

func (a *app) runRuns(cmd *cobra.Command, stateDir, output string) int {
	if err := checkOutput(output); err != nil {
		return a.usageError(cmd, err.Error())
	}
	runs, err := engine.Unfinished(stateDir)
	if err != nil {
		return a.failed(err)
	}
	if output == "json" {
		out := make([]runJSON, len(runs))
		for i, r := range runs {
			out[i] = runJSON{RunID: r.ID, Kind: r.Kind, Label: r.Label, Started: r.Started, Updated: r.Updated,
				Total: r.Total, Settled: r.Settled, Busy: r.Busy, Resume: resumeCommand(a.globals, r.Kind, r.ID, stateDir)}
		}
		if err := writeJSON(a.stdout, out); err != nil {
			return a.failed(err)
		}
		return exitcode.OK
	}
	if len(runs) == 0 {
		fmt.Fprintln(a.stderr, "no unfinished runs")
		return exitcode.OK
	}
	for _, r := range runs {
		fmt.Fprintf(a.stdout, "%s  %s\n  %s\n", r.ID, describeRun(r), resumeCommand(a.globals, r.Kind, r.ID, stateDir))
	}
	return exitcode.OK
}

// describeRun says what a run is and how far it got: "apply of 500 hosts,
// 312 settled, started 2026-11-25 22:25 UTC, as LTAI****abcd at ...".
func describeRun(r engine.RunInfo) string {
	what := count(r.Total, "host", "hosts")
	switch r.Kind {
	case engine.KindDelete:
		what = count(r.Total, "entry", "entries")
	case engine.KindSync:
		what = count(r.Total, "call", "calls")
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
