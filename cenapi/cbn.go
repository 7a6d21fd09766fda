package cenapi

import (
	"context"
	"strconv"
	"strings"
)

// MaxPageSize is the largest page the list operations accept: every list
// call of the client pages with it, and callers that read one page at a
// time (DescribeRouteServicesPage) should too.
const MaxPageSize = 50

// maxFilterValues is how many values DescribeCens accepts in one filter.
const maxFilterValues = 5

// CENFilter narrows ListCENs. IDs and Names each match any of their values;
// when both are given a CEN must match both. Empty means every CEN.
type CENFilter struct {
	IDs, Names []string
}

// pageAll reads every page of a list, PageSize 50, until TotalCount items
// are covered, dropping entries that show up twice because the list
// shifted between pages.
func pageAll[T any](ctx context.Context, fetch func(ctx context.Context, page int) ([]T, int, error), key func(T) string) ([]T, error) {
	var all []T
	seen := map[string]bool{}
	for page := 1; ; page++ {
		items, total, err := fetch(ctx, page)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if k := key(it); !seen[k] {
				seen[k] = true
				all = append(all, it)
			}
		}
		if len(items) == 0 || page*MaxPageSize >= total {
			return all, nil
		}
	}
}

// pageParams are the paging parameters of a list call.
func pageParams(page, size int) params {
	return params{"PageNumber": strconv.Itoa(page), "PageSize": strconv.Itoa(size)}
}

// ListCENs lists the CENs matching f (all of them when f is empty).
func (c *Client) ListCENs(ctx context.Context, f CENFilter) ([]CEN, error) {
	var out []CEN
	seen := map[string]bool{}
	for _, filters := range cenFilterSets(f) {
		cens, err := pageAll(ctx, func(ctx context.Context, page int) ([]CEN, int, error) {
			return c.describeCensPage(ctx, filters, page, MaxPageSize)
		}, func(x CEN) string { return x.ID })
		if err != nil {
			return nil, err
		}
		for _, x := range cens {
			if !seen[x.ID] {
				seen[x.ID] = true
				out = append(out, x)
			}
		}
	}
	return out, nil
}

// censFilter is one filter of DescribeCens: a key (CenId, Name) and the
// values it may match.
type censFilter struct {
	key    string
	values []string
}

// cenFilterSets splits f into DescribeCens filter sets of at most five
// values per key; the union of their results is the answer.
func cenFilterSets(f CENFilter) [][]censFilter {
	var sets [][]censFilter
	for _, ids := range chunks(f.IDs) {
		for _, names := range chunks(f.Names) {
			var set []censFilter
			if ids != nil {
				set = append(set, censFilter{key: "CenId", values: ids})
			}
			if names != nil {
				set = append(set, censFilter{key: "Name", values: names})
			}
			sets = append(sets, set)
		}
	}
	return sets
}

// chunks splits values into groups of maxFilterValues; no values gives one
// nil group (no filter).
func chunks(values []string) [][]string {
	if len(values) == 0 {
		return [][]string{nil}
	}
	var out [][]string
	for len(values) > 0 {
		n := min(len(values), maxFilterValues)
		out = append(out, append([]string(nil), values[:n]...))
		values = values[n:]
	}
	return out
}

// describeCensReply is the part of a DescribeCens reply the client reads.
type describeCensReply struct {
	reply
	TotalCount int
	Cens       struct {
		Cen []struct {
			CenId, Name, Description, Status, Ipv6Level, CreationTime string
		}
	}
}

func (c *Client) describeCensPage(ctx context.Context, filters []censFilter, page, size int) ([]CEN, int, error) {
	p := pageParams(page, size)
	for i, f := range filters {
		prefix := "Filter." + strconv.Itoa(i+1) + "."
		p[prefix+"Key"] = f.key
		p.list(prefix+"Value", f.values)
	}
	resp, err := invoke[describeCensReply](ctx, c, c.cbn, call{action: opDescribeCens, params: p})
	if err != nil {
		return nil, 0, err
	}
	out := make([]CEN, 0, len(resp.Cens.Cen))
	for _, x := range resp.Cens.Cen {
		out = append(out, CEN{ID: Printable(x.CenId), Name: Printable(x.Name), Description: Printable(x.Description),
			Status: Printable(x.Status), IPv6Enabled: strings.EqualFold(x.Ipv6Level, "ENABLE"), CreationTime: Printable(x.CreationTime)})
	}
	return out, resp.TotalCount, nil
}

// describeChildInstanceRegionsReply is the part of a
// DescribeChildInstanceRegions reply the client reads.
type describeChildInstanceRegionsReply struct {
	reply
	Regions struct {
		Region []struct{ RegionId, LocalName string }
	}
}

// listChildInstanceRegions lists the regions where child instances of
// productType (ChildVPC, ChildVBR, ChildCCN, or "" for all) can be
// attached, with their local names in the client's language: without
// AcceptLanguage the API answers in Chinese
// (docs/cen-api.md#describechildinstanceregions).
func (c *Client) listChildInstanceRegions(ctx context.Context, productType string) ([]Region, error) {
	resp, err := invoke[describeChildInstanceRegionsReply](ctx, c, c.cbn, call{action: opDescribeChildInstanceRegions,
		params: params{"ProductType": productType, "AcceptLanguage": c.lang}})
	if err != nil {
		return nil, err
	}
	out := make([]Region, 0, len(resp.Regions.Region))
	for _, r := range resp.Regions.Region {
		out = append(out, Region{ID: Printable(r.RegionId), LocalName: Printable(r.LocalName)})
	}
	return out, nil
}

// describeChildInstancesReply is the part of a
// DescribeCenAttachedChildInstances reply the client reads.
type describeChildInstancesReply struct {
	reply
	TotalCount     int
	ChildInstances struct {
		ChildInstance []struct {
			ChildInstanceId, ChildInstanceType, ChildInstanceRegionId, Status, CenId string
			ChildInstanceOwnerId                                                     int64
		}
	}
}

// listChildInstances lists the instances attached to a CEN, optionally only
// those in regionID and of childType ("" for any).
func (c *Client) listChildInstances(ctx context.Context, cenID, regionID, childType string) ([]ChildInstance, error) {
	return pageAll(ctx, func(ctx context.Context, page int) ([]ChildInstance, int, error) {
		p := pageParams(page, MaxPageSize)
		p["CenId"], p["ChildInstanceRegionId"], p["ChildInstanceType"] = cenID, regionID, childType
		resp, err := invoke[describeChildInstancesReply](ctx, c, c.cbn, call{action: opDescribeChildInstances, params: p})
		if err != nil {
			return nil, 0, err
		}
		out := make([]ChildInstance, 0, len(resp.ChildInstances.ChildInstance))
		for _, x := range resp.ChildInstances.ChildInstance {
			out = append(out, ChildInstance{ID: Printable(x.ChildInstanceId), Type: Printable(x.ChildInstanceType),
				RegionID: Printable(x.ChildInstanceRegionId), OwnerID: x.ChildInstanceOwnerId, Status: Printable(x.Status),
				CenID: Printable(x.CenId)})
		}
		return out, resp.TotalCount, nil
	}, func(x ChildInstance) string { return x.Type + "/" + x.ID })
}

// listTransitRoutersReply is the part of a ListTransitRouters reply the
// client reads. Its list is a bare array, unlike the others
// (docs/cen-api.md#responses).
type listTransitRoutersReply struct {
	reply
	TotalCount     int
	TransitRouters []struct {
		TransitRouterId, CenId, RegionId, Type, Status, TransitRouterName string
	}
}

// ListTransitRouters lists a CEN's transit routers in one region.
func (c *Client) ListTransitRouters(ctx context.Context, cenID, regionID string) ([]TransitRouter, error) {
	return pageAll(ctx, func(ctx context.Context, page int) ([]TransitRouter, int, error) {
		p := pageParams(page, MaxPageSize)
		p["CenId"] = cenID
		resp, err := invoke[listTransitRoutersReply](ctx, c, c.cbn, call{action: opListTransitRouters, region: regionID, params: p})
		if err != nil {
			return nil, 0, err
		}
		out := make([]TransitRouter, 0, len(resp.TransitRouters))
		for _, x := range resp.TransitRouters {
			out = append(out, TransitRouter{ID: Printable(x.TransitRouterId), CenID: Printable(x.CenId),
				RegionID: Printable(x.RegionId), Type: Printable(x.Type), Status: Printable(x.Status),
				Name: Printable(x.TransitRouterName)})
		}
		return out, resp.TotalCount, nil
	}, func(x TransitRouter) string { return x.ID })
}

// requestIDReply is a reply of which the client reads the RequestId alone.
type requestIDReply struct {
	reply
	RequestId string
}

// ResolveAndRouteService creates the route-service entries of one host,
// one per access region. The entries start as Creating.
func (c *Client) ResolveAndRouteService(ctx context.Context, r ResolveRequest) (string, error) {
	p := params{"CenId": r.CenID, "HostRegionId": r.HostRegionID, "HostVpcId": r.HostVpcID, "Host": r.Host,
		"Description": r.Description, "ClientToken": r.ClientToken}
	p.list("AccessRegionIds", r.AccessRegionIDs)
	resp, err := invoke[requestIDReply](ctx, c, c.cbn, call{action: opResolveAndRouteService, params: p})
	if err != nil {
		return "", err
	}
	return Printable(resp.RequestId), nil
}

// DescribeRouteServices lists every route-service entry matching f, all
// pages.
func (c *Client) DescribeRouteServices(ctx context.Context, f RouteServiceFilter) ([]RouteService, error) {
	return pageAll(ctx, func(ctx context.Context, page int) ([]RouteService, int, error) {
		return c.DescribeRouteServicesPage(ctx, f, page, MaxPageSize)
	}, RouteService.Key)
}

// describeRouteServicesReply is the part of a DescribeRouteServicesInCen
// reply the client reads.
type describeRouteServicesReply struct {
	reply
	TotalCount          int
	RouteServiceEntries struct {
		RouteServiceEntry []struct {
			CenId, HostRegionId, Host, HostVpcId, AccessRegionId, Status, Description string
			Cidrs                                                                     struct{ Cidr []string }
		}
	}
}

// DescribeRouteServicesPage reads one page (size 1..MaxPageSize) of the entries
// matching f, with the total count.
func (c *Client) DescribeRouteServicesPage(ctx context.Context, f RouteServiceFilter, pageNumber, size int) ([]RouteService, int, error) {
	p := pageParams(pageNumber, size)
	p["CenId"], p["HostRegionId"], p["HostVpcId"], p["Host"], p["AccessRegionId"] = f.CenID, f.HostRegionID, f.HostVpcID, f.Host, f.AccessRegionID
	resp, err := invoke[describeRouteServicesReply](ctx, c, c.cbn, call{action: opDescribeRouteServices, params: p})
	if err != nil {
		return nil, 0, err
	}
	out := make([]RouteService, 0, len(resp.RouteServiceEntries.RouteServiceEntry))
	for _, x := range resp.RouteServiceEntries.RouteServiceEntry {
		var cidrs []string
		for _, c := range x.Cidrs.Cidr {
			cidrs = append(cidrs, Printable(c))
		}
		out = append(out, RouteService{CenID: Printable(x.CenId), HostRegionID: Printable(x.HostRegionId),
			Host: Printable(x.Host), HostVpcID: Printable(x.HostVpcId), AccessRegionID: Printable(x.AccessRegionId),
			Status: Printable(x.Status), Description: Printable(x.Description), Cidrs: cidrs})
	}
	return out, resp.TotalCount, nil
}

// DeleteRouteService deletes one route-service entry. The entry turns
// Deleting and later disappears; the API answers with success even when
// nothing matches.
func (c *Client) DeleteRouteService(ctx context.Context, d DeleteRequest) (string, error) {
	resp, err := invoke[requestIDReply](ctx, c, c.cbn, call{action: opDeleteRouteService, params: params{"CenId": d.CenID,
		"HostRegionId": d.HostRegionID, "Host": d.Host, "AccessRegionId": d.AccessRegionID, "HostVpcId": d.HostVpcID}})
	if err != nil {
		return "", err
	}
	return Printable(resp.RequestId), nil
}
