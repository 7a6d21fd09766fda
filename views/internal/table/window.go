package table

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/views/internal/navkeys"
)

// Window is the part of a list that is on screen: height rows from the
// top one, of rows in all. A list with a cursor (see NewWindow) keeps the
// cursor in sight; one without scrolls. The window stays full while the
// list allows, after a resize too.
type Window struct {
	pointing     bool // the list has a cursor, which the keys move
	top, cursor  int
	rows, height int
}

// NewWindow returns an empty window; cursor says whether the list has a
// cursor.
func NewWindow(cursor bool) Window { return Window{pointing: cursor} }

// Resize says how many rows the list has and how many fit on screen (at
// least one), and brings the window back in range.
func (w *Window) Resize(rows, height int) {
	w.rows, w.height = max(0, rows), max(1, height)
	w.cursor = max(0, min(w.cursor, w.rows-1))
	w.follow()
}

// Move moves the cursor by delta rows, within the list; the window
// follows.
func (w *Window) Move(delta int) {
	w.cursor = max(0, min(w.cursor+delta, w.rows-1))
	w.follow()
}

// Place puts the cursor on row i (or the nearest row there is).
func (w *Window) Place(i int) { w.Move(i - w.cursor) }

// Scroll moves the window by delta rows, keeping it full.
func (w *Window) Scroll(delta int) { w.ScrollTo(w.top + delta) }

// ScrollTo puts row i at the top of the window, or as near as keeps the
// window full.
func (w *Window) ScrollTo(i int) {
	w.top = max(0, min(i, w.rows-w.height))
}

// follow moves the window just enough to show the cursor (lists with a
// cursor), then keeps it full.
func (w *Window) follow() {
	if w.pointing {
		if w.cursor < w.top {
			w.top = w.cursor
		}
		if w.cursor >= w.top+w.height {
			w.top = w.cursor - w.height + 1
		}
	}
	w.ScrollTo(w.top)
}

// Cursor is the row under the cursor.
func (w Window) Cursor() int { return w.cursor }

// Top is the first row on screen.
func (w Window) Top() int { return w.top }

// End is one past the last row on screen.
func (w Window) End() int { return min(w.top+w.height, w.rows) }

// Height is how many rows fit on screen.
func (w Window) Height() int { return w.height }

// Fits reports whether the whole list is on screen.
func (w Window) Fits() bool { return w.rows <= w.height }

// Moves are the movement keys every list shares, named as on every
// screen (see navkeys); each constructor argument says what the key does
// there.
type Moves struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
}

// NewMoves builds the movement keys with their help texts.
func NewMoves(up, down, pageUp, pageDown, home, end string) Moves {
	return Moves{
		Up:       navkeys.Up(up),
		Down:     navkeys.Down(down),
		PageUp:   navkeys.PageUp(pageUp),
		PageDown: navkeys.PageDown(pageDown),
		Home:     navkeys.Home(home),
		End:      navkeys.End(end),
	}
}

// List is the keys in the order help shows them.
func (k Moves) List() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
}

// SetEnabled offers the keys, or not: a disabled key matches nothing and
// help leaves it out.
func (k *Moves) SetEnabled(on bool) {
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Home, &k.End} {
		b.SetEnabled(on)
	}
}

// Follow applies msg to w when it is one of the keys: the cursor moves,
// or the window scrolls in a list without one. It reports whether msg
// was a movement key.
func (w *Window) Follow(msg tea.KeyMsg, k Moves) bool {
	step := 0
	switch {
	case key.Matches(msg, k.Up):
		step = -1
	case key.Matches(msg, k.Down):
		step = 1
	case key.Matches(msg, k.PageUp):
		step = -w.height
	case key.Matches(msg, k.PageDown):
		step = w.height
	case key.Matches(msg, k.Home):
		step = -w.rows
	case key.Matches(msg, k.End):
		step = w.rows
	default:
		return false
	}
	if w.pointing {
		w.Move(step)
	} else {
		w.Scroll(step)
	}
	return true
}
