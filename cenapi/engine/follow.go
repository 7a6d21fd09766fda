package engine

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/cenroute/cenroute/cenapi"
)

// follow watches accepted entries until they settle. Every sweep reads the
// entries of each scope (CEN and host region, and the host VPC for apply
// runs) a page at a time, never one call per entry, through the read
// limiter; the pages after the first are read concurrently. A sweep starts
// PollInterval after the previous one started (at once if that one took
// longer), so that a sweep slowed by faults does not delay the next one
// too. It returns when nothing is followed and the senders are done, or
// when the run stops.
func (r *Run) follow(sendersDone <-chan struct{}) {
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	go func() {
		select {
		case <-r.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	known := map[cenapi.RouteServiceFilter]int{} // the entries each scope's last sweep listed
	for {
		scopes := r.followed()
		if len(scopes) == 0 {
			select {
			case <-sendersDone:
				if len(r.followed()) == 0 {
					return
				}
			case <-r.wake:
			case <-ctx.Done():
				return
			}
			continue
		}
		// r.stop is looked at as well as ctx: the cancel that follows
		// it may not have come yet when a sweep has just stopped the run
		// (stopOnRefusal), and the next sweep must not go out.
		began := time.Now()
		for _, f := range scopes {
			if sleep(ctx, r.stop, 0) != nil {
				return
			}
			known[f] = r.sweep(ctx, f, known[f])
		}
		r.expire()
		if len(r.followed()) > 0 && sleep(ctx, r.stop, r.e.opts.PollInterval-time.Since(began)) != nil {
			return
		}
	}
}

// followed returns the scopes of the entries being followed.
func (r *Run) followed() []cenapi.RouteServiceFilter {
	r.mu.Lock()
	defer r.mu.Unlock()
	var scopes []cenapi.RouteServiceFilter
	seen := map[cenapi.RouteServiceFilter]bool{}
	for _, it := range r.items {
		if !it.following {
			continue
		}
		f := r.scope(it)
		if !seen[f] {
			seen[f] = true
			scopes = append(scopes, f)
		}
	}
	return scopes
}

// scope is the listing an item's entries appear in: the host region,
// narrowed to the host VPC in an apply run (all its hosts go through one).
// A sync run reads each host region whole, once a sweep, whatever the
// VPCs and whichever items follow entries there.
func (r *Run) scope(it *item) cenapi.RouteServiceFilter {
	f := cenapi.RouteServiceFilter{CenID: r.plan.CenID, HostRegionID: it.hostRegion}
	if r.kind == KindApply {
		f.HostVpcID = it.vpc
	}
	return f
}

// sweep reads every page of one scope once and applies what it finds. An
// entry's absence counts only if every page was read; a scope that could
// not be read is reported to its followers (see pollFailed). The sweep
// stops as soon as nothing of the scope is followed any more: the pages
// left to read (and their retries) could only hold up the end of the run.
func (r *Run) sweep(ctx context.Context, f cenapi.RouteServiceFilter, known int) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	began := time.Now()
	seen := map[string]bool{}
	total, err := r.e.readPages(ctx, r.brake, f, known, func(_ int, entries []cenapi.RouteService) {
		if !r.observe(entries, seen, f) {
			cancel()
		}
	})
	if err != nil {
		r.pollFailed(ctx, f, err)
		return total
	}
	r.absent(f, seen, began)
	return total
}

// readPages reads every page of the entries matching f, each page with the
// engine's retries, so that a fault costs one page read again, never the
// whole listing, all paced by the read limiter and held by b while it is
// on. known is how many entries a listing of f held before (0: not known):
// if it is known, every page it fills is read at once; if not, the first
// page is read alone, as its total says how many follow. Pages the
// listing grew by meanwhile are read after those, once. visit gets each
// page read, one at a time. It returns the largest total the pages gave,
// and the error of the first page read alone, or that of any page once all
// were tried.
//
// Why not the first page alone every time: a follower sweeps the same
// listing every PollInterval, and a first page that met a fault held up
// every other page of the sweep (a whole backoff, or a call's deadline),
// which is time the operator waits at the end of a run.
func (e *Engine) readPages(ctx context.Context, b *brake, f cenapi.RouteServiceFilter, known int, visit func(page int, entries []cenapi.RouteService)) (int, error) {
	total, next := known, 1
	if known <= 0 {
		first, t, err := e.page(ctx, b, f, 1)
		if err != nil {
			return 0, err
		}
		visit(1, first)
		total, next = t, 2
	}
	var (
		mu     sync.Mutex
		failed error
		ended  bool // a page came back empty: the listing ends before it
	)
	for round := 0; round < 2 && !ended; round++ {
		last := pageCount(total)
		var wg sync.WaitGroup
		for range min(pageReaders, last-next+1) {
			wg.Go(func() {
				for {
					mu.Lock()
					p := next
					if p > last || ended {
						mu.Unlock()
						return
					}
					next++
					mu.Unlock()
					entries, t, err := e.page(ctx, b, f, p)
					mu.Lock()
					switch {
					case err != nil:
						failed = cmp.Or(failed, err)
					case len(entries) == 0:
						ended = true
					default:
						total = max(total, t)
						visit(p, entries)
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
	}
	return total, failed
}

// pageReaders is how many pages of one listing are read at once (the read
// limiter paces them all the same): enough for the listings of thousands
// of entries, and few goroutines however many entries a reply claims.
const pageReaders = 16

// pageCount is how many pages total entries fill.
func pageCount(total int) int {
	return (total + cenapi.MaxPageSize - 1) / cenapi.MaxPageSize
}

// page reads one page, with the engine's retries; a transient failure is
// retried after at most PollInterval.
//
// Why: a follower's sweep ends when its slowest page is read, and the next
// sweep waits for it; a page read again after a longer pause only delays
// what every page of the sweep shows, when the next sweep would have read
// it by then anyway. (A sweep at 200 calls a second whose page met three
// faults in a row saw the last entries turn Active a second late.)
func (e *Engine) page(ctx context.Context, b *brake, f cenapi.RouteServiceFilter, n int) ([]cenapi.RouteService, int, error) {
	var entries []cenapi.RouteService
	var total int
	err := e.retry(ctx, b, min(readBackoffCap, e.opts.PollInterval), func(ctx context.Context) error {
		var err error
		entries, total, err = e.api.DescribeRouteServicesPage(ctx, f, n, cenapi.MaxPageSize)
		return err
	})
	return entries, total, err
}

// observe applies the statuses of listed entries to the items that follow
// them, adding the keys (see entryKey) of the entries they follow to seen:
// a delete follows its entry through whatever VPC, a create only the
// entries through its own. It reports whether any item of scope f is still
// followed. Hosts are matched whatever their spelling: the API may list
// the bare address 100.118.28.5 as 100.118.28.5/32.
func (r *Run) observe(entries []cenapi.RouteService, seen map[string]bool, f cenapi.RouteServiceFilter) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, en := range entries {
		k := entryKey(en.HostRegionID, en.Host, en.AccessRegionID)
		if it := r.deletes[k]; it != nil && it.following {
			seen[k] = true
		}
		if it := r.creates[k]; it != nil && it.following && en.HostVpcID == it.vpc {
			seen[k] = true
			it.seen[en.AccessRegionID] = en.Status
			r.judge(it)
		}
	}
	return slices.ContainsFunc(r.items, func(it *item) bool { return it.following && r.scope(it) == f })
}

// judge settles an apply item from the statuses seen: Failed as soon as
// one entry failed, Active once all are; r.mu must be held.
func (r *Run) judge(it *item) {
	active := 0
	for _, a := range it.regions {
		switch it.seen[a] {
		case cenapi.StatusFailed:
			why := endedFailed(a)
			r.settle(it, StatusFailed, Event{Kind: EventFailed, Code: CodeEntryFailed, RequestID: it.requestID,
				Message: why.String(), Said: why})
			return
		case cenapi.StatusActive:
			active++
		}
	}
	switch {
	case active == len(it.regions):
		r.settle(it, StatusActive, Event{Kind: EventActive, RequestID: it.requestID})
	case it.last != EventCreating:
		r.emit(it, Event{Kind: EventCreating, RequestID: it.requestID})
	}
}

// Complete sweeps in a row that must miss an entry before its absence
// counts: entries removed while the pages were read shift later ones to
// earlier pages, so one sweep is no proof. A missing apply entry gets more,
// in case a new entry takes a moment to be listed.
const (
	goneSweeps    = 2
	missingSweeps = 4
)

// absent acts on the followed items of scope f whose entries a complete
// sweep begun at began did not all list (items accepted since are left
// alone: the sweep may have been too early for them). A delete entry
// missing goneSweeps times in a row is gone; an accepted apply entry
// missing missingSweeps times in a row will not settle, so it fails now
// rather than after WaitTimeout.
func (r *Run) absent(f cenapi.RouteServiceFilter, seen map[string]bool, began time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, it := range r.items {
		if !it.following || r.scope(it) != f || it.acceptedAt.After(began) {
			continue
		}
		missing := slices.IndexFunc(it.regions, func(a string) bool { return !seen[entryKey(it.hostRegion, it.host, a)] })
		if missing < 0 {
			it.absent = 0
			continue
		}
		it.absent++
		switch {
		case it.deletes() && it.absent >= goneSweeps:
			r.settle(it, StatusDeleted, Event{Kind: EventDeleted, RequestID: it.requestID})
		case !it.deletes() && it.absent >= missingSweeps:
			why := neverListed(it.regions[missing], it.vpc, it.absent)
			r.settle(it, StatusFailed, Event{Kind: EventFailed, Code: CodeEntryMissing, RequestID: it.requestID,
				Message: why.String(), Said: why})
		}
	}
}

// pollFailed tells the followers of scope f that a sweep could not read it
// (after the engine's retries). A refusal of the credentials (a permission
// taken away, a token expired) halts the run, resumable; any other
// permanent error will not go away either: the followers fail with its
// code. Anything else is retried by the next sweep, and said with a
// retrying event. A sweep cut short by the run's end says nothing.
func (r *Run) pollFailed(ctx context.Context, f cenapi.RouteServiceFilter, err error) {
	if ctx.Err() != nil {
		return
	}
	o := classify(err)
	r.mu.Lock()
	defer r.mu.Unlock()
	if o.kind == outcomePermanent && o.err.AccessProblem() != cenapi.AccessOK {
		r.stopOnRefusal(nil, o.err)
		return
	}
	for _, it := range r.items {
		if !it.following || r.scope(it) != f {
			continue
		}
		if o.kind == outcomePermanent {
			why := unfollowed(o.err)
			r.settle(it, StatusFailed, Event{Kind: EventFailed, Code: o.err.Code, RequestID: o.err.RequestID,
				Message: why.String(), Said: why})
			continue
		}
		why := following(o.reason())
		r.emit(it, Event{Kind: EventRetrying, Code: o.err.Code, Reason: why.String(), Said: why})
	}
}

// expire fails the entries that took longer than WaitTimeout to settle.
// A resume follows them again.
func (r *Run) expire() {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	for _, it := range r.items {
		if !it.following || now.Sub(it.acceptedAt) < r.e.opts.WaitTimeout {
			continue
		}
		why := stillWaiting(it.deletes(), r.e.opts.WaitTimeout)
		r.settle(it, StatusFailed, Event{Kind: EventFailed, Code: CodeWaitTimeout, RequestID: it.requestID,
			Message: why.String(), Said: why})
	}
}
