package tui

import (
	"context"
	"regexp"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views/review"
)

var requestID = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)

// toReview walks from the CEN list to the review of newHosts plus the
// already present host, described "oss".
func (f *fixture) toReview() {
	f.t.Helper()
	f.toHosts()
	f.paste(newHosts + "\n" + presentHost)
	f.waitView("valid 2, skipped 1")
	f.press("tab")
	f.waitStep(stepDescribe)
	f.press("o", "s", "s", "enter")
	f.waitStep(stepReview, "2 ResolveAndRouteServiceInCen calls")
}

// creatingTwo is the submit view's count of two hosts in Creating (with
// the separator that follows it: rows show "creating" before RequestIds,
// which may start with a 2).
const creatingTwo = "creating 2  "

// startHeldRun starts a session, in demo mode or not, whose entries stay
// Creating and submits the plan of toReview: the run is in progress, on
// the submit step.
func startHeldRun(t *testing.T, demo bool) *fixture {
	t.Helper()
	s := slowSetup(newFrozenClock())
	s.demo = demo
	f := start(t, s)
	f.toReview()
	f.press("enter")
	f.waitStep(stepSubmit, creatingTwo)
	return f
}

// frozenClock is an emulator clock that moves only when told: entries stay
// Creating until the test advances it past ActivateAfter.
type frozenClock struct{ at atomic.Int64 }

func newFrozenClock() *frozenClock {
	c := &frozenClock{}
	c.at.Store(time.Now().UnixNano())
	return c
}

func (c *frozenClock) now() time.Time          { return time.Unix(0, c.at.Load()) }
func (c *frozenClock) advance(d time.Duration) { c.at.Add(int64(d)) }

// slowSetup never lets an entry become Active unless the clock moves.
func slowSetup(clock *frozenClock) setup {
	s := defaultSetup()
	s.emu.ActivateAfter = time.Hour
	s.emu.Clock = clock.now
	return s
}

func TestWizardFromTheCENListToActiveEntries(t *testing.T) {
	t.Parallel()
	s := defaultSetup()
	s.width, s.height = 80, 24 // the smallest terminal the wizard is designed for
	f := start(t, s)
	f.toReview()
	f.press("enter")
	f.waitStep(stepResults, "active 2", "present 1")

	f.peek(func(m *Model) {
		r := m.state.report
		if len(r.Hosts) != 3 || r.Failed() != 0 || r.Stopped {
			t.Fatalf("report = %+v", r)
		}
		for _, h := range r.Hosts {
			switch h.Host {
			case presentHost:
				if h.Status != engine.StatusPresent {
					t.Errorf("%s: status %q, want present", h.Host, h.Status)
				}
			default:
				if h.Status != engine.StatusActive || !requestID.MatchString(h.RequestID) {
					t.Errorf("%s: status %q, RequestId %q; want active with a RequestId", h.Host, h.Status, h.RequestID)
				}
			}
		}
		if m.runs.busy() {
			t.Error("the run is still tracked after its results")
		}
		checkFits(t, m, 80, 24)
	})
	// The emulator agrees: both new hosts are Active, described "oss".
	active := 0
	for _, e := range f.srv.Emulator().State().Entries {
		if e.CenID == emulator.DemoCenID && e.Description == "oss" && e.Status == cenapi.StatusActive {
			active++
		}
	}
	if active != 2 {
		t.Errorf("the emulator has %d new Active entries, want 2", active)
	}
	f.press("q")
	f.finish()
}

// The session's note about the report directory reaches the save prompt.
func TestSavePromptSaysTheSessionsNote(t *testing.T) {
	t.Parallel()
	s := defaultSetup()
	s.reportNote = "this demo session's files are removed when you disconnect"
	f := start(t, s)
	f.toReview()
	f.press("enter")
	f.waitStep(stepResults, "active 2")
	f.press("s")
	f.waitView("enter saves, esc cancels; this demo session's files are removed")
}

func TestCtrlCAsksBeforeStoppingARun(t *testing.T) {
	t.Parallel()
	f := startHeldRun(t, false)

	f.press("ctrl+c")
	f.waitView("Stop the run? Accepted entries keep going; the run can be resumed. y/N")
	f.press("n") // any answer but y keeps the run going
	f.until("the prompt to close", func(m *Model) bool { return m.prompt == nil })
	f.peek(func(m *Model) {
		if m.step != stepSubmit || !m.runs.busy() {
			t.Fatalf("after n: step %v, running %v", m.step, m.runs.busy())
		}
	})

	f.press("q") // q asks the same question
	f.waitView("Stop the run?")
	f.press("y")
	f.waitStep(stepResults, "stopped 2", "r sends the stopped hosts now, or resume it at the next start.",
		"cenroute apply --resume ")
	var runID string
	f.peek(func(m *Model) {
		if !m.state.report.Stopped {
			t.Errorf("report not marked stopped: %+v", m.state.report)
		}
		runID = m.state.report.RunID
	})
	// Nothing runs now: q quits without asking.
	f.press("q")
	m := f.finish()

	infos, err := m.deps.Engine.Unfinished()
	if err != nil || len(infos) != 1 || infos[0].ID != runID {
		t.Fatalf("unfinished runs = %+v, %v; want the stopped run %s, resumable", infos, err, runID)
	}
}

// TestStoppedDemoRunContinuesInTheSession: r on the results of a stopped
// run resumes that run from its journal (same run, same ClientTokens), so
// its accepted hosts are followed to Active and nothing is sent twice.
func TestStoppedDemoRunContinuesInTheSession(t *testing.T) {
	t.Parallel()
	clock := newFrozenClock()
	s := slowSetup(clock)
	s.demo = true
	f := start(t, s)
	f.toReview()
	f.press("enter")
	f.waitStep(stepSubmit, creatingTwo)
	f.press("ctrl+c")
	f.waitView("Stop the run? Accepted entries keep going. y/N")
	f.press("y")
	f.waitStep(stepResults, "stopped 2", "Run stopped: r sends the stopped hosts now.")
	var first string
	f.peek(func(m *Model) {
		first = m.state.report.RunID
		if v := m.View(); contains(v, "--resume") || contains(v, "can be resumed") {
			t.Errorf("a demo run promises a resume:\n%s", v)
		}
	})
	clock.advance(2 * time.Hour) // the accepted entries are Active now
	f.press("r")
	f.until("the stopped run to be resumed and finish", func(m *Model) bool {
		return m.step == stepResults && m.state.report.RunID == first && !m.state.report.Stopped
	})
	f.peek(func(m *Model) {
		want := map[string]string{"100.100.10.0/24": engine.StatusActive, "100.100.11.0/24": engine.StatusActive,
			"100.118.28.0/24": engine.StatusPresent}
		for _, h := range m.state.report.Hosts {
			if h.Status != want[h.Host] {
				t.Errorf("%s: %s, want %s", h.Host, h.Status, want[h.Host])
			}
		}
	})
	if c := f.srv.Emulator().State().Counters["ResolveAndRouteServiceInCen"]; c.Created != 2 {
		t.Errorf("entries created %d, want 2: nothing sent twice", c.Created)
	}
}

// askToStopADemoRun holds a demo run and presses ctrl+c: the stop question
// is open.
func askToStopADemoRun(t *testing.T) *fixture {
	t.Helper()
	f := startHeldRun(t, true)
	f.press("ctrl+c")
	f.waitView("Stop the run?")
	return f
}

func TestSecondCtrlCWhileStoppingQuitsAtOnce(t *testing.T) {
	t.Parallel()
	f := askToStopADemoRun(t)
	f.press("ctrl+c")
	if m := f.finish(); m.step != stepSubmit {
		t.Fatalf("quit from %v, want from the running submit step", m.step)
	}
}

func TestUnfinishedRunIsOfferedAtStartUp(t *testing.T) {
	t.Parallel()
	clock := newFrozenClock()
	s := slowSetup(clock)
	s.stateDir = t.TempDir()
	s.endpoint = emulatortest.Start(t, s.emu).Endpoint()

	// An earlier session accepted two hosts, then stopped before they
	// became Active.
	plan := engine.Plan{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		AccessRegionIDs: []string{"cn-hangzhou"}, Hosts: []string{"100.100.10.0/24", "100.100.11.0/24"}}
	runID := stoppedRun(t, s, plan)

	clock.advance(2 * time.Hour) // the entries are Active by now
	f := start(t, s)
	f.waitView("Resume run " + runID + " (2 hosts left)? y/N")
	f.press("y")
	f.waitStep(stepResults, "active 2")
	f.peek(func(m *Model) {
		if m.state.report.RunID != runID {
			t.Errorf("results of run %q, want the resumed %q", m.state.report.RunID, runID)
		}
		if got := m.state.crumbs(stepResults, nil); !slices.Contains(got, emulator.DemoCenID) || !slices.Contains(got, "2 hosts") {
			t.Errorf("crumbs after a resume = %q", got)
		}
	})
}

// A run stopped against another endpoint (another account, another
// cloud) is not offered: resuming it here would send its hosts elsewhere.
func TestUnfinishedRunOfAnotherEndpointIsNotOffered(t *testing.T) {
	t.Parallel()
	s := slowSetup(newFrozenClock())
	s.stateDir = t.TempDir()
	s.endpoint = emulatortest.Start(t, s.emu).Endpoint()
	plan := engine.Plan{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		AccessRegionIDs: []string{"cn-hangzhou"}, Hosts: []string{"100.100.10.0/24"}}
	stoppedRun(t, s, plan)

	s.endpoint = "" // this session talks to an emulator of its own
	f := start(t, s)
	f.until("the unfinished runs to be read", func(*Model) bool { return contains(f.log.String(), "unfinished runs") })
	f.waitStep(stepCEN, cenLoaded)
	f.peek(func(m *Model) {
		if !contains(f.log.String(), "found=1 ours=false") || m.prompt != nil {
			t.Errorf("prompt %+v; log:\n%s", m.prompt, f.log)
		}
	})
}

// stoppedRun starts plan with its own engine, waits until every host is
// accepted, and stops the run, leaving a resumable journal in s.stateDir.
func stoppedRun(t *testing.T, s setup, plan engine.Plan) string {
	t.Helper()
	client := cenapitest.Client(t, s.endpoint)
	eo := s.eng
	eo.StateDir = s.stateDir
	eo.Identity = client.Identity
	run, err := engine.New(client, eo).Start(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for ev := range run.Events() {
		if ev.Kind == engine.EventAccepted {
			if accepted++; accepted == len(plan.Hosts) {
				run.Stop()
			}
		}
	}
	if r := run.Wait(); !r.Stopped {
		t.Fatalf("the earlier run was not stopped: %+v", r)
	}
	return run.ID()
}

func TestRetryRunsOnlyTheFailedHosts(t *testing.T) {
	t.Parallel()
	s := defaultSetup()
	s.emu.FailRate = 1 // every new entry ends Failed
	f := start(t, s)
	f.toReview()
	f.press("enter")
	f.waitStep(stepResults, "failed 2")
	var first string
	f.peek(func(m *Model) { first = m.state.report.RunID })
	f.press("r")
	f.until("a second run's results", func(m *Model) bool {
		return m.step == stepResults && m.state.report.RunID != first
	})
	f.peek(func(m *Model) {
		want := []string{"100.100.10.0/24", "100.100.11.0/24"}
		if got := m.state.runPlan.Hosts; !slices.Equal(got, want) {
			t.Errorf("retry plan hosts = %q, want only the failed %q", got, want)
		}
		if m.state.runPlan.Description != "oss" || m.state.runPlan.HostVpcID != emulator.DemoVpcID {
			t.Errorf("retry changed the plan: %+v", m.state.runPlan)
		}
	})
}

func TestNewPlanStartsOverOnTheSameCEN(t *testing.T) {
	t.Parallel()
	f := start(t, defaultSetup())
	f.toReview()
	f.press("enter")
	f.waitStep(stepResults, "active 2")
	f.press("n")
	f.waitStep(stepHostRegion, regionsLoaded)
	f.peek(func(m *Model) {
		if got := m.state.crumbs(stepHostRegion, nil); !slices.Equal(got, []string{emulator.DemoCenID}) {
			t.Errorf("crumbs = %q, want the CEN only", got)
		}
		if m.state.hostsText != "" || m.state.hosts != nil || m.state.description != "" {
			t.Errorf("new plan kept the old plan: %+v", m.state)
		}
	})
	// The region list is the one left behind, its cursor still on the
	// region chosen before; the hosts just routed are now present there.
	f.press("enter")
	f.waitStep(stepHostVPC, vpcsLoaded)
	f.press("enter")
	f.waitStep(stepAccess, accessLoaded, "[x]")
	f.press("enter")
	f.waitStep(stepHosts)
	f.paste(newHosts)
	f.waitView("valid 0, skipped 2")
}

func TestRouteServicesViewDeletesAndGoesBack(t *testing.T) {
	t.Parallel()
	f := startAtCEN(t)
	f.press("e")
	f.waitStep(stepRoutes, "100.104.112.0/24")
	f.peek(func(m *Model) {
		if got := m.state.crumbs(stepRoutes, nil); !slices.Equal(got, []string{emulator.DemoCenID}) {
			t.Errorf("crumbs = %q", got)
		}
	})
	before := len(f.srv.Emulator().State().Entries)
	f.press("space", "d")
	f.waitView("y/N")
	f.press("y")
	f.waitView("Deleted 1 route service.")
	// The run was tracked (so quitting would have asked); it has ended.
	for _, r := range f.model.runs.list() {
		r.Wait()
	}
	if after := len(f.srv.Emulator().State().Entries); after != before-1 {
		t.Errorf("the emulator holds %d entries, want %d", after, before-1)
	}
	// The first Esc dismisses the outcome, the second goes back.
	f.press("esc")
	f.until("the outcome to clear", func(m *Model) bool { return !contains(m.View(), "Deleted 1") })
	f.press("esc")
	f.waitStep(stepCEN, cenLoaded)
}

// The review shows the engine's own check of the plan, and submitting it
// sends exactly those calls (StartPrepared), without listing again.
func TestSubmitStartsFromTheReviewedCheck(t *testing.T) {
	t.Parallel()
	f := start(t, defaultSetup())
	f.toReview() // "2 ResolveAndRouteServiceInCen calls": the engine's count
	f.press("enter")
	f.waitStep(stepSubmit)
	if !contains(f.log.String(), "prepared=true") {
		t.Errorf("the run did not start from the reviewed check:\n%s", f.log)
	}
}

// The review of a plan since changed (its message arriving late, once the
// operator went back and chose otherwise) starts nothing.
func TestSubmitOfAnotherPlanIsDropped(t *testing.T) {
	t.Parallel()
	f := start(t, defaultSetup())
	f.toReview()
	var stale engine.Prepared
	f.peek(func(m *Model) {
		stale.Plan = m.state.plan()
		stale.Plan.Description = "a description since changed"
	})
	f.tm.Send(review.SubmitMsg{Prepared: stale})
	f.peek(func(m *Model) {
		if m.step != stepReview || m.starting || m.runs.busy() {
			t.Errorf("a review of another plan started a run: step %v, starting %v", m.step, m.starting)
		}
	})
	if !contains(f.log.String(), "a review of another plan was dropped") {
		t.Errorf("the late submit was not seen:\n%s", f.log)
	}
}

// A failed check shows the API's error in the review; r checks again.
func TestFailedCheckShowsTheErrorAndRetries(t *testing.T) {
	t.Parallel()
	sw, s := newFaultSwitch(t)
	f := start(t, s)
	f.toHosts()
	f.paste(newHosts)
	f.waitView("valid 2, skipped 0")
	f.press("tab")
	f.waitStep(stepDescribe)
	sw.on.Store(true)
	f.press("enter")
	f.waitStep(stepReview, "Could not check the plan against the CEN", "ServiceUnavailable", "r checks again")
	f.press("enter")
	f.peek(func(m *Model) {
		if m.starting || m.step != stepReview {
			t.Error("a plan that could not be checked was submitted")
		}
	})
	sw.on.Store(false)
	f.press("r")
	f.waitView("2 ResolveAndRouteServiceInCen calls")
}
