package tui

import (
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/layout"
)

// aboutShown is the panel's title: the panel shows its whole text.
const aboutShown = "About this step"

// Every step is explained in a few lines at 80 columns in both
// languages: in plain ASCII in English, in Chinese (not the English
// words) in Chinese; Esc says why not where there is no way back, in both.
func TestEveryStepIsExplainedInAFewLinesInEveryLanguage(t *testing.T) {
	t.Parallel()
	en, zh := i18n.New(i18n.English), i18n.New(i18n.Chinese)
	for s := stepCEN; s < numSteps; s++ {
		for _, lang := range []*i18n.Localizer{en, zh} {
			text := steps[s].about(lang)
			// 78 cells: an 80-column terminal less the panel's bar.
			if n := len(strings.Split(layout.Wrap(text, 78), "\n")); n < 2 || n > 5 {
				t.Errorf("%v (%s): %d lines at 80 columns, want 2 to 5: %q", s, lang.Lang(), n, text)
			}
			if lang == zh && (!hasChinese(text) || text == steps[s].about(en)) {
				t.Errorf("%v: the Chinese explanation is not Chinese: %q", s, text)
			}
			if nb := steps[s].noBack; nb != nil && (nb(lang) == "" || lang == zh && !hasChinese(nb(lang))) {
				t.Errorf("%v (%s): Esc says %q", s, lang.Lang(), nb(lang))
			}
		}
		for _, r := range steps[s].about(en) {
			if r < ' ' || r > '~' {
				t.Errorf("%v: %q is not printable ASCII: %q", s, r, steps[s].about(en))
				break
			}
		}
	}
}

// hasChinese reports whether s holds a Chinese character.
func hasChinese(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestAboutPanelIsShownInDemoModeAndToggledWithI(t *testing.T) {
	t.Parallel()
	f := start(t, defaultSetup()) // demo mode
	f.waitStep(stepCEN, cenLoaded, aboutShown+" (i hides it)", "A CEN (Cloud Enterprise Network)")
	var withPanel int
	f.peek(func(m *Model) { withPanel = m.contentH })

	f.press("i")
	f.until("the panel to hide", func(m *Model) bool { return !contains(m.View(), aboutShown) })
	f.peek(func(m *Model) {
		// The view gets the rows back, and its size is what remains.
		if m.contentH <= withPanel || m.step != stepCEN {
			t.Errorf("without the panel: step %v, content height %d, with it %d", m.step, m.contentH, withPanel)
		}
		checkFits(t, m, 120, 40)
	})
	f.press("i")
	f.waitView(aboutShown, "A CEN (Cloud Enterprise Network)")

	// The panel follows the wizard: the next step explains itself.
	f.press("enter")
	f.waitStep(stepHostRegion, regionsLoaded, "The host region is where")
}

func TestAboutPanelIsHiddenOutsideDemoModeUntilAsked(t *testing.T) {
	t.Parallel()
	s := defaultSetup()
	s.demo = false
	f := start(t, s)
	f.waitStep(stepCEN, cenLoaded)
	if screen := f.screen(); contains(screen, aboutShown) || contains(screen, "about this step") {
		t.Fatalf("the panel is shown outside demo mode:\n%s", screen)
	}
	f.press("i")
	f.waitView(aboutShown, "A CEN (Cloud Enterprise Network)")
}

// In a text field "i" is a letter: it reaches the field and leaves the
// panel alone; F2 toggles the panel there, and the panel says so.
func TestTextFieldsKeepTheLetterI(t *testing.T) {
	t.Parallel()
	t.Run("filter", func(t *testing.T) {
		t.Parallel()
		f := startAtCEN(t)
		f.press("/", "i")
		f.until("the filter to capture i", func(m *Model) bool { return m.capturing() && contains(m.View(), "/i") })
		f.waitView(aboutShown + " (f2 hides it)")
	})
	t.Run("editor", func(t *testing.T) {
		t.Parallel()
		f := start(t, defaultSetup())
		f.toHosts()
		f.press("i")
		f.waitView("1 i", aboutShown+" (f2 hides it)")
		f.press("f2")
		f.until("F2 to hide the panel", func(m *Model) bool { return !contains(m.View(), aboutShown) })
		f.press("f2")
		f.waitView(aboutShown, "100.64.0.0/10")
		f.peek(func(m *Model) {
			if m.step != stepHosts {
				t.Errorf("F2 moved the wizard to %v", m.step)
			}
		})
	})
}

// A terminal too short for the text keeps one line, "i: about this step",
// and i then shows the text in place of the view until i or Esc.
func TestShortTerminalFoldsThePanelToAHint(t *testing.T) {
	t.Parallel()
	s := defaultSetup()
	s.width, s.height = 80, 18
	f := start(t, s)
	f.waitStep(stepCEN, cenLoaded, "| i: about this step")
	f.peek(func(m *Model) {
		if m.aboutFits || lipgloss.Height(m.aboutPanel()) != 1 || contains(m.View(), aboutShown) {
			t.Errorf("the panel did not fold to one line:\n%s", m.View())
		}
		checkFits(t, m, 80, 18)
	})
	f.press("i")
	f.waitView("About: CEN", "A CEN (Cloud Enterprise Network)", "i/esc close")
	f.press("j") // ignored: the list is hidden
	f.press("esc")
	f.until("the explanation to close", func(m *Model) bool { return m.overlay == noOverlay })
	f.peek(func(m *Model) {
		if m.step != stepCEN || !m.about || !contains(m.View(), "> corp-backbone") {
			t.Errorf("esc on the explanation: step %v, panel wanted %v, screen:\n%s", m.step, m.about, m.View())
		}
	})
	// Room again: the whole text comes back.
	f.resize(80, 24)
	f.waitView(aboutShown, "A CEN (Cloud Enterprise Network)")
}
