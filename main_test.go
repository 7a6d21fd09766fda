package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/theme/i18n"
)

// TestMain keeps the SDK away from anything but loopback (see emulatortest.Isolate).
func TestMain(m *testing.M) { emulatortest.Main(m) }

// testEnv is the environment the program runs in under test: the
// emulator's demo AccessKey, as the emulator command suggests exporting,
// and nothing of the developer's (no aliyun CLI profile, no ECS metadata
// lookup). Each run gets it injected, so tests run in parallel.
func testEnv(name string) string {
	return map[string]string{
		"ALIBABA_CLOUD_ACCESS_KEY_ID":         emulator.DemoAccessKeyID,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET":     emulator.DemoAccessKeySecret,
		"ALIBABA_CLOUD_CLI_PROFILE_DISABLED":  "true",
		"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
	}[name]
}

// runProgram runs the program with args until it ends or ctx does,
// reading stdin and writing to stdout and stderr.
func runProgram(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer, args ...string) int {
	return run(ctx, args, environment{stdin: stdin, stdout: stdout, stderr: stderr, getenv: testEnv})
}

// runMainFrom runs the program with args and stdin and returns its exit
// code and output.
func runMainFrom(stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = runProgram(context.Background(), stdin, &out, &errOut, args...)
	return code, out.String(), errOut.String()
}

// runMain runs the program with args and an empty stdin.
func runMain(args ...string) (code int, stdout, stderr string) {
	return runMainFrom(strings.NewReader(""), args...)
}

// runMainIn is runMain with stdin.
func runMainIn(stdin string, args ...string) (code int, stdout, stderr string) {
	return runMainFrom(strings.NewReader(stdin), args...)
}

// writeFile writes a file of the test's own and returns its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// --lang is found before the command line is parsed, wherever it stands,
// and never after "--".
func TestLangFlag(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]string{
		"":                         "",
		"--lang zh":                "zh",
		"list --cen x --lang=en":   "en",
		"--lang zh list --lang en": "en",
		"apply -- --lang zh":       "",
		"--lang":                   "",
	} {
		if got := langFlag(strings.Fields(args)); got != want {
			t.Errorf("langFlag(%q) = %q, want %q", args, got, want)
		}
	}
}

// englishApp is a run of the program in English, for tests of what its
// functions say.
func englishApp() *app { return &app{words: i18n.New(i18n.English)} }
