package sshserve

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/theme/i18n"
)

// A demo session is a full wizard over SSH: it shows the seeded CEN list,
// follows keys into the next step, and ends when the user quits.
func TestDemoSessionRunsTheWizard(t *testing.T) {
	t.Parallel()
	srv, logs := testServer(t, demoConfig())
	signer, _ := newKey(t)
	term := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())

	term.screen.waitText(t, emulator.DemoCenID)
	term.send(t, "\r") // choose the first CEN
	term.screen.waitText(t, "China (Hangzhou)")
	// Esc goes back to the CEN list. The next key waits for it: an Esc
	// and a letter arriving together are read as alt+letter.
	mark := term.screen.mark()
	term.send(t, "\x1b")
	term.screen.waitTextSince(t, mark, "Choose the CEN")
	term.send(t, "q")
	if err := term.waitEnded(t); err != nil {
		t.Fatalf("session ended with %v, want a clean exit", err)
	}
	logs.waitText(t, "session ended")
	if !strings.Contains(logs.text(), "user=alice") {
		t.Errorf("the session log does not name the user:\n%s", logs.text())
	}
}

// Only keys in the authorized_keys file get in, even in demo mode once a
// file is given.
func TestUnknownKeyIsRefused(t *testing.T) {
	t.Parallel()
	allowed, line := newKey(t)
	stranger, _ := newKey(t)
	cfg := demoConfig()
	cfg.AuthorizedKeysPath = writeFile(t, "authorized_keys", append([]byte("# attendees\n\n"), line...))
	srv, _ := testServer(t, cfg)

	if c, err := dial(t, srv.Addr().String(), stranger); err == nil {
		c.Close()
		t.Fatal("a key missing from authorized_keys was let in")
	} else if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("refusal = %v, want an authentication failure", err)
	}
	mustDial(t, srv.Addr().String(), allowed).Close()
}

// Passwords are never accepted, whatever the mode.
func TestPasswordIsRefused(t *testing.T) {
	t.Parallel()
	srv, _ := testServer(t, demoConfig())
	cfg := &gossh.ClientConfig{User: "alice", Auth: []gossh.AuthMethod{gossh.Password("secret")},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitLimit}
	if c, err := gossh.Dial("tcp", srv.Addr().String(), cfg); err == nil {
		c.Close()
		t.Fatal("a password login was accepted")
	} else if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("refusal = %v, want an authentication failure", err)
	}
}

// A session without a PTY (ssh -T, a remote command) gets one line saying
// why, and a failing exit status, without a world being started for it.
func TestSessionWithoutPTYIsRefused(t *testing.T) {
	t.Parallel()
	srv, logs := testServer(t, demoConfig())
	signer, _ := newKey(t)
	sess, err := mustDial(t, srv.Addr().String(), signer).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	sess.Stdout, sess.Stderr = &stdout, &stderr
	err = sess.Run("list")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("exit = %v, want status 1", err)
	}
	if got := stderr.String(); got != i18n.New(i18n.English).T("wizard.ssh.no_terminal")+"\n" {
		t.Errorf("stderr = %q, want the one-line refusal", got)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing", stdout.String())
	}
	logs.waitText(t, "refused: no terminal")
	if strings.Contains(logs.text(), "session started") {
		t.Error("a refused session started a wizard")
	}
}

// Serving real credentials needs a key list; demo mode does not.
func TestCloudModeRequiresAuthorizedKeys(t *testing.T) {
	t.Parallel()
	_, err := Start(context.Background(), Config{Listen: "127.0.0.1:0",
		HostKeyPath: filepath.Join(t.TempDir(), "host_key")})
	if !errors.Is(err, errNoAuthorizedKeys) {
		t.Fatalf("Start without keys = %v, want %v", err, errNoAuthorizedKeys)
	}
}

// A demo world that could not start is a configuration mistake reported
// by Start, not a refusal of every session.
func TestBadDemoWorldIsRefusedAtStart(t *testing.T) {
	t.Parallel()
	cfg, _ := prepare(t, demoConfig())
	cfg.DemoWorld.FaultRate = 2
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if srv, err := Start(ctx, cfg); err == nil {
		cancel()
		srv.Wait()
		t.Fatal("Start accepted a demo world with a fault rate of 2")
	} else if !strings.Contains(err.Error(), "fault rate") {
		t.Fatalf("Start = %v, want the fault rate named", err)
	}
}

// A resize reaches the session's program: below the minimum size the
// wizard says so.
func TestResizeReachesTheProgram(t *testing.T) {
	t.Parallel()
	srv, _ := testServer(t, demoConfig())
	signer, _ := newKey(t)
	term := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())
	term.screen.waitText(t, emulator.DemoCenID)
	if err := term.sess.WindowChange(10, 40); err != nil {
		t.Fatal(err)
	}
	term.screen.waitText(t, "terminal too small")
}

// Dropping the connection ends the session's program and releases its
// world.
func TestDroppedConnectionEndsTheSession(t *testing.T) {
	t.Parallel()
	cfg, logs := prepare(t, demoConfig())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := newKey(t)
	c := mustDial(t, srv.Addr().String(), signer)
	term := openTerminal(t, c, standardTerm())
	term.screen.waitText(t, emulator.DemoCenID)
	if dirs, _ := os.ReadDir(cfg.TempDir); len(dirs) != 1 {
		t.Fatalf("a live session has %d world directories, want 1", len(dirs))
	}
	c.Close()
	logs.waitText(t, "session ended")
	// The shutdown waits for every session's cleanup, so after Wait the
	// dropped session's world must be gone.
	cancel()
	if err := srv.Wait(); err != nil {
		t.Fatal(err)
	}
	if dirs, _ := os.ReadDir(cfg.TempDir); len(dirs) != 0 {
		t.Errorf("the dropped session left %d world directories behind", len(dirs))
	}
}

// Stopping the server asks every program to quit: the client's terminal
// leaves the alternate screen and the session ends.
func TestShutdownEndsSessionsCleanly(t *testing.T) {
	t.Parallel()
	cfg, logs := prepare(t, demoConfig())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := newKey(t)
	term := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())
	term.screen.waitText(t, emulator.DemoCenID)

	cancel()
	term.waitEnded(t)
	if err := srv.Wait(); err != nil {
		t.Fatalf("Wait after shutdown = %v, want nil", err)
	}
	buf, _ := term.screen.snapshot()
	if !bytes.Contains(buf, []byte("\x1b[?1049l")) {
		t.Error("the program did not leave the alternate screen")
	}
	logs.waitText(t, "session ended")
}

// The host key is generated on first start and reused afterwards, so
// clients that trusted it keep trusting it.
func TestHostKeyIsGeneratedOnceAndKept(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state", "host_key")
	first := startAndStop(t, path)
	second := startAndStop(t, path)
	if first == "" || first != second {
		t.Fatalf("fingerprints %q then %q, want the same key twice", first, second)
	}
}

// startAndStop runs a demo server with the given host key path and
// returns the key's fingerprint.
func startAndStop(t *testing.T, hostKey string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := Start(ctx, Config{Listen: "127.0.0.1:0", HostKeyPath: hostKey, Demo: true})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	cancel()
	if err := srv.Wait(); err != nil {
		t.Fatal(err)
	}
	return srv.HostKeyFingerprint()
}
