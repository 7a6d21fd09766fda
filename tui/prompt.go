package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// prompt is a y/N question shown in the footer. While it is open it owns
// the keyboard: y runs yes, any other key answers no (the safe default),
// and ctrl+c keeps its meaning of "quit now".
type prompt struct {
	question string
	yes, no  func() tea.Cmd // no may be nil
}

// ask opens a prompt; yes runs on the model when the user answers y, no
// (if not nil) on any other answer.
func (m *Model) ask(question string, yes, no func() tea.Cmd) {
	m.prompt = &prompt{question: question, yes: yes, no: no}
}

// handlePromptKey answers the open prompt.
func (m *Model) handlePromptKey(msg tea.KeyMsg) tea.Cmd {
	p := m.prompt
	m.prompt = nil
	switch {
	case key.Matches(msg, m.keys.Yes):
		return p.yes()
	case p.no != nil:
		return p.no()
	}
	return nil
}
