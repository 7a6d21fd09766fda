package sshserve

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/engine"
)

// The security tests replay, over the real SSH server with a real SSH
// client, the attacks of a review of serve: each is what a hostile
// attendee of a demo, or a careless operator, could send. .ci/run runs
// them as a step of their own (go test -run Security ./...).

// The description of the plan in the save walk: what a shell would run if
// the report were ever written where a shell reads.
const shellDescription = "$(touch ~/pwned)"

// runIDOnScreen finds the run ID the results screen names.
var runIDOnScreen = regexp.MustCompile(`Results of run ([0-9]{8}-[0-9]{6}-[0-9a-f]{6})`)

// saveWalk is the walk of the review: plan one host with a description a
// shell would run, submit, and on the results screen press s, then ctrl+u,
// type ~/.bashrc and Enter, as if the save prompt took a path. beforeSave,
// if set, runs on the results screen with the run's ID.
func saveWalk(t *testing.T, term *terminal, beforeSave func(runID string)) string {
	t.Helper()
	term.planOneHost(t, shellDescription)
	// The world settles entries at once: the submit screen may never be
	// drawn before the results.
	term.step(t, "\r", "Results of run")
	m := runIDOnScreen.FindStringSubmatch(term.screen.text())
	if m == nil {
		t.Fatalf("no run ID on the results screen:\n%s", tail(term.screen.text(), 2000))
	}
	if beforeSave != nil {
		beforeSave(m[1])
	}
	term.step(t, "s", "in this session's room on the server")
	term.send(t, "\x15~/.bashrc\r")
	// Whatever those keys did, the screen has answered them once this
	// one is drawn: the report's JSON, shown on request.
	term.step(t, "v", `"run_id": "`+m[1]+`"`)
	return m[1]
}

// listing is the names in dir, sorted; none when it does not exist.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// checkReport fails unless path is a regular file, readable by the
// server's user only, holding the run's report as data.
func checkReport(t *testing.T, path, runID string) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the report %s: %v, mode %v", path, err, fi.Mode())
	}
	var rep engine.Report
	if data, err := os.ReadFile(path); err != nil || json.Unmarshal(data, &rep) != nil ||
		rep.RunID != runID || rep.Plan.Description != shellDescription {
		t.Fatalf("the report holds %+v (%v)", rep, err)
	}
}

// The results screen's save prompt took any path on the server: the walk
// put the report, with its $(...) description, in the server user's
// .bashrc. Over serve --demo, the walk now writes only the report, in the
// session's own room, under a name of cenroute's choosing; the server's
// home and working directory are untouched. Not parallel: it sets HOME.
func TestSecuritySaveWalkOverDemoStaysInTheRoom(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	cwd := listing(t, ".")
	srv, _ := testServer(t, demoConfig())
	signer, _ := newKey(t)
	term := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())

	runID := saveWalk(t, term, nil)
	rooms, _ := filepath.Glob(filepath.Join(srv.cfg.TempDir, "cenroute-session-*"))
	if len(rooms) != 1 {
		t.Fatalf("%d session rooms, want 1", len(rooms))
	}
	if got := listing(t, rooms[0]); !slices.Equal(got, []string{"cenroute-" + runID + ".json", "journals"}) {
		t.Errorf("the room holds %v", got)
	}
	checkReport(t, filepath.Join(rooms[0], "cenroute-"+runID+".json"), runID)
	if got := listing(t, home); len(got) != 0 {
		t.Errorf("the server's home now holds %v", got)
	}
	if got := listing(t, "."); !slices.Equal(got, cwd) {
		t.Errorf("the server's working directory changed: %v, was %v", got, cwd)
	}
}

// The same walk over serve without --demo, where every session holds the
// server's credentials: the report goes to the room of the session's key,
// and a symbolic link planted there under the report's name (to the
// server's .profile) is not written through.
func TestSecuritySaveWalkOverCloudStaysInTheKeysRoom(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	profile := filepath.Join(home, ".profile")
	if err := os.WriteFile(profile, []byte("# keep me\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cwd := listing(t, ".")
	_, client := cenapitest.Serve(t, emulator.Options{Seed: 1})
	signer, line := newKey(t)
	state := t.TempDir()
	srv, _ := testServer(t, Config{Client: client, StateDir: state, AuthorizedKeysPath: writeFile(t, "authorized_keys", line)})
	term := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())

	var room string
	runID := saveWalk(t, term, func(runID string) {
		rooms, _ := filepath.Glob(filepath.Join(state, "rooms", "*"))
		if len(rooms) != 1 {
			t.Fatalf("%d rooms, want the session key's", len(rooms))
		}
		room = rooms[0]
		if err := os.Symlink(profile, filepath.Join(room, "cenroute-"+runID+".json")); err != nil {
			t.Fatal(err)
		}
	})
	term.screen.waitText(t, "saved as cenroute-"+runID+"-2.json")
	checkReport(t, filepath.Join(room, "cenroute-"+runID+"-2.json"), runID)
	if data, _ := os.ReadFile(profile); string(data) != "# keep me\n" {
		t.Errorf("the server's .profile now holds %q", data)
	}
	if got := listing(t, home); !slices.Equal(got, []string{".profile"}) {
		t.Errorf("the server's home now holds %v", got)
	}
	if got := listing(t, "."); !slices.Equal(got, cwd) {
		t.Errorf("the server's working directory changed: %v, was %v", got, cwd)
	}
}

// heapAfterGC is the live heap once garbage is collected: what the server
// holds, without the collector's slack.
func heapAfterGC() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// A window-change of 4294967295x4294967295 grew the server's memory
// without bound, and 1,000,000x24 cost 4 MB a frame. Now the server holds
// within a few MB of what it holds for an ordinary session, a frame stays
// within the cells of the largest screen drawn (1000x500, every cell
// drawn: half a megabyte) and their styles, and the session goes on. Not
// parallel: it measures the process's heap, where the renderer keeps its
// last frame and this test's client every frame it has read.
func TestSecurityHugeWindowChange(t *testing.T) {
	const fewMB = 8 << 20
	srv, _ := testServer(t, demoConfig())
	signer, _ := newKey(t)
	term := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())
	term.screen.waitText(t, emulator.DemoCenID)
	ordinary := heapAfterGC()
	for _, size := range [][2]int{{1<<32 - 1, 1<<32 - 1}, {1_000_000, 24}} {
		mark := term.screen.mark()
		if err := term.sess.WindowChange(size[1], size[0]); err != nil {
			t.Fatal(err)
		}
		term.screen.waitTextSince(t, mark, emulator.DemoCenID)
		if held := int64(heapAfterGC()) - int64(ordinary); held > fewMB {
			t.Errorf("%dx%d: the server holds %.1f MB more than for an ordinary session", size[0], size[1], float64(held)/1e6)
		}
		if frame := term.screen.mark() - mark; frame > 1<<20 {
			t.Errorf("%dx%d: the redraw took %d bytes", size[0], size[1], frame)
		}
	}
	// The session still works, drawn at the largest size.
	term.step(t, "\r", "China (Hangzhou)")
}

// One pasted line of 256 KiB cost 75 s of a full core, then a minute a
// keystroke. Now a paste beyond the host-list limits is refused with the
// limit it breaks (a paste beyond what the session passes on is cut and
// refused the same way), and the editor takes the next key at once.
func TestSecurityLongPastedLineIsRefused(t *testing.T) {
	t.Parallel()
	srv, _ := testServer(t, demoConfig())
	signer, _ := newKey(t)
	term := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())
	term.screen.waitText(t, emulator.DemoCenID)
	term.step(t, "\r", "China (Hangzhou)")
	term.step(t, "\x1b[B\r", "prod-hz-core")
	term.step(t, "\r", "[x] cn-hangzhou")
	term.step(t, "\r", "# comments are ignored")
	line := strings.Repeat("100.64.0.1,", 256<<10/11)
	term.step(t, pasteStart+line+pasteEnd, "paste refused: line 1 is 262141 bytes long")
	term.step(t, pasteStart+strings.Repeat(line+"\n", 8)+pasteEnd, "paste refused: it is 513 KiB; a host list holds at most 512 KiB")
	term.step(t, plannedHost, "valid 1")
}
