package cenapi

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// ReasonEnterpriseEdition is HostRegion.Reason for a region whose transit
// router is Enterprise Edition.
const ReasonEnterpriseEdition = "Enterprise Edition transit router: route services need Basic Edition"

// The kinds of the reasons a region cannot serve (see package fact).
const (
	KindEnterpriseEdition fact.Kind = "errors.enterprise_edition"
	KindOnlyVBR           fact.Kind = "errors.reach.only_vbr" // Access, Host: the regions
	KindNoLink            fact.Kind = "errors.reach.no_link"  // Access
)

// ReasonSaid is HostRegion.Reason as a fact: the Enterprise Edition's;
// the zero Fact for a supported region and for any other reason, which is
// shown as given.
func (h HostRegion) ReasonSaid() fact.Fact {
	if h.Reason != ReasonEnterpriseEdition {
		return fact.Fact{}
	}
	return fact.New(KindEnterpriseEdition, h.Reason, nil)
}

// inventoryConcurrency bounds how many calls an aggregation runs at once,
// to stay well inside the API's flow control.
const inventoryConcurrency = 4

// forEach runs fn for 0..n-1, at most inventoryConcurrency at a time. The
// first error cancels the others and is returned.
func forEach(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sem := make(chan struct{}, inventoryConcurrency)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for i := range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := fn(ctx, i); err != nil {
				once.Do(func() { first = err; cancel() })
			}
		}()
	}
	wg.Wait()
	return first
}

func attached(ci ChildInstance) bool { return strings.EqualFold(ci.Status, "Attached") }

// CENSummaries lists every CEN with the number of VPCs, VBRs and CCNs
// attached to it.
func (c *Client) CENSummaries(ctx context.Context) ([]CENSummary, error) {
	cens, err := c.ListCENs(ctx, CENFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]CENSummary, len(cens))
	err = forEach(ctx, len(cens), func(ctx context.Context, i int) error {
		kids, err := c.listChildInstances(ctx, cens[i].ID, "", "")
		if err != nil {
			return err
		}
		out[i] = summarize(cens[i], kids)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func summarize(cen CEN, kids []ChildInstance) CENSummary {
	s := CENSummary{CEN: cen}
	for _, k := range kids {
		if !attached(k) {
			continue
		}
		switch k.Type {
		case ChildVPC:
			s.VPCs++
		case ChildVBR:
			s.VBRs++
		case ChildCCN:
			s.CCNs++
		}
	}
	return s
}

// regionNames maps region IDs to local names for productType.
func (c *Client) regionNames(ctx context.Context, productType string) (map[string]string, error) {
	regions, err := c.listChildInstanceRegions(ctx, productType)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(regions))
	for _, r := range regions {
		names[r.ID] = r.LocalName
	}
	return names, nil
}

// countByRegion counts the attached instances of the given types per
// region, e.g. count[region][ChildVBR].
func countByRegion(kids []ChildInstance, types ...string) map[string]map[string]int {
	count := map[string]map[string]int{}
	for _, k := range kids {
		if !attached(k) || !slices.Contains(types, k.Type) {
			continue
		}
		if count[k.RegionID] == nil {
			count[k.RegionID] = map[string]int{}
		}
		count[k.RegionID][k.Type]++
	}
	return count
}

// HostRegions lists the regions where the CEN has VPCs attached, sorted by
// region ID, with local names and the transit router edition. Regions with
// an Enterprise Edition transit router are returned with Supported false.
func (c *Client) HostRegions(ctx context.Context, cenID string) ([]HostRegion, error) {
	kids, err := c.listChildInstances(ctx, cenID, "", ChildVPC)
	if err != nil {
		return nil, err
	}
	if len(countByRegion(kids, ChildVPC)) == 0 {
		return nil, nil
	}
	names, err := c.regionNames(ctx, ChildVPC)
	if err != nil {
		return nil, err
	}
	return c.hostRegions(ctx, cenID, kids, names)
}

// hostRegions builds HostRegions from the CEN's attached instances and the
// local names of their regions, reading each region's transit routers.
func (c *Client) hostRegions(ctx context.Context, cenID string, kids []ChildInstance, names map[string]string) ([]HostRegion, error) {
	count := countByRegion(kids, ChildVPC)
	if len(count) == 0 {
		return nil, nil
	}
	ids := slices.Sorted(maps.Keys(count))
	out := make([]HostRegion, len(ids))
	err := forEach(ctx, len(ids), func(ctx context.Context, i int) error {
		trs, err := c.ListTransitRouters(ctx, cenID, ids[i])
		if err != nil {
			return err
		}
		out[i] = hostRegion(Region{ID: ids[i], LocalName: names[ids[i]]}, count[ids[i]][ChildVPC], trs)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func hostRegion(r Region, vpcs int, trs []TransitRouter) HostRegion {
	h := HostRegion{Region: r, VPCs: vpcs, TransitRouterType: edition(trs), Supported: true}
	if h.TransitRouterType == TransitRouterEnterprise {
		h.Supported, h.Reason = false, ReasonEnterpriseEdition
	}
	return h
}

// edition is the transit router edition of a region: Enterprise if any
// router is, else Basic if any is, else "" (none found, the classic CEN
// model, where route services work).
func edition(trs []TransitRouter) string {
	found := ""
	for _, tr := range trs {
		switch tr.Type {
		case TransitRouterEnterprise:
			return TransitRouterEnterprise
		case TransitRouterBasic:
			found = TransitRouterBasic
		}
	}
	return found
}

// AttachedVPCs lists the VPCs attached to the CEN in one region, with the
// names and CIDR blocks from the VPC API. A VPC the VPC API does not show
// (another account's) is listed by ID only.
func (c *Client) AttachedVPCs(ctx context.Context, cenID, regionID string) ([]VPC, error) {
	kids, err := c.listChildInstances(ctx, cenID, regionID, ChildVPC)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, k := range kids {
		if attached(k) && k.Type == ChildVPC && k.RegionID == regionID {
			ids = append(ids, k.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	vpcs, err := c.listVPCs(ctx, regionID)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]VPC, len(vpcs))
	for _, v := range vpcs {
		byID[v.ID] = v
	}
	out := make([]VPC, 0, len(ids))
	for _, id := range ids {
		v, ok := byID[id]
		if !ok {
			v = VPC{ID: id, RegionID: regionID, CenStatus: "Attached"}
		}
		out = append(out, v)
	}
	return out, nil
}

// AccessRegions lists the regions where the CEN has VBRs or CCNs attached,
// sorted by region ID, with local names and counts.
func (c *Client) AccessRegions(ctx context.Context, cenID string) ([]AccessRegion, error) {
	kids, err := c.listChildInstances(ctx, cenID, "", "")
	if err != nil {
		return nil, err
	}
	if len(countByRegion(kids, ChildVBR, ChildCCN)) == 0 {
		return nil, nil
	}
	names, err := c.regionNames(ctx, "")
	if err != nil {
		return nil, err
	}
	return accessRegions(kids, names), nil
}

// accessRegions builds AccessRegions from the CEN's attached instances and
// the local names of their regions.
func accessRegions(kids []ChildInstance, names map[string]string) []AccessRegion {
	count := countByRegion(kids, ChildVBR, ChildCCN)
	if len(count) == 0 {
		return nil
	}
	out := make([]AccessRegion, 0, len(count))
	for _, id := range slices.Sorted(maps.Keys(count)) {
		out = append(out, AccessRegion{Region: Region{ID: id, LocalName: names[id]},
			VBRs: count[id][ChildVBR], CCNs: count[id][ChildCCN]})
	}
	return out
}

// Regions returns what HostRegions and AccessRegions return, from a single
// listing of the CEN's attached instances and of region names, for a
// caller that needs both: each alone would list every instance of the CEN
// again, page by page.
func (c *Client) Regions(ctx context.Context, cenID string) ([]HostRegion, []AccessRegion, error) {
	kids, err := c.listChildInstances(ctx, cenID, "", "")
	if err != nil {
		return nil, nil, err
	}
	names, err := c.regionNames(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	hosts, err := c.hostRegions(ctx, cenID, kids, names)
	if err != nil {
		return nil, nil, err
	}
	return hosts, accessRegions(kids, names), nil
}

// ReachesFrom reports whether the on-premises network attached in a can
// reach a service in hostRegion, and if not, why. A CCN reaches services
// in any region; a VBR only those in its own region (the same-region
// rule), so an access region with VBRs but no CCN must be the host
// region.
func (a AccessRegion) ReachesFrom(hostRegion string) (bool, fact.Fact) {
	switch {
	case a.CCNs > 0, a.VBRs > 0 && a.ID == hostRegion:
		return true, fact.Fact{}
	case a.VBRs > 0:
		return false, fact.New(KindOnlyVBR, fmt.Sprintf("only a VBR is attached in %s, and a VBR reaches only services in its own region (the service is in %s); "+
			"choose %s, or attach a CCN in %s", a.ID, hostRegion, hostRegion, a.ID), fact.Args{"Access": a.ID, "Host": hostRegion})
	}
	return false, fact.New(KindNoLink, "no VBR or CCN is attached in "+a.ID, fact.Args{"Access": a.ID})
}
