package engine

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
)

// hookedEmulator serves an emulator with opts on loopback, calling hook
// with the Action of every request before the emulator sees it: a test
// turns a knob at the exact point of a run it wants. Calls to hook are
// serialised.
func hookedEmulator(t *testing.T, opts emulator.Options, hook func(emu *emulator.Emulator, action string)) (*emulator.Emulator, string) {
	t.Helper()
	emu := emulator.New(opts)
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hook(emu, r.URL.Query().Get("Action"))
		mu.Unlock()
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return emu, strings.TrimPrefix(srv.URL, "http://")
}

// refusalClient is a client of the emulator at endpoint with the demo
// AccessKey pair and, if given, an STS token.
func refusalClient(t *testing.T, endpoint, token string) *cenapi.Client {
	t.Helper()
	c, err := cenapi.New(cenapi.Config{Endpoint: endpoint, Region: "cn-hangzhou", AccessKeyID: emulator.DemoAccessKeyID,
		AccessKeySecret: emulator.DemoAccessKeySecret, SecurityToken: token})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkStoppedOnRefusal asserts that a run stopped by itself on a refusal
// of the credentials with code, leaving every host stopped (none failed),
// and that no call met the refusal twice: it is never retried.
func checkStoppedOnRefusal(t *testing.T, emu *emulator.Emulator, action string, rep Report, code, remedy string) {
	t.Helper()
	if !rep.Stopped || rep.Halt == nil || rep.Halt.Code != code || !strings.Contains(rep.Halt.Remedy, remedy) {
		t.Fatalf("stopped %v, halt %+v; want stopped on %s, remedy %q", rep.Stopped, rep.Halt, code, remedy)
	}
	for _, h := range rep.Hosts {
		if h.Status == StatusFailed {
			t.Errorf("%s failed (%s): a refusal of the credentials must leave it to a resume", h.Host, h.Code)
		}
		if h.Code == code && h.RequestID != "" {
			t.Errorf("%s met the refusal, yet has the RequestId %s, as if it had been accepted", h.Host, h.RequestID)
		}
	}
	if n := emu.State().Counters[action].Rejections[code]; n == 0 || n > DefaultConcurrency {
		t.Errorf("%d %s calls refused with %s, want 1 to %d (one per call in flight at most)", n, action, code, DefaultConcurrency)
	}
}

// TestDeniedWriteStopsTheRun: when RAM denies the write, the run stops at
// once, says which permission is missing and what to do, and resumes to
// completion once the permission is granted.
func TestDeniedWriteStopsTheRun(t *testing.T) {
	t.Parallel()
	emu, endpoint := hookedEmulator(t, emulator.Options{Deny: []string{"cen:" + actionResolve}}, func(*emulator.Emulator, string) {})
	e := New(refusalClient(t, endpoint, ""), Options{StateDir: t.TempDir(), QPS: 100, PollInterval: 10 * time.Millisecond})
	p := demoPlan(40)
	run, err := e.Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	_, rep := collect(t, run)
	checkStoppedOnRefusal(t, emu, actionResolve, rep, "Forbidden.RAM", "grant cen:ResolveAndRouteServiceInCen")
	if rep.Halt.Permission != "cen:ResolveAndRouteServiceInCen" {
		t.Errorf("halt %+v names no permission", rep.Halt)
	}

	if err := emu.SetDenied(); err != nil {
		t.Fatal(err)
	}
	resumeToTheEnd(t, e, emu, run.ID(), p)
}

// TestExpiredTokenStopsTheRun: an STS token that expires halfway through a
// run stops it at once, the entries accepted before are kept, and once the
// token is renewed the run resumes to completion, nothing created twice.
func TestExpiredTokenStopsTheRun(t *testing.T) {
	t.Parallel()
	resolves := 0
	emu, endpoint := hookedEmulator(t, emulator.Options{SecurityToken: emulator.DemoSecurityToken, ActivateAfter: 20 * time.Millisecond},
		func(emu *emulator.Emulator, action string) {
			if action == actionResolve {
				if resolves++; resolves == 10 {
					emu.ExpireToken()
				}
			}
		})
	e := New(refusalClient(t, endpoint, emulator.DemoSecurityToken), Options{StateDir: t.TempDir(), QPS: 100, PollInterval: 10 * time.Millisecond})
	p := demoPlan(40)
	run, err := e.Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	_, rep := collect(t, run)
	checkStoppedOnRefusal(t, emu, actionResolve, rep, "InvalidSecurityToken.Expired", "the STS token has expired")
	if created := emu.State().Counters[actionResolve].Created; created == 0 || created >= len(p.Hosts) {
		t.Errorf("%d entries created before the token expired, want some", created)
	}

	emu.RenewToken()
	resumeToTheEnd(t, e, emu, run.ID(), p)
}

// TestDeniedReadWhileFollowingStopsTheRun: a listing that RAM refuses
// while the run follows its entries stops the run too, naming the read
// permission; a resume follows the accepted entries and sends the rest.
func TestDeniedReadWhileFollowingStopsTheRun(t *testing.T) {
	t.Parallel()
	resolved := false
	emu, endpoint := hookedEmulator(t, emulator.Options{}, func(emu *emulator.Emulator, action string) {
		if action == actionResolve && !resolved {
			resolved = true
			if err := emu.SetDenied("cen:" + actionDescribe); err != nil {
				panic(err)
			}
		}
	})
	// Writes slow enough for the first sweep to come while most are to be
	// sent; the resume goes at full speed.
	client, dir := refusalClient(t, endpoint, ""), t.TempDir()
	slow := New(client, Options{StateDir: dir, QPS: 5, MaxQPS: 5, PollInterval: 10 * time.Millisecond})
	p := demoPlan(30)
	run, err := slow.Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	_, rep := collect(t, run)
	checkStoppedOnRefusal(t, emu, actionDescribe, rep, "Forbidden.RAM", "grant cen:DescribeRouteServicesInCen")

	if err := emu.SetDenied(); err != nil {
		t.Fatal(err)
	}
	resumeToTheEnd(t, New(client, Options{StateDir: dir, QPS: 100, PollInterval: 10 * time.Millisecond}), emu, run.ID(), p)
}
