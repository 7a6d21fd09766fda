package clipboard

import (
	"encoding/base64"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// copyModel is a one-shot program that copies text and quits.
type copyModel struct{ text string }

func (m copyModel) Init() tea.Cmd                       { return tea.Sequence(Copy(m.text), tea.Quit) }
func (m copyModel) Update(tea.Msg) (tea.Model, tea.Cmd) { return m, nil }
func (m copyModel) View() string                        { return "review" }

// syncBuffer is an output the program's renderer can write to while the
// test waits.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestCopyReachesTheTerminalInAltScreen runs a real program in the
// alternate screen, as cenroute does, and checks that the clipboard
// sequence is written to its output.
func TestCopyReachesTheTerminalInAltScreen(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	p := tea.NewProgram(copyModel{text: "aliyun cbn ResolveAndRouteServiceInCen --CenId cen-test\n"},
		tea.WithInput(nil), tea.WithOutput(&out), tea.WithAltScreen())
	if _, err := p.Run(); err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString([]byte("aliyun cbn ResolveAndRouteServiceInCen --CenId cen-test\n"))
	got := out.String()
	if !strings.Contains(got, "\x1b]2;cenroute\a\x1b]52;c;"+b64+"\a") {
		t.Errorf("no clipboard sequence in the output %q", got)
	}
	if !strings.Contains(got, "\x1b\\\x1b]2;cenroute\a") {
		t.Errorf("the title is not closed after the sequences: %q", got)
	}
}
