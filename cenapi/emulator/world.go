package emulator

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Child instance types and transit router editions, as the API spells them.
const (
	childVPC = "VPC"
	childVBR = "VBR"
	childCCN = "CCN"

	editionBasic      = "Basic"
	editionEnterprise = "Enterprise"
)

// region is a region where child instances can attach. VPCs and VBRs can
// attach everywhere; CCNs only where ccn is set.
type region struct {
	id, english, chinese string
	ccn                  bool
}

// demoID is a hand-made instance ID such as cen-demo0000000001.
func demoID(prefix string, n int) string { return fmt.Sprintf("%s-demo%010d", prefix, n) }

type cenInfo struct {
	id, name, description, created string
	ipv6                           bool
	tags                           []tagJSON // sorted by key
	bandwidthPackages              []string
}

type vpcInfo struct {
	id, name, regionID, cidr, ipv6, created string
	cenID                                   string // "" = not attached
	vswitches                               []string
	isDefault                               bool
	secondaryCIDRs, userCIDRs               []string
	tags                                    []tagJSON // sorted by key
}

type childInfo struct {
	cenID, id, typ, regionID, attached string
}

type transitRouterInfo struct {
	id, cenID, regionID, edition, name, description, created string
	zones                                                    []string // primary, then standby
}

// world is the seeded, read-only part of the emulator: everything but the
// route services. It is built once by newWorld and never changes, so it is
// read without locks.
type world struct {
	ownerID        int64
	resourceGroup  string
	regions        []region
	cens           []*cenInfo
	vpcs           []*vpcInfo
	children       []childInfo
	transitRouters []transitRouterInfo

	regionByID map[string]*region
	cenByID    map[string]*cenInfo
	vpcByID    map[string]*vpcInfo
}

// worldBuilder draws the seeded details: IDs of generated instances and
// creation times.
type worldBuilder struct {
	w   *world
	rng *rand.Rand
}

// newWorld builds the world spec describes (already checked: see
// World.problem), plus extraCENs generated CENs, the same for the same
// seed. IDs come from spec; the seed draws the account, creation times and
// vSwitches, in the order of the file.
func newWorld(spec *World, seed int64, extraCENs int) *world {
	b := &worldBuilder{
		w:   &world{regionByID: map[string]*region{}, cenByID: map[string]*cenInfo{}, vpcByID: map[string]*vpcInfo{}},
		rng: rand.New(rand.NewPCG(uint64(seed), 0x776f726c64)), // "world"
	}
	b.w.ownerID = 1_000_000_000_000_000 + b.rng.Int64N(900_000_000_000_000)
	b.w.resourceGroup = "rg-" + b.randomID(15)
	for _, r := range spec.Regions {
		b.w.regions = append(b.w.regions, region{id: r.ID, english: cmp.Or(r.Name, r.ID), chinese: cmp.Or(r.NameZh, r.Name, r.ID), ccn: r.CCN})
	}
	for i := range b.w.regions {
		b.w.regionByID[b.w.regions[i].id] = &b.w.regions[i]
	}
	b.addSpec(spec)
	for i := range extraCENs {
		if len(b.w.regions) > 0 {
			b.addExtraCEN(i)
		}
	}
	return b.w
}

// addSpec adds what the world file describes: the CENs, their transit
// routers, the VPCs, then the VBRs and CCNs.
func (b *worldBuilder) addSpec(spec *World) {
	for _, c := range spec.CENs {
		b.addCEN(&cenInfo{id: c.ID, name: c.Name, description: c.Description, ipv6: c.IPv6, tags: sortedTags(c.Tags),
			bandwidthPackages: c.BandwidthPackages})
	}
	for _, c := range spec.CENs {
		for _, t := range c.TransitRouters {
			b.addTransitRouter(transitRouterInfo{id: cmp.Or(t.ID, "tr-"+strings.TrimPrefix(c.ID, "cen-")+"-"+t.Region),
				cenID: c.ID, regionID: t.Region, edition: t.Edition, description: t.Description, zones: t.Zones})
		}
	}
	for _, v := range spec.VPCs {
		b.addVPC(&vpcInfo{id: v.ID, name: v.Name, regionID: v.Region, cidr: v.CIDR, ipv6: v.IPv6CIDR, cenID: v.CEN,
			isDefault: v.Default, secondaryCIDRs: v.SecondaryCIDRs, userCIDRs: v.UserCIDRs, tags: sortedTags(v.Tags)})
	}
	for _, c := range spec.CENs {
		for j, l := range c.VBRs {
			b.attach(c.ID, linkID(l, "vbr", c.ID, j), childVBR, l.Region)
		}
		for j, l := range c.CCNs {
			b.attach(c.ID, linkID(l, "ccn", c.ID, j), childCCN, l.Region)
		}
	}
}

// linkID is the ID of a CEN's VBR or CCN number j: the file's, else one
// made of the CEN's, the region and the number.
func linkID(l WorldLink, prefix, cenID string, j int) string {
	return cmp.Or(l.ID, fmt.Sprintf("%s-%s-%s-%d", prefix, strings.TrimPrefix(cenID, "cen-"), l.Region, j+1))
}

// sortedTags are a CEN's tags in key order, as the API lists them.
func sortedTags(tags map[string]string) []tagJSON {
	out := make([]tagJSON, 0, len(tags))
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, tagJSON{k, tags[k]})
	}
	return out
}

// Words for generated CEN names.
var (
	nameAdjectives = []string{"retail", "factory", "campus", "partner", "logistics", "research", "branch", "edge"}
	nameNouns      = []string{"network", "mesh", "backbone", "link", "fabric", "hub"}
)

// addExtraCEN generates CEN i: a Basic Edition transit router, an attached
// VPC and a VBR, all in one region.
func (b *worldBuilder) addExtraCEN(i int) {
	r := b.w.regions[i%len(b.w.regions)].id
	name := fmt.Sprintf("%s-%s-%03d", nameAdjectives[b.rng.IntN(len(nameAdjectives))], nameNouns[b.rng.IntN(len(nameNouns))], i+1)
	cen := &cenInfo{id: "cen-" + b.randomID(18), name: name, description: "Generated " + name,
		tags: []tagJSON{{"env", "prod"}, {"owner", "netops"}}}
	b.addCEN(cen)
	b.addTransitRouter(transitRouterInfo{id: "tr-" + b.randomID(20), cenID: cen.id, regionID: r, edition: editionBasic})
	b.addVPC(&vpcInfo{id: "vpc-" + b.randomID(20), name: name + "-vpc", regionID: r,
		cidr: fmt.Sprintf("10.%d.0.0/16", i%256), cenID: cen.id})
	b.attach(cen.id, "vbr-"+b.randomID(20), childVBR, r)
}

func (b *worldBuilder) addCEN(c *cenInfo) {
	c.created = b.timeBefore(3 * 365 * 24 * time.Hour).Format("2006-01-02T15:04Z")
	b.w.cens = append(b.w.cens, c)
	b.w.cenByID[c.id] = c
}

// addTransitRouter adds t with a name, a creation time and, unless the
// world gives them, a description and (Enterprise Edition only) a primary
// and a standby zone.
func (b *worldBuilder) addTransitRouter(t transitRouterInfo) {
	cen := b.w.cenByID[t.cenID]
	t.name = cen.name + "-" + t.regionID
	t.created = b.timeBefore(2 * 365 * 24 * time.Hour).Format(time.RFC3339)
	t.description = cmp.Or(t.description, t.edition+" Edition transit router of "+cen.name+" in "+t.regionID)
	if t.zones == nil && t.edition == editionEnterprise {
		t.zones = []string{t.regionID + "-a", t.regionID + "-b"}
	}
	b.w.transitRouters = append(b.w.transitRouters, t)
}

// addVPC adds a VPC with two vSwitches, attached to its CEN if it has one.
func (b *worldBuilder) addVPC(v *vpcInfo) {
	v.created = b.timeBefore(2 * 365 * 24 * time.Hour).Format(time.RFC3339)
	v.vswitches = []string{"vsw-" + b.randomID(20), "vsw-" + b.randomID(20)}
	b.w.vpcs = append(b.w.vpcs, v)
	b.w.vpcByID[v.id] = v
	if v.cenID != "" {
		b.attach(v.cenID, v.id, childVPC, v.regionID)
	}
}

func (b *worldBuilder) attach(cenID, id, typ, regionID string) {
	b.w.children = append(b.w.children, childInfo{cenID: cenID, id: id, typ: typ, regionID: regionID,
		attached: b.timeBefore(365 * 24 * time.Hour).Format("2006-01-02T15:04Z")})
}

// worldEpoch anchors generated times, so that the world does not depend on
// when it is built.
var worldEpoch = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// timeBefore is a seeded time up to d before worldEpoch.
func (b *worldBuilder) timeBefore(d time.Duration) time.Time {
	return worldEpoch.Add(-time.Duration(b.rng.Int64N(int64(d)))).Truncate(time.Second)
}

// randomID is n seeded characters of the alphabet of Alibaba Cloud IDs.
func (b *worldBuilder) randomID(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	out := make([]byte, n)
	for i := range out {
		out[i] = alphabet[b.rng.IntN(len(alphabet))]
	}
	return string(out)
}

// hasChild reports whether cenID has a child of type typ in regionID.
func (w *world) hasChild(cenID, regionID, typ string) bool {
	for _, c := range w.children {
		if c.cenID == cenID && c.regionID == regionID && c.typ == typ {
			return true
		}
	}
	return false
}

// vpcAttached reports whether vpcID, in regionID, is attached to cenID. A
// VPC's record names its CEN (addVPC attaches it there), so no search of
// the children is needed.
func (w *world) vpcAttached(cenID, regionID, vpcID string) bool {
	v := w.vpcByID[vpcID]
	return v != nil && v.cenID == cenID && v.regionID == regionID
}

// edition is the edition of cenID's transit router in regionID, Basic when
// it has none there.
func (w *world) edition(cenID, regionID string) string {
	for _, t := range w.transitRouters {
		if t.cenID == cenID && t.regionID == regionID {
			return t.edition
		}
	}
	return editionBasic
}
