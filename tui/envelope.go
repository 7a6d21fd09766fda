package tui

import (
	"reflect"

	tea "github.com/charmbracelet/bubbletea"
)

// fromView carries a message produced by a command of one view instance.
//
// Why: views tag their own async results with request ids, but ids are
// only unique within one instance. When the user goes back and picks
// another region, a new VPC view replaces the old one, and the old one's
// late "loaded" reply must not land in the new one; likewise a ChosenMsg
// from a view that is no longer on screen must not move the wizard. Every
// command a view returns is therefore wrapped so that its message comes
// back stamped with the serial number of the instance that issued it.
type fromView struct {
	serial int
	msg    tea.Msg
}

// teaPackage is the import path of Bubble Tea; messages of its own types
// (quit, batches, window-size queries...) are handled by the runtime and
// must reach it unwrapped.
func teaPackage() string { return reflect.TypeFor[tea.QuitMsg]().PkgPath() }

// tag wraps cmd so that its message arrives as fromView{serial, msg}.
// Batches are unpacked so that each command inside is tagged too.
func tag(serial int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		switch msg := msg.(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				out[i] = tag(serial, c)
			}
			return out
		}
		if reflect.TypeOf(msg).PkgPath() == teaPackage() {
			// Runtime messages pass through. tea.Sequence's message is
			// unexported and cannot be unpacked; its results arrive
			// untagged and are treated as the active view's.
			return msg
		}
		return fromView{serial: serial, msg: msg}
	}
}
