// Package hosts is the wizard step where the operator types or pastes the
// service CIDRs to route. It is a multi-line editor (it keeps pasted
// newlines; the view draws only the visible window) whose every entry is
// checked as the text changes: syntax, the
// 100.64.0.0/10 range, host bits, duplicates, overlaps, and whether the host
// is already routed on the CEN. Problems are shown next to their line, in a
// scrollable list, and as the reason the step cannot be left yet. Hostnames
// (an OSS internal endpoint, say) are looked up and can be replaced by their
// addresses with one key.
package hosts

import (
	"context"
	"net"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/table"
)

// Source is what the step needs from the API: the route services already
// on the CEN. *cenapi.Client satisfies it.
type Source interface {
	DescribeRouteServices(ctx context.Context, f cenapi.RouteServiceFilter) ([]cenapi.RouteService, error)
}

// Target is where the hosts will be routed; it decides, by the engine's
// rule, which existing entries make a host "present" (routed, Active or
// Creating, into every access region through HostVpcID) and which stand in
// its way (an entry through another VPC, a Failed one, one being deleted).
// Every field is required.
type Target struct {
	CenID           string
	HostRegionID    string
	HostVpcID       string
	AccessRegionIDs []string
}

// ChosenMsg reports the checked list. Hosts is every valid host in input
// order, including those already routed; Present lists the latter (a run
// skips them). Text is the editor's text, to restore it when the operator
// comes back.
type ChosenMsg struct {
	Hosts   []string
	Present []string
	Text    string
}

// View is the service-CIDR step.
type View struct {
	st       *theme.Styles
	keys     keyMap
	src      Source
	target   Target
	resolver hostlist.Resolver

	ed     *editor
	check  checked
	edWin  table.Window // over the editor's lines, its cursor the editor's
	width  int
	height int
	edW    int // width of the editor column: cursor mark, line numbers, text
	edRows int // height of the editor's window
	// details is how many lines spell out the cursor's line: detailRows,
	// or 0 when the height is too short for them.
	details int

	existing existing
	lookups  map[string]*lookup
	resolves views.Requests  // the lookups asked for
	wanted   map[string]bool // names to replace as soon as they resolve
	inflight int

	problemWin table.Window // over the problems list
	// problemsShown is how many problems the list has room for now (see
	// fitRows): at most problemRows.
	problemsShown int
	followLine    int // cursor line the problems list last followed
	tried         bool
	notice        string // the outcome of the last action, in words

	undo   []snapshot // the texts before the latest changes, the last last
	typing bool       // the last change was typing: more typing joins it
}

// snapshot is the text as it was before a change, with the cursor, for
// the undo key; what names the change in words ("dropping 3 entries with
// problems"), and typing says that it was a run of typing.
type snapshot struct {
	text     string
	row, col int
	what     string
	typing   bool
}

// maxUndo is how many changes can be undone. A snapshot shares the text
// it keeps with the check made of it, so each costs no copy.
const maxUndo = 20

// refusal names the change a refusal of the host-list limits is about.
type refusal int

const (
	refusedTyping refusal = iota // a key typed
	refusedEdit                  // an editing key, or a clean-up key
	refusedPaste                 // a paste
)

var _ views.View = (*View)(nil)

// New builds the step for target with text as the initial content.
func New(src Source, st *theme.Styles, target Target, text string) *View {
	target.AccessRegionIDs = append([]string(nil), target.AccessRegionIDs...)
	v := &View{
		st: st, keys: newKeyMap(st.Lang), src: src, target: target,
		resolver: net.DefaultResolver,
		ed:       newEditor(text),
		lookups:  map[string]*lookup{},
		resolves: views.NewRequests(),
		existing: existing{lists: views.NewRequests()},
		wanted:   map[string]bool{},
		edWin:    table.NewWindow(true),
	}
	v.SetSize(80, 20)
	v.recheck(true)
	return v
}

// Text returns the editor's current text, so the wizard can keep it when
// the operator goes back.
func (v *View) Text() string { return v.check.text }

// Init implements views.View: it starts listing the existing entries and
// looking up any hostnames in the initial text.
func (v *View) Init() tea.Cmd {
	return tea.Batch(v.reload(), v.startLookups())
}

// Title implements views.View.
func (v *View) Title() string { return v.st.Lang.T("editor.step") }

// Capturing implements views.View: the editor owns every letter.
func (v *View) Capturing() bool { return true }

// Update implements views.View. Whatever the message changed (the text,
// the last action, the existing entries), the status may now need another
// number of lines, so the parts are fitted again.
func (v *View) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case existingMsg:
		v.handleExisting(msg)
	case existingRetryMsg:
		cmd = v.handleExistingRetry(msg)
	case resolvedMsg:
		cmd = v.handleResolved(msg)
	case tea.KeyMsg:
		cmd = v.handleKey(msg)
	default:
		// Nothing else concerns the editor: its cursor does not blink.
		return nil
	}
	v.fitRows()
	return cmd
}

// handleKey runs the step's own keys and gives everything else to the
// editor.
func (v *View) handleKey(k tea.KeyMsg) tea.Cmd {
	if k.Paste {
		return v.paste(k)
	}
	v.notice = ""
	switch {
	case key.Matches(k, v.keys.Back):
		return views.Back
	case key.Matches(k, v.keys.Continue):
		return v.choose()
	case key.Matches(k, v.keys.Fix):
		v.fixHostBits()
		return v.startLookups()
	case key.Matches(k, v.keys.Resolve):
		return v.useResolved()
	case key.Matches(k, v.keys.NextProblem):
		v.gotoNextProblem()
		return nil
	case key.Matches(k, v.keys.ProblemsUp):
		v.scrollProblems(-v.problemRows())
		return nil
	case key.Matches(k, v.keys.ProblemsDown):
		v.scrollProblems(v.problemRows())
		return nil
	case key.Matches(k, v.keys.Reload):
		return v.reload()
	case key.Matches(k, v.keys.DeleteLine):
		return v.deleteLine()
	case key.Matches(k, v.keys.DropInvalid):
		return v.dropInvalid()
	case key.Matches(k, v.keys.DropRedundant):
		return v.dropRedundant()
	case key.Matches(k, v.keys.Undo):
		return v.undoLast()
	case (k.Type == tea.KeyRunes || k.Type == tea.KeySpace) && !k.Alt:
		return v.insert(string(k.Runes))
	}
	if why, ok := v.idle(k); ok {
		v.notice = why
		return nil
	}
	return v.edit(k)
}

// insert types text at the cursor.
func (v *View) insert(text string) tea.Cmd {
	return v.change(refusedTyping, v.typed(), func() { v.ed.Insert(text) })
}

// edit gives a key to the editor: an edit changes the text, a move only
// the cursor.
func (v *View) edit(k tea.KeyMsg) tea.Cmd {
	return v.change(refusedEdit, v.typed(), func() { v.ed.Update(k) })
}

// typed is the snapshot of a run of typing, the text and cursor left for
// change to fill in.
func (v *View) typed() snapshot {
	return snapshot{what: v.st.Lang.T("editor.undo.typing"), typing: true}
}

// change applies an edit and checks the text again; before names the
// edit for the undo (see remember). A text beyond the host-list limits
// (hostlist.CheckLimits) is not taken: the edit is undone and the notice
// says so (see refusedText) and which limit, so that neither a paste nor
// a long line typed key by key can make every later keystroke slow.
func (v *View) change(refused refusal, before snapshot, edit func()) tea.Cmd {
	before.text, before.row, before.col = v.check.text, v.ed.Line(), v.ed.Column()
	edit()
	v.tried = false
	text := v.ed.Value()
	if text == v.check.text {
		v.typing = false // a move ends a run of typing
	} else if err := hostlist.CheckLimits(text); err != nil {
		text = v.check.text
		v.ed.SetValue(text)
		v.ed.MoveTo(before.row, before.col)
		v.notice = v.refusedText(refused, err)
	} else {
		v.remember(before)
	}
	v.checkText(text, false)
	return v.startLookups()
}

// refusedText says that a change was not taken because the list would
// then be beyond the host-list limits, and which.
func (v *View) refusedText(refused refusal, err error) string {
	args := i18n.Args{"Error": views.ErrorText(v.st.Lang, err)}
	switch refused {
	case refusedTyping:
		return v.st.Lang.T("editor.refused.typing", args)
	case refusedPaste:
		return v.st.Lang.T("editor.refused.paste", args)
	}
	return v.st.Lang.T("editor.refused.edit", args)
}

// remember keeps the text as it was before a change, for the undo key. A
// run of typing is one change: only the text before its first key is
// kept.
func (v *View) remember(before snapshot) {
	joins := before.typing && v.typing
	v.typing = before.typing
	if joins {
		return
	}
	if len(v.undo) == maxUndo {
		v.undo = slices.Delete(v.undo, 0, 1)
	}
	v.undo = append(v.undo, before)
}

// undoLast brings back the text as it was before the last change.
func (v *View) undoLast() tea.Cmd {
	if len(v.undo) == 0 {
		v.notice = v.st.Lang.T("editor.idle.undo")
		return nil
	}
	last := v.undo[len(v.undo)-1]
	v.undo = v.undo[:len(v.undo)-1]
	v.typing = false
	v.ed.SetValue(last.text)
	v.ed.MoveTo(last.row, last.col)
	v.checkText(last.text, false)
	v.notice = v.st.Lang.T("editor.notice.undone", i18n.Args{"What": last.what})
	return v.startLookups()
}

// paste inserts a bracketed paste. Line endings are normalised first: a
// CRLF would otherwise become two lines. A paste beyond the host-list
// limits on its own is refused before it goes in, and one that would take
// the text beyond them is taken out again: either way whole, so that no
// entry is ever dropped.
func (v *View) paste(k tea.KeyMsg) tea.Cmd {
	text := strings.ReplaceAll(string(k.Runes), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	if err := hostlist.CheckLimits(text); err != nil {
		v.notice = v.st.Lang.T("editor.refused.paste_alone", i18n.Args{"Error": views.ErrorText(v.st.Lang, err)})
		return nil
	}
	return v.change(refusedPaste, snapshot{what: v.st.Lang.T("editor.undo.paste")}, func() { v.ed.Insert(text) })
}

// recheck validates the text again when it changed (or when force is set
// because what is present or in conflict changed) and keeps the problems
// list near the cursor.
func (v *View) recheck(force bool) { v.checkText(v.ed.Value(), force) }

// checkText is recheck of the editor's text, already at hand.
func (v *View) checkText(text string, force bool) {
	if force || text != v.check.text {
		v.check = newChecked(text, v.existing.present, v.existing.conflicts)
	}
	v.scrollToCursor()
	v.followCursor()
	v.enableKeys()
}

// refresh re-checks after a change that did not come through the editor.
func (v *View) refresh() { v.recheck(true) }

// choose reports the list, or says why it cannot be used yet.
func (v *View) choose() tea.Cmd {
	if v.check.blockReason(v.st.Lang) != "" {
		v.tried = true
		return nil
	}
	hosts, present := v.check.valid()
	msg := ChosenMsg{Hosts: hosts, Present: present, Text: v.check.text}
	return func() tea.Msg { return msg }
}

// fixHostBits rewrites every entry with host bits set to its network.
func (v *View) fixHostBits() {
	n := i18n.Args{"Count": v.check.fixable}
	if v.rewrite(hostlist.FixHostBits(v.check.text), v.st.Lang.T("editor.undo.fix", n)) {
		v.notice = v.st.Lang.T("editor.notice.fixed", n)
	}
}

// deleteLine deletes the cursor's line, whatever it holds.
func (v *View) deleteLine() tea.Cmd {
	n := i18n.Args{"Line": v.cursorLine()}
	cmd := v.change(refusedEdit, snapshot{what: v.st.Lang.T("editor.undo.delete_line", n)}, v.ed.DeleteLine)
	if v.notice == "" {
		v.notice = v.st.Lang.T("editor.notice.deleted_line", n)
	}
	return cmd
}

// dropInvalid drops every entry with a problem, so that what is left can
// be sent. Of the entries that only repeat or overlap another, it drops
// those dropRedundant does: the one kept routes every address.
func (v *View) dropInvalid() tea.Cmd {
	c := v.check
	redundant := hostlist.Redundant(c.text)
	drop := make([]bool, len(c.result.Lines))
	n := 0
	for i, l := range c.result.Lines {
		drop[i] = redundant[i] || l.Problem != "" && !l.Overlapping()
		if drop[i] {
			n++
		}
	}
	args := i18n.Args{"Count": n}
	if v.rewrite(hostlist.DropEntries(c.text, drop), v.st.Lang.T("editor.undo.drop_invalid", args)) {
		v.notice = v.st.Lang.T("editor.notice.dropped_invalid", args)
	}
	return v.startLookups()
}

// dropRedundant drops the entries another one makes needless: duplicates
// and blocks inside a wider block of the list (see hostlist.Redundant).
func (v *View) dropRedundant() tea.Cmd {
	drop := hostlist.Redundant(v.check.text)
	args := i18n.Args{"Count": count(drop)}
	if v.rewrite(hostlist.DropEntries(v.check.text, drop), v.st.Lang.T("editor.undo.drop_redundant", args)) {
		v.notice = v.st.Lang.T("editor.notice.dropped_redundant", args)
	}
	return v.startLookups()
}

// count is how many of marks are set.
func count(marks []bool) int {
	n := 0
	for _, m := range marks {
		if m {
			n++
		}
	}
	return n
}

// rewrite replaces the whole text, keeping the cursor where it was, and
// remembers the text before for the undo; what names the change. A text
// beyond the host-list limits is not taken, and the notice says why; ok
// reports whether the text was taken.
func (v *View) rewrite(text, what string) (ok bool) {
	if err := hostlist.CheckLimits(text); err != nil {
		v.notice = v.refusedText(refusedEdit, err)
		return false
	}
	row, col := v.ed.Line(), v.ed.Column()
	v.remember(snapshot{text: v.check.text, row: row, col: col, what: what})
	v.ed.SetValue(text)
	v.ed.MoveTo(row, col)
	v.recheck(true)
	return true
}

// gotoLine moves the cursor to the start of row (0-based).
func (v *View) gotoLine(row int) { v.ed.MoveTo(row, 0) }

// cursorLine is the 1-based line the cursor is on.
func (v *View) cursorLine() int { return v.ed.Line() + 1 }

// cursorColumn is the cursor's 0-based position (in runes) on its line.
func (v *View) cursorColumn() int { return v.ed.Column() }

// scrollToCursor moves the editor's window just enough to show the
// cursor.
func (v *View) scrollToCursor() {
	v.edWin.Resize(v.ed.LineCount(), v.edRows)
	v.edWin.Place(v.ed.Line())
}

// gotoNextProblem moves the cursor to the next line with a problem after
// the cursor, wrapping around to the first.
func (v *View) gotoNextProblem() {
	if len(v.check.problems) == 0 {
		return
	}
	cur := v.cursorLine()
	target := v.check.result.Lines[v.check.problems[0]].Number
	for _, i := range v.check.problems {
		if n := v.check.result.Lines[i].Number; n > cur {
			target = n
			break
		}
	}
	v.gotoLine(target - 1)
	v.scrollToCursor()
	v.followCursor()
}

// followCursor re-anchors the problems list whenever the cursor changes
// line; otherwise the list stays where the operator scrolled it.
func (v *View) followCursor() {
	if cur := v.cursorLine(); cur != v.followLine {
		v.followLine = cur
		v.anchorProblems()
		return
	}
	v.scrollProblems(0)
}

// anchorProblems scrolls the problems list to the first problem at or
// after the cursor's line, or to its last page when none comes after.
func (v *View) anchorProblems() {
	cur := v.cursorLine()
	top := len(v.check.problems)
	for k, i := range v.check.problems {
		if v.check.result.Lines[i].Number >= cur {
			top = k
			break
		}
	}
	v.problemWin.Resize(len(v.check.problems), v.problemRows())
	v.problemWin.ScrollTo(top)
}

// scrollProblems moves the problems list by delta rows, keeping it full.
func (v *View) scrollProblems(delta int) {
	v.problemWin.Resize(len(v.check.problems), v.problemRows())
	v.problemWin.Scroll(delta)
}
