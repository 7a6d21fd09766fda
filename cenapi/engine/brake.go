package engine

import (
	"context"
	"sync"
)

// brake holds a run's calls while it is on: no call of the run starts (no
// write, no retry, no listing to follow entries), and calls already in
// flight finish. It counts the calls in flight, so that a caller can tell
// when nothing of the run is on the wire, and the calls made and those
// answered with throttling, for the run's report. A nil brake never holds
// and counts nothing.
type brake struct {
	mu        sync.Mutex
	on        bool
	released  chan struct{} // closed when the brake is released; nil while it is off
	inflight  int
	calls     int // calls ended, whatever their outcome
	throttled int // of which answered with throttling
}

// set puts the brake on or releases it.
func (b *brake) set(on bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case on && !b.on:
		b.on, b.released = true, make(chan struct{})
	case !on && b.on:
		b.on = false
		close(b.released)
		b.released = nil
	}
}

// held reports whether the brake is on and no call is in flight.
func (b *brake) held() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.on && b.inflight == 0
}

// acquire waits until a call may start: the brake is off and lim gives a
// slot. It returns a function to call with the call's outcome when the
// call has ended, which tells lim of the reply (see outcome.feed) and
// counts the call for the run's report. It fails when ctx ends or stop is
// closed. The brake is looked at before and after the limiter's wait: a
// call whose slot came while the brake went on waits for the release,
// then for a new slot, so that calls held back together are paced again
// rather than sent in a burst.
func (b *brake) acquire(ctx context.Context, stop <-chan struct{}, lim *limiter) (done func(outcome), err error) {
	for {
		if err := b.wait(ctx, stop); err != nil {
			return nil, err
		}
		sent, err := lim.Wait(ctx, stop)
		if err != nil {
			return nil, err
		}
		if left, ok := b.enter(); ok {
			return func(o outcome) {
				left()
				o.feed(lim, sent)
				b.count(o)
			}, nil
		}
	}
}

// count counts an ended call and its outcome.
func (b *brake) count(o outcome) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls++
	if o.kind == outcomeThrottled {
		b.throttled++
	}
}

// counts are the calls counted so far, and of them those throttled.
func (b *brake) counts() (calls, throttled int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls, b.throttled
}

// wait blocks while the brake is on.
func (b *brake) wait(ctx context.Context, stop <-chan struct{}) error {
	if b == nil {
		return nil
	}
	for {
		b.mu.Lock()
		released := b.released
		b.mu.Unlock()
		if released == nil {
			return nil
		}
		select {
		case <-released:
		case <-ctx.Done():
			return ctx.Err()
		case <-stop:
			return errStopped
		}
	}
}

// enter counts a call in flight, unless the brake is on.
func (b *brake) enter() (done func(), ok bool) {
	if b == nil {
		return func() {}, true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.on {
		return nil, false
	}
	b.inflight++
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			b.inflight--
			b.mu.Unlock()
		})
	}, true
}
