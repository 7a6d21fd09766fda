package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
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
		Short: a.words.T("cli.runs.short"),
		Args:  a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runRuns(cmd, stateDir, output))
		},
	}
	cmd.Flags().StringVar(&stateDir, "state-dir", "", a.words.T("cli.flag.stateDir"))
	cmd.Flags().StringVar(&output, "output", "table", a.words.T("cli.flag.output"))
	return cmd
}

func (a *app) runRuns(cmd *cobra.Command, stateDir, output string) int {
	if err := a.checkOutput(output); err != nil {
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
		fmt.Fprintln(a.stderr, a.words.T("cli.runs.none"))
		return exitcode.OK
	}
	for _, r := range runs {
		fmt.Fprintf(a.stdout, "%s  %s\n  %s\n", r.ID, a.describeRun(r), resumeCommand(a.globals, r.Kind, r.ID, stateDir))
	}
	return exitcode.OK
}

// describeRun says what a run is and how far it got: "apply of 500 hosts,
// 312 settled, started 2026-11-25 22:25 UTC, as LTAI****abcd at ...".
func (a *app) describeRun(r engine.RunInfo) string {
	args := i18n.Args{"Kind": shown(r.Kind), "Total": a.counted(r.Kind, r.Total), "Settled": r.Settled,
		"Started": r.Started.UTC().Format("2006-01-02 15:04 UTC"), "Label": shownMessage(r.Label)}
	text := a.words.T("cli.runs.run", args)
	if r.Label != "" {
		text = a.words.T("cli.runs.runAs", args)
	}
	if r.Busy {
		text = a.clauses([]string{text, a.words.T("cli.runs.busy")})
	}
	return text
}
