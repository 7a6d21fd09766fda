package hostrow

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views/internal/table"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

func TestApplyFollowsAHostsLife(t *testing.T) {
	t.Parallel()
	r := Row{Host: "100.118.28.0/24", Status: string(engine.EventQueued)}
	steps := []struct {
		ev     engine.Event
		status string
		detail string
	}{
		{engine.Event{Kind: engine.EventSending, Attempt: 1}, "sending", ""},
		{engine.Event{Kind: engine.EventRetrying, Attempt: 1, Reason: "Throttling.User: slowing down"}, "retrying", "Throttling.User: slowing down"},
		{engine.Event{Kind: engine.EventSending, Attempt: 2}, "sending", "attempt 2"},
		{engine.Event{Kind: engine.EventAccepted, RequestID: "REQ-1"}, "accepted", ""},
		{engine.Event{Kind: engine.EventCreating}, "creating", ""},
		{engine.Event{Kind: engine.EventFailed, Code: "Engine.EntryFailed", Message: "the entry ended Failed"}, "failed",
			"Engine.EntryFailed: the entry ended Failed"},
	}
	for _, s := range steps {
		r = r.Apply(nil, s.ev)
		if r.Status != s.status || r.Detail(nil) != s.detail {
			t.Fatalf("after %s: status %q detail %q, want %q %q", s.ev.Kind, r.Status, r.Detail(nil), s.status, s.detail)
		}
	}
	if r.RequestID != "REQ-1" || r.Attempts != 2 || !r.Final() {
		t.Errorf("row %+v", r)
	}
	if got := (Row{}).Apply(nil, engine.Event{Kind: engine.EventSkipped}).Status; got != engine.StatusPresent {
		t.Errorf("skipped shows as %q", got)
	}
}

// In a table of Columns, a host's RequestId is whole at every width the
// wizard lays out (the screen's edge cuts what does not fit), and its
// status reads in words.
func TestRowsDrawWithTheirIDsWhole(t *testing.T) {
	t.Parallel()
	st := viewtest.Styles()
	r := Row{Host: "100.118.28.0/24", Status: engine.StatusFailed, RequestID: "5A1F0000-0000-4000-8000-000000000001",
		Code: "CloudRoute.Exist", Message: strings.Repeat("long ", 40)}
	for _, w := range []int{80, 120, 200} {
		tbl := table.New(st, Columns(st.Lang), Options(true))
		tbl.GrowRow(r.Cells(st))
		tbl.SetWidth(w)
		line := tbl.Draw(r.Draw(st, false))
		if got := lipgloss.Width(line); got != w {
			t.Errorf("width %d: row is %d wide", w, got)
		}
		if !strings.Contains(line, "100.118.28.0/24    ✗ failed   "+r.RequestID+" CloudRou") {
			t.Errorf("width %d: row %q", w, line)
		}
	}
}
