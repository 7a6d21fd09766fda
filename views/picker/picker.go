// Package picker is the filterable list every choosing step of the wizard is
// built on: the CEN, host-region, host-VPC and access-region steps and the
// route-services table. It is hand-rolled rather than built on bubbles/list
// because that re-renders and re-filters every item on each keystroke, which
// is too slow for accounts with thousands of VPCs; here rows are turned into
// text once per load and only the visible window is rendered, by the
// wizard's one table (views/internal/table), which the picker adds
// filtering, sorting, check marks and the loading states to.
//
// A Model loads its rows through the Fetch function of its Config, shows a
// loading, error, empty or ready state, and implements views.View, so a step
// that needs nothing more is a Config plus a constructor.
package picker

import (
	"context"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/table"
	"github.com/cenroute/cenroute/views/layout"
)

// State is what the list is showing.
type State int

// The states of a list, in the order a load goes through them.
const (
	Loading State = iota // the first load, or a reload, is in flight
	Failed               // the last load failed; r retries
	Empty                // the last load returned no rows
	Ready                // rows are shown
)

// String names the state for test failures and logs.
func (s State) String() string {
	switch s {
	case Loading:
		return "loading"
	case Failed:
		return "failed"
	case Empty:
		return "empty"
	default:
		return "ready"
	}
}

// Column describes one column of the table.
type Column[T any] struct {
	Title string
	// Text is the cell's plain text. It is computed once per load and is
	// also what the filter searches.
	Text func(T) string
	// Style, if set, paints the cell on rows that are neither highlighted
	// nor disabled (e.g. a status word's colour).
	Style func(T) lipgloss.Style
	// Min, Right and Whole are as in table.Column: the narrowest the
	// column shrinks to, right alignment, and an ID that is never cut.
	Min   int
	Right bool
	Whole bool
	// Compare orders rows when the table is sorted by this column; nil
	// compares the cells' text.
	Compare func(a, b T) int
}

// RowAction is a key that acts on the highlighted row and reports it with a
// message, e.g. `e` on a CEN opens its route services.
type RowAction[T any] struct {
	Binding key.Binding
	Msg     func(T) tea.Msg
}

// Config is everything that makes one list differ from another.
type Config[T any] struct {
	// Title, Prompt, Noun, EmptyHint and the columns' titles are in the
	// language of the styles' localizer.
	Title  string // the step's short name (breadcrumbs)
	Prompt string // the line above the table, e.g. "Choose the CEN"
	Noun   string // the rows' plural, e.g. "CENs": "Loading CENs…", "No CENs found"
	// EmptyHint tells the user what to do when the load returns no rows.
	EmptyHint string
	Columns   []Column[T]
	// Fetch loads the rows. It runs in a command goroutine: it must use only
	// the values it closes over, never the view.
	Fetch func(ctx context.Context) ([]T, error)
	// Disabled returns why a row cannot be chosen, as a sentence naming the
	// row (it is shown on its own), or "" if the row can be chosen.
	Disabled func(T) string
	// Choose builds the message Enter/Tab emits for the highlighted row
	// (single selection). Nil, with ChooseMany nil, disables choosing.
	Choose func(T) tea.Msg
	// Multi turns on check boxes, Space and `a`.
	Multi bool
	// ChooseMany builds the message Enter/Tab emits for the checked rows
	// (multi selection); at least one row must be checked.
	ChooseMany func([]T) tea.Msg
	// Refuse, if set, says why the checked rows cannot be chosen together
	// (multi selection), or "" when they can: Enter/Tab then shows the
	// reason instead of choosing.
	Refuse func([]T) string
	// ChooseHelp is the help word for Enter, e.g. "choose" or "continue".
	ChooseHelp string
	// Preselect checks rows as they load (multi selection).
	Preselect func(T) bool
	// Sortable turns on `s`, which cycles the column the rows are sorted by.
	Sortable bool
	// Actions are extra keys acting on the highlighted row.
	Actions []RowAction[T]
	// Match, if set, gives a filter word a meaning of its own (an address
	// among route services, say): it returns the test a row must pass for
	// that word (lower case), or nil to look for the word in the row's
	// text, as for every word when Match is nil.
	Match func(word string) func(T) bool
}

// loadedMsg carries the result of one Fetch.
type loadedMsg[T any] struct {
	id    views.Ticket
	items []T
	err   error
}

// retryingMsg says that a call of a load is being retried.
type retryingMsg struct {
	id   views.Ticket
	note cenapi.RetryNote
}

// Model is a filterable, scrollable, optionally multi-select table. Use it
// through a pointer; it implements views.View.
type Model[T any] struct {
	st    *theme.Styles
	cfg   Config[T]
	keys  keyMap
	loads views.Requests
	stop  context.CancelFunc // cancels the load in flight
	feed  *views.RetryFeed   // the retries of the load in flight

	state State
	err   error
	retry *cenapi.RetryNote // the load's latest retry, while it is loading
	rows  rows[T]

	sortCol    int // index into cfg.Columns; -1 keeps the load order
	query      string
	typing     bool         // the filter line has focus
	win        table.Window // over rows.visible
	notice     string
	footerText []string // as given to SetFooter
	footer     []string // wrapped to the width
	width      int
	height     int
	tbl        *table.Table
}

var _ views.View = (*Model[struct{}])(nil)

// New builds a list in the Loading state; Init starts the first load.
func New[T any](st *theme.Styles, cfg Config[T]) *Model[T] {
	// The actions' bindings are enabled and disabled with the state: give
	// this list its own copy so the caller's slice is never written to.
	cfg.Actions = slices.Clone(cfg.Actions)
	m := &Model[T]{st: st, cfg: cfg, keys: newKeyMap(st.Lang, cfg), loads: views.NewRequests(), sortCol: -1,
		win: table.NewWindow(true), tbl: table.New(st, tableColumns(cfg.Columns), table.Options{Cursor: true, Check: cfg.Multi})}
	m.syncKeys()
	return m
}

// Init implements views.View: it starts the first load.
func (m *Model[T]) Init() tea.Cmd { return m.Load() }

// Load (re)fetches the rows, cancelling a load still in flight. The filter
// and the sort column are kept; checked rows are not.
func (m *Model[T]) Load() tea.Cmd {
	if m.stop != nil {
		m.stop()
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.stop, m.feed = cancel, views.NewRetryFeed()
	m.state, m.err, m.notice, m.retry = Loading, nil, "", nil
	m.syncKeys()
	id, fetch, feed := m.loads.Next(), m.cfg.Fetch, m.feed
	ctx = feed.Observe(ctx)
	load := func() tea.Msg {
		defer cancel()
		defer feed.End()
		items, err := fetch(ctx)
		return loadedMsg[T]{id: id, items: items, err: err}
	}
	return tea.Batch(load, m.nextRetry(id))
}

// nextRetry waits for the next retry of load id.
func (m *Model[T]) nextRetry(id views.Ticket) tea.Cmd {
	return m.feed.Next(func(n cenapi.RetryNote) tea.Msg { return retryingMsg{id: id, note: n} })
}

// onRetrying shows a retry of the load in flight and waits for the next.
func (m *Model[T]) onRetrying(msg retryingMsg) tea.Cmd {
	if !m.loads.Current(msg.id) || m.state != Loading {
		return nil
	}
	m.retry = &msg.note
	return m.nextRetry(msg.id)
}

// Update implements views.View.
func (m *Model[T]) Update(msg tea.Msg) tea.Cmd {
	defer m.syncKeys()
	switch msg := msg.(type) {
	case loadedMsg[T]:
		m.onLoaded(msg)
	case retryingMsg:
		return m.onRetrying(msg)
	case tea.KeyMsg:
		return m.onKey(msg)
	}
	return nil
}

// Title implements views.View.
func (m *Model[T]) Title() string { return m.cfg.Title }

// Capturing implements views.View: true while the filter line has focus.
func (m *Model[T]) Capturing() bool { return m.typing }

// SetSize implements views.View.
func (m *Model[T]) SetSize(width, height int) {
	m.width, m.height = width, height
	m.tbl.SetWidth(width)
	m.wrapFooter()
}

// Width is the width given by SetSize.
func (m *Model[T]) Width() int { return m.width }

// State reports what the list is showing.
func (m *Model[T]) State() State { return m.state }

// Filter is the filter text, "" when no filter is applied.
func (m *Model[T]) Filter() string { return m.query }

// Len is the number of rows loaded.
func (m *Model[T]) Len() int { return len(m.rows.items) }

// Visible is the number of rows passing the filter.
func (m *Model[T]) Visible() int { return len(m.rows.visible) }

// Current is the highlighted row, if any.
func (m *Model[T]) Current() (T, bool) {
	i := m.currentItem()
	if m.state != Ready || i < 0 {
		var zero T
		return zero, false
	}
	return m.rows.items[i], true
}

// Shown returns the rows that pass the filter, in the order shown.
func (m *Model[T]) Shown() []T {
	out := make([]T, 0, len(m.rows.visible))
	for _, i := range m.rows.visible {
		out = append(out, m.rows.items[i])
	}
	return out
}

// Selected returns the checked rows in load order (multi selection).
func (m *Model[T]) Selected() []T {
	var out []T
	for i, on := range m.rows.checked {
		if on {
			out = append(out, m.rows.items[i])
		}
	}
	return out
}

// Refresh computes again the cells of the rows that changed reports true
// for, when what their columns show has changed since the load (entries
// being deleted, say). Their order, filter and check marks stay.
func (m *Model[T]) Refresh(changed func(T) bool) {
	var b strings.Builder
	for i, it := range m.rows.items {
		if changed(it) {
			m.rows.measure(m.cfg, i, m.tbl, &b)
		}
	}
}

// SetNotice shows a one-line message in the status line until the next key.
func (m *Model[T]) SetNotice(s string) { m.notice = s }

// SetFooter sets lines shown below the status line (warnings, prompts,
// progress), wrapped to the width; the table shrinks to make room.
func (m *Model[T]) SetFooter(lines []string) {
	if slices.Equal(lines, m.footerText) {
		return
	}
	m.footerText = lines
	m.wrapFooter()
}

// wrapFooter wraps the footer lines to the current width.
func (m *Model[T]) wrapFooter() {
	m.footer = m.footer[:0]
	for _, l := range m.footerText {
		m.footer = append(m.footer, strings.Split(layout.Wrap(l, max(1, m.width)), "\n")...)
	}
	m.fitWindow()
}

// onLoaded applies a Fetch result unless a newer load has started since.
func (m *Model[T]) onLoaded(msg loadedMsg[T]) {
	if !m.loads.Current(msg.id) {
		return
	}
	m.stop, m.retry = nil, nil
	if msg.err != nil {
		m.state, m.err = Failed, msg.err
		return
	}
	m.rows = buildRows(m.cfg, msg.items, m.tbl)
	m.state = Ready
	if len(msg.items) == 0 {
		m.state = Empty
	}
	m.applyOrder(-1)
}

// onKey dispatches a key press; keys that do nothing here return nil.
func (m *Model[T]) onKey(msg tea.KeyMsg) tea.Cmd {
	m.notice = ""
	if m.typing {
		m.onFilterKey(msg)
		return nil
	}
	if m.startsFilter(msg) {
		return nil
	}
	k := &m.keys
	m.fitWindow()
	if m.win.Follow(msg, k.Moves) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Filter):
		m.typing = true
	case key.Matches(msg, k.ClearFilter):
		m.setQuery("")
	case key.Matches(msg, k.Back):
		return views.Back
	case key.Matches(msg, k.Choose):
		return m.choose()
	case key.Matches(msg, k.Toggle):
		m.toggle()
	case key.Matches(msg, k.All):
		m.toggleAll()
	case key.Matches(msg, k.Sort):
		m.cycleSort()
	case key.Matches(msg, k.Retry):
		return m.Load()
	default:
		return m.rowAction(msg)
	}
	return nil
}

// startsFilter takes a "/" that came together with the text typed after
// it, as one message (fast typing, a slow link, a multiplexer sending keys
// at once): the filter opens with that text. It reports whether it did.
func (m *Model[T]) startsFilter(msg tea.KeyMsg) bool {
	if !m.keys.Filter.Enabled() || msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 || msg.Runes[0] != '/' {
		return false
	}
	m.typing = true
	m.setQuery(m.query + cenapi.Printable(string(msg.Runes[1:])))
	return true
}

// rowAction runs the first Config.Actions binding matching msg.
func (m *Model[T]) rowAction(msg tea.KeyMsg) tea.Cmd {
	cur, ok := m.Current()
	if !ok {
		return nil
	}
	for _, a := range m.cfg.Actions {
		if key.Matches(msg, a.Binding) {
			out := a.Msg(cur)
			return func() tea.Msg { return out }
		}
	}
	return nil
}

// choose emits the Choose/ChooseMany message, or explains why it cannot.
func (m *Model[T]) choose() tea.Cmd {
	if m.cfg.Multi {
		sel := m.Selected()
		if len(sel) == 0 {
			m.notice = m.st.Lang.T("common.list.select_first", i18n.Args{"Noun": m.cfg.Noun})
			return nil
		}
		if m.cfg.Refuse != nil {
			if why := m.cfg.Refuse(sel); why != "" {
				m.notice = why
				return nil
			}
		}
		out := m.cfg.ChooseMany(sel)
		return func() tea.Msg { return out }
	}
	cur, ok := m.Current()
	if !ok {
		return nil
	}
	if reason := m.rows.reason(m.currentItem()); reason != "" {
		m.notice = reason
		return nil
	}
	out := m.cfg.Choose(cur)
	return func() tea.Msg { return out }
}

// fitWindow sizes the window of rows to the visible rows and the room
// the lines around the table leave.
func (m *Model[T]) fitWindow() {
	m.win.Resize(len(m.rows.visible), m.rowsHeight())
}

// toggle checks or unchecks the highlighted row; disabled rows refuse.
func (m *Model[T]) toggle() {
	i := m.currentItem()
	if i < 0 {
		return
	}
	if reason := m.rows.reason(i); reason != "" {
		m.notice = reason
		return
	}
	m.rows.check(i, !m.rows.checked[i])
}

// toggleAll checks every visible enabled row, or unchecks them all when
// they are all checked already.
func (m *Model[T]) toggleAll() {
	all := true
	for _, i := range m.rows.visible {
		if m.rows.reason(i) == "" && !m.rows.checked[i] {
			all = false
			break
		}
	}
	for _, i := range m.rows.visible {
		if m.rows.reason(i) == "" {
			m.rows.check(i, !all)
		}
	}
}

// cycleSort moves the sort to the next column, then back to load order.
func (m *Model[T]) cycleSort() {
	m.sortCol++
	if m.sortCol >= len(m.cfg.Columns) {
		m.sortCol = -1
	}
	m.applyOrder(m.currentItem())
}

// currentItem is the item index under the cursor, or -1.
func (m *Model[T]) currentItem() int {
	if c := m.win.Cursor(); c < len(m.rows.visible) {
		return m.rows.visible[c]
	}
	return -1
}

// applyOrder sorts, re-filters and puts the cursor back on item keep (an
// item index) when it is still visible, else on the first row.
func (m *Model[T]) applyOrder(keep int) {
	m.rows.sort(m.cfg.Columns, m.sortCol)
	t, _ := terms(m.query, m.cfg.Match)
	m.rows.filter(t, false)
	m.placeCursor(keep)
}

// setQuery changes the filter text and re-filters. A query that only adds
// text to the last one searches the rows already shown, unless a word of
// either has a meaning of its own: 100.112.10 is no narrower than
// 100.112.1 as an address.
func (m *Model[T]) setQuery(q string) {
	keep := m.currentItem()
	t, special := terms(q, m.cfg.Match)
	_, wasSpecial := terms(m.query, m.cfg.Match)
	narrower := m.query != "" && !special && !wasSpecial && strings.HasPrefix(strings.ToLower(q), strings.ToLower(m.query))
	m.query = q
	m.rows.filter(t, narrower)
	m.placeCursor(keep)
}

// placeCursor puts the cursor on item keep if visible, else on row 0.
func (m *Model[T]) placeCursor(keep int) {
	m.win = table.NewWindow(true)
	m.fitWindow()
	for pos, i := range m.rows.visible {
		if i == keep {
			m.win.Place(pos)
			break
		}
	}
}

// tableColumns are the table's view of the columns.
func tableColumns[T any](cols []Column[T]) []table.Column {
	out := make([]table.Column, len(cols))
	for c, col := range cols {
		out[c] = table.Column{Title: col.Title, Min: col.Min, Right: col.Right, Whole: col.Whole}
	}
	return out
}
