package layout

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapBreaksAtSpacesOnly(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in    string
		width int
		want  string
	}{
		{"resume it with: cenroute apply --resume 20260101", 20, "resume it with:\ncenroute apply\n--resume 20260101"},
		{"into cn-hangzhou, cn-shanghai", 16, "into\ncn-hangzhou,\ncn-shanghai"},
		{"  indented line", 40, "  indented line"},
		{"a vpc-demo0000000001 b", 8, "a\nvpc-demo\n00000000\n01 b"},
		{"one\ntwo three", 5, "one\ntwo\nthree"},
	}
	for _, c := range cases {
		got := Wrap(c.in, c.width)
		if got != c.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
		for _, l := range strings.Split(got, "\n") {
			if ansi.StringWidth(l) > c.width {
				t.Errorf("Wrap(%q, %d): line %q is too wide", c.in, c.width, l)
			}
		}
	}
}

func TestWrapIgnoresEscapeSequences(t *testing.T) {
	t.Parallel()
	in := "\x1b[1mbold\x1b[0m words here"
	if got := ansi.Strip(Wrap(in, 10)); got != "bold words\nhere" {
		t.Errorf("Wrap of styled text = %q", got)
	}
}
