package syncplan

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/internal/table"
)

// keyMap holds the view's bindings; the moves scroll the table.
type keyMap struct {
	table.Moves
	Sync, Prune, Replace, Retry, Back, Yes, No key.Binding
}

func newKeyMap(lang *i18n.Localizer) keyMap {
	return keyMap{
		Moves: table.NewMoves(lang.T("routes.sync.key.up"), lang.T("routes.sync.key.down"), lang.T("routes.sync.key.page_up"),
			lang.T("routes.sync.key.page_down"), lang.T("routes.sync.key.first"), lang.T("routes.sync.key.last")),
		Sync:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", lang.T("routes.sync.key.sync"))),
		Prune:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", lang.T("routes.sync.key.prune"))),
		Replace: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", lang.T("routes.sync.key.replace"))),
		Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", lang.T("routes.sync.key.retry"))),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", lang.T("routes.sync.key.back"))),
		Yes:     key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", lang.T("routes.sync.key.sync"))),
		// Any key but y cancels; the binding is there for the help.
		No: key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", lang.T("routes.sync.key.cancel"))),
	}
}

// ShortHelp implements help.KeyMap.
func (v *View) ShortHelp() []key.Binding {
	k := v.keys
	if v.state == confirming {
		return []key.Binding{k.Yes, k.No}
	}
	return []key.Binding{k.Sync, k.Prune, k.Replace, k.Retry, k.Back}
}

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding {
	if v.state == confirming {
		return [][]key.Binding{v.ShortHelp()}
	}
	return [][]key.Binding{v.ShortHelp(), v.keys.Moves.List()}
}

// enableKeys offers sync only with something to send, the options and r
// whenever no run is followed, and the moves over a table.
func (v *View) enableKeys() {
	idle := v.state != syncing && v.state != confirming && v.state != checking
	v.keys.Sync.SetEnabled(v.state == ready && v.diff.Calls() > 0)
	v.keys.Prune.SetEnabled(idle)
	v.keys.Replace.SetEnabled(idle)
	v.keys.Retry.SetEnabled(idle)
	v.keys.Moves.SetEnabled(len(v.rows) > 0)
}
