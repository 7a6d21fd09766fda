package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/hostlist"
)

// routeState is what an existing entry means for a host about to be routed
// into one access region.
type routeState int

const (
	routeMissing  routeState = iota // nothing there: send
	routeDone                       // Active or Creating through the wanted VPC
	routeConflict                   // something else stands in the way
)

// routes indexes existing entries of one host region by canonical host and
// access region.
type routes map[string]map[string]cenapi.RouteService

func indexRoutes(existing []cenapi.RouteService, hostRegionID string) routes {
	idx := routes{}
	for _, en := range existing {
		if en.HostRegionID != hostRegionID {
			continue
		}
		h := hostlist.Canonical(en.Host)
		if idx[h] == nil {
			idx[h] = map[string]cenapi.RouteService{}
		}
		idx[h][en.AccessRegionID] = en
	}
	return idx
}

// state judges host's entry into accessRegion through hostVpcID. The
// reason explains a conflict.
func (idx routes) state(host, accessRegion, hostVpcID string) (routeState, fact.Fact) {
	en, ok := idx[hostlist.Canonical(host)][accessRegion]
	region := fact.Args{"Region": accessRegion}
	switch {
	case !ok:
		return routeMissing, fact.Fact{}
	case en.HostVpcID != hostVpcID:
		return routeConflict, fact.New(KindOtherVPC, fmt.Sprintf("already routed into %s through %s", accessRegion, en.HostVpcID),
			fact.Args{"Region": accessRegion, "VPC": en.HostVpcID})
	case en.Status == cenapi.StatusFailed:
		return routeConflict, fact.New(KindFailed, fmt.Sprintf("the entry into %s is Failed: delete it, then apply again", accessRegion), region)
	case en.Status == cenapi.StatusDeleting:
		return routeConflict, fact.New(KindDeleting, fmt.Sprintf("the entry into %s is being deleted: apply again once it is gone", accessRegion), region)
	}
	return routeDone, fact.Fact{}
}

// prepare sorts the plan's hosts by what exists: present, conflicting, or
// to be sent for the access regions still missing.
func prepare(p Plan, existing []cenapi.RouteService) Prepared {
	idx := indexRoutes(existing, p.HostRegionID)
	prep := Prepared{Plan: p, Conflicts: map[string]string{}, ConflictsSaid: map[string]fact.Fact{}}
	for _, h := range p.Hosts {
		var missing []string
		var conflict fact.Fact
		for _, a := range p.AccessRegionIDs {
			switch s, why := idx.state(h, a, p.HostVpcID); s {
			case routeMissing:
				missing = append(missing, a)
			case routeConflict:
				conflict = why
			}
		}
		switch {
		case !conflict.IsZero():
			prep.Conflicts[h], prep.ConflictsSaid[h] = conflict.String(), conflict
		case len(missing) == 0:
			prep.Present = append(prep.Present, h)
		default:
			req := p.request(h, missing)
			prep.Calls = append(prep.Calls, Call{Request: req, Command: Command(req)})
		}
	}
	return prep
}

// request is the call for host into accessRegions, without a ClientToken.
func (p Plan) request(host string, accessRegions []string) cenapi.ResolveRequest {
	return cenapi.ResolveRequest{CenID: p.CenID, HostRegionID: p.HostRegionID, HostVpcID: p.HostVpcID,
		Host: host, AccessRegionIDs: accessRegions, Description: p.Description}
}

// clientToken derives the idempotency token of a call from the run's ID and
// the call's parameters: the same call of the same run always gets the same
// token (across retries and resumes), different calls never share one. It
// is "cr-" and 40 hex digits: ASCII, 43 characters (the API allows 64).
func clientToken(runID string, r cenapi.ResolveRequest) string {
	h := sha256.New()
	for _, part := range []string{runID, r.CenID, r.HostRegionID, r.HostVpcID, r.Host,
		strings.Join(r.AccessRegionIDs, ","), r.Description} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return "cr-" + hex.EncodeToString(h.Sum(nil))[:40]
}

// Command is the aliyun CLI command line equivalent to a Resolve call,
// shell-quoted so that it can be pasted.
func Command(r cenapi.ResolveRequest) string {
	args := []string{"aliyun", "cbn", "ResolveAndRouteServiceInCen",
		"--CenId", r.CenID, "--Host", r.Host, "--HostRegionId", r.HostRegionID, "--HostVpcId", r.HostVpcID}
	for i, a := range r.AccessRegionIDs {
		args = append(args, "--AccessRegionIds."+strconv.Itoa(i+1), a)
	}
	if r.Description != "" {
		args = append(args, "--Description", r.Description)
	}
	if r.ClientToken != "" {
		args = append(args, "--ClientToken", r.ClientToken)
	}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = ShellQuote(a)
	}
	return strings.Join(quoted, " ")
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./:=,@%+-]+$`)

// ShellQuote quotes s for a POSIX shell when it needs quoting, so that a
// command line printed for the user pastes back as it was meant.
func ShellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
