package results

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/internal/table"
)

// keyMap holds the step's bindings; the movement keys move the selection,
// or scroll the report's JSON.
type keyMap struct {
	table.Moves
	Retry, Save, Filter, NewPlan, Quit, Back key.Binding
	// The report, on screen and to the clipboard.
	Show, Copy key.Binding
}

func newKeyMap(lang *i18n.Localizer) keyMap {
	return keyMap{
		Moves: table.NewMoves(lang.T("run.results.key.up"), lang.T("run.results.key.down"), lang.T("run.results.key.page_up"),
			lang.T("run.results.key.page_down"), lang.T("run.results.key.first"), lang.T("run.results.key.last")),
		Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", lang.T("run.results.key.retry"))),
		Save:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", lang.T("run.results.key.save"))),
		Filter:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", lang.T("run.results.key.filter"))),
		NewPlan: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", lang.T("run.results.key.new_plan"))),
		Quit:    key.NewBinding(key.WithKeys("q"), key.WithHelp("q", lang.T("run.results.key.quit"))),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", lang.T("run.results.key.back"))),
		Show:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", lang.T("run.results.key.show"))),
		Copy:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", lang.T("run.results.key.copy"))),
	}
}

// ShortHelp implements help.KeyMap.
func (v *View) ShortHelp() []key.Binding {
	k := v.keys
	switch {
	case v.saver.Capturing():
		return v.saver.Help()
	case v.pane.open:
		return []key.Binding{k.Up, k.Down, k.Copy, k.Show, k.Quit}
	case v.opts.Room != "":
		// The report stays on the server: offer it on screen too.
		return []key.Binding{k.Retry, k.Save, k.Show, k.Copy, k.NewPlan, k.Quit}
	}
	return []key.Binding{k.Retry, k.Save, k.Filter, k.NewPlan, k.Quit}
}

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding {
	if v.saver.Capturing() {
		return [][]key.Binding{v.ShortHelp()}
	}
	return [][]key.Binding{
		v.keys.Moves.List(),
		{v.keys.Retry, v.keys.Save, v.keys.Filter, v.keys.Show, v.keys.Copy},
		{v.keys.NewPlan, v.keys.Quit},
	}
}

// enableKeys offers retry only when something failed or was stopped, and
// the filter only when something failed.
func (v *View) enableKeys() {
	v.keys.Retry.SetEnabled(len(v.unfinished()) > 0)
	v.keys.Filter.SetEnabled(v.failed() > 0)
}
