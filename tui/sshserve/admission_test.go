package sshserve

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

// newSessionSoon opens a session on c, trying again while it is refused
// for want of a free session: a session that just ended frees its place a
// moment after its client hears of it. It gives up after waitLimit.
func newSessionSoon(t *testing.T, addr string, signer gossh.Signer) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		sess, err := mustDial(t, addr, signer).NewSession()
		if err == nil {
			sess.Close()
			return
		}
		if !strings.Contains(err.Error(), "the most it takes") || time.Now().After(deadline) {
			t.Fatalf("a session after the first ended: %v", err)
		}
	}
}

// Beyond the sessions it serves at once, the server refuses a session
// and says why; once one ends, another may start.
func TestSecuritySessionsBeyondTheLimitAreRefused(t *testing.T) {
	t.Parallel()
	cfg := demoConfig()
	cfg.MaxSessions = 1
	srv, logs := testServer(t, cfg)
	signer, _ := newKey(t)
	first := mustDial(t, srv.Addr().String(), signer)
	term := openTerminal(t, first, standardTerm())
	term.screen.waitText(t, emulator.DemoCenID)

	_, err := mustDial(t, srv.Addr().String(), signer).NewSession()
	want := "cenroute: the server runs 1 session, the most it takes; try again later"
	var open *gossh.OpenChannelError
	if !errors.As(err, &open) || open.Message != want {
		t.Fatalf("a session beyond the limit: %v, want %q", err, want)
	}
	logs.waitText(t, "refused a session: the server runs 1 session")

	first.Close()
	newSessionSoon(t, srv.Addr().String(), signer)
}

// An address that opens more connections in a minute than the server
// allows has the next one refused, with the reason, whatever its key.
func TestSecurityNewConnectionsPerAddressAreLimited(t *testing.T) {
	t.Parallel()
	cfg := demoConfig()
	cfg.NewPerAddress = 2
	srv, _ := testServer(t, cfg)
	signer, _ := newKey(t)
	for range 2 {
		sess, err := mustDial(t, srv.Addr().String(), signer).NewSession()
		if err != nil {
			t.Fatalf("a connection within the allowance: %v", err)
		}
		sess.Close()
	}
	_, err := mustDial(t, srv.Addr().String(), signer).NewSession()
	if err == nil || !strings.Contains(err.Error(), "too many new connections from your address (at most 2 a minute); try again in a minute") {
		t.Fatalf("a connection beyond the allowance: %v", err)
	}
}

// A connection has one session at a time: a second one would be a second
// wizard, and emulator, for one login.
func TestSecurityOneSessionPerConnection(t *testing.T) {
	t.Parallel()
	srv, _ := testServer(t, demoConfig())
	signer, _ := newKey(t)
	c := mustDial(t, srv.Addr().String(), signer)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if _, err := c.NewSession(); err == nil || !strings.Contains(err.Error(), "one session per connection") {
		t.Fatalf("a second session on the connection: %v", err)
	}
}

// Requests sent before a session starts (environment variables, say) were
// kept without limit. A connection that sends more than its setup could
// need is closed; the server serves the next one.
func TestSecuritySetupFloodClosesTheConnection(t *testing.T) {
	t.Parallel()
	srv, _ := testServer(t, demoConfig())
	signer, _ := newKey(t)
	sess, err := mustDial(t, srv.Addr().String(), signer).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	value := strings.Repeat("x", 16<<10)
	sent := 0
	for ; sent < 4*preSessionBytes; sent += len(value) {
		if err := sess.Setenv("FLOOD", value); err != nil {
			break
		}
	}
	if sent >= 4*preSessionBytes {
		t.Fatalf("the server took %d bytes of environment before any session", sent)
	}
	term := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())
	term.screen.waitText(t, emulator.DemoCenID)
}

// waitReleased fails the test unless the guard counts its connection
// closed in time.
func waitReleased(t *testing.T, released <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-released:
	case <-time.After(waitLimit):
		t.Fatalf("%s: the connection was never closed", what)
	}
}

// feed sends n bytes to the guard's side of a pipe and reads them there,
// returning the first read error.
func feed(g *guard, client net.Conn, n int) error {
	go func() {
		client.Write(make([]byte, n))
	}()
	buf := make([]byte, 32<<10)
	for read := 0; read < n; {
		k, err := g.Read(buf)
		if err != nil {
			return err
		}
		read += k
	}
	return nil
}

// A connection is closed when no wizard starts within the grace period, or
// when it sends more than a setup needs before one starts; what a running
// wizard reads is its input, never counted.
func TestGuardBoundsAConnectionUntilItsWizardStarts(t *testing.T) {
	t.Parallel()
	server, client := net.Pipe()
	released := make(chan struct{})
	newGuard(server, nil, time.Millisecond, func() { close(released) })
	waitReleased(t, released, "no wizard within the grace period")
	client.Close()

	server, client = net.Pipe()
	released = make(chan struct{})
	g := newGuard(server, nil, waitLimit, func() { close(released) })
	if err := feed(g, client, preSessionBytes+1); err != nil {
		t.Fatal(err)
	}
	waitReleased(t, released, "more than a setup needs")
	client.Close()

	server, client = net.Pipe()
	released = make(chan struct{})
	g = newGuard(server, nil, waitLimit, func() { close(released) })
	if !g.openChannel() || g.openChannel() {
		t.Fatal("not one session channel at a time")
	}
	g.start()
	if err := feed(g, client, 2*preSessionBytes); err != nil {
		t.Fatalf("a running wizard's input closed its connection: %v", err)
	}
	g.Close()
	waitReleased(t, released, "closed by the server")
	client.Close()
}
