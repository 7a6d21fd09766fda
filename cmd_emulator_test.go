package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// TestEmulatorCommand runs the command as a user would: the first line
// names the endpoint, which serves until the context ends.
func TestEmulatorCommand(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		code := runProgram(ctx, nil, w, &stderr, "emulator", "--latency", "0", "--seed", "3")
		w.Close()
		done <- code
	}()
	lines := bufio.NewScanner(out)
	var banner []string
	for len(banner) < 4 && lines.Scan() {
		banner = append(banner, lines.Text())
	}
	if len(banner) < 4 {
		t.Fatalf("banner %q", banner)
	}
	m := regexp.MustCompile(`^endpoint: (http://127\.0\.0\.1:[0-9]+)$`).FindStringSubmatch(banner[0])
	if m == nil {
		t.Fatalf("first line %q", banner[0])
	}
	endpoint := strings.TrimPrefix(m[1], "http://")
	wantTry := "try: ALIBABA_CLOUD_ACCESS_KEY_ID=" + emulator.DemoAccessKeyID + " ALIBABA_CLOUD_ACCESS_KEY_SECRET=" +
		emulator.DemoAccessKeySecret + " cenroute --endpoint " + endpoint + " list --cen " + emulator.DemoCenID
	if banner[3] != wantTry {
		t.Errorf("hint %q, want %q", banner[3], wantTry)
	}

	resp, err := http.Get(m[1] + "/_emulator/state")
	if err != nil {
		t.Fatal(err)
	}
	var st emulator.State
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil || len(st.Entries) == 0 {
		t.Fatalf("state: %v, %d entries", err, len(st.Entries))
	}

	cancel()
	if code := <-done; code != exitcode.OK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}

// TestEmulatorCommandFlags: bad values exit 2 with a message naming them,
// before anything listens.
func TestEmulatorCommandFlags(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--fault-rate", "1.5"}, "fault rate"},
		{[]string{"--fail-rate", "-0.1"}, "fail rate"},
		{[]string{"--qps", "-1"}, "qps"},
		{[]string{"--qps-halve-after", "5s"}, "qps-halve-after 5s has no limit to halve: it needs a qps above 0"},
		{[]string{"--qps", "5", "--qps-halve-after", "-1s"}, "qps-halve-after -1s is negative"},
		{[]string{"--latency", "-1s"}, "latency"},
		{[]string{"--idle-timeout", "-1s"}, "idle timeout -1s is negative"},
		{[]string{"--max-connections", "-1"}, "max connections cannot be negative"},
		{[]string{"--access-key-id", "LTAIx"}, "go together"},
		{[]string{"--access-key-id", "", "--access-key-secret", ""}, "cannot be empty"},
		{[]string{"--listen", "0.0.0.0:0"}, "--allow-remote"},
		{[]string{"--listen", ":8080"}, "--allow-remote"},
		{[]string{"--listen", "127.0.0.1"}, "host:port"},
		{[]string{"--listen", "127.0.0.1:99999"}, "the port must be a number from 0"},
		{[]string{"--listen", "LOCALHOST:http"}, "the port must be a number from 0"},
		{[]string{"--seed", "x"}, `--seed "x": want a whole number`},
		{[]string{"--deny", "cen:Reboot"}, `deny "cen:Reboot": not an action of the emulator`},
		{[]string{"--token-lifetime", "1m"}, "a token lifetime needs a security token"},
		{[]string{"--clock-skew", "soon"}, `--clock-skew "soon": want a duration`},
	}
	for _, tc := range cases {
		code, stdout, stderr := runMain(append([]string{"emulator"}, tc.args...)...)
		if code != exitcode.Usage {
			t.Errorf("%v: exit %d, want %d", tc.args, code, exitcode.Usage)
		}
		if !strings.Contains(stderr, tc.want) || stdout != "" {
			t.Errorf("%v: stderr %q (want %q), stdout %q", tc.args, stderr, tc.want, stdout)
		}
	}
}

// TestEmulatorListenCheck: loopback names pass; others need --allow-remote.
func TestEmulatorListenCheck(t *testing.T) {
	t.Parallel()
	opts := emulator.DemoOptions()
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	for _, addr := range []string{"127.0.0.1:0", "localhost:8080", "LOCALHOST:8080", "[::1]:0", "127.9.9.9:1"} {
		if err := englishApp().checkEmulatorFlags(fs, addr, false, opts); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
	}
	for _, addr := range []string{"0.0.0.0:0", "[::]:0", "192.0.2.1:80", "example.com:80"} {
		if err := englishApp().checkEmulatorFlags(fs, addr, false, opts); err == nil {
			t.Errorf("%s accepted without --allow-remote", addr)
		}
		if err := englishApp().checkEmulatorFlags(fs, addr, true, opts); err != nil {
			t.Errorf("%s with --allow-remote: %v", addr, err)
		}
	}
}
