package submit

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

func TestMain(m *testing.M) {
	// The SDK's credential chain must never reach for the ECS metadata
	// server or a developer's aliyun CLI profile, and emulator traffic must
	// not go through a proxy.
	os.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	os.Setenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")
	for _, v := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}

// TestFollowsARealRunAgainstTheEmulator drives the view with a real engine
// talking to the emulator over loopback, through the real client, until
// the run's report arrives.
func TestFollowsARealRunAgainstTheEmulator(t *testing.T) {
	t.Parallel()
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{ActivateAfter: 10 * time.Millisecond, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	client, err := cenapi.New(cenapi.Config{Endpoint: srv.Endpoint(), Region: "cn-hangzhou",
		AccessKeyID: emulator.DemoAccessKeyID, AccessKeySecret: emulator.DemoAccessKeySecret})
	if err != nil {
		t.Fatal(err)
	}
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
	for _, w := range []string{"finished", "4/4 settled", "✓ active 3", "✓ present 1", "3 calls sent"} {
		if !strings.Contains(view, w) {
			t.Errorf("view lacks %q:\n%s", w, view)
		}
	}
	if h := rep.Hosts[0]; h.Status != engine.StatusPresent {
		t.Errorf("seeded host %+v not present", h)
	}
	for _, h := range rep.Hosts[1:] {
		if h.Status != engine.StatusActive || h.RequestID == "" || !strings.Contains(view, h.RequestID) {
			t.Errorf("host %+v not shown active with its RequestId:\n%s", h, view)
		}
	}
}
