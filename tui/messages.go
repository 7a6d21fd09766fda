package tui

import (
	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views"
)

// unfinishedMsg answers the start-up question "is there a run to resume?".
type unfinishedMsg struct {
	runs []engine.RunInfo
	err  error
}

// preparedMsg answers the review's request to check its plan; id matches
// the request, so that a late answer is dropped.
type preparedMsg struct {
	id       int
	prep     engine.Prepared
	problems []engine.Problem // the target rule's: the plan must not be sent
	err      error
}

// prepareRetryMsg says that a call of the review's check is being
// retried; id matches the check.
type prepareRetryMsg struct {
	id   int
	note cenapi.RetryNote
	feed *views.RetryFeed // where the check's next retry comes from
}

// runStartedMsg answers a request to start, retry or resume a run. id
// matches the request so that a reply nobody waits for any more is
// dropped (and its run stopped, since nothing would show it).
type runStartedMsg struct {
	id      int
	run     *engine.Run
	plan    engine.Plan
	present []string
	err     error
	resumed bool // the run continues a journal; plan is its plan
}
