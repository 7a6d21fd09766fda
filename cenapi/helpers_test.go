package cenapi

import (
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// startEmulator serves an emulator on a loopback port for the test.
func startEmulator(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	return emulatortest.Start(t, opts)
}

// fakeEnv is an environment for the client's own lookups.
func fakeEnv(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// demoConfig points at endpoint with the emulator's demo credentials and an
// empty environment.
func demoConfig(endpoint string) Config {
	return Config{
		Endpoint:        endpoint,
		AccessKeyID:     emulator.DemoAccessKeyID,
		AccessKeySecret: emulator.DemoAccessKeySecret,
		Getenv:          fakeEnv(nil),
	}
}

// newEmulatorClient starts an emulator with opts and returns a client of it.
func newEmulatorClient(t *testing.T, opts emulator.Options) (*Client, *emulator.Server) {
	t.Helper()
	srv := startEmulator(t, opts)
	c, err := New(demoConfig(srv.Endpoint()))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, srv
}

// mustError asserts err is an *Error and returns it.
func mustError(t *testing.T, err error) *Error {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error, got nil")
	}
	e, ok := AsError(err)
	if !ok {
		t.Fatalf("error %T %q is not a *cenapi.Error", err, err)
	}
	return e
}
