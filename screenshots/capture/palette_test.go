package main

import "testing"

func TestPinPalette(t *testing.T) {
	cases := map[string]string{
		"\x1b[1;94mtitle\x1b[0m":       "\x1b[1;38;2;114;159;207mtitle\x1b[0m",
		"\x1b[30;47mx\x1b[m":           "\x1b[38;2;46;52;54;48;2;211;215;207mx\x1b[m",
		"\x1b[97;100mrow":              "\x1b[38;2;238;238;236;48;2;85;87;83mrow",
		"\x1b[38;5;94;48;2;1;2;3mkeep": "\x1b[38;5;94;48;2;1;2;3mkeep",
		"\x1b[4;38;2;9;9;9;31mmixed":   "\x1b[4;38;2;9;9;9;38;2;204;0;0mmixed",
		"plain \x1b[2J text":           "plain \x1b[2J text",
	}
	for in, want := range cases {
		if got := pinPalette(in); got != want {
			t.Errorf("pinPalette(%q) = %q, want %q", in, got, want)
		}
	}
}
