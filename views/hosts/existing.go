package hosts

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
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
	state   loadState
	id      int             // request id of the listing in flight or last done
	present map[string]bool // canonical hosts routed into every chosen access region
	err     error
}

// existingMsg answers one listing; id lets a stale answer be dropped.
type existingMsg struct {
	id      int
	present map[string]bool
	err     error
}

// fetchExisting lists the entries of the target's CEN and host region. It
// captures only values, never the view.
func fetchExisting(src Source, t Target, id int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), fetchTimeout)
		defer cancel()
		entries, err := src.DescribeRouteServices(ctx, cenapi.RouteServiceFilter{CenID: t.CenID, HostRegionID: t.HostRegionID})
		if err != nil {
			return existingMsg{id: id, err: err}
		}
		return existingMsg{id: id, present: engine.PresentHosts(entries, t.HostRegionID, t.HostVpcID, t.AccessRegionIDs)}
	}
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
// the text, since "present" may have changed.
func (v *View) handleExisting(msg existingMsg) {
	if msg.id != v.existing.id {
		return
	}
	if msg.err != nil {
		v.existing.state, v.existing.err = loadFailed, msg.err
	} else {
		v.existing.state, v.existing.present = loaded, msg.present
	}
	v.recheck(true)
	v.relayout()
}
