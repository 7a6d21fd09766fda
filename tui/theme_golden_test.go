package tui

import (
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
)

// driver runs a Model without a Bubble Tea program, so that a test can see
// every command the model returns. It runs each command on its own
// goroutine, as a program does, and feeds the messages back to Update on
// the test's goroutine. The model is settled when no command is left
// running.
type driver struct {
	t       *testing.T
	m       *Model
	msgs    chan tea.Msg
	running int // commands started whose message has not come back
	updates int // messages delivered to Update
}

// newDriver builds a demo-world session with st at width x height and
// settles it: the CEN list is loaded.
func newDriver(t *testing.T, st *theme.Styles, width, height int) *driver {
	t.Helper()
	_, client := cenapitest.Serve(t, emulator.Options{Seed: 1})
	m := New(Deps{Client: client, Engine: engine.New(client, engine.Options{StateDir: t.TempDir()}),
		Styles: st, Identity: client.Identity(), Demo: true, ReportDir: t.TempDir()})
	t.Cleanup(m.Close)
	d := &driver{t: t, m: m, msgs: make(chan tea.Msg)}
	d.deliver(tea.WindowSizeMsg{Width: width, Height: height})
	d.start(m.Init())
	d.settle(idleUpdateLimit)
	return d
}

// idleUpdateLimit bounds the messages a settling session may exchange. The
// CEN step needs a handful; a clock or spinner that keeps re-arming itself
// would exceed any bound, which is how settle tells it from slow work.
const idleUpdateLimit = 200

// start runs a command the way a program does.
func (d *driver) start(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.running++
	go func() { d.msgs <- cmd() }()
}

// deliver hands one message to the model, expanding batches.
func (d *driver) deliver(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			d.start(c)
		}
		return
	}
	if cmds, ok := sequence(msg); ok {
		// Order does not matter to what these tests look at: each
		// command's message still reaches Update.
		for _, c := range cmds {
			d.start(c)
		}
		return
	}
	d.updates++
	_, cmd := d.m.Update(msg)
	d.start(cmd)
}

// sequence unpacks tea.Sequence's unexported message, a []tea.Cmd.
func sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// settle delivers messages until no command is running. It fails if the
// model keeps producing more than limit messages (something re-arms
// itself), or if a command never returns within waitLimit.
func (d *driver) settle(limit int) {
	d.t.Helper()
	start := d.updates
	timeout := time.NewTimer(waitLimit)
	defer timeout.Stop()
	for d.running > 0 {
		select {
		case msg := <-d.msgs:
			d.running--
			if _, ok := msg.(tea.QuitMsg); ok {
				continue
			}
			d.deliver(msg)
		case <-timeout.C:
			d.t.Fatalf("%d commands still running after %s (a clock ticking while idle, or a wait that never ends); screen:\n%s",
				d.running, waitLimit, d.m.View())
		}
		if d.updates-start > limit {
			d.t.Fatalf("still updating after %d messages: something keeps re-arming itself", limit)
		}
	}
}

// key delivers one key press and settles what it started.
func (d *driver) key(k string) {
	d.t.Helper()
	d.deliver(keyMsg(k))
	d.settle(idleUpdateLimit)
}

// renderer is a renderer with a fixed colour profile and background.
func renderer(profile termenv.Profile, dark bool) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(profile)
	r.SetHasDarkBackground(dark)
	return r
}

// environ is a fake process environment for termenv.
type environ map[string]string

func (e environ) Environ() []string {
	var out []string
	for k, v := range e {
		out = append(out, k+"="+v)
	}
	return out
}

func (e environ) Getenv(k string) string { return e[k] }

// envRenderer builds a renderer the way Launch does, deciding the colour
// profile from the environment of a terminal.
func envRenderer(env environ) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithEnvironment(env), termenv.WithTTY(true))
	r.SetHasDarkBackground(true)
	return r
}

// TestThemeGoldens pins the CEN step under every palette, with ASCII
// glyphs, and under NO_COLOR. The goldens hold the escape sequences:
// `go test ./tui -run TestThemeGoldens -update` accepts a deliberate change,
// and `cat tui/testdata/TestThemeGoldens/*.golden` shows them in colour.
func TestThemeGoldens(t *testing.T) {
	t.Parallel()
	noColor := envRenderer(environ{"TERM": "xterm-256color", "NO_COLOR": "1"})
	cases := []struct {
		name  string
		r     *lipgloss.Renderer
		theme theme.Name
		ascii bool
	}{
		{"dark", renderer(termenv.ANSI, true), theme.Auto, false},
		{"light", renderer(termenv.ANSI, false), theme.Auto, false},
		{"high_contrast", renderer(termenv.ANSI, true), theme.HighContrast, false},
		{"high_contrast_light", renderer(termenv.ANSI, false), theme.HighContrast, false},
		{"ascii", renderer(termenv.ANSI, true), theme.Dark, true},
		{"no_color", noColor, theme.Auto, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := newDriver(t, theme.New(c.r, theme.Options{Name: c.theme, ASCII: c.ascii}), 100, 30)
			screen := masked(d.m.View())
			if !strings.Contains(screen, emulator.DemoCenID) {
				t.Fatalf("the CEN list is not on screen:\n%s", screen)
			}
			golden.RequireEqual(t, []byte(screen))
		})
	}
}

// NO_COLOR is what turns styling off: the same terminal without it is in
// colour, and with it no escape sequence is left, while the cursor, the
// status words and their marks still carry the meaning.
func TestNoColorKeepsTheMeaning(t *testing.T) {
	t.Parallel()
	styled := newDriver(t, theme.New(envRenderer(environ{"TERM": "xterm-256color"}), theme.Options{}), 100, 30)
	if !strings.Contains(styled.m.View(), "\x1b[") {
		t.Fatal("a 256-colour terminal without NO_COLOR got no styling; the test proves nothing")
	}
	plain := newDriver(t, theme.New(envRenderer(environ{"TERM": "xterm-256color", "NO_COLOR": "1"}), theme.Options{}), 100, 30)
	screen := plain.m.View()
	if strings.Contains(screen, "\x1b[") {
		t.Errorf("NO_COLOR screen holds escape sequences:\n%q", screen)
	}
	for _, want := range []string{"> ", "✓ Active"} {
		if !strings.Contains(screen, want) {
			t.Errorf("NO_COLOR screen lacks %q:\n%s", want, screen)
		}
	}
}

// An idle screen writes nothing: once the CEN list is loaded, and again
// after the cursor moved, no command is left running, so nothing ticks and
// the program has nothing to redraw. Over a slow SSH link the session stays
// quiet until the user types.
//
// newDriver and key settle the session, and settling fails when commands
// keep coming back (see idleUpdateLimit) or never return.
func TestIdleScreenSchedulesNothing(t *testing.T) {
	t.Parallel()
	d := newDriver(t, testStyles(true), 100, 30)
	for _, k := range []string{"down", "up", "?", "esc", "e", "esc"} {
		d.key(k)
	}
	if !strings.Contains(d.m.View(), emulator.DemoCenID) {
		t.Fatalf("not back on the CEN list:\n%s", d.m.View())
	}
}
