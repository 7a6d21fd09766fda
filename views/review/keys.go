package review

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/internal/table"
)

// keyMap holds the step's bindings.
type keyMap struct {
	table.Moves                        // scroll the commands
	Submit, ShowCLI, Copy, Retry, Back key.Binding
}

func newKeyMap(lang *i18n.Localizer) keyMap {
	return keyMap{
		Submit:  key.NewBinding(key.WithKeys("enter", "y"), key.WithHelp("enter/y", lang.T("run.review.key.submit"))),
		ShowCLI: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", lang.T("run.review.key.show_cli"))),
		// Capital C, and ctrl+y for layouts where it is awkward: y alone
		// submits.
		Copy:  key.NewBinding(key.WithKeys("C", "ctrl+y"), key.WithHelp("C", lang.T("run.review.key.copy"))),
		Retry: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", lang.T("run.review.key.retry"))),
		Moves: table.NewMoves(lang.T("run.review.key.up"), lang.T("run.review.key.down"), lang.T("run.review.key.page_up"),
			lang.T("run.review.key.page_down"), lang.T("run.review.key.first"), lang.T("run.review.key.last")),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", lang.T("run.review.key.back"))),
	}
}

// ShortHelp implements help.KeyMap. Esc is the root's to name: the
// footer's part that is never cut.
func (v *View) ShortHelp() []key.Binding {
	k := v.keys
	return []key.Binding{k.Submit, k.Retry, k.ShowCLI, k.Copy}
}

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding {
	k := v.keys
	return [][]key.Binding{{k.Submit, k.Retry, k.ShowCLI, k.Copy, k.Back}, k.Moves.List()}
}

// enableKeys offers submit, the commands and copy only once the plan is
// checked and has something to send, retry only after a failed check or
// a rejection, and
// the scroll keys only while the commands are shown and do not fit.
func (v *View) enableKeys() {
	some := v.state == checked && len(v.prep.Calls) > 0
	v.keys.Submit.SetEnabled(some)
	v.keys.Copy.SetEnabled(some)
	v.keys.ShowCLI.SetEnabled(v.state == checked)
	v.keys.Retry.SetEnabled(v.state == checkFailed || v.state == rejected)
	scroll := v.showCLI && len(v.cliLines()) > v.cliRows()
	v.keys.Moves.SetEnabled(scroll)
}
