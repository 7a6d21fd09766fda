package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/layout"
)

// aboutKey is the key that toggles the about panel right now: i, or F2
// while a text field has focus and i is a letter like any other.
func (m *Model) aboutKey() string {
	if m.capturing() {
		return m.keys.AboutAnywhere.Help().Key
	}
	return m.keys.About.Help().Key
}

// toggleAbout is i (or F2). Where the panel has room it shows or hides
// it. In a terminal too short for it, the panel is a one-line hint, and
// the key opens the explanation in place of the view instead: the hint
// promises that much.
func (m *Model) toggleAbout() {
	if m.about && !m.aboutFits {
		m.overlay = aboutOverlay
		return
	}
	m.about = !m.about
	m.layout()
}

// aboutPanel is what the root draws between the header and the view: the
// step's explanation, its one-line hint when layout found no room for the
// explanation, or "" when the panel is hidden. The help overlay hides it
// too: the help needs the rows more.
func (m *Model) aboutPanel() string {
	switch {
	case !m.about, m.overlay == helpOverlay:
		return ""
	case !m.aboutFits:
		return m.aboutHint()
	}
	return m.aboutFull()
}

// aboutBar starts every line of the panel. The bar down the left edge and
// the words "About this step" set the panel apart from the view without
// relying on colour.
func (m *Model) aboutBar() string { return m.st.Accent.Render(m.st.Glyphs.Border.Left) + " " }

// aboutFull is the explanation under a title that says how to hide it.
func (m *Model) aboutFull() string {
	bar := m.aboutBar()
	lang := m.st.Lang
	title := m.st.Title.Render(lang.T("wizard.about.title")) +
		m.st.Muted.Render(lang.T("wizard.about.hide", i18n.Args{"Key": m.aboutKey()}))
	lines := []string{m.cut(bar+title, m.width)}
	for _, l := range m.aboutLines(m.width - lipgloss.Width(bar)) {
		lines = append(lines, bar+m.st.Text.Render(l))
	}
	return strings.Join(lines, "\n")
}

// aboutHint is the panel folded to one line.
func (m *Model) aboutHint() string {
	return m.cut(m.aboutBar()+m.st.Muted.Render(m.st.Lang.T("wizard.about.hint", i18n.Args{"Key": m.aboutKey()})), m.width)
}

// aboutLines is the active step's explanation wrapped to width cells.
func (m *Model) aboutLines(width int) []string {
	about := m.step.spec().about
	if about == nil {
		return nil // no step yet
	}
	return strings.Split(layout.Wrap(about(m.st.Lang), max(width, 1)), "\n")
}

// fitAbout decides, for the terminal's size, whether the panel shows its
// explanation or only its hint: the explanation only while the view keeps
// at least aboutMinViewHeight rows. room is the height between the header
// and the footer.
func (m *Model) fitAbout(room int) {
	m.aboutFits = room-lipgloss.Height(m.aboutFull()) >= aboutMinViewHeight
}

// aboutView is the explanation shown in place of the view when the
// terminal is too short for the panel; the footer says how to close it.
func (m *Model) aboutView() string {
	return m.st.Title.Render(m.st.Lang.T("wizard.about.overlay_title", i18n.Args{"Title": m.active().Title()})) + "\n\n" +
		m.st.Text.Render(strings.Join(m.aboutLines(m.width), "\n"))
}
