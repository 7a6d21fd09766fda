package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// finish prints the report and returns the exit code: 0 when every host
// ended as asked, 1 otherwise.
func (a *app) finish(rep engine.Report, output, resume string) int {
	var err error
	if output == "json" {
		err = writeJSON(a.stdout, rep)
	} else {
		err = writeReportTable(a.stdout, rep)
	}
	if err != nil {
		return a.failed(err)
	}
	fmt.Fprintf(a.stderr, "%s; %s, in %s (run %s)\n", summary(a.words, rep), callsSummary(rep), rep.Elapsed.Round(100*time.Millisecond), rep.RunID)
	if rep.JournalError != "" {
		fmt.Fprintf(a.stderr, "warning: %s\n", shownMessage(rep.JournalError))
	}
	if rep.Halt != nil {
		fmt.Fprintf(a.stderr, "stopped: the API refused the credentials: %s\n", shownMessage(rep.Halt.Text()))
		if rep.Halt.Permission != "" {
			fmt.Fprintf(a.stderr, "'cenroute doctor --policy' prints a RAM policy that allows every call cenroute makes\n")
		}
		fmt.Fprintf(a.stderr, "once that is done, resume with: %s\n", resume)
	} else if rep.Stopped {
		fmt.Fprintf(a.stderr, "stopped; resume with: %s\n", resume)
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
func summary(words *i18n.Localizer, rep engine.Report) string {
	total := words.T("common.hosts", i18n.Args{"Count": len(rep.Hosts)})
	switch rep.Kind {
	case engine.KindDelete:
		total = count(len(rep.Hosts), "entry", "entries")
	case engine.KindSync:
		total = count(len(rep.Hosts), "call", "calls")
	}
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
		parts[i] = fmt.Sprintf("%d %s", counts[s], s)
	}
	return total + ": " + strings.Join(parts, ", ")
}

// callsSummary counts the run's API calls and those throttled: "656
// calls, 12 throttled (1.8%)". The API counts throttled calls against the
// account, so the share says how politely the run went.
func callsSummary(rep engine.Report) string {
	switch {
	case rep.Calls == 0:
		return "no calls"
	case rep.ThrottledCalls == 0:
		return count(rep.Calls, "call", "calls") + ", none throttled"
	}
	return fmt.Sprintf("%s, %d throttled (%.1f%%)", count(rep.Calls, "call", "calls"), rep.ThrottledCalls,
		100*float64(rep.ThrottledCalls)/float64(rep.Calls))
}

// writeReportTable prints one row per host (or entry).
func writeReportTable(w io.Writer, rep engine.Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	switch rep.Kind {
	case engine.KindDelete:
		fmt.Fprintln(tw, "HOST\tHOST REGION\tACCESS REGION\tSTATUS\tATTEMPTS\tREQUEST ID\tERROR")
	case engine.KindSync:
		fmt.Fprintln(tw, "OP\tHOST\tHOST REGION\tACCESS REGIONS\tSTATUS\tATTEMPTS\tREQUEST ID\tERROR")
	default:
		fmt.Fprintln(tw, "HOST\tACCESS REGIONS\tSTATUS\tATTEMPTS\tREQUEST ID\tERROR")
	}
	for _, h := range rep.Hosts {
		problem := "-"
		if h.Status == engine.StatusFailed {
			problem = shownMessage(errorWords(h.Code, h.Message))
		}
		requestID := shown(h.RequestID)
		if requestID == "" {
			requestID = "-"
		}
		regions := strings.Join(h.AccessRegionIDs, ",")
		if rep.Kind != engine.KindApply {
			regions = h.HostRegionID + "\t" + regions
		}
		host := shown(h.Host)
		if rep.Kind == engine.KindSync {
			host = h.Op + "\t" + host
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", host, regions, h.Status, h.Attempts, requestID, problem)
	}
	return tw.Flush()
}
