package emulator

import (
	"slices"
	"strconv"
)

// The CEN (Cbn) inventory calls. Their replies wrap lists in objects
// ({"Cens":{"Cen":[...]}}), except ListTransitRouters, a newer API whose
// TransitRouters is a bare array: the SDK decodes each shape only.

// tagJSON is a resource tag.
type tagJSON struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// cenJSON is a Cen of DescribeCens.
type cenJSON struct {
	CenID                  string `json:"CenId"`
	Name                   string `json:"Name"`
	Description            string `json:"Description"`
	Status                 string `json:"Status"`
	CreationTime           string `json:"CreationTime"`
	Ipv6Level              string `json:"Ipv6Level"`
	ProtectionLevel        string `json:"ProtectionLevel"`
	ResourceGroupID        string `json:"ResourceGroupId"`
	CenBandwidthPackageIds struct {
		CenBandwidthPackageID []string `json:"CenBandwidthPackageId"`
	} `json:"CenBandwidthPackageIds"`
	Tags struct {
		Tag []tagJSON `json:"Tag"`
	} `json:"Tags"`
}

type describeCensReply struct {
	pageInfo
	Cens struct {
		Cen []cenJSON `json:"Cen"`
	} `json:"Cens"`
}

// DescribeCens filter limits (documented): at most 5 filters of 5 values.
const maxCenFilters = 5

// describeCens is DescribeCens. Filters (Key CenId or Name) are ANDed, their
// values ORed; a filter matching nothing gives an empty list, not an error.
// Tags are accepted and ignored.
func (e *Emulator) describeCens(c *call) (any, *apiError) {
	page, size, err := c.p.paging()
	if err != nil {
		return nil, err
	}
	match, err := cenFilter(c.p)
	if err != nil {
		return nil, err
	}
	var matched []*cenInfo
	for _, cen := range e.world.cens {
		if match(cen) {
			matched = append(matched, cen)
		}
	}
	reply := describeCensReply{pageInfo: pageInfo{c.requestID, page, size, len(matched)}}
	reply.Cens.Cen = replyPage(matched, page, size, e.world.cenJSON)
	return reply, nil
}

// cenFilter reads Filter.N.Key / Filter.N.Value.M into a predicate.
func cenFilter(p params) (func(*cenInfo) bool, *apiError) {
	type filter struct {
		byName bool
		values []string
	}
	var filters []filter
	for _, n := range p.indices("Filter") {
		prefix := "Filter." + strconv.Itoa(n)
		key, values := p.get(prefix+".Key"), p.list(prefix+".Value")
		if key != "CenId" && key != "Name" || len(values) == 0 || len(values) > maxCenFilters {
			return nil, errInvalidParam
		}
		filters = append(filters, filter{key == "Name", values})
	}
	if len(filters) > maxCenFilters {
		return nil, errInvalidParam
	}
	return func(cen *cenInfo) bool {
		for _, f := range filters {
			v := cen.id
			if f.byName {
				v = cen.name
			}
			if !slices.Contains(f.values, v) {
				return false
			}
		}
		return true
	}, nil
}

func (w *world) cenJSON(cen *cenInfo) cenJSON {
	j := cenJSON{CenID: cen.id, Name: cen.name, Description: cen.description, Status: "Active",
		CreationTime: cen.created, Ipv6Level: "DISABLED", ProtectionLevel: "REDUCED", ResourceGroupID: w.resourceGroup}
	if cen.ipv6 {
		j.Ipv6Level = "ENABLE"
	}
	j.CenBandwidthPackageIds.CenBandwidthPackageID = nonNil(cen.bandwidthPackages)
	j.Tags.Tag = cen.tags
	return j
}

type regionJSON struct {
	RegionID  string `json:"RegionId"`
	LocalName string `json:"LocalName"`
}

type describeChildInstanceRegionsReply struct {
	RequestID string `json:"RequestId"`
	Regions   struct {
		Region []regionJSON `json:"Region"`
	} `json:"Regions"`
}

// describeChildInstanceRegions is DescribeChildInstanceRegions: the regions
// where ProductType (VPC, VBR or CCN; empty = any) can attach, with local
// names in Chinese, the API's default, or in English for AcceptLanguage
// en-US (see wantsEnglish).
func (e *Emulator) describeChildInstanceRegions(c *call) (any, *apiError) {
	product := c.p.get("ProductType")
	if !validChildType(product) {
		return nil, errInvalidParam
	}
	inEnglish := wantsEnglish(c.p.get("AcceptLanguage"))
	reply := describeChildInstanceRegionsReply{RequestID: c.requestID}
	reply.Regions.Region = []regionJSON{}
	for _, r := range e.world.regions {
		if product == childCCN && !r.ccn {
			continue
		}
		name := r.chinese
		if inEnglish {
			name = r.english
		}
		reply.Regions.Region = append(reply.Regions.Region, regionJSON{r.id, name})
	}
	return reply, nil
}

// wantsEnglish reports whether AcceptLanguage asks for English names. The API
// documents zh-CN (its default, also when the parameter is absent) and
// en-US; what it does with any other value is [UNVERIFIED]
// (docs/unverified.md#acceptlanguage-values): it is taken as the default,
// so that a client sending "en" or "ja" sees Chinese here before it does
// in the cloud.
func wantsEnglish(acceptLanguage string) bool { return acceptLanguage == "en-US" }

// validChildType accepts VPC, VBR, CCN or empty (any).
func validChildType(t string) bool {
	return t == "" || t == childVPC || t == childVBR || t == childCCN
}

type childInstanceJSON struct {
	CenID                   string `json:"CenId"`
	ChildInstanceID         string `json:"ChildInstanceId"`
	ChildInstanceType       string `json:"ChildInstanceType"`
	ChildInstanceRegionID   string `json:"ChildInstanceRegionId"`
	ChildInstanceOwnerID    int64  `json:"ChildInstanceOwnerId"`
	ChildInstanceAttachTime string `json:"ChildInstanceAttachTime"`
	Status                  string `json:"Status"`
}

type describeChildInstancesReply struct {
	pageInfo
	ChildInstances struct {
		ChildInstance []childInstanceJSON `json:"ChildInstance"`
	} `json:"ChildInstances"`
}

// describeCenAttachedChildInstances is DescribeCenAttachedChildInstances,
// filtered by ChildInstanceRegionId and ChildInstanceType, paged.
func (e *Emulator) describeCenAttachedChildInstances(c *call) (any, *apiError) {
	if err := c.p.require("CenId"); err != nil {
		return nil, err
	}
	page, size, err := c.p.paging()
	if err != nil {
		return nil, err
	}
	cenID, regionID, typ := c.p.get("CenId"), c.p.get("ChildInstanceRegionId"), c.p.get("ChildInstanceType")
	if !validChildType(typ) {
		return nil, errInvalidParam
	}
	if e.world.cenByID[cenID] == nil {
		return nil, errCenNotFound
	}
	var matched []childInfo
	for _, ch := range e.world.children {
		if ch.cenID == cenID && (regionID == "" || ch.regionID == regionID) && (typ == "" || ch.typ == typ) {
			matched = append(matched, ch)
		}
	}
	reply := describeChildInstancesReply{pageInfo: pageInfo{c.requestID, page, size, len(matched)}}
	reply.ChildInstances.ChildInstance = replyPage(matched, page, size, e.world.childJSON)
	return reply, nil
}

func (w *world) childJSON(ch childInfo) childInstanceJSON {
	return childInstanceJSON{CenID: ch.cenID, ChildInstanceID: ch.id, ChildInstanceType: ch.typ,
		ChildInstanceRegionID: ch.regionID, ChildInstanceOwnerID: w.ownerID,
		ChildInstanceAttachTime: ch.attached, Status: "Attached"}
}

// transitRouterJSON is a transit router of ListTransitRouters. Its lists
// are bare arrays, like TransitRouters itself: the SDK's struct has slices
// there, not wrapper objects.
type transitRouterJSON struct {
	TransitRouterID                         string         `json:"TransitRouterId"`
	TransitRouterName                       string         `json:"TransitRouterName"`
	TransitRouterDescription                string         `json:"TransitRouterDescription"`
	CenID                                   string         `json:"CenId"`
	RegionID                                string         `json:"RegionId"`
	Type                                    string         `json:"Type"`
	Status                                  string         `json:"Status"`
	CreationTime                            string         `json:"CreationTime"`
	AliUID                                  int64          `json:"AliUid"`
	ServiceMode                             string         `json:"ServiceMode"`
	SupportMulticast                        bool           `json:"SupportMulticast"`
	TransitRouterCidrList                   []any          `json:"TransitRouterCidrList"`
	Tags                                    []tagJSON      `json:"Tags"`
	TransitRouterPrimaryStandbyZoneInfoList []zoneInfoJSON `json:"TransitRouterPrimaryStandbyZoneInfoList"`
}

// zoneInfoJSON is one zone of a transit router and its role, Primary or
// Standby ([UNVERIFIED] spelling: docs/unverified.md#transit-router-details).
type zoneInfoJSON struct {
	ZoneID string `json:"ZoneId"`
	Role   string `json:"Role"`
}

// listTransitRoutersReply: TransitRouters is a bare array, as in the real
// API and the SDK's struct.
type listTransitRoutersReply struct {
	pageInfo
	TransitRouters []transitRouterJSON `json:"TransitRouters"`
}

// listTransitRouters is ListTransitRouters: the transit routers in
// RegionId, of CenId if given, filtered by Type and TransitRouterId(s).
func (e *Emulator) listTransitRouters(c *call) (any, *apiError) {
	if err := c.p.require("RegionId"); err != nil {
		return nil, err
	}
	page, size, err := c.p.paging()
	if err != nil {
		return nil, err
	}
	cenID := c.p.get("CenId")
	if cenID != "" && e.world.cenByID[cenID] == nil {
		return nil, errCenNotFound
	}
	ids := c.p.list("TransitRouterIds")
	if id := c.p.get("TransitRouterId"); id != "" {
		ids = append(ids, id)
	}
	regionID, typ := c.p.get("RegionId"), c.p.get("Type")
	var matched []transitRouterInfo
	for _, t := range e.world.transitRouters {
		if t.regionID != regionID || cenID != "" && t.cenID != cenID || typ != "" && t.edition != typ ||
			len(ids) > 0 && !slices.Contains(ids, t.id) {
			continue
		}
		matched = append(matched, t)
	}
	return listTransitRoutersReply{pageInfo{c.requestID, page, size, len(matched)},
		replyPage(matched, page, size, e.world.transitRouterJSON)}, nil
}

// transitRouterServiceMode is the ServiceMode of every transit router: one
// its owner made and runs. The values of the field are [UNVERIFIED]
// (docs/unverified.md#transit-router-details).
const transitRouterServiceMode = "Normal"

func (w *world) transitRouterJSON(t transitRouterInfo) transitRouterJSON {
	j := transitRouterJSON{TransitRouterID: t.id, TransitRouterName: t.name, TransitRouterDescription: t.description,
		CenID: t.cenID, RegionID: t.regionID, Type: t.edition, Status: "Active", CreationTime: t.created, AliUID: w.ownerID,
		ServiceMode: transitRouterServiceMode, TransitRouterCidrList: []any{}, Tags: []tagJSON{},
		TransitRouterPrimaryStandbyZoneInfoList: []zoneInfoJSON{}}
	for i, z := range t.zones {
		role := "Primary"
		if i > 0 {
			role = "Standby"
		}
		j.TransitRouterPrimaryStandbyZoneInfoList = append(j.TransitRouterPrimaryStandbyZoneInfoList, zoneInfoJSON{z, role})
	}
	return j
}

// nonNil is s, or an empty list for nil: lists are sent as [], never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
