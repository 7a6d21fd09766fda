package cenapi

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrintable(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                             "",
		"corp-backbone":                "corp-backbone",
		"华东1（杭州）":                      "华东1（杭州）",
		"evil\x1b]52;c;ZXZpbA==\a":     `evil\x1b]52;c;ZXZpbA==\a`,
		"\x1b[2Jclear":                 `\x1b[2Jclear`,
		"\x1b]0;title\a":               `\x1b]0;title\a`,
		"two\nlines\r\tand tab":        "two lines  and tab",
		"bad\xffutf8":                  `bad\xffutf8`,
		"c1 \u009b2J":                  `c1 \u009b2J`,
		"rtl \u202eoverride":           `rtl \u202eoverride`,
		"zero\u200bwidth":              `zero\u200bwidth`,
		"del\x7f":                      `del\x7f`,
		"nbsp\u00a0and\u2028separator": "nbsp and separator",
	} {
		got := Printable(in)
		if got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
		if Printable(got) != got {
			t.Errorf("Printable(%q) is not stable: %q", got, Printable(got))
		}
	}
}

func FuzzPrintable(f *testing.F) {
	f.Add("evil\x1b]52;c;ZXZpbA==\a")
	f.Add("bad\xff\xfe\u202e\u0085")
	f.Fuzz(func(t *testing.T, s string) {
		out := Printable(s)
		if !utf8.ValidString(out) || strings.ContainsFunc(out, func(r rune) bool { return !shown(r) }) {
			t.Fatalf("Printable(%q) = %q: not printable", s, out)
		}
		if Printable(out) != out {
			t.Fatalf("Printable(%q) = %q changes again", s, out)
		}
	})
}
