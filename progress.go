package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// drive follows a run to its end: progress on stderr (table output), the
// report on stdout. The first interrupt (ctx ends) stops the run
// gracefully; a second one aborts it and returns at once.
func (a *app) drive(ctx context.Context, run *engine.Run, rf runFlags) int {
	interrupts := make(chan os.Signal, 2)
	signal.Notify(interrupts, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(interrupts)
	resume := resumeCommand(a.globals, run.Kind(), run.ID(), rf.stateDir)
	progress := newProgress(a.stderr, run.Len(), rf.output == "table")
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
			fmt.Fprintln(a.stderr, "stopping: letting the calls in flight finish (Ctrl+C again to quit at once)")
		case <-interrupts:
			// The first interrupt also ends ctx (handled above).
			if signals++; signals >= 2 {
				run.Abort()
				fmt.Fprintf(a.stderr, "aborted; resume with: %s\n", resume)
				return exitcode.Failed
			}
		}
	}
}

// progress prints one line per notable event: "[ 12/500] 100.118.28.0/24
// accepted RequestId ...".
type progress struct {
	w     io.Writer
	on    bool
	total int
	index map[string]int // position of each host (or entry) in the run
}

func newProgress(w io.Writer, total int, on bool) *progress {
	return &progress{w: w, on: on, total: total, index: map[string]int{}}
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
	what := describeEvent(ev)
	if !p.on || what == "" {
		return
	}
	name := shown(ev.Host)
	if ev.Region != "" {
		name += " -> " + ev.Region
	}
	if ev.Op != "" {
		name = ev.Op + " " + name
	}
	width := len(fmt.Sprint(p.total))
	fmt.Fprintf(p.w, "[%*d/%d] %s %s\n", width, p.index[key], p.total, name, what)
}

// describeEvent says what an event means, or "" for events not worth a
// line (queued, sending).
func describeEvent(ev engine.Event) string {
	switch ev.Kind {
	case engine.EventSkipped:
		if ev.Region != "" {
			return "absent, nothing to delete"
		}
		return "present, skipped"
	case engine.EventRetrying:
		if ev.Attempt == 0 { // no call is retried: following the entry is
			return "retrying: " + shownMessage(ev.Reason)
		}
		return fmt.Sprintf("retrying after attempt %d: %s", ev.Attempt, shownMessage(ev.Reason))
	case engine.EventAccepted, engine.EventDeleting:
		return string(ev.Kind) + withRequestID(ev.RequestID)
	case engine.EventStopped:
		if ev.Code != "" { // the refusal that stopped the run
			return "stopped: " + shownMessage(errorWords(ev.Code, ev.Message))
		}
		return string(ev.Kind)
	case engine.EventCreating, engine.EventActive, engine.EventDeleted:
		return string(ev.Kind)
	case engine.EventFailed:
		return "failed: " + shownMessage(errorWords(ev.Code, ev.Message)) + withRequestID(ev.RequestID)
	}
	return ""
}

func withRequestID(id string) string {
	if id == "" {
		return ""
	}
	return " RequestId " + shown(id)
}

func errorWords(code, msg string) string {
	if code == "" {
		return msg
	}
	return code + ": " + msg
}
