package tui

import (
	"context"
	"errors"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/routesfile"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/syncplan"
)

// planner lets the sync review read its routes file and check it through
// the engine, as the session reads (engine.CheckSync: the target rule for
// every service, then the difference), the same check as `cenroute plan`.
// A file that does not read and a target the rule rejects come back as
// problems at their lines, in the wizard's language. The check ends with the session.
func (m *Model) planner() syncplan.Planner {
	eng, reader, session, log, path, lang := m.deps.Engine, m.reader, m.ctx, m.log, m.deps.RoutesFile, m.st.Lang
	return func(ctx context.Context, o engine.SyncOptions) (engine.SyncDiff, []string, error) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(session, cancel)()
		f, err := routesfile.Load(path)
		var fe *routesfile.Error
		switch {
		case errors.As(err, &fe):
			return engine.SyncDiff{}, views.ErrorLines(lang, fe), nil
		case err != nil:
			return engine.SyncDiff{}, nil, err
		}
		d, problems, err := eng.CheckSync(ctx, reader, f.Wanted(), o)
		if err != nil {
			log.Warn("routes file check failed", "error", views.ErrorText(nil, err))
			return d, nil, err
		}
		lines := make([]string, len(problems))
		for i, p := range problems {
			lines[i] = views.ErrorText(lang, f.Placed(p))
		}
		return d, lines, nil
	}
}

// syncer lets the sync review start the sync it showed, with the run
// tracked like a submission (a quit brakes it and asks first).
func (m *Model) syncer() syncplan.Syncer {
	eng, runs, log := m.deps.Engine, m.runs, m.log
	return func(ctx context.Context, plan engine.SyncPlan) (*engine.Run, error) {
		run, err := eng.StartSync(ctx, plan)
		if err != nil {
			return nil, err
		}
		log.Info("sync run started", "run", run.ID(), "calls", run.Len())
		runs.add(run)
		return run, nil
	}
}
