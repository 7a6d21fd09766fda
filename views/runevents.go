package views

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
)

// NextEvent is a command that reads one event of an engine run a view
// follows and hands it to wrap (ok is false once the run has ended and
// its channel is closed). It captures the channel, never the view.
func NextEvent(events <-chan engine.Event, wrap func(ev engine.Event, ok bool) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-events
		return wrap(ev, ok)
	}
}

// Drain is a command that consumes the events of a run nobody follows any
// more (a late reply to a request since dropped): the engine needs its
// consumer to keep up. nil for no run.
func Drain(events <-chan engine.Event) tea.Cmd {
	if events == nil {
		return nil
	}
	return func() tea.Msg {
		for range events { //nolint:revive // draining is the point
		}
		return nil
	}
}
