package cenapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

// TestConcurrentCalls shares one client among many goroutines; under -race
// it proves the SDK clients are never shared.
func TestConcurrentCalls(t *testing.T) {
	t.Parallel()
	c, srv := newEmulatorClient(t, emulator.Options{ExtraRouteServices: 60})
	const workers = 32
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			entries, err := c.DescribeRouteServices(ctx, RouteServiceFilter{CenID: emulator.DemoCenID})
			if err == nil && len(entries) != 64 {
				err = errors.New("wrong number of entries")
			}
			if err == nil {
				_, err = c.listVPCs(ctx, "cn-hangzhou")
			}
			if err == nil && i%4 == 0 {
				_, err = c.CENSummaries(ctx)
			}
			if err == nil {
				_ = c.Identity()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := srv.Emulator().State().Counters["DescribeRouteServicesInCen"].Requests; n != 2*workers {
		t.Errorf("%d DescribeRouteServicesInCen requests, want %d (two pages each)", n, 2*workers)
	}
}

// TestCancelWhileTheServerHoldsTheReply cancels a call whose request the
// server has received and is sitting on: the call returns the context's
// error at once, not when the server answers.
func TestCancelWhileTheServerHoldsTheReply(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{FaultRate: 1, Faults: []emulator.FaultKind{emulator.FaultSlowReply}, SlowReply: 1 << 62})
	arrived, finished := make(chan struct{}, 1), make(chan struct{}, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		emu.ServeHTTP(w, r) // returns when the client goes away
		finished <- struct{}{}
	}))
	defer ts.Close()
	c, err := New(demoConfig(strings.TrimPrefix(ts.URL, "http://")))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.ResolveAndRouteService(ctx, ResolveRequest{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou",
			HostVpcID: emulator.DemoVpcID, Host: "100.118.203.0/24", AccessRegionIDs: []string{"cn-hangzhou"}})
		done <- err
	}()
	<-arrived
	cancel()
	err = <-done
	e := mustError(t, err)
	if !errors.Is(err, context.Canceled) || e.Code != CodeCanceled || e.Transient || !e.Ambiguous {
		t.Errorf("error = %+v (%v), want an ambiguous cancellation", e, err)
	}
	// The slow reply ran the action first: the entry exists although the
	// caller saw no answer, which is what Ambiguous warns about.
	<-finished
	if n := len(emu.State().Entries); n != 7 {
		t.Errorf("%d entries, want the 6 seeded plus the one created", n)
	}
}

func TestCanceledBeforeTheCall(t *testing.T) {
	t.Parallel()
	c, srv := newEmulatorClient(t, emulator.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.ListCENs(ctx, CENFilter{})
	if e := mustError(t, err); !errors.Is(err, context.Canceled) || e.Ambiguous || e.Code != CodeCanceled {
		t.Errorf("error = %+v", e)
	}
	if n := srv.Emulator().State().Counters["DescribeCens"].Requests; n != 0 {
		t.Errorf("a cancelled call sent %d requests", n)
	}
}

func TestForEachStopsAtTheFirstError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	err := forEach(context.Background(), 100, func(ctx context.Context, i int) error {
		if i == 0 {
			return boom
		}
		<-ctx.Done() // the others wait until the failure cancels them
		return ctx.Err()
	})
	if !errors.Is(err, boom) {
		t.Errorf("forEach = %v, want the first error", err)
	}
}
