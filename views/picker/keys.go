package picker

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/theme/i18n"
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
	// retry and reload are what r says after a failed load and after
	// one that worked.
	retry, reload string
}

// newKeyMap builds the bindings for one list, their help in lang's words.
func newKeyMap[T any](lang *i18n.Localizer, cfg Config[T]) keyMap {
	choose := cfg.ChooseHelp
	if choose == "" {
		choose = lang.T("common.list.key.choose")
	}
	return keyMap{
		Moves: table.NewMoves(lang.T("common.move.up"), lang.T("common.move.down"), lang.T("common.move.page_up"),
			lang.T("common.move.page_down"), lang.T("common.move.first"), lang.T("common.move.last")),
		Choose:      key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", choose)),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", lang.T("common.list.key.filter"))),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", lang.T("common.list.key.clear_filter"))),
		Back:        key.NewBinding(key.WithKeys("esc")),
		Toggle:      key.NewBinding(key.WithKeys(" "), key.WithHelp("space", lang.T("common.list.key.select"))),
		All:         key.NewBinding(key.WithKeys("a"), key.WithHelp("a", lang.T("common.list.key.all"))),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", lang.T("common.list.key.sort"))),
		Retry:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", lang.T("common.list.key.retry"))),
		Apply:       key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", lang.T("common.list.key.apply"))),
		FilterMove:  key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("up/down", lang.T("common.list.key.move"))),
		retry:       lang.T("common.list.key.retry"),
		reload:      lang.T("common.list.key.reload"),
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
		k.Retry.SetHelp("r", k.retry)
	} else {
		k.Retry.SetHelp("r", k.reload)
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
