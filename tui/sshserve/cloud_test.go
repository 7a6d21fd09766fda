package sshserve

import (
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/engine"
)

// Without --demo, every session uses the server's own connection and its
// journals go to the state directory. A connection dropped in the middle of
// a run ends the session and leaves the run there, unfinished, for the next
// session (or 'cenroute apply') to resume.
func TestDroppedConnectionLeavesTheRunResumable(t *testing.T) {
	t.Parallel()
	// Entries stay Creating for an hour, so the run is still going when
	// the connection drops.
	_, client := cenapitest.Serve(t, emulator.Options{Seed: 1, ActivateAfter: time.Hour})
	signer, line := newKey(t)
	state := t.TempDir()
	srv, logs := testServer(t, Config{Client: client, StateDir: state,
		AuthorizedKeysPath: writeFile(t, "authorized_keys", line)})
	conn := mustDial(t, srv.Addr().String(), signer)
	term := openTerminal(t, conn, standardTerm())

	// Each step waits for its loaded screen: a key that arrives while a
	// list is still loading chooses nothing.
	term.screen.waitText(t, emulator.DemoCenID)
	term.step(t, "\r", "China (Hangzhou)")        // CEN
	term.step(t, "\x1b[B\r", "prod-hz-core")      // host region cn-hangzhou
	term.step(t, "\r", "[x] cn-hangzhou")         // host VPC
	term.step(t, "\r", "# comments are ignored")  // access regions as proposed
	term.step(t, "100.100.10.0/24", "valid 1")    // hosts
	term.step(t, "\t", "Stored with every route") // description
	term.step(t, "\r", "enter or y submits")      // no description; the plan is checked
	term.step(t, "\r", "submitting")              // submit
	conn.Close()
	logs.waitText(t, "session ended")

	// The next session, or the local wizard, finds it as its own.
	next := engine.New(client, engine.Options{StateDir: state, Identity: client.Identity})
	runs, err := next.Unfinished()
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || len(runs[0].Plan.Hosts) != 1 || runs[0].Plan.Hosts[0] != "100.100.10.0/24" {
		t.Fatalf("unfinished runs = %+v, want the one cut short", runs)
	}
	if runs[0].Label == "" || !next.Owns(runs[0].Label) {
		t.Errorf("the run is labelled %q, not as this identity's", runs[0].Label)
	}
}

// step sends keys and waits for want in what the screen draws next.
func (term *terminal) step(t testing.TB, keys, want string) {
	t.Helper()
	mark := term.screen.mark()
	term.send(t, keys)
	term.screen.waitTextSince(t, mark, want)
}
