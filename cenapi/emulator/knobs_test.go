package emulator_test

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// TestThrottling: a token bucket per action (rate QPS, burst QPS); refused
// requests use no token. The injected clock makes it exact.
func TestThrottling(t *testing.T) {
	clock := newFakeClock()
	s := emulatortest.Start(t, emulator.Options{QPS: 2, Clock: clock.Now})
	c, v := demoCbn(t, s), demoVpc(t, s)
	cens := func() error {
		_, err := c.DescribeCens(cbn.CreateDescribeCensRequest())
		return err
	}
	for i := range 2 {
		if err := cens(); err != nil {
			t.Fatalf("request %d within the burst: %v", i+1, err)
		}
	}
	for range 3 {
		se := wantError(t, cens(), http.StatusBadRequest, "Throttling.User")
		if se.Message() != "Request was denied due to user flow control." {
			t.Errorf("message %q", se.Message())
		}
	}
	vr := vpc.CreateDescribeVpcsRequest()
	vr.RegionId = "cn-hangzhou"
	if _, err := v.DescribeVpcs(vr); err != nil {
		t.Fatalf("another action is throttled too: %v", err)
	}
	clock.Advance(500 * time.Millisecond) // one token back
	if err := cens(); err != nil {
		t.Fatalf("after 0.5 s: %v", err)
	}
	wantError(t, cens(), http.StatusBadRequest, "Throttling.User")

	cnt := s.Emulator().State().Counters["DescribeCens"]
	if cnt.Requests != 7 || cnt.Rejections["Throttling.User"] != 4 {
		t.Fatalf("counters %+v", cnt)
	}
}

// TestThrottlingHalves: with QPSHalveAfter, an action's rate and burst
// halve that long after its first request; another action's first request
// starts its own count. The injected clock makes it exact.
func TestThrottlingHalves(t *testing.T) {
	clock := newFakeClock()
	s := emulatortest.Start(t, emulator.Options{QPS: 4, QPSHalveAfter: 10 * time.Second, Clock: clock.Now})
	c, v := demoCbn(t, s), demoVpc(t, s)
	cens := func() error {
		_, err := c.DescribeCens(cbn.CreateDescribeCensRequest())
		return err
	}
	admitted := func(n int) int { // of n requests at once
		ok := 0
		for range n {
			if cens() == nil {
				ok++
			}
		}
		return ok
	}
	if got := admitted(6); got != 4 {
		t.Fatalf("%d of 6 admitted at once before the halving, want the burst of 4", got)
	}
	clock.Advance(9 * time.Second) // the bucket is full again
	vr := vpc.CreateDescribeVpcsRequest()
	vr.RegionId = "cn-hangzhou"
	if _, err := v.DescribeVpcs(vr); err != nil { // DescribeVpcs starts its own count here
		t.Fatal(err)
	}
	clock.Advance(time.Second) // DescribeCens halves now: its 4 tokens are cut to the new burst of 2
	if got := admitted(4); got != 2 {
		t.Fatalf("%d of 4 admitted at once after the halving, want the halved burst of 2", got)
	}
	clock.Advance(time.Second) // two tokens back at the halved rate of 2 a second
	if got := admitted(4); got != 2 {
		t.Fatalf("%d of 4 admitted one second after the halving, want 2", got)
	}
	if got := func() int { // DescribeVpcs is 2 s into its 10: a full burst of 4
		ok := 0
		for range 6 {
			if _, err := v.DescribeVpcs(vr); err == nil {
				ok++
			}
		}
		return ok
	}(); got != 4 {
		t.Fatalf("%d of 6 DescribeVpcs admitted at once, want its burst of 4, not yet halved", got)
	}
}

// TestFaultMix: with FaultRate 1 every request meets a fault; each kind
// shows up, and what the client sees matches the counters.
func TestFaultMix(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{FaultRate: 1, SlowReply: time.Millisecond, Seed: 7})
	c := demoCbn(t, s)
	const n = 120
	seen := map[string]int{}
	for range n {
		_, err := c.DescribeCens(cbn.CreateDescribeCensRequest())
		var se *sdkerrors.ServerError
		switch {
		case err == nil:
			seen["ok"]++
		case errors.As(err, &se):
			seen[fmt.Sprintf("%d %s", se.HttpStatus(), se.ErrorCode())]++
		default:
			seen["transport"]++ // connection dropped
		}
	}
	faults := s.Emulator().State().Counters["DescribeCens"].Faults
	for _, k := range emulator.AllFaults() {
		if faults[k] == 0 {
			t.Errorf("fault %s never happened: %v", k, faults)
		}
	}
	want := map[string]int{
		"503 ServiceUnavailable": faults[emulator.FaultServiceUnavailable],
		"500 InternalError":      faults[emulator.FaultInternalError],
		"400 Operation.Blocking": faults[emulator.FaultBlocking],
		"transport":              faults[emulator.FaultDropBefore] + faults[emulator.FaultDropAfter],
		"ok":                     faults[emulator.FaultSlowReply],
	}
	for k, w := range want {
		if seen[k] != w {
			t.Errorf("client saw %d %q, counters say %d (client %v, counters %v)", seen[k], k, w, seen, faults)
		}
	}
}

// TestDropFaults: a drop before the action leaves no trace; a drop after it
// leaves the entry created, which a retry with the same token then finds.
func TestDropFaults(t *testing.T) {
	for _, tc := range []struct {
		fault   emulator.FaultKind
		created bool
	}{{emulator.FaultDropBefore, false}, {emulator.FaultDropAfter, true}} {
		s := emulatortest.Start(t, emulator.Options{FaultRate: 1, Faults: []emulator.FaultKind{tc.fault}})
		r := resolveReq("100.118.37.0/24")
		r.ClientToken = "drop-token"
		_, err := demoCbn(t, s).ResolveAndRouteServiceInCen(r)
		var se *sdkerrors.ServerError
		if err == nil || errors.As(err, &se) {
			t.Fatalf("%s: want a transport error, got %v", tc.fault, err)
		}
		if got := created(s, "100.118.37.0/24"); got != tc.created {
			t.Fatalf("%s: created %v", tc.fault, got)
		}
	}
}

// TestSlowReply: the action takes effect, the reply is held until the
// client gives up.
func TestSlowReply(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{FaultRate: 1, Faults: []emulator.FaultKind{emulator.FaultSlowReply}, SlowReply: time.Hour})
	c := demoCbn(t, s)
	c.SetReadTimeout(200 * time.Millisecond)
	_, err := c.ResolveAndRouteServiceInCen(resolveReq("100.118.38.0/24"))
	var ue interface{ Timeout() bool }
	if !errors.As(err, &ue) || !ue.Timeout() {
		t.Fatalf("want a client timeout, got %v", err)
	}
	if !created(s, "100.118.38.0/24") {
		t.Fatal("the slow request did not take effect")
	}
}

func created(s *emulator.Server, host string) bool {
	for _, e := range s.Emulator().State().Entries {
		if e.Host == host {
			return true
		}
	}
	return false
}

// TestStateEndpoint: GET /_emulator/state, unsigned, matches State().
func TestStateEndpoint(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	c := demoCbn(t, s)
	if _, err := c.ResolveAndRouteServiceInCen(resolveReq("100.118.39.0/24", "cn-hangzhou", "cn-shanghai")); err != nil {
		t.Fatal(err)
	}
	_, err := c.ResolveAndRouteServiceInCen(resolveReq("100.118.39.0/24"))
	wantError(t, err, http.StatusBadRequest, "CloudRoute.Exist")

	resp, err := http.Get(s.URL() + "/_emulator/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st emulator.State
	decode(t, resp, http.StatusOK, &st)
	cnt := st.Counters["ResolveAndRouteServiceInCen"]
	if cnt.Requests != 2 || cnt.Created != 2 || cnt.Rejections["CloudRoute.Exist"] != 1 || cnt.Faults == nil {
		t.Fatalf("counters %+v", cnt)
	}
	n := 0
	for _, e := range st.Entries {
		if e.Host == "100.118.39.0/24" {
			n++
			if e.Status != "Active" || e.CenID != emulator.DemoCenID || e.HostVpcID != emulator.DemoVpcID {
				t.Errorf("entry %+v", e)
			}
		}
	}
	if n != 2 || len(st.Entries) != len(s.Emulator().State().Entries) {
		t.Fatalf("%d new entries, %d in all", n, len(st.Entries))
	}

	pr, err := http.Post(s.URL()+"/_emulator/state", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	pr.Body.Close()
	if pr.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST state: %d", pr.StatusCode)
	}
}

// TestConcurrentClients: many clients at once, a client each; every entry
// is created once and counted once.
func TestConcurrentClients(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	const clients, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, clients*each*2)
	for i := range clients {
		c := demoCbn(t, s)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				host := fmt.Sprintf("100.119.%d.%d/32", i, j)
				if _, err := c.ResolveAndRouteServiceInCen(resolveReq(host)); err != nil {
					errs <- err
				}
				d := cbn.CreateDescribeRouteServicesInCenRequest()
				d.CenId, d.Host = emulator.DemoCenID, host
				if resp, err := c.DescribeRouteServicesInCen(d); err != nil || resp.TotalCount != 1 {
					errs <- fmt.Errorf("describe %s: %v", host, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	cnt := s.Emulator().State().Counters
	if cnt["ResolveAndRouteServiceInCen"].Created != clients*each || cnt["DescribeRouteServicesInCen"].Requests != clients*each {
		t.Fatalf("counters %+v", cnt)
	}
}
