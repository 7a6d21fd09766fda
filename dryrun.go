package main

import (
	"fmt"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// dryRunJSON is what `apply --dry-run --output json` prints.
type dryRunJSON struct {
	Plan      engine.Plan       `json:"plan"`
	Present   []string          `json:"present"`
	Conflicts map[string]string `json:"conflicts"`
	Calls     []dryRunCall      `json:"calls"`
}

type dryRunCall struct {
	Host            string   `json:"host"`
	AccessRegionIDs []string `json:"access_region_ids"`
	Command         string   `json:"command"`
}

// printDryRun prints the calls an apply would make. Conflicts make it exit
// 2, as the apply would.
func (a *app) printDryRun(prep engine.Prepared, output string) int {
	if output == "json" {
		out := dryRunJSON{Plan: prep.Plan, Present: nonNil(prep.Present), Conflicts: prep.Conflicts, Calls: []dryRunCall{}}
		for _, c := range prep.Calls {
			out.Calls = append(out.Calls, dryRunCall{c.Request.Host, c.Request.AccessRegionIDs, c.Command})
		}
		if err := writeJSON(a.stdout, out); err != nil {
			return a.failed(err)
		}
	} else {
		for _, c := range prep.Calls {
			fmt.Fprintln(a.stdout, c.Command)
		}
		for _, h := range prep.Present {
			fmt.Fprintln(a.stderr, a.words.T("cli.dryRun.present", i18n.Args{"Host": shown(h)}))
		}
	}
	a.printConflicts(prep)
	fmt.Fprintln(a.stderr, a.words.T("cli.dryRun.summary", i18n.Args{"Calls": a.calls(len(prep.Calls)),
		"Present": a.hosts(len(prep.Present)), "Conflicts": len(prep.Conflicts)}))
	if len(prep.Conflicts) > 0 {
		return exitcode.Usage
	}
	return exitcode.OK
}
