package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
	"github.com/cenroute/cenroute/views"
)

// drive follows a run to its end: progress on stderr (table output), the
// report on stdout. The first interrupt (ctx ends) stops the run
// gracefully; a second one aborts it and returns at once.
func (a *app) drive(ctx context.Context, run *engine.Run, rf runFlags) int {
	interrupts := make(chan os.Signal, 2)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupts)
	resume := resumeCommand(a.globals, run.Kind(), run.ID(), rf.stateDir)
	progress := a.newProgress(run.Len(), rf.output == "table")
	stopping, signals := ctx.Done(), 0
	events := run.Events()
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return a.finish(run.Wait(), rf.output, resume)
			}
			progress.show(ev)
		case <-stopping:
			stopping = nil
			run.Stop()
			fmt.Fprintln(a.stderr, a.words.T("cli.run.stopping"))
		case <-interrupts:
			// The first interrupt also ends ctx (handled above).
			if signals++; signals >= 2 {
				run.Abort()
				fmt.Fprintln(a.stderr, a.words.T("cli.run.aborted", i18n.Args{"Command": resume}))
				return exitcode.Failed
			}
		}
	}
}

// progress prints one line per notable event: "[ 12/500] 100.118.28.0/24
// accepted RequestId ...".
type progress struct {
	a     *app
	w     io.Writer
	on    bool
	total int
	index map[string]int // position of each host (or entry) in the run
}

func (a *app) newProgress(total int, on bool) *progress {
	return &progress{a: a, w: a.stderr, on: on, total: total, index: map[string]int{}}
}

func (p *progress) show(ev engine.Event) {
	key := ev.Host + " " + ev.Region
	if ev.Item > 0 {
		key = fmt.Sprint(ev.Item) // a sync run's items, which one host may have several of
	}
	if _, ok := p.index[key]; !ok {
		// Every host's first event comes in run order.
		p.index[key] = len(p.index) + 1
	}
	what := p.a.describeEvent(ev)
	if !p.on || what == "" {
		return
	}
	name := shown(ev.Host)
	if ev.Region != "" {
		name += " -> " + ev.Region
	}
	if ev.Op != "" {
		name = p.a.op(ev.Op) + " " + name
	}
	width := len(fmt.Sprint(p.total))
	fmt.Fprintf(p.w, "[%*d/%d] %s %s\n", width, p.index[key], p.total, name, what)
}

// describeEvent says what an event means, or "" for events not worth a
// line (queued, sending).
func (a *app) describeEvent(ev engine.Event) string {
	w := a.words
	switch ev.Kind {
	case engine.EventSkipped:
		if ev.Region != "" {
			return w.T("cli.event.absent")
		}
		return w.T("cli.event.present")
	case engine.EventRetrying:
		reason := shownMessage(views.EventMessage(w, ev))
		if ev.Attempt == 0 { // no call is retried: following the entry is
			return w.T("cli.event.retrying", i18n.Args{"Reason": reason})
		}
		return w.T("cli.event.retryingAfter", i18n.Args{"Attempt": ev.Attempt, "Reason": reason})
	case engine.EventAccepted, engine.EventDeleting:
		return a.withRequestID(a.statusWord(string(ev.Kind)), ev.RequestID)
	case engine.EventStopped:
		if ev.Code != "" { // the refusal that stopped the run
			return w.T("cli.event.stoppedBy", i18n.Args{"Problem": shownMessage(a.withCode(ev.Code, views.EventMessage(w, ev)))})
		}
		return a.statusWord(string(ev.Kind))
	case engine.EventCreating, engine.EventActive, engine.EventDeleted:
		return a.statusWord(string(ev.Kind))
	case engine.EventFailed:
		failed := w.T("cli.event.failed", i18n.Args{"Problem": shownMessage(a.withCode(ev.Code, views.EventMessage(w, ev)))})
		return a.withRequestID(failed, ev.RequestID)
	}
	return ""
}

// withRequestID is what, followed by the RequestId of its call if any.
func (a *app) withRequestID(what, id string) string {
	if id == "" {
		return what
	}
	return a.words.T("cli.event.requestId", i18n.Args{"What": what, "RequestID": shown(id)})
}
