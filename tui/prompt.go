package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// prompt is a y/N question shown in the footer. While it is open it owns
// the keyboard: y runs yes, any other key dismisses it (the safe default),
// and ctrl+c keeps its meaning of "quit now".
type prompt struct {
	question string
	yes      func() tea.Cmd
}

// ask opens a prompt; yes runs on the model when the user answers y.
func (m *Model) ask(question string, yes func() tea.Cmd) {
	m.prompt = &prompt{question: question, yes: yes}
}

// handlePromptKey answers the open prompt.
func (m *Model) handlePromptKey(msg tea.KeyMsg) tea.Cmd {
	p := m.prompt
	m.prompt = nil
	if key.Matches(msg, m.keys.Yes) {
		return p.yes()
	}
	return nil
}
