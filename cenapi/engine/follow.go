package engine

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cenroute/cenroute/cenapi"
)

// follow watches accepted entries until they settle. Every sweep reads the
// entries of each scope (CEN and host region, and the host VPC for apply
// runs) a page at a time, never one call per entry, through the read
// limiter; the pages after the first are read concurrently. Between sweeps
// it pauses for PollInterval. It returns when nothing is followed and the
// senders are done, or when the run stops.
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
		for _, f := range scopes {
			r.sweep(ctx, f)
		}
		r.expire()
		if len(r.followed()) > 0 && sleep(ctx, nil, r.e.opts.PollInterval) != nil {
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

// scope is the listing an item's entries appear in.
func (r *Run) scope(it *item) cenapi.RouteServiceFilter {
	f := cenapi.RouteServiceFilter{CenID: r.plan.CenID, HostRegionID: it.hostRegion}
	if r.kind == KindApply {
		f.HostVpcID = it.vpc
	}
	return f
}

// sweep reads every page of one scope once and applies what it finds. An
// entry's absence counts (for deletes) only if every page was read.
func (r *Run) sweep(ctx context.Context, f cenapi.RouteServiceFilter) {
	first, total, err := r.page(ctx, f, 1)
	if err != nil {
		return
	}
	seen := map[string]bool{}
	r.observe(first, seen)
	complete := true
	var wg sync.WaitGroup
	var mu sync.Mutex
	for p := 2; p <= (total+pageSize-1)/pageSize; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			entries, _, err := r.page(ctx, f, p)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				complete = false
				return
			}
			r.observe(entries, seen)
		}()
	}
	wg.Wait()
	if complete && r.kind == KindDelete {
		r.gone(f, seen)
	}
}

// page reads one page, with the engine's retries.
func (r *Run) page(ctx context.Context, f cenapi.RouteServiceFilter, n int) ([]cenapi.RouteService, int, error) {
	var entries []cenapi.RouteService
	var total int
	err := r.e.retry(ctx, r.e.reads, func(ctx context.Context) error {
		var err error
		entries, total, err = r.e.api.DescribeRouteServicesPage(ctx, f, n, pageSize)
		return err
	})
	return entries, total, err
}

// observe applies the statuses of listed entries to the items that follow
// them, adding the keys of followed delete entries to seen.
func (r *Run) observe(entries []cenapi.RouteService, seen map[string]bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, en := range entries {
		if r.kind == KindDelete {
			k := deleteKey(en.HostRegionID, en.Host, en.AccessRegionID)
			if it := r.byKey[k]; it != nil && it.following {
				seen[k] = true
			}
			continue
		}
		it := r.byKey[en.Host]
		if it == nil || !it.following || en.HostVpcID != it.vpc || !slices.Contains(it.regions, en.AccessRegionID) {
			continue
		}
		it.seen[en.AccessRegionID] = en.Status
		r.judge(it)
	}
}

// judge settles an apply item from the statuses seen: Failed as soon as
// one entry failed, Active once all are; r.mu must be held.
func (r *Run) judge(it *item) {
	active := 0
	for _, a := range it.regions {
		switch it.seen[a] {
		case cenapi.StatusFailed:
			r.settle(it, StatusFailed, Event{Kind: EventFailed, Code: CodeEntryFailed, RequestID: it.requestID,
				Message: fmt.Sprintf("the entry into %s ended Failed", a)})
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

// gone settles the followed delete entries of scope f that a complete
// sweep did not list. One complete sweep is not proof: entries removed
// while the pages were read shift the later ones to earlier pages, so an
// entry must be missing from two sweeps in a row.
func (r *Run) gone(f cenapi.RouteServiceFilter, seen map[string]bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, it := range r.items {
		if !it.following || r.scope(it) != f {
			continue
		}
		if seen[it.key()] {
			it.absent = 0
			continue
		}
		if it.absent++; it.absent >= 2 {
			r.settle(it, StatusDeleted, Event{Kind: EventDeleted, RequestID: it.requestID})
		}
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
		what := "Creating"
		if r.kind == KindDelete {
			what = "not gone"
		}
		r.settle(it, StatusFailed, Event{Kind: EventFailed, Code: CodeWaitTimeout, RequestID: it.requestID,
			Message: fmt.Sprintf("still %s after %s; resume the run to keep following it", what, r.e.opts.WaitTimeout)})
	}
}
