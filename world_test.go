package main

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// writeWorld writes a world file for a test and returns its path.
func writeWorld(t *testing.T, text string) string {
	t.Helper()
	return writeFile(t, "world.yaml", text)
}

// rawEscapes fails the test when out holds a byte a terminal would act
// on: ESC, BEL, a C1 control.
func rawEscapes(t *testing.T, what, out string) {
	t.Helper()
	if strings.ContainsAny(out, "\x1b\x07\u009b") {
		t.Errorf("%s reaches the terminal raw:\n%q", what, out)
	}
}

// --demo --world serves the file's world to every command; its hostile
// names reach no output raw.
func TestDemoWorldFromAFile(t *testing.T) {
	t.Parallel()
	world := writeWorld(t, emulatortest.HostileWorld())
	code, out, errOut := runMain("--demo", "--world", world, "list", "--cen", "cen-hostile")
	if code != exitcode.OK || !strings.Contains(out, `entry evil\x1b]52;c;ZXZpbA==\a\x1b[2J`) {
		t.Errorf("list: exit %d\n%s\n%s", code, out, errOut)
	}
	rawEscapes(t, "list", out+errOut)
	code, out, errOut = runMain("--demo", "--world", world, "list", "--cen", "cen-hostile", "--output", "json")
	if code != exitcode.OK {
		t.Errorf("list json: exit %d\n%s", code, errOut)
	}
	rawEscapes(t, "list --output json", out+errOut)
	code, out, errOut = runMain("--demo", "--world", world, "apply", "--dry-run", "--cen", "cen-hostile", "--host-region", "cn-hangzhou",
		"--host-vpc", "vpc-hostile", "--access-region", "cn-hangzhou", "--host", "100.118.30.0/24", "--host", "100.118.28.0/24")
	if code != exitcode.OK || !strings.Contains(out, "--Host 100.118.30.0/24") || !strings.Contains(errOut, "100.118.28.0/24: present") {
		t.Errorf("dry run: exit %d\n%s\n%s", code, out, errOut)
	}
	rawEscapes(t, "apply --dry-run", out+errOut)
}

// An API error message with escape sequences reaches no output raw.
func TestHostileErrorMessageIsShownSafely(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(emulatortest.HostileErrors(emulator.New(emulator.Options{Seed: 1}), "DescribeRouteServicesInCen"))
	t.Cleanup(srv.Close)
	code, out, errOut := runMain("--endpoint", strings.TrimPrefix(srv.URL, "http://"), "list", "--cen", emulator.DemoCenID)
	if code != exitcode.Failed || !strings.Contains(errOut, `message evil\x1b]52;c;ZXZpbA==\a`) {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	rawEscapes(t, "an API error", out+errOut)
}

func TestWorldFlagMistakes(t *testing.T) {
	t.Parallel()
	bad := writeWorld(t, "regions:\n  - {id: cn-hangzhou}\ncens:\n  - {id: cen-x, colour: red}\n")
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"emulator", "--world", bad}, exitcode.Usage, bad + `:4: unknown field "colour"`},
		{[]string{"--demo", "--world", bad, "list", "--cen", "cen-x"}, exitcode.Failed, bad + `:4: unknown field "colour"`},
		{[]string{"--world", bad, "--endpoint", "127.0.0.1:1", "list", "--cen", "cen-x"}, exitcode.Failed, "--world describes an emulated world: use it with --demo"},
	} {
		code, _, errOut := runMain(c.args...)
		if code != c.code || !strings.Contains(errOut, c.says) {
			t.Errorf("%q: exit %d, stderr %q; want %d saying %q", c.args, code, errOut, c.code, c.says)
		}
	}
}
