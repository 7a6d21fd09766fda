package sshserve

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/theme/i18n"
)

// Two demo sessions live in separate worlds: a route service created in
// one is not in the other, and closing a session removes its world.
func TestDemoWorldsAreIsolated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	worlds := demoWorlds{opts: emulator.Options{Seed: 1}, tempDir: t.TempDir()}
	a := openWorld(t, worlds)
	b := openWorld(t, worlds)

	_, err := a.client.ResolveAndRouteService(ctx, cenapi.ResolveRequest{CenID: emulator.DemoCenID,
		HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID, Host: "100.64.77.0/24",
		AccessRegionIDs: []string{"cn-hangzhou"}})
	if err != nil {
		t.Fatalf("creating a route service in the first world: %v", err)
	}
	filter := cenapi.RouteServiceFilter{CenID: emulator.DemoCenID, Host: "100.64.77.0/24"}
	if got := routeServices(t, a, filter); len(got) != 1 {
		t.Fatalf("first world holds %d matching entries, want 1", len(got))
	}
	if got := routeServices(t, b, filter); len(got) != 0 {
		t.Fatalf("second world sees %d of the first world's entries", len(got))
	}

	// Reports saved there go with the session, and the session says so.
	for _, lang := range i18n.Langs() {
		if note := a.reportNote(i18n.New(lang)); !strings.Contains(note, "demo") && !strings.Contains(note, "演示") {
			t.Errorf("a demo world does not say in %s that its reports are removed at the end of the session: %q", lang, note)
		}
	}
	a.close()
	if _, err := os.Stat(a.room); !os.IsNotExist(err) {
		t.Errorf("the closed session's directory is still there (%v)", err)
	}
	if _, err := a.client.CENSummaries(ctx); err == nil {
		t.Error("the closed session's emulator still answers")
	}
	if _, err := b.client.CENSummaries(ctx); err != nil {
		t.Errorf("closing one world broke the other: %v", err)
	}
}

func openWorld(t *testing.T, ws worlds) *world {
	t.Helper()
	w, err := ws.open(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.close)
	return w
}

func routeServices(t *testing.T, w *world, f cenapi.RouteServiceFilter) []cenapi.RouteService {
	t.Helper()
	got, err := w.client.DescribeRouteServices(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// endpoint finds the API endpoint the header shows.
var endpoint = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

// Over SSH, two concurrent demo sessions talk to two different emulators,
// as their headers show.
func TestConcurrentDemoSessionsGetTheirOwnWorld(t *testing.T) {
	t.Parallel()
	srv, _ := testServer(t, demoConfig())
	signer, _ := newKey(t)
	first := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())
	second := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())
	first.screen.waitText(t, emulator.DemoCenID)
	second.screen.waitText(t, emulator.DemoCenID)
	a := endpoint.FindString(first.screen.text())
	b := endpoint.FindString(second.screen.text())
	if a == "" || a == b {
		t.Fatalf("sessions show endpoints %q and %q, want two different emulators", a, b)
	}
}
