package tui

import tea "github.com/charmbracelet/bubbletea"

// The smallest terminal the wizard lays out in. Below it the screen shows
// a "terminal too small" message instead of a cramped, broken layout. The
// views are designed for 80×24, which is comfortably above it.
const (
	minWidth  = 60
	minHeight = 16
)

// The largest terminal the wizard draws for. A size from outside (an SSH
// client's window-change can claim 4294967295 columns) is taken as at most
// this: no real terminal is larger, and the size decides what every frame
// allocates.
const (
	maxWidth  = 1000
	maxHeight = 500
)

// ClampSize is msg with its width and height within 0..maxWidth and
// 0..maxHeight. Every size that reaches a model or a renderer goes through
// it.
func ClampSize(msg tea.WindowSizeMsg) tea.WindowSizeMsg {
	return tea.WindowSizeMsg{Width: max(0, min(msg.Width, maxWidth)), Height: max(0, min(msg.Height, maxHeight))}
}

// freeCrumbWidth is the most a breadcrumb of free text (a description)
// keeps when the breadcrumbs do not fit on one line; IDs and counts are
// never shortened.
const freeCrumbWidth = 12

// aboutMinViewHeight is the fewest rows the active view keeps when the
// about panel shows its whole text: enough for a list's title, its column
// heads and a handful of rows, or the review's plan. With fewer, the panel
// folds to a one-line hint. At 80×24 the panel fits in full.
const aboutMinViewHeight = 12
