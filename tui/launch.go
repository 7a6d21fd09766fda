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

	"github.com/cenroute/cenroute/cenapi/cli"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views"
)

// Launch runs the wizard in the user's terminal and returns the exit
// code. Everything that can fail before the screen is taken over (flags,
// the connection, the credentials) fails with one clear line on stderr;
// once the program runs, nothing is written to stdout or stderr except by
// the program itself, and logs go to a file.
func Launch(ctx context.Context, env *cli.Env) int {
	name, err := theme.ParseName(env.Theme)
	if err != nil {
		return failf(env, cli.ExitUsage, "%v", err)
	}
	if !isTerminal(env.Stdin) || !isTerminal(env.Stdout) {
		return failf(env, cli.ExitUsage, "the wizard needs a terminal; for scripts use 'cenroute apply', 'list' or 'delete'")
	}
	// The log sits beside the run journals, in the engine's state
	// directory ($XDG_STATE_HOME/cenroute or ~/.local/state/cenroute).
	state, err := engine.DefaultStateDir()
	if err != nil {
		return failf(env, cli.ExitFailed, "%v", err)
	}
	logger, closeLog := openLog(env.Stderr, state)
	defer closeLog()

	conn, err := env.Connect()
	if err != nil {
		return failf(env, cli.ExitCode(err), "%s", views.ErrorText(err))
	}
	defer conn.Close()
	if err := conn.Client.CheckCredentials(ctx); err != nil {
		return failf(env, cli.ExitCode(err), "%s", views.ErrorText(err))
	}
	journals, cleanup, err := journalDir(conn.Demo())
	if err != nil {
		return failf(env, cli.ExitFailed, "%v", err)
	}
	defer cleanup()

	// The identity labels the journals, so that the next start offers to
	// resume only runs made as this AccessKey at this endpoint.
	eng := engine.New(conn.Client, engine.Options{StateDir: journals, Identity: conn.Client.Identity})
	m := New(Deps{
		Context:   ctx,
		Client:    conn.Client,
		Engine:    eng,
		Styles:    terminalStyles(env.Stdout, name, env.ASCII || !UTF8Locale(os.Getenv)),
		Identity:  conn.Client.Identity(),
		Demo:      conn.Demo(),
		ReportDir: reportDir(state),
		Log:       logger,
	})
	return runProgram(ctx, env, m)
}

// runProgram runs the model full-screen until it quits, then ends any work
// still running.
func runProgram(ctx context.Context, env *cli.Env, m *Model) int {
	// Mouse reporting stays off: it would take over the terminal's own
	// text selection, and operators copy IDs and CIDRs off the screen.
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithAltScreen(),
		tea.WithInput(env.Stdin), tea.WithOutput(env.Stdout))
	_, err := p.Run()
	running := m.runs.busy()
	m.Close()
	switch {
	case err == nil:
		return cli.ExitOK
	case errors.Is(err, tea.ErrProgramKilled):
		return failf(env, cli.ExitFailed, "%s", interrupted(running, m.deps.Demo))
	}
	return failf(env, cli.ExitFailed, "%s", views.ErrorText(err))
}

// interrupted is the exit line of a killed program: whether a run was cut
// short and, since only a journal outside demo mode outlives the program,
// whether it can be resumed.
func interrupted(running, demo bool) string {
	switch {
	case running && demo:
		return "interrupted; the demo run ended with it"
	case running:
		return "interrupted; the run can be resumed at the next start"
	}
	return "interrupted"
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
func terminalStyles(w io.Writer, name theme.Name, ascii bool) *theme.Styles {
	r := lipgloss.NewRenderer(w)
	lipgloss.SetDefaultRenderer(r)
	return theme.New(r, theme.Options{Name: name, ASCII: ascii})
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
// says so before it starts.
func openLog(stderr io.Writer, dir string) (*slog.Logger, func()) {
	discard := slog.New(slog.DiscardHandler)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		fmt.Fprintf(stderr, "cenroute: no log file: %v\n", err)
		slog.SetDefault(discard)
		return discard, func() {}
	}
	f, err := os.OpenFile(filepath.Join(dir, "cenroute.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		fmt.Fprintf(stderr, "cenroute: no log file: %v\n", err)
		slog.SetDefault(discard)
		return discard, func() {}
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
		return "", nil, fmt.Errorf("creating the demo journal directory: %w", err)
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// reportDir is where the results view saves reports: the directory the
// user started cenroute in, where they will look for them.
func reportDir(state string) string {
	if wd, err := os.Getwd(); err == nil {
		return wd
	}
	return state
}

// failf writes one line to stderr and returns code.
func failf(env *cli.Env, code int, format string, args ...any) int {
	fmt.Fprintf(env.Stderr, "cenroute: "+format+"\n", args...)
	return code
}
