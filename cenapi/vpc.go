package cenapi

import (
	"context"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// ListVPCs lists the VPCs of one region (VPC API 2016-04-28), for their
// names and CIDR blocks.
func (c *Client) ListVPCs(ctx context.Context, regionID string) ([]VPC, error) {
	return pageAll(ctx, func(ctx context.Context, page int) ([]VPC, int, error) {
		req := vpc.CreateDescribeVpcsRequest()
		req.RegionId = regionID
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(MaxPageSize)
		resp, err := callVPC(ctx, c, "DescribeVpcs", func(api *vpc.Client) (*vpc.DescribeVpcsResponse, error) {
			return api.DescribeVpcs(req)
		})
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
