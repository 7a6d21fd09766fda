// Package review is the wizard step that shows the whole plan on one screen
// before anything is sent: where the hosts go, how many there are, which
// are already present or in conflict, the description and the calls, as
// the engine's Prepare worked them out against the entries on the CEN. The
// equivalent aliyun CLI commands are one key away, and another key copies
// them to the operator's clipboard (OSC 52, so it works over SSH).
package review

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/clipboard"
	"github.com/cenroute/cenroute/views/internal/table"
)

// SubmitMsg asks to start the run of the reviewed plan.
type SubmitMsg struct{}

// PrepareMsg asks the root to check the plan against the entries on the
// CEN (engine.Prepare) and to answer with SetPrepared or SetPrepareError.
// The view asks from Init, and again when the operator retries a failed
// check.
type PrepareMsg struct{}

// checkState is where the check of the plan stands.
type checkState int

const (
	checking checkState = iota // waiting for the root's answer
	checkFailed
	rejected // the target rule rejects the plan: nothing can be sent
	checked
)

// View is the review step.
type View struct {
	st   *theme.Styles
	keys keyMap
	plan engine.Plan

	state     checkState
	retry     *cenapi.RetryNote // the check's latest retry, while checking
	err       error             // why the check failed
	problems  []engine.Problem  // why the target rule rejects the plan
	present   []string          // hosts that will be skipped
	conflicts map[string]string // hosts that cannot be sent, and why
	calls     []engine.Call     // the calls the run will make

	showCLI bool
	cli     wrapped      // the commands wrapped for the list
	cliWin  table.Window // over the command lines
	notice  string
	width   int
	height  int
}

var _ views.View = (*View)(nil)

// wrapped caches the command list wrapped to a width.
type wrapped struct {
	lines []string
	width int
	valid bool
}

// New reviews plan. Nothing can be submitted until the root answers the
// view's PrepareMsg with SetPrepared: the calls are the engine's, never a
// guess.
func New(st *theme.Styles, plan engine.Plan) *View {
	v := &View{st: st, keys: newKeyMap(), plan: plan}
	v.SetSize(80, 20)
	return v
}

// SetRetrying says, while the plan is being checked, that a call of the
// check is being retried (throttled, say).
func (v *View) SetRetrying(n cenapi.RetryNote) {
	if v.state == checking {
		v.retry = &n
	}
}

// SetPrepared shows the engine's own view of the plan (engine.Prepare):
// the exact calls, which hosts are present, which conflict with an
// existing entry.
func (v *View) SetPrepared(p engine.Prepared) {
	v.state, v.err, v.retry = checked, nil, nil
	v.plan, v.present, v.conflicts, v.calls = p.Plan, p.Present, p.Conflicts, p.Calls
	v.cli = wrapped{}
	v.fitCLI()
	v.enableKeys()
}

// SetPrepareError shows why the plan could not be checked; r asks again.
func (v *View) SetPrepareError(err error) {
	v.state, v.err, v.retry = checkFailed, err, nil
	v.enableKeys()
}

// SetRejected shows why the target rule (engine.Check) rejects the plan.
// No call is shown and nothing can be submitted: the operator goes back
// to change the choices, or checks again (r) once the CEN has changed.
func (v *View) SetRejected(problems []engine.Problem) {
	v.state, v.err, v.problems, v.retry = rejected, nil, problems, nil
	v.present, v.conflicts, v.calls = nil, nil, nil
	v.cli = wrapped{}
	v.showCLI = false
	v.fitCLI()
	v.enableKeys()
}

// Recheck marks the plan as being checked again (the root asked the
// engine once more, e.g. because the last check grew old), with notice
// saying why.
func (v *View) Recheck(notice string) {
	v.state, v.err, v.notice, v.retry = checking, nil, notice, nil
	v.enableKeys()
}

// Init implements views.View: it asks the root to check the plan.
func (v *View) Init() tea.Cmd { return askPrepare }

// askPrepare is the command that sends PrepareMsg.
func askPrepare() tea.Msg { return PrepareMsg{} }

// Title implements views.View.
func (v *View) Title() string { return "Review" }

// Capturing implements views.View: no text field here.
func (v *View) Capturing() bool { return false }

// SetSize implements views.View.
func (v *View) SetSize(width, height int) {
	v.width, v.height = width, height
	v.fitCLI()
	v.enableKeys()
}

// Update implements views.View.
func (v *View) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, v.keys.Retry):
		v.state, v.err, v.problems, v.retry = checking, nil, nil, nil
		v.enableKeys()
		return askPrepare
	case key.Matches(k, v.keys.Submit):
		return v.submit()
	case key.Matches(k, v.keys.ShowCLI):
		v.showCLI = !v.showCLI
		v.enableKeys()
	case key.Matches(k, v.keys.Copy):
		return v.copyCommands()
	case key.Matches(k, v.keys.Back):
		return v.back()
	default:
		v.fitCLI()
		v.cliWin.Follow(k, v.keys.Moves)
	}
	return nil
}

// submit asks for the run, unless there is nothing to send.
func (v *View) submit() tea.Cmd {
	if len(v.calls) == 0 {
		v.notice = "nothing to send: every host is already present or conflicts."
		return nil
	}
	return func() tea.Msg { return SubmitMsg{} }
}

// back closes the command list first, then leaves the step.
func (v *View) back() tea.Cmd {
	if v.showCLI {
		v.showCLI = false
		v.enableKeys()
		return nil
	}
	return views.Back
}

// commands is the CLI text: one command per line.
func (v *View) commands() string {
	var b strings.Builder
	for _, c := range v.calls {
		b.WriteString(c.Command)
		b.WriteByte('\n')
	}
	return b.String()
}

// copyCommands puts the CLI commands on the clipboard and says so.
func (v *View) copyCommands() tea.Cmd {
	text := v.commands()
	if text == "" {
		v.notice = "no command to copy: nothing will be sent."
		return nil
	}
	v.notice = "sent " + views.Plural(len(v.calls), "command", "commands") + " (" + strconv.Itoa(len(text)) +
		" bytes) to the clipboard with OSC 52; the terminal must allow it (in tmux: set-clipboard on)."
	if len(text) > clipboard.Advised {
		v.notice += " Some terminals ignore more than 100 KB."
	}
	return clipboard.Copy(text)
}

// fitCLI sizes the command list's window to the commands and the room
// below the summary; a hidden list starts again from its top.
func (v *View) fitCLI() {
	if !v.showCLI {
		v.cliWin = table.NewWindow(false)
		return
	}
	v.cliWin.Resize(len(v.cliLines()), v.cliRows())
}
