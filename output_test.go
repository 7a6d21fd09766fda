package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/tui/exitcode"
)

func TestShown(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"100.118.28.0/24":           "100.118.28.0/24",
		"OSS 杭州":                    "OSS 杭州",
		"\x1b]0;pwned\x07":          `\x1b]0;pwned\a`,
		"bad\xffutf8":               `bad\xffutf8`,
		"tab\there":                 "tab here",
		strings.Repeat("a", 100):    strings.Repeat("a", 79) + "…",
		strings.Repeat("\x1b", 100): strings.Repeat(`\x1b`, 19) + `\x1…`,
	} {
		if got := shown(in); got != want {
			t.Errorf("shown(%q) = %q, want %q", in, got, want)
		}
	}
}

// terminalSafe fails the test when out could act on a terminal or floods
// it: an escape, a bell, invalid UTF-8, or a line longer than limit.
func terminalSafe(t *testing.T, what, out string, limit int) {
	t.Helper()
	if strings.ContainsAny(out, "\x1b\x07\x9b") || !utf8.ValidString(out) {
		t.Errorf("%s reaches the terminal raw:\n%q", what, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > limit {
			t.Errorf("%s: a line of %d characters", what, n)
		}
	}
}

// TestBadHostsEchoedSafely: hosts-file entries with escape sequences,
// bells, invalid UTF-8 or the longest line a list may hold are named
// printable and cut, never echoed raw.
func TestBadHostsEchoedSafely(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "hosts.txt")
	huge := strings.Repeat("9", hostlist.MaxLineBytes)
	text := "\x1b]0;pwned\x07\n\x1b[2J100.64.0.1\nbad\xff\xfe\n" + huge + "\n"
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runMain("--demo", "apply", "--cen", emulator.DemoCenID, "--host-region", "cn-hangzhou",
		"--host-vpc", emulator.DemoVpcID, "--access-region", "cn-hangzhou", "--hosts-file", file, "--state-dir", dir)
	if code != exitcode.Usage || !strings.Contains(errOut, `:1: \x1b]0: `) || !strings.Contains(errOut, `:1: pwned\a: `) ||
		!strings.Contains(errOut, "5 of 5 hosts are invalid") {
		t.Errorf("exit %d, stderr:\n%.2000s", code, errOut)
	}
	terminalSafe(t, "a bad host", errOut, 2*maxShown+len(file)+20)
}

// TestListShowsAPIDataSafely: fields the API returns are printed
// terminal-safe in the table.
func TestListShowsAPIDataSafely(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := englishApp().writeRoutesTable(&out, []cenapi.RouteService{{CenID: "cen-1", Host: "100.118.28.0/24\x1b[31m", HostRegionID: "cn-hangzhou",
		AccessRegionID: "cn-hangzhou", HostVpcID: "vpc-1", Status: "Active\a", Description: "\x1b]8;;http://evil\x07click" + strings.Repeat("x", 200)}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `\x1b]8;;http://evil\aclick`) {
		t.Errorf("table:\n%s", out.String())
	}
	terminalSafe(t, "the API's data", out.String(), 6*maxShown)
}
