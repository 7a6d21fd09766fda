package sshserve

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/cenroute/cenroute/cenapi/cli"
	"github.com/cenroute/cenroute/cenapi/emulator"
)

// launchEnv is the environment of 'cenroute [globals] serve args...'.
func launchEnv(stderr io.Writer, g cli.Globals, args ...string) *cli.Env {
	return &cli.Env{Globals: g, IO: cli.IO{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: stderr}, Args: args}
}

// Mistakes on the command line are refused before anything listens.
//
// Not parallel: Launch sets lipgloss's process-wide default renderer, as
// the program's entry point may.
func TestLaunchRefusesBadSetups(t *testing.T) {
	hostKey := filepath.Join(t.TempDir(), "host_key")
	empty := writeFile(t, "empty", []byte("# nobody\n"))
	missing := filepath.Join(t.TempDir(), "missing")
	_, line := newKey(t)
	withOptions := writeFile(t, "options", append([]byte("from=\"10.0.0.1\" "), line...))
	cases := []struct {
		name    string
		globals cli.Globals
		args    []string
		code    int
		want    string
	}{
		{"cloud without keys", cli.Globals{Theme: "auto"}, nil, cli.ExitUsage, "--authorized-keys is required unless --demo"},
		{"demo and endpoint", cli.Globals{Theme: "auto", Demo: true, Endpoint: "127.0.0.1:1"}, nil, cli.ExitUsage, "cannot be used together"},
		{"unknown theme", cli.Globals{Theme: "neon", Demo: true}, nil, cli.ExitUsage, "unknown theme"},
		{"stray argument", cli.Globals{Theme: "auto", Demo: true}, []string{"now"}, cli.ExitUsage, "unexpected argument"},
		{"empty key list", cli.Globals{Theme: "auto", Demo: true}, []string{"--authorized-keys", empty}, cli.ExitUsage, "holds no public key"},
		{"missing key list", cli.Globals{Theme: "auto"}, []string{"--authorized-keys", missing}, cli.ExitUsage, "reading the authorized keys"},
		{"key with options", cli.Globals{Theme: "auto"}, []string{"--authorized-keys", withOptions}, cli.ExitUsage, "key options such as"},
		{"no sessions", cli.Globals{Theme: "auto", Demo: true}, []string{"--max-sessions", "0"}, cli.ExitUsage, "--max-sessions 0: want at least 1"},
		{"no connections", cli.Globals{Theme: "auto", Demo: true}, []string{"--max-new-per-address", "-1"}, cli.ExitUsage, "--max-new-per-address -1: want at least 1"},
	}
	for _, c := range cases {
		var stderr bytes.Buffer
		args := append([]string{"--listen", "127.0.0.1:0", "--host-key", hostKey}, c.args...)
		code := Launch(context.Background(), launchEnv(&stderr, c.globals, args...))
		if code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d saying %q", c.name, code, stderr.String(), c.code, c.want)
		}
	}
}

// portInLog finds the port in the "connect with" line.
var portInLog = regexp.MustCompile(`ssh -p ([0-9]+) 127\.0\.0\.1`)

// 'cenroute serve --demo' end to end: it says where to connect, serves the
// wizard there, and exits cleanly when interrupted.
//
// Not parallel: Launch sets lipgloss's process-wide default renderer, as
// the program's entry point may.
func TestLaunchServesTheDemo(t *testing.T) {
	logs := newWatchBuffer()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hostKey := filepath.Join(t.TempDir(), "host_key")
	env := launchEnv(logs, cli.Globals{Theme: "auto", Demo: true},
		"--listen", "127.0.0.1:0", "--host-key", hostKey)
	exited := make(chan int, 1)
	go func() { exited <- Launch(ctx, env) }()

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
	case code := <-exited:
		if code != cli.ExitOK {
			t.Fatalf("exit %d after an interrupt, want %d; stderr:\n%s", code, cli.ExitOK, logs.text())
		}
	case <-time.After(waitLimit):
		t.Fatal("serve did not exit after an interrupt")
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
