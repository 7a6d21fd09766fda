package emulator

import (
	"net/http"
	"slices"
	"strings"
)

// maxVpcIDs is how many IDs DescribeVpcs takes in VpcId (documented).
const maxVpcIDs = 20

// errTooManyVpcIDs: the code is documented for DescribeVpcs, the message
// is [UNVERIFIED] (docs/unverified.md#describevpcs-id-count).
var errTooManyVpcIDs = &apiError{Status: http.StatusBadRequest, Code: "InvalidVpcIdNumber.NotSupported", Message: "The number of specified VPC IDs exceeds the limit."}

// vpcJSON is a Vpc of DescribeVpcs, with every wrapper object the SDK
// knows, including NatGatewayIds and RouterTableIds, whose inner key
// repeats the outer name.
type vpcJSON struct {
	VpcID                  string `json:"VpcId"`
	VpcName                string `json:"VpcName"`
	RegionID               string `json:"RegionId"`
	CidrBlock              string `json:"CidrBlock"`
	Ipv6CidrBlock          string `json:"Ipv6CidrBlock"`
	EnabledIpv6            bool   `json:"EnabledIpv6"`
	Status                 string `json:"Status"`
	CenStatus              string `json:"CenStatus"`
	CreationTime           string `json:"CreationTime"`
	Description            string `json:"Description"`
	IsDefault              bool   `json:"IsDefault"`
	OwnerID                int64  `json:"OwnerId"`
	ResourceGroupID        string `json:"ResourceGroupId"`
	VRouterID              string `json:"VRouterId"`
	NetworkACLNum          string `json:"NetworkAclNum"`
	DhcpOptionsSetID       string `json:"DhcpOptionsSetId"`
	DhcpOptionsSetStatus   string `json:"DhcpOptionsSetStatus"`
	DNSHostnameStatus      string `json:"DnsHostnameStatus"`
	SupportAdvancedFeature bool   `json:"SupportAdvancedFeature"`
	VSwitchIds             struct {
		VSwitchID []string `json:"VSwitchId"`
	} `json:"VSwitchIds"`
	SecondaryCidrBlocks struct {
		SecondaryCidrBlock []string `json:"SecondaryCidrBlock"`
	} `json:"SecondaryCidrBlocks"`
	UserCidrs struct {
		UserCidr []string `json:"UserCidr"`
	} `json:"UserCidrs"`
	NatGatewayIds struct {
		NatGatewayIds []string `json:"NatGatewayIds"`
	} `json:"NatGatewayIds"`
	RouterTableIds struct {
		RouterTableIds []string `json:"RouterTableIds"`
	} `json:"RouterTableIds"`
	Tags struct {
		Tag []tagJSON `json:"Tag"`
	} `json:"Tags"`
	Ipv6CidrBlocks struct {
		Ipv6CidrBlock []ipv6CidrJSON `json:"Ipv6CidrBlock"`
	} `json:"Ipv6CidrBlocks"`
}

type ipv6CidrJSON struct {
	Ipv6CidrBlock string `json:"Ipv6CidrBlock"`
	Ipv6Isp       string `json:"Ipv6Isp"`
}

type describeVpcsReply struct {
	pageInfo
	Vpcs struct {
		Vpc []vpcJSON `json:"Vpc"`
	} `json:"Vpcs"`
}

// describeVpcs is the VPC API's DescribeVpcs: the VPCs of RegionId,
// filtered by VpcId (a comma-separated list) and VpcName, paged.
func (e *Emulator) describeVpcs(c *call) (any, *apiError) {
	if err := c.p.require("RegionId"); err != nil {
		return nil, err
	}
	page, size, err := c.p.paging()
	if err != nil {
		return nil, err
	}
	var ids []string
	if s := c.p.get("VpcId"); s != "" {
		ids = strings.Split(s, ",")
	}
	if len(ids) > maxVpcIDs {
		return nil, errTooManyVpcIDs
	}
	regionID, name := c.p.get("RegionId"), c.p.get("VpcName")
	var matched []*vpcInfo
	for _, v := range e.world.vpcs {
		if v.regionID == regionID && (name == "" || v.name == name) && (len(ids) == 0 || slices.Contains(ids, v.id)) {
			matched = append(matched, v)
		}
	}
	reply := describeVpcsReply{pageInfo: pageInfo{c.requestID, page, size, len(matched)}}
	reply.Vpcs.Vpc = replyPage(matched, page, size, e.world.vpcJSON)
	return reply, nil
}

// vpcJSON is v as DescribeVpcs lists it. Every VPC has a DHCP options set
// of its own, named after it (dopt-…), in use.
func (w *world) vpcJSON(v *vpcInfo) vpcJSON {
	suffix := strings.TrimPrefix(v.id, "vpc-")
	j := vpcJSON{VpcID: v.id, VpcName: v.name, RegionID: v.regionID, CidrBlock: v.cidr, Ipv6CidrBlock: v.ipv6,
		EnabledIpv6: v.ipv6 != "", Status: "Available", CreationTime: v.created, Description: v.name + " network",
		IsDefault: v.isDefault, OwnerID: w.ownerID, ResourceGroupID: w.resourceGroup, VRouterID: "vrt-" + suffix,
		NetworkACLNum: "0", DhcpOptionsSetID: "dopt-" + suffix, DhcpOptionsSetStatus: "InUse", DNSHostnameStatus: "DISABLED",
		SupportAdvancedFeature: true}
	if v.cenID != "" {
		j.CenStatus = "Attached"
	}
	j.VSwitchIds.VSwitchID = v.vswitches
	j.SecondaryCidrBlocks.SecondaryCidrBlock = nonNil(v.secondaryCIDRs)
	j.UserCidrs.UserCidr = nonNil(v.userCIDRs)
	j.NatGatewayIds.NatGatewayIds = []string{}
	j.RouterTableIds.RouterTableIds = []string{"vtb-" + suffix}
	j.Tags.Tag = nonNil(v.tags)
	j.Ipv6CidrBlocks.Ipv6CidrBlock = []ipv6CidrJSON{}
	if v.ipv6 != "" {
		j.Ipv6CidrBlocks.Ipv6CidrBlock = []ipv6CidrJSON{{v.ipv6, "BGP"}}
	}
	return j
}
