package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/hostlist"
)

// A sync makes the route services of a CEN what a Wanted state says:
// CheckSync judges every service with the target rule and works out the
// difference with what the CEN holds (DiffSync), and StartSync sends it as
// one run, journaled and resumable like the others, through the same
// limiters, retries and ClientTokens.

// The operations of a sync run's items (Event.Op, HostResult.Op).
const (
	OpCreate = "create"
	OpDelete = "delete"
)

// CodeNotReplaced fails a create of a sync run that was not sent: an
// entry it was to replace could not be deleted.
const CodeNotReplaced = "Engine.NotReplaced"

// Wanted is the state of a CEN's route services that a sync makes true:
// every host of every service routed into each of its access regions
// through its host VPC (with its description, if it names one).
type Wanted struct {
	CenID string
	// HostRegions, if any, are the only host regions the state speaks
	// for: entries in other host regions are neither wanted nor extra.
	HostRegions []string
	Services    []Service
}

// Service is a group of wanted route services, as a routes file writes
// them.
type Service struct {
	Name            string // a label of the operator's; may be ""
	HostRegionID    string
	HostVpcID       string
	AccessRegionIDs []string
	// Description is what every entry must carry; nil accepts any (and a
	// new entry then gets none).
	Description *string
	Hosts       []string
}

// Target is where the service's calls go, on cenID.
func (s Service) Target(cenID string) Target {
	return Target{CenID: cenID, HostRegionID: s.HostRegionID, HostVpcID: s.HostVpcID, AccessRegionIDs: s.AccessRegionIDs}
}

// WantedError says what is wrong with a Wanted state and where: the
// service (from 0; -1 for the state as a whole) and its host (from 0; -1
// for the service as a whole), and, for an entry wanted twice, the
// service and host that wanted it first (else -1).
type WantedError struct {
	Service, Host           int
	FirstService, FirstHost int
	Part                    Part // the field at fault when Host is -1; "" for the service itself
	Why                     string
	said                    fact.Fact
}

func (e *WantedError) Error() string { return e.Why }

// Said is Why as a fact.
func (e *WantedError) Said() fact.Fact { return e.said }

// wantedError is a *WantedError about service s and host h.
func wantedError(s, h int, part Part, why fact.Fact) *WantedError {
	return &WantedError{Service: s, Host: h, FirstService: -1, FirstHost: -1, Part: part, Why: why.String(), said: why}
}

// Validate checks that every service names what its calls need, inside
// the host regions the state speaks for, and that no entry is wanted
// twice (which would ask for two VPCs or descriptions at once). The error
// is a *WantedError.
func (w Wanted) Validate() error {
	if w.CenID == "" {
		return wantedError(-1, -1, PartCEN, fact.New(KindWantedNoCEN, "no CEN is named", nil))
	}
	type place struct{ service, host int }
	first := map[string]place{}
	for i, s := range w.Services {
		switch {
		case s.HostRegionID == "":
			return wantedError(i, -1, "", fact.New(KindWantedNoRegion, "the service names no host region", nil))
		case len(w.HostRegions) > 0 && !slices.Contains(w.HostRegions, s.HostRegionID):
			list := idList(w.HostRegions)
			return wantedError(i, -1, PartHostRegion, fact.New(KindWantedOutside,
				fmt.Sprintf("host region %s is not one of the file's host-regions (%s)", s.HostRegionID, list),
				fact.Args{"Region": s.HostRegionID, "Regions": list}))
		case s.HostVpcID == "":
			return wantedError(i, -1, "", fact.New(KindWantedNoVPC, "the service names no host VPC", nil))
		case len(s.AccessRegionIDs) == 0:
			return wantedError(i, -1, "", fact.New(KindWantedNoAccess, "the service names no access region", nil))
		case len(s.Hosts) == 0:
			return wantedError(i, -1, "", fact.New(KindWantedNoHost, "the service names no host", nil))
		}
		for j, h := range s.Hosts {
			for _, a := range s.AccessRegionIDs {
				k := entryKey(s.HostRegionID, h, a)
				if p, ok := first[k]; ok && p.service != i {
					err := wantedError(i, j, "", fact.New(KindWantedElsewhere, fmt.Sprintf("%s into %s is wanted by another service too", h, a),
						fact.Args{"Host": h, "Region": a}))
					err.FirstService, err.FirstHost = p.service, p.host
					return err
				} else if ok {
					return wantedError(i, j, "", fact.New(KindWantedTwice, h+" is listed twice", fact.Args{"Host": h}))
				}
				first[k] = place{i, j}
			}
		}
	}
	return nil
}

// SyncOptions say what a sync may do besides creating what is missing.
type SyncOptions struct {
	// Prune deletes the extras: entries nobody wants.
	Prune bool
	// Replace replaces the entries that differ from what is wanted (their
	// host VPC or description; or Failed): the API cannot change an
	// entry, so each is deleted, and created anew once gone.
	Replace bool
}

// Why an existing entry differs from the wanted one (DiffChange.Reasons):
// words for programs, the same in every language.
const (
	ReasonHostVPC     = "host_vpc"    // routed through another VPC
	ReasonDescription = "description" // another description
	ReasonFailed      = "failed"      // the entry is Failed
	ReasonDeleting    = "deleting"    // the entry is being deleted: sync again once it is gone
)

// DiffEntry is one route-service entry of a diff.
type DiffEntry struct {
	Service        string `json:"service,omitempty"` // the name of the service that wants it
	HostRegionID   string `json:"host_region_id"`
	Host           string `json:"host"`
	AccessRegionID string `json:"access_region_id"`
	HostVpcID      string `json:"host_vpc_id"`
	Description    string `json:"description"`
	Status         string `json:"status,omitempty"` // an existing entry's status
}

// DiffChange is an entry that exists and differs from the wanted one: the
// entry as it will be (DiffEntry), as it is (From), and why it differs.
type DiffChange struct {
	DiffEntry
	From    DiffEntry `json:"from"`
	Reasons []string  `json:"reasons"` // Reason constants
}

// SyncDiff is the difference between a CEN and a Wanted state, entry by
// entry, and the calls that remove it (Plan).
type SyncDiff struct {
	CenID   string      `json:"cen_id"`
	Options SyncOptions `json:"-"`
	// Creates are the wanted entries that do not exist.
	Creates []DiffEntry `json:"creates"`
	// Deletes are the extras, deleted with Prune.
	Deletes []DiffEntry `json:"deletes"`
	// Replaces are the entries that differ, replaced with Replace.
	Replaces []DiffChange `json:"replaces"`
	// Unchanged are the wanted entries that exist as wanted (Creating
	// ones included).
	Unchanged []DiffEntry `json:"unchanged"`
	// Extras are the extras kept: without Prune.
	Extras []DiffEntry `json:"extras_kept"`
	// Changes are the entries that differ and are kept: without Replace,
	// or being deleted (which no call can change).
	Changes []DiffChange `json:"changes_kept"`
	// Plan are the calls; nothing to send when it has none.
	Plan SyncPlan `json:"-"`
}

// Calls is the number of calls the plan makes.
func (d SyncDiff) Calls() int { return len(d.Plan.Creates) + len(d.Plan.Deletes) }

// Matches reports whether the CEN will match the wanted state once the
// plan is done: nothing differs but what the plan changes, and (with
// Prune) no extra is left. Extras kept without Prune do not count: a
// state speaks for what it wants, not against what else is there.
func (d SyncDiff) Matches() bool { return len(d.Changes) == 0 }

// DiffSync works out, from the entries listed on the CEN (one listing of
// the whole CEN), what a sync to w does: it reads nothing. Entries are
// matched whatever the spelling of their host (100.118.28.5 is
// 100.118.28.5/32); an entry is deleted under the name the API lists it
// by. Extras being deleted already are left out. w must be valid (see
// Wanted.Validate).
func DiffSync(w Wanted, existing []cenapi.RouteService, o SyncOptions) SyncDiff {
	d := SyncDiff{CenID: w.CenID, Options: o, Creates: []DiffEntry{}, Deletes: []DiffEntry{}, Replaces: []DiffChange{},
		Unchanged: []DiffEntry{}, Extras: []DiffEntry{}, Changes: []DiffChange{}, Plan: SyncPlan{CenID: w.CenID}}
	inScope := func(region string) bool { return len(w.HostRegions) == 0 || slices.Contains(w.HostRegions, region) }
	have := map[string]cenapi.RouteService{}
	for _, en := range existing {
		if en.CenID == w.CenID && inScope(en.HostRegionID) {
			have[entryKey(en.HostRegionID, en.Host, en.AccessRegionID)] = en
		}
	}
	wanted := map[string]bool{}
	for _, s := range w.Services {
		for _, h := range s.Hosts {
			for _, a := range s.AccessRegionIDs {
				wanted[entryKey(s.HostRegionID, h, a)] = true
			}
			d.diffHost(s, h, have)
		}
	}
	var extras []cenapi.RouteService
	for _, en := range existing {
		if en.CenID == w.CenID && inScope(en.HostRegionID) && en.Status != cenapi.StatusDeleting &&
			!wanted[entryKey(en.HostRegionID, en.Host, en.AccessRegionID)] {
			extras = append(extras, en)
		}
	}
	slices.SortStableFunc(extras, compareEntries)
	for _, en := range extras {
		if !o.Prune {
			d.Extras = append(d.Extras, diffEntry("", en))
			continue
		}
		d.Deletes = append(d.Deletes, diffEntry("", en))
		d.Plan.Deletes = append(d.Plan.Deletes, deleteEntry(en))
	}
	return d
}

// diffHost sorts the entries service s wants for host h: unchanged,
// missing (one call creates them all), or different (replaced, each
// group of one description by one call once its entries are gone, or
// kept).
func (d *SyncDiff) diffHost(s Service, h string, have map[string]cenapi.RouteService) {
	var missing []string
	replace := map[string][]int{} // description → positions in Plan.Deletes
	var descriptions []string     // the keys of replace, in order met
	for _, a := range s.AccessRegionIDs {
		want := DiffEntry{Service: s.Name, HostRegionID: s.HostRegionID, Host: h, AccessRegionID: a, HostVpcID: s.HostVpcID}
		if s.Description != nil {
			want.Description = *s.Description
		}
		en, ok := have[entryKey(s.HostRegionID, h, a)]
		if !ok {
			missing = append(missing, a)
			d.Creates = append(d.Creates, want)
			continue
		}
		reasons := differences(s, en)
		if len(reasons) == 0 {
			d.Unchanged = append(d.Unchanged, diffEntry(s.Name, en))
			continue
		}
		if s.Description == nil {
			want.Description = en.Description // any description will do: the entry keeps its own
		}
		change := DiffChange{DiffEntry: want, From: diffEntry(s.Name, en), Reasons: reasons}
		if !d.Options.Replace || slices.Contains(reasons, ReasonDeleting) {
			d.Changes = append(d.Changes, change)
			continue
		}
		d.Replaces = append(d.Replaces, change)
		if _, seen := replace[want.Description]; !seen {
			descriptions = append(descriptions, want.Description)
		}
		replace[want.Description] = append(replace[want.Description], len(d.Plan.Deletes))
		d.Plan.Deletes = append(d.Plan.Deletes, deleteEntry(en))
	}
	create := func(regions []string, desc string, replaces []int) {
		d.Plan.Creates = append(d.Plan.Creates, SyncCreate{HostRegionID: s.HostRegionID, HostVpcID: s.HostVpcID, Host: h,
			AccessRegionIDs: regions, Description: desc, Replaces: replaces})
	}
	if len(missing) > 0 {
		desc := ""
		if s.Description != nil {
			desc = *s.Description
		}
		create(missing, desc, nil)
	}
	for _, desc := range descriptions {
		var regions []string
		for _, i := range replace[desc] {
			regions = append(regions, d.Plan.Deletes[i].AccessRegionID)
		}
		create(regions, desc, replace[desc])
	}
}

// differences are the reasons en differs from what s wants of it.
func differences(s Service, en cenapi.RouteService) []string {
	var reasons []string
	if en.HostVpcID != s.HostVpcID {
		reasons = append(reasons, ReasonHostVPC)
	}
	if s.Description != nil && en.Description != *s.Description {
		reasons = append(reasons, ReasonDescription)
	}
	switch en.Status {
	case cenapi.StatusFailed:
		reasons = append(reasons, ReasonFailed)
	case cenapi.StatusDeleting:
		reasons = append(reasons, ReasonDeleting)
	}
	return reasons
}

// diffEntry is an existing entry in a diff.
func diffEntry(service string, en cenapi.RouteService) DiffEntry {
	return DiffEntry{Service: service, HostRegionID: en.HostRegionID, Host: en.Host, AccessRegionID: en.AccessRegionID,
		HostVpcID: en.HostVpcID, Description: en.Description, Status: en.Status}
}

// deleteEntry is the delete of an existing entry, named as the API lists
// it.
func deleteEntry(en cenapi.RouteService) DeleteEntry {
	return DeleteEntry{HostRegionID: en.HostRegionID, Host: en.Host, AccessRegionID: en.AccessRegionID, HostVpcID: en.HostVpcID}
}

// compareEntries orders entries by host region, host (as an address:
// 100.64.0.9 before 100.64.0.10) and access region.
func compareEntries(a, b cenapi.RouteService) int {
	return cmp.Or(cmp.Compare(a.HostRegionID, b.HostRegionID), CompareHosts(a.Host, b.Host),
		cmp.Compare(a.AccessRegionID, b.AccessRegionID))
}

// CompareHosts orders hosts as addresses (10.0.0.9 before 10.0.0.10, a
// block before the longer ones inside it), anything else after them by
// text.
func CompareHosts(a, b string) int {
	pa, okA := hostlist.Prefix(a)
	pb, okB := hostlist.Prefix(b)
	switch {
	case okA && okB:
		return cmp.Or(pa.Addr().Compare(pb.Addr()), cmp.Compare(pa.Bits(), pb.Bits()))
	case okA != okB:
		if okA {
			return -1
		}
		return 1
	}
	return cmp.Compare(a, b)
}

// ServiceProblem is one reason the target rule rejects a service of a
// Wanted state: its position (-1 when the CEN itself is at fault) and the
// problem.
type ServiceProblem struct {
	Service int
	Problem
}

// CheckSync is everything that must hold before a sync is sent, read at
// once: the target rule for every service, against one read of the CEN's
// regions and of the VPCs of each host region named (never one per
// service), and one paged listing of the CEN's entries, from which the
// difference is worked out (DiffSync). With problems nothing may be sent
// and the diff is empty; an error means something could not be read. It
// sends no write.
func (e *Engine) CheckSync(ctx context.Context, api TargetAPI, w Wanted, o SyncOptions) (SyncDiff, []ServiceProblem, error) {
	if err := w.Validate(); err != nil {
		return SyncDiff{}, nil, err
	}
	var regions []string
	for _, s := range w.Services {
		if !slices.Contains(regions, s.HostRegionID) {
			regions = append(regions, s.HostRegionID)
		}
	}
	var inv Inventory
	var vpcs map[string][]cenapi.VPC
	var existing []cenapi.RouteService
	var listErr error
	err := parallel(func() (err error) {
		inv, vpcs, err = readInventory(ctx, api, w.CenID, regions)
		return err
	}, func() error {
		existing, listErr = e.listEntries(ctx, nil, cenapi.RouteServiceFilter{CenID: w.CenID})
		return nil // reported after the targets, which explain a bad CEN better
	})
	if err != nil {
		return SyncDiff{}, nil, err
	}
	if problems := judgeServices(inv, vpcs, w); len(problems) > 0 {
		return SyncDiff{}, problems, nil
	}
	if listErr != nil {
		return SyncDiff{}, nil, listingFailed(listErr)
	}
	return DiffSync(w, existing, o), nil, nil
}

// judgeServices judges every service of w with the target rule.
func judgeServices(inv Inventory, vpcs map[string][]cenapi.VPC, w Wanted) []ServiceProblem {
	if !slices.ContainsFunc(inv.CENs, func(c cenapi.CEN) bool { return c.ID == w.CenID }) {
		return []ServiceProblem{{-1, noSuchCEN(w.CenID)}}
	}
	var out []ServiceProblem
	for i, s := range w.Services {
		inv.VPCs = vpcs[s.HostRegionID]
		for _, p := range JudgeTarget(inv, s.Target(w.CenID), ForCreate) {
			out = append(out, ServiceProblem{i, p})
		}
	}
	return out
}

// SyncPlan is what a sync run does on one CEN: Creates, each one
// ResolveAndRouteServiceInCen call, and Deletes, each one
// DeleteRouteServiceInCen. Deletes are sent once every create that
// replaces nothing has settled, so that a service moved from one block to
// another is never unreachable in between; a create that replaces entries
// is sent as soon as they are gone, so that the gap a replacement leaves
// is as short as the API allows.
type SyncPlan struct {
	CenID   string        `json:"cen_id"`
	Creates []SyncCreate  `json:"creates"`
	Deletes []DeleteEntry `json:"deletes"`
}

// SyncCreate is one create of a sync: a host routed into access regions.
type SyncCreate struct {
	HostRegionID    string   `json:"host_region_id"`
	HostVpcID       string   `json:"host_vpc_id"`
	Host            string   `json:"host"`
	AccessRegionIDs []string `json:"access_region_ids"`
	Description     string   `json:"description,omitempty"`
	// Replaces are the entries it takes the place of: positions in
	// SyncPlan.Deletes (from 0), which must be gone before it is sent.
	Replaces []int `json:"replaces,omitempty"`
}

// Validate checks that every call names what it needs and that every
// replaced entry is a delete of the same host and region.
func (sp SyncPlan) Validate() error {
	if sp.CenID == "" {
		return fact.Errorf(KindSyncNoCEN, "the sync plan names no CEN", nil)
	}
	if len(sp.Creates)+len(sp.Deletes) == 0 {
		return fact.Errorf(KindSyncNothing, "the sync plan has nothing to do", nil)
	}
	for _, c := range sp.Creates {
		if c.HostRegionID == "" || c.HostVpcID == "" || c.Host == "" || len(c.AccessRegionIDs) == 0 {
			return incomplete(KindCreateIncomplete, "the create of", c.Host, fmt.Sprintf("%q", c.AccessRegionIDs), c.HostRegionID)
		}
		for _, i := range c.Replaces {
			if i < 0 || i >= len(sp.Deletes) || sp.Deletes[i].HostRegionID != c.HostRegionID ||
				hostlist.Canonical(sp.Deletes[i].Host) != hostlist.Canonical(c.Host) {
				return fact.Errorf(KindCreateBadReplace, fmt.Sprintf("the create of %s replaces %d, which is no delete of that host", c.Host, i),
					fact.Args{"Host": c.Host, "Position": i})
			}
		}
	}
	if len(sp.Deletes) == 0 {
		return nil
	}
	return DeletePlan{CenID: sp.CenID, Entries: sp.Deletes}.Validate()
}

// items are the plan's items, numbered from 1: the creates, then the
// deletes; each create knows the deletes it waits for.
func (sp SyncPlan) items() []*item {
	out := make([]*item, 0, len(sp.Creates)+len(sp.Deletes))
	dels := make([]*item, len(sp.Deletes))
	for i, en := range sp.Deletes {
		dels[i] = deleteItem(en)
	}
	for _, c := range sp.Creates {
		it := &item{host: c.Host, hostRegion: c.HostRegionID, vpc: c.HostVpcID, desc: c.Description,
			regions: slices.Clone(c.AccessRegionIDs)}
		for _, i := range c.Replaces {
			it.after = append(it.after, dels[i])
		}
		out = append(out, it)
	}
	out = append(out, dels...)
	for i, it := range out {
		it.index = i + 1
	}
	return out
}

// StartSync starts a sync run of sp, a plan CheckSync has just made: its
// creates, then its deletes, each in its turn (see SyncPlan), each
// followed until it is Active or gone. An entry already gone counts as
// deleted. Cancelling ctx aborts the run.
func (e *Engine) StartSync(ctx context.Context, sp SyncPlan) (*Run, error) {
	if e.optErr != nil {
		return nil, e.optErr
	}
	if err := sp.Validate(); err != nil {
		return nil, err
	}
	r, err := e.newRun(ctx, record{Kind: KindSync, Sync: &sp})
	if err != nil {
		return nil, err
	}
	return r.begin(sp.items(), func(int, *item) bool { return true }), nil
}
