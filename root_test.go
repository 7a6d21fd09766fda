package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"syscall"
	"testing"

	"github.com/cenroute/cenroute/tui/exitcode"
)

// TestHangUpEndsACommandCleanly: closing the terminal (SIGHUP) stops a
// command the way Ctrl+C does, instead of killing the process before it
// can clean up. Not parallel: the signal reaches every running command.
func TestHangUpEndsACommandCleanly(t *testing.T) {
	out, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- runProgram(context.Background(), strings.NewReader(""), w, io.Discard, "emulator")
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
	if code := <-done; code != exitcode.OK {
		t.Errorf("exit %d after SIGHUP, want %d", code, exitcode.OK)
	}
}

// TestHelpShowsDeclaredDefaults: a command's help shows the defaults its
// flags were declared with, whatever else is on the command line.
func TestHelpShowsDeclaredDefaults(t *testing.T) {
	t.Parallel()
	code, _, errOut := runMain("emulator", "--latency", "5ms", "--help")
	if code != exitcode.OK || !strings.Contains(errOut, "(default 60ms)") || strings.Contains(errOut, "5ms") {
		t.Errorf("exit %d, help:\n%s", code, errOut)
	}
}

// TestFlagErrorsAreShort: a bad flag prints the problem and the usage line,
// not the whole help as well; only -h and --help print the help.
func TestFlagErrorsAreShort(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"apply", "--qps", "fast"}, {"list", "--nope"}, {"--nope"}, {"apply", "stray"}} {
		code, _, errOut := runMain(args...)
		if code != exitcode.Usage || strings.Contains(errOut, "flags:") || strings.Count(errOut, "cenroute: ") != 1 ||
			strings.Count(errOut, "usage: ")+strings.Count(errOut, "Run 'cenroute --help'") != 1 {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, errOut)
		}
	}
	for _, args := range [][]string{{"apply", "-h"}, {"--help"}} {
		code, _, errOut := runMain(args...)
		if code != exitcode.OK || !strings.Contains(errOut, "flags:") || strings.Contains(errOut, "help requested") {
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
		{[]string{"--demo", "--endpoint", "127.0.0.1:1", "list", "--cen", "cen-x"}, "--demo and --endpoint (or --vpc-endpoint) cannot be used together"},
		{[]string{"--demo", "--vpc-endpoint", "https://vpc.corp", "list", "--cen", "cen-x"}, "cannot be used together: --demo starts its own emulator"},
		{[]string{"--region", "../x", "list", "--cen", "cen-x"}, `region "../x" is not a region ID`},
		{[]string{"--endpoint", "http://example.com:80", "delete", "--cen", "cen-x", "--host-region", "cn-hangzhou",
			"--access-region", "cn-hangzhou", "--host", "100.64.0.1"}, "--endpoint http://example.com:80: plain HTTP would carry the signed requests"},
		{[]string{"--vpc-endpoint", "http://192.0.2.1", "list", "--cen", "cen-x"}, "--vpc-endpoint http://192.0.2.1: plain HTTP would carry"},
		{[]string{"runs", "--output", "xml"}, `--output "xml": want table or json`},
		{[]string{"runs", "extra"}, `unexpected argument "extra"`},
	} {
		code, out, errOut := runMain(tc.args...)
		if code != exitcode.Usage || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
}

// The wizard needs a terminal and a theme it knows: without either it
// exits 2 with one line saying so.
func TestWizardRefusesWhatItCannotRun(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--demo", "--theme", "neon"}, `unknown theme "neon"`},
		{[]string{"--demo"}, "the wizard needs a terminal"},
	} {
		code, out, errOut := runMain(c.args...)
		if code != exitcode.Usage || out != "" || !strings.HasPrefix(errOut, "cenroute: ") || !strings.Contains(errOut, c.says) ||
			strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line saying %q", c.args, code, out, errOut, c.says)
		}
	}
}

// Unknown commands are named with the commands they might be, a long flag
// given one dash with its spelling, and every command has help of its
// own; shell completion is available.
func TestCommandLineHelps(t *testing.T) {
	t.Parallel()
	code, _, errOut := runMain("lsit")
	if code != exitcode.Usage || errOut != "cenroute: unknown command \"lsit\"; did you mean list?\nRun 'cenroute --help' for usage.\n" {
		t.Errorf("a misspelt command: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runMain("list", "-cen", "cen-x")
	if code != exitcode.Usage || !strings.HasPrefix(errOut, "cenroute: -cen: a long flag takes two dashes: --cen\nusage: cenroute list ") {
		t.Errorf("a long flag with one dash: exit %d, stderr %q", code, errOut)
	}
	for _, name := range []string{"apply", "delete", "list", "runs", "emulator", "serve"} {
		code, _, errOut := runMain(name, "--help")
		if code != exitcode.OK || !strings.HasPrefix(errOut, "usage: cenroute "+name+" ") || !strings.Contains(errOut, "\nflags:\n") {
			t.Errorf("%s --help: exit %d, stderr:\n%s", name, code, errOut)
		}
	}
	code, out, _ := runMain("completion", "bash")
	if code != exitcode.OK || !strings.Contains(out, "complete -o default -F __start_cenroute cenroute") {
		t.Errorf("completion bash: exit %d, stdout:\n%.300s", code, out)
	}
	code, out, _ = runMain("--version")
	if code != exitcode.OK || out != "cenroute dev\n" {
		t.Errorf("--version: exit %d, stdout %q", code, out)
	}
}
