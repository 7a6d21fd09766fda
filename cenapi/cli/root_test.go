package cli

import (
	"bufio"
	"io"
	"strings"
	"syscall"
	"testing"
)

// TestHangUpEndsACommandCleanly: closing the terminal (SIGHUP) stops a
// command the way Ctrl+C does, instead of killing the process before it
// can clean up. Not parallel: the signal reaches every running Main.
func TestHangUpEndsACommandCleanly(t *testing.T) {
	out, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- Main([]string{"emulator"}, IO{Stdin: strings.NewReader(""), Stdout: w, Stderr: io.Discard}, Launchers{})
		w.Close()
	}()
	sc := bufio.NewScanner(out)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "endpoint: http://127.0.0.1:") {
		t.Fatalf("first line %q", sc.Text())
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, out)
	if code := <-done; code != ExitOK {
		t.Errorf("exit %d after SIGHUP, want %d", code, ExitOK)
	}
}

// TestHelpShowsDeclaredDefaults: a command's help shows the defaults its
// flags were declared with, whatever else is on the command line.
func TestHelpShowsDeclaredDefaults(t *testing.T) {
	t.Parallel()
	code, _, errOut := runMain("emulator", "--latency", "5ms", "--help")
	if code != ExitOK || !strings.Contains(errOut, "(default 60ms)") || strings.Contains(errOut, "5ms") {
		t.Errorf("exit %d, help:\n%s", code, errOut)
	}
}

// TestFlagErrorsAreShort: a bad flag prints the problem and the usage line,
// not the whole help as well; only -h and --help print the help.
func TestFlagErrorsAreShort(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"apply", "--qps", "fast"}, {"list", "--nope"}, {"--nope"}, {"apply", "stray"}} {
		code, _, errOut := runMain(args...)
		if code != ExitUsage || strings.Contains(errOut, "flags:") || strings.Count(errOut, "cenroute: ") != 1 ||
			strings.Count(errOut, "usage: ")+strings.Count(errOut, "Run 'cenroute --help'") != 1 {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, errOut)
		}
	}
	for _, args := range [][]string{{"apply", "-h"}, {"--help"}} {
		code, _, errOut := runMain(args...)
		if code != ExitOK || !strings.Contains(errOut, "flags:") || strings.Contains(errOut, "help requested") {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, errOut)
		}
	}
}

// Flags and settings that cannot work exit 2, as the README promises for
// bad usage, whichever command or mode they are given to, and say why.
func TestBadUsageExitsTwo(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--demo", "--endpoint", "127.0.0.1:1", "list", "--cen", "cen-x"}, "--demo and --endpoint cannot be used together"},
		{[]string{"--region", "../x", "list", "--cen", "cen-x"}, `region "../x" is not a region ID`},
		{[]string{"--endpoint", "http://example.com:80", "delete", "--cen", "cen-x", "--host-region", "cn-hangzhou",
			"--access-region", "cn-hangzhou", "--host", "100.64.0.1"}, "plain HTTP is allowed only to a loopback address"},
		{[]string{"runs", "--output", "xml"}, `--output "xml": want table or json`},
		{[]string{"runs", "extra"}, `unexpected argument "extra"`},
	} {
		code, out, errOut := runMain(tc.args...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
}
