package emulator

import (
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/fact/facttest"
)

// TestFactsSayWhatTheWorldFileSays finds every kind of mistake in a world
// file and checks that each error's fact is its English text and the
// catalogue's.
func TestFactsSayWhatTheWorldFileSays(t *testing.T) {
	t.Parallel()
	swap := swapper(t)
	tags := "    tags: {"
	for i := range maxTags + 1 {
		tags += "k" + strings.Repeat("x", i) + ": v, "
	}
	tags += "}\n"
	var facts []fact.Fact
	for _, text := range []string{
		"cens: []\n", "", "regions:\n  - {id: CN}\n", "regions:\n  - {id: cn-a}\n  - {id: cn-a}\n",
		swap("      - {region: cn-hongkong}", "      - {region: cn-nowhere}"),
		swap("host_region: cn-hangzhou", "host_region: cn-nowhere"),
		swap("edition: Basic", "edition: Premium"),
		swap("      - {region: cn-hangzhou, edition: Basic}", "      - {region: cn-hangzhou, edition: Basic}\n      - {region: cn-hangzhou, edition: Basic}"),
		swap("edition: Basic}", "edition: Basic, zones: [cn-hongkong-b]}"),
		swap("edition: Basic}", "edition: Basic, zones: [cn-hangzhou-a, cn-hangzhou-b, cn-hangzhou-c]}"),
		swap("    ccns:\n      - {region: cn-hangzhou}", "    ccns:\n      - {region: cn-hongkong}"),
		swap("cen: cen-corp}", "cen: cen-other}"),
		swap("cidr: 10.0.0.0/16", "cidr: 10.0.0.0/99"),
		swap("cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16, ipv6_cidr: 10.0.0.0/8"),
		swap("host_region: cn-hangzhou", "host_region: cn-hongkong"),
		swap("status: Failed", "status: Gone"),
		swap("host: 100.118.28.0/24", "host: nope"),
		swap("status: Failed}", "status: Failed}\n  - {cen: cen-corp, host_region: cn-hangzhou, host: 100.118.28.0/24, host_vpc: vpc-hz, access_region: cn-hangzhou}"),
		swap("  - {id: vpc-hz,", "  - {id: cen-corp,"),
		swap("route_services:", "  - {id: vpc-hz, region: cn-hangzhou, cidr: 10.1.0.0/16}\nroute_services:"),
		swap("    name: corp\n", "    name: corp\n"+tags),
		swap("    name: corp\n", "    name: "+strings.Repeat("x", maxWorldText+1)+"\n"),
		"# " + strings.Repeat("x", maxWorldFile) + "\n",
	} {
		_, err := ParseWorld("w.yaml", []byte(text))
		for _, f := range facttest.Of(t, err) {
			if f.String() != err.Error() {
				t.Errorf("fact %q, error %q", f, err)
			}
			facts = append(facts, f)
		}
	}
	facttest.Check(t, facts...)
	facttest.Covered(t, ".", facts...)
}
