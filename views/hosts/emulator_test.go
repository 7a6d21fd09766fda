package hosts

import (
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// TestMain keeps the SDK away from anything but loopback (see emulatortest.Isolate).
func TestMain(m *testing.M) { emulatortest.Main(m) }

// The real client is a Source.
var _ Source = (*cenapi.Client)(nil)

// TestPresentFromTheEmulator lists the seeded world's entries through the
// real client over loopback: its 100.118.28.0/24 is already routed.
func TestPresentFromTheEmulator(t *testing.T) {
	t.Parallel()
	_, client := cenapitest.Serve(t, emulator.Options{ActivateAfter: time.Millisecond, Seed: 1})
	tg := Target{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		AccessRegionIDs: []string{"cn-hangzhou"}}
	v := New(client, viewtest.Styles(), tg, "100.118.28.0/24\n100.118.40.0/24")
	v.SetSize(80, 24)
	viewtest.Run(t, v, v.Init(), isAnswer)
	viewtest.MustContain(t, v.View(), "valid 1, skipped 1, invalid 0", "! present, will skip")
}
