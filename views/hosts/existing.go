package hosts

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
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
	retry     *cenapi.RetryNote // the listing's latest retry, while loading
	lists     views.Requests    // the listing in flight, or last done, is the current one
	present   map[string]bool   // canonical hosts the run will skip
	conflicts map[string]string // canonical hosts the run would fail, and why
	err       error
}

// existingMsg answers one listing; its ticket lets a stale answer be
// dropped.
type existingMsg struct {
	ticket    views.Ticket
	present   map[string]bool
	conflicts map[string]string
	err       error
}

// existingRetryMsg says that a call of a listing is being retried.
type existingRetryMsg struct {
	ticket views.Ticket
	note   cenapi.RetryNote
	feed   *views.RetryFeed
}

// fetchExisting lists the entries of the target's CEN and host region and
// judges them, saying its retries to feed and the conflicts in lang. It
// captures only values, never the view.
func fetchExisting(src Source, lang *i18n.Localizer, t Target, ticket views.Ticket, feed *views.RetryFeed) tea.Cmd {
	return func() tea.Msg {
		defer feed.End()
		ctx, cancel := context.WithTimeout(feed.Observe(context.Background()), fetchTimeout)
		defer cancel()
		entries, err := src.DescribeRouteServices(ctx, cenapi.RouteServiceFilter{CenID: t.CenID, HostRegionID: t.HostRegionID})
		if err != nil {
			return existingMsg{ticket: ticket, err: err}
		}
		present, conflicts, err := judge(lang, t, entries)
		return existingMsg{ticket: ticket, present: present, conflicts: conflicts, err: err}
	}
}

// judge sorts every host that has an entry with the engine's own rule,
// as engine.Prepare applies it before a run: present (routed, Active or Creating,
// into every access region through the host VPC) or in conflict (an entry
// through another VPC, a Failed one, one being deleted), with the reason.
// Hosts without an entry are neither. Results are keyed by canonical host;
// the reasons are said in lang.
// engine.Judge is that rule applied to entries already listed, so no
// second call to the API is needed.
func judge(lang *i18n.Localizer, t Target, entries []cenapi.RouteService) (map[string]bool, map[string]string, error) {
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
	prep, err := engine.Judge(plan, entries)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range prep.Present {
		present[hostlist.Canonical(h)] = true
	}
	for h, why := range views.Conflicts(lang, prep) {
		conflicts[hostlist.Canonical(h)] = why
	}
	return present, conflicts, nil
}

// reload starts a new listing; an answer to an older one will be dropped.
func (v *View) reload() tea.Cmd {
	ticket := v.existing.lists.Next()
	v.existing.state = loading
	v.existing.err, v.existing.retry = nil, nil
	v.relayout()
	feed := views.NewRetryFeed()
	return tea.Batch(fetchExisting(v.src, v.st.Lang, v.target, ticket, feed), nextExistingRetry(feed, ticket))
}

// nextExistingRetry waits for the next retry of a listing.
func nextExistingRetry(feed *views.RetryFeed, ticket views.Ticket) tea.Cmd {
	return feed.Next(func(n cenapi.RetryNote) tea.Msg { return existingRetryMsg{ticket: ticket, note: n, feed: feed} })
}

// handleExistingRetry shows a retry of the latest listing and waits for
// the next.
func (v *View) handleExistingRetry(msg existingRetryMsg) tea.Cmd {
	if !v.existing.lists.Current(msg.ticket) || v.existing.state != loading {
		return nil
	}
	v.existing.retry = &msg.note
	return nextExistingRetry(msg.feed, msg.ticket)
}

// handleExisting records the answer to the latest listing and re-checks
// the text, since what is present or in conflict may have changed.
func (v *View) handleExisting(msg existingMsg) {
	if !v.existing.lists.Current(msg.ticket) {
		return
	}
	v.existing.retry = nil
	if msg.err != nil {
		v.existing.state, v.existing.err = loadFailed, msg.err
	} else {
		v.existing.state, v.existing.present, v.existing.conflicts = loaded, msg.present, msg.conflicts
	}
	v.recheck(true)
	v.relayout()
}
