package picker

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
)

// onFilterKey edits the filter line. It is hand-rolled rather than a
// bubbles/textinput: the filter needs only appending and deleting, and a
// focused textinput blinks its cursor with a ticking command, which would
// keep writing to the terminal of an idle user (slow SSH links, tmux).
func (m *Model[T]) onFilterKey(msg tea.KeyMsg) {
	switch {
	case key.Matches(msg, m.keys.Apply):
		m.typing = false
	case msg.Type == tea.KeyEsc:
		m.typing = false
		m.setQuery("")
	case key.Matches(msg, m.keys.FilterMove):
		m.filterMove(msg.Type)
	case msg.Type == tea.KeyBackspace:
		m.setQuery(dropLastRune(m.query))
	case msg.Type == tea.KeyCtrlW:
		m.setQuery(dropLastWord(m.query))
	case msg.Type == tea.KeyCtrlU:
		m.setQuery("")
	case msg.Type == tea.KeySpace:
		m.setQuery(m.query + " ")
	case msg.Type == tea.KeyRunes:
		m.setQuery(m.query + cenapi.Printable(string(msg.Runes))) // a paste may hold line breaks, or worse
	}
}

// filterMove moves the cursor while the filter line has focus.
func (m *Model[T]) filterMove(t tea.KeyType) {
	m.fitWindow()
	switch t {
	case tea.KeyUp:
		m.win.Move(-1)
	case tea.KeyDown:
		m.win.Move(1)
	case tea.KeyPgUp:
		m.win.Move(-m.win.Height())
	case tea.KeyPgDown:
		m.win.Move(m.win.Height())
	}
}

func dropLastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return string(r[:len(r)-1])
}

func dropLastWord(s string) string {
	s = strings.TrimRight(s, " ")
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[:i+1]
	}
	return ""
}
