package tui

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/theme/i18n"
)

// keyMap holds the keys the root handles itself. Everything else goes to
// the active view first; Esc in particular is the view's (it may clear a
// filter first) and comes back as views.BackMsg when there is nothing to
// clear.
type keyMap struct {
	// Interrupt quits, asking first while a run is in progress.
	Interrupt key.Binding
	// Quit is the bare-letter quit; it only works when no text field has
	// focus, so typing a "q" into the CIDR editor never ends the program.
	Quit key.Binding
	// Help toggles the full-help overlay outside text fields; HelpAnywhere
	// (F1) also works inside them, where "?" is just a character.
	Help, HelpAnywhere key.Binding
	// About toggles the about-this-step panel outside text fields;
	// AboutAnywhere (F2) also works inside them, where "i" is typed.
	About, AboutAnywhere key.Binding
	// Yes answers a y/N prompt; any other key means no.
	Yes key.Binding
	// Close hides the help overlay; CloseAbout the about overlay.
	Close, CloseAbout key.Binding
	// ScrollUp and ScrollDown move the help overlay when it is taller
	// than the screen; the footer names both with ScrollDown's help.
	ScrollUp, ScrollDown key.Binding
	// Back is for the help only: Esc goes to the view first (it may clear
	// a filter or cancel a question), which asks the root to go back
	// (views.BackMsg). The help names it wherever the view does not name
	// Esc itself and the step has one to go back to.
	Back key.Binding
}

// newKeyMap builds the root's bindings, their help in lang's words. A
// constructor rather than a package-level value so that no session can
// mutate another's keys.
func newKeyMap(lang *i18n.Localizer) keyMap {
	quit, help, about := lang.T("wizard.key.quit"), lang.T("wizard.key.help"), lang.T("wizard.key.about")
	return keyMap{
		Interrupt:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", quit)),
		Quit:          key.NewBinding(key.WithKeys("q"), key.WithHelp("q", quit)),
		Help:          key.NewBinding(key.WithKeys("?"), key.WithHelp("?", help)),
		HelpAnywhere:  key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", help)),
		About:         key.NewBinding(key.WithKeys("i"), key.WithHelp("i", about)),
		AboutAnywhere: key.NewBinding(key.WithKeys("f2"), key.WithHelp("f2", about)),
		Yes:           key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", lang.T("wizard.key.yes"))),
		Close:         key.NewBinding(key.WithKeys("?", "esc", "f1"), key.WithHelp("?/esc", lang.T("wizard.key.close_help"))),
		CloseAbout:    key.NewBinding(key.WithKeys("i", "esc", "f2"), key.WithHelp("i/esc", lang.T("wizard.key.close"))),
		Back:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", lang.T("wizard.key.back"))),
		ScrollUp:      key.NewBinding(key.WithKeys("up", "k", "pgup"), key.WithHelp("up/pgup", lang.T("wizard.key.scroll_up"))),
		ScrollDown:    key.NewBinding(key.WithKeys("down", "j", "pgdown"), key.WithHelp("down/up", lang.T("wizard.key.scroll"))),
	}
}

// shortHelp is what the footer adds after the view's own keys. While a
// text field has focus the bare letters are the field's, so only F1 and
// ctrl+c are offered.
func (k keyMap) shortHelp(capturing bool) []key.Binding {
	if capturing {
		return []key.Binding{k.HelpAnywhere, k.Interrupt}
	}
	return []key.Binding{k.Help, k.Quit}
}

// fullHelp is the root's column in the help overlay: only the keys that
// work where the focus is (in a text field, "?", "i" and "q" are
// letters), with Esc when back names it.
func (k keyMap) fullHelp(capturing, back bool) []key.Binding {
	var out []key.Binding
	if back {
		out = append(out, k.Back)
	}
	if capturing {
		return append(out, k.HelpAnywhere, k.AboutAnywhere, k.Interrupt)
	}
	return append(out, k.Help, k.HelpAnywhere, k.About, k.AboutAnywhere, k.Quit, k.Interrupt)
}

// namesEsc reports whether one of bindings, enabled and with a help text,
// is Esc: the view says itself what Esc does there.
func namesEsc(bindings ...[]key.Binding) bool {
	for _, g := range bindings {
		for _, b := range g {
			if b.Enabled() && b.Help().Key != "" && slices.Contains(b.Keys(), "esc") {
				return true
			}
		}
	}
	return false
}
