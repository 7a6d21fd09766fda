package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/engine"
)

// settle runs cmd and every command its messages lead to, synchronously,
// feeding the messages to m: enough for loads that need no timer.
func settle(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			settle(m, c)
		}
	default:
		_, next := m.Update(msg)
		settle(m, next)
	}
}

// BenchmarkRootViewAndKey measures what the root adds to every frame and
// keystroke (header, breadcrumbs, footer, fitting, routing) on the loaded
// CEN list at 120x40.
func BenchmarkRootViewAndKey(b *testing.B) {
	_, client := cenapitest.Serve(b, emulator.Options{Seed: 1})
	m := New(Deps{Client: client, Engine: engine.New(client, engine.Options{StateDir: b.TempDir()}),
		Styles: testStyles(true), Identity: client.Identity(), Demo: true})
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	settle(m, m.Init())
	if !contains(m.View(), cenLoaded) {
		b.Fatalf("the CEN list did not load:\n%s", m.View())
	}
	b.Run("View", func(b *testing.B) {
		for b.Loop() {
			_ = m.View()
		}
	})
	b.Run("KeyAndView", func(b *testing.B) {
		down, up := keyMsg("down"), keyMsg("up")
		for i := 0; b.Loop(); i++ {
			k := down
			if i%2 == 1 {
				k = up
			}
			m.Update(k)
			_ = m.View()
		}
	})
}
