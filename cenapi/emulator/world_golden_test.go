package emulator

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// served is everything the read actions answer about a world: what a
// client can know of it.
func served(t *testing.T, e *Emulator) []byte {
	t.Helper()
	var out []any
	ask := func(action string, kv ...string) {
		p := url.Values{"PageSize": {"50"}}
		for i := 0; i+1 < len(kv); i += 2 {
			p.Set(kv[i], kv[i+1])
		}
		a := actions[action]
		reply, err := a.handle(e, &call{p: params(p), requestID: "REQUEST", action: action, prod: a.prod, now: e.now()})
		if err != nil {
			out = append(out, map[string]any{"ask": fmt.Sprint(action, kv), "error": err.Code})
			return
		}
		out = append(out, map[string]any{"ask": fmt.Sprint(action, kv), "reply": reply})
	}
	for page := 1; page <= 3; page++ {
		ask("DescribeCens", "PageNumber", fmt.Sprint(page))
	}
	for _, product := range []string{"", "VPC", "VBR", "CCN"} {
		ask("DescribeChildInstanceRegions", "ProductType", product)
		ask("DescribeChildInstanceRegions", "ProductType", product, "AcceptLanguage", "en-US")
	}
	for _, cen := range e.world.cens {
		ask("DescribeCenAttachedChildInstances", "CenId", cen.id)
		ask("DescribeRouteServicesInCen", "CenId", cen.id)
		for _, r := range e.world.regions {
			ask("ListTransitRouters", "RegionId", r.id, "CenId", cen.id)
		}
	}
	for _, r := range e.world.regions {
		ask("DescribeVpcs", "RegionId", r.id)
	}
	data, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestBuiltInWorldIsServedAsBefore: the built-in demo world, with and
// without generated extras, serves exactly what the golden files hold
// (they were taken from the world as it was built in code, before it
// became a file).
func TestBuiltInWorldIsServedAsBefore(t *testing.T) {
	t.Parallel()
	epoch := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for name, opts := range map[string]Options{
		"demo-seed1":        {Seed: 1},
		"demo-seed7-extras": {Seed: 7, ExtraCENs: 5, ExtraRouteServices: 3},
	} {
		opts.Clock = func() time.Time { return epoch }
		got := served(t, New(opts))
		path := filepath.Join("testdata", name+".golden.json")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: the world served differs from %s (go test -run TestBuiltInWorld ./cenapi/emulator -update rewrites it)", name, path)
		}
	}
}
