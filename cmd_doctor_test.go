package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// utf8Locale is a UTF-8 locale, in which the doctor marks checks ✓ and ✗.
var utf8Locale = map[string]string{"LANG": "en_US.UTF-8"}

// failLines are the lines of the doctor's output that mark a failed check.
func failLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "✗ ") {
			lines = append(lines, l)
		}
	}
	return lines
}

// The doctor passes against the demo world, every check marked ✓.
func TestDoctorPassesAgainstTheDemoWorld(t *testing.T) {
	t.Parallel()
	code, out, errOut := runWithEnv(utf8Locale, "--demo", "doctor")
	if code != exitcode.OK || len(failLines(out)) != 0 || !strings.Contains(out, "checks passed") || errOut != "" {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"✓ credentials: demo credentials, AccessKey demo****y-id", "✓ CEN and VPC API endpoint http://127.0.0.1:", "✓ clock: within ",
		"✓ credentials accepted by the API", "✓ cen:DescribeCens allowed", "✓ vpc:DescribeVpcs allowed", "✓ cen:DescribeRouteServicesInCen allowed"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}

	code, out, _ = runWithEnv(utf8Locale, "--demo", "doctor", "--output", "json")
	var rep doctorReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != exitcode.OK || !rep.OK || len(rep.Checks) < 10 ||
		rep.Checks[0].ID != "credentials" || rep.Checks[0].Status != checkPass || len(rep.NotTried) != 2 {
		t.Errorf("json: exit %d, %v, %+v", code, err, rep)
	}
}

// skew is a skew as the doctor says it, e.g. 19m59s.
var skew = regexp.MustCompile(`\b\d+m\d+s\b`)

// wholeMinutes rounds every skew in out to the minute: the Date header has
// whole seconds, so a skew of 20 minutes may be measured a second off.
func wholeMinutes(out string) string {
	return skew.ReplaceAllStringFunc(out, func(d string) string {
		parsed, _ := time.ParseDuration(d)
		return parsed.Round(time.Minute).String()
	})
}

// Each fault is named in one line, with the fix under it; the checks that
// need what failed are skipped, not failed again; the exit code is 1.
func TestDoctorNamesEachFault(t *testing.T) {
	t.Parallel()
	noKeys := map[string]string{"LANG": "en_US.UTF-8", "ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "",
		"HOME": t.TempDir()} // no ~/.alibabacloud/credentials of the developer's
	wrongSecret := map[string]string{"LANG": "en_US.UTF-8", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "not-the-secret"}
	for _, tc := range []struct {
		name string
		opts emulator.Options
		env  map[string]string
		fail string // the one failed line
		fix  string
	}{
		{"no credentials", emulator.Options{}, noKeys, "✗ credentials: no Alibaba Cloud credentials found: tried $ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET",
			"fix: give credentials: run 'aliyun configure'"},
		{"wrong secret", emulator.Options{}, wrongSecret, "✗ credentials refused: CheckCredentials: SignatureDoesNotMatch: " +
			"AccessKey demo****y-id (AccessKey from environment) was rejected", "fix: check the AccessKey ID and secret"},
		{"denied read", emulator.Options{Deny: []string{"cen:DescribeRouteServicesInCen"}}, utf8Locale,
			"✗ cen:DescribeRouteServicesInCen denied (Forbidden.RAM)", "fix: grant cen:DescribeRouteServicesInCen to the RAM user or role"},
		{"clock skew", emulator.Options{ClockSkew: 20 * time.Minute}, utf8Locale,
			"✗ clock: this machine is 20m0s behind the API's; beyond 15m0s every signed request is refused", "fix: set this machine's clock right"},
		{"clock skew the other way", emulator.Options{ClockSkew: -30 * time.Minute}, utf8Locale,
			"✗ clock: this machine is 30m0s ahead of the API's", "fix: set this machine's clock right"},
		{"unreachable endpoint", emulator.Options{}, utf8Locale, "✗ CEN and VPC API endpoint http://" + "%s: connection refused",
			"fix: check that the endpoint is up"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, endpoint := emulatorEndpoint(t, tc.opts)
			want := tc.fail
			if tc.name == "unreachable endpoint" {
				endpoint[1] = emulatortest.ClosedPort(t)
				want = strings.Replace(want, "%s", endpoint[1], 1)
			}
			code, out, errOut := runWithEnv(tc.env, append(endpoint, "doctor")...)
			out = wholeMinutes(out)
			fails := failLines(out)
			if code != exitcode.Failed || len(fails) != 1 || !strings.HasPrefix(fails[0], want) || !strings.Contains(out, fails[0]+"\n  "+tc.fix) {
				t.Errorf("exit %d, failed lines %q, stdout:\n%s\nstderr:\n%s", code, fails, out, errOut)
			}
			if strings.Contains(out, emulator.DemoAccessKeySecret) || strings.Contains(out, "not-the-secret") {
				t.Errorf("a secret is shown:\n%s", out)
			}
			if n := srv.Emulator().State().Counters["ResolveAndRouteServiceInCen"].Requests; n != 0 {
				t.Errorf("the doctor made %d writes", n)
			}
		})
	}
}

// Without a UTF-8 locale the marks are words; --policy prints the policy
// and checks nothing; bad flags are bad usage.
func TestDoctorOutputs(t *testing.T) {
	t.Parallel()
	_, endpoint := emulatorEndpoint(t, emulator.Options{Deny: []string{"vpc:DescribeVpcs"}})
	code, out, _ := runWithEnv(map[string]string{"LANG": "C"}, append(endpoint, "doctor")...)
	if code != exitcode.Failed || !strings.Contains(out, "[ok] credentials accepted by the API\n") ||
		!strings.Contains(out, "[FAIL] vpc:DescribeVpcs denied (Forbidden.RAM)\n") || strings.ContainsAny(out, "✓✗") {
		t.Errorf("ASCII: exit %d, stdout:\n%s", code, out)
	}

	code, out, errOut := runMain("doctor", "--policy")
	var policy struct {
		Version   string
		Statement []struct{ Action []string }
	}
	if err := json.Unmarshal([]byte(out), &policy); err != nil || code != exitcode.OK || errOut != "" || policy.Version != "1" ||
		!strings.Contains(strings.Join(policy.Statement[0].Action, " "), "cen:ResolveAndRouteServiceInCen") {
		t.Errorf("--policy: exit %d, %v, stdout:\n%s\nstderr:\n%s", code, err, out, errOut)
	}

	for _, args := range [][]string{{"doctor", "--output", "yaml"}, {"doctor", "now"}, {"--endpoint", "http://192.0.2.7:80", "doctor"}} {
		if code, out, errOut := runMain(args...); code != exitcode.Usage || out != "" || errOut == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}
