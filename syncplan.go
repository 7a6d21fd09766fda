package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/routesfile"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
	"github.com/cenroute/cenroute/views"
)

// What plan and sync share: reading a routes file, checking it against
// the CEN (the target rule for every service, then the difference), and
// showing that difference.

// loadRoutes reads the routes file at path. A bad file is reported, each
// mistake at its line, and ends the command with exitcode.Usage before
// anything is read from the API.
func (a *app) loadRoutes(path string) (*routesfile.File, int, bool) {
	f, err := routesfile.Load(path)
	if err == nil {
		return f, exitcode.OK, false
	}
	var fe *routesfile.Error
	if !errors.As(err, &fe) {
		return nil, a.inputError(a.errorText(err)), true
	}
	a.printFileProblems(fe)
	return nil, a.inputError(a.words.T("cli.routes.problems", i18n.Args{"File": shown(path), "Count": len(fe.Problems)})), true
}

// printFileProblems prints each mistake a routes file reader found
// (FILE:LINE: what), one a line, when err lists them.
func (a *app) printFileProblems(err error) {
	var fe *routesfile.Error
	if !errors.As(err, &fe) {
		return
	}
	for _, line := range views.ErrorLines(a.words, fe) {
		fmt.Fprintln(a.stderr, shownMessage(line))
	}
}

// checkRoutes checks the file's wanted state against the CEN as it is now
// (engine.CheckSync) and returns the difference. Services the target rule
// rejects are reported at their lines, and end the command with
// exitcode.Usage: nothing is sent.
func (a *app) checkRoutes(ctx context.Context, eng *engine.Engine, client *cenapi.Client, f *routesfile.File,
	o engine.SyncOptions) (engine.SyncDiff, int, bool) {
	d, problems, err := eng.CheckSync(ctx, client.WithRetry(eng), f.Wanted(), o)
	if err != nil {
		return d, a.failedChecking(err), true
	}
	for _, p := range problems {
		fmt.Fprintln(a.stderr, a.errorText(f.Placed(p)))
	}
	if len(problems) > 0 {
		return d, a.inputError(a.words.T("cli.routes.refused", i18n.Args{"File": shown(f.Name())})), true
	}
	return d, exitcode.OK, false
}

// planJSON is what `plan --output json` (and `sync --dry-run --output
// json`) prints: every entry of the difference, the options, and the
// number of calls. Keys and values are the same in every language.
type planJSON struct {
	File string `json:"file"`
	engine.SyncDiff
	Prune   bool `json:"prune"`
	Replace bool `json:"replace"`
	Calls   int  `json:"calls"`
	Matches bool `json:"matches"` // the CEN will match the file once the calls are made
}

// printPlan shows the difference: as JSON on stdout, or as a table of the
// changes on stdout and a summary on stderr.
func (a *app) printPlan(path string, d engine.SyncDiff, output string) error {
	if output == "json" {
		return writeJSON(a.stdout, planJSON{File: path, SyncDiff: d, Prune: d.Options.Prune, Replace: d.Options.Replace,
			Calls: d.Calls(), Matches: d.Matches()})
	}
	if err := a.writePlanTable(a.stdout, d); err != nil {
		return err
	}
	fmt.Fprintln(a.stderr, a.planSummary(path, d))
	return nil
}

// writePlanTable prints one row per entry that changes or differs;
// unchanged entries are only counted (see planSummary).
func (a *app) writePlanTable(w io.Writer, d engine.SyncDiff) error {
	t, words := newTable(2), a.words
	row := func(action string, e engine.DiffEntry, vpc, desc string) {
		if len(t.rows) == 0 {
			t.row(words.T("cli.table.action"), words.T("cli.table.host"), words.T("cli.table.hostRegion"),
				words.T("cli.table.accessRegion"), words.T("cli.table.hostVpc"), words.T("cli.table.description"),
				words.T("cli.table.service"))
		}
		t.row(action, shown(e.Host), shown(e.HostRegionID), shown(e.AccessRegionID), vpc, desc, orDash(shown(e.Service)))
	}
	for _, e := range d.Creates {
		row(words.T("cli.plan.create"), e, shown(e.HostVpcID), quotedDescription(e.Description))
	}
	for _, c := range d.Replaces {
		row(words.T("cli.plan.replace"), c.DiffEntry, changed(c.From.HostVpcID, c.HostVpcID, shown),
			changed(c.From.Description, c.Description, quotedDescription))
	}
	for _, e := range d.Deletes {
		row(words.T("cli.plan.delete"), e, shown(e.HostVpcID), quotedDescription(e.Description))
	}
	for _, c := range d.Changes {
		reasons := make([]string, len(c.Reasons))
		for i, r := range c.Reasons {
			reasons[i] = a.reason(r)
		}
		row(words.T("cli.plan.differsKept", i18n.Args{"Reasons": a.list(reasons)}), c.DiffEntry,
			changed(c.From.HostVpcID, c.HostVpcID, shown), changed(c.From.Description, c.Description, quotedDescription))
	}
	for _, e := range d.Extras {
		row(words.T("cli.plan.extraKept"), e, shown(e.HostVpcID), quotedDescription(e.Description))
	}
	return t.write(w)
}

// reason says why an entry differs from the file (engine.ReasonHostVPC,
// ...).
func (a *app) reason(r string) string {
	switch r {
	case engine.ReasonHostVPC:
		return a.words.T("cli.plan.reason.hostVpc")
	case engine.ReasonDescription:
		return a.words.T("cli.plan.reason.description")
	case engine.ReasonFailed:
		return a.words.T("cli.plan.reason.failed")
	case engine.ReasonDeleting:
		return a.words.T("cli.plan.reason.deleting")
	}
	return shown(r)
}

// changed is "from -> to", or the value alone when it does not change.
func changed(from, to string, show func(string) string) string {
	if from == to {
		return show(to)
	}
	return show(from) + " -> " + show(to)
}

// quotedDescription shows a description in quotes, so that an empty one
// is seen.
func quotedDescription(s string) string { return shown(fmt.Sprintf("%q", s)) }

// orDash is s, or "-" for nothing.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// planSummary counts the difference in words: "plan: 2 to create, 1 to
// delete, 1 to replace, 3 unchanged (4 calls)", or "nothing to do", with
// what is kept and the flag that would change it.
func (a *app) planSummary(path string, d engine.SyncDiff) string {
	text := a.words.T("cli.plan.summary", i18n.Args{"Create": len(d.Creates), "Delete": len(d.Deletes),
		"Replace": len(d.Replaces), "Unchanged": len(d.Unchanged), "Calls": a.calls(d.Calls())})
	if d.Calls() == 0 {
		text = a.words.T("cli.plan.nothingToDo", i18n.Args{"CEN": shown(d.CenID), "Entries": a.entries(len(d.Unchanged)),
			"File": shown(path)})
	}
	return a.clauses(append([]string{text}, a.kept(d)...))
}

// kept says what the plan leaves as it is, and why: extras without
// --prune, then what differs (see differs).
func (a *app) kept(d engine.SyncDiff) []string {
	var parts []string
	if n := len(d.Extras); n > 0 {
		parts = append(parts, a.words.T("cli.plan.extrasKept", i18n.Args{"Count": n}))
	}
	return append(parts, a.differs(d)...)
}

// differs says which wanted entries differ and stay so: without
// --replace, or being deleted; nothing for none.
func (a *app) differs(d engine.SyncDiff) []string {
	var parts []string
	deleting := 0
	for _, c := range d.Changes {
		if slices.Contains(c.Reasons, engine.ReasonDeleting) {
			deleting++
		}
	}
	if n := len(d.Changes) - deleting; n > 0 {
		parts = append(parts, a.words.T("cli.plan.differKept", i18n.Args{"Count": n}))
	}
	if deleting > 0 {
		parts = append(parts, a.words.T("cli.plan.beingDeleted", i18n.Args{"Count": deleting}))
	}
	return parts
}
