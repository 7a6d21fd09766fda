package hosts

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/theme/i18n"
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

func newKeyMap(lang *i18n.Localizer) keyMap {
	return keyMap{
		// ctrl+s as well as Tab: some terminals and multiplexers
		// intercept Tab, and ctrl+s means "done" in many editors.
		Continue: key.NewBinding(key.WithKeys("tab", "ctrl+s"), key.WithHelp("tab", lang.T("editor.key.continue"))),
		// ctrl+f is taken from the editor's "character forward" (the
		// right arrow still does that) because "fix" is what operators
		// look for.
		Fix:          key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", lang.T("editor.key.fix"))),
		Resolve:      key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", lang.T("editor.key.resolve"))),
		NextProblem:  key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", lang.T("editor.key.next_problem"))),
		ProblemsUp:   navkeys.PageUp(lang.T("editor.key.problems_up")),
		ProblemsDown: navkeys.PageDown(lang.T("editor.key.problems_down")),
		Reload:       key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", lang.T("editor.key.reload"))),
		// Keys no editor binding uses: ctrl+x cuts a line in many
		// editors; ctrl+z, and readline's ctrl+_, undo.
		DeleteLine:    key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", lang.T("editor.key.delete_line"))),
		DropInvalid:   key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", lang.T("editor.key.drop_invalid"))),
		DropRedundant: key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", lang.T("editor.key.drop_redundant"))),
		Undo:          key.NewBinding(key.WithKeys("ctrl+z", "ctrl+_"), key.WithHelp("ctrl+z", lang.T("editor.key.undo"))),
		Back:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", lang.T("editor.key.back"))),
	}
}

// editingHelp names the editing keys of the editor (see editor.Update),
// for the help only: the editor matches them itself, through the
// textarea's key map.
func editingHelp(lang *i18n.Localizer) []key.Binding {
	help := func(name, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(name, desc))
	}
	return []key.Binding{
		help("enter", lang.T("editor.key.new_line"), "enter"),
		help("ctrl+k", lang.T("editor.key.delete_to_end"), "ctrl+k"),
		help("ctrl+u", lang.T("editor.key.delete_to_start"), "ctrl+u"),
		help("ctrl+w", lang.T("editor.key.delete_word_before"), "ctrl+w"),
		help("alt+d", lang.T("editor.key.delete_word_after"), "alt+d"),
		help("ctrl+a/e", lang.T("editor.key.line_start_end"), "ctrl+a", "ctrl+e"),
		help("alt+left/right", lang.T("editor.key.word_left_right"), "alt+left", "alt+right"),
		help("ctrl+home/end", lang.T("editor.key.first_last_line"), "ctrl+home", "ctrl+end"),
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
		editingHelp(v.st.Lang),
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
// pressed is always answered; ok is false for any other key. Every key
// the editor gets passes here, so the reason is worded only when needed.
func (v *View) idle(k tea.KeyMsg) (why string, ok bool) {
	km, lang := v.keys, v.st.Lang
	for _, b := range []struct {
		binding key.Binding
		why     func() string
	}{
		{km.Fix, func() string { return lang.T("editor.idle.fix") }},
		{km.Resolve, func() string { return lang.T("editor.idle.resolve") }},
		{km.NextProblem, func() string { return lang.T("editor.idle.next_problem") }},
		{km.DropInvalid, func() string { return lang.T("editor.idle.drop_invalid") }},
		{km.DropRedundant, func() string { return lang.T("editor.idle.drop_redundant") }},
		{km.Undo, func() string { return lang.T("editor.idle.undo") }},
		{km.Reload, func() string { return lang.T("editor.idle.reload") }},
	} {
		if !b.binding.Enabled() && slices.Contains(b.binding.Keys(), k.String()) {
			return b.why(), true
		}
	}
	return "", false
}
