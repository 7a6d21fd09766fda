package hostlist

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/fact/facttest"
)

// saidOf is the fact of err, which must know one.
func saidOf(t *testing.T, err error) fact.Fact {
	t.Helper()
	var s fact.Said
	if !errors.As(err, &s) {
		t.Fatalf("%v (%T) has no fact", err, err)
	}
	return s.Said()
}

// TestFactsSayWhatHostlistSays finds every kind of problem, limit,
// description error and lookup failure, and checks that each fact's
// English is the text hostlist gives and the catalogue's, and that each
// names the values it speaks of.
func TestFactsSayWhatHostlistSays(t *testing.T) {
	t.Parallel()
	var facts []fact.Fact
	res := Check("1.2.3\noss.example.com\n2408::1\n10.0.0.1\n100.118.28.5/24\n100.118.1.0/24\n100.118.1.0/24\n100.118.0.0/16\n100.119.0.1\n",
		map[string]bool{"100.119.0.1/32": true})
	for _, l := range res.Lines {
		facts = append(facts, l.NoteSaid())
		if l.Problem != "" && l.Why().String() != l.Problem {
			t.Errorf("line %d: fact %q, problem %q", l.Number, l.Why(), l.Problem)
		}
	}
	if got := res.Lines[7].Why(); got.Kind != KindOverlaps || got.Args["Block"] != "100.118.1.0/24" {
		t.Errorf("overlap: %q %v", got, got.Args)
	}
	values := CheckValues([]string{"100.118.1.0/24", "100.118.1.0/24"}, "--host")
	if got := values.Lines[1].Why(); got.String() != "duplicate of --host #1" {
		t.Errorf("duplicate value: %q", got)
	}
	facts = append(facts, values.Lines[1].Why())
	for _, text := range []string{strings.Repeat("x", MaxBytes+1), strings.Repeat("\n", MaxLines+1),
		strings.Repeat("1", MaxLineBytes+1), strings.Repeat("100.64.0.1\n", MaxHosts+1)} {
		facts = append(facts, saidOf(t, CheckLimits(text)))
	}
	_, err := ReadLimited(&endless{})
	facts = append(facts, saidOf(t, err))
	for _, d := range []string{"\xff", strings.Repeat("a", DescriptionMaxLen+1), "http://x", "a\x07b", "x", "1a", "ab c"} {
		err := CheckDescription(d, true)
		facts = append(facts, saidOf(t, err))
	}
	for _, r := range []fakeResolver{{err: &net.DNSError{Err: "no such host", IsNotFound: true}},
		{err: context.DeadlineExceeded}, {}} {
		_, err := Resolve(context.Background(), r, "x.example")
		facts = append(facts, saidOf(t, err))
	}
	facttest.Check(t, facts...)
	facttest.Covered(t, ".", facts...)
}
