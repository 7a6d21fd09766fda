package picker

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/views/internal/table"
)

// keyMap holds the list's bindings. Bindings that do nothing in the current
// state are disabled, so key.Matches ignores them and help never shows them.
// Key names in help are ASCII so they read the same in every locale.
type keyMap struct {
	table.Moves
	Choose, Filter, ClearFilter, Back key.Binding
	Toggle, All, Sort, Retry          key.Binding
	// While the filter line has focus:
	Apply, FilterMove key.Binding
}

// newKeyMap builds the bindings for one list.
func newKeyMap[T any](cfg Config[T]) keyMap {
	choose := cfg.ChooseHelp
	if choose == "" {
		choose = "choose"
	}
	return keyMap{
		Moves:       table.NewMoves("up", "down", "page up", "page down", "first", "last"),
		Choose:      key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", choose)),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Back:        key.NewBinding(key.WithKeys("esc")),
		Toggle:      key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "select")),
		All:         key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "all/none")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Retry:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
		Apply:       key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", "apply filter")),
		FilterMove:  key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("up/down", "move")),
	}
}

// syncKeys enables exactly the bindings that act in the current state.
func (m *Model[T]) syncKeys() {
	k := &m.keys
	ready := m.state == Ready && !m.typing
	rows := ready && len(m.rows.visible) > 0
	k.Moves.SetEnabled(rows)
	k.Choose.SetEnabled(rows && (m.cfg.Choose != nil || m.cfg.ChooseMany != nil))
	k.Filter.SetEnabled(ready)
	k.ClearFilter.SetEnabled(m.typing || m.query != "")
	k.Back.SetEnabled(!m.typing && m.query == "")
	k.Toggle.SetEnabled(rows && m.cfg.Multi)
	k.All.SetEnabled(rows && m.cfg.Multi)
	k.Sort.SetEnabled(ready && m.cfg.Sortable)
	k.Retry.SetEnabled(!m.typing && m.state != Loading)
	if m.state == Failed {
		k.Retry.SetHelp("r", "retry")
	} else {
		k.Retry.SetHelp("r", "reload")
	}
	k.Apply.SetEnabled(m.typing)
	k.FilterMove.SetEnabled(m.typing)
	for i := range m.cfg.Actions {
		m.cfg.Actions[i].Binding.SetEnabled(rows)
	}
}

// ShortHelp implements help.KeyMap. The list's own actions come first and
// the movement keys every list has come last: a narrow footer cuts from
// the end, and a key such as e (a CEN's route services) may be the only
// way into a view.
func (m *Model[T]) ShortHelp() []key.Binding {
	k := m.keys
	out := append([]key.Binding{k.Choose}, m.actionBindings()...)
	return append(out, k.Toggle, k.All, k.Filter, k.ClearFilter, k.Apply, k.FilterMove, k.Sort, k.Retry, k.Up, k.Down)
}

// FullHelp implements help.KeyMap.
func (m *Model[T]) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		append(k.Moves.List(), k.FilterMove),
		append([]key.Binding{k.Choose, k.Toggle, k.All, k.Sort, k.Retry}, m.actionBindings()...),
		{k.Filter, k.Apply, k.ClearFilter},
	}
}

func (m *Model[T]) actionBindings() []key.Binding {
	out := make([]key.Binding, len(m.cfg.Actions))
	for i, a := range m.cfg.Actions {
		out[i] = a.Binding
	}
	return out
}
