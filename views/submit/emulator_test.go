package submit

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// TestMain keeps the SDK away from anything but loopback (see emulatortest.Isolate).
func TestMain(m *testing.M) { emulatortest.Main(m) }

// TestFollowsARealRunAgainstTheEmulator drives the view with a real engine
// talking to the emulator over loopback, through the real client, until
// the run's report arrives.
func TestFollowsARealRunAgainstTheEmulator(t *testing.T) {
	t.Parallel()
	_, client := cenapitest.Serve(t, emulator.Options{ActivateAfter: 10 * time.Millisecond, Seed: 1})
	eng := engine.New(client, engine.Options{StateDir: t.TempDir(), PollInterval: 20 * time.Millisecond})
	p := engine.Plan{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		AccessRegionIDs: []string{"cn-hangzhou"},
		// The seeded world already routes 100.118.28.0/24: it is skipped.
		Hosts: []string{"100.118.28.0/24", "100.118.40.0/24", "100.118.41.0/24", "100.118.42.0/24"}}
	run, err := eng.Start(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	v := New(viewtest.Styles(), run, p, nil)
	v.SetSize(120, 40)
	// Only the event reader runs here: the clock's tick would wait a
	// second of real time.
	msgs := viewtest.Run(t, v, v.read(), func(msg tea.Msg) bool { _, ok := msg.(FinishedMsg); return ok })
	if len(msgs) != 1 {
		t.Fatalf("no FinishedMsg, got %v", msgs)
	}
	rep := msgs[0].(FinishedMsg).Report
	if rep.RunID != run.ID() || len(rep.Hosts) != 4 {
		t.Fatalf("report %+v", rep)
	}
	view := v.View()
	viewtest.MustContain(t, view, "finished", "4/4 settled", "✓ active 3", "✓ present 1", "3 calls sent")
	if h := rep.Hosts[0]; h.Status != engine.StatusPresent {
		t.Errorf("seeded host %+v not present", h)
	}
	for _, h := range rep.Hosts[1:] {
		if h.Status != engine.StatusActive || h.RequestID == "" || !strings.Contains(view, h.RequestID) {
			t.Errorf("host %+v not shown active with its RequestId:\n%s", h, view)
		}
	}
}
