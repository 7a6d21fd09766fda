package engine

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
)

// Target is where a plan's calls go: a CEN, the host region and the host
// VPC of the service, and the access regions whose VBRs or CCNs reach it.
type Target struct {
	CenID           string
	HostRegionID    string
	HostVpcID       string // "" when deleting (an entry is named without it)
	AccessRegionIDs []string
}

// Target is where the plan's calls go.
func (p Plan) Target() Target {
	return Target{CenID: p.CenID, HostRegionID: p.HostRegionID, HostVpcID: p.HostVpcID,
		AccessRegionIDs: p.AccessRegionIDs}
}

// Purpose is what a target is judged for.
type Purpose int

const (
	// ForCreate judges a target for routing hosts: every rule applies.
	ForCreate Purpose = iota
	// ForDelete judges a target for deleting entries: the CEN must exist,
	// have VPCs in the host region and a VBR or CCN in each access region,
	// listed once; whether the entries could be created there today does
	// not matter.
	ForDelete
)

// Part names the choice a Problem is about.
type Part string

// The parts of a target, named as the command-line flags name them.
const (
	PartCEN          Part = "cen"
	PartHostRegion   Part = "host-region"
	PartHostVPC      Part = "host-vpc"
	PartAccessRegion Part = "access-region"
)

// Problem is one reason the target rule rejects a target: which part, the
// value given for it, and why in words (and as a fact, Said).
type Problem struct {
	Part  Part
	Value string
	Why   string
	Said  fact.Fact `json:"-"`
}

// problem is the Problem of part's value, for the reason why.
func problem(part Part, value string, why fact.Fact) Problem {
	return Problem{Part: part, Value: value, Why: why.String(), Said: why}
}

// noSuchCEN is the problem of a CEN that does not exist.
func noSuchCEN(id string) Problem {
	return problem(PartCEN, id, fact.New(KindNoSuchCEN, "no such CEN", nil))
}

// String is "access-region cn-hongkong: only a VBR is attached …".
func (p Problem) String() string { return string(p.Part) + " " + p.Value + ": " + p.Why }

// Fact is the whole problem as a fact: the part, its value and why.
func (p Problem) Fact() fact.Fact {
	return fact.New(KindProblem, p.String(), fact.Args{"Part": string(p.Part), "Value": p.Value, "Why": messageSaid(p.Said, p.Why)})
}

// Inventory is what a CEN has that the target rule judges a target
// against, as the API lists it.
type Inventory struct {
	// CENs are the CENs listed under the target's CEN ID: none when there
	// is no such CEN.
	CENs          []cenapi.CEN
	HostRegions   []cenapi.HostRegion
	AccessRegions []cenapi.AccessRegion
	// VPCs are the VPCs attached to the CEN in the host region (needed
	// ForCreate only).
	VPCs []cenapi.VPC
}

// TargetAPI is what CheckTarget reads; *cenapi.Client satisfies it. Pass
// a client WithRetry: these are aggregations of many calls, each of which
// should be retried on its own.
type TargetAPI interface {
	ListCENs(ctx context.Context, f cenapi.CENFilter) ([]cenapi.CEN, error)
	Regions(ctx context.Context, cenID string) ([]cenapi.HostRegion, []cenapi.AccessRegion, error)
	AttachedVPCs(ctx context.Context, cenID, regionID string) ([]cenapi.VPC, error)
}

var _ TargetAPI = (*cenapi.Client)(nil)

// CheckTarget reads what the target's CEN has now and judges the target
// with the target rule (JudgeTarget). The reads are independent, so they
// run at once. Problems mean the target must not be used; an error means
// the CEN could not be read.
func CheckTarget(ctx context.Context, api TargetAPI, t Target, purpose Purpose) ([]Problem, error) {
	var hostRegions []string
	if purpose == ForCreate {
		hostRegions = []string{t.HostRegionID}
	}
	inv, vpcs, err := readInventory(ctx, api, t.CenID, hostRegions)
	if err != nil {
		return nil, err
	}
	inv.VPCs = vpcs[t.HostRegionID]
	return JudgeTarget(inv, t, purpose), nil
}

// readInventory reads, at once, what the target rule judges targets on
// cenID against: the CEN, its host and access regions, and the VPCs
// attached in each of hostRegions (by region). Without the CEN the other
// reads fail too: that is no error, the rule says why.
func readInventory(ctx context.Context, api TargetAPI, cenID string, hostRegions []string) (Inventory, map[string][]cenapi.VPC, error) {
	var inv Inventory
	var censErr error
	vpcs := make([][]cenapi.VPC, len(hostRegions))
	reads := []func() error{
		func() error {
			inv.CENs, censErr = api.ListCENs(ctx, cenapi.CENFilter{IDs: []string{cenID}})
			return censErr
		},
		func() (err error) {
			inv.HostRegions, inv.AccessRegions, err = api.Regions(ctx, cenID)
			return err
		},
	}
	for i, region := range hostRegions {
		reads = append(reads, func() (err error) {
			vpcs[i], err = api.AttachedVPCs(ctx, cenID, region)
			return err
		})
	}
	if err := parallel(reads...); err != nil && (censErr != nil || len(inv.CENs) > 0) {
		return Inventory{}, nil, err
	}
	byRegion := make(map[string][]cenapi.VPC, len(hostRegions))
	for i, region := range hostRegions {
		byRegion[region] = vpcs[i]
	}
	return inv, byRegion, nil
}

// JudgeTarget is the target rule, the one judge of whether a CEN, host
// region, host VPC and set of access regions can be used, whoever asks
// (apply, delete, a dry run, the wizard's steps and its review):
//
//   - the CEN exists;
//   - it has VPCs attached in the host region, and (ForCreate) that
//     region's transit router supports route services (Basic Edition);
//   - (ForCreate) the host VPC is attached to it in the host region;
//   - at least one access region is named, none twice, and each has a VBR
//     or CCN of the CEN attached;
//   - (ForCreate) each access region reaches the host region: a VBR
//     reaches only services in its own region, so a region with VBRs but
//     no CCN must be the host region (cenapi.AccessRegion.ReachesFrom).
//
// It reads nothing: inv is what the API listed.
func JudgeTarget(inv Inventory, t Target, purpose Purpose) []Problem {
	if !slices.ContainsFunc(inv.CENs, func(c cenapi.CEN) bool { return c.ID == t.CenID }) {
		return []Problem{noSuchCEN(t.CenID)}
	}
	problems, hostOK := inv.hostRegionProblems(t.HostRegionID, purpose)
	problems = append(problems, inv.accessProblems(t.HostRegionID, t.AccessRegionIDs, purpose == ForCreate && hostOK)...)
	if purpose == ForCreate && hostOK {
		problems = append(problems, inv.vpcProblems(t.HostRegionID, t.HostVpcID)...)
	}
	return problems
}

// hostRegionProblems judges the host region; ok says whether the CEN has
// VPCs there at all.
func (inv Inventory) hostRegionProblems(hostRegion string, purpose Purpose) (problems []Problem, ok bool) {
	i := slices.IndexFunc(inv.HostRegions, func(r cenapi.HostRegion) bool { return r.ID == hostRegion })
	switch {
	case i < 0:
		ids := make([]string, len(inv.HostRegions))
		for j, r := range inv.HostRegions {
			ids[j] = r.ID
		}
		list := idList(ids)
		return []Problem{problem(PartHostRegion, hostRegion, fact.New(KindNoHostRegion,
			"the CEN has no VPC there (host regions: "+list.String()+")", fact.Args{"Regions": list}))}, false
	case purpose == ForCreate && !inv.HostRegions[i].Supported:
		return []Problem{problem(PartHostRegion, hostRegion, inv.HostRegions[i].ReasonSaid())}, true
	}
	return nil, true
}

// accessProblems judges the access regions: at least one, none twice,
// each with a VBR or CCN of the CEN and, with reach, reaching the host
// region.
func (inv Inventory) accessProblems(hostRegion string, access []string, reach bool) []Problem {
	if len(access) == 0 {
		return []Problem{problem(PartAccessRegion, "", fact.New(KindNoAccessRegion, "no access region is chosen", nil))}
	}
	ids := make([]string, len(inv.AccessRegions))
	for j, r := range inv.AccessRegions {
		ids[j] = r.ID
	}
	var problems []Problem
	for n, a := range access {
		if slices.Index(access, a) < n {
			problems = append(problems, problem(PartAccessRegion, a,
				fact.New(KindNamedTwice, "named twice: each access region is routed once", nil)))
			continue
		}
		i := slices.Index(ids, a)
		if i < 0 {
			list := idList(ids)
			problems = append(problems, problem(PartAccessRegion, a, fact.New(KindNoLinkThere,
				"the CEN has no VBR or CCN there (access regions: "+list.String()+")", fact.Args{"Regions": list})))
			continue
		}
		if ok, why := inv.AccessRegions[i].ReachesFrom(hostRegion); reach && !ok {
			problems = append(problems, problem(PartAccessRegion, a, why))
		}
	}
	return problems
}

// vpcProblems checks that the VPC is attached in the host region.
func (inv Inventory) vpcProblems(hostRegion, vpcID string) []Problem {
	ids := make([]string, len(inv.VPCs))
	for j, v := range inv.VPCs {
		ids[j] = v.ID
	}
	if slices.Contains(ids, vpcID) {
		return nil
	}
	list := idList(ids)
	return []Problem{problem(PartHostVPC, vpcID, fact.New(KindVPCNotAttached,
		fmt.Sprintf("not attached to the CEN in %s (attached: %s)", hostRegion, list), fact.Args{"Region": hostRegion, "VPCs": list}))}
}

// parallel runs fns at once and returns the first error in fns' order
// (they tend to share a cause, such as missing credentials).
func parallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = fn() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Check is everything that must hold before a plan is sent, read at once:
// the target rule against the CEN as it is now (CheckTarget) and the
// entries already there (Prepare). With problems the plan must not be
// sent and prep is empty; an error means something could not be read (a
// listing of a rejected target is dropped: the problems explain it
// better). It sends no write.
func (e *Engine) Check(ctx context.Context, api TargetAPI, p Plan) (prep Prepared, problems []Problem, err error) {
	if err := p.Validate(); err != nil {
		return Prepared{}, nil, err
	}
	var prepErr error
	err = parallel(func() (err error) {
		problems, err = CheckTarget(ctx, api, p.Target(), ForCreate)
		return err
	}, func() error {
		prep, prepErr = e.Prepare(ctx, p)
		return nil // reported after the target, which explains a bad one better
	})
	switch {
	case err != nil:
		return Prepared{}, nil, err
	case len(problems) > 0:
		return Prepared{}, problems, nil
	case prepErr != nil:
		return Prepared{}, nil, listingFailed(prepErr)
	}
	return prep, nil, nil
}
