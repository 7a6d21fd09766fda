package hosts

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/views/internal/navkeys"
)

// keyMap holds the editor's own bindings. They are all control keys (or
// Tab, Esc and page keys) because bare letters type into the editor, and
// none is one the editor edits with (see editingHelp).
type keyMap struct {
	Continue     key.Binding
	Fix          key.Binding
	Resolve      key.Binding
	NextProblem  key.Binding
	ProblemsUp   key.Binding
	ProblemsDown key.Binding
	Reload       key.Binding
	// The clean-up of a pasted list, and its undo.
	DeleteLine    key.Binding
	DropInvalid   key.Binding
	DropRedundant key.Binding
	Undo          key.Binding
	Back          key.Binding
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
		// Keys no editor binding uses: ctrl+x cuts a line in many
		// editors; ctrl+z, and readline's ctrl+_, undo.
		DeleteLine:    key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "delete line")),
		DropInvalid:   key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "drop invalid")),
		DropRedundant: key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "drop duplicates")),
		Undo:          key.NewBinding(key.WithKeys("ctrl+z", "ctrl+_"), key.WithHelp("ctrl+z", "undo")),
		Back:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

// editingHelp names the editing keys of the editor (see editor.Update),
// for the help only: the editor matches them itself, through the
// textarea's key map.
func editingHelp() []key.Binding {
	help := func(name, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(name, desc))
	}
	return []key.Binding{
		help("enter", "new line", "enter"),
		help("ctrl+k", "delete to line end", "ctrl+k"),
		help("ctrl+u", "delete to line start", "ctrl+u"),
		help("ctrl+w", "delete word before", "ctrl+w"),
		help("alt+d", "delete word after", "alt+d"),
		help("ctrl+a/e", "line start/end", "ctrl+a", "ctrl+e"),
		help("alt+left/right", "word left/right", "alt+left", "alt+right"),
		help("ctrl+home/end", "first/last line", "ctrl+home", "ctrl+end"),
	}
}

// ShortHelp implements help.KeyMap. Esc is the root's to name: the
// footer's part that is never cut.
func (v *View) ShortHelp() []key.Binding {
	k := v.keys
	return []key.Binding{k.Continue, k.Fix, k.DropInvalid, k.DropRedundant, k.Resolve, k.NextProblem, k.Undo}
}

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding {
	k := v.keys
	return [][]key.Binding{
		{k.Continue, k.Back, k.Reload, k.NextProblem, k.ProblemsUp, k.ProblemsDown},
		{k.Fix, k.Resolve, k.DeleteLine, k.DropInvalid, k.DropRedundant, k.Undo},
		editingHelp(),
	}
}

// enableKeys shows in the help only the keys that do something now.
func (v *View) enableKeys() {
	c := v.check
	v.keys.Fix.SetEnabled(c.fixable > 0)
	v.keys.Resolve.SetEnabled(len(c.hostnames) > 0)
	v.keys.NextProblem.SetEnabled(len(c.problems) > 0)
	v.keys.DropInvalid.SetEnabled(len(c.problems) > 0)
	v.keys.DropRedundant.SetEnabled(c.overlapping > 0)
	v.keys.Undo.SetEnabled(len(v.undo) > 0)
	scroll := len(c.problems) > v.problemRows()
	v.keys.ProblemsUp.SetEnabled(scroll)
	v.keys.ProblemsDown.SetEnabled(scroll)
	v.keys.Reload.SetEnabled(v.existing.state != loading)
}

// idle says why one of the step's keys does nothing now, so that a key
// pressed is always answered; ok is false for any other key.
func (v *View) idle(k tea.KeyMsg) (why string, ok bool) {
	km := v.keys
	for _, b := range []struct {
		binding key.Binding
		why     string
	}{
		{km.Fix, "nothing to fix: no entry has host bits set."},
		{km.Resolve, "no hostname in the list to look up."},
		{km.NextProblem, "no problem to go to."},
		{km.DropInvalid, "nothing to drop: no entry has a problem."},
		{km.DropRedundant, "no duplicate, and no entry inside another one's block."},
		{km.Undo, "nothing to undo."},
		{km.Reload, "the existing entries are being checked already."},
	} {
		if !b.binding.Enabled() && slices.Contains(b.binding.Keys(), k.String()) {
			return b.why, true
		}
	}
	return "", false
}
