package submit

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/views/internal/navkeys"
)

// keyMap holds the bindings that scroll the host list, and s, which asks
// the root to brake the run and ask whether to stop it (as ctrl+c does).
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Stop                                    key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:       navkeys.Up("up"),
		Down:     navkeys.Down("down"),
		PageUp:   navkeys.PageUp("page up"),
		PageDown: navkeys.PageDown("page down"),
		Top:      navkeys.Home("first host"),
		Bottom:   navkeys.End("last host"),
		Stop:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "stop the run")),
	}
}

// ShortHelp implements help.KeyMap.
func (v *View) ShortHelp() []key.Binding {
	return []key.Binding{v.keys.Stop, v.keys.Up, v.keys.Down, v.keys.PageDown}
}

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding {
	k := v.keys
	return [][]key.Binding{{k.Stop}, {k.Up, k.Down}, {k.PageUp, k.PageDown}, {k.Top, k.Bottom}}
}

// enableKeys offers s while the run goes on unbraked, and scrolling only
// when the list does not fit.
func (v *View) enableKeys() {
	v.keys.Stop.SetEnabled(!v.finished && !v.stopping && !v.braked)
	scroll := len(v.rows) > v.listRows()
	for _, b := range []*key.Binding{&v.keys.Up, &v.keys.Down, &v.keys.PageUp, &v.keys.PageDown, &v.keys.Top, &v.keys.Bottom} {
		b.SetEnabled(scroll)
	}
}
