// Package clipboard puts text on the operator's clipboard with OSC 52: the
// terminal, not the machine cenroute runs on, executes the sequence, so it
// works over SSH and in tmux.
package clipboard

import (
	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
)

// Advised is the size beyond which some terminals drop OSC 52 data.
const Advised = 100_000

// windowTitle is the terminal title cenroute sets after the clipboard
// sequence (see Copy).
const windowTitle = "cenroute"

// Copy puts text on the clipboard.
//
// Why through SetWindowTitle: Bubble Tea v1 has no clipboard command, and
// what tea.Printf prints is dropped in the alternate screen. The title
// command is the one way to have the renderer write an escape sequence, in
// order with its frames. The title sequence is closed at once, the
// clipboard sequences follow, and a last title sequence absorbs the
// terminator the renderer appends.
//
// The clipboard sequence is sent twice: plain (terminals, and tmux with
// set-clipboard on) and wrapped for tmux's passthrough (allow-passthrough
// on). A terminal that is not tmux ignores the wrapped one.
func Copy(text string) tea.Cmd {
	seq := osc52.New(text)
	return tea.SetWindowTitle(windowTitle + "\a" + seq.String() + seq.Tmux().String() + "\x1b]2;" + windowTitle)
}
