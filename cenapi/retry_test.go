package cenapi

import (
	"context"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

// untilDone retries every transient failure, counting the calls it is
// given and the attempts it makes.
type untilDone struct {
	calls, attempts atomic.Int64
}

func (r *untilDone) Retry(ctx context.Context, fn func(ctx context.Context) error) error {
	r.calls.Add(1)
	for {
		r.attempts.Add(1)
		err := fn(ctx)
		if e, ok := AsError(err); !ok || !e.Transient {
			return err
		}
	}
}

// quickFaults are the injected faults that answer at once.
var quickFaults = []emulator.FaultKind{emulator.FaultServiceUnavailable, emulator.FaultInternalError,
	emulator.FaultBlocking, emulator.FaultDropBefore}

// TestWithRetryRetriesEachCall: through a client WithRetry, aggregations
// of many calls (paged listings, inventories) survive faults by retrying
// the call that failed: the retrier is given exactly the calls a fault-free
// run makes, never the whole operation again.
func TestWithRetryRetriesEachCall(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	opts := emulator.Options{ExtraRouteServices: 300, Seed: 5}
	clean, _ := newEmulatorClient(t, opts)
	opts.FaultRate, opts.Faults = 0.3, quickFaults
	faulty, _ := newEmulatorClient(t, opts)
	type result struct {
		regions []HostRegion
		access  []AccessRegion
		vpcs    []VPC
		entries []RouteService
	}
	read := func(c *Client) (result, error) {
		var res result
		var err error
		if res.regions, err = c.HostRegions(ctx, emulator.DemoCenID); err != nil {
			return res, err
		}
		if res.access, err = c.AccessRegions(ctx, emulator.DemoCenID); err != nil {
			return res, err
		}
		if res.vpcs, err = c.AttachedVPCs(ctx, emulator.DemoCenID, "cn-hangzhou"); err != nil {
			return res, err
		}
		res.entries, err = c.DescribeRouteServices(ctx, RouteServiceFilter{CenID: emulator.DemoCenID})
		return res, err
	}
	var cleanRetry, faultyRetry untilDone
	want, err := read(clean.WithRetry(&cleanRetry))
	if err != nil {
		t.Fatal(err)
	}
	got, err := read(faulty.WithRetry(&faultyRetry))
	if err != nil {
		t.Fatalf("through faults: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("through faults the inventory differs:\n%+v\nwant\n%+v", got, want)
	}
	if c, f := cleanRetry.calls.Load(), faultyRetry.calls.Load(); c != f || c < 10 {
		t.Errorf("the retrier got %d calls through faults, %d without: each call must be retried on its own", f, c)
	}
	if faultyRetry.attempts.Load() == faultyRetry.calls.Load() {
		t.Error("no call met a fault: the test proves nothing")
	}
	if faulty.retry != nil {
		t.Error("WithRetry changed the client it was called on")
	}
}
