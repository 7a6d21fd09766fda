package tui

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/creack/pty"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/demo"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// demoOptions are the options of 'cenroute --demo' on streams.
func demoOptions(stdin io.Reader, stdout, stderr io.Writer) Options {
	return Options{Stdin: stdin, Stdout: stdout, Stderr: stderr, Theme: theme.Auto, Demo: true,
		Connect: func() (*cenapi.Client, func(), error) { return demo.Start(emulator.DemoOptions(), "", "") }}
}

// keepGlobals restores what Launch sets for the whole process (lipgloss's
// default renderer, slog's default logger), so later tests are unaffected.
// Tests calling it must not be parallel.
func keepGlobals(t *testing.T) {
	r, l := lipgloss.DefaultRenderer(), slog.Default()
	t.Cleanup(func() {
		lipgloss.SetDefaultRenderer(r)
		slog.SetDefault(l)
	})
}

// terminal is the controlling side of a pseudo-terminal, recording what
// the program draws.
type terminal struct {
	master, slave *os.File
	mu            sync.Mutex
	out           bytes.Buffer
	changed       chan struct{}
}

func newTerminal(t *testing.T, cols, rows int) *terminal {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	if err := pty.Setsize(master, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}); err != nil {
		t.Fatal(err)
	}
	term := &terminal{master: master, slave: slave, changed: make(chan struct{}, 1)}
	go term.read()
	t.Cleanup(func() {
		slave.Close()
		master.Close()
	})
	return term
}

func (term *terminal) read() {
	buf := make([]byte, 4096)
	for {
		n, err := term.master.Read(buf)
		if n > 0 {
			term.mu.Lock()
			term.out.Write(buf[:n])
			term.mu.Unlock()
			select {
			case term.changed <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// waitFor waits until the program has drawn text.
func (term *terminal) waitFor(t *testing.T, text string) {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		term.mu.Lock()
		seen := strings.Contains(term.out.String(), text)
		term.mu.Unlock()
		if seen {
			return
		}
		select {
		case <-term.changed:
		case <-deadline:
			t.Fatalf("the terminal never showed %q", text)
		}
	}
}

// TestLaunchRunsTheDemoInATerminal starts the real program in a
// pseudo-terminal: alternate screen, the demo world, q quits with exit
// code 0, and nothing but the program's frames reaches the terminal or
// stderr; the log goes to the state directory.
func TestLaunchRunsTheDemoInATerminal(t *testing.T) {
	keepGlobals(t)
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("LANG", "C") // not UTF-8: ASCII glyphs
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_CTYPE", "")
	term := newTerminal(t, 100, 30)
	var stderr bytes.Buffer
	opts := demoOptions(term.slave, term.slave, &stderr)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() { code <- Launch(ctx, opts) }()

	term.waitFor(t, "\x1b[?1049h") // the alternate screen
	term.waitFor(t, "corp-backbone")
	term.waitFor(t, "DEMO")
	if _, err := term.master.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-code:
		if c != exitcode.OK {
			t.Fatalf("exit code %d, want 0; stderr: %s", c, stderr.String())
		}
	case <-time.After(waitLimit):
		t.Fatal("q did not end the program")
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr got %q while the UI ran", stderr.String())
	}
	term.mu.Lock()
	out := term.out.String()
	term.mu.Unlock()
	if strings.Contains(out, "\x1b[?1000h") || strings.Contains(out, "\x1b[?1003h") {
		t.Error("mouse reporting was turned on")
	}
	if strings.Contains(out, "›") {
		t.Error("non-ASCII breadcrumb separator under LANG=C")
	}
	logged, err := os.ReadFile(filepath.Join(state, "cenroute", "cenroute.log"))
	if err != nil || !strings.Contains(string(logged), "step=CEN") {
		t.Errorf("log file: %v, %q", err, logged)
	}
}

func TestLaunchRefusesWhatItCannotRun(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	if got := Launch(context.Background(), demoOptions(strings.NewReader(""), io.Discard, &stderr)); got != exitcode.Usage {
		t.Errorf("exit code %d, want %d", got, exitcode.Usage)
	}
	if msg := stderr.String(); !strings.Contains(msg, "needs a terminal") || strings.Count(msg, "\n") != 1 {
		t.Errorf("stderr = %q, want one line saying the wizard needs a terminal", msg)
	}
}

// TestNoColorIsHonoured checks that styles built the way Launch builds
// them lose every escape sequence under NO_COLOR, with nothing done by
// cenroute itself.
func TestNoColorIsHonoured(t *testing.T) {
	keepGlobals(t)
	t.Setenv("CLICOLOR_FORCE", "1") // colour even though the output is a buffer
	t.Setenv("NO_COLOR", "")
	colour := terminalStyles(io.Discard, theme.Dark, false, nil).Error.Render("failed")
	if !strings.Contains(colour, "\x1b[") {
		t.Fatalf("expected colour without NO_COLOR, got %q", colour)
	}
	t.Setenv("NO_COLOR", "1")
	plain := terminalStyles(io.Discard, theme.Dark, false, nil).Error.Render("failed")
	if plain != "failed" {
		t.Fatalf("NO_COLOR rendering = %q, want plain text", plain)
	}
	// A text field's cursor still shows, in reverse video, which is no
	// colour; on a VT100 too.
	t.Setenv("TERM", "vt100")
	if got := terminalStyles(io.Discard, theme.Dark, false, nil).Cursor.Render("x"); got != "\x1b[7mx\x1b[27m" {
		t.Fatalf("NO_COLOR, TERM=vt100: the cursor cell is %q, want it in reverse video", got)
	}
}

// Reports are proposed beside the run journals, in the state directory,
// made when missing; the home directory when it cannot be made.
func TestReportsGoBesideTheJournals(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state", "cenroute")
	if got := reportDir(state); got != state {
		t.Errorf("reportDir = %q, want the state directory %q", got, state)
	}
	if fi, err := os.Stat(state); err != nil || !fi.IsDir() {
		t.Errorf("the state directory was not made: %v", err)
	}
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	home, _ := os.UserHomeDir()
	if got := reportDir(filepath.Join(file, "cenroute")); got != home {
		t.Errorf("reportDir under a file = %q, want the home directory %q", got, home)
	}
}

// TestQuitDuringARunSaysHowToResume: in a real terminal, a run is
// submitted and Ctrl+C pressed twice. The program quits, and once the
// alternate screen is closed it names the run and prints the exact
// command that resumes it, with the endpoint in use; the exit status is 1.
func TestQuitDuringARunSaysHowToResume(t *testing.T) {
	keepGlobals(t)
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("LANG", "C")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_CTYPE", "")
	srv := emulatortest.Start(t, emulator.Options{Seed: 1, ActivateAfter: time.Hour})
	term := newTerminal(t, 100, 30)
	stderr := newSyncBuffer()
	opts := Options{Stdin: term.slave, Stdout: term.slave, Stderr: stderr, Theme: theme.Auto,
		Connect: func() (*cenapi.Client, func(), error) { return cenapitest.Client(t, srv.Endpoint()), func() {}, nil },
		ResumeCommand: func(kind, runID string) string {
			return "cenroute --endpoint " + srv.Endpoint() + " " + kind + " --resume " + runID
		}}
	code := make(chan int, 1)
	go func() { code <- Launch(context.Background(), opts) }()
	for _, step := range []struct{ wait, keys string }{
		{"corp-backbone", "\r"},
		{"China (Hangzhou)", "\x1b[B\r"},
		{"prod-hz-core", "\r"},
		{"[x] cn-hangzhou", "\r"},
		{"comments are ignored", "100.100.10.0/24"},
		{"valid 1", "\t"},
		{"Stored with every route", "\r"},
		{"enter or y submits", "\r"},
		{"submitting", "\x03"},
		{"Stop the run?", "\x03"},
	} {
		term.waitFor(t, step.wait)
		if _, err := term.master.Write([]byte(step.keys)); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case c := <-code:
		if c != exitcode.Failed {
			t.Errorf("exit code %d, want 1: a run was left undone", c)
		}
	case <-time.After(waitLimit):
		t.Fatal("the second ctrl+c did not end the program")
	}
	term.waitFor(t, "\x1b[?1049l") // the alternate screen closed
	// Whether the host was sent when ctrl+c came is a matter of timing.
	m := regexp.MustCompile(`cenroute: run (\S+) stopped: (0 of 1 host not sent, 1 sent but not followed to the end|1 of 1 host not sent)\n` +
		`resume with: cenroute --endpoint ` + regexp.QuoteMeta(srv.Endpoint()) + ` apply --resume (\S+)\n`).FindStringSubmatch(stderr.String())
	if m == nil || m[1] != m[3] {
		t.Fatalf("stderr:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(state, "cenroute", m[1]+".jsonl")); err != nil {
		t.Errorf("the run's journal: %v", err)
	}
}
