// Package views holds cenroute's screens. Each screen lives in its own
// sub-package and implements View; the wizard's order and state belong to the
// tui package, which builds the views and listens for the messages below.
// Views never import tui: they report what the user chose with a message and
// let the root decide what comes next.
package views

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// View is the contract between the root model and a screen. Update returns
// only a command: the root holds views by pointer and never reassigns them.
type View interface {
	help.KeyMap

	// Init starts the view's first load, if any.
	Init() tea.Cmd
	// Update handles one message and returns the follow-up command.
	Update(msg tea.Msg) tea.Cmd
	// View renders the view into exactly the size given by SetSize.
	View() string
	// SetSize tells the view how much room it has below the header and
	// above the footer.
	SetSize(width, height int)
	// Title is the view's short name, shown in the breadcrumbs.
	Title() string
	// Capturing reports whether a text field (filter, editor) has focus, in
	// which case bare letters belong to the view and must not trigger global
	// actions.
	Capturing() bool
}

// BackMsg asks the root to go back one step (Esc on a view with nothing to
// clear).
type BackMsg struct{}

// Back is a command that yields BackMsg.
func Back() tea.Msg { return BackMsg{} }
