package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/hostlist"
)

// Run is one apply or delete run. Its methods are safe for concurrent use.
type Run struct {
	e     *Engine
	id    string
	kind  string
	label string // whom the run was first sent as (Engine.Label); "" in older journals
	plan  Plan
	del   *DeletePlan
	began time.Time // when this process started or resumed the run

	ctx    context.Context // cancelled by Abort
	cancel context.CancelFunc
	brake  *brake        // on between Brake and Release
	stop   chan struct{} // closed by Stop
	halt   sync.Once
	done   chan struct{} // closed when the run has ended
	wake   chan struct{} // tells the follower that an entry was accepted
	events *eventQueue

	mu      sync.Mutex // guards the fields below and the journal
	journal *journal
	started time.Time // when the run was first started (the plan record)
	items   []*item
	byKey   map[string]*item
	report  Report
}

// item is one host (apply) or one entry (delete) and what became of it.
type item struct {
	host       string
	hostRegion string
	region     string   // delete: the entry's access region
	regions    []string // the access regions the call carries
	vpc        string   // the host VPC (apply); delete: narrows the call, may be ""
	token      string   // apply: the ClientToken

	tries     tries
	last      EventKind
	status    string // a Status constant once settled for this run, else ""
	requestID string
	code, msg string

	accepted   bool // the call was accepted (now or in an earlier life of the run)
	following  bool // waiting for the entries to settle
	acceptedAt time.Time
	seen       map[string]string // apply: status last seen per access region
	absent     int               // delete: complete sweeps in a row without the entry
}

// record starts a journal record about the item.
func (it *item) record(typ string, t time.Time) record {
	rec := record{Type: typ, Time: t, Host: it.host, Region: it.region}
	if it.region != "" {
		rec.HostRegion = it.hostRegion
	}
	return rec
}

// key identifies the item whatever the spelling of its host.
func (it *item) key() string { return itemKey(it.hostRegion, it.host, it.region) }

// itemKey identifies an apply item (region "") by its canonical host, as
// hostlist.Canonical spells it, and a delete item by its entry.
func itemKey(hostRegion, host, region string) string {
	if region == "" {
		return hostlist.Canonical(host)
	}
	return entryKey(hostRegion, host, region)
}

// entryKey identifies an entry whatever the spelling of its host.
func entryKey(hostRegion, host, accessRegion string) string {
	return hostRegion + "|" + hostlist.Canonical(host) + "|" + accessRegion
}

// settled reports whether the item needs nothing more, even on resume: a
// wait that timed out is not settled (a resume follows the entry again).
func (it *item) settled() bool {
	switch it.status {
	case StatusActive, StatusPresent, StatusDeleted, StatusAbsent:
		return true
	case StatusFailed:
		return it.code != CodeWaitTimeout
	}
	return false
}

// ID is the run's ID, the argument of Resume and `cenroute apply --resume`.
func (r *Run) ID() string { return r.id }

// Kind is KindApply or KindDelete.
func (r *Run) Kind() string { return r.kind }

// Label is whom the run was sent as when it started (see Engine.Label):
// a resumed run keeps the label of its first start. "" for runs journaled
// before labels were recorded.
func (r *Run) Label() string { return r.label }

// Len is the number of hosts (apply) or entries (delete) in the run: the
// number of results its report will have.
func (r *Run) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.items)
}

// Events returns the run's events, in order; the channel is closed when
// the run ends. Events are buffered without bound, so a slow consumer never
// holds the run up, but a consumer that starts reading must drain the
// channel.
func (r *Run) Events() <-chan Event { return r.events.start() }

// Stop stops the run gracefully: no new call starts, calls in flight
// finish and are journaled, hosts not yet settled are reported stopped.
// The run can be resumed.
func (r *Run) Stop() { r.halt.Do(func() { close(r.stop) }) }

// Brake holds the run at once, for as long as it takes someone to decide
// whether to stop it: no call of the run starts (no write, no retry, no
// listing to follow its entries) until Release; calls in flight finish.
// Stop and Abort still end a braked run. It returns at once.
func (r *Run) Brake() { r.brake.set(true) }

// Release lets a braked run go on. Calls held back are paced again by the
// rate limiter, not sent in a burst.
func (r *Run) Release() { r.brake.set(false) }

// Held reports whether the run is braked with none of its calls in
// flight: nothing of it is on the wire, and nothing will be until
// Release.
func (r *Run) Held() bool { return r.brake.held() }

// Done is closed when the run has ended (see Wait).
func (r *Run) Done() <-chan struct{} { return r.done }

// Abort stops the run at once, cancelling calls in flight. The journal
// still allows a resume; a call whose answer was lost is sent again with
// the same ClientToken.
func (r *Run) Abort() {
	r.Stop()
	r.cancel()
}

// Wait waits for the run to end and returns its report.
func (r *Run) Wait() Report {
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.report
}

// Start checks the plan against what exists (see Prepare), creates the run
// journal and starts sending in the background. Cancelling ctx aborts the
// run (see Abort); use Stop for a graceful stop.
func (e *Engine) Start(ctx context.Context, p Plan) (*Run, error) {
	prep, err := e.Prepare(ctx, p)
	if err != nil {
		return nil, err
	}
	return e.StartPrepared(ctx, prep)
}

// StartPrepared is Start for a plan Prepare has just checked, without
// listing the existing entries again: present hosts are skipped,
// conflicting ones fail without a call, the others are sent.
func (e *Engine) StartPrepared(ctx context.Context, prep Prepared) (*Run, error) {
	if e.optErr != nil {
		return nil, e.optErr
	}
	p := prep.Plan
	if err := p.Validate(); err != nil {
		return nil, err
	}
	r, err := e.newRun(ctx, KindApply, &p, nil)
	if err != nil {
		return nil, err
	}
	calls := map[string][]string{}
	for _, c := range prep.Calls {
		calls[c.Request.Host] = c.Request.AccessRegionIDs
	}
	present := map[string]bool{}
	for _, h := range prep.Present {
		present[h] = true
	}
	items := make([]*item, len(p.Hosts))
	for i, h := range p.Hosts {
		items[i] = &item{host: h, hostRegion: p.HostRegionID, vpc: p.HostVpcID, regions: calls[h]}
	}
	return r.begin(items, func(_ int, it *item) bool {
		switch {
		case present[it.host]:
			r.settle(it, StatusPresent, Event{Kind: EventSkipped})
		case prep.Conflicts[it.host] != "":
			r.settle(it, StatusFailed, Event{Kind: EventFailed, Code: CodeConflict, Message: prep.Conflicts[it.host]})
		default:
			return true
		}
		return false
	}), nil
}

// StartDelete deletes the plan's entries: one DeleteRouteServiceInCen per
// entry, then (unless Options.NoWait) follows each until it is gone.
// Entries that do not exist are reported absent; an entry is matched
// whatever the spelling of its host (100.118.28.5 is 100.118.28.5/32), and
// the call names it as the API lists it. Cancelling ctx aborts the run.
func (e *Engine) StartDelete(ctx context.Context, dp DeletePlan) (*Run, error) {
	if e.optErr != nil {
		return nil, e.optErr
	}
	if err := dp.Validate(); err != nil {
		return nil, err
	}
	existing := map[string]routes{}
	for _, en := range dp.Entries {
		if existing[en.HostRegionID] != nil {
			continue
		}
		list, err := e.listEntries(ctx, nil, cenapi.RouteServiceFilter{CenID: dp.CenID, HostRegionID: en.HostRegionID})
		if err != nil {
			return nil, err
		}
		existing[en.HostRegionID] = indexRoutes(list, en.HostRegionID)
	}
	r, err := e.newRun(ctx, KindDelete, nil, &dp)
	if err != nil {
		return nil, err
	}
	items := make([]*item, len(dp.Entries))
	found := make([]*cenapi.RouteService, len(dp.Entries)) // nil: no such entry
	for i, en := range dp.Entries {
		host := en.Host
		if f, ok := existing[en.HostRegionID].find(en); ok {
			found[i], host = &f, f.Host
		}
		items[i] = &item{host: host, hostRegion: en.HostRegionID, region: en.AccessRegionID,
			regions: []string{en.AccessRegionID}, vpc: en.HostVpcID}
	}
	return r.begin(items, func(i int, it *item) bool {
		switch {
		case found[i] == nil:
			r.settle(it, StatusAbsent, Event{Kind: EventSkipped})
		case found[i].Status == cenapi.StatusDeleting:
			r.accept(it, "") // already going: follow it
		default:
			return true
		}
		return false
	}), nil
}

// find returns the existing entry en names, if any.
func (idx routes) find(en DeleteEntry) (cenapi.RouteService, bool) {
	found, ok := idx[hostlist.Canonical(en.Host)][en.AccessRegionID]
	if !ok || (en.HostVpcID != "" && found.HostVpcID != en.HostVpcID) {
		return cenapi.RouteService{}, false
	}
	return found, true
}

// Validate checks that every entry names what a delete call needs.
func (dp DeletePlan) Validate() error {
	if dp.CenID == "" {
		return errors.New("the delete plan names no CEN")
	}
	if len(dp.Entries) == 0 {
		return errors.New("the delete plan names no entry")
	}
	seen := map[string]bool{}
	for _, en := range dp.Entries {
		if en.HostRegionID == "" || en.Host == "" || en.AccessRegionID == "" {
			return fmt.Errorf("the entry %q into %q from %q is incomplete", en.Host, en.AccessRegionID, en.HostRegionID)
		}
		k := entryKey(en.HostRegionID, en.Host, en.AccessRegionID)
		if seen[k] {
			return fmt.Errorf("the entry %s into %s is listed twice", en.Host, en.AccessRegionID)
		}
		seen[k] = true
	}
	return nil
}

// newRun creates a run and its locked journal, whose first record is the
// plan, labelled with whom the run is sent as and by which process.
func (e *Engine) newRun(ctx context.Context, kind string, p *Plan, dp *DeletePlan) (*Run, error) {
	now := time.Now()
	head := record{Type: recPlan, Time: now, RunID: newRunID(now), Kind: kind, Label: e.Label(), Plan: p, Delete: dp,
		PID: os.Getpid()}
	j, err := createJournal(e.opts.StateDir, head.RunID)
	if err != nil {
		return nil, err
	}
	r := e.runOf(ctx, head, j)
	r.journal.write(head)
	return r, nil
}

// runOf assembles a Run around an open journal whose plan record is head.
func (e *Engine) runOf(ctx context.Context, head record, j *journal) *Run {
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	r := &Run{e: e, id: head.RunID, kind: head.Kind, label: head.Label, del: head.Delete, began: time.Now(),
		ctx: rctx, cancel: cancel, brake: &brake{}, stop: make(chan struct{}), done: make(chan struct{}), wake: make(chan struct{}, 1),
		events: newEventQueue(), journal: j, started: head.Time, byKey: map[string]*item{}}
	if head.Plan != nil {
		r.plan = *head.Plan
	} else {
		r.plan = Plan{CenID: head.Delete.CenID}
	}
	// The caller's ctx aborts the run; Start's own checks used it already.
	go func() {
		select {
		case <-ctx.Done():
			r.Abort()
		case <-r.done:
		}
	}()
	return r
}

// begin registers the run's items and starts sending. For each item in
// turn, place settles it or has it followed and returns false, or returns
// true to have it queued and sent; it runs with r.mu held, so that no
// event of the run can come before those of the items placed earlier.
func (r *Run) begin(items []*item, place func(i int, it *item) (send bool)) *Run {
	var send []*item
	r.mu.Lock()
	for i, it := range items {
		r.add(it)
		if place(i, it) {
			r.emit(it, Event{Kind: EventQueued})
			send = append(send, it)
		}
	}
	r.mu.Unlock()
	go r.run(send)
	return r
}

// add registers an item, giving an apply item its ClientToken; r.mu must
// be held.
func (r *Run) add(it *item) *item {
	if r.kind == KindApply {
		if len(it.regions) == 0 {
			it.regions = r.plan.AccessRegionIDs
		}
		it.token = clientToken(r.id, r.request(it))
	}
	r.items = append(r.items, it)
	r.byKey[it.key()] = it
	return it
}

// request is the Resolve call of an apply item.
func (r *Run) request(it *item) cenapi.ResolveRequest {
	req := r.plan.request(it.host, it.regions)
	req.ClientToken = it.token
	return req
}

// run sends the items of send and follows every accepted item (those
// accepted before, too) until all have settled or the run stops. At most
// Concurrency items are sending at once (waiting for the rate limiter or
// for a reply); an item waiting out a backoff gives its place up, so that
// retries never hold back the items behind them. Items start in plan
// order.
func (r *Run) run(send []*item) {
	defer r.finish()
	sendersDone := make(chan struct{})
	followerDone := make(chan struct{})
	go func() {
		defer close(followerDone)
		r.follow(sendersDone)
	}()

	places := make(chan struct{}, r.e.opts.Concurrency)
	var senders sync.WaitGroup
feed:
	for _, it := range send {
		select {
		case places <- struct{}{}:
		case <-r.stop:
			break feed
		}
		senders.Go(func() { r.send(it, places) })
	}
	senders.Wait()
	close(sendersDone)
	<-followerDone
}

// send makes an item's call, retrying as needed, until it is accepted,
// fails, or the run stops. It starts holding a place in places, gives it
// up for every backoff and takes one again after it, and gives it up when
// it returns.
func (r *Run) send(it *item, places chan struct{}) {
	defer func() { <-places }()
	lim := r.e.writes
	for {
		done, err := r.brake.acquire(r.ctx, r.stop, lim)
		if err != nil {
			return
		}
		attempt, timeouts := r.sending(it)
		ctx, cancel := context.WithTimeout(r.ctx, lim.CallTimeout(timeouts))
		requestID, err := r.call(ctx, it)
		cancel()
		o := classify(err)
		done(o)
		if o.kind == outcomeExists {
			o = r.checkExisting(it, o)
		}
		delay, again := r.answered(it, attempt, o, requestID)
		if !again || !r.backOff(delay, places) {
			return
		}
	}
}

// backOff waits for d without holding a place in places, then takes one
// again. It reports false if the run stopped meanwhile; the place is held
// either way.
func (r *Run) backOff(d time.Duration, places chan struct{}) bool {
	if d <= 0 {
		return true
	}
	<-places
	err := sleep(r.ctx, r.stop, d)
	places <- struct{}{}
	return err == nil
}

// call sends an item's one call.
func (r *Run) call(ctx context.Context, it *item) (string, error) {
	if r.kind == KindApply {
		return r.e.api.ResolveAndRouteService(ctx, r.request(it))
	}
	return r.e.api.DeleteRouteService(ctx, cenapi.DeleteRequest{CenID: r.plan.CenID, HostRegionID: it.hostRegion,
		Host: it.host, AccessRegionID: it.region, HostVpcID: it.vpc})
}

// sending counts a new attempt and announces it.
func (r *Run) sending(it *item) (attempt, timeouts int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	it.tries.sent++
	r.emit(it, Event{Kind: EventSending, Attempt: it.tries.sent})
	return it.tries.sent, it.tries.timeouts
}

// answered journals an attempt's outcome and acts on it. It says whether
// to try again, and after what pause.
func (r *Run) answered(it *item, attempt int, o outcome, requestID string) (time.Duration, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := it.record(recAttempt, time.Now())
	rec.Token, rec.Attempt, rec.Outcome, rec.RequestID = it.token, attempt, o.kind.word(), requestID
	if o.err != nil {
		rec.Code, rec.Message = o.err.Code, o.err.Message
		if rec.RequestID == "" {
			rec.RequestID = o.err.RequestID
		}
	}
	r.journal.write(rec)
	switch o.kind {
	case outcomeOK:
		r.accept(it, requestID)
		return 0, false
	case outcomePresent:
		r.settle(it, StatusPresent, Event{Kind: EventSkipped, Attempt: attempt,
			Message: "routed by someone else after the plan was checked; nothing was created"})
		return 0, false
	case outcomeCanceled:
		return 0, false
	}
	delay, again := it.tries.after(o, r.e.opts.MaxAttempts)
	if !again {
		msg := o.err.Message
		if o.kind != outcomePermanent && o.kind != outcomeExists {
			msg = fmt.Sprintf("gave up after %d attempts: %s", it.tries.sent, msg)
		}
		r.settle(it, StatusFailed, Event{Kind: EventFailed, Attempt: attempt, RequestID: o.err.RequestID,
			Code: o.err.Code, Message: msg})
		return 0, false
	}
	r.emit(it, Event{Kind: EventRetrying, Attempt: attempt, Code: o.err.Code, Reason: o.reason()})
	return delay, true
}

// checkExisting looks at the entries behind a CloudRoute.Exist with
// Prepare's rule (see routes.state): if every access region of the call
// has an entry through the plan's VPC, Active or Creating, the call counts
// as done. When an earlier attempt may have created them (an ambiguous
// failure, an earlier life of the run), they are taken as ours: accepted
// and followed. Otherwise someone else routed the host since the plan was
// checked: it is present. An entry through another VPC, Failed or being
// deleted makes the Exist stand, with the reason added. A listing that
// fails leaves the question open: the call is retried (same ClientToken),
// or, if the run is being aborted, counted as cancelled so that a resume
// asks again.
func (r *Run) checkExisting(it *item, o outcome) outcome {
	list, err := r.hostEntries(it)
	if err != nil {
		if r.ctx.Err() != nil {
			return outcome{kind: outcomeCanceled, err: o.err}
		}
		e := *o.err
		e.Message += ": the existing entry could not be checked: " + classify(err).reason()
		e.Transient = true
		return outcome{kind: outcomeTransient, err: &e}
	}
	idx := indexRoutes(list, r.plan.HostRegionID)
	for _, a := range it.regions {
		switch s, why := idx.state(it.host, a, it.vpc); s {
		case routeMissing:
			return r.existFailure(o, "no entry into "+a+" was found")
		case routeConflict:
			return r.existFailure(o, why)
		}
	}
	if it.tries.ambiguous == 0 {
		return outcome{kind: outcomePresent}
	}
	return outcome{kind: outcomeOK}
}

// hostEntries lists the entries of an apply item's host in the host
// region, under every spelling the API may have stored it as (see
// hostlist.Spellings).
func (r *Run) hostEntries(it *item) ([]cenapi.RouteService, error) {
	var all []cenapi.RouteService
	for _, h := range hostlist.Spellings(it.host) {
		list, err := r.e.listEntries(r.ctx, r.brake, cenapi.RouteServiceFilter{CenID: r.plan.CenID,
			HostRegionID: r.plan.HostRegionID, Host: h})
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
	}
	return all, nil
}

func (r *Run) existFailure(o outcome, why string) outcome {
	e := *o.err
	e.Message += ": " + why
	return outcome{kind: outcomePermanent, err: &e}
}

// accept records an accepted call and starts following it, unless NoWait;
// r.mu must be held.
func (r *Run) accept(it *item, requestID string) {
	it.accepted, it.requestID, it.acceptedAt = true, requestID, time.Now()
	kind, noWaitStatus := EventAccepted, StatusAccepted
	if r.kind == KindDelete {
		kind, noWaitStatus = EventDeleting, StatusDeleting
	}
	ev := Event{Kind: kind, Attempt: it.tries.sent, RequestID: requestID}
	if r.e.opts.NoWait {
		r.settle(it, noWaitStatus, ev)
		return
	}
	r.emit(it, ev)
	it.following = true
	it.seen = map[string]string{}
	it.absent = 0
	r.poke()
}

// poke wakes the follower.
func (r *Run) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// settle gives an item its final status for this run and announces it;
// r.mu must be held.
func (r *Run) settle(it *item, status string, ev Event) {
	it.status, it.following = status, false
	it.code, it.msg = ev.Code, ev.Message
	if ev.RequestID != "" {
		it.requestID = ev.RequestID
	}
	r.emit(it, ev)
}

// journaled are the event kinds the journal keeps as host records; the
// others (sending, retrying) are covered by attempt records.
var journaled = []EventKind{EventQueued, EventSkipped, EventAccepted, EventCreating, EventActive,
	EventFailed, EventDeleting, EventDeleted, EventStopped}

// emit completes an event, journals it if it is a state change, and
// queues it for Events; r.mu must be held.
func (r *Run) emit(it *item, ev Event) {
	ev.RunID, ev.Host, ev.Region, ev.Time = r.id, it.host, it.region, time.Now()
	it.last = ev.Kind
	if slices.Contains(journaled, ev.Kind) {
		rec := it.record(recHost, ev.Time)
		rec.Status, rec.RequestID, rec.Code, rec.Message = ev.Kind, ev.RequestID, ev.Code, ev.Message
		if ev.Kind == EventQueued && it.region == "" {
			rec.Regions = it.regions
		}
		r.journal.write(rec)
	}
	r.events.push(ev)
}

// finish reports the items still unsettled as stopped, closes the journal
// (with a finished record if nothing was stopped) and ends the run.
func (r *Run) finish() {
	r.mu.Lock()
	stopped := false
	for _, it := range r.items {
		if it.status == "" {
			r.settle(it, StatusStopped, Event{Kind: EventStopped})
			stopped = true
		}
	}
	now := time.Now()
	if !stopped {
		r.journal.write(record{Type: recFinished, Time: now})
	}
	jerr := r.journal.close()
	r.report = r.buildReport(now, stopped, jerr)
	r.mu.Unlock()
	r.events.close()
	close(r.done)
	r.cancel()
}

// buildReport assembles the report; r.mu must be held.
func (r *Run) buildReport(now time.Time, stopped bool, journalErr error) Report {
	rep := Report{RunID: r.id, Kind: r.kind, Plan: r.plan, Delete: r.del, Started: r.started, Finished: now,
		Stopped: stopped, Elapsed: now.Sub(r.began)}
	if journalErr != nil {
		rep.JournalError = journalErr.Error()
	}
	rep.Calls, rep.ThrottledCalls = r.brake.counts()
	for _, it := range r.items {
		res := HostResult{Host: it.host, AccessRegionIDs: r.plan.AccessRegionIDs, RequestID: it.requestID,
			Status: it.status, Attempts: it.tries.sent, Code: it.code, Message: it.msg}
		if r.kind == KindDelete {
			res.HostRegionID, res.AccessRegionIDs = it.hostRegion, []string{it.region}
		}
		rep.Hosts = append(rep.Hosts, res)
	}
	return rep
}

// eventQueue hands events to the consumer in order without ever blocking
// the run: pushes go to an unbounded buffer that a goroutine drains into
// the channel once someone asks for it.
type eventQueue struct {
	mu     sync.Mutex
	buf    []Event
	closed bool
	ready  chan struct{}
	out    chan Event
	once   sync.Once
}

func newEventQueue() *eventQueue {
	return &eventQueue{ready: make(chan struct{}, 1), out: make(chan Event)}
}

func (q *eventQueue) push(ev Event) {
	q.mu.Lock()
	q.buf = append(q.buf, ev)
	q.mu.Unlock()
	q.signal()
}

func (q *eventQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
}

func (q *eventQueue) signal() {
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// start starts the pump on first use and returns the channel.
func (q *eventQueue) start() <-chan Event {
	q.once.Do(func() { go q.pump() })
	return q.out
}

func (q *eventQueue) pump() {
	for {
		q.mu.Lock()
		batch, closed := q.buf, q.closed
		q.buf = nil
		q.mu.Unlock()
		for _, ev := range batch {
			q.out <- ev
		}
		if len(batch) == 0 {
			if closed {
				close(q.out)
				return
			}
			<-q.ready
		}
	}
}
