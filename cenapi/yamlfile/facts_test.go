package yamlfile

import (
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/fact/facttest"
)

// TestFactsSayWhatTheReaderSays refuses a file for every reason yamlfile
// has and checks that each error's fact is its English text and the
// catalogue's.
func TestFactsSayWhatTheReaderSays(t *testing.T) {
	t.Parallel()
	var facts []fact.Fact
	for _, text := range []string{
		"name: x\ncolour: red\n", "a: &a [x]\nb: *a\n", "name: !!binary eA==\n", strings.Repeat("[", 100),
		strings.Repeat("- ", 2000), "", "# " + strings.Repeat("x", 64<<10) + "\n",
	} {
		var d doc
		_, err := Decode("t.yaml", []byte(text), testKind, &d)
		for _, f := range facttest.Of(t, err) {
			if f.String() != err.Error() {
				t.Errorf("fact %q, error %q", f, err)
			}
			facts = append(facts, f)
		}
	}
	facts = append(facts, facttest.Of(t, In("t.yaml", errUnreadable))...)
	facttest.Check(t, facts...)
	facttest.Covered(t, ".", facts...)
}
