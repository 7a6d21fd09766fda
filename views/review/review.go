// Package review is the wizard step that shows the whole plan on one screen
// before anything is sent: where the hosts go, how many there are, which
// are already present or in conflict, the description and the calls, as
// the engine's Prepare worked them out against the entries on the CEN. The
// equivalent aliyun CLI commands are one key away, and another key copies
// them to the operator's clipboard (OSC 52, so it works over SSH).
package review

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/clipboard"
	"github.com/cenroute/cenroute/views/internal/table"
)

// Preparer checks a plan against the CEN as it is now (engine.Check): the
// target rule first, whose problems mean the plan must not be sent, then
// the entries already there, which decide the exact calls. It runs in a
// command's goroutine, with a context that says its retries to the screen
// (cenapi.WithRetryObserver).
type Preparer func(ctx context.Context, plan engine.Plan) (engine.Prepared, []engine.Problem, error)

// SubmitMsg asks to start the run of the reviewed plan: exactly the calls
// of Prepared, the check the operator has just read.
type SubmitMsg struct{ Prepared engine.Prepared }

// checkedFor is how long a check of the plan is trusted. A plan submitted
// later is checked again and reviewed again, since colleagues and other
// runs may have changed the CEN meanwhile.
const checkedFor = time.Minute

// checkState is where the check of the plan stands.
type checkState int

const (
	checking checkState = iota // waiting for the Preparer
	checkFailed
	rejected // the target rule rejects the plan: nothing can be sent
	checked
)

// checkedMsg answers one check of the plan.
type checkedMsg struct {
	ticket   views.Ticket
	prep     engine.Prepared
	problems []engine.Problem
	err      error
}

// checkRetryMsg says that a call of a check is being retried.
type checkRetryMsg struct {
	ticket views.Ticket
	note   cenapi.RetryNote
	feed   *views.RetryFeed
}

// View is the review step.
type View struct {
	st      *theme.Styles
	keys    keyMap
	plan    engine.Plan
	prepare Preparer
	checks  views.Requests
	now     func() time.Time

	state     checkState
	retry     *cenapi.RetryNote // the check's latest retry, while checking
	err       error             // why the check failed
	problems  []engine.Problem  // why the target rule rejects the plan
	prep      engine.Prepared   // the engine's own view of the plan, once checked
	checkedAt time.Time         // when prep arrived

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

// New reviews plan, checked with prepare. Nothing can be submitted until
// the check has answered: the calls are the engine's, never a guess.
func New(st *theme.Styles, plan engine.Plan, prepare Preparer) *View {
	v := &View{st: st, keys: newKeyMap(st.Lang), plan: plan, prepare: prepare, checks: views.NewRequests(), now: time.Now}
	v.SetSize(80, 20)
	return v
}

// Init implements views.View: it checks the plan.
func (v *View) Init() tea.Cmd { return v.check() }

// check asks the Preparer about the plan in a command; only the answer to
// the latest check counts.
func (v *View) check() tea.Cmd {
	v.state, v.err, v.problems, v.retry = checking, nil, nil, nil
	v.enableKeys()
	ticket, prepare, plan, feed := v.checks.Next(), v.prepare, v.plan, views.NewRetryFeed()
	run := func() tea.Msg {
		defer feed.End()
		prep, problems, err := prepare(feed.Observe(context.Background()), plan)
		return checkedMsg{ticket: ticket, prep: prep, problems: problems, err: err}
	}
	return tea.Batch(run, nextRetry(feed, ticket))
}

// nextRetry waits for the next retry of a check.
func nextRetry(feed *views.RetryFeed, ticket views.Ticket) tea.Cmd {
	return feed.Next(func(n cenapi.RetryNote) tea.Msg { return checkRetryMsg{ticket: ticket, note: n, feed: feed} })
}

// handleRetry says, while the plan is being checked, that a call of the
// check is being retried (throttled, say), and waits for the next.
func (v *View) handleRetry(msg checkRetryMsg) tea.Cmd {
	if !v.checks.Current(msg.ticket) || v.state != checking {
		return nil
	}
	v.retry = &msg.note
	return nextRetry(msg.feed, msg.ticket)
}

// handleChecked shows the answer to the latest check: why it failed, why
// the target rule rejects the plan (no call is shown then, and the
// operator goes back to change the choices, or checks again once the CEN
// has changed), or the engine's own view of the plan: the exact calls,
// which hosts are present, which conflict with an existing entry.
func (v *View) handleChecked(msg checkedMsg) {
	if !v.checks.Current(msg.ticket) {
		return
	}
	v.retry = nil
	switch {
	case msg.err != nil:
		v.state, v.err = checkFailed, msg.err
	case len(msg.problems) > 0:
		v.state, v.problems, v.prep = rejected, msg.problems, engine.Prepared{}
		v.showCLI = false
	default:
		v.state, v.prep, v.checkedAt = checked, msg.prep, v.now()
	}
	v.cli = wrapped{}
	v.fitCLI()
	v.enableKeys()
}

// Title implements views.View.
func (v *View) Title() string { return v.st.Lang.T("run.review.step") }

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
	switch msg := msg.(type) {
	case checkedMsg:
		v.handleChecked(msg)
	case checkRetryMsg:
		return v.handleRetry(msg)
	case tea.KeyMsg:
		return v.handleKey(msg)
	}
	return nil
}

// handleKey runs the step's keys.
func (v *View) handleKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, v.keys.Retry):
		return v.check()
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

// submit asks for the run of the check on screen, unless there is nothing
// to send. A check that is no longer fresh is not trusted: the plan is
// checked again and the operator reviews the new answer before anything
// is sent.
func (v *View) submit() tea.Cmd {
	if len(v.prep.Calls) == 0 {
		v.notice = v.st.Lang.T("run.review.notice.nothing")
		return nil
	}
	if v.now().Sub(v.checkedAt) > checkedFor {
		v.notice = v.st.Lang.T("run.review.notice.stale")
		return v.check()
	}
	prep := v.prep
	return func() tea.Msg { return SubmitMsg{Prepared: prep} }
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
	for _, c := range v.prep.Calls {
		b.WriteString(c.Command)
		b.WriteByte('\n')
	}
	return b.String()
}

// copyCommands puts the CLI commands on the clipboard and says so.
func (v *View) copyCommands() tea.Cmd {
	text := v.commands()
	if text == "" {
		v.notice = v.st.Lang.T("run.review.notice.no_command")
		return nil
	}
	args := i18n.Args{"Count": len(v.prep.Calls), "Bytes": len(text)}
	v.notice = v.st.Lang.T("run.review.notice.copied", args)
	if len(text) > clipboard.Advised {
		args["Limit"] = clipboard.Advised / 1000
		v.notice = v.st.Lang.T("run.review.notice.copied_large", args)
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
