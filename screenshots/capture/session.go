package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/tui"
)

// waitLimit bounds every wait for a screen; the demo world answers in
// milliseconds, so reaching it means a key or an expected text is wrong.
const waitLimit = 30 * time.Second

// recorder wraps the wizard inside a Bubble Tea program so that the tour
// can wait for a screen and save it from the program's own goroutine, the
// only one allowed to touch the model.
type recorder struct {
	m     *tui.Model
	waits []waitMsg
}

// waitMsg asks to be told (done closed) once cond holds on the screen
// (as text, without escape sequences).
type waitMsg struct {
	cond func(screen string) bool
	done chan struct{}
}

// saveMsg asks for the current screen to be written to path.
type saveMsg struct {
	path string
	done chan error
}

// screenMsg asks for the current screen, for an error message.
type screenMsg struct{ reply chan string }

func (r *recorder) Init() tea.Cmd { return r.m.Init() }

// Update forwards to the wizard, then checks the waits against the new
// screen, so that a wait ends right after the update that satisfied it.
func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case waitMsg:
		r.waits = append(r.waits, msg)
	case saveMsg:
		msg.done <- os.WriteFile(msg.path, []byte(pinPalette(r.m.View())), 0o644)
	case screenMsg:
		msg.reply <- ansi.Strip(r.m.View())
	default:
		_, cmd = r.m.Update(msg)
	}
	r.checkWaits()
	return r, cmd
}

// checkWaits releases the waits the screen now satisfies.
func (r *recorder) checkWaits() {
	screen := ansi.Strip(r.m.View())
	keep := r.waits[:0]
	for _, w := range r.waits {
		if w.cond(screen) {
			close(w.done)
		} else {
			keep = append(keep, w)
		}
	}
	r.waits = keep
}

func containsAll(s string, texts []string) bool {
	for _, t := range texts {
		if !strings.Contains(s, t) {
			return false
		}
	}
	return true
}

// View is never drawn: the program runs without a renderer.
func (r *recorder) View() string { return "" }

// tour drives a program from outside: keys in, screens out.
type tour struct {
	p      *tea.Program
	dir    string
	prefix string // of the file names: "zh-" for the Chinese tour
	n      int    // screens saved so far, for the file names' order
}

// press sends keys by name ("enter", "esc", "tab", "down", "ctrl+f") or
// as text.
func (t *tour) press(keys ...string) {
	named := map[string]tea.KeyType{"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab,
		"down": tea.KeyDown, "up": tea.KeyUp, "space": tea.KeySpace, "ctrl+f": tea.KeyCtrlF}
	for _, k := range keys {
		if kt, ok := named[k]; ok {
			t.p.Send(tea.KeyMsg{Type: kt})
		} else {
			t.p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		}
	}
}

// paste sends text the way a terminal with bracketed paste does.
func (t *tour) paste(text string) {
	t.p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true})
}

// wait blocks until the screen shows every text.
func (t *tour) wait(texts ...string) error {
	return t.waitFor(fmt.Sprintf("%q", texts), func(screen string) bool { return containsAll(screen, texts) })
}

// waitFor blocks until cond holds on the screen; what names it in errors.
func (t *tour) waitFor(what string, cond func(screen string) bool) error {
	done := make(chan struct{})
	t.p.Send(waitMsg{cond: cond, done: done})
	select {
	case <-done:
		return nil
	case <-time.After(waitLimit):
		return fmt.Errorf("the screen never showed %s; it shows:\n%s", what, t.screen())
	}
}

// screen is the current screen as text, or a note if the program hangs.
func (t *tour) screen() string {
	reply := make(chan string, 1)
	t.p.Send(screenMsg{reply: reply})
	select {
	case s := <-reply:
		return s
	case <-time.After(waitLimit):
		return "(the program did not answer)"
	}
}

// save writes the screen as [prefix]NN-name.ansi.
func (t *tour) save(name string) error {
	t.n++
	done := make(chan error, 1)
	t.p.Send(saveMsg{path: filepath.Join(t.dir, fmt.Sprintf("%s%02d-%s.ansi", t.prefix, t.n, name)), done: done})
	select {
	case err := <-done:
		return err
	case <-time.After(waitLimit):
		return errors.New("the program did not answer")
	}
}

// shot waits for texts, then saves the screen.
func (t *tour) shot(name string, texts ...string) error {
	if err := t.wait(texts...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return t.save(name)
}
