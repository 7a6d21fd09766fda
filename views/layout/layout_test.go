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

func TestFoldLeavesWholePartsOut(t *testing.T) {
	t.Parallel()
	parts := []string{"cen-demo0000000001", "cn-hangzhou", "vpc-demo0000000001", "1 region", "Review"}
	cases := []struct {
		width int
		drop  []int
		want  string
		ok    bool
	}{
		{80, []int{0, 1, 2}, "cen-demo0000000001 > cn-hangzhou > vpc-demo0000000001 > 1 region > Review", true},
		{60, []int{0, 1, 2}, "... > cn-hangzhou > vpc-demo0000000001 > 1 region > Review", true},
		{45, []int{0, 1, 2}, "... > vpc-demo0000000001 > 1 region > Review", true},
		{20, []int{0, 1, 2}, "... > 1 region > Review", false},
		{66, []int{1, 0}, "cen-demo0000000001 > ... > vpc-demo0000000001 > 1 region > Review", true},
		{60, []int{1, 0}, "... > vpc-demo0000000001 > 1 region > Review", true},
	}
	for _, c := range cases {
		got, ok := Fold(parts, c.drop, " > ", "...", c.width)
		if got != c.want || ok != c.ok {
			t.Errorf("Fold(width %d, drop %v) = %q, %v; want %q, %v", c.width, c.drop, got, ok, c.want, c.ok)
		}
	}
}

func TestFrameCutsAndPadsToExactSize(t *testing.T) {
	t.Parallel()
	if got, want := Frame("abcdefg\nxy\n1\n2\n3", 5, 3, "..."), "ab...\nxy\n1"; got != want {
		t.Errorf("Frame = %q, want %q", got, want)
	}
	if got, want := Frame("a", 4, 3, "..."), "a\n\n"; got != want {
		t.Errorf("Frame pads to %q, want %q", got, want)
	}
	if got := Frame("\x1b[1mbold\x1b[0m", 2, 1, "..."); ansi.Strip(got) != "bo" {
		t.Errorf("Frame of styled text = %q", got)
	}
}

func TestTruncateAndFitEndWithTheEllipsis(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in          string
		width       int
		cut, fitted string
	}{
		{"vpc-demo", 10, "vpc-demo", "vpc-demo  "},
		{"description", 8, "descr...", "descr..."},
		{"description", 3, "des", "des"}, // no room for more than the ellipsis
		{"description", 0, "", ""},
	}
	for _, c := range cases {
		if got := Truncate(c.in, c.width, "..."); got != c.cut {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.width, got, c.cut)
		}
		if got := Fit(c.in, c.width, "..."); got != c.fitted {
			t.Errorf("Fit(%q, %d) = %q, want %q", c.in, c.width, got, c.fitted)
		}
	}
	if Width("h\u00e9llo") != 5 || Width("\x1b[1mab\x1b[0m") != 2 {
		t.Error("Width counts cells, not bytes, and no escape sequence")
	}
}
