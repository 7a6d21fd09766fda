// Package tui is cenroute's interactive wizard: the root Bubble Tea model
// that owns the order of the steps and what was chosen at each, the chrome
// around the active view (header with breadcrumbs and identity, footer with
// short help and a one-line status, the full-help overlay, the "terminal
// too small" screen), the y/N prompts, and Launch, which runs it in the
// user's terminal.
//
// The screens themselves live in views/; each reports the user's choice
// with its own message and the root builds the next one. New builds a
// model from explicit dependencies, so that the SSH server can run one per
// session with that session's renderer, styles and emulator world.
package tui

import (
	"context"
	"errors"
	"log/slog"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/savefile"
)

// Deps is everything one wizard session needs. Nothing in the model is
// shared between sessions except what is passed in here.
type Deps struct {
	// Context bounds the session: runs are started under it, so ending a
	// session cancels them (their journals stay resumable). nil means
	// context.Background().
	Context context.Context
	// Client talks to the CEN API (the cloud or an emulator). The wizard
	// reads through it with the Engine's retries and read limiter (see
	// cenapi.Client.WithRetry), as the commands do.
	Client *cenapi.Client
	// Engine submits and deletes route services and journals runs; its
	// read policy serves every read of the session.
	Engine *engine.Engine
	// Styles are built from this session's renderer.
	Styles *theme.Styles
	// Identity is what the header shows: profile, masked AccessKeyId,
	// region and endpoint. Never a secret.
	Identity cenapi.Identity
	// Demo shows the DEMO badge. Demo runs cannot be resumed after the
	// session (their journals go with the demo world), and the screens
	// say so.
	Demo bool
	// ReportDir is where the results view proposes to save reports; the
	// operator may name another path. Unused with ReportRoom.
	ReportDir string
	// ReportRoom, when set, is the only directory reports are saved in,
	// under names of cenroute's choosing: a server's session room. The
	// operator names no path then.
	ReportRoom string
	// ReportNote, when set, is said with the save prompt and its outcome:
	// that ReportDir goes away with the session, say.
	ReportNote string
	// RoutesFile, when set, is a routes file on this machine to review
	// and sync: the wizard starts on that review (cenroute --file F).
	RoutesFile string
	// Log receives the session's log lines; nil discards them. It must
	// not write to the terminal the UI runs in.
	Log *slog.Logger
}

// page is a view instance together with what it was built from.
type page struct {
	view views.View
	key  string // wizardState.key of the step when it was built
}

// status is the footer's one-line message; it clears on the next key.
type status struct {
	text  string
	isErr bool
}

// Model is the root model of the wizard. Use New; the zero value is not
// usable. It is a tea.Model with a pointer receiver: views are held by
// pointer and mutated in place.
type Model struct {
	deps Deps
	ctx  context.Context
	// reader is Deps.Client reading through the engine's retry policy
	// and read limiter: every list, check and listing of the session
	// goes through it.
	reader *cenapi.Client
	st     *theme.Styles
	keys   keyMap
	help   help.Model
	log    *slog.Logger

	width, height      int // the terminal
	contentW, contentH int // what the active view gets

	step  step
	pages map[step]*page

	state wizardState
	runs  *runTracker

	status   status
	prompt   *prompt
	overlay  overlay        // shown in place of the view
	helpTop  int            // the first line of the help overlay on screen
	starts   views.Requests // requests to start a run; the latest is awaited
	starting bool           // a run's start is awaited: keys are held
	stopping bool           // the user asked the running work to stop

	// about: the about-this-step panel is wanted (shown from the start in
	// demo mode). aboutFits: layout found room for its whole text; else
	// it is folded to a one-line hint.
	about, aboutFits bool
}

// overlay is what the body shows instead of the active view.
type overlay int

const (
	noOverlay    overlay = iota
	helpOverlay          // the full help
	aboutOverlay         // the about text, when the panel has no room for it
)

// New builds a wizard session from its dependencies.
func New(d Deps) *Model {
	ctx := d.Context
	if ctx == nil {
		ctx = context.Background()
	}
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var reader *cenapi.Client
	if d.Client != nil && d.Engine != nil {
		reader = d.Client.WithRetry(d.Engine)
	}
	return &Model{
		deps:   d,
		ctx:    ctx,
		reader: reader,
		st:     d.Styles,
		keys:   newKeyMap(d.Styles.Lang),
		help:   newHelp(d.Styles),
		log:    log,
		pages:  make(map[step]*page),
		starts: views.NewRequests(),
		runs:   newRunTracker(),
		// New operators learn in demo mode; the others know the steps
		// and keep the rows for their data (i shows it on demand).
		about: d.Demo,
	}
}

// Init shows the CEN list (or the review of a routes file) and looks
// for a run to resume.
func (m *Model) Init() tea.Cmd {
	first := stepCEN
	if m.deps.RoutesFile != "" {
		first = stepSync
	}
	return tea.Batch(m.enter(first), m.checkUnfinished())
}

// Update dispatches one message by kind.
//
// Of Bubble Tea's own messages, the runtime handles those of its commands
// (quit, batches, sequences, the window title the clipboard writes with)
// before Update sees them; the two that reach it are listed here and are
// the root's: the window's size, and keys, which the active view gets
// unless the root takes them. The root's own replies and the views' step
// messages come next. Anything else is a reply to a view's request: it is
// handed to every live view, and the one holding its ticket takes it
// (see views.Ticket), so that a cached view still gets the answer to a
// load it started before the operator moved on.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m, m.handleResize(msg)
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case unfinishedMsg:
		return m, m.handleUnfinished(msg)
	case runStartedMsg:
		return m, m.handleRunStarted(msg)
	case views.BackMsg:
		return m, m.back()
	}
	if cmd, ok := m.finish(msg); ok {
		return m, cmd
	}
	return m, m.deliver(msg)
}

// handleResize records the terminal size, at most maxWidth by maxHeight,
// and reflows every view.
func (m *Model) handleResize(msg tea.WindowSizeMsg) tea.Cmd {
	msg = ClampSize(msg)
	m.width, m.height = msg.Width, msg.Height
	m.layout()
	return nil
}

// deliver hands a reply to every live view.
func (m *Model) deliver(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(m.pages))
	for _, p := range m.pages {
		cmds = append(cmds, p.view.Update(msg))
	}
	return tea.Batch(cmds...)
}

// routeToActive hands a message to the active view.
func (m *Model) routeToActive(msg tea.Msg) tea.Cmd {
	p := m.pages[m.step]
	if p == nil {
		return nil
	}
	return p.view.Update(msg)
}

// active is the view on screen, nil before Init.
func (m *Model) active() views.View {
	if p := m.pages[m.step]; p != nil {
		return p.view
	}
	return nil
}

// capturing reports whether bare letters belong to the active view.
func (m *Model) capturing() bool {
	v := m.active()
	return v != nil && v.Capturing()
}

// words is a text in the language of the localizer it is given (nil
// for English): what a step explains, or what failed, said to the
// session in its language and to the log in English.
type words func(*i18n.Localizer) string

// info and fail set the footer's status line: fail says what failed and
// why, and logs it in English.
func (m *Model) info(text string) { m.status = status{text: text} }

func (m *Model) fail(what words, err error) {
	why := views.ErrorText(m.st.Lang, err)
	var rejected rejectedError
	if errors.As(err, &rejected) {
		why = rejected.say(m.st.Lang)
	}
	m.status = status{text: m.st.Lang.T("wizard.failed", i18n.Args{"What": what(m.st.Lang), "Error": why}), isErr: true}
	m.log.Warn(what(nil), "error", views.ErrorText(nil, err))
}

// saveOptions are where the session's views save files: the report
// directory, or the room of a server's session.
func (m *Model) saveOptions() savefile.Options {
	return savefile.Options{Dir: m.deps.ReportDir, Room: m.deps.ReportRoom, Note: m.deps.ReportNote}
}

// Close ends whatever work the session still has: running submissions and
// deletions are aborted (their journals keep them resumable) and waited
// for. Call it after the program has exited.
func (m *Model) Close() {
	m.runs.abortAll()
}
