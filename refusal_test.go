package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// runWithEnv runs the program with args in the test environment plus
// extra variables.
func runWithEnv(extra map[string]string, args ...string) (code int, stdout, stderr string) {
	var out, errOut strings.Builder
	getenv := func(name string) string {
		if v, ok := extra[name]; ok {
			return v
		}
		return testEnv(name)
	}
	code = run(context.Background(), args, environment{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: getenv})
	return code, out.String(), errOut.String()
}

// resumeLine is the command a stopped run says resumes it, as printed
// after what to do first.
var resumeLine = regexp.MustCompile(`(?m)^once that is done, resume with: (cenroute --endpoint \S+ apply --resume [0-9a-f-]+ --state-dir \S+)$`)

// A run that meets a denied write stops at once, naming the permission
// and what to do, with the line that resumes it; once the permission is
// granted, that line finishes the run, nothing created twice.
func TestApplyStopsOnADeniedWrite(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{Deny: []string{"cen:ResolveAndRouteServiceInCen"}})
	dir := t.TempDir()
	code, _, errOut := runMain(append(endpoint, applyArgs(dir, manyHostFlags(20)...)...)...)
	m := resumeLine.FindStringSubmatch(errOut)
	if code != exitcode.Failed || m == nil || !strings.Contains(errOut,
		"stopped: the API refused the credentials: Forbidden.RAM: User not authorized to operate on the specified resource, "+
			"or this API doesn't support RAM. (missing RAM permission cen:ResolveAndRouteServiceInCen); "+
			"grant cen:ResolveAndRouteServiceInCen to the RAM user or role of these credentials\n") ||
		!strings.Contains(errOut, "cenroute doctor --policy") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if n := resolveCount(srv); n > 16 {
		t.Errorf("%d Resolve calls: a denial must stop the run at once, never be retried", n)
	}

	if err := srv.Emulator().SetDenied(); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runMain(strings.Fields(m[1])[1:]...)
	if code != exitcode.OK || !strings.Contains(errOut, "20 hosts: 20 active") {
		t.Fatalf("resume: exit %d, stderr:\n%s", code, errOut)
	}
	if c := srv.Emulator().State().Counters["ResolveAndRouteServiceInCen"]; c.Created != 20 || c.Rejections["CloudRoute.Exist"] != 0 {
		t.Errorf("created %d, Exist %d", c.Created, c.Rejections["CloudRoute.Exist"])
	}
}

// A run whose STS token expires stops at once and says to refresh the
// token; with a renewed token the same resume line finishes it.
func TestApplyStopsOnAnExpiredToken(t *testing.T) {
	t.Parallel()
	// The token expires when the fifth Resolve arrives: halfway through a
	// run, at a point the test knows.
	emu := emulator.New(emulator.Options{SecurityToken: emulator.DemoSecurityToken})
	var mu sync.Mutex
	resolves, expireAt := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Action") == "ResolveAndRouteServiceInCen" {
			mu.Lock()
			if resolves++; resolves == expireAt {
				emu.ExpireToken()
			}
			mu.Unlock()
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	endpoint := []string{"--endpoint", strings.TrimPrefix(srv.URL, "http://")}
	token := map[string]string{"ALIBABA_CLOUD_SECURITY_TOKEN": emulator.DemoSecurityToken}
	created := func() emulator.Counters { return emu.State().Counters["ResolveAndRouteServiceInCen"] }

	// Expired before the run: the check of the CEN meets it first, names
	// it and points to the doctor; nothing is sent.
	emu.ExpireToken()
	dir := t.TempDir()
	code, _, errOut := runWithEnv(token, append(endpoint, applyArgs(dir, manyHostFlags(5)...)...)...)
	if code != exitcode.Failed || !strings.Contains(errOut, "InvalidSecurityToken.Expired") ||
		!strings.Contains(errOut, "to see what is wrong, run: cenroute "+strings.Join(endpoint, " ")+" doctor") || created().Requests != 0 {
		t.Fatalf("exit %d, %d Resolve calls, stderr:\n%s", code, created().Requests, errOut)
	}

	emu.RenewToken()
	mu.Lock()
	expireAt = 5
	mu.Unlock()
	code, _, errOut = runWithEnv(token, append(endpoint, applyArgs(dir, manyHostFlags(40)...)...)...)
	m := resumeLine.FindStringSubmatch(errOut)
	if code != exitcode.Failed || m == nil || !strings.Contains(errOut, "InvalidSecurityToken.Expired") ||
		!strings.Contains(errOut, "the STS token has expired: get a new one") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if c := created(); c.Created != 4 {
		t.Errorf("%d entries created before the token expired, want 4", c.Created)
	}
	emu.RenewToken()
	code, _, errOut = runWithEnv(token, strings.Fields(m[1])[1:]...)
	if code != exitcode.OK || !strings.Contains(errOut, "40 hosts: 40 active") {
		t.Fatalf("resume: exit %d, stderr:\n%s", code, errOut)
	}
	if c := created(); c.Created != 40 || c.Rejections["CloudRoute.Exist"] != 0 {
		t.Errorf("created %d, Exist %d", c.Created, c.Rejections["CloudRoute.Exist"])
	}
}

// A read that RAM denies says which permission is missing.
func TestListSaysWhichReadIsDenied(t *testing.T) {
	t.Parallel()
	_, endpoint := emulatorEndpoint(t, emulator.Options{Deny: []string{"cen:DescribeRouteServicesInCen"}})
	code, _, errOut := runMain(append(endpoint, "list", "--cen", emulator.DemoCenID)...)
	want := "(missing RAM permission cen:DescribeRouteServicesInCen)"
	if code != exitcode.Failed || !strings.Contains(errOut, want) || !strings.Contains(errOut, "doctor") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}
