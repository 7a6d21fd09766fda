package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/tui/exitcode"
)

// Mistakes on serve's command line are refused before anything listens,
// with exit 2 and the reason. (What a key list may hold is sshserve's
// TestCheckAuthorizedKeys.)
func TestServeRefusesBadSetups(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := writeFile(t, "empty", "# nobody\n")
	serve := []string{"serve", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(dir, "host_key")}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"cloud without keys", nil, "--authorized-keys is required unless --demo"},
		{"demo and endpoint", []string{"--demo", "--endpoint", "127.0.0.1:1"}, "cannot be used together"},
		{"unknown theme", []string{"--demo", "--theme", "neon"}, "unknown theme"},
		{"stray argument", []string{"--demo", "now"}, "unexpected argument"},
		{"empty key list", []string{"--demo", "--authorized-keys", empty}, "holds no public key"},
		{"missing key list", []string{"--authorized-keys", filepath.Join(dir, "missing")}, "reading the authorized keys"},
		{"no sessions", []string{"--demo", "--max-sessions", "0"}, "--max-sessions 0: want at least 1"},
		{"no connections", []string{"--demo", "--max-new-per-address", "-1"}, "--max-new-per-address -1: want at least 1"},
	} {
		code, out, errOut := runMain(append(serve, c.args...)...)
		if code != exitcode.Usage || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 saying %q", c.name, code, out, errOut, c.want)
		}
	}
}
