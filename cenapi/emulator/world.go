package emulator

import (
	"fmt"
	"math/rand/v2"
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

// regions are real Alibaba Cloud region IDs with their local names.
var regions = []region{
	{"cn-hangzhou", "China (Hangzhou)", "华东1（杭州）", true},
	{"cn-shanghai", "China (Shanghai)", "华东2（上海）", true},
	{"cn-beijing", "China (Beijing)", "华北2（北京）", true},
	{"cn-shenzhen", "China (Shenzhen)", "华南1（深圳）", true},
	{"cn-qingdao", "China (Qingdao)", "华北1（青岛）", false},
	{"cn-zhangjiakou", "China (Zhangjiakou)", "华北3（张家口）", false},
	{"cn-hongkong", "China (Hong Kong)", "中国香港", true},
	{"ap-southeast-1", "Singapore", "新加坡", true},
	{"ap-northeast-1", "Japan (Tokyo)", "日本（东京）", false},
	{"eu-central-1", "Germany (Frankfurt)", "德国（法兰克福）", false},
	{"us-west-1", "US (Silicon Valley)", "美国（硅谷）", false},
}

// The hand-made part of the world. Numbers are demo IDs: CEN 1 is
// cen-demo0000000001, VPC 3 is vpc-demo0000000003, and so on.
var (
	demoCENs = []struct {
		name, description, env string
		ipv6                   bool
	}{
		{"corp-backbone", "Production backbone: head office and branches to Alibaba Cloud", "prod", false},
		{"global-enterprise", "Cross-border network on Enterprise Edition transit routers", "prod", false},
		{"dual-stack-lab", "IPv4/IPv6 dual-stack lab", "test", true},
		{"dr-standby", "Disaster recovery network, no on-premises link yet", "dr", false},
	}
	demoTransitRouters = []struct {
		cen             int
		region, edition string
	}{
		{1, "cn-hangzhou", editionBasic}, {1, "cn-shanghai", editionBasic}, {1, "cn-beijing", editionBasic},
		{2, "cn-shanghai", editionEnterprise}, {2, "cn-hongkong", editionBasic}, {2, "ap-southeast-1", editionBasic},
		{3, "cn-beijing", editionBasic}, {3, "cn-shenzhen", editionBasic},
		{4, "cn-shenzhen", editionBasic},
	}
	// demoVPCs; cen 0 = not attached to any CEN.
	demoVPCs = []struct {
		region, name, cidr, ipv6 string
		cen                      int
	}{
		{"cn-hangzhou", "prod-hz-core", "10.10.0.0/16", "", 1},
		{"cn-shanghai", "prod-sh-app", "10.20.0.0/16", "", 1},
		{"cn-beijing", "prod-bj-data", "10.30.0.0/16", "", 1},
		{"cn-hangzhou", "staging-hz", "172.16.0.0/16", "", 0},
		{"cn-shanghai", "ent-sh-shared", "10.40.0.0/16", "", 2},
		{"ap-southeast-1", "intl-sg-web", "10.50.0.0/16", "", 2},
		{"cn-hongkong", "intl-hk-gateway", "10.60.0.0/16", "", 2},
		{"cn-beijing", "v6-lab-bj", "10.70.0.0/16", "2408:4005:3a1::/56", 3},
		{"cn-shenzhen", "v6-lab-sz", "10.80.0.0/16", "", 3},
		{"cn-shenzhen", "dr-sz", "192.168.0.0/16", "", 4},
		{"cn-qingdao", "sandbox-qd", "172.20.0.0/16", "", 0},
		{"cn-beijing", "analytics-bj", "10.31.0.0/16", "", 0},
		{"cn-hangzhou", "prod-hz-batch", "10.11.0.0/16", "", 1},
	}
	// demoLinks are the VBRs and CCNs: the on-premises side.
	demoLinks = []struct {
		typ    string
		cen    int
		region string
	}{
		{childVBR, 1, "cn-hangzhou"}, {childVBR, 1, "cn-shanghai"}, {childCCN, 1, "cn-shanghai"},
		{childVBR, 2, "cn-hongkong"}, {childCCN, 2, "ap-southeast-1"},
		{childVBR, 3, "cn-beijing"},
	}
	// demoRoutes are Active route services present from the start.
	demoRoutes = []struct {
		cen, vpc                 int
		hostRegion, host, access string
		description              string
	}{
		{1, 1, "cn-hangzhou", "100.118.28.0/24", "cn-hangzhou", "OSS cn-hangzhou"},
		{1, 1, "cn-hangzhou", "100.118.28.0/24", "cn-shanghai", "OSS cn-hangzhou"},
		{1, 1, "cn-hangzhou", "100.104.112.0/24", "cn-hangzhou", "Log Service cn-hangzhou"},
		{1, 2, "cn-shanghai", "100.118.102.0/24", "cn-shanghai", "OSS cn-shanghai"},
		{2, 6, "ap-southeast-1", "100.118.190.0/24", "ap-southeast-1", "OSS ap-southeast-1"},
		{3, 8, "cn-beijing", "100.118.58.0/24", "cn-beijing", "OSS cn-beijing"},
	}
)

// demoID is a hand-made instance ID such as cen-demo0000000001.
func demoID(prefix string, n int) string { return fmt.Sprintf("%s-demo%010d", prefix, n) }

type cenInfo struct {
	id, name, description, created, env string
	ipv6                                bool
}

type vpcInfo struct {
	id, name, regionID, cidr, ipv6, created string
	cenID                                   string // "" = not attached
	vswitches                               []string
}

type childInfo struct {
	cenID, id, typ, regionID, attached string
}

type transitRouterInfo struct {
	id, cenID, regionID, edition, name, created string
}

// world is the seeded, read-only part of the emulator: everything but the
// route services. It is built once by newWorld and never changes, so it is
// read without locks.
type world struct {
	ownerID        int64
	resourceGroup  string
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

// newWorld builds the demo world, plus extraCENs generated CENs, the same
// for the same seed. The hand-made IDs never depend on the seed.
func newWorld(seed int64, extraCENs int) *world {
	b := &worldBuilder{
		w:   &world{regionByID: map[string]*region{}, cenByID: map[string]*cenInfo{}, vpcByID: map[string]*vpcInfo{}},
		rng: rand.New(rand.NewPCG(uint64(seed), 0x776f726c64)), // "world"
	}
	b.w.ownerID = 1_000_000_000_000_000 + b.rng.Int64N(900_000_000_000_000)
	b.w.resourceGroup = "rg-" + b.randomID(15)
	for i := range regions {
		b.w.regionByID[regions[i].id] = &regions[i]
	}
	b.addDemo()
	for i := range extraCENs {
		b.addExtraCEN(i)
	}
	return b.w
}

func (b *worldBuilder) addDemo() {
	for i, c := range demoCENs {
		b.addCEN(&cenInfo{id: demoID("cen", i+1), name: c.name, description: c.description, env: c.env, ipv6: c.ipv6})
	}
	for i, t := range demoTransitRouters {
		b.addTransitRouter(demoID("tr", i+1), demoID("cen", t.cen), t.region, t.edition)
	}
	for i, v := range demoVPCs {
		cenID := ""
		if v.cen > 0 {
			cenID = demoID("cen", v.cen)
		}
		b.addVPC(&vpcInfo{id: demoID("vpc", i+1), name: v.name, regionID: v.region, cidr: v.cidr, ipv6: v.ipv6, cenID: cenID})
	}
	counts := map[string]int{}
	for _, l := range demoLinks {
		counts[l.typ]++
		prefix := map[string]string{childVBR: "vbr", childCCN: "ccn"}[l.typ]
		b.attach(demoID("cen", l.cen), demoID(prefix, counts[l.typ]), l.typ, l.region)
	}
}

// Words for generated CEN names.
var (
	nameAdjectives = []string{"retail", "factory", "campus", "partner", "logistics", "research", "branch", "edge"}
	nameNouns      = []string{"network", "mesh", "backbone", "link", "fabric", "hub"}
)

// addExtraCEN generates CEN i: a Basic Edition transit router, an attached
// VPC and a VBR, all in one region.
func (b *worldBuilder) addExtraCEN(i int) {
	r := regions[i%len(regions)].id
	name := fmt.Sprintf("%s-%s-%03d", nameAdjectives[b.rng.IntN(len(nameAdjectives))], nameNouns[b.rng.IntN(len(nameNouns))], i+1)
	cen := &cenInfo{id: "cen-" + b.randomID(18), name: name, description: "Generated " + name, env: "prod"}
	b.addCEN(cen)
	b.addTransitRouter("tr-"+b.randomID(20), cen.id, r, editionBasic)
	b.addVPC(&vpcInfo{id: "vpc-" + b.randomID(20), name: name + "-vpc", regionID: r,
		cidr: fmt.Sprintf("10.%d.0.0/16", i%256), cenID: cen.id})
	b.attach(cen.id, "vbr-"+b.randomID(20), childVBR, r)
}

func (b *worldBuilder) addCEN(c *cenInfo) {
	c.created = b.timeBefore(3 * 365 * 24 * time.Hour).Format("2006-01-02T15:04Z")
	b.w.cens = append(b.w.cens, c)
	b.w.cenByID[c.id] = c
}

func (b *worldBuilder) addTransitRouter(id, cenID, regionID, edition string) {
	b.w.transitRouters = append(b.w.transitRouters, transitRouterInfo{
		id: id, cenID: cenID, regionID: regionID, edition: edition,
		name: b.w.cenByID[cenID].name + "-" + regionID, created: b.timeBefore(2 * 365 * 24 * time.Hour).Format(time.RFC3339),
	})
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
