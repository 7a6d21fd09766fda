package tui

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
)

// TestMain keeps every test on loopback and away from the developer's
// cloud configuration (see emulatortest.Isolate).
func TestMain(m *testing.M) {
	emulatortest.Isolate()
	// Any style made on lipgloss's default renderer renders without ANSI
	// too, so goldens are plain text.
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// waitLimit bounds every wait. It only turns a hang into a readable
// failure; no test depends on how fast anything is.
const waitLimit = 30 * time.Second

// testStyles renders with its own renderer: no colours, dark palette, so
// that parallel tests share nothing; the words are English.
func testStyles(ascii bool) *theme.Styles { return testStylesIn(ascii, i18n.English) }

// testStylesIn is testStyles speaking lang.
func testStylesIn(ascii bool, lang i18n.Lang) *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return theme.New(r, theme.Options{Name: theme.Dark, ASCII: ascii, Lang: i18n.New(lang)})
}

// fixture is one wizard session driven through a real Bubble Tea program
// (teatest) against an emulator on loopback, through the real SDK client
// and the real engine.
type fixture struct {
	t     *testing.T
	srv   *emulator.Server
	model *Model
	tm    *teatest.TestModel
	log   *syncBuffer // the model's log, shown when a wait fails
}

// syncBuffer is a bytes.Buffer safe for concurrent writes (a logger's,
// say) whose writes can be waited for.
type syncBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{} // signalled after each write; see waitFor
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{changed: make(chan struct{}, 1)} }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case b.changed <- struct{}{}:
	default:
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until every text was written.
func (b *syncBuffer) waitFor(t *testing.T, texts ...string) {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		all := true
		for _, s := range texts {
			all = all && strings.Contains(b.String(), s)
		}
		if all {
			return
		}
		select {
		case <-b.changed:
		case <-deadline:
			t.Fatalf("waited for %q; written:\n%s", texts, b)
		}
	}
}

// setup configures a fixture before it starts.
type setup struct {
	emu           emulator.Options
	eng           engine.Options
	width, height int
	ascii         bool
	endpoint      string // "" starts an emulator with emu
	stateDir      string // "" is a new temporary directory
	demo          bool
	reportNote    string
	routesFile    string    // a routes file to open on (cenroute --file)
	lang          i18n.Lang // "" is English
}

func defaultSetup() setup {
	return setup{
		emu:    emulator.Options{Seed: 1},
		eng:    engine.Options{PollInterval: 10 * time.Millisecond},
		width:  120,
		height: 40,
		ascii:  true,
		demo:   true,
	}
}

// start builds the session and runs it.
func start(t *testing.T, s setup) *fixture {
	t.Helper()
	f := &fixture{t: t, log: newSyncBuffer()}
	var client *cenapi.Client
	if s.endpoint == "" {
		f.srv, client = cenapitest.Serve(t, s.emu)
	} else {
		client = cenapitest.Client(t, s.endpoint)
	}
	eo := s.eng
	eo.StateDir = s.stateDir
	if eo.StateDir == "" {
		eo.StateDir = t.TempDir()
	}
	eo.Identity = client.Identity // as Launch does: journals are labelled
	// As a session does: the API names regions in the session's language.
	client = client.WithLanguage(i18n.New(s.lang).APILanguage())
	f.model = New(Deps{
		Client:     client,
		Engine:     engine.New(client, eo),
		Styles:     testStylesIn(s.ascii, s.lang),
		Identity:   client.Identity(),
		Demo:       s.demo,
		ReportDir:  t.TempDir(),
		ReportNote: s.reportNote,
		RoutesFile: s.routesFile,
		Log:        slog.New(slog.NewTextHandler(f.log, nil)),
	})
	p := &probe{m: f.model}
	f.tm = teatest.NewTestModel(t, p, teatest.WithInitialTermSize(s.width, s.height))
	t.Cleanup(func() {
		// Ends the program if the test stopped early; harmless otherwise.
		_ = f.tm.Quit()
		f.tm.WaitFinished(t, teatest.WithFinalTimeout(waitLimit))
		f.model.Close()
	})
	return f
}

// startAtCEN starts a demo session and waits for the CEN list.
func startAtCEN(t *testing.T) *fixture {
	t.Helper()
	f := start(t, defaultSetup())
	f.waitStep(stepCEN, cenLoaded)
	return f
}

// probe wraps the model inside the program so that tests can look at it
// from the program's own goroutine, the only one that may touch it.
type probe struct {
	m     *Model
	waits []waiter
}

// waiter is a condition a test waits for; done closes when it holds.
type waiter struct {
	cond func(*Model) bool
	done chan struct{}
}

// peekMsg runs fn on the model between two updates.
type peekMsg struct {
	fn   func(*Model)
	done chan struct{}
}

func (p *probe) Init() tea.Cmd { return p.m.Init() }

// Update forwards to the model, then re-checks the waiting conditions, so
// a wait ends right after the update that made it true: no polling.
func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case waiter:
		p.waits = append(p.waits, msg)
	case peekMsg:
		msg.fn(p.m)
		close(msg.done)
	default:
		_, cmd = p.m.Update(msg)
	}
	keep := p.waits[:0]
	for _, w := range p.waits {
		if w.cond(p.m) {
			close(w.done)
		} else {
			keep = append(keep, w)
		}
	}
	p.waits = keep
	return p, cmd
}

func (p *probe) View() string { return p.m.View() }

// peek runs fn on the model inside the program.
func (f *fixture) peek(fn func(*Model)) {
	f.t.Helper()
	done := make(chan struct{})
	f.tm.Send(peekMsg{fn: fn, done: done})
	select {
	case <-done:
	case <-time.After(waitLimit):
		f.t.Fatal("the program did not answer a peek: it has ended or hangs")
	}
}

// screen is the model's current View().
func (f *fixture) screen() string {
	var s string
	f.peek(func(m *Model) { s = m.View() })
	return s
}

// until waits for cond to hold on the model; what says what is awaited.
func (f *fixture) until(what string, cond func(*Model) bool) {
	f.t.Helper()
	done := make(chan struct{})
	f.tm.Send(waiter{cond: cond, done: done})
	select {
	case <-done:
	case <-time.After(waitLimit):
		if f.srv != nil {
			for _, e := range f.srv.Emulator().State().Entries {
				f.t.Logf("emulator entry: %+v", e)
			}
		}
		f.t.Logf("the session's log:\n%s", f.log)
		f.t.Fatalf("waited for %s; the screen shows:\n%s", what, f.screen())
	}
}

// watch checks every screen from now on, after every update: if bad ever
// holds for one, the test fails at its end showing the first such screen.
func (f *fixture) watch(what string, bad func(screen string) bool) {
	var first atomic.Pointer[string]
	f.tm.Send(waiter{cond: func(m *Model) bool {
		if v := m.View(); first.Load() == nil && bad(v) {
			first.Store(&v)
		}
		return false // never done: it watches until the program ends
	}, done: make(chan struct{})})
	f.t.Cleanup(func() {
		if v := first.Load(); v != nil {
			f.t.Errorf("the screen showed %s:\n%s", what, *v)
		}
	})
}

// waitView waits until the screen shows every text.
func (f *fixture) waitView(texts ...string) {
	f.t.Helper()
	f.until(fmt.Sprintf("%q on screen", texts), func(m *Model) bool {
		v := m.View()
		for _, s := range texts {
			if !strings.Contains(v, s) {
				return false
			}
		}
		return true
	})
}

// waitStep waits until the wizard is on step s and its view says ready.
func (f *fixture) waitStep(s step, texts ...string) {
	f.t.Helper()
	f.until("step "+s.String(), func(m *Model) bool { return m.step == s })
	if len(texts) > 0 {
		f.waitView(texts...)
	}
}

// press sends keys by name: "enter", "esc", "tab", "ctrl+c", "up",
// "down", "space", or any text as runes.
func (f *fixture) press(keys ...string) {
	for _, k := range keys {
		f.tm.Send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "ctrl+c": tea.KeyCtrlC,
		"up": tea.KeyUp, "down": tea.KeyDown, "space": tea.KeySpace, "backspace": tea.KeyBackspace,
	}
	if t, ok := named[k]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// paste sends text the way a terminal with bracketed paste does.
func (f *fixture) paste(text string) {
	f.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true})
}

// resize changes the terminal size.
func (f *fixture) resize(w, h int) {
	f.tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
}

// finish waits for the program to end and returns the final model.
func (f *fixture) finish() *Model {
	f.t.Helper()
	return f.tm.FinalModel(f.t, teatest.WithFinalTimeout(waitLimit)).(*probe).m
}

// masks replace what changes from run to run with a placeholder of the
// same width, so table columns stay where they are: the emulator's port,
// RequestIds (whole or cut short by a column), run IDs (a timestamp and a
// random tail) and the elapsed time.
var masks = []*regexp.Regexp{
	regexp.MustCompile(`127\.0\.0\.1:\d+`),
	regexp.MustCompile(`[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{1,12}`),
	regexp.MustCompile(`\d{8}-\d{6}-[0-9a-f]{6}`),
	regexp.MustCompile(`(?m)^elapsed [^\n]*[^ \n]`), // not the padding after it
}

// masked hides ports and RequestIds in a screen.
func masked(screen string) string {
	for _, re := range masks {
		screen = re.ReplaceAllStringFunc(screen, func(s string) string { return strings.Repeat("#", len(s)) })
	}
	return screen
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
