package emulator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// small is a world file with one of everything, lines numbered in the
// comments below as the tests refer to them.
const small = `regions:
  - {id: cn-hangzhou, name: "China (Hangzhou)", name_zh: 华东1（杭州）, ccn: true}
  - {id: cn-hongkong, name: "China (Hong Kong)"}
cens:
  - id: cen-corp
    name: corp
    transit_routers:
      - {region: cn-hangzhou, edition: Basic}
    vbrs:
      - {region: cn-hangzhou}
      - {region: cn-hongkong}
    ccns:
      - {region: cn-hangzhou}
vpcs:
  - {id: vpc-hz, region: cn-hangzhou, name: hz, cidr: 10.0.0.0/16, cen: cen-corp}
route_services:
  - {cen: cen-corp, host_region: cn-hangzhou, host: 100.118.28.0/24, host_vpc: vpc-hz, access_region: cn-hangzhou, status: Failed}
`

func TestWorldFileReads(t *testing.T) {
	t.Parallel()
	w, err := ParseWorld("small.yaml", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	e := New(Options{World: w, Seed: 1})
	if got := e.world.regionByID["cn-hongkong"].chinese; got != "China (Hong Kong)" {
		t.Errorf("a region without name_zh is named %q in Chinese, want its English name", got)
	}
	var ids []string
	for _, ch := range e.world.children {
		ids = append(ids, ch.id)
	}
	if got := strings.Join(ids, " "); got != "vpc-hz vbr-corp-cn-hangzhou-1 vbr-corp-cn-hongkong-2 ccn-corp-cn-hangzhou-1" {
		t.Errorf("children %s", got)
	}
	if tr := e.world.transitRouters[0]; tr.id != "tr-corp-cn-hangzhou" || tr.edition != editionBasic {
		t.Errorf("transit router %+v", tr)
	}
	if en := e.routes[0]; en.outcome != statusFailed || en.hostVpcID != "vpc-hz" {
		t.Errorf("route service %+v", en)
	}
	if d := demoWorld(); len(d.CENs) != 4 || len(d.Regions) != 11 || d.CENs[0].ID != DemoCenID {
		t.Errorf("the demo world has %d CENs and %d regions", len(d.CENs), len(d.Regions))
	}
}

func TestWorldFileAsJSON(t *testing.T) {
	t.Parallel()
	w, err := ParseWorld("w.json", []byte(`{"regions": [{"id": "cn-hangzhou", "name": "Hangzhou"}],
		"cens": [{"id": "cen-x", "name": "x", "tags": {"env": "prod"}}]}`))
	if err != nil || len(w.CENs) != 1 || w.CENs[0].Tags["env"] != "prod" {
		t.Fatalf("ParseWorld = %+v, %v", w, err)
	}
}

// swapper returns a function that swaps old for new in the small world,
// failing t when the world lacks old.
func swapper(t *testing.T) func(old, new string) string {
	return func(old, new string) string {
		t.Helper()
		if !strings.Contains(small, old) {
			t.Fatalf("the small world lacks %q", old)
		}
		return strings.Replace(small, old, new, 1)
	}
}

// Mistakes are named with the file and the line they are on.
func TestWorldFileMistakes(t *testing.T) {
	t.Parallel()
	swap := swapper(t)
	for _, c := range []struct{ name, file, want string }{
		{"unknown key", swap("    name: corp\n", "    name: corp\n    colour: red\n"), `w.yaml:7: unknown field "colour"`},
		{"unknown top key", "regions:\n  - {id: cn-a}\nplanets: []\n", `w.yaml:3: unknown field "planets"`},
		{"wrong type", swap("    name: corp\n", "    name: corp\n    ipv6: maybe\n"), "w.yaml:7: cannot unmarshal"},
		{"syntax", "regions: [\n", "w.yaml:1:"},
		{"alias", "regions:\n  - &r {id: cn-a}\n  - *r\n", "anchors and aliases are not accepted in a world file"},
		{"unknown region", swap("      - {region: cn-hongkong}", "      - {region: cn-nowhere}"), `w.yaml:11: unknown region "cn-nowhere"`},
		{"CCN where none attach", swap("    ccns:\n      - {region: cn-hangzhou}", "    ccns:\n      - {region: cn-hongkong}"),
			"w.yaml:13: a CCN cannot attach in cn-hongkong"},
		{"bad edition", swap("edition: Basic", "edition: Premium"), `w.yaml:8: edition "Premium": want Basic or Enterprise`},
		{"wrong prefix", swap("  - {id: vpc-hz,", "  - {id: cen-corp,"), `w.yaml:15: id "cen-corp": want vpc-`},
		{"duplicate id", swap("route_services:", "  - {id: vpc-hz, region: cn-hangzhou, cidr: 10.1.0.0/16}\nroute_services:"),
			"w.yaml:16: id vpc-hz is used twice"},
		{"unknown CEN", swap("cen: cen-corp}", "cen: cen-other}"), `w.yaml:15: unknown CEN "cen-other"`},
		{"bad cidr", swap("cidr: 10.0.0.0/16", "cidr: 10.0.0.0/99"), `w.yaml:15: cidr "10.0.0.0/99"`},
		{"bad secondary cidr", swap("cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16, secondary_cidrs: [10.0.0.0/40]"),
			`w.yaml:15: secondary_cidrs "10.0.0.0/40": want an IPv4 CIDR block`},
		{"zone of another region", swap("edition: Basic}", "edition: Basic, zones: [cn-hongkong-b]}"),
			`w.yaml:8: zone "cn-hongkong-b": want a zone of cn-hangzhou`},
		{"bad bandwidth package", swap("    name: corp\n", "    name: corp\n    bandwidth_packages: [bwp-1]\n"),
			`w.yaml:7: id "bwp-1": want cenbwp-`},
		{"VPC elsewhere", swap("host_region: cn-hangzhou", "host_region: cn-hongkong"), `w.yaml:17: host_vpc "vpc-hz" is not a VPC attached to cen-corp in cn-hongkong`},
		{"bad host", swap("host: 100.118.28.0/24", "host: nope"), `w.yaml:17: host "nope"`},
		{"no regions", "cens: []\n", "w.yaml:1: a world needs at least one region"},
		{"empty", "", "w.yaml: want one YAML or JSON document"},
		{"hostile key", "regions:\n  - {id: cn-a}\n\"\\e]0;x\\a\": 1\n", `w.yaml:3: unknown field`},
	} {
		_, err := ParseWorld("w.yaml", []byte(c.file))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: ParseWorld = %v, want %q", c.name, err, c.want)
		}
	}
}

func TestWorldFileIsBounded(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "huge.yaml")
	if err := os.WriteFile(path, []byte("# "+strings.Repeat("x", maxWorldFile)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadWorld(path); err == nil || !strings.Contains(err.Error(), "larger than 4 MiB") {
		t.Errorf("LoadWorld of a huge file = %v", err)
	}
	if _, err := LoadWorld(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("a missing file read")
	}
}

// FuzzParseWorld: whatever a world file holds, reading it ends in a world
// that builds, or in an error naming the file; never a panic.
func FuzzParseWorld(f *testing.F) {
	f.Add([]byte(small))
	f.Add(demoWorldFile)
	f.Add([]byte(`{"regions": [{"id": "cn-a"}], "cens": [{"id": "cen-b", "vbrs": [{"region": "cn-a"}]}]}`))
	f.Add([]byte("regions:\n  - &r {id: cn-a}\n  - *r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := ParseWorld("fuzz.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("an error that does not name the file: %v", err)
			}
			return
		}
		New(Options{World: w, ExtraCENs: 2, ExtraRouteServices: 1})
	})
}
