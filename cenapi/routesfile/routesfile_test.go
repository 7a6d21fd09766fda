package routesfile

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
)

// sample is a good routes file; the tests swap parts of it.
const sample = `cen: cen-demo0000000001
services:
  - name: oss-hangzhou
    host-region: cn-hangzhou
    host-vpc: vpc-demo0000000001
    access-regions: [cn-hangzhou, cn-shanghai]
    description: oss-hz
    hosts:
      - 100.118.28.0/24
      - 100.118.29.0/24
  - host-region: cn-shanghai
    host-vpc: vpc-demo0000000002
    access-regions:
      - cn-shanghai
    hosts:
      - 100.118.102.0/24
`

func TestParse(t *testing.T) {
	t.Parallel()
	f, err := Parse("routes.yaml", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	w := f.Wanted()
	if w.CenID != "cen-demo0000000001" || len(w.Services) != 2 || *w.Services[0].Description != "oss-hz" ||
		w.Services[1].Description != nil || len(w.Services[0].Hosts) != 2 || w.Services[0].Name != "oss-hangzhou" {
		t.Errorf("wanted %+v", w)
	}
	json := `{"cen": "cen-x", "services": [{"host-region": "cn-hangzhou", "host-vpc": "vpc-1",
		"access-regions": ["cn-hangzhou"], "hosts": ["100.118.28.5"]}]}`
	if f, err := Parse("routes.json", []byte(json)); err != nil || f.Services[0].Hosts[0] != "100.118.28.5" {
		t.Errorf("JSON: %+v, %v", f, err)
	}
}

// TestParseMistakes: every mistake is named with the file and its line;
// every bad host at once.
func TestParseMistakes(t *testing.T) {
	t.Parallel()
	swap := func(old, new string) string {
		if !strings.Contains(sample, old) {
			t.Fatalf("the sample lacks %q", old)
		}
		return strings.Replace(sample, old, new, 1)
	}
	bomb := "cen: &a [x,x,x,x,x,x,x,x]\nservices: [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	for _, c := range []struct {
		name, file string
		want       []string
	}{
		{"unknown key", swap("    host-vpc: vpc-demo0000000001\n", "    host-vpc: vpc-demo0000000001\n    colour: red\n"),
			[]string{`routes.yaml:6: unknown field "colour"`}},
		{"bad hosts", swap("      - 100.118.29.0/24\n", "      - 10.0.0.1\n      - 100.118.28.5/24\n      - 100.118.28.0/24\n"), []string{
			"routes.yaml:10: 10.0.0.1: outside 100.64.0.0/10",
			"routes.yaml:11: 100.118.28.5/24: host bits set: did you mean 100.118.28.0/24?",
			"routes.yaml:12: 100.118.28.0/24: duplicate of line 9"}},
		{"two hosts in one item", swap("      - 100.118.29.0/24\n", "      - 100.118.29.0/24, 100.118.30.0/24\n"),
			[]string{`routes.yaml:10: "100.118.29.0/24, 100.118.30.0/24": want one IPv4 address or CIDR block per item`}},
		{"description", swap("description: oss-hz", "description: https://example.com"),
			[]string{"routes.yaml:7: the description must not start with http:// or https://"}},
		{"wanted twice", swap("      - 100.118.102.0/24\n", "      - 100.118.102.0/24\n  - host-region: cn-shanghai\n    host-vpc: vpc-x\n    access-regions: [cn-shanghai]\n    hosts: [100.118.102.0/24]\n"),
			[]string{"routes.yaml:20: 100.118.102.0/24 into cn-shanghai is wanted by another service too (line 16)"}},
		{"outside host-regions", "host-regions: [cn-beijing]\n" + sample,
			[]string{"routes.yaml:5: host region cn-hangzhou is not one of the file's host-regions (cn-beijing)"}},
		{"no hosts", swap("    hosts:\n      - 100.118.102.0/24\n", "    hosts: []\n"), []string{"routes.yaml:11: the service names no host"}},
		{"no CEN", strings.Replace(sample, "cen: cen-demo0000000001\n", "", 1), []string{"routes.yaml:1: cen: no CEN is named"}},
		{"wrong type", swap("    hosts:\n      - 100.118.102.0/24\n", "    hosts: 100.118.102.0/24\n"), []string{"routes.yaml:15: string was used where sequence is expected"}},
		{"alias bomb", bomb, []string{"routes.yaml:1: anchors and aliases are not accepted in a routes file"}},
		{"deep", "cen: " + strings.Repeat("[", 1000), []string{"routes.yaml:1: nested more than 64 deep: not a routes file"}},
		{"too large", "# " + strings.Repeat("x", MaxBytes) + "\n", []string{"routes.yaml: larger than 512 KiB: not a routes file"}},
		{"hostile", swap("name: oss-hangzhou", "name: \"\\e]52;c;eA==\\a\"\n    hosts2: 1"), []string{`routes.yaml:4: unknown field "hosts2"`}},
	} {
		_, err := Parse("routes.yaml", []byte(c.file))
		fe, ok := err.(*Error)
		if !ok {
			t.Errorf("%s: Parse = %v, want an *Error", c.name, err)
			continue
		}
		if len(fe.Problems) != len(c.want) {
			t.Errorf("%s: problems %q, want %q", c.name, fe.Problems, c.want)
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(fe.Problems[i], w) {
				t.Errorf("%s: problem %q, want %q", c.name, fe.Problems[i], w)
			}
		}
	}
}

// tooManyHosts is a file of two services of 5001 hosts each: more than
// one host list holds.
func tooManyHosts() string {
	var b strings.Builder
	b.WriteString("cen: cen-x\nservices:\n")
	for s := range 2 {
		b.WriteString("  - {host-region: cn-hangzhou, host-vpc: vpc-1, access-regions: [cn-hangzhou" + strings.Repeat(",cn-shanghai", s) + "], hosts: [\n")
		for i := range 5001 {
			b.WriteString("100.64." + strconv.Itoa(i/256) + "." + strconv.Itoa(i%256) + ",\n")
		}
		b.WriteString("]}\n")
	}
	return b.String()
}

// TestTooManyHosts: a file holds no more hosts than one host list.
func TestTooManyHosts(t *testing.T) {
	t.Parallel()
	_, err := Parse("big.yaml", []byte(tooManyHosts()))
	if err == nil || !strings.Contains(err.Error(), "big.yaml: 10002 hosts: a routes file holds at most 10000") {
		t.Errorf("Parse = %v", err)
	}
}

// TestWhere: a problem the target rule finds names the line of the value
// at fault.
func TestWhere(t *testing.T) {
	t.Parallel()
	f, err := Parse("routes.yaml", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		p    engine.ServiceProblem
		want string
	}{
		{engine.ServiceProblem{Service: -1, Problem: engine.Problem{Part: engine.PartCEN, Value: "cen-x", Why: "no such CEN"}}, "routes.yaml:1: cen cen-x: no such CEN"},
		{engine.ServiceProblem{Service: 0, Problem: engine.Problem{Part: engine.PartAccessRegion, Value: "cn-shanghai", Why: "x"}}, "routes.yaml:6: access-region cn-shanghai: x"},
		{engine.ServiceProblem{Service: 1, Problem: engine.Problem{Part: engine.PartAccessRegion, Value: "cn-shanghai", Why: "x"}}, "routes.yaml:14: access-region cn-shanghai: x"},
		{engine.ServiceProblem{Service: 1, Problem: engine.Problem{Part: engine.PartHostVPC, Value: "vpc-demo0000000002", Why: "x"}}, "routes.yaml:12: host-vpc"},
		{engine.ServiceProblem{Service: 1, Problem: engine.Problem{Part: engine.PartHostRegion, Value: "cn-shanghai", Why: "x"}}, "routes.yaml:11: host-region"},
	} {
		if got := f.Placed(c.p).Error(); !strings.HasPrefix(got, c.want) {
			t.Errorf("Where(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
}

func entry(host, vpc, access, desc, status string) cenapi.RouteService {
	return cenapi.RouteService{CenID: "cen-x", HostRegionID: "cn-hangzhou", Host: host, HostVpcID: vpc, AccessRegionID: access,
		Description: desc, Status: status}
}

// TestExport: entries grouped into services in a stable order, Failed and
// Deleting ones left out, names kept from an earlier file; the file reads
// back as the state it was made from.
func TestExport(t *testing.T) {
	t.Parallel()
	entries := []cenapi.RouteService{
		entry("100.118.28.0/24", "vpc-1", "cn-shanghai", "oss: hz", cenapi.StatusActive),
		entry("100.64.0.10/32", "vpc-1", "cn-hangzhou", "", cenapi.StatusActive),
		entry("100.118.28.0/24", "vpc-1", "cn-hangzhou", "oss: hz", cenapi.StatusActive),
		entry("100.64.0.9/32", "vpc-1", "cn-hangzhou", "", cenapi.StatusCreating),
		entry("100.64.0.8/32", "vpc-1", "cn-hangzhou", "", cenapi.StatusFailed),
		entry("100.64.0.7/32", "vpc-1", "cn-hangzhou", "", cenapi.StatusDeleting),
		{CenID: "cen-x", HostRegionID: "cn-shanghai", Host: "100.118.102.0/24", HostVpcID: "vpc-2", AccessRegionID: "cn-shanghai", Status: cenapi.StatusActive},
		{CenID: "cen-other", HostRegionID: "cn-hangzhou", Host: "100.118.1.0/24", HostVpcID: "vpc-9", AccessRegionID: "cn-hangzhou", Status: cenapi.StatusActive},
	}
	previous, err := Parse("old.yaml", []byte("cen: cen-x\nservices:\n  - {name: oss, host-region: cn-hangzhou, host-vpc: vpc-1, access-regions: [cn-shanghai, cn-hangzhou], hosts: [100.118.30.0/24]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	f, skipped := Export("cen-x", "", entries, previous)
	if skipped != (Skipped{Failed: 1, Deleting: 1}) {
		t.Errorf("skipped %+v", skipped)
	}
	data, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	want := `cen: cen-x
services:
  - host-region: cn-hangzhou
    host-vpc: vpc-1
    access-regions: [cn-hangzhou]
    description: ""
    hosts:
      - 100.64.0.9/32
      - 100.64.0.10/32
  - name: oss
    host-region: cn-hangzhou
    host-vpc: vpc-1
    access-regions: [cn-hangzhou, cn-shanghai]
    description: "oss: hz"
    hosts:
      - 100.118.28.0/24
  - host-region: cn-shanghai
    host-vpc: vpc-2
    access-regions: [cn-shanghai]
    description: ""
    hosts:
      - 100.118.102.0/24
`
	if got := string(data); !strings.HasPrefix(got, "# ") || !strings.HasSuffix(got, want) {
		t.Errorf("export:\n%s\nwant:\n%s", got, want)
	}
	back, err := Parse("exported.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if d := engine.DiffSync(back.Wanted(), entries, engine.SyncOptions{Replace: true}); d.Calls() != 0 || !d.Matches() {
		t.Errorf("a sync of the export would make %d calls: %+v", d.Calls(), d.Plan)
	}
	// With --prune, the Failed entry the export left out goes.
	if d := engine.DiffSync(back.Wanted(), entries, engine.SyncOptions{Prune: true}); len(d.Plan.Deletes) != 1 ||
		d.Plan.Deletes[0].Host != "100.64.0.8/32" || len(d.Plan.Creates) != 0 {
		t.Errorf("a pruning sync of the export: %+v", d.Plan)
	}
	one, _ := Export("cen-x", "cn-shanghai", entries, nil)
	if len(one.Services) != 1 || one.HostRegions[0] != "cn-shanghai" {
		t.Errorf("export of one host region: %+v", one)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "routes.yaml")
	if err := os.WriteFile(path, []byte(sample), 0o600); err != nil {
		t.Fatal(err)
	}
	if f, err := Load(path); err != nil || f.Name() != path {
		t.Errorf("Load = %+v, %v", f, err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("Load of a missing file = %v", err)
	}
}

// FuzzParse: whatever a file holds, reading it ends in a file whose
// wanted state is valid, or in an error naming the file; never a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(`{"cen": "cen-x", "services": [{"host-region": "a", "host-vpc": "v", "access-regions": ["a"], "hosts": ["100.64.0.1"]}]}`))
	f.Add([]byte("cen: &a x\nservices: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz.yaml", data)
		if err != nil {
			for _, p := range err.(*Error).Problems {
				if !strings.HasPrefix(p, "fuzz.yaml") {
					t.Fatalf("a problem that does not name the file: %q", p)
				}
			}
			return
		}
		if err := file.Wanted().Validate(); err != nil {
			t.Fatalf("a file read with an invalid state: %v", err)
		}
	})
}
