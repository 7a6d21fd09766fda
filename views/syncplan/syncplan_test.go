package syncplan

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
)

// diff is one create of two entries and one unchanged entry.
func diff() engine.SyncDiff {
	e := engine.DiffEntry{HostRegionID: "cn-hangzhou", Host: "100.118.29.0/24", AccessRegionID: "cn-hangzhou", HostVpcID: "vpc-1"}
	f := e
	f.AccessRegionID = "cn-shanghai"
	u := e
	u.Host = "100.118.28.0/24"
	return engine.SyncDiff{CenID: "cen-1", Creates: []engine.DiffEntry{e, f}, Unchanged: []engine.DiffEntry{u},
		Plan: engine.SyncPlan{CenID: "cen-1", Creates: []engine.SyncCreate{{HostRegionID: "cn-hangzhou", HostVpcID: "vpc-1",
			Host: "100.118.29.0/24", AccessRegionIDs: []string{"cn-hangzhou", "cn-shanghai"}}}}}
}

// view is the review of a file whose check answers with d, problems and
// err; the syncs it starts are counted.
func view(t *testing.T, d engine.SyncDiff, problems []string, err error, syncs *int) *View {
	t.Helper()
	plan := func(context.Context, engine.SyncOptions) (engine.SyncDiff, []string, error) { return d, problems, err }
	sync := func(context.Context, engine.SyncPlan) (*engine.Run, error) {
		*syncs++
		return nil, errors.New("no run in this test")
	}
	v := New(viewtest.Styles(), "routes.yaml", plan, sync)
	v.SetSize(100, 30)
	pt.Feed(v, v.Init())
	return v
}

func TestReviewShowsTheDifferenceAndAsksFirst(t *testing.T) {
	t.Parallel()
	syncs := 0
	v := view(t, diff(), nil, nil, &syncs)
	viewtest.MustContain(t, v.View(), "Sync routes.yaml to cen-1", "2 to create, 0 to delete, 0 to replace, 1 unchanged: 1 call",
		"create", "unchanged", "100.118.29.0/24")
	viewtest.CheckSize(t, v.View(), 100, 30)
	pt.Press(v, "enter")
	if !v.Capturing() || !strings.Contains(v.View(), "? y/N") {
		t.Fatalf("enter did not ask:\n%s", v.View())
	}
	pt.Press(v, "q")
	if syncs != 0 || v.Capturing() || !strings.Contains(v.View(), "Nothing was sent.") {
		t.Errorf("q on the question: %d syncs:\n%s", syncs, v.View())
	}
	pt.Feed(v, pt.Press(v, "enter", "y"))
	if syncs != 1 || !strings.Contains(v.View(), "Could not start the sync: no run in this test") {
		t.Errorf("y: %d syncs:\n%s", syncs, v.View())
	}
}

func TestReviewOfAFileThatDoesNotRead(t *testing.T) {
	t.Parallel()
	syncs := 0
	v := view(t, engine.SyncDiff{}, []string{"routes.yaml:7: 10.0.0.0/24: outside 100.64.0.0/10"}, nil, &syncs)
	viewtest.MustContain(t, v.View(), "Nothing can be sent: fix the file", "routes.yaml:7: 10.0.0.0/24: outside 100.64.0.0/10")
	if pt.Press(v, "enter"); syncs != 0 || v.Capturing() {
		t.Error("enter acts on a file that does not read")
	}
	v = view(t, engine.SyncDiff{}, nil, errors.New("the CEN API did not answer"), &syncs)
	viewtest.MustContain(t, v.View(), "Could not check the file against the CEN", "the CEN API did not answer")
	if msgs := pt.Msgs(pt.Press(v, "esc")); len(msgs) != 1 || msgs[0] != (views.BackMsg{}) {
		t.Errorf("esc answered %v", msgs)
	}
}

// An answer to an earlier check changes nothing.
func TestLateCheckIsDropped(t *testing.T) {
	t.Parallel()
	syncs := 0
	v := view(t, diff(), nil, nil, &syncs)
	old := v.checks.Next()
	v.checks.Next()
	v.Update(checkedMsg{ticket: old, err: errors.New("late answer")})
	if strings.Contains(v.View(), "late answer") {
		t.Errorf("a late answer reached the view:\n%s", v.View())
	}
}

// On a narrow screen no ID or action word is cut: the columns that do not
// fit are left out, the detail line shows the row under the cursor whole,
// and the question stays on screen however the lines wrap.
func TestNarrowReviewCutsNoIDAndKeepsTheQuestion(t *testing.T) {
	t.Parallel()
	d := diff()
	long := "vpc-demo0000000000000001"
	for i := range d.Creates {
		d.Creates[i].HostVpcID = long
	}
	syncs := 0
	v := view(t, d, nil, nil, &syncs)
	for _, size := range [][2]int{{80, 24}, {60, 16}} {
		v.SetSize(size[0], size[1])
		screen := v.View()
		viewtest.CheckSize(t, screen, size[0], size[1])
		if regexp.MustCompile(`(vpc-|cn-|100\.)\S*…|unchan…`).MatchString(screen) {
			t.Errorf("%dx%d: an ID or an action is cut:\n%s", size[0], size[1], screen)
		}
		viewtest.MustContainWrapped(t, screen, long)
		pt.Press(v, "enter")
		viewtest.MustContainWrapped(t, v.View(), "? y/N")
		pt.Press(v, "n")
	}
}
