package submit

import "github.com/charmbracelet/bubbles/key"

// keyMap holds the bindings that scroll the host list. Stopping the run
// (ctrl+c, with a confirmation) belongs to the root.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// newKeyMap names the arrows with words when the terminal is not UTF-8.
func newKeyMap(ascii bool) keyMap {
	up, down := "↑/k", "↓/j"
	if ascii {
		up, down = "up/k", "down/j"
	}
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp(up, "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp(down, "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "first host")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "last host")),
	}
}

// ShortHelp implements help.KeyMap.
func (v *View) ShortHelp() []key.Binding {
	return []key.Binding{v.keys.Up, v.keys.Down, v.keys.PageDown}
}

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding {
	k := v.keys
	return [][]key.Binding{{k.Up, k.Down}, {k.PageUp, k.PageDown}, {k.Top, k.Bottom}}
}

// enableKeys offers scrolling only when the list does not fit.
func (v *View) enableKeys() {
	scroll := len(v.rows) > v.listRows()
	for _, b := range []*key.Binding{&v.keys.Up, &v.keys.Down, &v.keys.PageUp, &v.keys.PageDown, &v.keys.Top, &v.keys.Bottom} {
		b.SetEnabled(scroll)
	}
}
