package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views/savefile"
)

// Report file formats.
const (
	formatJSON = "json"
	formatCSV  = "csv"
)

// saveReport saves the report: in the room at once, as JSON under a name
// of its own, when the view has one; else through the prompt, with the
// default path for the run (see savefile.Saver).
func (v *View) saveReport() tea.Cmd {
	v.copied = ""
	report := v.report // the write runs in a command: a copy, never the view
	format := func(f string) savefile.Format {
		return savefile.Format{Ext: f, Bytes: func() ([]byte, error) { return reportBytes(f, report) }}
	}
	return v.saver.Start("cenroute-"+v.report.RunID, format(formatJSON), format(formatCSV))
}

// reportBytes is the report in format: indented JSON, or CSV.
func reportBytes(format string, report engine.Report) ([]byte, error) {
	if format == formatCSV {
		return reportCSV(report)
	}
	data, err := json.MarshalIndent(report, "", "  ")
	return append(data, '\n'), err
}

// csvHeader names the CSV report's columns.
var csvHeader = []string{"host", "access_region_ids", "status", "request_id", "attempts", "code", "message"}

// reportCSV is one row per host; access regions are space-separated.
func reportCSV(report engine.Report) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(csvHeader); err != nil {
		return nil, err
	}
	for _, h := range report.Hosts {
		rec := []string{h.Host, strings.Join(h.AccessRegionIDs, " "), h.Status, h.RequestID,
			strconv.Itoa(h.Attempts), h.Code, h.Message}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
