// Package navkeys holds the movement bindings that every list and every
// scrolling part of the wizard shares, so that a key is named the same way
// on every screen (in ASCII: "up/k", never an arrow glyph on one screen and
// a word on the next). Each constructor takes what the key does there.
package navkeys

import "github.com/charmbracelet/bubbles/key"

// Up is the up arrow or k.
func Up(desc string) key.Binding {
	return key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("up/k", desc))
}

// Down is the down arrow or j.
func Down(desc string) key.Binding {
	return key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("down/j", desc))
}

// PageUp is the page-up key.
func PageUp(desc string) key.Binding {
	return key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", desc))
}

// PageDown is the page-down key.
func PageDown(desc string) key.Binding {
	return key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", desc))
}

// Home is the home key or g.
func Home(desc string) key.Binding {
	return key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", desc))
}

// End is the end key or G.
func End(desc string) key.Binding {
	return key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", desc))
}
