package routes

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views/internal/viewtest"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
	"github.com/cenroute/cenroute/views/savefile"
)

// world is an in-memory CEN for the engine: deletes take effect at once,
// except for hosts in refuse, which answer with an API error.
type world struct {
	mu      sync.Mutex
	entries []cenapi.RouteService
	refuse  map[string]bool
}

func (w *world) DescribeRouteServices(_ context.Context, f cenapi.RouteServiceFilter) ([]cenapi.RouteService, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []cenapi.RouteService
	for _, e := range w.entries {
		if f.HostRegionID == "" || f.HostRegionID == e.HostRegionID {
			out = append(out, e)
		}
	}
	return out, nil
}

func (w *world) DescribeRouteServicesPage(ctx context.Context, f cenapi.RouteServiceFilter, page, _ int) ([]cenapi.RouteService, int, error) {
	all, _ := w.DescribeRouteServices(ctx, f)
	if page > 1 {
		return nil, len(all), nil
	}
	return all, len(all), nil
}

func (w *world) DeleteRouteService(_ context.Context, d cenapi.DeleteRequest) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.refuse[d.Host] {
		return "", &cenapi.Error{Op: "DeleteRouteServiceInCen", Code: "InvalidOperation.CloudRouteStatusNotAllow",
			Message: "Operation is prohibited because status of cloud route is invalid.", RequestID: "REFUSED-1", HTTPStatus: 400}
	}
	w.entries = slices.DeleteFunc(w.entries, func(e cenapi.RouteService) bool {
		return e.Host == d.Host && e.AccessRegionID == d.AccessRegionID && e.HostRegionID == d.HostRegionID
	})
	return "DELETED-1", nil
}

func (w *world) ResolveAndRouteService(context.Context, cenapi.ResolveRequest) (string, error) {
	return "", &cenapi.Error{Code: "Unexpected", Message: "not used by this view"}
}

// TestDeleteThroughTheEngine follows a real engine run: the view reads
// Run.Events until the run ends, then reloads what is left.
func TestDeleteThroughTheEngine(t *testing.T) {
	t.Parallel()
	w := &world{entries: demo(), refuse: map[string]bool{"100.64.0.10": true}}
	eng := engine.New(w, engine.Options{StateDir: t.TempDir(), MaxAttempts: 1, QPS: 1000,
		// Polls of the in-memory world cost nothing; a short interval
		// only keeps the test quick, nothing waits on it.
		PollInterval: time.Millisecond})
	del := func(ctx context.Context, entries []cenapi.RouteService) (*engine.Run, error) {
		return eng.StartDelete(ctx, engine.NewDeletePlan(entries))
	}
	v := New(w, pt.Styles(false), cen, del, savefile.Options{})
	v.SetSize(100, 30)
	pt.Feed(v, v.Init())
	pt.Press(v, "space", "j", "j", "space", "d")
	if !strings.Contains(v.View(), "Delete 2 route services? y/N") {
		t.Fatalf("confirmation:\n%s", v.View())
	}
	viewtest.Run(t, v, pt.Press(v, "y"), func(tea.Msg) bool { return false })
	out := flat(v.View())
	for _, want := range []string{"Deleted 1 of 2 route services: 1 failed", "100.64.0.10 into cn-shanghai: InvalidOperation.CloudRouteStatusNotAllow",
		"route services: 3, 0 selected"} {
		if !strings.Contains(out, want) {
			t.Errorf("view lacks %q:\n%s", want, v.View())
		}
	}
}
