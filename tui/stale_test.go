package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/views/regions"
)

// A late reply for an old selection is dropped wherever it arrives. The
// views' own tests show it for each view (a list's load, the editor's
// listing and lookups, the review's check, a save, a deletion, a run's
// events); these show it through the root, which hands every reply to
// every live view.

// The VPCs of the region chosen first, arriving after the operator went
// back and chose another region, do not replace that region's VPCs.
func TestLateListOfAnOldRegionIsDropped(t *testing.T) {
	t.Parallel()
	d := newDriver(t, testStyles(true), 120, 40)
	d.key("enter")
	if d.m.step != stepHostRegion {
		t.Fatalf("on step %v, want the host region", d.m.step)
	}
	// Enter on cn-beijing, the first region; its VPC list is held back.
	_, choose := d.m.Update(keyMsg("enter"))
	_, oldLoad := d.m.Update(choose())
	if d.m.step != stepHostVPC || oldLoad == nil {
		t.Fatalf("on step %v, want the host VPC with its load", d.m.step)
	}
	d.key("esc")
	d.key("down")
	d.key("enter")
	hangzhou := d.m.View()
	if d.m.step != stepHostVPC || !strings.Contains(hangzhou, "cn-hangzhou") || !strings.Contains(hangzhou, vpcsLoaded) {
		t.Fatalf("the VPCs of cn-hangzhou are not shown:\n%s", hangzhou)
	}
	d.start(oldLoad)
	d.settle(idleUpdateLimit)
	if got := d.m.View(); got != hangzhou {
		t.Errorf("the late list of cn-beijing changed the screen:\n%s", got)
	}
}

// A choice made on a step that is no longer on screen (its message late)
// does not move the wizard.
func TestChoiceOfAStepLeftIsDropped(t *testing.T) {
	t.Parallel()
	f := startAtCEN(t)
	f.press("enter")
	f.waitStep(stepHostRegion, regionsLoaded)
	f.press("down", "enter")
	f.waitStep(stepHostVPC, vpcsLoaded)
	late := regions.ChosenMsg{Region: cenapi.HostRegion{Region: cenapi.Region{ID: "cn-shanghai"}, Supported: true}}
	f.tm.Send(late)
	f.peek(func(m *Model) {
		if m.step != stepHostVPC || m.state.hostRegion.ID != "cn-hangzhou" {
			t.Errorf("a late choice moved the wizard: step %v, host region %q", m.step, m.state.hostRegion.ID)
		}
	})
}

// A run started for a request nobody waits for any more (another start
// was asked for since) is stopped, not shown, and stays resumable; the
// latest start is shown.
func TestLateRunStartIsStoppedNotShown(t *testing.T) {
	t.Parallel()
	f := start(t, slowSetup(newFrozenClock()))
	f.toReview()
	var first, second tea.Cmd
	f.peek(func(m *Model) {
		plan := m.state.plan()
		first = m.startRun(plan, nil, nil)
		second = m.startRun(plan, nil, nil)
	})
	late := first().(runStartedMsg)
	if late.err != nil || late.run == nil {
		t.Fatalf("the first start failed: %v", late.err)
	}
	f.tm.Send(late)
	f.peek(func(m *Model) {
		if m.step != stepReview || !m.starting {
			t.Errorf("a late start was shown: step %v, starting %v", m.step, m.starting)
		}
	})
	if rep := late.run.Wait(); !rep.Stopped {
		t.Errorf("the late run was not stopped: %+v", rep)
	}
	f.tm.Send(second())
	f.waitStep(stepSubmit)
	if !contains(f.log.String(), "a run nobody waits for is stopped") {
		t.Errorf("the late run was not logged:\n%s", f.log)
	}
}
