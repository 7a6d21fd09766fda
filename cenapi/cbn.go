package cenapi

import (
	"context"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
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

// cenFilterSets splits f into DescribeCens filter sets of at most five
// values per key; the union of their results is the answer.
func cenFilterSets(f CENFilter) [][]cbn.DescribeCensFilter {
	var sets [][]cbn.DescribeCensFilter
	for _, ids := range chunks(f.IDs) {
		for _, names := range chunks(f.Names) {
			var set []cbn.DescribeCensFilter
			if ids != nil {
				set = append(set, cbn.DescribeCensFilter{Key: "CenId", Value: &ids})
			}
			if names != nil {
				set = append(set, cbn.DescribeCensFilter{Key: "Name", Value: &names})
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

func (c *Client) describeCensPage(ctx context.Context, filters []cbn.DescribeCensFilter, page, size int) ([]CEN, int, error) {
	req := cbn.CreateDescribeCensRequest()
	req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(size)
	if len(filters) > 0 {
		req.Filter = &filters
	}
	resp, err := callCBN(ctx, c, "DescribeCens", func(api *cbn.Client) (*cbn.DescribeCensResponse, error) {
		return api.DescribeCens(req)
	})
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

// ListChildInstanceRegions lists the regions where child instances of
// productType (ChildVPC, ChildVBR, ChildCCN, or "" for all) can be
// attached, with their local names.
func (c *Client) ListChildInstanceRegions(ctx context.Context, productType string) ([]Region, error) {
	req := cbn.CreateDescribeChildInstanceRegionsRequest()
	req.ProductType = productType
	resp, err := callCBN(ctx, c, "DescribeChildInstanceRegions", func(api *cbn.Client) (*cbn.DescribeChildInstanceRegionsResponse, error) {
		return api.DescribeChildInstanceRegions(req)
	})
	if err != nil {
		return nil, err
	}
	out := make([]Region, 0, len(resp.Regions.Region))
	for _, r := range resp.Regions.Region {
		out = append(out, Region{ID: Printable(r.RegionId), LocalName: Printable(r.LocalName)})
	}
	return out, nil
}

// ListChildInstances lists the instances attached to a CEN, optionally only
// those in regionID and of childType ("" for any).
func (c *Client) ListChildInstances(ctx context.Context, cenID, regionID, childType string) ([]ChildInstance, error) {
	return pageAll(ctx, func(ctx context.Context, page int) ([]ChildInstance, int, error) {
		req := cbn.CreateDescribeCenAttachedChildInstancesRequest()
		req.CenId, req.ChildInstanceRegionId, req.ChildInstanceType = cenID, regionID, childType
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(MaxPageSize)
		resp, err := callCBN(ctx, c, "DescribeCenAttachedChildInstances", func(api *cbn.Client) (*cbn.DescribeCenAttachedChildInstancesResponse, error) {
			return api.DescribeCenAttachedChildInstances(req)
		})
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

// ListTransitRouters lists a CEN's transit routers in one region.
func (c *Client) ListTransitRouters(ctx context.Context, cenID, regionID string) ([]TransitRouter, error) {
	return pageAll(ctx, func(ctx context.Context, page int) ([]TransitRouter, int, error) {
		req := cbn.CreateListTransitRoutersRequest()
		req.RegionId, req.CenId = regionID, cenID
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(MaxPageSize)
		resp, err := callCBN(ctx, c, "ListTransitRouters", func(api *cbn.Client) (*cbn.ListTransitRoutersResponse, error) {
			return api.ListTransitRouters(req)
		})
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

// ResolveAndRouteService creates the route-service entries of one host,
// one per access region. The entries start as Creating.
func (c *Client) ResolveAndRouteService(ctx context.Context, r ResolveRequest) (string, error) {
	req := cbn.CreateResolveAndRouteServiceInCenRequest()
	req.CenId, req.HostRegionId, req.HostVpcId, req.Host = r.CenID, r.HostRegionID, r.HostVpcID, r.Host
	req.Description, req.ClientToken = r.Description, r.ClientToken
	regions := append([]string(nil), r.AccessRegionIDs...)
	req.AccessRegionIds = &regions
	resp, err := callCBN(ctx, c, "ResolveAndRouteServiceInCen", func(api *cbn.Client) (*cbn.ResolveAndRouteServiceInCenResponse, error) {
		return api.ResolveAndRouteServiceInCen(req)
	})
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

// DescribeRouteServicesPage reads one page (size 1..MaxPageSize) of the entries
// matching f, with the total count.
func (c *Client) DescribeRouteServicesPage(ctx context.Context, f RouteServiceFilter, pageNumber, size int) ([]RouteService, int, error) {
	req := cbn.CreateDescribeRouteServicesInCenRequest()
	req.CenId, req.HostRegionId, req.HostVpcId, req.Host, req.AccessRegionId = f.CenID, f.HostRegionID, f.HostVpcID, f.Host, f.AccessRegionID
	req.PageNumber, req.PageSize = requests.NewInteger(pageNumber), requests.NewInteger(size)
	resp, err := callCBN(ctx, c, "DescribeRouteServicesInCen", func(api *cbn.Client) (*cbn.DescribeRouteServicesInCenResponse, error) {
		return api.DescribeRouteServicesInCen(req)
	})
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
	req := cbn.CreateDeleteRouteServiceInCenRequest()
	req.CenId, req.HostRegionId, req.Host, req.AccessRegionId, req.HostVpcId = d.CenID, d.HostRegionID, d.Host, d.AccessRegionID, d.HostVpcID
	resp, err := callCBN(ctx, c, "DeleteRouteServiceInCen", func(api *cbn.Client) (*cbn.DeleteRouteServiceInCenResponse, error) {
		return api.DeleteRouteServiceInCen(req)
	})
	if err != nil {
		return "", err
	}
	return Printable(resp.RequestId), nil
}
