package engine

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/hostlist"
)

// Run is one apply, delete or sync run. Its methods are safe for
// concurrent use.
type Run struct {
	e     *Engine
	id    string
	kind  string
	label string // whom the run was first sent as (Engine.Label); "" in older journals
	plan  Plan
	del   *DeletePlan
	sync  *SyncPlan
	began time.Time // when this process started or resumed the run

	ctx    context.Context // cancelled by Abort
	cancel context.CancelFunc
	brake  *brake        // on between Brake and Release
	stop   chan struct{} // closed by Stop
	halt   sync.Once
	done   chan struct{} // closed when the run has ended
	wake   chan struct{} // tells the follower that an entry was accepted
	turn   chan struct{} // tells the feeder that an item settled (see feed)
	events *eventQueue
	// waiting counts the items still waiting for their first place to
	// send (see run); none left means the run is in its tail.
	waiting atomic.Int64

	mu      sync.Mutex // guards the fields below and the journal
	journal *journal
	started time.Time // when the run was first started (the plan record)
	items   []*item
	halted  *cenapi.Error // the refusal of the credentials that stopped the run (see stopOnRefusal)
	// creates and deletes find the item that follows an entry, by
	// entryKey: a create under each of its access regions.
	creates, deletes map[string]*item
	report           Report
}

// item is one call and what became of it: a host to route (a create: apply
// runs, and sync runs) or an entry to delete (delete and sync runs).
type item struct {
	host       string
	hostRegion string
	region     string   // a delete: the entry's access region ("" for a create)
	regions    []string // the access regions the call carries
	vpc        string   // a create: the host VPC; a delete: narrows the call, may be ""
	desc       string   // a create: the description
	token      string   // a create: the ClientToken
	// after are the deletes a create waits for: the entries it replaces
	// (sync runs).
	after []*item
	index int // sync runs: the item's place in the run, from 1; else 0

	tries     tries
	last      EventKind
	status    string // a Status constant once settled for this run, else ""
	requestID string
	code, msg string
	said      fact.Fact // msg as a fact; zero once read back from the journal

	accepted   bool // the call was accepted (now or in an earlier life of the run)
	following  bool // waiting for the entries to settle
	acceptedAt time.Time
	seen       map[string]string // apply: status last seen per access region
	absent     int               // delete: complete sweeps in a row without the entry
	halted     *cenapi.Error     // its call met the refusal that stopped the run
}

// deletes reports whether the item deletes an entry; else it creates.
func (it *item) deletes() bool { return it.region != "" }

// op is the item's OpCreate or OpDelete, for the events and results of
// sync runs (whose items are numbered); "" in other runs.
func (it *item) op() string {
	switch {
	case it.index == 0:
		return ""
	case it.deletes():
		return OpDelete
	}
	return OpCreate
}

// record starts a journal record about the item. A sync run's records
// name the item by its place in the run.
func (it *item) record(typ string, t time.Time) record {
	rec := record{Type: typ, Time: t, Host: it.host, Region: it.region, Item: it.index}
	if it.deletes() {
		rec.HostRegion = it.hostRegion
	}
	return rec
}

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

// Kind is KindApply, KindDelete or KindSync.
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
	r, err := e.newRun(ctx, record{Kind: KindApply, Plan: &p})
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
		items[i] = &item{host: h, hostRegion: p.HostRegionID, vpc: p.HostVpcID, desc: p.Description, regions: calls[h]}
	}
	return r.begin(items, func(_ int, it *item) bool {
		switch {
		case present[it.host]:
			r.settle(it, StatusPresent, Event{Kind: EventSkipped})
		case prep.Conflicts[it.host] != "":
			r.settle(it, StatusFailed, Event{Kind: EventFailed, Code: CodeConflict, Message: prep.Conflicts[it.host],
				Said: messageSaid(prep.ConflictsSaid[it.host], prep.Conflicts[it.host])})
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
	r, err := e.newRun(ctx, record{Kind: KindDelete, Delete: &dp})
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
		items[i] = deleteItem(en)
		items[i].host = host
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

// deleteItem is the item that deletes en.
func deleteItem(en DeleteEntry) *item {
	return &item{host: en.Host, hostRegion: en.HostRegionID, region: en.AccessRegionID,
		regions: []string{en.AccessRegionID}, vpc: en.HostVpcID}
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
		return fact.Errorf(KindDeleteNoCEN, "the delete plan names no CEN", nil)
	}
	if len(dp.Entries) == 0 {
		return fact.Errorf(KindDeleteNoEntry, "the delete plan names no entry", nil)
	}
	seen := map[string]bool{}
	for _, en := range dp.Entries {
		if en.HostRegionID == "" || en.Host == "" || en.AccessRegionID == "" {
			return incomplete(KindEntryIncomplete, "the entry", en.Host, fmt.Sprintf("%q", en.AccessRegionID), en.HostRegionID)
		}
		k := entryKey(en.HostRegionID, en.Host, en.AccessRegionID)
		if seen[k] {
			return fact.Errorf(KindEntryTwice, fmt.Sprintf("the entry %s into %s is listed twice", en.Host, en.AccessRegionID),
				fact.Args{"Host": en.Host, "Access": en.AccessRegionID})
		}
		seen[k] = true
	}
	return nil
}

// newRun creates a run and its locked journal, whose first record is
// head (its kind and its plan: Plan, Delete or Sync), labelled with whom
// the run is sent as and by which process.
func (e *Engine) newRun(ctx context.Context, head record) (*Run, error) {
	now := time.Now()
	head.Type, head.Time, head.RunID, head.Label, head.PID = recPlan, now, newRunID(now), e.Label(), os.Getpid()
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
	r := &Run{e: e, id: head.RunID, kind: head.Kind, label: head.Label, del: head.Delete, sync: head.Sync, began: time.Now(),
		ctx: rctx, cancel: cancel, brake: &brake{}, stop: make(chan struct{}), done: make(chan struct{}),
		wake: make(chan struct{}, 1), turn: make(chan struct{}, 1), events: newEventQueue(), journal: j, started: head.Time,
		creates: map[string]*item{}, deletes: map[string]*item{}}
	r.plan = head.plan()
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

// add registers an item, giving a create its ClientToken; r.mu must be
// held.
func (r *Run) add(it *item) *item {
	r.items = append(r.items, it)
	if it.deletes() {
		r.deletes[entryKey(it.hostRegion, it.host, it.region)] = it
		return it
	}
	if len(it.regions) == 0 {
		it.regions = r.plan.AccessRegionIDs
	}
	it.token = clientToken(r.id, r.request(it))
	for _, a := range it.regions {
		r.creates[entryKey(it.hostRegion, it.host, a)] = it
	}
	return it
}

// request is the Resolve call of a create.
func (r *Run) request(it *item) cenapi.ResolveRequest {
	return cenapi.ResolveRequest{CenID: r.plan.CenID, HostRegionID: it.hostRegion, HostVpcID: it.vpc,
		Host: it.host, AccessRegionIDs: it.regions, Description: it.desc, ClientToken: it.token}
}

// run sends the items of send, each in its turn (see feed), and follows
// every accepted item (those accepted before, too) until all have
// settled or the run stops. At most Concurrency items are sending at once
// (waiting for the rate limiter or for a reply); an item waiting out a
// backoff gives its place up, so that retries never hold back the items
// behind them. Items start in plan order.
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
	r.waiting.Store(int64(len(send)))
	r.feed(send, func(it *item) bool {
		select {
		case places <- struct{}{}:
		case <-r.stop:
			return false
		}
		r.waiting.Add(-1)
		senders.Go(func() { r.send(it, places) })
		return true
	})
	senders.Wait()
	close(sendersDone)
	<-followerDone
}

// feed starts the items of pending, each when its turn comes (see
// turns), until every one is started or settled, or the run stops (start
// reports false then). It waits for items to settle between turns.
func (r *Run) feed(pending []*item, start func(*item) bool) {
	for len(pending) > 0 {
		var ready []*item
		ready, pending = r.turns(pending)
		for _, it := range ready {
			if !start(it) {
				return
			}
		}
		if len(ready) > 0 {
			continue
		}
		select {
		case <-r.turn:
		case <-r.stop:
			return
		}
	}
}

// turns splits pending into the items whose turn has come and the rest.
// Deletes wait until every create that replaces nothing has settled, so
// that an entry a create takes over from is never removed before its
// successor is in place (apply and delete runs have no such pair: their
// items go at once). A create that replaces entries waits until those
// are gone; if one of them could not be deleted, it is settled failed
// here, unsent. r.mu is taken.
func (r *Run) turns(pending []*item) (ready, rest []*item) {
	r.mu.Lock()
	defer r.mu.Unlock()
	creating := slices.ContainsFunc(r.items, func(it *item) bool {
		return !it.deletes() && len(it.after) == 0 && it.status == ""
	})
	for _, it := range pending {
		wait, stuck := false, -1
		switch {
		case it.deletes():
			wait = creating
		default:
			for i, d := range it.after {
				switch d.status {
				case "":
					wait = true
				case StatusDeleted, StatusAbsent:
				default:
					stuck = i
				}
			}
		}
		switch {
		case stuck >= 0:
			d := it.after[stuck]
			why := notReplaced(d)
			r.settle(it, StatusFailed, Event{Kind: EventFailed, Code: CodeNotReplaced, Message: why.String(), Said: why})
		case wait:
			rest = append(rest, it)
		default:
			ready = append(ready, it)
		}
	}
	return ready, rest
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
		ctx, cancel := context.WithTimeout(r.ctx, lim.CallTimeout(timeouts, writeFloor(r.drainTime())))
		requestID, err := r.call(ctx, it)
		cancel()
		o := classify(err)
		done(o)
		if o.kind == outcomeExists {
			o = r.checkExisting(it, o)
		}
		delay, again := r.answered(it, attempt, o, requestID)
		if !again || !r.backOff(tailDelay(delay, r.drainTime()), places) {
			return
		}
	}
}

// drainTime is how long the items still waiting for their first place
// take to be sent at the write limiter's current rate: zero in the run's
// tail, when every item has been sent once.
func (r *Run) drainTime() time.Duration {
	return time.Duration(float64(r.waiting.Load()) / r.e.writes.Rate() * float64(time.Second))
}

// tailDelay is the pause before a write is sent again, d, but no longer
// than the items still waiting take to be sent (drain, see drainTime), and
// so at most tailBackoffCap in the run's tail.
//
// Why: the backoff spreads the retries of many failed calls so that they
// do not come back at once. Once the waiting items are out, only a few
// calls are left, the rate limiter still paces them, and every pause is
// time the operator waits for the run to end: with one call in five
// meeting a fault, some host of 500 meets four or five in a row, and full
// backoffs then stretched a 4 s run to 6 or 7 s.
func tailDelay(d, drain time.Duration) time.Duration {
	return min(d, max(drain, tailBackoffCap))
}

// writeFloor is the least deadline of a write: minCallTimeout while the
// items still waiting take at least that long to be sent (drain, see
// drainTime), no less than drain nearer the end, and minTailCallTimeout in
// the run's tail.
//
// Why: the floor keeps a write that the API is slow to answer from being
// sent again and again while other writes wait for the rate limiter's
// slots. Once those are out, the limiter has slots to spare, and the
// deadline is what the operator waits for when a reply never comes: one
// lost reply among the last hosts held a run for a whole second. The
// deadline is still the estimate of the API's replies (srtt + 4·rttvar)
// when that is longer, and still doubles while the API is silent, so a
// slow API is waited for; a write sent again carries its ClientToken, so
// nothing is created twice.
func writeFloor(drain time.Duration) time.Duration {
	return min(max(drain, minTailCallTimeout), minCallTimeout)
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
	if !it.deletes() {
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
		why := someoneElse()
		r.settle(it, StatusPresent, Event{Kind: EventSkipped, Attempt: attempt, Message: why.String(), Said: why})
		return 0, false
	case outcomeCanceled:
		return 0, false
	}
	if o.kind == outcomePermanent && o.err.AccessProblem() != cenapi.AccessOK {
		r.stopOnRefusal(it, o.err)
		return 0, false
	}
	delay, again := it.tries.after(o, r.e.opts.MaxAttempts)
	if !again {
		why := o.err.MessageSaid()
		if o.kind != outcomePermanent && o.kind != outcomeExists {
			why = gaveUp(it.tries.sent, o.err)
		}
		r.settle(it, StatusFailed, Event{Kind: EventFailed, Attempt: attempt, RequestID: o.err.RequestID,
			Code: o.err.Code, Message: why.String(), Said: why})
		return 0, false
	}
	reason := o.reason()
	r.emit(it, Event{Kind: EventRetrying, Attempt: attempt, Code: o.err.Code, Reason: reason.String(), Said: reason})
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
		if l := classify(err); l.kind == outcomePermanent && l.err.AccessProblem() != cenapi.AccessOK {
			return l // the run stops on it (stopOnRefusal)
		}
		e := *o.err
		e.Said = existUnknown(o.err, classify(err).reason())
		e.Message, e.Transient = e.Said.String(), true
		return outcome{kind: outcomeTransient, err: &e}
	}
	idx := indexRoutes(list, it.hostRegion)
	for _, a := range it.regions {
		switch s, why := idx.state(it.host, a, it.vpc); s {
		case routeMissing:
			return r.existFailure(o, existMissing(a))
		case routeConflict:
			return r.existFailure(o, why)
		}
	}
	if it.tries.ambiguous == 0 {
		return outcome{kind: outcomePresent}
	}
	return outcome{kind: outcomeOK}
}

// hostEntries lists the entries of a create's host in its host region,
// under every spelling the API may have stored it as (see
// hostlist.Spellings).
func (r *Run) hostEntries(it *item) ([]cenapi.RouteService, error) {
	var all []cenapi.RouteService
	for _, h := range hostlist.Spellings(it.host) {
		list, err := r.e.listEntries(r.ctx, r.brake, cenapi.RouteServiceFilter{CenID: r.plan.CenID,
			HostRegionID: it.hostRegion, Host: h})
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
	}
	return all, nil
}

func (r *Run) existFailure(o outcome, why fact.Fact) outcome {
	e := *o.err
	e.Said = existBecause(o.err, why)
	e.Message = e.Said.String()
	return outcome{kind: outcomePermanent, err: &e}
}

// stopOnRefusal stops the run at once because the API refused the credentials
// themselves (see Halt): every other call would meet the same refusal, and
// no retry cures it. it, the item whose call met it (nil for a listing),
// stays unsettled, like every item not done, so that a resume sends or
// follows it again once the credentials are fixed. The first refusal is
// the one reported; r.mu must be held.
func (r *Run) stopOnRefusal(it *item, err *cenapi.Error) {
	if it != nil {
		it.halted = err
	}
	if r.halted == nil {
		r.halted = err
	}
	r.Stop()
}

// accept records an accepted call and starts following it, unless NoWait
// (which a sync run ignores: its creates wait for their deletes to be
// seen gone, and its deletes for its creates to settle); r.mu must be
// held.
func (r *Run) accept(it *item, requestID string) {
	it.accepted, it.requestID, it.acceptedAt = true, requestID, time.Now()
	kind, noWaitStatus := EventAccepted, StatusAccepted
	if it.deletes() {
		kind, noWaitStatus = EventDeleting, StatusDeleting
	}
	ev := Event{Kind: kind, Attempt: it.tries.sent, RequestID: requestID}
	if r.e.opts.NoWait && r.kind != KindSync {
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
// r.mu must be held. The feeder hears of it: an item may have waited
// for this one (see turns).
func (r *Run) settle(it *item, status string, ev Event) {
	it.status, it.following = status, false
	it.code, it.msg, it.said = ev.Code, ev.Message, ev.Said
	if ev.RequestID != "" {
		it.requestID = ev.RequestID
	}
	r.emit(it, ev)
	select {
	case r.turn <- struct{}{}:
	default:
	}
}

// journaled are the event kinds the journal keeps as host records; the
// others (sending, retrying) are covered by attempt records.
var journaled = []EventKind{EventQueued, EventSkipped, EventAccepted, EventCreating, EventActive,
	EventFailed, EventDeleting, EventDeleted, EventStopped}

// emit completes an event, journals it if it is a state change, and
// queues it for Events; r.mu must be held.
func (r *Run) emit(it *item, ev Event) {
	ev.RunID, ev.Host, ev.Region, ev.Op, ev.Item, ev.Time = r.id, it.host, it.region, it.op(), it.index, time.Now()
	it.last = ev.Kind
	if slices.Contains(journaled, ev.Kind) {
		rec := it.record(recHost, ev.Time)
		rec.Status, rec.RequestID, rec.Code, rec.Message = ev.Kind, ev.RequestID, ev.Code, ev.Message
		if ev.Kind == EventQueued && !it.deletes() {
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
			// The refusal's RequestId stays in the report's Halt: on the
			// host it would read as a call accepted.
			ev := Event{Kind: EventStopped}
			if it.halted != nil {
				ev.Code, ev.Message, ev.Said = it.halted.Code, it.halted.Message, it.halted.MessageSaid()
			}
			r.settle(it, StatusStopped, ev)
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
	rep := Report{RunID: r.id, Kind: r.kind, Plan: r.plan, Delete: r.del, Sync: r.sync, Started: r.started, Finished: now,
		Stopped: stopped, Elapsed: now.Sub(r.began)}
	if r.halted != nil {
		rep.Halt = newHalt(r.halted)
	}
	if journalErr != nil {
		rep.JournalError = journalErr.Error()
	}
	rep.Calls, rep.ThrottledCalls = r.brake.counts()
	for _, it := range r.items {
		res := HostResult{Op: it.op(), Host: it.host, AccessRegionIDs: r.plan.AccessRegionIDs, RequestID: it.requestID,
			Status: it.status, Attempts: it.tries.sent, Code: it.code, Message: it.msg, Said: it.said}
		switch {
		case it.deletes():
			res.HostRegionID, res.AccessRegionIDs = it.hostRegion, []string{it.region}
		case r.kind == KindSync:
			res.HostRegionID, res.AccessRegionIDs = it.hostRegion, it.regions
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
