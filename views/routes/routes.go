// Package routes is the "route services" view reached from the CEN step:
// the entries that already exist on a CEN, in a table that filters, sorts
// and selects, with deletion of the selected entries behind a confirmation
// that states the count, followed to the end through the engine's events.
package routes

import (
	"cmp"
	"context"
	"maps"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/cenapi/routesfile"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/picker"
	"github.com/cenroute/cenroute/views/savefile"
)

// Source is what this view needs from the API; *cenapi.Client satisfies it.
type Source interface {
	DescribeRouteServices(ctx context.Context, f cenapi.RouteServiceFilter) ([]cenapi.RouteService, error)
}

var _ Source = (*cenapi.Client)(nil)

// Deleter starts the deletion of entries and returns the engine run whose
// events report each host's progress. The view drains the events until
// the run ends.
type Deleter func(ctx context.Context, entries []cenapi.RouteService) (*engine.Run, error)

// mode is what the view is doing besides showing the table.
type mode int

const (
	browsing   mode = iota
	confirming      // "Delete N route services? y/N" is open
	deleting        // a deletion run is being followed
)

// startedMsg is the Deleter's reply.
type startedMsg struct {
	id     views.Ticket
	events <-chan engine.Event
	err    error
}

// eventMsg is one event of the deletion run, or its end (closed).
type eventMsg struct {
	id     views.Ticket
	events <-chan engine.Event
	event  engine.Event
	closed bool
}

// View is the route-services view.
type View struct {
	*picker.Model[cenapi.RouteService]
	st      *theme.Styles
	cenID   string
	del     Deleter
	saver   *savefile.Saver // exports to a routes file
	keys    keyMap
	runs    views.Requests
	mode    mode
	pending []cenapi.RouteService   // the entries being confirmed or deleted
	last    map[string]engine.Event // latest event per entry (eventKey) of the run
	outcome []string                // how the last deletion ended

	// deleting holds the entries (entryKey) of the deletion being
	// followed: their rows say so until the reload after it. The table's
	// status column reads it, so it is changed in place, never replaced.
	deleting map[string]bool
}

var _ views.View = (*View)(nil)

// New builds the view of cen's route services; Init loads them. del
// deletes entries (nil disables deletion); save says where exported
// routes files go.
func New(src Source, st *theme.Styles, cen cenapi.CENSummary, del Deleter, save savefile.Options) *View {
	cenID, lang := cen.ID, st.Lang
	deleting := map[string]bool{}
	v := &View{
		st:       st,
		cenID:    cenID,
		del:      del,
		saver:    savefile.New(st, save, lang.T("routes.export.file"), false),
		keys:     newKeyMap(lang),
		runs:     views.NewRequests(),
		deleting: deleting,
		Model: picker.New(st, picker.Config[cenapi.RouteService]{
			Title:     lang.T("routes.step"),
			Prompt:    lang.T("routes.prompt", i18n.Args{"CEN": cenLabel(cen)}),
			Noun:      lang.T("routes.noun"),
			EmptyHint: lang.T("routes.empty"),
			Columns:   columns(st, func(e cenapi.RouteService) bool { return deleting[entryKey(e)] }),
			Multi:     true,
			Sortable:  true,
			Match:     matchAddress,
			Fetch: func(ctx context.Context) ([]cenapi.RouteService, error) {
				return src.DescribeRouteServices(ctx, cenapi.RouteServiceFilter{CenID: cenID})
			},
		}),
	}
	v.sync()
	return v
}

// entryKey identifies an entry of the CEN.
func entryKey(e cenapi.RouteService) string {
	return e.Host + "|" + e.HostRegionID + "|" + e.HostVpcID + "|" + e.AccessRegionID
}

// Init implements views.View: it loads the entries.
func (v *View) Init() tea.Cmd {
	defer v.sync()
	return v.Model.Init()
}

// Update implements views.View.
func (v *View) Update(msg tea.Msg) tea.Cmd {
	defer v.sync()
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return v.onKey(msg)
	case startedMsg:
		return v.onStarted(msg)
	case eventMsg:
		return v.onEvent(msg)
	}
	if v.saver.Update(msg) {
		return nil
	}
	return v.Model.Update(msg)
}

// Capturing implements views.View: the filter line, the confirmation and
// the export's prompt all take bare letters.
func (v *View) Capturing() bool {
	return v.mode == confirming || v.Model.Capturing() || v.saver.Capturing()
}

// onKey answers the confirmation, handles Esc and `d`, and leaves the
// rest to the table.
func (v *View) onKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case v.saver.Capturing():
		return v.saver.HandleKey(msg)
	case v.mode == confirming:
		return v.answer(msg)
	case key.Matches(msg, v.keys.Export):
		return v.export()
	case key.Matches(msg, v.keys.Delete):
		v.confirm()
		return nil
	case msg.Type == tea.KeyEsc && !v.Model.Capturing() && v.Filter() == "":
		return v.escape(msg)
	}
	return v.Model.Update(msg)
}

// escape dismisses the last outcome first and refuses to leave while a
// deletion is followed (its events must be drained); otherwise the table
// goes back.
func (v *View) escape(msg tea.KeyMsg) tea.Cmd {
	switch {
	case v.outcome != nil:
		v.outcome = nil
	case v.mode == deleting:
		v.SetNotice(v.st.Lang.T("routes.delete.still_running"))
	default:
		return v.Model.Update(msg)
	}
	return nil
}

// export saves the checked entries, or (none checked) those the filter
// shows, as a routes file (see savefile.Saver: in a session's room at
// once, else behind a prompt). A file of part of the CEN says so at its
// head: a sync with --prune of it would delete the rest. The file is
// data, the same whatever the interface's language, so that note is
// always in English.
func (v *View) export() tea.Cmd {
	entries := v.Selected()
	if len(entries) == 0 {
		entries = v.Shown()
	}
	cenID, note := v.cenID, ""
	if len(entries) < v.Len() {
		note = "Part of the CEN (" + views.Plural(len(entries), "entry", "entries") + " of " + strconv.Itoa(v.Len()) +
			"): a sync with --prune of this file deletes the others."
	}
	return v.saver.Start("cenroute-routes-"+cenID, savefile.Format{Ext: "yaml", Bytes: func() ([]byte, error) {
		f, _ := routesfile.Export(cenID, "", entries, nil)
		f.Note = note
		return f.Marshal()
	}})
}

// confirm opens the y/N question for the checked entries, or for the
// highlighted one when none is checked.
func (v *View) confirm() {
	v.pending = v.Selected()
	if len(v.pending) == 0 {
		cur, _ := v.Current()
		v.pending = []cenapi.RouteService{cur}
	}
	v.outcome = nil
	v.mode = confirming
}

// answer starts the deletion on y; any other key cancels it.
func (v *View) answer(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, v.keys.Yes) {
		return v.startDelete()
	}
	v.mode, v.pending = browsing, nil
	v.SetNotice(v.st.Lang.T("routes.delete.cancelled"))
	return nil
}

// startDelete calls the Deleter in a command; the reply is a startedMsg.
// The rows of the entries say "deleting" from now on.
func (v *View) startDelete() tea.Cmd {
	v.mode = deleting
	v.last = make(map[string]engine.Event)
	v.markDeleting(v.pending)
	id, del, entries := v.runs.Next(), v.del, v.pending
	return func() tea.Msg {
		run, err := del(context.Background(), entries)
		if err != nil {
			return startedMsg{id: id, err: err}
		}
		return startedMsg{id: id, events: run.Events()}
	}
}

// onStarted follows the run, or shows why it could not start.
func (v *View) onStarted(msg startedMsg) tea.Cmd {
	switch {
	case !v.runs.Current(msg.id):
		return views.Drain(msg.events)
	case msg.err != nil:
		v.mode, v.pending = browsing, nil
		v.markDeleting(nil)
		v.outcome = picker.ErrorLines(v.st, v.st.Lang.T("routes.delete.start_failed"), msg.err, v.Width())
		return nil
	}
	return next(msg.id, msg.events)
}

// markDeleting makes the rows of entries, and only theirs, say
// "deleting".
func (v *View) markDeleting(entries []cenapi.RouteService) {
	was := maps.Clone(v.deleting)
	clear(v.deleting)
	for _, e := range entries {
		v.deleting[entryKey(e)] = true
	}
	v.Refresh(func(e cenapi.RouteService) bool { k := entryKey(e); return was[k] || v.deleting[k] })
}

// onEvent records one event and waits for the next; when the run ends it
// sums up and reloads the table.
func (v *View) onEvent(msg eventMsg) tea.Cmd {
	if !v.runs.Current(msg.id) {
		return nil
	}
	if !msg.closed {
		v.last[eventKey(msg.event.Host, msg.event.Region)] = msg.event
		return next(msg.id, msg.events)
	}
	v.outcome = v.summary()
	v.mode, v.pending = browsing, nil
	// The rows keep saying "deleting" until the listing shows what is
	// left: an entry the API still lists as Deleting says so itself.
	clear(v.deleting)
	return v.Load()
}

// next reads one event of the run.
func next(id views.Ticket, events <-chan engine.Event) tea.Cmd {
	return views.NextEvent(events, func(ev engine.Event, ok bool) tea.Msg {
		return eventMsg{id: id, events: events, event: ev, closed: !ok}
	})
}

// cenLabel is "name (id)", or the ID alone for an unnamed CEN.
func cenLabel(c cenapi.CENSummary) string {
	if c.Name == "" {
		return c.ID
	}
	return c.Name + " (" + c.ID + ")"
}

// columns are the table's columns, titled in the styles' language;
// deleting tells the entries being deleted, whose status reads "deleting"
// until they are gone.
func columns(st *theme.Styles, deleting func(cenapi.RouteService) bool) []picker.Column[cenapi.RouteService] {
	type entry = cenapi.RouteService
	lang := st.Lang
	return []picker.Column[entry]{
		{Title: lang.T("routes.column.host"), Whole: true, Text: func(e entry) string { return e.Host }, Compare: compareHosts},
		{Title: lang.T("routes.column.host_region"), Whole: true, Text: func(e entry) string { return e.HostRegionID }},
		{Title: lang.T("routes.column.access_region"), Whole: true, Text: func(e entry) string { return e.AccessRegionID }},
		{Title: lang.T("routes.column.host_vpc"), Whole: true, Text: func(e entry) string { return e.HostVpcID }},
		picker.StatusColumn(st, lang.T("routes.column.status"), func(e entry) string {
			if deleting(e) {
				return "deleting"
			}
			return e.Status
		}),
		{Title: lang.T("routes.column.description"), Text: func(e entry) string { return e.Description }},
	}
}

// compareHosts orders CIDRs and addresses numerically (10.0.0.9 before
// 10.0.0.10), then anything else by text after them.
func compareHosts(a, b cenapi.RouteService) int {
	pa, okA := hostlist.Prefix(a.Host)
	pb, okB := hostlist.Prefix(b.Host)
	switch {
	case okA && okB:
		if c := pa.Addr().Compare(pb.Addr()); c != 0 {
			return c
		}
		return cmp.Compare(pa.Bits(), pb.Bits())
	case okA != okB:
		if okA {
			return -1
		}
		return 1
	}
	return strings.Compare(a.Host, b.Host)
}
