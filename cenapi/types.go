// Package cenapi is cenroute's typed client for the Cloud Enterprise Network
// (CEN) and VPC APIs. It wraps the Alibaba Cloud SDK so that no SDK type leaks
// to the rest of the program, pages through list results by itself, and turns
// every failure into an *Error that is safe to show (no signed URLs, keys or
// tokens). It knows nothing of the terminal UI.
package cenapi

import "time"

// Child instance types a CEN can carry.
const (
	ChildVPC = "VPC"
	ChildVBR = "VBR"
	ChildCCN = "CCN"
)

// Transit router editions. Route services can only be created in regions
// whose transit router is Basic Edition.
const (
	TransitRouterBasic      = "Basic"
	TransitRouterEnterprise = "Enterprise"
)

// Route-service entry statuses, as DescribeRouteServicesInCen reports them.
const (
	StatusCreating = "Creating"
	StatusActive   = "Active"
	StatusFailed   = "Failed"
	StatusDeleting = "Deleting"
)

// CEN is one Cloud Enterprise Network instance.
type CEN struct {
	ID           string
	Name         string
	Description  string
	Status       string // Creating, Active or Deleting
	IPv6Enabled  bool   // Ipv6Level == ENABLE
	CreationTime string
}

// Region is a region where child instances can be attached, with its local
// (human) name, e.g. cn-hangzhou / "China (Hangzhou)".
type Region struct {
	ID        string
	LocalName string
}

// ChildInstance is a VPC, VBR or CCN attached to a CEN.
type ChildInstance struct {
	ID       string
	Type     string // ChildVPC, ChildVBR or ChildCCN
	RegionID string
	OwnerID  int64
	Status   string // Attaching, Attached or Detaching
	CenID    string
}

// VPC is a virtual private cloud of one region (from the VPC API).
type VPC struct {
	ID        string
	Name      string
	RegionID  string
	CidrBlock string
	Status    string
	CenStatus string // "Attached" when attached to a CEN
}

// TransitRouter is a CEN's transit router in one region.
type TransitRouter struct {
	ID       string
	CenID    string
	RegionID string
	Type     string // TransitRouterBasic or TransitRouterEnterprise
	Status   string
	Name     string
}

// RouteService is one cloud route service entry: the key is
// (CenID, HostRegionID, Host, AccessRegionID).
type RouteService struct {
	CenID          string
	HostRegionID   string
	Host           string
	HostVpcID      string
	AccessRegionID string
	Status         string
	Description    string
	Cidrs          []string
}

// Key identifies a route-service entry the way the API and Terraform do:
// <CenId>:<HostRegionId>:<Host>:<AccessRegionId>.
func (r RouteService) Key() string {
	return r.CenID + ":" + r.HostRegionID + ":" + r.Host + ":" + r.AccessRegionID
}

// ResolveRequest is one ResolveAndRouteServiceInCen call: one host, routed
// into every access region.
type ResolveRequest struct {
	CenID           string
	HostRegionID    string
	HostVpcID       string
	Host            string
	AccessRegionIDs []string
	Description     string
	ClientToken     string
}

// RouteServiceFilter narrows DescribeRouteServicesInCen. Empty fields match
// everything; CenID is required.
type RouteServiceFilter struct {
	CenID          string
	HostRegionID   string
	HostVpcID      string
	Host           string
	AccessRegionID string
}

// DeleteRequest is one DeleteRouteServiceInCen call.
type DeleteRequest struct {
	CenID          string
	HostRegionID   string
	Host           string
	AccessRegionID string
	HostVpcID      string
}

// CallTimeout is the default per-call deadline the client applies when the
// caller's context has none.
const CallTimeout = 10 * time.Second

// CENSummary is a CEN with the number of child instances of each type
// attached to it, as the CEN picker shows it.
type CENSummary struct {
	CEN
	VPCs, VBRs, CCNs int
}

// HostRegion is a region where a CEN has VPCs attached, i.e. a candidate
// region for a service host. Supported is false when the region's transit
// router is Enterprise Edition; Reason then says why in words.
type HostRegion struct {
	Region
	VPCs              int
	TransitRouterType string // TransitRouterBasic, TransitRouterEnterprise, or "" if none found
	Supported         bool
	Reason            string
}

// AccessRegion is a region where a CEN has a VBR or CCN attached: a region
// from which the on-premises network can reach a service.
type AccessRegion struct {
	Region
	VBRs, CCNs int
}
