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

func TestShortenMiddleKeepsBothEndsOfAnID(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in    string
		limit int
		want  string
	}{
		{"cn-hangzhou", 20, "cn-hangzhou"},
		{"vpc-demo0000000001", 11, "vpc-...0001"},
		{"vpc-demo0000000001", 10, "vpc...0001"},
		{"vpc-demo0000000001", 8, "vp...001"},
		{"abc", 2, "ab"},
	}
	for _, c := range cases {
		if got := ShortenMiddle(c.in, c.limit, "..."); got != c.want {
			t.Errorf("ShortenMiddle(%q, %d) = %q, want %q", c.in, c.limit, got, c.want)
		}
	}
}

func TestFrameCutsAndPadsToExactSize(t *testing.T) {
	t.Parallel()
	if got, want := Frame("abcdef\nxy\n1\n2\n3", 4, 3), "abcd\nxy\n1"; got != want {
		t.Errorf("Frame = %q, want %q", got, want)
	}
	if got, want := Frame("a", 4, 3), "a\n\n"; got != want {
		t.Errorf("Frame pads to %q, want %q", got, want)
	}
	if got := Frame("\x1b[1mbold\x1b[0m", 2, 1); ansi.Strip(got) != "bo" {
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
