package tui

import (
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
)

// goldenSizes are the terminal sizes every main view is pinned at: the
// smallest it is designed for, and a roomy one.
var goldenSizes = [][2]int{{80, 24}, {120, 40}}

// snapshot pins the screen at every golden size under testdata/; run
// `go test ./tui/ -update` to accept a deliberate change.
func (f *fixture) snapshot(name string) {
	f.t.Helper()
	for _, sz := range goldenSizes {
		w, h := sz[0], sz[1]
		f.resize(w, h)
		f.until(fmt.Sprintf("a %dx%d screen", w, h), func(m *Model) bool { return m.width == w && m.height == h })
		f.peek(func(m *Model) {
			checkFits(f.t, m, w, h)
			if !m.aboutFits {
				f.t.Errorf("%s at %dx%d: the about panel has no room for its text", name, w, h)
			}
		})
		screen := masked(f.screen())
		f.t.Run(fmt.Sprintf("%s_%dx%d", name, w, h), func(t *testing.T) {
			golden.RequireEqual(t, []byte(screen))
		})
	}
}

// TestGoldenViews walks the whole wizard in the demo world, entries held
// in Creating by a frozen emulator clock so that the submit screen is
// stable, and pins each screen.
func TestGoldenViews(t *testing.T) {
	t.Parallel()
	clock := newFrozenClock()
	f := start(t, slowSetup(clock))

	f.waitStep(stepCEN, cenLoaded)
	f.snapshot("cens")
	f.press("?")
	f.waitView("Keys: CEN")
	f.snapshot("help")
	f.press("esc")
	f.press("e")
	f.waitStep(stepRoutes, "100.104.112.0/24")
	f.snapshot("routes")
	f.press("esc")
	f.waitStep(stepCEN, cenLoaded)

	f.press("enter")
	f.waitStep(stepHostRegion, regionsLoaded)
	f.snapshot("regions")
	f.press("down", "enter")
	f.waitStep(stepHostVPC, vpcsLoaded)
	f.snapshot("vpcs")
	f.press("enter")
	f.waitStep(stepAccess, accessLoaded, "[x]")
	f.snapshot("access")
	f.press("enter")
	f.waitStep(stepHosts)
	f.paste(newHosts + "\n" + presentHost + "\n100.118.29.7/24")
	f.waitView("valid 2, skipped 1, invalid 1")
	f.snapshot("hosts_problem")
	f.press("ctrl+f") // fix host bits
	f.waitView("valid 3, skipped 1, invalid 0")
	f.snapshot("hosts")
	f.press("tab")
	f.waitStep(stepDescribe)
	f.press("o", "s", "s")
	f.waitView("(3/256)")
	f.snapshot("describe")
	f.press("enter")
	f.waitStep(stepReview, "3 ResolveAndRouteServiceInCen calls")
	f.snapshot("review")
	f.press("enter")
	// The counts line, not a row: a RequestId may start with a digit.
	f.waitStep(stepSubmit, "creating 3  ")
	f.snapshot("submit")
	clock.advance(2 * time.Hour)
	f.waitStep(stepResults, "active 3")
	f.snapshot("results")

	f.resize(50, 10)
	f.until("a 50x10 screen", func(m *Model) bool { return m.width == 50 })
	screen := f.screen()
	t.Run("too_small", func(t *testing.T) { golden.RequireEqual(t, []byte(screen)) })
}
