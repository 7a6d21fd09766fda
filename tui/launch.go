package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
	"github.com/cenroute/cenroute/views"
)

// Options are what Launch needs from the command line.
type Options struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Theme          theme.Name
	// ASCII asks for plain ASCII glyphs whatever the locale.
	ASCII bool
	// Demo says that Connect starts a demo world, which ends with the
	// program.
	Demo bool
	// Connect opens the connection to the CEN API, once the terminal is
	// known to host the wizard; closeConn releases it.
	Connect func() (client *cenapi.Client, closeConn func(), err error)
	// ResumeCommand is the command line that resumes run runID of kind
	// (engine.KindApply, KindDelete or KindSync) with the account and
	// endpoint in use.
	ResumeCommand func(kind, runID string) string
	// DoctorCommand is the command line that diagnoses the account and
	// endpoint in use: a start-up failure about them points to it.
	DoctorCommand string
	// Lang is the language the wizard speaks (nil: English); the client
	// Connect builds asks the API for the same.
	Lang *i18n.Localizer
	// RoutesFile, when set, is a routes file to review and sync: the
	// wizard opens on the difference between it and its CEN.
	RoutesFile string
}

// Launch runs the wizard in the user's terminal and returns the exit
// code. Everything that can fail before the screen is taken over (the terminal,
// the connection, the credentials) fails with one clear line on stderr
// (an endpoint that stays unreachable is offered a retry first);
// once the program runs, nothing is written to stdout or stderr except by
// the program itself, and logs go to a file.
func Launch(ctx context.Context, opts Options) int {
	if !isTerminal(opts.Stdin) || !isTerminal(opts.Stdout) {
		return failf(opts, exitcode.Usage, "%s", opts.Lang.T("wizard.launch.no_terminal"))
	}
	// The log sits beside the run journals, in the engine's state
	// directory ($XDG_STATE_HOME/cenroute or ~/.local/state/cenroute).
	state, err := engine.DefaultStateDir()
	if err != nil {
		return failf(opts, exitcode.Failed, "%s", views.ErrorText(opts.Lang, err))
	}
	logger, closeLog := openLog(opts.Stderr, opts.Lang, state)
	defer closeLog()

	client, closeConn, err := opts.Connect()
	if err != nil {
		return failf(opts, exitcode.Of(err), "%s", withDoctor(opts, err))
	}
	defer closeConn()
	journals, cleanup, err := journalDir(opts.Demo)
	if err != nil {
		return failf(opts, exitcode.Failed, "%s", opts.Lang.T("wizard.launch.demo_journals",
			i18n.Args{"Error": views.ErrorText(opts.Lang, err)}))
	}
	defer cleanup()

	// The identity labels the journals, so that the next start offers to
	// resume only runs made as this AccessKey at this endpoint. The
	// engine's read policy serves every read of the session, the check
	// of the credentials first.
	eng := engine.New(client, engine.Options{StateDir: journals, Identity: client.Identity})
	if err := checkAtStart(ctx, opts, client, eng); err != nil {
		return failf(opts, exitcode.Failed, "%s", withDoctor(opts, err))
	}
	m := New(Deps{
		Context:    ctx,
		Client:     client,
		Engine:     eng,
		Styles:     terminalStyles(opts.Stdout, opts.Theme, opts.ASCII || !UTF8Locale(os.Getenv), opts.Lang),
		Identity:   client.Identity(),
		Demo:       opts.Demo,
		ReportDir:  reportDir(state),
		RoutesFile: opts.RoutesFile,
		Log:        logger,
	})
	return runProgram(ctx, opts, m)
}

// runProgram runs the model full-screen until it quits, then ends any work
// still running. Once the alternate screen is closed it says, on the
// terminal, what a stopped run left undone and how to resume it; the exit
// code is then 1.
func runProgram(ctx context.Context, opts Options, m *Model) int {
	// Mouse reporting stays off: it would take over the terminal's own
	// text selection, and operators copy IDs and CIDRs off the screen.
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithAltScreen(),
		tea.WithInput(opts.Stdin), tea.WithOutput(opts.Stdout))
	_, err := p.Run()
	m.Close()
	code := exitcode.OK
	switch {
	case errors.Is(err, tea.ErrProgramKilled):
		code = failf(opts, exitcode.Failed, "%s", opts.Lang.T("wizard.launch.interrupted"))
	case err != nil:
		return failf(opts, exitcode.Failed, "%s", views.ErrorText(opts.Lang, err))
	}
	for _, rep := range m.runs.unfinished() {
		fmt.Fprintln(opts.Stderr, leftUndone(opts.Lang, rep, opts.ResumeCommand, m.deps.Demo))
		code = exitcode.Failed
	}
	return code
}

// leftUndone says, in lang's words, what a stopped run left to do, with
// its ID and, since only a journal outside demo mode outlives the program,
// how to resume it (the apply or delete command that continues it, with
// the flags that reach the same account and endpoint).
func leftUndone(lang *i18n.Localizer, rep engine.Report, resumeCommand func(kind, runID string) string, demo bool) string {
	unsent, unsettled := 0, 0
	for _, h := range rep.Hosts {
		switch {
		case h.Status != engine.StatusStopped:
		case h.RequestID == "":
			unsent++
		default:
			unsettled++
		}
	}
	args := i18n.Args{"Run": rep.RunID, "Unsent": unsent, "Count": len(rep.Hosts), "Unsettled": unsettled}
	var what string
	switch rep.Kind {
	case engine.KindDelete:
		what = lang.T("wizard.undone.entries", args)
	case engine.KindSync:
		what = lang.T("wizard.undone.calls", args)
	default:
		what = lang.T("wizard.undone.hosts", args)
	}
	what = "cenroute: " + what
	if unsettled > 0 {
		what += lang.T("wizard.undone.unsettled", args)
	}
	if rep.Halt != nil {
		what += "\ncenroute: " + lang.T("wizard.undone.refused", i18n.Args{"Why": cenapi.Printable(views.HaltText(lang, *rep.Halt))})
	}
	if demo {
		return what + lang.T("wizard.undone.demo")
	}
	return what + "\n" + lang.T("wizard.undone.resume", i18n.Args{"Command": resumeCommand(rep.Kind, rep.RunID)})
}

// terminalStyles builds the styles for the local terminal.
//
// Why here and now: the background colour is queried from the terminal,
// and a query made after the program has started races Bubble Tea's input
// reader for the reply (bubbletea#1036). theme.New asks the renderer once,
// before tea.NewProgram. The renderer also becomes lipgloss's default, so
// nothing later asks again on another renderer. NO_COLOR needs no code:
// the renderer's colour profile comes from termenv's EnvColorProfile,
// which honours it.
func terminalStyles(w io.Writer, name theme.Name, ascii bool, lang *i18n.Localizer) *theme.Styles {
	r := lipgloss.NewRenderer(w)
	lipgloss.SetDefaultRenderer(r)
	return theme.New(r, theme.Options{Name: name, ASCII: ascii, Lang: lang})
}

// isTerminal reports whether f is a terminal; anything else (a pipe, a
// file) cannot host the wizard.
func isTerminal(f any) bool {
	fd, ok := f.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(fd.Fd())
}

// openLog sends the session's logs to cenroute.log in the state directory.
// The process-wide default logger (and so the standard log package) goes
// there too: an emulator or library logging to stderr would otherwise
// scribble over the screen. Without a log file the program still runs, and
// says so, in lang's words, before it starts.
func openLog(stderr io.Writer, lang *i18n.Localizer, dir string) (*slog.Logger, func()) {
	discard := slog.New(slog.DiscardHandler)
	noLog := func(err error) (*slog.Logger, func()) {
		fmt.Fprintf(stderr, "cenroute: %s\n", lang.T("wizard.launch.no_log", i18n.Args{"Error": views.ErrorText(lang, err)}))
		slog.SetDefault(discard)
		return discard, func() {}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return noLog(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "cenroute.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return noLog(err)
	}
	logger := slog.New(slog.NewTextHandler(f, nil))
	slog.SetDefault(logger)
	return logger, func() { f.Close() }
}

// journalDir is where run journals live: "" (the engine's default, shared
// with the apply and delete commands, so a run stopped in one can be
// resumed in the other) except in demo mode. A demo world lives only as
// long as the process, so its journals go to a temporary directory that is
// removed at exit: offering to resume a demo run against a fresh world
// would only fail.
func journalDir(demo bool) (string, func(), error) {
	if !demo {
		return "", func() {}, nil
	}
	dir, err := os.MkdirTemp("", "cenroute-demo-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// reportDir is where the results view proposes to save reports: the
// state directory, beside the journals of the runs they report on (a demo
// run's journals go with its world, its report stays), rather than
// wherever cenroute was started; the home directory when the state
// directory cannot be made. The screen names the file by its full path.
func reportDir(state string) string {
	if err := os.MkdirAll(state, 0o700); err == nil {
		return state
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return state
}

// withDoctor is the line that says err, and, when err is about the
// credentials, the endpoint or the clock (see cenapi.NeedsDiagnosis), a
// second one with the command that looks into all of them.
func withDoctor(opts Options, err error) string {
	text := views.ErrorText(opts.Lang, err)
	if cenapi.NeedsDiagnosis(err) && opts.DoctorCommand != "" && !opts.Demo {
		text += "\ncenroute: " + opts.Lang.T("wizard.launch.doctor", i18n.Args{"Command": opts.DoctorCommand})
	}
	return text
}

// failf writes one line to stderr and returns code.
func failf(opts Options, code int, format string, args ...any) int {
	fmt.Fprintf(opts.Stderr, "cenroute: "+format+"\n", args...)
	return code
}
