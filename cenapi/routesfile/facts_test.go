package routesfile

import (
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/fact/facttest"
)

// TestFactsSayWhatTheFileSays finds every kind of mistake in a routes
// file and checks that each problem's fact is its English text and the
// catalogue's.
func TestFactsSayWhatTheFileSays(t *testing.T) {
	t.Parallel()
	swap := func(old, new string) string { return strings.Replace(sample, old, new, 1) }
	var facts []fact.Fact
	for _, text := range []string{
		swap("      - 100.118.29.0/24\n", "      - 10.0.0.1\n"),
		swap("      - 100.118.29.0/24\n", "      - 100.118.29.0/24, 100.118.30.0/24\n"),
		swap("      - 100.118.29.0/24\n", "      - "+strings.Repeat("1", 5000)+"\n"),
		swap("      - 100.118.102.0/24\n", "      - 100.118.102.0/24\n  - {host-region: cn-shanghai, host-vpc: vpc-x, access-regions: [cn-shanghai], hosts: [100.118.102.0/24]}\n"),
		strings.Replace(sample, "cen: cen-demo0000000001\n", "", 1),
		"", "# " + strings.Repeat("x", MaxBytes) + "\n", tooManyHosts(),
	} {
		_, err := Parse("routes.yaml", []byte(text))
		facts = append(facts, facttest.Of(t, err)...)
		if fe, ok := err.(*Error); ok {
			for i, f := range facttest.Of(t, err) {
				if f.String() != fe.Problems[i] {
					t.Errorf("fact %q, problem %q", f, fe.Problems[i])
				}
			}
		}
	}
	f, err := Parse("routes.yaml", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	p := engine.ServiceProblem{Service: 0, Problem: engine.Problem{Part: engine.PartAccessRegion, Value: "cn-shanghai", Why: "x"}}
	facts = append(facts, facttest.Of(t, f.Placed(p))...)
	facttest.Check(t, facts...)
	facttest.Covered(t, ".", facts...)
}
