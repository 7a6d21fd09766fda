// Package hostrow is the one place that knows how a host of a run is shown:
// its status word (queued, sending, retrying, accepted, creating, active,
// present, failed, stopped), its RequestId and, for a failure or a retry,
// why. The submit view's live list and the results table both render hosts
// through it, so a host reads the same on both screens.
package hostrow

import (
	"strconv"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/table"
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
	Message   string // failure message in words, when Status is failed
	Reason    string // why the last retry happens, in words, when Status is retrying
}

// FromResult is the row of a host in a finished run's report, its message
// said in lang's words (see views.ResultMessage).
func FromResult(lang *i18n.Localizer, r engine.HostResult) Row {
	row := Row{Host: r.Host, Status: r.Status, Attempts: r.Attempts, RequestID: r.RequestID,
		Code: r.Code, Message: views.ResultMessage(lang, r)}
	if r.HostRegionID != "" && len(r.AccessRegionIDs) == 1 {
		row.Region = r.AccessRegionIDs[0]
	}
	return row
}

// Key identifies the row of an event's host: the host, and for a delete
// run its access region too (one host can have an entry in several).
func Key(host, region string) string { return host + "|" + region }

// Apply moves the row to the state an engine event describes, its reason
// or message said in lang's words (see views.EventMessage). Fields an
// event does not carry (a RequestId already seen, say) are kept.
func (r Row) Apply(lang *i18n.Localizer, ev engine.Event) Row {
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
		r.Reason = views.EventMessage(lang, ev)
	case engine.EventFailed:
		r.Code, r.Message = ev.Code, views.EventMessage(lang, ev)
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

// Detail is the row's explanation in lang's words: the code and message
// of a failure, or the reason for a retry; "" when there is nothing to
// explain.
func (r Row) Detail(lang *i18n.Localizer) string {
	switch {
	case r.Status == engine.StatusFailed && r.Code != "" && r.Message != "":
		return lang.T("run.host.failure", i18n.Args{"Code": r.Code, "Message": r.Message})
	case r.Status == engine.StatusFailed:
		return r.Code + r.Message
	case r.Status == string(engine.EventRetrying):
		return r.Reason
	case r.Status == string(engine.EventSending) && r.Attempts > 1:
		return lang.T("run.host.attempt", i18n.Args{"Attempt": strconv.Itoa(r.Attempts)})
	}
	return ""
}

// Widths of the columns: the longest IPv4 CIDR ("100.127.255.255/32"; a
// delete run's rows add the region, and the column grows), the longest
// status ("~ retrying" / "~ accepted"), and a RequestId (a UUID). They are
// set rather than measured so that nothing jumps as a run goes on.
const (
	hostWidth      = 18
	statusWidth    = 10
	requestIDWidth = 36
)

// Columns are the columns of a table of hosts, titled in lang's words:
// the host and its RequestId whole, the status at its width, and the
// detail (free text) taking the rest and giving way first.
func Columns(lang *i18n.Localizer) []table.Column {
	return []table.Column{
		{Title: lang.T("run.host.column.host"), Width: hostWidth, Whole: true},
		{Title: lang.T("run.host.column.status"), Width: statusWidth, Min: statusWidth},
		{Title: lang.T("run.host.column.request_id"), Width: requestIDWidth, Whole: true},
		{Title: lang.T("run.host.column.detail"), Fill: true},
	}
}

// Options are the table options of a table of hosts; cursor says whether
// it has a cursor.
func Options(cursor bool) table.Options { return table.Options{Cursor: cursor, Gap: 1} }

// Cells are the row's plain-text cells in column order (no styling, so that
// a table can measure and cut them).
func (r Row) Cells(st *theme.Styles) []string {
	status, _ := st.StatusStyle(r.Status)
	host := r.Host
	if r.Region != "" {
		host += " " + r.Region
	}
	return []string{host, status, r.RequestID, r.Detail(st.Lang)}
}

// statusColumn is the index of the status in Columns.
const statusColumn = 1

// Draw is the table.Row of r: the status painted in its colour, the rest
// plain.
func (r Row) Draw(st *theme.Styles, cursor bool) table.Row {
	_, style := st.StatusStyle(r.Status)
	return table.Row{
		Cells:  r.Cells(st),
		Cursor: cursor,
		Paint: func(c int, text string) string {
			if c == statusColumn {
				return style.Render(text)
			}
			return text
		},
	}
}
