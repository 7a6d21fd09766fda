package layout

import (
	"strings"
	"testing"
	"unicode/utf8"

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

// chinese is text of two-cell characters, with full-width punctuation,
// IDs and a region ID among them, as the Chinese screens have it.
const chinese = "选择 cen-demo0000000001 上的服务所在地域（服务地址所在的地域），然后按 enter 继续。"

// checkCut fails t unless got, a cut of in to width cells, is at most
// width wide, holds only whole characters of in, in order, and keeps the
// ellipsis wherever it cut and there was room for more than it.
func checkCut(t *testing.T, what, in, got string, width int, ellipsis string) {
	t.Helper()
	if w := ansi.StringWidth(got); w > width {
		t.Errorf("%s(%q, %d) = %q is %d cells wide", what, in, width, got, w)
	}
	if !utf8.ValidString(got) {
		t.Errorf("%s(%q, %d) = %q splits a character", what, in, width, got)
	}
	plain := strings.TrimRight(ansi.Strip(got), " ") // Fit pads
	cut := ansi.StringWidth(in) > width
	if cut && width > ansi.StringWidth(ellipsis) {
		if !strings.HasSuffix(plain, ellipsis) {
			t.Errorf("%s(%q, %d) = %q lost the ellipsis", what, in, width, got)
		}
		plain = strings.TrimSuffix(plain, ellipsis)
	}
	if !strings.HasPrefix(ansi.Strip(in), plain) {
		t.Errorf("%s(%q, %d) = %q is not the start of the text", what, in, width, got)
	}
}

// Chinese text is cut at every width, odd ones too, to whole characters
// that fit, with the ellipsis; Fit then pads it to exactly the width.
func TestCutsOfChineseTextNeverSplitACharacter(t *testing.T) {
	t.Parallel()
	styled := "\x1b[1m服务所在地域\x1b[0m：cn-hangzhou（杭州）"
	for _, in := range []string{chinese, styled, "地域", "a地b域c"} {
		for width := 0; width <= ansi.StringWidth(in)+1; width++ {
			for _, ellipsis := range []string{"…", "..."} {
				checkCut(t, "Truncate", in, Truncate(in, width, ellipsis), width, ellipsis)
				fitted := Fit(in, width, ellipsis)
				checkCut(t, "Fit", in, fitted, width, ellipsis)
				if w := ansi.StringWidth(fitted); w != width {
					t.Errorf("Fit(%q, %d) = %q is %d cells wide", in, width, fitted, w)
				}
				for _, l := range strings.Split(Clip(in+"\n"+in, width, 1, ellipsis), "\n") {
					checkCut(t, "Clip", in, l, max(width, ansi.StringWidth(in)*boolInt(width == 0)), ellipsis)
				}
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Fill gives exactly the size asked, every line exactly the width, in
// Chinese at odd widths too.
func TestFillGivesEveryLineTheWidth(t *testing.T) {
	t.Parallel()
	in := chinese + "\n\n短行\n" + "\x1b[7m反显\x1b[27m"
	for width := 1; width <= 60; width++ {
		for _, height := range []int{1, 3, 6} {
			got := Fill(in, width, height, "…")
			lines := strings.Split(got, "\n")
			if len(lines) != height {
				t.Errorf("Fill(%d×%d) has %d lines", width, height, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w != width || !utf8.ValidString(l) {
					t.Errorf("Fill(%d×%d): line %q is %d cells wide", width, height, l, w)
				}
			}
		}
	}
	if Fill("x", 5, 0, "…") != "" {
		t.Error("Fill of no lines draws one")
	}
}

// Chinese text wraps between its characters, keeps IDs and words of
// Latin letters whole, never starts a line with closing punctuation nor
// ends one with opening punctuation, and loses nothing but the spaces at
// the breaks.
func TestWrapBreaksChineseTextBetweenCharacters(t *testing.T) {
	t.Parallel()
	for width := 2; width <= 50; width++ {
		got := Wrap(chinese, width)
		lines := strings.Split(got, "\n")
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("Wrap(%d): line %q is %d cells wide", width, l, w)
			}
			if !utf8.ValidString(l) {
				t.Errorf("Wrap(%d): line %q splits a character", width, l)
			}
			// Below 6 cells, "域），" alone is too wide to keep together.
			if width >= 6 && (strings.HasPrefix(l, "，") || strings.HasPrefix(l, "）") || strings.HasPrefix(l, "。")) {
				t.Errorf("Wrap(%d): line %q starts with closing punctuation", width, l)
			}
			if width >= 6 && strings.HasSuffix(l, "（") {
				t.Errorf("Wrap(%d): line %q ends with opening punctuation", width, l)
			}
		}
		if strings.ReplaceAll(got, "\n", "") != strings.ReplaceAll(chinese, " ", "") &&
			strings.ReplaceAll(strings.ReplaceAll(got, "\n", ""), " ", "") != strings.ReplaceAll(chinese, " ", "") {
			t.Errorf("Wrap(%d) lost text: %q", width, got)
		}
		if width >= 18 && !strings.Contains(got, "cen-demo0000000001") {
			t.Errorf("Wrap(%d) cut the ID: %q", width, got)
		}
	}
	// A line is filled before it breaks: Chinese text goes on after an
	// ID on the same line rather than starting a new one.
	if got, want := Wrap("选择 cen-demo0000000001 上的服务所在地域", 30), "选择 cen-demo0000000001 上的服\n务所在地域"; got != want {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
	if got, want := Wrap("地域：cn-hangzhou（杭州）。", 16), "地域：\ncn-hangzhou（杭\n州）。"; got != want {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
	// Styles stay with the characters they paint.
	if got := ansi.Strip(Wrap("\x1b[31m错误：地域不支持\x1b[0m", 8)); got != "错误：地\n域不支持" {
		t.Errorf("Wrap of styled Chinese = %q", got)
	}
}

// Hang and Fold measure Chinese labels and parts in cells.
func TestHangAndFoldMeasureChineseInCells(t *testing.T) {
	t.Parallel()
	for _, l := range Hang("错误信息：", 10, chinese, 31) {
		if w := ansi.StringWidth(l); w > 31 {
			t.Errorf("Hang: line %q is %d cells wide", l, w)
		}
	}
	parts := []string{"cen-demo0000000001", "华东1（杭州）", "访问地域"}
	for width := 8; width <= 60; width++ {
		line, ok := Fold(parts, []int{0, 1}, " › ", "…", width)
		if ok && ansi.StringWidth(line) > width {
			t.Errorf("Fold(%d) = %q is too wide", width, line)
		}
	}
	if line, _ := Fold(parts, []int{0, 1}, " › ", "…", 30); line != "… › 华东1（杭州） › 访问地域" {
		t.Errorf("Fold(30) = %q", line)
	}
}
