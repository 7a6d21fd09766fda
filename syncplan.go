package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/routesfile"
	"github.com/cenroute/cenroute/tui/exitcode"
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
		return nil, a.inputError(shownMessage(err.Error())), true
	}
	for _, p := range fe.Problems {
		fmt.Fprintln(a.stderr, shownMessage(p))
	}
	return nil, a.inputError(shownMessage(fmt.Sprintf("%s: %s; nothing was sent", path,
		count(len(fe.Problems), "problem", "problems")))), true
}

// checkRoutes checks the file's wanted state against the CEN as it is now
// (engine.CheckSync) and returns the difference. Services the target rule
// rejects are reported at their lines, and end the command with
// exitcode.Usage: nothing is sent.
func (a *app) checkRoutes(ctx context.Context, eng *engine.Engine, client *cenapi.Client, f *routesfile.File,
	o engine.SyncOptions) (engine.SyncDiff, int, bool) {
	d, problems, err := eng.CheckSync(ctx, client.WithRetry(eng), f.Wanted(), o)
	if err != nil {
		return d, a.failed(fmt.Errorf("checking the CEN: %w", err)), true
	}
	for _, p := range problems {
		fmt.Fprintln(a.stderr, shownMessage(f.Where(p)))
	}
	if len(problems) > 0 {
		return d, a.inputError("the CEN cannot take what " + shown(f.Name()) + " asks for; nothing was sent"), true
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
	if err := writePlanTable(a.stdout, d); err != nil {
		return err
	}
	fmt.Fprintln(a.stderr, planSummary(path, d))
	return nil
}

// writePlanTable prints one row per entry that changes or differs;
// unchanged entries are only counted (see planSummary).
func writePlanTable(w io.Writer, d engine.SyncDiff) error {
	rows := 0
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(action string, e engine.DiffEntry, vpc, desc string) {
		if rows == 0 {
			fmt.Fprintln(tw, "ACTION\tHOST\tHOST REGION\tACCESS REGION\tHOST VPC\tDESCRIPTION\tSERVICE")
		}
		rows++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", action, shown(e.Host), shown(e.HostRegionID), shown(e.AccessRegionID),
			vpc, desc, orDash(shown(e.Service)))
	}
	for _, e := range d.Creates {
		row("create", e, shown(e.HostVpcID), quotedDescription(e.Description))
	}
	for _, c := range d.Replaces {
		row("replace", c.DiffEntry, changed(c.From.HostVpcID, c.HostVpcID, shown), changed(c.From.Description, c.Description, quotedDescription))
	}
	for _, e := range d.Deletes {
		row("delete", e, shown(e.HostVpcID), quotedDescription(e.Description))
	}
	for _, c := range d.Changes {
		row("differs, kept ("+strings.Join(c.Reasons, ", ")+")", c.DiffEntry,
			changed(c.From.HostVpcID, c.HostVpcID, shown), changed(c.From.Description, c.Description, quotedDescription))
	}
	for _, e := range d.Extras {
		row("extra, kept", e, shown(e.HostVpcID), quotedDescription(e.Description))
	}
	return tw.Flush()
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
func planSummary(path string, d engine.SyncDiff) string {
	text := fmt.Sprintf("plan: %d to create, %d to delete, %d to replace, %d unchanged (%s)", len(d.Creates), len(d.Deletes),
		len(d.Replaces), len(d.Unchanged), count(d.Calls(), "call", "calls"))
	if d.Calls() == 0 {
		text = fmt.Sprintf("nothing to do: %s has the %s %s wants", shown(d.CenID), entries(len(d.Unchanged)), shown(path))
	}
	if kept := keptWords(d); kept != "" {
		text += "; " + kept
	}
	return text
}

// keptWords says what the plan leaves as it is, and why: extras without
// --prune, then what differs (see differWords); "" for nothing.
func keptWords(d engine.SyncDiff) string {
	var parts []string
	if n := len(d.Extras); n > 0 {
		parts = append(parts, count(n, "extra entry is kept (--prune deletes it)", "extra entries are kept (--prune deletes them)"))
	}
	if differ := differWords(d); differ != "" {
		parts = append(parts, differ)
	}
	return strings.Join(parts, "; ")
}

// differWords says which wanted entries differ and stay so: without
// --replace, or being deleted; "" for none.
func differWords(d engine.SyncDiff) string {
	var parts []string
	deleting := 0
	for _, c := range d.Changes {
		if slices.Contains(c.Reasons, engine.ReasonDeleting) {
			deleting++
		}
	}
	if n := len(d.Changes) - deleting; n > 0 {
		parts = append(parts, count(n, "entry differs from the file and is kept (--replace replaces it)",
			"entries differ from the file and are kept (--replace replaces them)"))
	}
	if deleting > 0 {
		parts = append(parts, count(deleting, "wanted entry is", "wanted entries are")+" being deleted: sync again once gone")
	}
	return strings.Join(parts, "; ")
}

// entries is "1 entry" or "n entries".
func entries(n int) string { return count(n, "entry", "entries") }
