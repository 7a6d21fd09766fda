package tui

import (
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views"
)

// unfinishedMsg answers the start-up question "is there a run to resume?".
type unfinishedMsg struct {
	runs []engine.RunInfo
	err  error
}

// runStartedMsg answers a request to start, retry or resume a run. Its
// ticket is the request's, so that a reply nobody waits for any more is
// dropped (and its run stopped, since nothing would show it).
type runStartedMsg struct {
	ticket  views.Ticket
	run     *engine.Run
	plan    engine.Plan
	present []string
	err     error
	resumed bool // the run continues a journal; plan is its plan
}
