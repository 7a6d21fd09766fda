package tui

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/review"
)

// preparer lets the review check its plan through the engine, as the
// session reads: the target rule against the CEN as it is now, and the
// entries already there (engine.Check). The check ends with the session.
func (m *Model) preparer() review.Preparer {
	eng, reader, session, log := m.deps.Engine, m.reader, m.ctx, m.log
	return func(ctx context.Context, plan engine.Plan) (engine.Prepared, []engine.Problem, error) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(session, cancel)()
		prep, problems, err := eng.Check(ctx, reader, plan)
		switch {
		case err != nil:
			log.Warn("plan check failed", "error", views.ErrorText(nil, err))
		case len(problems) > 0:
			log.Info("plan rejected", "problems", fmt.Sprint(problems))
		}
		return prep, problems, err
	}
}

// submitPlan starts the plan the review checked, sending exactly the
// calls shown (engine.StartPrepared). A check of another plan than the
// one now chosen (a late message of a review since left) starts nothing.
// The engine still looks behind a CloudRoute.Exist before failing a host.
func (m *Model) submitPlan(msg review.SubmitMsg) tea.Cmd {
	prep := msg.Prepared
	if !reflect.DeepEqual(prep.Plan, m.state.plan()) {
		m.log.Info("a review of another plan was dropped")
		return nil
	}
	return m.startRun(prep.Plan, prep.Present, &prep)
}

// rejection is the error of a plan the target rule rejects.
func rejection(problems []engine.Problem) error { return rejectedError{problems} }

// rejectedError is a plan the target rule rejects, with the rule's
// problems: said in the session's language on screen (see Model.fail),
// in English in the log.
type rejectedError struct{ problems []engine.Problem }

func (e rejectedError) Error() string { return e.say(nil) }

// say words the rejection in lang.
func (e rejectedError) say(lang *i18n.Localizer) string {
	words := make([]string, len(e.problems))
	for i, p := range e.problems {
		words[i] = views.TargetProblem(lang, p)
	}
	return lang.T("wizard.run.rejected", i18n.Args{
		"Problems": strings.Join(words, lang.T("wizard.run.rejected_separator"))})
}
