package sshserve

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/theme"
)

// portInLog finds the port in the "connect with" line.
var portInLog = regexp.MustCompile(`ssh -p ([0-9]+) 127\.0\.0\.1`)

// 'cenroute serve --demo' end to end: it says where to connect, serves the
// wizard there, and returns cleanly when interrupted.
//
// Not parallel: Serve sets lipgloss's process-wide default renderer, as
// the program's entry point may.
func TestServeServesTheDemo(t *testing.T) {
	logs := newWatchBuffer()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hostKey := filepath.Join(t.TempDir(), "host_key")
	cfg := Config{Listen: "127.0.0.1:0", HostKeyPath: hostKey, Demo: true, DemoWorld: emulator.DemoOptions(),
		Theme: theme.Auto, Log: slog.New(slog.NewTextHandler(logs, nil))}
	exited := make(chan error, 1)
	go func() { exited <- Serve(ctx, cfg) }()

	logs.waitText(t, "connect with")
	port := portInLog.FindStringSubmatch(logs.text())
	if port == nil {
		t.Fatalf("no connect line in:\n%s", logs.text())
	}
	// The operator passes the logged fingerprint on to users: it must be
	// the key generated for this server.
	if fp := hostKeyFingerprint(t, hostKey); !strings.Contains(logs.text(), "host_key="+fp) {
		t.Errorf("the log does not show the host key's fingerprint %s:\n%s", fp, logs.text())
	}
	signer, _ := newKey(t)
	term := openTerminal(t, mustDial(t, "127.0.0.1:"+port[1], signer), standardTerm())
	term.screen.waitText(t, emulator.DemoCenID)

	cancel()
	term.waitEnded(t)
	select {
	case err := <-exited:
		if err != nil || !strings.Contains(logs.text(), "stopped") {
			t.Fatalf("Serve = %v after an interrupt; log:\n%s", err, logs.text())
		}
	case <-time.After(waitLimit):
		t.Fatal("serve did not return after an interrupt")
	}
}

// The key list is checked before anything else: required unless in demo
// mode, and holding plain keys.
func TestCheckAuthorizedKeys(t *testing.T) {
	t.Parallel()
	_, line := newKey(t)
	for _, c := range []struct {
		name, path string
		demo       bool
		want       string
	}{
		{"cloud without keys", "", false, "--authorized-keys is required unless --demo"},
		{"demo without keys", "", true, ""},
		{"empty key list", writeFile(t, "empty", []byte("# nobody\n")), true, "holds no public key"},
		{"missing key list", filepath.Join(t.TempDir(), "missing"), false, "reading the authorized keys"},
		{"key with options", writeFile(t, "options", append([]byte("from=\"10.0.0.1\" "), line...)), false, "key options such as"},
		{"a key", writeFile(t, "keys", line), false, ""},
	} {
		err := CheckAuthorizedKeys(c.path, c.demo)
		if (err == nil) != (c.want == "") || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// hostKeyFingerprint is the SHA256 fingerprint of the private key at path.
func hostKeyFingerprint(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		t.Fatal(err)
	}
	return gossh.FingerprintSHA256(signer.PublicKey())
}
