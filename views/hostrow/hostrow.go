// Package hostrow is the one place that knows how a host of a run is shown:
// its status word (queued, sending, retrying, accepted, creating, active,
// present, failed, stopped), its RequestId and, for a failure or a retry,
// why. The submit view's live list and the results table both render hosts
// through it, so a host reads the same on both screens.
package hostrow

import (
	"strconv"
	"strings"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views/layout"
)

// Row is one host's current state (for a delete run, one entry: a host in
// one access region).
type Row struct {
	Host      string
	Region    string // delete runs: the entry's access region
	Status    string // an engine event kind or Status word; a skipped host is "present"
	Attempts  int
	RequestID string
	Code      string // failure code, when Status is failed
	Message   string // failure message, when Status is failed
	Reason    string // why the last retry happens, when Status is retrying
}

// FromResult is the row of a host in a finished run's report.
func FromResult(r engine.HostResult) Row {
	row := Row{Host: r.Host, Status: r.Status, Attempts: r.Attempts, RequestID: r.RequestID,
		Code: r.Code, Message: r.Message}
	if r.HostRegionID != "" && len(r.AccessRegionIDs) == 1 {
		row.Region = r.AccessRegionIDs[0]
	}
	return row
}

// Key identifies the row of an event's host: the host, and for a delete
// run its access region too (one host can have an entry in several).
func Key(host, region string) string { return host + "|" + region }

// Apply moves the row to the state an engine event describes. Fields an
// event does not carry (a RequestId already seen, say) are kept.
func (r Row) Apply(ev engine.Event) Row {
	r.Status = statusOf(ev.Kind)
	if ev.Attempt > r.Attempts {
		r.Attempts = ev.Attempt
	}
	if ev.RequestID != "" {
		r.RequestID = ev.RequestID
	}
	r.Reason = ""
	switch ev.Kind {
	case engine.EventRetrying:
		r.Reason = ev.Reason
	case engine.EventFailed:
		r.Code, r.Message = ev.Code, ev.Message
	}
	return r
}

// statusOf names the state a host is in after an event of kind k: the
// event's own word, except that a skipped host is "present" as in reports.
func statusOf(k engine.EventKind) string {
	if k == engine.EventSkipped {
		return engine.StatusPresent
	}
	return string(k)
}

// Final reports whether the row will not change any more in this run.
func (r Row) Final() bool {
	switch r.Status {
	case engine.StatusActive, engine.StatusPresent, engine.StatusFailed, engine.StatusStopped,
		engine.StatusDeleted, engine.StatusAbsent:
		return true
	}
	return false
}

// Detail is the row's explanation in words: the code and message of a
// failure, or the reason for a retry; "" when there is nothing to explain.
func (r Row) Detail() string {
	switch {
	case r.Status == engine.StatusFailed && r.Code != "" && r.Message != "":
		return r.Code + ": " + r.Message
	case r.Status == engine.StatusFailed:
		return r.Code + r.Message
	case r.Status == string(engine.EventRetrying):
		return r.Reason
	case r.Status == string(engine.EventSending) && r.Attempts > 1:
		return "attempt " + strconv.Itoa(r.Attempts)
	}
	return ""
}

// Columns are the widths of the four columns, without the one-space gaps
// between them.
type Columns struct {
	Host, Status, RequestID, Detail int
}

// Fixed column widths: the longest IPv4 CIDR ("100.127.255.255/32"), the
// longest status ("… retrying" / "… accepted"), and a RequestId (a UUID).
const (
	hostWidth      = 18
	statusWidth    = 10
	requestIDWidth = 36
	gaps           = 3
	minDetailWidth = 10
)

// Layout shares width among the columns: host and status keep their size,
// the RequestId gets up to a UUID's width while leaving the detail a
// readable minimum, and the detail takes the rest.
func Layout(width int) Columns {
	c := Columns{Host: hostWidth, Status: statusWidth}
	rest := max(0, width-hostWidth-statusWidth-gaps)
	c.RequestID = min(requestIDWidth, max(0, rest-minDetailWidth))
	c.Detail = rest - c.RequestID
	return c
}

// Headers are the column titles, in column order.
func Headers() []string { return []string{"HOST", "STATUS", "REQUEST ID", "DETAIL"} }

// Cells are the row's plain-text cells in column order (no styling, so that
// a table can measure and truncate them).
func (r Row) Cells(st *theme.Styles) []string {
	status, _ := st.StatusStyle(r.Status)
	host := r.Host
	if r.Region != "" {
		host += " " + r.Region
	}
	return []string{host, status, r.RequestID, r.Detail()}
}

// Render draws the row as one line in the given columns: status painted in
// its colour, the rest plain; cells that do not fit are cut with an
// ellipsis.
func Render(st *theme.Styles, r Row, c Columns) string {
	cells := r.Cells(st)
	_, statusStyle := st.StatusStyle(r.Status)
	widths := []int{c.Host, c.Status, c.RequestID, c.Detail}
	parts := make([]string, 0, len(cells))
	for i, cell := range cells {
		if widths[i] <= 0 {
			continue
		}
		text := layout.Fit(cell, widths[i], st.Glyphs.Ellipsis)
		if i == 1 {
			text = statusStyle.Render(text)
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, " ")
}

// RenderHeader draws the column titles in the given columns.
func RenderHeader(st *theme.Styles, c Columns) string {
	widths := []int{c.Host, c.Status, c.RequestID, c.Detail}
	parts := make([]string, 0, len(widths))
	for i, h := range Headers() {
		if widths[i] > 0 {
			parts = append(parts, layout.Fit(h, widths[i], st.Glyphs.Ellipsis))
		}
	}
	return st.TableHead.Render(strings.Join(parts, " "))
}
