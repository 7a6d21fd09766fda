package routes

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/routesfile"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
	"github.com/cenroute/cenroute/views/picker"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
	"github.com/cenroute/cenroute/views/savefile"
)

// fake answers DescribeRouteServices with one fixed answer per call (the
// last one repeats) and records the filters it was given.
type fake struct {
	answers [][]cenapi.RouteService
	err     error
	asked   []cenapi.RouteServiceFilter
}

func (f *fake) DescribeRouteServices(_ context.Context, flt cenapi.RouteServiceFilter) ([]cenapi.RouteService, error) {
	f.asked = append(f.asked, flt)
	if f.err != nil {
		return nil, f.err
	}
	i := min(len(f.asked), len(f.answers)) - 1
	return f.answers[i], nil
}

var cen = cenapi.CENSummary{CEN: cenapi.CEN{ID: "cen-demo0000000001", Name: "production"}}

func entry(host, access, status string) cenapi.RouteService {
	return cenapi.RouteService{CenID: cen.ID, HostRegionID: "cn-hangzhou", Host: host, HostVpcID: "vpc-demo0000000001",
		AccessRegionID: access, Status: status, Description: "oss for " + access}
}

func demo() []cenapi.RouteService {
	return []cenapi.RouteService{
		entry("100.118.28.0/24", "cn-hangzhou", "Active"),
		entry("100.118.3.0/24", "cn-hangzhou", "Creating"),
		entry("100.64.0.10", "cn-shanghai", "Failed"),
		entry("100.118.28.0/24", "cn-shanghai", "Active"),
	}
}

// refuseDeleter fails the test if a deletion is started.
func refuseDeleter(t *testing.T) Deleter {
	return func(context.Context, []cenapi.RouteService) (*engine.Run, error) {
		t.Error("the deleter was called")
		return nil, nil
	}
}

func load(t *testing.T, src *fake, del Deleter, w, h int, ascii bool) *View {
	t.Helper()
	v := New(src, pt.Styles(ascii), cen, del, savefile.Options{})
	v.SetSize(w, h)
	pt.Feed(v, v.Init())
	if v.State() == picker.Loading {
		t.Fatalf("state %v after load:\n%s", v.State(), v.View())
	}
	return v
}

func enabled(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return out
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestTableShowsEntries(t *testing.T) {
	t.Parallel()
	src := &fake{answers: [][]cenapi.RouteService{demo()}}
	v := load(t, src, refuseDeleter(t), 120, 40, false)
	if len(src.asked) != 1 || src.asked[0] != (cenapi.RouteServiceFilter{CenID: cen.ID}) {
		t.Errorf("asked %v", src.asked)
	}
	out := v.View()
	pt.CheckFrame(t, out, 120, 40)
	for _, want := range []string{"Route services on production (cen-demo0000000001)", "Host", "Host region", "Access region",
		"Host VPC", "Status", "Description", "100.118.28.0/24", "vpc-demo0000000001", "✓ Active", "✗ Failed", "oss for cn-shanghai",
		"route services: 4, 0 selected"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	if got := enabled(v.ShortHelp()); !slices.Contains(got, "d delete") || !slices.Contains(got, "s sort") ||
		!slices.Contains(got, "space select") || slices.Contains(got, "enter choose") {
		t.Errorf("help %v", got)
	}
}

func TestSortFilterAndSelect(t *testing.T) {
	t.Parallel()
	v := load(t, &fake{answers: [][]cenapi.RouteService{demo()}}, refuseDeleter(t), 80, 24, false)
	pt.Press(v, "s")
	if !strings.Contains(v.View(), "sorted by Host") {
		t.Errorf("no sort word:\n%s", v.View())
	}
	var hosts []string
	for _, l := range strings.Split(v.View(), "\n")[2:6] {
		hosts = append(hosts, strings.Fields(l[len("> [ ] "):])[0])
	}
	if want := []string{"100.64.0.10", "100.118.3.0/24", "100.118.28.0/24", "100.118.28.0/24"}; !slices.Equal(hosts, want) {
		t.Errorf("hosts sorted %v, want %v", hosts, want)
	}
	pt.Press(v, "/")
	pt.Type(v, "shanghai")
	pt.Press(v, "enter", "a")
	if got := len(v.Selected()); got != 2 {
		t.Errorf("a under a filter selected %d, want 2", got)
	}
	if !strings.Contains(v.View(), "[x] 100.64.0.10") {
		t.Errorf("selection not marked:\n%s", v.View())
	}
	if cmd := pt.Press(v, "esc"); cmd != nil || v.Filter() != "" {
		t.Errorf("esc with a filter: %v, filter %q", cmd, v.Filter())
	}
}

func TestConfirmationStatesTheCountAndCanBeCancelled(t *testing.T) {
	t.Parallel()
	v := load(t, &fake{answers: [][]cenapi.RouteService{demo()}}, refuseDeleter(t), 80, 24, false)
	pt.Press(v, "space", "j", "space", "j", "space", "d")
	out := v.View()
	if !strings.Contains(out, "Delete 3 route services? y/N") || !strings.Contains(out, "100.64.0.10, host region cn-hangzhou, access region cn-shanghai") {
		t.Errorf("confirmation:\n%s", out)
	}
	pt.CheckFrame(t, out, 80, 24)
	if !v.Capturing() {
		t.Error("the confirmation does not capture letters")
	}
	if got := enabled(v.ShortHelp()); !slices.Equal(got, []string{"y delete", "n/esc cancel"}) {
		t.Errorf("help during the confirmation: %v", got)
	}
	if cmd := pt.Press(v, "esc"); cmd != nil {
		t.Errorf("esc on the confirmation gave %v", pt.Msgs(cmd))
	}
	if v.Capturing() || !strings.Contains(v.View(), "Nothing was deleted.") || len(v.Selected()) != 3 {
		t.Errorf("cancel: capturing %v, %d selected:\n%s", v.Capturing(), len(v.Selected()), v.View())
	}
	pt.Press(v, "a", "a", "d") // nothing selected: the highlighted entry
	if !strings.Contains(v.View(), "Delete 1 route service? y/N") {
		t.Errorf("single confirmation:\n%s", v.View())
	}
	if cmd := pt.Press(v, "n"); cmd != nil {
		t.Errorf("n gave %v", pt.Msgs(cmd))
	}
}

func TestDeletionIsFollowedToTheEndThenReloaded(t *testing.T) {
	t.Parallel()
	entries := demo()
	src := &fake{answers: [][]cenapi.RouteService{entries, {entries[1]}}}
	v := load(t, src, refuseDeleter(t), 80, 24, false)
	pt.Press(v, "a", "d")
	if !strings.Contains(v.View(), "Delete 4 route services? y/N") {
		t.Fatalf("confirmation:\n%s", v.View())
	}
	if pt.Press(v, "y") == nil {
		t.Fatal("y started nothing")
	}
	// Stand in for the Deleter's reply: a run whose events are queued.
	events := make(chan engine.Event, 8)
	id := v.runs.Next()
	follow := v.Update(startedMsg{id: id, events: events})

	events <- engine.Event{Kind: engine.EventDeleting, Host: "100.118.28.0/24", Region: "cn-hangzhou"}
	events <- engine.Event{Kind: engine.EventDeleted, Host: "100.118.28.0/24", Region: "cn-hangzhou"}
	follow = step(t, v, follow)
	follow = step(t, v, follow)
	if got := flat(v.View()); !strings.Contains(got, "Deleting 4 route services: 1 deleted, 0 failed, 3 in progress") {
		t.Errorf("progress:\n%s", v.View())
	}
	if msgs := pt.Msgs(pt.Press(v, "esc")); len(msgs) != 0 || !strings.Contains(v.View(), "still running") {
		t.Errorf("esc during the deletion gave %v:\n%s", msgs, v.View())
	}
	if got := enabled(v.ShortHelp()); slices.Contains(got, "d delete") {
		t.Errorf("d offered during a deletion: %v", got)
	}

	events <- engine.Event{Kind: engine.EventFailed, Host: "100.118.3.0/24", Region: "cn-hangzhou", Code: "InvalidOperation.CloudRouteStatusNotAllow",
		Message: "Operation is prohibited because status of cloud route is invalid.", RequestID: "9D1B2C3D-0000-4000-8000-00000000000A"}
	events <- engine.Event{Kind: engine.EventDeleted, Host: "100.64.0.10", Region: "cn-shanghai"}
	events <- engine.Event{Kind: engine.EventDeleted, Host: "100.118.28.0/24", Region: "cn-shanghai"}
	close(events)
	viewtest.Run(t, v, follow, func(tea.Msg) bool { return false })

	out := v.View()
	pt.CheckFrame(t, out, 80, 24)
	for _, want := range []string{"Deleted 3 of 4 route services: 1 failed", "100.118.3.0/24 into cn-hangzhou: InvalidOperation.CloudRouteStatusNotAllow",
		"RequestId 9D1B2C3D-0000-4000-8000-00000000000A", "route services: 1, 0 selected"} {
		if !strings.Contains(flat(out), want) {
			t.Errorf("after the run, view lacks %q:\n%s", want, out)
		}
	}
	if len(src.asked) != 2 {
		t.Errorf("the table was loaded %d times, want a reload after the run", len(src.asked))
	}
	if cmd := pt.Press(v, "esc"); cmd != nil || strings.Contains(v.View(), "Deleted 3 of 4") {
		t.Errorf("first esc should dismiss the outcome: %v\n%s", cmd, v.View())
	}
	if msgs := pt.Msgs(pt.Press(v, "esc")); len(msgs) != 1 || msgs[0] != (views.BackMsg{}) {
		t.Errorf("second esc gave %v", msgs)
	}
}

// step runs one event-reading command and feeds its message back.
func step(t *testing.T, v *View, cmd tea.Cmd) tea.Cmd {
	t.Helper()
	next := pt.Feed(v, cmd)
	if len(next) != 1 {
		t.Fatalf("expected one follow-up command, got %d", len(next))
	}
	return next[0]
}

func TestAllDeletedSaysSo(t *testing.T) {
	t.Parallel()
	entries := demo()[:2]
	v := load(t, &fake{answers: [][]cenapi.RouteService{entries, nil}}, refuseDeleter(t), 80, 24, false)
	pt.Press(v, "a", "d", "y")
	events := make(chan engine.Event, 4)
	for _, e := range entries {
		events <- engine.Event{Kind: engine.EventDeleted, Host: e.Host}
	}
	close(events)
	viewtest.Run(t, v, v.Update(startedMsg{id: v.runs.Next(), events: events}), func(tea.Msg) bool { return false })
	if out := v.View(); !strings.Contains(out, "✓ Deleted 2 route services.") || !strings.Contains(out, "No route services found.") {
		t.Errorf("view:\n%s", out)
	}
}

func TestDeleterErrorIsShownWithCode(t *testing.T) {
	t.Parallel()
	var got []cenapi.RouteService
	del := func(_ context.Context, entries []cenapi.RouteService) (*engine.Run, error) {
		got = entries
		return nil, fmt.Errorf("starting: %w", &cenapi.Error{Code: "Throttling.User", Message: "Request was denied due to user flow control.", RequestID: "RID-7"})
	}
	v := load(t, &fake{answers: [][]cenapi.RouteService{demo()}}, del, 80, 24, false)
	pt.Press(v, "j", "space", "j", "j", "space", "d")
	viewtest.Run(t, v, pt.Press(v, "y"), func(tea.Msg) bool { return false })
	if len(got) != 2 || got[0].Host != "100.118.3.0/24" || got[1].AccessRegionID != "cn-shanghai" || got[1].Host != "100.118.28.0/24" {
		t.Errorf("deleter got %v", got)
	}
	out := v.View()
	for _, want := range []string{"Could not start the deletion", "Throttling.User", "RID-7"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, out)
		}
	}
	if got := enabled(v.ShortHelp()); !slices.Contains(got, "d delete") {
		t.Errorf("d not offered again after a failed start: %v", got)
	}
}

func TestStaleRunMessagesAreDropped(t *testing.T) {
	t.Parallel()
	v := load(t, &fake{answers: [][]cenapi.RouteService{demo()}}, refuseDeleter(t), 80, 24, false)
	old := v.runs.Next()
	pt.Press(v, "d", "y")
	current := v.runs.Next()
	if cmd := v.Update(eventMsg{id: old, closed: true}); cmd != nil || !strings.Contains(v.View(), "Deleting 1 route service") {
		t.Errorf("a stale end of run was applied:\n%s", v.View())
	}
	stale := make(chan engine.Event, 1)
	stale <- engine.Event{Kind: engine.EventDeleted, Host: "x"}
	close(stale)
	if msgs := pt.Msgs(v.Update(startedMsg{id: old, events: stale})); len(msgs) != 0 {
		t.Errorf("draining a stale run produced %v", msgs)
	}
	if _, open := <-stale; open {
		t.Error("a stale run was not drained")
	}
	v.Update(eventMsg{id: current, closed: true})
	if strings.Contains(v.View(), "Deleting") {
		t.Errorf("the current run's end was not applied:\n%s", v.View())
	}
}

func TestStatesSizesAndASCII(t *testing.T) {
	t.Parallel()
	failed := load(t, &fake{err: &cenapi.Error{Code: "ParameterCenInstanceId", Message: "The specified CEN instance id does not exist.", RequestID: "RID-8"}},
		refuseDeleter(t), 80, 24, false)
	if out := failed.View(); !strings.Contains(out, "ParameterCenInstanceId") || !strings.Contains(out, "RID-8") || !strings.Contains(out, "r to retry") {
		t.Errorf("error view:\n%s", out)
	}
	if got := enabled(failed.ShortHelp()); !slices.Equal(got, []string{"r retry"}) {
		t.Errorf("help on error: %v", got)
	}
	empty := load(t, &fake{answers: [][]cenapi.RouteService{nil}}, refuseDeleter(t), 80, 24, false)
	if !strings.Contains(empty.View(), "Nothing is routed on this CEN yet.") {
		t.Errorf("empty view:\n%s", empty.View())
	}
	v := load(t, &fake{answers: [][]cenapi.RouteService{demo()}}, refuseDeleter(t), 120, 40, true)
	pt.Press(v, "a", "d")
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		v.SetSize(size[0], size[1])
		out := v.View()
		pt.CheckFrame(t, out, size[0], size[1])
		pt.CheckPlain(t, out, true)
		if !strings.Contains(out, "> [x] ") || !strings.Contains(out, "+ Active") {
			t.Errorf("markers missing in ASCII mode:\n%s", out)
		}
	}
}

// IDs are never shortened by the table, even at 80 columns: the host, the
// regions and the VPC stand whole, and the free text gives way.
func TestIDsStandWholeAtEightyColumns(t *testing.T) {
	t.Parallel()
	entries := demo()
	entries[0].HostVpcID, entries[1].HostVpcID = "vpc-demo0000000001", "vpc-demo0000000002"
	v := load(t, &fake{answers: [][]cenapi.RouteService{entries}}, refuseDeleter(t), 80, 24, true)
	out := v.View()
	for _, e := range entries {
		whole := strings.Join([]string{regexp.QuoteMeta(e.Host), e.HostRegionID, e.AccessRegionID, e.HostVpcID}, " +") + " "
		if !regexp.MustCompile(whole).MatchString(out) {
			t.Errorf("the entry of %s is not whole:\n%s", e.Host, out)
		}
	}
}

// The footer cuts from the end: delete, the view's own key, comes first.
func TestDeleteLeadsTheShortHelp(t *testing.T) {
	t.Parallel()
	v := load(t, &fake{answers: [][]cenapi.RouteService{demo()}}, refuseDeleter(t), 80, 24, true)
	if got := enabled(v.ShortHelp()); len(got) == 0 || got[0] != "d delete" {
		t.Errorf("short help %v, want d delete first", got)
	}
}

// x exports the checked entries (or, none checked, those the filter
// shows) as a routes file: in a session's room at once under a name of
// its own, saying at its head when it is part of the CEN; locally behind
// a prompt, never over a file without asking.
func TestExportToARoutesFile(t *testing.T) {
	t.Parallel()
	room := t.TempDir()
	v := New(&fake{answers: [][]cenapi.RouteService{demo()}}, pt.Styles(false), cen, refuseDeleter(t), savefile.Options{Room: room})
	v.SetSize(120, 40)
	pt.Feed(v, v.Init())
	pt.Feed(v, pt.Press(v, "x"))
	if v.Capturing() {
		t.Fatal("a room asked for a path")
	}
	name := "cenroute-routes-" + cen.ID + ".yaml"
	if !strings.Contains(flat(v.View()), "saved as "+name+" in this session's room on the server") {
		t.Fatalf("after x:\n%s", v.View())
	}
	f, err := routesfile.Load(filepath.Join(room, name))
	if err != nil {
		t.Fatal(err)
	}
	// The Failed entry is left out; the others make two services.
	if w := f.Wanted(); w.CenID != cen.ID || len(w.Services) != 2 || f.Note != "" {
		t.Errorf("exported %+v", w)
	}
	pt.Press(v, "space", "j", "space")
	pt.Feed(v, pt.Press(v, "x"))
	data, err := os.ReadFile(filepath.Join(room, "cenroute-routes-"+cen.ID+"-2.yaml"))
	if err != nil || !strings.Contains(string(data), "# Part of the CEN (2 entries of 4)") {
		t.Errorf("the selection's file: %v\n%s", err, data)
	}

	dir := t.TempDir()
	local := New(&fake{answers: [][]cenapi.RouteService{demo()}}, pt.Styles(false), cen, refuseDeleter(t), savefile.Options{Dir: dir})
	local.SetSize(120, 40)
	pt.Feed(local, local.Init())
	pt.Press(local, "x")
	path := filepath.Join(dir, name)
	if !local.Capturing() || !strings.Contains(local.View(), "save to: "+path) {
		t.Fatalf("local export:\n%s", local.View())
	}
	pt.Feed(local, pt.Press(local, "enter"))
	if _, err := routesfile.Load(path); err != nil {
		t.Fatal(err)
	}
	pt.Press(local, "x")
	pt.Feed(local, pt.Press(local, "enter"))
	if !strings.Contains(local.View(), path+" exists; overwrite? y/N") {
		t.Errorf("a second export did not ask:\n%s", local.View())
	}
}
