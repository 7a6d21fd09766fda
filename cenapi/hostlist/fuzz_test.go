package hostlist

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	f.Add("100.118.28.0/24\n100.118.28.5, 100.64.0.0/10 # c\n")
	f.Fuzz(func(t *testing.T, text string) {
		entries := Parse(text)
		if CheckLimits(text) == nil && len(entries) > MaxHosts {
			t.Fatalf("%d entries pass the limit of %d", len(entries), MaxHosts)
		}
		for _, e := range entries {
			if e.Text == "" || text[e.Offset:e.Offset+len(e.Text)] != e.Text {
				t.Fatalf("entry %+v does not point into the text", e)
			}
			if e.Line < 1 || e.Line > strings.Count(text, "\n")+1 {
				t.Fatalf("entry %+v has an impossible line number", e)
			}
		}
	})
}

func FuzzCheck(f *testing.F) {
	f.Add("100.118.28.0/24\n100.118.0.0/16\n100.118.28.5/24\nfoo.example.com\n::1", "100.118.28.0/24")
	f.Fuzz(func(t *testing.T, text, present string) {
		res := Check(text, map[string]bool{present: true})
		if res.Valid+res.Skipped+res.Invalid != len(res.Lines) {
			t.Fatalf("counts %d+%d+%d do not add up to %d lines", res.Valid, res.Skipped, res.Invalid, len(res.Lines))
		}
		fixed := FixHostBits(text)
		for _, l := range Check(fixed, nil).Lines {
			if l.Fixable {
				t.Fatalf("FixHostBits left %q fixable", l.Raw)
			}
		}
		if utf8.ValidString(text) && !utf8.ValidString(fixed) {
			t.Fatalf("FixHostBits broke UTF-8")
		}
	})
}

func FuzzCheckDescription(f *testing.F) {
	f.Add("oss hz", false)
	f.Fuzz(func(t *testing.T, s string, strict bool) {
		err := CheckDescription(s, strict)
		if strict && err == nil && CheckDescription(s, false) != nil {
			t.Fatalf("%q passes the strict rule but not the current one", s)
		}
	})
}
