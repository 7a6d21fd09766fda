package hosts

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
)

// fetchTimeout bounds the whole listing (all pages) of existing entries.
const fetchTimeout = 2 * time.Minute

// loadState is where the listing of existing entries stands.
type loadState int

const (
	loading loadState = iota
	loadFailed
	loaded
)

// existing is what the editor knows of the entries already on the CEN.
type existing struct {
	state     loadState
	id        int               // request id of the listing in flight or last done
	present   map[string]bool   // canonical hosts the run will skip
	conflicts map[string]string // canonical hosts the run would fail, and why
	err       error
}

// existingMsg answers one listing; id lets a stale answer be dropped.
type existingMsg struct {
	id        int
	present   map[string]bool
	conflicts map[string]string
	err       error
}

// fetchExisting lists the entries of the target's CEN and host region and
// judges them. It captures only values, never the view.
func fetchExisting(src Source, t Target, id int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), fetchTimeout)
		defer cancel()
		entries, err := src.DescribeRouteServices(ctx, cenapi.RouteServiceFilter{CenID: t.CenID, HostRegionID: t.HostRegionID})
		if err != nil {
			return existingMsg{id: id, err: err}
		}
		present, conflicts, err := judge(ctx, t, entries)
		return existingMsg{id: id, present: present, conflicts: conflicts, err: err}
	}
}

// judge sorts every host that has an entry with the engine's own rule,
// engine.Prepare, as the run will: present (routed, Active or Creating,
// into every access region through the host VPC) or in conflict (an entry
// through another VPC, a Failed one, one being deleted), with the reason.
// Hosts without an entry are neither. Results are keyed by canonical host.
//
// Why an engine over the listed entries: Prepare is the one place the rule
// lives, and it judges the hosts of a plan; given the entries already
// listed, it needs no second call to the API.
func judge(ctx context.Context, t Target, entries []cenapi.RouteService) (map[string]bool, map[string]string, error) {
	present, conflicts := map[string]bool{}, map[string]string{}
	var hosts []string
	seen := map[string]bool{}
	for _, e := range entries {
		if h := hostlist.Canonical(e.Host); e.HostRegionID == t.HostRegionID && !seen[h] {
			seen[h] = true
			hosts = append(hosts, e.Host)
		}
	}
	if len(hosts) == 0 {
		return present, conflicts, nil
	}
	plan := engine.Plan{CenID: t.CenID, HostRegionID: t.HostRegionID, HostVpcID: t.HostVpcID,
		AccessRegionIDs: t.AccessRegionIDs, Hosts: hosts}
	prep, err := engine.New(listed(entries), engine.Options{}).Prepare(ctx, plan)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range prep.Present {
		present[hostlist.Canonical(h)] = true
	}
	for h, why := range prep.Conflicts {
		conflicts[hostlist.Canonical(h)] = why
	}
	return present, conflicts, nil
}

// errNoWrites says that listed only answers reads.
var errNoWrites = errors.New("the editor sends nothing")

// listed is an engine.API that answers with entries already listed, for
// judge: Prepare only reads them.
type listed []cenapi.RouteService

func (l listed) DescribeRouteServices(context.Context, cenapi.RouteServiceFilter) ([]cenapi.RouteService, error) {
	return l, nil
}

func (l listed) DescribeRouteServicesPage(context.Context, cenapi.RouteServiceFilter, int, int) ([]cenapi.RouteService, int, error) {
	return l, len(l), nil
}

func (listed) ResolveAndRouteService(context.Context, cenapi.ResolveRequest) (string, error) {
	return "", errNoWrites
}

func (listed) DeleteRouteService(context.Context, cenapi.DeleteRequest) (string, error) {
	return "", errNoWrites
}

// reload starts a new listing; an answer to an older one will be dropped.
func (v *View) reload() tea.Cmd {
	v.existing.id++
	v.existing.state = loading
	v.existing.err = nil
	v.relayout()
	return fetchExisting(v.src, v.target, v.existing.id)
}

// handleExisting records the answer to the latest listing and re-checks
// the text, since what is present or in conflict may have changed.
func (v *View) handleExisting(msg existingMsg) {
	if msg.id != v.existing.id {
		return
	}
	if msg.err != nil {
		v.existing.state, v.existing.err = loadFailed, msg.err
	} else {
		v.existing.state, v.existing.present, v.existing.conflicts = loaded, msg.present, msg.conflicts
	}
	v.recheck(true)
	v.relayout()
}
