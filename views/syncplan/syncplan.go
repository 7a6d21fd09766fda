// Package syncplan is the review of a routes file (`cenroute --file F`):
// the difference between the file and the CEN, entry by entry (what a
// sync creates, deletes and replaces, what it leaves unchanged, and what
// it keeps without --prune or --replace), checked by the engine with the
// target rule before anything can be sent; then the sync itself, its
// progress and outcome shown in place, and the file checked again.
package syncplan

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/hostrow"
	"github.com/cenroute/cenroute/views/internal/table"
	"github.com/cenroute/cenroute/views/layout"
)

// Planner reads the routes file (again: the operator may have edited it)
// and checks it against the CEN as it is now (engine.CheckSync): a file
// that does not read, or a service the target rule rejects, comes back as
// problems, each "FILE:LINE: reason". It runs in a command's goroutine,
// with a context that says its retries to the screen
// (cenapi.WithRetryObserver).
type Planner func(ctx context.Context, o engine.SyncOptions) (diff engine.SyncDiff, problems []string, err error)

// Syncer starts a sync run of the plan on screen and returns it; the view
// drains its events until it ends.
type Syncer func(ctx context.Context, plan engine.SyncPlan) (*engine.Run, error)

// state is where the view stands.
type state int

const (
	checking    state = iota // waiting for the Planner
	checkFailed              // the check could not be made: r tries again
	rejected                 // the file does not read, or names a target the rule rejects
	ready                    // the difference is shown
	confirming               // "Sync …? y/N" is open
	syncing                  // the run is followed
)

// checkedMsg answers one check.
type checkedMsg struct {
	ticket   views.Ticket
	diff     engine.SyncDiff
	problems []string
	err      error
}

// retryMsg says that a call of a check is being retried.
type retryMsg struct {
	ticket views.Ticket
	note   cenapi.RetryNote
	feed   *views.RetryFeed
}

// startedMsg is the Syncer's reply.
type startedMsg struct {
	ticket views.Ticket
	events <-chan engine.Event
	err    error
}

// eventMsg is one event of the run, or its end (closed).
type eventMsg struct {
	ticket views.Ticket
	events <-chan engine.Event
	event  engine.Event
	closed bool
}

// row is one entry of the difference, and the items of the run that
// change it (a replace: its delete, then its create).
type row struct {
	action  string
	entry   engine.DiffEntry
	from    *engine.DiffEntry // a replace or a kept difference: the entry as it is
	reasons []string
	items   []int
}

// The actions of the rows: the same words as `cenroute plan`, said on
// screen in the styles' language (see actionWord).
const (
	actCreate    = "create"
	actDelete    = "delete"
	actReplace   = "replace"
	actUnchanged = "unchanged"
	actExtra     = "extra, kept"
	actDiffers   = "differs, kept"
)

// View is the sync review.
type View struct {
	st     *theme.Styles
	keys   keyMap
	file   string
	plan   Planner
	sync   Syncer
	checks views.Requests
	runs   views.Requests
	opts   engine.SyncOptions

	state    state
	retry    *cenapi.RetryNote
	err      error
	problems []string
	diff     engine.SyncDiff
	rows     []row
	items    map[int]hostrow.Row // the latest state of each item of the run
	outcome  []string            // how the last sync ended
	notice   string

	tbl           *table.Table
	win           table.Window
	width, height int
}

var _ views.View = (*View)(nil)

// New reviews the routes file at file, checked with plan; sync sends it.
func New(st *theme.Styles, file string, plan Planner, sync Syncer) *View {
	v := &View{st: st, keys: newKeyMap(st.Lang), file: file, plan: plan, sync: sync, checks: views.NewRequests(),
		runs: views.NewRequests(), win: table.NewWindow(true)}
	v.tbl = table.New(st, v.columns(), table.Options{Cursor: true, Gap: 1})
	v.SetSize(80, 20)
	return v
}

// Init implements views.View: it checks the file.
func (v *View) Init() tea.Cmd { return v.check() }

// Title implements views.View.
func (v *View) Title() string { return v.st.Lang.T("routes.sync.step") }

// Capturing implements views.View: the question takes bare letters.
func (v *View) Capturing() bool { return v.state == confirming }

// check asks the Planner in a command; only the answer to the latest
// check counts.
func (v *View) check() tea.Cmd {
	v.state, v.err, v.problems, v.retry = checking, nil, nil, nil
	v.enableKeys()
	ticket, plan, opts, feed := v.checks.Next(), v.plan, v.opts, views.NewRetryFeed()
	run := func() tea.Msg {
		defer feed.End()
		diff, problems, err := plan(feed.Observe(context.Background()), opts)
		return checkedMsg{ticket: ticket, diff: diff, problems: problems, err: err}
	}
	return tea.Batch(run, nextRetry(feed, ticket))
}

// nextRetry waits for the next retry of a check.
func nextRetry(feed *views.RetryFeed, ticket views.Ticket) tea.Cmd {
	return feed.Next(func(n cenapi.RetryNote) tea.Msg { return retryMsg{ticket: ticket, note: n, feed: feed} })
}

// Update implements views.View.
func (v *View) Update(msg tea.Msg) tea.Cmd {
	defer v.enableKeys()
	switch msg := msg.(type) {
	case checkedMsg:
		v.onChecked(msg)
	case retryMsg:
		return v.onRetry(msg)
	case startedMsg:
		return v.onStarted(msg)
	case eventMsg:
		return v.onEvent(msg)
	case tea.KeyMsg:
		return v.onKey(msg)
	}
	return nil
}

// onRetry says, while checking, that a call is being retried, and waits
// for the next.
func (v *View) onRetry(msg retryMsg) tea.Cmd {
	if !v.checks.Current(msg.ticket) || v.state != checking {
		return nil
	}
	v.retry = &msg.note
	return nextRetry(msg.feed, msg.ticket)
}

// onChecked shows the answer to the latest check.
func (v *View) onChecked(msg checkedMsg) {
	if !v.checks.Current(msg.ticket) {
		return
	}
	v.retry = nil
	switch {
	case msg.err != nil:
		v.state, v.err = checkFailed, msg.err
	case len(msg.problems) > 0:
		v.state, v.problems, v.diff, v.rows = rejected, msg.problems, engine.SyncDiff{}, nil
	default:
		v.state, v.diff, v.rows = ready, msg.diff, rowsOf(msg.diff)
	}
	v.tbl.Reset()
	for _, r := range v.rows {
		v.tbl.GrowRow(v.cells(r))
	}
	v.win = table.NewWindow(true)
	v.fit()
}

// onKey runs the question, then the keys of the state.
func (v *View) onKey(k tea.KeyMsg) tea.Cmd {
	v.notice = ""
	switch {
	case v.state == confirming:
		if key.Matches(k, v.keys.Yes) {
			return v.start()
		}
		v.state, v.notice = ready, v.st.Lang.T("routes.sync.notice.cancelled")
		return nil
	case key.Matches(k, v.keys.Back):
		if v.state == syncing {
			v.notice = v.st.Lang.T("routes.sync.notice.running")
			return nil
		}
		return views.Back
	case key.Matches(k, v.keys.Sync):
		return v.confirm()
	case key.Matches(k, v.keys.Prune):
		v.opts.Prune = !v.opts.Prune
		return v.check()
	case key.Matches(k, v.keys.Replace):
		v.opts.Replace = !v.opts.Replace
		return v.check()
	case key.Matches(k, v.keys.Retry):
		v.outcome = nil
		return v.check()
	}
	v.win.Follow(k, v.keys.Moves)
	return nil
}

// confirm asks before a sync that has something to send.
func (v *View) confirm() tea.Cmd {
	if v.diff.Calls() == 0 {
		v.notice = v.st.Lang.T("routes.sync.notice.nothing")
		return nil
	}
	v.state, v.outcome = confirming, nil
	return nil
}

// start calls the Syncer in a command; the reply is a startedMsg.
func (v *View) start() tea.Cmd {
	v.state, v.items = syncing, map[int]hostrow.Row{}
	ticket, sync, plan := v.runs.Next(), v.sync, v.diff.Plan
	return func() tea.Msg {
		run, err := sync(context.Background(), plan)
		if err != nil {
			return startedMsg{ticket: ticket, err: err}
		}
		return startedMsg{ticket: ticket, events: run.Events()}
	}
}

// onStarted follows the run, or says why it could not start.
func (v *View) onStarted(msg startedMsg) tea.Cmd {
	switch {
	case !v.runs.Current(msg.ticket):
		return views.Drain(msg.events)
	case msg.err != nil:
		v.state = ready
		v.outcome = []string{v.st.Error.Render(layout.Wrap(v.st.Glyphs.Fail+" "+v.st.Lang.T("routes.sync.start_failed",
			i18n.Args{"Error": views.ErrorText(v.st.Lang, msg.err)}), v.width))}
		return nil
	}
	return next(msg.ticket, msg.events)
}

// onEvent records one event and waits for the next; when the run ends it
// sums up and checks the file again, so that the screen shows what is
// left to do (nothing, when all went well).
func (v *View) onEvent(msg eventMsg) tea.Cmd {
	if !v.runs.Current(msg.ticket) {
		return nil
	}
	if !msg.closed {
		if ev := msg.event; ev.Item > 0 {
			v.items[ev.Item] = v.items[ev.Item].Apply(v.st.Lang, ev)
		}
		v.refresh()
		return next(msg.ticket, msg.events)
	}
	v.outcome = v.summary()
	return v.check()
}

// refresh measures the rows again: their statuses grew.
func (v *View) refresh() {
	for _, r := range v.rows {
		v.tbl.GrowRow(v.cells(r))
	}
}

// next reads one event of the run.
func next(ticket views.Ticket, events <-chan engine.Event) tea.Cmd {
	return views.NextEvent(events, func(ev engine.Event, ok bool) tea.Msg {
		return eventMsg{ticket: ticket, events: events, event: ev, closed: !ok}
	})
}

// rowsOf lists the difference: what changes first (creates, replaces,
// deletes), then what is kept and why, then what is unchanged; each
// change with the items of the plan that make it.
func rowsOf(d engine.SyncDiff) []row {
	items := map[string]int{}
	for i, c := range d.Plan.Creates {
		for _, a := range c.AccessRegionIDs {
			items[itemKey(engine.OpCreate, c.HostRegionID, c.Host, a)] = i + 1
		}
	}
	for j, del := range d.Plan.Deletes {
		items[itemKey(engine.OpDelete, del.HostRegionID, del.Host, del.AccessRegionID)] = len(d.Plan.Creates) + j + 1
	}
	of := func(e engine.DiffEntry, ops ...string) []int {
		var out []int
		for _, op := range ops {
			if i := items[itemKey(op, e.HostRegionID, e.Host, e.AccessRegionID)]; i > 0 {
				out = append(out, i)
			}
		}
		return out
	}
	var rows []row
	for _, e := range d.Creates {
		rows = append(rows, row{action: actCreate, entry: e, items: of(e, engine.OpCreate)})
	}
	for _, c := range d.Replaces {
		rows = append(rows, row{action: actReplace, entry: c.DiffEntry, from: &c.From, reasons: c.Reasons,
			items: of(c.DiffEntry, engine.OpDelete, engine.OpCreate)})
	}
	for _, e := range d.Deletes {
		rows = append(rows, row{action: actDelete, entry: e, items: of(e, engine.OpDelete)})
	}
	for _, c := range d.Changes {
		rows = append(rows, row{action: actDiffers, entry: c.DiffEntry, from: &c.From, reasons: c.Reasons})
	}
	for _, e := range d.Extras {
		rows = append(rows, row{action: actExtra, entry: e})
	}
	for _, e := range d.Unchanged {
		rows = append(rows, row{action: actUnchanged, entry: e})
	}
	return rows
}

// itemKey finds the item of an operation on an entry, whatever the
// spelling of its host.
func itemKey(op, hostRegion, host, access string) string {
	return op + "|" + hostRegion + "|" + hostlist.Canonical(host) + "|" + access
}

// status is where a row's change stands in the run: that of its last
// item under way (a replace shows its delete, then its create); the zero
// row before the run.
func (v *View) status(r row) hostrow.Row {
	var out hostrow.Row
	for _, i := range r.items {
		if s, ok := v.items[i]; ok && s.Status != "" {
			out = s
		}
	}
	return out
}
