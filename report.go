package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
	"github.com/cenroute/cenroute/views"
)

// finish prints the report and returns the exit code: 0 when every host
// ended as asked, 1 otherwise.
func (a *app) finish(rep engine.Report, output, resume string) int {
	var err error
	if output == "json" {
		err = writeJSON(a.stdout, rep)
	} else {
		err = a.writeReportTable(a.stdout, rep)
	}
	if err != nil {
		return a.failed(err)
	}
	w := a.words
	fmt.Fprintln(a.stderr, w.T("cli.run.summary", i18n.Args{"Results": a.summary(rep), "Calls": a.callsSummary(rep),
		"Elapsed": rep.Elapsed.Round(100 * time.Millisecond), "RunID": rep.RunID}))
	if rep.JournalError != "" {
		fmt.Fprintln(a.stderr, w.T("cli.run.journalWarning", i18n.Args{"Problem": shownMessage(rep.JournalError)}))
	}
	if rep.Halt != nil {
		fmt.Fprintln(a.stderr, w.T("cli.run.halted", i18n.Args{"Halt": shownMessage(views.HaltText(w, *rep.Halt))}))
		if rep.Halt.Permission != "" {
			fmt.Fprintln(a.stderr, w.T("cli.run.policyHint"))
		}
		fmt.Fprintln(a.stderr, w.T("cli.run.resumeOnceFixed", i18n.Args{"Command": resume}))
	} else if rep.Stopped {
		fmt.Fprintln(a.stderr, w.T("cli.run.stoppedResume", i18n.Args{"Command": resume}))
	}
	for _, h := range rep.Hosts {
		if !succeeded(h.Status) {
			return exitcode.Failed
		}
	}
	return exitcode.OK
}

// succeeded: the statuses that mean "done as asked".
func succeeded(status string) bool {
	switch status {
	case engine.StatusActive, engine.StatusPresent, engine.StatusAccepted,
		engine.StatusDeleted, engine.StatusDeleting, engine.StatusAbsent:
		return true
	}
	return false
}

// summary counts the results by status: "500 hosts: 498 active, 2 present".
func (a *app) summary(rep engine.Report) string {
	counts := map[string]int{}
	var order []string
	for _, h := range rep.Hosts {
		if counts[h.Status] == 0 {
			order = append(order, h.Status)
		}
		counts[h.Status]++
	}
	parts := make([]string, len(order))
	for i, s := range order {
		parts[i] = a.words.T("cli.run.statusCount", i18n.Args{"Count": counts[s], "Status": a.statusWord(s)})
	}
	return a.words.T("cli.run.results", i18n.Args{"Total": a.counted(rep.Kind, len(rep.Hosts)), "Counts": a.list(parts)})
}

// callsSummary counts the run's API calls and those throttled: "656
// calls, 12 throttled (1.8%)". The API counts throttled calls against the
// account, so the share says how politely the run went.
func (a *app) callsSummary(rep engine.Report) string {
	switch {
	case rep.Calls == 0:
		return a.words.T("cli.run.noCalls")
	case rep.ThrottledCalls == 0:
		return a.words.T("cli.run.noneThrottled", i18n.Args{"Calls": a.calls(rep.Calls)})
	}
	return a.words.T("cli.run.throttled", i18n.Args{"Calls": a.calls(rep.Calls), "Throttled": rep.ThrottledCalls,
		"Share": fmt.Sprintf("%.1f%%", 100*float64(rep.ThrottledCalls)/float64(rep.Calls))})
}

// writeReportTable prints one row per host (or entry).
func (a *app) writeReportTable(w io.Writer, rep engine.Report) error {
	t, words := newTable(2), a.words
	host, hostRegion, status := words.T("cli.table.host"), words.T("cli.table.hostRegion"), words.T("cli.table.status")
	attempts, requestID, problem := words.T("cli.table.attempts"), words.T("cli.table.requestId"), words.T("cli.table.error")
	switch rep.Kind {
	case engine.KindDelete:
		t.row(host, hostRegion, words.T("cli.table.accessRegion"), status, attempts, requestID, problem)
	case engine.KindSync:
		t.row(words.T("cli.table.op"), host, hostRegion, words.T("cli.table.accessRegions"), status, attempts, requestID, problem)
	default:
		t.row(host, words.T("cli.table.accessRegions"), status, attempts, requestID, problem)
	}
	for _, r := range rep.Hosts {
		problem := "-"
		if r.Status == engine.StatusFailed {
			problem = shownMessage(a.withCode(r.Code, views.ResultMessage(a.words, r)))
		}
		requestID := orDash(shown(r.RequestID))
		var cells []string
		if rep.Kind == engine.KindSync {
			cells = append(cells, a.op(r.Op))
		}
		cells = append(cells, shown(r.Host))
		if rep.Kind != engine.KindApply {
			cells = append(cells, r.HostRegionID)
		}
		cells = append(cells, strings.Join(r.AccessRegionIDs, ","), a.statusWord(r.Status), fmt.Sprint(r.Attempts), requestID, problem)
		t.row(cells...)
	}
	return t.write(w)
}
