// Package emulatortest sets up tests that reach the CEN API emulator
// through the real SDK: it keeps the SDK's credential chain and proxies away
// from anything but loopback, and serves an emulator for the length of a
// test. Only test files import it, so none of it is linked into cenroute.
package emulatortest

import (
	"os"
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

// Isolate keeps the SDK from looking beyond loopback and beyond the test:
// the credential chain must never ask the ECS metadata server or read a
// developer's aliyun CLI profile, and emulator traffic must not be sent to
// a proxy. It changes the process environment, so call it from TestMain,
// before any test runs.
func Isolate() {
	os.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	os.Setenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")
	for _, v := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		os.Unsetenv(v)
	}
}

// Main is a TestMain for packages whose tests use the SDK: it isolates the
// environment and runs the tests.
func Main(m *testing.M) {
	Isolate()
	os.Exit(m.Run())
}

// Start serves an emulator with opts on a loopback port and closes it when
// the test ends.
func Start(t testing.TB, opts emulator.Options) *emulator.Server {
	t.Helper()
	srv, err := emulator.Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}
