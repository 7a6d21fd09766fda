package engine

import (
	"context"
	"os"
	"time"
)

// Resume continues a journaled run in this engine: hosts whose call was
// never accepted are sent again with the same ClientTokens (so a call whose
// answer was lost creates nothing twice), accepted ones are followed again,
// settled ones are reported as they were. Events first repeat each item's
// last known state. Cancelling ctx aborts the run. A run that is live
// elsewhere (see RunInfo.Busy) is refused with a *BusyError.
func (e *Engine) Resume(ctx context.Context, runID string) (*Run, error) {
	if e.optErr != nil {
		return nil, e.optErr
	}
	j, recs, err := openJournal(e.opts.StateDir, runID)
	if err != nil {
		return nil, err
	}
	st := replay(recs)
	head := recs[0]
	head.RunID = runID // the journal's name is what the caller asked for
	r := e.runOf(ctx, head, j)
	r.journal.write(record{Type: recResume, Time: time.Now(), PID: os.Getpid()})
	return r.begin(st.items, func(_ int, it *item) bool {
		switch {
		case it.settled():
			r.events.push(r.replayed(it))
		case it.accepted:
			it.status, it.code, it.msg = "", "", ""
			r.accept(it, it.requestID)
		default:
			return true
		}
		return false
	}), nil
}

// replayed is the event that restates a settled item's outcome.
func (r *Run) replayed(it *item) Event {
	return Event{RunID: r.id, Kind: it.last, Host: it.host, Region: it.region, Op: it.op(), Item: it.index,
		RequestID: it.requestID, Code: it.code, Message: it.msg, Time: time.Now()}
}

// replayState is a run rebuilt from its journal.
type replayState struct {
	kind     string
	plan     Plan
	del      *DeletePlan
	items    []*item
	finished bool
}

// replay rebuilds a run's items from its journal records (the first is the
// plan).
func replay(recs []record) replayState {
	head := recs[0]
	st := replayState{kind: head.Kind, del: head.Delete, plan: head.plan()}
	byKey := map[string]*item{}
	switch {
	case head.Plan != nil:
		for _, h := range st.plan.Hosts {
			it := &item{host: h, hostRegion: st.plan.HostRegionID, vpc: st.plan.HostVpcID, desc: st.plan.Description}
			st.items = append(st.items, it)
			byKey[itemKey("", h, "")] = it
		}
	case head.Delete != nil:
		for _, en := range head.Delete.Entries {
			it := deleteItem(en)
			st.items = append(st.items, it)
			byKey[itemKey(en.HostRegionID, en.Host, en.AccessRegionID)] = it
		}
	case head.Sync != nil:
		st.items = head.Sync.items()
	}
	for _, rec := range recs[1:] {
		switch rec.Type {
		case recFinished:
			st.finished = true
		case recResume:
			st.finished = false
		case recAttempt, recHost:
			if it := st.find(byKey, rec); it != nil {
				it.replay(rec)
			}
		}
	}
	return st
}

// find is the item a record is about: by its place in a sync run, else by
// its host (and, for a delete, its entry).
func (st replayState) find(byKey map[string]*item, rec record) *item {
	if st.kind == KindSync {
		if rec.Item < 1 || rec.Item > len(st.items) {
			return nil
		}
		return st.items[rec.Item-1]
	}
	return byKey[itemKey(rec.HostRegion, rec.Host, rec.Region)]
}

// replay applies one attempt or host record.
func (it *item) replay(rec record) {
	if rec.Type == recAttempt {
		it.tries.sent = max(it.tries.sent, rec.Attempt)
		// The journal does not say which failures were ambiguous: any
		// attempt the API did not refuse outright may have created the
		// entry.
		if rec.Outcome != outcomeThrottled.word() && rec.Outcome != outcomePermanent.word() {
			it.tries.ambiguous++
		}
		return
	}
	if rec.Host != "" && it.deletes() {
		it.host = rec.Host // a delete names the entry as the API listed it
	}
	it.last = rec.Status
	if rec.RequestID != "" {
		it.requestID = rec.RequestID
	}
	it.status, it.code, it.msg = "", rec.Code, rec.Message
	switch rec.Status {
	case EventQueued:
		if len(rec.Regions) > 0 {
			it.regions = rec.Regions
		}
	case EventAccepted, EventCreating, EventDeleting:
		it.accepted = true
	case EventSkipped:
		it.status = StatusPresent
		if it.deletes() {
			it.status = StatusAbsent
		}
	case EventActive:
		it.status = StatusActive
	case EventDeleted:
		it.status = StatusDeleted
	case EventFailed:
		it.status = StatusFailed
	}
}
