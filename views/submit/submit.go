// Package submit is the wizard step that follows a run: a progress bar,
// elapsed time and call rate, counts by state, and one row per host moving
// through queued, sending, retrying, accepted, creating, then active or
// failed. It reads the engine's events one at a time with a command that
// re-arms itself (no *tea.Program needed), and reports the run's Report when
// the event channel closes.
package submit

import (
	"strconv"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/hostrow"
	"github.com/cenroute/cenroute/views/internal/table"
)

// FinishedMsg reports the run's outcome once its events are all shown.
type FinishedMsg struct {
	Report engine.Report
}

// StopRequestedMsg tells the view that the operator confirmed stopping the
// run (the root calls run.Stop); the view then says that it is stopping
// until the engine reports the hosts it did not get to.
type StopRequestedMsg struct{}

// StopMsg asks the root to brake the run and ask whether to stop it (the
// s key): the same as a first ctrl+c.
type StopMsg struct{}

// BrakedMsg tells the view that the root braked the run (On) while a
// question is open, or released it: while braked, no new call is sent.
type BrakedMsg struct{ On bool }

// eventMsg carries one event of the run read from the channel. Its
// ticket is the view's: the reads of an earlier view (of an earlier run)
// are not this one's.
type eventMsg struct {
	ticket views.Ticket
	ev     engine.Event
}

// closedMsg says that the run's event channel is closed.
type closedMsg struct{ ticket views.Ticket }

// tickMsg updates the elapsed time once a second while the run goes on.
type tickMsg struct {
	ticket views.Ticket
	t      time.Time
}

// View is the submit step.
type View struct {
	st   *theme.Styles
	keys keyMap

	runID  string
	follow views.Requests // one request: following this run
	ticket views.Ticket   // of that request
	events <-chan engine.Event
	wait   func() engine.Report
	plan   engine.Plan

	rows   []hostrow.Row
	index  map[string]int // row key -> index in rows
	counts map[string]int // status -> rows in it
	done   int            // rows in a final state
	calls  int            // calls sent (sending events, retries included)

	started  time.Time
	now      time.Time
	finished bool
	stopping bool
	braked   bool

	tbl    *table.Table
	win    table.Window // over rows
	width  int
	height int
}

var _ views.View = (*View)(nil)

// New follows run, whose plan is plan; present are the hosts the previous
// step found already routed (shown as present until the engine says).
func New(st *theme.Styles, run *engine.Run, plan engine.Plan, present []string) *View {
	return newView(st, run.ID(), run.Events(), run.Wait, plan, present, time.Now())
}

// newView builds the view from the run's parts, so that tests can feed it
// a scripted event channel.
func newView(st *theme.Styles, runID string, events <-chan engine.Event, wait func() engine.Report,
	plan engine.Plan, present []string, now time.Time) *View {
	v := &View{st: st, keys: newKeyMap(st.Lang), runID: runID, follow: views.NewRequests(), events: events, wait: wait, plan: plan,
		index: map[string]int{}, counts: map[string]int{}, started: now, now: now,
		tbl: table.New(st, hostrow.Columns(st.Lang), hostrow.Options(false)), win: table.NewWindow(false)}
	v.ticket = v.follow.Next()
	for _, h := range plan.Hosts {
		v.addRow(h, "", string(engine.EventQueued))
	}
	for _, h := range present {
		v.setStatus(v.addRow(h, "", engine.StatusPresent), engine.StatusPresent)
	}
	v.SetSize(80, 20)
	return v
}

// addRow returns the index of the host's row, adding it in status if new.
func (v *View) addRow(host, region, status string) int {
	k := hostrow.Key(host, region)
	if i, ok := v.index[k]; ok {
		return i
	}
	row := hostrow.Row{Host: host, Region: region, Status: status}
	v.rows = append(v.rows, row)
	v.tbl.GrowRow(row.Cells(v.st))
	v.index[k] = len(v.rows) - 1
	v.counts[status]++
	v.enableKeys()
	return len(v.rows) - 1
}

// setStatus moves row i to status.
func (v *View) setStatus(i int, status string) {
	r := v.rows[i]
	r.Status = status
	v.put(i, r)
}

// put replaces row i, keeping the counters by state and of settled rows
// right.
func (v *View) put(i int, r hostrow.Row) {
	old := v.rows[i]
	v.counts[old.Status]--
	v.counts[r.Status]++
	switch {
	case r.Final() && !old.Final():
		v.done++
	case old.Final() && !r.Final():
		v.done--
	}
	v.rows[i] = r
}

// Init implements views.View: it starts reading events and the clock.
func (v *View) Init() tea.Cmd {
	return tea.Batch(v.read(), v.tick())
}

// read returns the command that waits for the next event. It captures the
// channel and the run ID, never the view.
func (v *View) read() tea.Cmd {
	ch, ticket := v.events, v.ticket
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return closedMsg{ticket: ticket}
		}
		return eventMsg{ticket: ticket, ev: ev}
	}
}

// tick schedules the next clock update.
func (v *View) tick() tea.Cmd {
	ticket := v.ticket
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg{ticket: ticket, t: t} })
}

// Title implements views.View.
func (v *View) Title() string { return v.st.Lang.T("run.submit.step") }

// Capturing implements views.View: no text field here.
func (v *View) Capturing() bool { return false }

// Update implements views.View.
func (v *View) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case eventMsg:
		return v.handleEvent(msg)
	case closedMsg:
		return v.handleClosed(msg)
	case tickMsg:
		return v.handleTick(msg)
	case StopRequestedMsg:
		v.stopping, v.braked = true, false
		v.enableKeys()
	case BrakedMsg:
		v.braked = msg.On
		v.enableKeys()
	case tea.KeyMsg:
		return v.handleKey(msg)
	}
	return nil
}

// handleEvent applies an event of this run and reads the next one. An
// event read by an earlier view (of an earlier run) is dropped without
// re-arming: that channel belongs to someone else.
func (v *View) handleEvent(msg eventMsg) tea.Cmd {
	if !v.follow.Current(msg.ticket) {
		return nil
	}
	ev := msg.ev
	i := v.addRow(ev.Host, ev.Region, string(engine.EventQueued))
	v.put(i, v.rows[i].Apply(v.st.Lang, ev))
	if ev.Kind == engine.EventSending {
		v.calls++
	}
	if ev.Time.After(v.now) {
		v.now = ev.Time
	}
	return v.read()
}

// handleClosed ends the run: the clock stops and the report is fetched
// (run.Wait returns at once now, but it runs in a command all the same).
func (v *View) handleClosed(msg closedMsg) tea.Cmd {
	if !v.follow.Current(msg.ticket) || v.finished {
		return nil
	}
	v.finished = true
	v.enableKeys()
	wait := v.wait
	return func() tea.Msg { return FinishedMsg{Report: wait()} }
}

// handleTick advances the clock and schedules the next tick, only while the
// run goes on: an idle screen sends nothing over a slow link.
func (v *View) handleTick(msg tickMsg) tea.Cmd {
	if !v.follow.Current(msg.ticket) || v.finished {
		return nil
	}
	if msg.t.After(v.now) {
		v.now = msg.t
	}
	return v.tick()
}

// handleKey scrolls the host list, or asks to stop the run.
func (v *View) handleKey(k tea.KeyMsg) tea.Cmd {
	if key.Matches(k, v.keys.Stop) {
		return func() tea.Msg { return StopMsg{} }
	}
	v.fitWindow()
	v.win.Follow(k, v.keys.Moves)
	return nil
}

// fitWindow sizes the list's window to the hosts and the room the lines
// around it leave.
func (v *View) fitWindow() { v.win.Resize(len(v.rows), v.listRows()) }

// elapsed is the run's duration so far.
func (v *View) elapsed() time.Duration { return v.now.Sub(v.started) }

// rate is the calls sent per second so far, as a number, "" before a
// second has passed.
func (v *View) rate() string {
	secs := v.elapsed().Seconds()
	if secs < 1 {
		return ""
	}
	return strconv.FormatFloat(float64(v.calls)/secs, 'f', 1, 64)
}

// formatElapsed writes a duration as m:ss or h:mm:ss.
func formatElapsed(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	h, m, sec := s/3600, s/60%60, s%60
	pad := func(n int) string {
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	}
	if h > 0 {
		return strconv.Itoa(h) + ":" + pad(m) + ":" + pad(sec)
	}
	return strconv.Itoa(m) + ":" + pad(sec)
}

// SetSize implements views.View.
func (v *View) SetSize(width, height int) {
	v.width, v.height = width, height
	v.tbl.SetWidth(width)
	v.fitWindow()
	v.enableKeys()
}
