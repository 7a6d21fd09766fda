// Package cenapitest gives tests a real cenapi.Client talking to the CEN
// API emulator on loopback, so that they exercise the SDK, the signing and
// the error mapping instead of a fake. Only test files import it, so none
// of it is linked into cenroute. cenapi's own tests cannot use it (cenapi
// would import itself); they have their own helpers.
//
// Test binaries that use it must isolate the SDK's environment first:
// TestMain calls emulatortest.Main or emulatortest.Isolate.
package cenapitest

import (
	"testing"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// region is the region clients are configured with: the demo world's home
// region. It is named rather than left to the SDK's defaults so that a
// developer's $ALIBABA_CLOUD_REGION_ID changes nothing a test sees.
const region = "cn-hangzhou"

// Serve starts an emulator with opts for the length of the test and
// returns it with a client of it. The client signs with opts' AccessKey
// pair when one is set (the emulator then accepts only that pair), else
// with the demo pair.
func Serve(t testing.TB, opts emulator.Options) (*emulator.Server, *cenapi.Client) {
	t.Helper()
	srv := emulatortest.Start(t, opts)
	id, secret := opts.AccessKeyID, opts.AccessKeySecret
	if id == "" {
		id, secret = emulator.DemoAccessKeyID, emulator.DemoAccessKeySecret
	}
	return srv, newClient(t, srv.Endpoint(), id, secret)
}

// Client is a client of the emulator at endpoint ("127.0.0.1:PORT") with
// the demo AccessKey pair.
func Client(t testing.TB, endpoint string) *cenapi.Client {
	t.Helper()
	return newClient(t, endpoint, emulator.DemoAccessKeyID, emulator.DemoAccessKeySecret)
}

func newClient(t testing.TB, endpoint, id, secret string) *cenapi.Client {
	t.Helper()
	c, err := cenapi.New(cenapi.Config{Endpoint: endpoint, Region: region, AccessKeyID: id, AccessKeySecret: secret,
		DemoCredentials: id == emulator.DemoAccessKeyID})
	if err != nil {
		t.Fatalf("a client of the emulator at %s: %v", endpoint, err)
	}
	return c
}
