package cenapi

import "context"

// describeVpcsReply is the part of a DescribeVpcs reply the client reads.
type describeVpcsReply struct {
	reply
	TotalCount int
	Vpcs       struct {
		Vpc []struct {
			VpcId, VpcName, RegionId, CidrBlock, Status, CenStatus string
		}
	}
}

// listVPCs lists the VPCs of one region (VPC API 2016-04-28), for their
// names and CIDR blocks.
func (c *Client) listVPCs(ctx context.Context, regionID string) ([]VPC, error) {
	return pageAll(ctx, func(ctx context.Context, page int) ([]VPC, int, error) {
		// The region is the request's own, as the generated request's
		// RegionId is: it picks the regional endpoint too.
		resp, err := invoke[describeVpcsReply](ctx, c, c.vpc, call{action: opDescribeVpcs, region: regionID,
			params: pageParams(page, MaxPageSize)})
		if err != nil {
			return nil, 0, err
		}
		out := make([]VPC, 0, len(resp.Vpcs.Vpc))
		for _, x := range resp.Vpcs.Vpc {
			out = append(out, VPC{ID: Printable(x.VpcId), Name: Printable(x.VpcName), RegionID: Printable(x.RegionId),
				CidrBlock: Printable(x.CidrBlock), Status: Printable(x.Status), CenStatus: Printable(x.CenStatus)})
		}
		return out, resp.TotalCount, nil
	}, func(x VPC) string { return x.ID })
}
