package tui

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

// Texts that show a step has loaded (the header also names cn-hangzhou,
// so region IDs alone prove nothing).
const (
	cenLoaded     = "corp-backbone"
	regionsLoaded = "China (Hangzhou)"
	vpcsLoaded    = "prod-hz-core"
	accessLoaded  = "China (Shanghai)"
)

// newHosts are not routed anywhere in the demo world; presentHost is
// already routed from cn-hangzhou to cn-hangzhou on the demo CEN.
const (
	newHosts    = "100.100.10.0/24\n100.100.11.0/24"
	presentHost = "100.118.28.0/24"
)

// toHosts walks from the CEN list to the service-CIDR editor: the demo
// CEN, cn-hangzhou, its first VPC, the pre-selected host region.
func (f *fixture) toHosts() {
	f.t.Helper()
	f.waitStep(stepCEN, cenLoaded)
	f.press("enter")
	f.waitStep(stepHostRegion, regionsLoaded)
	f.press("down", "enter")
	f.waitStep(stepHostVPC, vpcsLoaded)
	f.press("enter")
	f.waitStep(stepAccess, accessLoaded, "[x]")
	f.press("enter")
	f.waitStep(stepHosts)
}

// The wizard speaks English, so region names are English although the
// emulator, like the API, names them in Chinese unless asked otherwise.
func TestRegionNamesAreInEnglish(t *testing.T) {
	t.Parallel()
	f := startAtCEN(t)
	f.press("enter")
	f.waitStep(stepHostRegion, regionsLoaded, "China (Shanghai)")
	if screen := f.screen(); strings.Contains(screen, "华东") {
		t.Errorf("the host region step shows Chinese names:\n%s", screen)
	}
}

func TestBackNavigationKeepsTheHostsText(t *testing.T) {
	t.Parallel()
	f := start(t, defaultSetup())
	f.toHosts()
	f.paste(newHosts)
	f.waitView("100.100.11.0/24")

	// Back to the access regions, choose another set: the editor is
	// rebuilt for the new target and must start with the same lines.
	f.press("esc")
	f.waitStep(stepAccess, accessLoaded)
	f.press("down", "space", "enter")
	f.waitStep(stepHosts, "100.100.10.0/24", "100.100.11.0/24")
	f.peek(func(m *Model) {
		if got := stepAccess.spec().crumb(&m.state, nil); got != "2 regions" {
			t.Errorf("access crumb = %q, want 2 regions", got)
		}
		if m.state.hostsText != newHosts {
			t.Errorf("kept hosts text = %q, want %q", m.state.hostsText, newHosts)
		}
	})

	// Forward to the description and back: the editor comes back as left.
	f.press("tab")
	f.waitStep(stepDescribe)
	f.press("esc")
	f.waitStep(stepHosts, "100.100.10.0/24", "100.100.11.0/24")

	// All the way back to the CEN list and forward again with the same
	// choices: every view is the cached one, text included.
	for _, s := range []step{stepAccess, stepHostVPC, stepHostRegion, stepCEN} {
		f.press("esc")
		f.waitStep(s)
	}
	// One step at a time: a choice reaches the root as a message after
	// the key, and a key pressed before it arrives belongs to the old step.
	for _, s := range []step{stepHostRegion, stepHostVPC, stepAccess, stepHosts} {
		f.press("enter")
		f.waitStep(s)
	}
	f.waitView("100.100.10.0/24", "100.100.11.0/24")
}

func TestResizeReflowsEveryView(t *testing.T) {
	t.Parallel()
	f := start(t, defaultSetup())
	f.toHosts()
	f.resize(80, 24)
	f.until("a reflow to 80x24", func(m *Model) bool { return m.width == 80 })
	// Back through every cached view: each was resized too.
	for _, s := range []step{stepAccess, stepHostVPC, stepHostRegion, stepCEN} {
		f.peek(func(m *Model) { checkFits(t, m, 80, 24) })
		f.press("esc")
		f.waitStep(s)
	}
	f.waitView(cenLoaded)
	f.peek(func(m *Model) {
		checkFits(t, m, 80, 24)
		// The content area is what the chrome and the about panel leave,
		// as measured.
		want := 24 - lipgloss.Height(m.header()) - lipgloss.Height(m.aboutPanel()) - lipgloss.Height(m.footer())
		if m.contentH != want || m.contentW != 80 || !m.aboutFits {
			t.Errorf("content %dx%d, want 80x%d", m.contentW, m.contentH, want)
		}
	})
	f.resize(200, 60)
	f.until("a reflow to 200x60", func(m *Model) bool { return m.width == 200 })
	f.peek(func(m *Model) { checkFits(t, m, 200, 60) })
}

// A size no terminal has (an SSH client may claim 4294967295 columns) is
// drawn as the largest the wizard draws for, and the wizard goes on.
func TestSecurityHugeSizeIsClamped(t *testing.T) {
	t.Parallel()
	f := start(t, defaultSetup())
	f.waitView(cenLoaded)
	f.resize(1<<32-1, 1<<32-1)
	f.until("a reflow to the largest size", func(m *Model) bool { return m.width == maxWidth })
	f.peek(func(m *Model) { checkFits(t, m, maxWidth, maxHeight) })
	f.resize(100, 30)
	f.until("a reflow to 100x30", func(m *Model) bool { return m.width == 100 })
	f.press("enter")
	f.waitStep(stepHostRegion)
}

func TestClampSize(t *testing.T) {
	t.Parallel()
	for _, tc := range [][4]int{{80, 24, 80, 24}, {0, 0, 0, 0}, {-5, -1, 0, 0}, {1000000, 24, maxWidth, 24}, {1 << 32, 1 << 32, maxWidth, maxHeight}} {
		got := ClampSize(tea.WindowSizeMsg{Width: tc[0], Height: tc[1]})
		if got.Width != tc[2] || got.Height != tc[3] {
			t.Errorf("%dx%d clamped to %dx%d, want %dx%d", tc[0], tc[1], got.Width, got.Height, tc[2], tc[3])
		}
	}
}

// checkFits fails unless the screen is exactly h lines of exactly w cells
// and the active view got the room the chrome leaves.
func checkFits(t *testing.T, m *Model, w, h int) {
	t.Helper()
	lines := strings.Split(m.View(), "\n")
	if len(lines) != h {
		t.Errorf("%v: screen has %d lines, want %d", m.step, len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw != w {
			t.Errorf("%v: line %d is %d cells wide, not the terminal's %d: %q", m.step, i, lw, w, l)
		}
	}
	if v := m.active().View(); lipgloss.Height(v) > m.contentH {
		t.Errorf("%v: the view drew %d lines into %d", m.step, lipgloss.Height(v), m.contentH)
	}
}

func TestTooSmallTerminalSaysWhatIsNeeded(t *testing.T) {
	t.Parallel()
	f := startAtCEN(t)
	f.resize(50, 10)
	// The program's own output, not only View(), must carry the message.
	teatest.WaitFor(t, f.tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("terminal too small: need 60x16, have 50x10"))
	}, teatest.WithDuration(waitLimit), teatest.WithCheckInterval(10*time.Millisecond))
	// No key acts on the hidden screen: not the view's, not the root's
	// (q would quit, ? and i would open what cannot be seen).
	f.press("enter", "?", "i", "q")
	f.resize(60, 16)
	f.waitView("cen-demo0000000001")
	f.peek(func(m *Model) {
		if m.step != stepCEN || m.overlay != noOverlay || !m.about {
			t.Errorf("keys pressed while too small acted: step %v, overlay %v, about %v", m.step, m.overlay, m.about)
		}
		checkFits(t, m, 60, 16)
	})
}

func TestQuitKeys(t *testing.T) {
	t.Parallel()
	t.Run("q quits outside text fields", func(t *testing.T) {
		t.Parallel()
		f := startAtCEN(t)
		f.press("q")
		f.finish()
	})
	t.Run("q types into the editor; ctrl+c quits", func(t *testing.T) {
		t.Parallel()
		f := start(t, defaultSetup())
		f.toHosts()
		f.press("q")
		f.waitView("1 q")
		f.press("ctrl+c")
		if m := f.finish(); m.step != stepHosts {
			t.Errorf("quit from %v", m.step)
		}
	})
}

func TestHelpOverlay(t *testing.T) {
	t.Parallel()
	f := startAtCEN(t)
	f.press("?")
	f.waitView("Keys: CEN", "close help", "route services", "i      about this step", "f2     about this step")
	f.press("esc")
	f.waitView(cenLoaded)
	f.peek(func(m *Model) {
		if m.step != stepCEN || m.overlay != noOverlay {
			t.Errorf("esc on the help went to %v (overlay %v)", m.step, m.overlay)
		}
	})
	// Inside a text field "?" is text; F1 still opens the help.
	f.toHostsFromCEN()
	f.press("f1")
	f.waitView("Keys: Service CIDRs", "new line")
	f.press("f1")
	f.until("the help to close", func(m *Model) bool { return m.overlay == noOverlay })
}

// At 80 columns the help shows every key it lists whole: groups that do
// not fit beside the others go below them, the root's keys too.
func TestHelpOverlayFitsEightyColumns(t *testing.T) {
	t.Parallel()
	s := defaultSetup()
	s.width, s.height = 80, 24
	f := start(t, s)
	f.toHosts()
	f.paste("100.118.28.5/24\noss.example.com") // host bits and a hostname: more keys
	f.waitView("invalid 2")
	f.press("f1")
	f.waitView("Keys: Service CIDRs")
	f.peek(func(m *Model) {
		screen := m.View()
		checkFits(t, m, 80, 24)
		for _, g := range m.helpGroups(m.active()) {
			for _, b := range g {
				if b.Enabled() && (!contains(screen, b.Help().Key) || !contains(screen, b.Help().Desc)) {
					t.Errorf("%q %q is not on the help screen whole:\n%s", b.Help().Key, b.Help().Desc, screen)
				}
			}
		}
	})
}

// In a text field the help lists only keys that work there: no bare
// letter, which the field types ("q", "i", "?"); and Esc, the way back.
func TestTextFieldHelpListsOnlyKeysThatWorkThere(t *testing.T) {
	t.Parallel()
	f := startAtCEN(t)
	f.toHostsFromCEN()
	check := func(where string) {
		f.peek(func(m *Model) {
			back := false
			for _, g := range m.helpGroups(m.active()) {
				for _, b := range g {
					for _, k := range b.Keys() {
						if b.Enabled() && len([]rune(k)) == 1 {
							t.Errorf("%s: the help offers %q (%s), which the text field types", where, k, b.Help().Desc)
						}
						back = back || b.Enabled() && k == "esc"
					}
				}
			}
			if !back {
				t.Errorf("%s: the help does not name Esc", where)
			}
		})
	}
	f.press("f1")
	f.waitView("Keys: Service CIDRs")
	check("the CIDR editor")
	f.press("esc")
	f.paste(newHosts)
	f.waitView("valid 2")
	f.press("tab")
	f.waitStep(stepDescribe)
	f.press("f1")
	f.waitView("Keys: Description")
	check("the description")
}

// A help taller than the screen scrolls, and says so in the footer.
func TestHelpOverlayScrollsOnASmallTerminal(t *testing.T) {
	t.Parallel()
	f := startAtCEN(t)
	f.toHostsFromCEN()
	f.resize(minWidth, minHeight)
	f.press("f1")
	f.waitView("Keys: Service CIDRs", "down/up scroll")
	f.press("down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down")
	f.waitView("ctrl+c quit", "first/last line")
	f.peek(func(m *Model) {
		checkFits(t, m, minWidth, minHeight)
		if strings.Contains(m.View(), "Keys: Service CIDRs") {
			t.Errorf("the help did not scroll:\n%s", m.View())
		}
	})
}

// toHostsFromCEN is toHosts when the CEN list is already on screen.
func (f *fixture) toHostsFromCEN() { f.toHosts() }

// faultSwitch serves the API from a faulty emulator while on, else from a
// healthy one with the same seeded world: reads see the same data, and
// the failure is the emulator's own (code, message, RequestId).
type faultSwitch struct {
	on               atomic.Bool
	healthy, failing http.Handler
}

func (s *faultSwitch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.on.Load() {
		s.failing.ServeHTTP(w, r)
		return
	}
	s.healthy.ServeHTTP(w, r)
}

// newFaultSwitch serves a demo world whose every call fails with
// ServiceUnavailable while the switch is on, and a setup that talks to it.
func newFaultSwitch(t *testing.T) (*faultSwitch, setup) {
	t.Helper()
	sw := &faultSwitch{
		healthy: emulator.New(emulator.Options{Seed: 1}),
		failing: emulator.New(emulator.Options{Seed: 1, FaultRate: 1,
			Faults: []emulator.FaultKind{emulator.FaultServiceUnavailable}}),
	}
	srv := httptest.NewServer(sw)
	t.Cleanup(srv.Close)
	s := defaultSetup()
	s.endpoint = strings.TrimPrefix(srv.URL, "http://")
	s.eng.ReadPatience = time.Nanosecond // a read gives up at its first failure: the error screens are tested
	return sw, s
}

func TestAPIErrorShowsCodeMessageRequestIDAndRetries(t *testing.T) {
	t.Parallel()
	sw, s := newFaultSwitch(t)
	sw.on.Store(true)
	f := start(t, s)
	f.waitStep(stepCEN, "ServiceUnavailable", "RequestId", "r to retry")
	sw.on.Store(false)
	f.press("r")
	f.waitView(cenLoaded)
}

func TestStatusLineClearsOnTheNextKey(t *testing.T) {
	t.Parallel()
	f := startAtCEN(t)
	f.press("esc") // nothing to go back to: the footer says so
	f.waitView("This is the first step: q quits.")
	f.press("j")
	f.until("the status to clear", func(m *Model) bool { return !contains(m.View(), "first step") })
}

// The editor judges hosts against the chosen host VPC, and is checked
// again when another VPC is chosen: a host routed through the first VPC is
// present there, and in the way through the second.
func TestHostsAreCheckedAgainstTheChosenVPC(t *testing.T) {
	t.Parallel()
	f := start(t, defaultSetup())
	f.toHosts()
	f.paste(presentHost)
	f.waitView("valid 0, skipped 1, invalid 0", "present, will skip")

	for _, s := range []step{stepAccess, stepHostVPC} {
		f.press("esc")
		f.waitStep(s)
	}
	f.press("down", "enter") // prod-hz-batch, attached in the same region
	f.waitStep(stepAccess, accessLoaded, "[x]")
	f.press("enter")
	f.waitStep(stepHosts, "valid 0, skipped 0, invalid 1",
		"already routed into cn-hangzhou through "+emulator.DemoVpcID)
	f.press("tab")
	f.waitView("cannot continue")
	f.peek(func(m *Model) {
		if m.step != stepHosts {
			t.Errorf("left the editor for %s with a host the run would fail", m.step)
		}
	})
}

// On the smallest terminal the wizard lays out in, the editor's reason for
// not going on is whole, wrapped, never cut off by the footer.
func TestHostsReasonIsWholeAtSixtyBySixteen(t *testing.T) {
	t.Parallel()
	f := start(t, defaultSetup())
	f.toHosts()
	f.resize(60, 16)
	f.paste("100.118.28.5/24\noss.example.com\n1.2.3.4")
	f.until("the whole reason on screen", func(m *Model) bool {
		flat := strings.Join(strings.Fields(m.View()), " ")
		return contains(flat, "cannot continue: 3 entries have problems") && contains(flat, "ctrl+g goes to the next one.")
	})
	f.peek(func(m *Model) { checkFits(t, m, 60, 16) })
}
