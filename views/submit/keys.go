package submit

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/internal/table"
)

// keyMap holds the keys that scroll the host list, and s, which asks the
// root to brake the run and ask whether to stop it (as ctrl+c does).
type keyMap struct {
	table.Moves
	Stop key.Binding
}

func newKeyMap(lang *i18n.Localizer) keyMap {
	return keyMap{
		Moves: table.NewMoves(lang.T("run.submit.key.up"), lang.T("run.submit.key.down"), lang.T("run.submit.key.page_up"),
			lang.T("run.submit.key.page_down"), lang.T("run.submit.key.first"), lang.T("run.submit.key.last")),
		Stop: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", lang.T("run.submit.key.stop"))),
	}
}

// ShortHelp implements help.KeyMap.
func (v *View) ShortHelp() []key.Binding {
	return []key.Binding{v.keys.Stop, v.keys.Up, v.keys.Down, v.keys.PageDown}
}

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding {
	k := v.keys
	return [][]key.Binding{{k.Stop}, {k.Up, k.Down}, {k.PageUp, k.PageDown}, {k.Home, k.End}}
}

// enableKeys offers s while the run goes on unbraked, and scrolling only
// when the list does not fit.
func (v *View) enableKeys() {
	v.keys.Stop.SetEnabled(!v.finished && !v.stopping && !v.braked)
	v.fitWindow()
	v.keys.Moves.SetEnabled(!v.win.Fits())
}
