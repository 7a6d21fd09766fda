package cenapi

import (
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// TestMain keeps the SDK away from anything but loopback (see emulatortest.Isolate).
func TestMain(m *testing.M) { emulatortest.Main(m) }
