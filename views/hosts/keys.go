package hosts

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/views/internal/navkeys"
)

// keyMap holds the editor's own bindings. They are all control keys (or
// Tab, Esc and page keys) because bare letters type into the editor.
type keyMap struct {
	Continue     key.Binding
	Fix          key.Binding
	Resolve      key.Binding
	NextProblem  key.Binding
	ProblemsUp   key.Binding
	ProblemsDown key.Binding
	Reload       key.Binding
	Newline      key.Binding
	Back         key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		// ctrl+s as well as Tab: some terminals and multiplexers
		// intercept Tab, and ctrl+s means "done" in many editors.
		Continue: key.NewBinding(key.WithKeys("tab", "ctrl+s"), key.WithHelp("tab", "continue")),
		// ctrl+f is taken from the editor's "character forward" (the
		// right arrow still does that) because "fix" is what operators
		// look for.
		Fix:          key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "fix host bits")),
		Resolve:      key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "use hostname addresses")),
		NextProblem:  key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", "next problem")),
		ProblemsUp:   navkeys.PageUp("problems up"),
		ProblemsDown: navkeys.PageDown("problems down"),
		Reload:       key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "reload existing entries")),
		// Newline is handled by the editor; it is here for the help only.
		Newline: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

// ShortHelp implements help.KeyMap.
func (v *View) ShortHelp() []key.Binding {
	k := v.keys
	return []key.Binding{k.Continue, k.Fix, k.Resolve, k.NextProblem, k.Back}
}

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding {
	k := v.keys
	return [][]key.Binding{
		{k.Continue, k.Newline, k.Back},
		{k.Fix, k.Resolve, k.NextProblem},
		{k.ProblemsUp, k.ProblemsDown, k.Reload},
	}
}

// enableKeys shows in the help only the keys that do something now.
func (v *View) enableKeys() {
	v.keys.Fix.SetEnabled(v.check.fixable > 0)
	v.keys.Resolve.SetEnabled(len(v.check.hostnames) > 0)
	v.keys.NextProblem.SetEnabled(len(v.check.problems) > 0)
	scroll := len(v.check.problems) > v.problemRows()
	v.keys.ProblemsUp.SetEnabled(scroll)
	v.keys.ProblemsDown.SetEnabled(scroll)
	v.keys.Reload.SetEnabled(v.existing.state != loading)
}
