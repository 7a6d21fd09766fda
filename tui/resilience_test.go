package tui

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views/cens"
)

// failedLoad says whether a screen shows a failed read: the error state
// that asks for r.
func failedLoad(screen string) bool {
	return contains(screen, "Could not load") || contains(screen, "r to retry") || contains(screen, "Could not check")
}

// rawEscape says whether a screen holds a byte a terminal would act on.
// The test styles draw without colour, so any escape but the reverse
// video of a text field's cursor cell, which the wizard draws itself
// (theme.Styles.Cursor), is the data's.
func rawEscape(screen string) bool {
	screen = strings.NewReplacer("\x1b[7m", "", "\x1b[27m", "").Replace(screen)
	return strings.ContainsAny(screen, "\x1b\x07\u009b")
}

// requests counts every request the emulator answered (or refused).
func requests(e *emulator.Emulator) int {
	n := 0
	for _, c := range e.State().Counters {
		n += c.Requests
	}
	return n
}

// Against an API that throttles at 3 requests per second per action and
// fails half the requests it admits, the wizard still reaches the CIDR
// editor with nothing but Enter, / and the filter's text: the reads retry
// (and say so), and no error screen asking for r ever shows.
func TestWizardReachesTheEditorThroughThrottlingAndFaults(t *testing.T) {
	t.Parallel()
	s := defaultSetup()
	s.emu.QPS, s.emu.FaultRate = 3, 0.5
	s.emu.SlowReply = 5 * time.Second // a slow reply is given up on long before
	f := start(t, s)
	f.watch("a failed load", failedLoad)
	f.waitStep(stepCEN, cenLoaded)
	f.press("enter")
	f.waitStep(stepHostRegion, regionsLoaded)
	f.press("/", "h", "a", "n", "g", "z", "h", "o", "u", "enter", "enter")
	f.waitStep(stepHostVPC, vpcsLoaded)
	f.press("enter")
	f.waitStep(stepAccess, accessLoaded, "[x] cn-hangzhou")
	f.press("enter")
	f.waitStep(stepHosts, "existing entries checked")
	st := f.srv.Emulator().State()
	throttled, faults := 0, 0
	for _, c := range st.Counters {
		throttled += c.Rejections["Throttling.User"]
		for _, n := range c.Faults {
			faults += n
		}
	}
	if throttled == 0 || faults == 0 {
		t.Errorf("%d throttled, %d faults: the API was kinder than the test needs", throttled, faults)
	}
}

// A world of 60 CENs, each needing a call of its own for its counts, at 5
// requests per second per action: the CEN step loads them all without a
// throttled call reaching the screen.
func TestSixtyCENsLoadUnderThrottling(t *testing.T) {
	t.Parallel()
	s := defaultSetup()
	s.emu.QPS = 5
	s.emu.World = emulatortest.World(t, emulatortest.ManyCENs(60))
	f := start(t, s)
	f.watch("a failed load", failedLoad)
	f.waitStep(stepCEN, "many-000")
	f.peek(func(m *Model) {
		if n := m.active().(*cens.View).Len(); n != 60 {
			t.Errorf("%d CENs listed, want 60", n)
		}
	})
	c := f.srv.Emulator().State().Counters["DescribeCenAttachedChildInstances"]
	if c.Requests-c.Rejections["Throttling.User"] < 60 {
		t.Errorf("%d child-instance calls answered: want one per CEN", c.Requests-c.Rejections["Throttling.User"])
	}
}

// The VBR-only walk (global-enterprise, service in ap-southeast-1, and the
// VBR-only cn-hongkong as an access region) cannot reach the review, let
// alone submit; a journalled run of that plan is not resumed either. The
// emulator never sees a route-service call.
func TestVBROnlyWalkCannotReachSubmit(t *testing.T) {
	t.Parallel()
	s := defaultSetup()
	s.stateDir = t.TempDir()
	srv := emulatortest.Start(t, s.emu)
	s.endpoint = srv.Endpoint()
	plan := engine.Plan{CenID: "cen-demo0000000002", HostRegionID: "ap-southeast-1", HostVpcID: "vpc-demo0000000006",
		AccessRegionIDs: []string{"ap-southeast-1", "cn-hongkong"}, Hosts: []string{"100.118.190.0/24", "100.118.191.0/24"}}
	runID := journalOf(t, s, plan)

	f := start(t, s)
	f.waitView("Resume run " + runID)
	f.press("y")
	f.waitView("Could not start the run: the target is rejected: access-region cn-hongkong: only a VBR is attached")
	f.waitStep(stepCEN, "global-enterprise")
	f.press("down", "enter")
	f.waitStep(stepHostRegion, "Singapore")
	f.press("enter") // ap-southeast-1, the first
	f.waitStep(stepHostVPC, "intl-sg-web")
	f.press("enter")
	f.waitStep(stepAccess, "[x] ap-southeast-1", "rejected")
	f.press("down", "space")
	f.waitView("access-region cn-hongkong: only a VBR is attached in cn-hongkong")
	f.press("enter")
	f.waitView("Cannot continue with these regions")
	f.press("tab")
	f.peek(func(m *Model) {
		if m.step != stepAccess {
			t.Errorf("the wizard went on to %v", m.step)
		}
	})
	st := srv.Emulator().State()
	for action, c := range st.Counters {
		if action == "ResolveAndRouteServiceInCen" || action == "DeleteRouteServiceInCen" || len(c.Rejections) > 0 {
			t.Errorf("%s: %d requests, rejections %v", action, c.Requests, c.Rejections)
		}
	}
}

// hostsToReview pastes hosts into the editor on screen, waits for counted
// (the editor's count of them), and goes on to the review without a
// description, until the plan is checked and can be submitted.
func (f *fixture) hostsToReview(hosts, counted string) {
	f.t.Helper()
	f.paste(hosts)
	f.waitView(counted)
	f.press("tab")
	f.waitStep(stepDescribe)
	f.press("enter")
	f.waitStep(stepReview, "enter or y submits")
}

// journalOf writes the journal of a run of plan that started and sent
// nothing, as an older cenroute (without the target rule) might have left
// it, labelled as the session's identity; it returns the run's ID.
func journalOf(t *testing.T, s setup, plan engine.Plan) string {
	t.Helper()
	client := cenapitest.Client(t, s.endpoint)
	label := engine.New(client, engine.Options{StateDir: s.stateDir, Identity: client.Identity}).Label()
	const runID = "20260101-000000-abcdef"
	rec, err := json.Marshal(map[string]any{"type": "plan", "time": "2026-01-01T00:00:00Z", "run_id": runID,
		"kind": engine.KindApply, "label": label, "plan": plan})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.stateDir, runID+".jsonl"), append(rec, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	return runID
}

// The first Ctrl+C holds the run before the question is answered: once
// the calls in flight are done, no request reaches the API while the
// question is shown. No lets the run go on.
func TestCtrlCBrakesBeforeTheQuestionIsAnswered(t *testing.T) {
	t.Parallel()
	s := slowSetup(newFrozenClock()) // entries stay Creating: the run keeps polling
	s.emu.Latency = 5 * time.Millisecond
	f := start(t, s)
	f.toHosts()
	var hosts []string
	for i := range 200 {
		hosts = append(hosts, fmt.Sprintf("100.100.%d.0/24", i))
	}
	f.hostsToReview(strings.Join(hosts, "\n"), "valid 200")
	f.waitView("200 ResolveAndRouteServiceInCen calls")
	f.press("enter")
	f.waitStep(stepSubmit, "accepted")
	f.press("ctrl+c")
	f.waitView("Paused. Stop the run?", "paused: no new call is sent until you answer")
	f.until("the calls in flight to finish", func(m *Model) bool { return m.state.run.Held() })
	emu := f.srv.Emulator()
	held := requests(emu)
	// Why a pause: what is checked is that nothing happens. Unbraked, the
	// run sends and polls (every 10 ms here) all the time.
	time.Sleep(200 * time.Millisecond)
	if n := requests(emu); n != held {
		t.Fatalf("%d requests reached the API while the question was shown", n-held)
	}
	if c := emu.State().Counters["ResolveAndRouteServiceInCen"]; c.Created >= 200 {
		t.Fatalf("all %d hosts were sent: the brake came too late to prove anything", c.Created)
	}
	f.press("n")
	f.waitView("Going on: calls are sent again.")
	f.until("the run to go on", func(m *Model) bool { return requests(emu) > held })
}

// Screens show text from the API only made printable: a world whose CEN,
// region and VPC names and descriptions, and an API error message, carry
// escape sequences never puts one on any screen or in a saved report.
func TestHostileTextNeverReachesTheScreen(t *testing.T) {
	t.Parallel()
	emu := emulator.New(emulator.Options{Seed: 1, World: emulatortest.World(t, emulatortest.HostileWorld())})
	srv := httptest.NewServer(emulatortest.HostileErrors(emu, "ResolveAndRouteServiceInCen"))
	t.Cleanup(srv.Close)
	s := defaultSetup()
	s.endpoint = strings.TrimPrefix(srv.URL, "http://")
	f := start(t, s)
	f.watch("a raw escape sequence", rawEscape)
	f.waitStep(stepCEN, `corp evil\x1b]52;c;ZXZpbA==\a\x1b[2J\x1b]0;pwned\a`)
	f.press("e") // the CEN's route services
	f.waitStep(stepRoutes, `entry evil\x1b]52`)
	f.press("esc")
	f.waitStep(stepCEN)
	f.press("enter")
	f.waitStep(stepHostRegion, `Hangzhou evil\x1b]52`)
	f.press("enter")
	f.waitStep(stepHostVPC, `vpc evil\x1b]52`)
	f.press("enter")
	f.waitStep(stepAccess, "[x] cn-hangzhou")
	f.press("enter")
	f.waitStep(stepHosts)
	f.hostsToReview("100.100.10.0/24", "valid 1")
	f.press("enter")
	f.waitStep(stepResults, "failed 1")
	f.waitView(`Hostile\x1b[2J`) // the API's code, made printable
	f.press("s")
	f.waitView("enter saves")
	f.press("enter")
	f.waitView("saved to ")
	var dir string
	f.peek(func(m *Model) { dir = m.deps.ReportDir })
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) == 0 {
		t.Fatal("no report was saved")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil || rawEscape(string(data)) || !contains(string(data), `message evil`) {
			t.Errorf("report %s (%v):\n%q", file, err, data)
		}
	}
}
