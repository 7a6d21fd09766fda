package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/cenroute/cenroute/tui/exitcode"
)

// Mistakes on serve's command line are refused before anything listens,
// with exit 2 and the reason.
func TestServeRefusesBadSetups(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	key, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	empty := write("empty", "# nobody\n")
	withOptions := write("options", `from="10.0.0.1" `+string(gossh.MarshalAuthorizedKey(key)))
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
		{"key with options", []string{"--authorized-keys", withOptions}, "key options such as"},
		{"no sessions", []string{"--demo", "--max-sessions", "0"}, "--max-sessions 0: want at least 1"},
		{"no connections", []string{"--demo", "--max-new-per-address", "-1"}, "--max-new-per-address -1: want at least 1"},
	} {
		code, out, errOut := runMain(append(serve, c.args...)...)
		if code != exitcode.Usage || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 saying %q", c.name, code, out, errOut, c.want)
		}
	}
}
