// Package emulatortest sets up tests that reach the CEN API emulator
// through the real SDK: it keeps the SDK's credential chain and proxies away
// from anything but loopback, and serves an emulator for the length of a
// test. Only test files import it, so none of it is linked into cenroute.
package emulatortest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
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

// ClosedPort returns a loopback host:port nothing listens on: an endpoint
// that refuses every connection.
func ClosedPort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// Escape sequences a hostile name or message might carry: a clipboard
// write (OSC 52, "evil"), a screen clear, a window title change. None may
// ever reach an operator's terminal as it is.
const (
	osc52       = "\x1b]52;c;ZXZpbA==\a"
	clearScreen = "\x1b[2J"
	setTitle    = "\x1b]0;pwned\a"
)

// Hostile is a text carrying all three escape sequences.
const Hostile = "evil" + osc52 + clearScreen + setTitle

// HostileWorld is a world file (YAML) with one CEN, cen-hostile, whose
// name, description, VPC name, region names and route-service description
// carry the escape sequences above, ready to use in cn-hangzhou: a VPC and
// a VBR are attached there, and one entry is routed.
func HostileWorld() string {
	q := strconv.Quote // YAML reads Go's \x1b and \a escapes in double quotes
	return `regions:
  - {id: cn-hangzhou, name: ` + q("Hangzhou "+Hostile) + `, name_zh: ` + q("杭州 "+Hostile) + `, ccn: true}
cens:
  - id: cen-hostile
    name: ` + q("corp "+Hostile) + `
    description: ` + q("desc "+Hostile) + `
    transit_routers: [{region: cn-hangzhou, edition: Basic}]
    vbrs: [{region: cn-hangzhou}]
vpcs:
  - {id: vpc-hostile, region: cn-hangzhou, name: ` + q("vpc "+Hostile) + `, cidr: 10.0.0.0/16, cen: cen-hostile}
route_services:
  - {cen: cen-hostile, host_region: cn-hangzhou, host: 100.118.28.0/24, host_vpc: vpc-hostile, access_region: cn-hangzhou,
     description: ` + q("entry "+Hostile) + `}
`
}

// ManyCENs is a world file (YAML) of n CENs, each ready to use in
// cn-hangzhou (a Basic transit router, a VPC and a VBR there).
func ManyCENs(n int) string {
	var b strings.Builder
	b.WriteString("regions:\n  - {id: cn-hangzhou, name: \"China (Hangzhou)\", ccn: true}\ncens:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {id: cen-many%03d, name: many-%03d, transit_routers: [{region: cn-hangzhou, edition: Basic}], vbrs: [{region: cn-hangzhou}]}\n", i, i)
	}
	b.WriteString("vpcs:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {id: vpc-many%03d, region: cn-hangzhou, name: many-%03d, cidr: 10.%d.0.0/16, cen: cen-many%03d}\n", i, i, i%256, i)
	}
	return b.String()
}

// World reads a world file text, failing the test if it does not read.
func World(t testing.TB, text string) *emulator.World {
	t.Helper()
	w, err := emulator.ParseWorld("test-world.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// HostileErrors serves h, except that every request for one of actions is
// refused with a 400 whose code and message carry the escape sequences
// above, as an API error message might.
func HostileErrors(h http.Handler, actions ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		action := r.URL.Query().Get("Action")
		if action == "" {
			_ = r.ParseForm()
			action = r.Form.Get("Action")
		}
		if !slices.Contains(actions, action) {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"RequestId": "E0E0E0E0-0000-4000-8000-" + strings.Repeat("0", 12),
			"Code": "Hostile" + clearScreen, "Message": "message " + Hostile, "HostId": "cbn.aliyuncs.com"})
	})
}
