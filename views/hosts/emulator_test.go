package hosts

import (
	"os"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
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

// The real client is a Source.
var _ Source = (*cenapi.Client)(nil)

// TestPresentFromTheEmulator lists the seeded world's entries through the
// real client over loopback: its 100.118.28.0/24 is already routed.
func TestPresentFromTheEmulator(t *testing.T) {
	t.Parallel()
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{ActivateAfter: time.Millisecond, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	client, err := cenapi.New(cenapi.Config{Endpoint: srv.Endpoint(), Region: "cn-hangzhou",
		AccessKeyID: emulator.DemoAccessKeyID, AccessKeySecret: emulator.DemoAccessKeySecret})
	if err != nil {
		t.Fatal(err)
	}
	tg := Target{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		AccessRegionIDs: []string{"cn-hangzhou"}}
	v := New(client, viewtest.Styles(), tg, "100.118.28.0/24\n100.118.40.0/24")
	v.SetSize(80, 24)
	viewtest.Run(t, v, v.Init(), isAnswer)
	mustContain(t, v.View(), "valid 1, skipped 1, invalid 0", "! present, will skip")
}
