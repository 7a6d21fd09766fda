package submit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

const runID = "run-20260101-000000-abcd"

var plan = engine.Plan{CenID: "cen-test", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-test",
	AccessRegionIDs: []string{"cn-hangzhou", "cn-shanghai"},
	Hosts:           []string{"100.118.1.0/24", "100.118.2.0/24", "100.118.3.0/24", "100.118.4.0/24"}}

// t0 is the run's start; events carry times after it.
var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func ev(kind engine.EventKind, host string, sec int) engine.Event {
	return engine.Event{RunID: runID, Kind: kind, Host: host, Time: t0.Add(time.Duration(sec) * time.Second)}
}

// scripted is a view over a channel the test fills; the report is what
// run.Wait would return.
func scripted(t *testing.T, report engine.Report) (*View, chan engine.Event) {
	t.Helper()
	ch := make(chan engine.Event, 100)
	v := newView(viewtest.Styles(), runID, ch, func() engine.Report { return report }, plan,
		[]string{"100.118.4.0/24"}, t0)
	v.SetSize(120, 40)
	return v, ch
}

// step runs one read command and feeds its message to the view.
func step(t *testing.T, v *View, cmd tea.Cmd) tea.Cmd {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command to read the next event")
	}
	return v.Update(cmd())
}

func TestRowsFollowTheEvents(t *testing.T) {
	t.Parallel()
	report := engine.Report{RunID: runID, Stopped: true}
	v, ch := scripted(t, report)
	viewtest.MustContain(t, v.View(), "… queued 3", "✓ present 1", "1/4 settled")

	retry := ev(engine.EventRetrying, "100.118.1.0/24", 1)
	retry.Reason = "Throttling.User: slowing down"
	accepted := ev(engine.EventAccepted, "100.118.1.0/24", 2)
	accepted.RequestID = "5A1F0000-0000-4000-8000-000000000001"
	failed := ev(engine.EventFailed, "100.118.2.0/24", 2)
	failed.Code, failed.Message = "CloudRoute.VpcNotAttached", "The VPC is not attached to the CEN."
	script := []engine.Event{
		ev(engine.EventQueued, "100.118.1.0/24", 0), ev(engine.EventQueued, "100.118.2.0/24", 0),
		ev(engine.EventQueued, "100.118.3.0/24", 0), ev(engine.EventSkipped, "100.118.4.0/24", 0),
		ev(engine.EventSending, "100.118.1.0/24", 0), retry,
	}
	for _, e := range script {
		ch <- e
	}
	cmd := v.read()
	for range script {
		cmd = step(t, v, cmd)
	}
	viewtest.MustContain(t, v.View(), "! retrying", "Throttling.User: slowing down", "1 call sent")

	script = []engine.Event{
		ev(engine.EventSending, "100.118.1.0/24", 1), accepted, ev(engine.EventCreating, "100.118.1.0/24", 2),
		ev(engine.EventSending, "100.118.2.0/24", 1), failed,
		ev(engine.EventSending, "100.118.3.0/24", 2),
	}
	for _, e := range script {
		ch <- e
	}
	for range script {
		cmd = step(t, v, cmd)
	}
	view := v.View()
	viewtest.MustContain(t, view, "… creating", "5A1F0000-0000-4000-8000-000000000001",
		"✗ failed", "CloudRoute.VpcNotAttached: The VPC is not attached",
		"… sending", "2/4 settled", "elapsed 0:02, 4 calls sent, 2.0 calls/s",
		"… sending 1", "… creating 1", "✓ present 1", "✗ failed 1")

	// The operator stops; the engine reports the unfinished host stopped.
	v.Update(StopRequestedMsg{})
	viewtest.MustContain(t, v.View(), "stopping…", "calls in flight finish, then the results show what is left")
	ch <- ev(engine.EventActive, "100.118.1.0/24", 3)
	ch <- ev(engine.EventStopped, "100.118.3.0/24", 3)
	close(ch)
	cmd = step(t, v, cmd)
	cmd = step(t, v, cmd)
	finish := step(t, v, cmd)
	if finish == nil {
		t.Fatal("closing the channel did not finish the view")
	}
	if got := finish(); got.(FinishedMsg).Report.RunID != runID {
		t.Fatalf("finished with %+v", got)
	}
	viewtest.MustContain(t, v.View(), "finished", "4/4 settled", "! stopped", "✓ active 1")
}

// What an earlier view read (of an earlier run, or of the same run before
// it was resumed) is not this view's.
func TestMessagesOfAnotherViewAreDropped(t *testing.T) {
	t.Parallel()
	v, _ := scripted(t, engine.Report{})
	earlier, ch := scripted(t, engine.Report{})
	ch <- ev(engine.EventFailed, "100.118.1.0/24", 1)
	if cmd := v.Update(earlier.read()()); cmd != nil {
		t.Error("re-armed the read after another view's event")
	}
	if strings.Contains(v.View(), "failed") {
		t.Errorf("another view's event changed a row:\n%s", v.View())
	}
	close(ch)
	if cmd := v.Update(earlier.read()()); cmd != nil || v.finished {
		t.Error("another view's end finished this view")
	}
	if cmd := v.Update(tickMsg{ticket: earlier.ticket, t: t0}); cmd != nil {
		t.Error("another view's tick re-armed the clock")
	}
}

func TestClockTicksOnlyWhileTheRunGoesOn(t *testing.T) {
	t.Parallel()
	v, ch := scripted(t, engine.Report{})
	if v.Init() == nil {
		t.Fatal("Init starts nothing")
	}
	if cmd := v.Update(tickMsg{ticket: v.ticket, t: t0.Add(65 * time.Second)}); cmd == nil {
		t.Error("the clock stopped during the run")
	}
	viewtest.MustContain(t, v.View(), "elapsed 1:05")
	close(ch)
	step(t, v, v.read())
	if cmd := v.Update(tickMsg{ticket: v.ticket, t: t0.Add(66 * time.Second)}); cmd != nil {
		t.Error("the clock still ticks after the run ended")
	}
}

func TestThousandsOfHostsScroll(t *testing.T) {
	t.Parallel()
	var hosts []string
	for i := range 3000 {
		hosts = append(hosts, fmt.Sprintf("100.%d.%d.0/24", 64+i/256, i%256))
	}
	p := plan
	p.Hosts = hosts
	ch := make(chan engine.Event, len(hosts))
	v := newView(viewtest.Styles(), runID, ch, func() engine.Report { return engine.Report{} }, p, nil, t0)
	v.SetSize(80, 24)
	for _, h := range hosts {
		ch <- ev(engine.EventActive, h, 1)
	}
	cmd := v.read()
	for range hosts {
		cmd = step(t, v, cmd)
	}
	// 24 rows less the title (two lines at 80 columns), bar, clock,
	// counts, column titles and the line below: 17 hosts at a time.
	viewtest.MustContain(t, v.View(), "3000/3000 settled", "✓ active 3000", "hosts 1-17 of 3000")
	v.Update(viewtest.Key("end"))
	viewtest.MustContain(t, v.View(), "hosts 2984-3000 of 3000", "100.75.183.0/24")
	v.Update(viewtest.Key("pgup"))
	viewtest.MustContain(t, v.View(), "hosts 2967-2983 of 3000")
}

func TestSubmitFitsTheTerminal(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		v, ch := scripted(t, engine.Report{})
		failed := ev(engine.EventFailed, "100.118.2.0/24", 2)
		failed.Code, failed.Message = "OperationFailed.Something", strings.Repeat("a long message ", 20)
		ch <- failed
		step(t, v, v.read())
		v.Update(StopRequestedMsg{})
		v.SetSize(size[0], size[1])
		viewtest.CheckSize(t, v.View(), size[0], size[1])
	}
}

func TestProgressBarIsASCIIWhenAsked(t *testing.T) {
	t.Parallel()
	st := viewtest.StylesWith(true)
	v := newView(st, runID, make(chan engine.Event), nil, plan, []string{"100.118.4.0/24"}, t0)
	v.SetSize(80, 24)
	var bar string
	for _, l := range strings.Split(v.View(), "\n") {
		if strings.Contains(l, "settled") {
			bar = l
		}
	}
	if !strings.Contains(bar, "#") || !strings.Contains(bar, "-") || strings.ContainsAny(bar, "█░") {
		t.Errorf("bar %q is not ASCII", bar)
	}
}

func BenchmarkEventAndView5000(b *testing.B) {
	var hosts []string
	for i := range 5000 {
		hosts = append(hosts, fmt.Sprintf("100.%d.%d.0/24", 64+i/256, i%256))
	}
	p := plan
	p.Hosts = hosts
	v := newView(viewtest.Styles(), runID, nil, nil, p, nil, t0)
	v.SetSize(120, 40)
	kinds := []engine.EventKind{engine.EventSending, engine.EventAccepted, engine.EventCreating}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		v.handleEvent(eventMsg{ticket: v.ticket, ev: ev(kinds[i%len(kinds)], hosts[i%len(hosts)], 1)})
		_ = v.View()
	}
}

func TestMoveKeysAreNamedAsOnEveryScreen(t *testing.T) {
	t.Parallel()
	v := newView(viewtest.StylesWith(false), runID, nil, nil, plan, nil, t0)
	viewtest.CheckMoveKeys(t, v.FullHelp())
}

// The title wraps rather than cutting the access regions off, and the list
// below makes room for it.
func TestTitleWrapsEveryAccessRegion(t *testing.T) {
	t.Parallel()
	p := plan
	p.CenID = "cen-demo0000000001"
	p.AccessRegionIDs = []string{"cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1", "cn-hongkong"}
	v := newView(viewtest.Styles(), "20260101-000000-abcdef", nil, nil, p, nil, t0)
	v.SetSize(80, 24)
	view := v.View()
	viewtest.CheckSize(t, view, 80, 24)
	flat := strings.Join(strings.Fields(view), " ")
	viewtest.MustContain(t, flat, "into cn-hangzhou, cn-shanghai, cn-beijing, ap-southeast-1, cn-hongkong")
}
