package syncplan

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/views/internal/table"
)

// keyMap holds the view's bindings; the moves scroll the table.
type keyMap struct {
	table.Moves
	Sync, Prune, Replace, Retry, Back, Yes, No key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Moves:   table.NewMoves("up", "down", "page up", "page down", "first", "last"),
		Sync:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "sync")),
		Prune:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "prune on/off")),
		Replace: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "replace on/off")),
		Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "read the file again")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Yes:     key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "sync")),
		// Any key but y cancels; the binding is there for the help.
		No: key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "cancel")),
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
