package emulator

import (
	_ "embed"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"

	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/yamlfile"
)

// The kinds of what is wrong with a world file (see package fact). A
// Value is the file's, quoted.
const (
	KindWorldWhat      fact.Kind = "files.world.what"     // "a world file"
	KindWorldDocument  fact.Kind = "files.world.document" // "a world"
	KindNoRegions      fact.Kind = "files.world.no_regions"
	KindRegionID       fact.Kind = "files.world.region_id"       // Value
	KindRegionTwice    fact.Kind = "files.world.region_twice"    // Region
	KindUnlistedRegion fact.Kind = "files.world.unlisted_region" // Value
	KindUnknownRegion  fact.Kind = "files.world.unknown_region"  // Value
	KindEdition        fact.Kind = "files.world.edition"         // Value
	KindSecondRouter   fact.Kind = "files.world.second_router"   // Region
	KindZone           fact.Kind = "files.world.zone"            // Value, Region
	KindZones          fact.Kind = "files.world.zones"
	KindCCNRegion      fact.Kind = "files.world.ccn_region"   // Region
	KindUnknownCEN     fact.Kind = "files.world.unknown_cen"  // Value
	KindCIDR           fact.Kind = "files.world.cidr"         // Key, Value
	KindIPv6CIDR       fact.Kind = "files.world.ipv6_cidr"    // Value
	KindRouteVPC       fact.Kind = "files.world.route_vpc"    // Value, CEN, Region
	KindRouteStatus    fact.Kind = "files.world.route_status" // Value
	KindRouteHost      fact.Kind = "files.world.route_host"   // Value
	KindRouteTwice     fact.Kind = "files.world.route_twice"  // Key
	KindIDForm         fact.Kind = "files.world.id_form"      // Value, Prefix, Example
	KindIDTwice        fact.Kind = "files.world.id_twice"     // ID
	KindTooManyTags    fact.Kind = "files.world.tags"         // Tags, Max
	KindTextLong       fact.Kind = "files.world.text_long"    // Key, Length, Max
)

// World is the topology an emulator serves: the regions, the CENs with
// their transit routers, VBRs and CCNs, the VPCs (attached to a CEN or
// not), and the route services present from the start. It is read from a
// world file (LoadWorld, ParseWorld: YAML or JSON, described in the
// README); DemoWorld is the built-in one. An emulator only reads it, so
// one World can serve many emulators at once.
//
// Names and descriptions are served exactly as written, control
// characters and escape sequences included: a world can test how a client
// shows hostile text.
type World struct {
	Regions       []WorldRegion       `yaml:"regions"`
	CENs          []WorldCEN          `yaml:"cens"`
	VPCs          []WorldVPC          `yaml:"vpcs"`
	RouteServices []WorldRouteService `yaml:"route_services"`
}

// WorldRegion is a region where child instances can attach, with its local
// names in English (for AcceptLanguage=en-US) and in Chinese (the API's
// default). VPCs and
// VBRs can attach in every region, CCNs only where CCN is set.
type WorldRegion struct {
	ID     string `yaml:"id"`
	Name   string `yaml:"name"`    // "" means the ID
	NameZh string `yaml:"name_zh"` // "" means Name
	CCN    bool   `yaml:"ccn"`
}

// WorldCEN is one CEN and what is attached to it besides VPCs.
type WorldCEN struct {
	ID             string               `yaml:"id"`
	Name           string               `yaml:"name"`
	Description    string               `yaml:"description"`
	IPv6           bool                 `yaml:"ipv6"`
	Tags           map[string]string    `yaml:"tags"`
	TransitRouters []WorldTransitRouter `yaml:"transit_routers"`
	VBRs           []WorldLink          `yaml:"vbrs"`
	CCNs           []WorldLink          `yaml:"ccns"`
	// BandwidthPackages are the IDs (cenbwp-…) of the bandwidth packages
	// bought for the CEN, which DescribeCens lists.
	BandwidthPackages []string `yaml:"bandwidth_packages"`
}

// WorldTransitRouter is a CEN's transit router in one region: Edition
// "Basic" or "Enterprise". A region without one counts as Basic.
type WorldTransitRouter struct {
	ID          string `yaml:"id"` // "" gives tr-<CEN ID without cen->-<region>
	Region      string `yaml:"region"`
	Edition     string `yaml:"edition"`
	Description string `yaml:"description"` // "" gives one naming the edition, the CEN and the region
	// Zones are the primary zone, then the standby one; nil gives
	// <region>-a and <region>-b to an Enterprise Edition router, none to a
	// Basic one.
	Zones []string `yaml:"zones"`
}

// WorldLink is a VBR or a CCN attached to a CEN: the on-premises side.
type WorldLink struct {
	ID     string `yaml:"id"` // "" gives vbr- (or ccn-) <CEN ID without cen->-<region>-<its number in the list>
	Region string `yaml:"region"`
}

// WorldVPC is a VPC, attached to CEN (in its region) unless CEN is "".
type WorldVPC struct {
	ID       string `yaml:"id"`
	Region   string `yaml:"region"`
	Name     string `yaml:"name"`
	CIDR     string `yaml:"cidr"`
	IPv6CIDR string `yaml:"ipv6_cidr"`
	CEN      string `yaml:"cen"`
	// Default marks the region's default VPC (IsDefault).
	Default bool `yaml:"default"`
	// SecondaryCIDRs and UserCIDRs are IPv4 CIDR blocks, as DescribeVpcs
	// lists them.
	SecondaryCIDRs []string          `yaml:"secondary_cidrs"`
	UserCIDRs      []string          `yaml:"user_cidrs"`
	Tags           map[string]string `yaml:"tags"`
}

// WorldRouteService is a route-service entry present from the start,
// created a month before the emulator starts: Status "Active" (the
// default) or "Failed".
type WorldRouteService struct {
	CEN          string `yaml:"cen"`
	HostRegion   string `yaml:"host_region"`
	Host         string `yaml:"host"`
	HostVPC      string `yaml:"host_vpc"`
	AccessRegion string `yaml:"access_region"`
	Description  string `yaml:"description"`
	Status       string `yaml:"status"`
}

// Bounds of a world file.
const (
	// maxWorldFile is the largest world file read: room for tens of
	// thousands of CENs, not for a mistake such as a disk image.
	maxWorldFile = 4 << 20
	// maxWorldText bounds a name, a description or a tag.
	maxWorldText = 1024
	// maxTags bounds the tags of a CEN, as the API does.
	maxTags = 20
)

//go:embed demo-world.yaml
var demoWorldFile []byte

// readDemoWorld reads the built-in world, once.
var readDemoWorld = sync.OnceValues(func() (*World, error) { return ParseWorld("demo-world.yaml", demoWorldFile) })

// demoWorld is the built-in demo world (demo-world.yaml, embedded): four
// CENs, eleven regions, VPCs, VBRs, CCNs and a few Active route services.
// Tests of this package check that it reads.
func demoWorld() *World {
	w, err := readDemoWorld()
	if err != nil {
		panic("the embedded demo world does not read: " + err.Error())
	}
	return w
}

// worldFile is the kind of file a world is read from.
var worldFile = yamlfile.Kind{What: fact.New(KindWorldWhat, "a world file", nil), Document: fact.New(KindWorldDocument, "a world", nil),
	MaxBytes: maxWorldFile}

// LoadWorld reads a world file (see World), at most MaxWorldFile bytes.
// Its errors name the file and, when it can be told, the line:
// "world.yaml:12: unknown field "colour"".
func LoadWorld(path string) (*World, error) {
	var w World
	file, err := yamlfile.Read(path, worldFile, &w)
	if err != nil {
		return nil, err
	}
	return w.checked(path, file)
}

// ParseWorld reads a world from data, a YAML or JSON document; name is
// what errors call it. Unknown keys, anchors and aliases, values of the
// wrong type, duplicate IDs and references to nothing are refused with
// the line they are on.
func ParseWorld(name string, data []byte) (*World, error) {
	var w World
	file, err := yamlfile.Decode(name, data, worldFile, &w)
	if err != nil {
		return nil, err
	}
	return w.checked(name, file)
}

// checked returns w if it holds together, else what is wrong with it and
// on which line of file (named name).
func (w *World) checked(name string, file *ast.File) (*World, error) {
	if p := w.problem(); p != nil {
		return nil, yamlfile.At(name, yamlfile.Line(file, p.path), p.why)
	}
	return w, nil
}

// worldProblem is what is wrong with a world, and where (a YAML path).
type worldProblem struct {
	path string
	why  fact.Fact
}

// problemAt is the worldProblem at path: why, of kind k, with args.
func problemAt(path string, k fact.Kind, why string, args fact.Args) *worldProblem {
	return &worldProblem{path, fact.New(k, why, args)}
}

// Well-formed IDs: a prefix and letters, digits and hyphens.
var (
	regionID   = regexp.MustCompile(`^[a-z][a-z0-9-]{1,62}$`)
	instanceID = regexp.MustCompile(`^[a-z]+-[A-Za-z0-9-]{1,60}$`)
)

// problem finds the first thing wrong with w: what a file names must be
// well-formed, known where referred to, and unique.
func (w *World) problem() *worldProblem {
	if len(w.Regions) == 0 {
		return problemAt("$", KindNoRegions, "a world needs at least one region (regions:)", nil)
	}
	regions := map[string]WorldRegion{}
	for i, r := range w.Regions {
		at := fmt.Sprintf("$.regions[%d]", i)
		switch {
		case !regionID.MatchString(r.ID):
			return problemAt(at+".id", KindRegionID, "region id "+strconv.Quote(r.ID)+": want lower-case letters, digits and hyphens, like cn-hangzhou",
				fact.Args{"Value": strconv.Quote(r.ID)})
		case regions[r.ID].ID != "":
			return problemAt(at+".id", KindRegionTwice, "region "+r.ID+" is listed twice", fact.Args{"Region": r.ID})
		}
		if p := textProblem(at, "name", r.Name); p != nil {
			return p
		}
		if p := textProblem(at, "name_zh", r.NameZh); p != nil {
			return p
		}
		regions[r.ID] = r
	}
	ids := map[string]string{} // every instance ID, with where it was given
	cens := map[string]bool{}
	for i, c := range w.CENs {
		if p := w.cenProblem(fmt.Sprintf("$.cens[%d]", i), c, regions, ids); p != nil {
			return p
		}
		cens[c.ID] = true
	}
	vpcs := map[string]WorldVPC{}
	for i, v := range w.VPCs {
		if p := vpcProblem(fmt.Sprintf("$.vpcs[%d]", i), v, regions, cens, ids); p != nil {
			return p
		}
		vpcs[v.ID] = v
	}
	keys := map[[4]string]bool{}
	for i, r := range w.RouteServices {
		at := fmt.Sprintf("$.route_services[%d]", i)
		if p := routeProblem(at, r, regions, cens, vpcs); p != nil {
			return p
		}
		key := [4]string{r.CEN, r.HostRegion, r.Host, r.AccessRegion}
		if keys[key] {
			return problemAt(at, KindRouteTwice, "route service "+strings.Join(key[:], ":")+" is listed twice",
				fact.Args{"Key": strings.Join(key[:], ":")})
		}
		keys[key] = true
	}
	return nil
}

// cenProblem checks one CEN and what is attached to it; ids collects the
// instance IDs seen.
func (w *World) cenProblem(at string, c WorldCEN, regions map[string]WorldRegion, ids map[string]string) *worldProblem {
	if p := idProblem(at, "cen", c.ID, ids); p != nil {
		return p
	}
	for _, f := range [][2]string{{"name", c.Name}, {"description", c.Description}} {
		if p := textProblem(at, f[0], f[1]); p != nil {
			return p
		}
	}
	if p := tagsProblem(at, c.Tags); p != nil {
		return p
	}
	for j, id := range c.BandwidthPackages {
		if p := idProblem(fmt.Sprintf("%s.bandwidth_packages[%d]", at, j), "cenbwp", id, ids); p != nil {
			return p
		}
	}
	routers := map[string]bool{}
	for j, t := range c.TransitRouters {
		tat := fmt.Sprintf("%s.transit_routers[%d]", at, j)
		switch {
		case regions[t.Region].ID == "":
			return unlistedRegion(tat+".region", t.Region)
		case t.Edition != editionBasic && t.Edition != editionEnterprise:
			return problemAt(tat+".edition", KindEdition, "edition "+quoted(t.Edition)+": want Basic or Enterprise", fact.Args{"Value": quoted(t.Edition)})
		case routers[t.Region]:
			return problemAt(tat+".region", KindSecondRouter, "a second transit router in "+t.Region+": one per region", fact.Args{"Region": t.Region})
		}
		routers[t.Region] = true
		if p := textProblem(tat, "description", t.Description); p != nil {
			return p
		}
		for k, z := range t.Zones {
			if !strings.HasPrefix(z, t.Region+"-") || !regionID.MatchString(z) {
				return problemAt(fmt.Sprintf("%s.zones[%d]", tat, k), KindZone, "zone "+quoted(z)+": want a zone of "+t.Region+", like "+t.Region+"-h",
					fact.Args{"Value": quoted(z), "Region": t.Region})
			}
		}
		if len(t.Zones) > 2 {
			return problemAt(tat+".zones", KindZones, "a primary and a standby zone at most", nil)
		}
		if t.ID != "" {
			if p := idProblem(tat, "tr", t.ID, ids); p != nil {
				return p
			}
		}
	}
	for _, links := range []struct {
		key, prefix string
		list        []WorldLink
	}{{"vbrs", "vbr", c.VBRs}, {"ccns", "ccn", c.CCNs}} {
		for j, l := range links.list {
			lat := fmt.Sprintf("%s.%s[%d]", at, links.key, j)
			r, ok := regions[l.Region]
			switch {
			case !ok:
				return unlistedRegion(lat+".region", l.Region)
			case links.prefix == "ccn" && !r.CCN:
				return problemAt(lat+".region", KindCCNRegion, "a CCN cannot attach in "+l.Region+" (its region has no ccn: true)", fact.Args{"Region": l.Region})
			}
			if l.ID != "" {
				if p := idProblem(lat, links.prefix, l.ID, ids); p != nil {
					return p
				}
			}
		}
	}
	return nil
}

// vpcProblem checks one VPC.
func vpcProblem(at string, v WorldVPC, regions map[string]WorldRegion, cens map[string]bool, ids map[string]string) *worldProblem {
	if p := idProblem(at, "vpc", v.ID, ids); p != nil {
		return p
	}
	if p := textProblem(at, "name", v.Name); p != nil {
		return p
	}
	switch {
	case regions[v.Region].ID == "":
		return unlistedRegion(at+".region", v.Region)
	case v.CEN != "" && !cens[v.CEN]:
		return unknownCEN(at+".cen", v.CEN)
	}
	if p := tagsProblem(at, v.Tags); p != nil {
		return p
	}
	for _, f := range []struct {
		key    string
		blocks []string
	}{{"cidr", []string{v.CIDR}}, {"secondary_cidrs", v.SecondaryCIDRs}, {"user_cidrs", v.UserCIDRs}} {
		key := f.key
		for k, b := range f.blocks {
			if p, err := netip.ParsePrefix(b); err != nil || !p.Addr().Is4() {
				where := fmt.Sprintf("%s.%s[%d]", at, key, k)
				if key == "cidr" {
					where = at + ".cidr"
				}
				return problemAt(where, KindCIDR, key+" "+quoted(b)+": want an IPv4 CIDR block such as 10.0.0.0/16", fact.Args{"Key": key, "Value": quoted(b)})
			}
		}
	}
	if v.IPv6CIDR != "" {
		if p, err := netip.ParsePrefix(v.IPv6CIDR); err != nil || !p.Addr().Is6() {
			return problemAt(at+".ipv6_cidr", KindIPv6CIDR, "ipv6_cidr "+quoted(v.IPv6CIDR)+": want an IPv6 CIDR block such as 2408:4005:3a1::/56",
				fact.Args{"Value": quoted(v.IPv6CIDR)})
		}
	}
	return nil
}

// routeProblem checks one route service against what the world has.
func routeProblem(at string, r WorldRouteService, regions map[string]WorldRegion, cens map[string]bool, vpcs map[string]WorldVPC) *worldProblem {
	switch {
	case !cens[r.CEN]:
		return unknownCEN(at+".cen", r.CEN)
	case regions[r.HostRegion].ID == "":
		return problemAt(at+".host_region", KindUnknownRegion, "unknown region "+quoted(r.HostRegion), fact.Args{"Value": quoted(r.HostRegion)})
	case regions[r.AccessRegion].ID == "":
		return problemAt(at+".access_region", KindUnknownRegion, "unknown region "+quoted(r.AccessRegion), fact.Args{"Value": quoted(r.AccessRegion)})
	case vpcs[r.HostVPC].CEN != r.CEN || vpcs[r.HostVPC].Region != r.HostRegion:
		return problemAt(at+".host_vpc", KindRouteVPC, "host_vpc "+quoted(r.HostVPC)+" is not a VPC attached to "+r.CEN+" in "+r.HostRegion,
			fact.Args{"Value": quoted(r.HostVPC), "CEN": r.CEN, "Region": r.HostRegion})
	case !slices.Contains([]string{"", statusActive, statusFailed}, r.Status):
		return problemAt(at+".status", KindRouteStatus, "status "+quoted(r.Status)+": want Active or Failed", fact.Args{"Value": quoted(r.Status)})
	}
	if _, err := parseHost(r.Host); err != nil {
		return problemAt(at+".host", KindRouteHost, "host "+quoted(r.Host)+": want an IP address or CIDR block", fact.Args{"Value": quoted(r.Host)})
	}
	if p := textProblem(at, "description", r.Description); p != nil {
		return p
	}
	return nil
}

// idProblem checks an instance ID's form (prefix-…) and uniqueness.
func idProblem(at, prefix, id string, ids map[string]string) *worldProblem {
	switch {
	case !instanceID.MatchString(id) || !strings.HasPrefix(id, prefix+"-"):
		return problemAt(at+".id", KindIDForm, fmt.Sprintf("id %s: want %s- and letters, digits or hyphens, like %s", quoted(id), prefix, demoID(prefix, 1)),
			fact.Args{"Value": quoted(id), "Prefix": prefix, "Example": demoID(prefix, 1)})
	case ids[id] != "":
		return problemAt(at+".id", KindIDTwice, "id "+id+" is used twice", fact.Args{"ID": id})
	}
	ids[id] = at
	return nil
}

// tagsProblem bounds a resource's tags, as the API does.
func tagsProblem(at string, tags map[string]string) *worldProblem {
	if len(tags) > maxTags {
		return problemAt(at+".tags", KindTooManyTags, fmt.Sprintf("%d tags: at most %d", len(tags), maxTags), fact.Args{"Tags": len(tags), "Max": maxTags})
	}
	for k, v := range tags {
		if p := textProblem(at+".tags", k, k+v); p != nil {
			return p
		}
	}
	return nil
}

// textProblem bounds a name, a description or a tag. Any character is
// accepted: see World.
func textProblem(at, key, s string) *worldProblem {
	if n := utf8.RuneCountInString(s); n > maxWorldText {
		return problemAt(at+"."+key, KindTextLong, fmt.Sprintf("%s is %d characters long: at most %d", key, n, maxWorldText),
			fact.Args{"Key": key, "Length": n, "Max": maxWorldText})
	}
	return nil
}

// unlistedRegion is the problem at path of a region the file does not list.
func unlistedRegion(path, region string) *worldProblem {
	return problemAt(path, KindUnlistedRegion, "unknown region "+quoted(region)+": list it under regions", fact.Args{"Value": quoted(region)})
}

// unknownCEN is the problem at path of a CEN the file does not list.
func unknownCEN(path, cen string) *worldProblem {
	return problemAt(path, KindUnknownCEN, "unknown CEN "+quoted(cen)+": list it under cens", fact.Args{"Value": quoted(cen)})
}

// quoted shows a value from the file in a message, escapes and all made
// visible.
func quoted(s string) string {
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:80]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
