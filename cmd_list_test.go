package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/tui/exitcode"
)

func TestListTable(t *testing.T) {
	t.Parallel()
	code, out, errOut := runMain("--demo", "list", "--cen", emulator.DemoCenID)
	if code != exitcode.OK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	want := `HOST              HOST REGION  ACCESS REGION  HOST VPC            STATUS  DESCRIPTION
100.118.28.0/24   cn-hangzhou  cn-hangzhou    vpc-demo0000000001  Active  OSS cn-hangzhou
100.118.28.0/24   cn-hangzhou  cn-shanghai    vpc-demo0000000001  Active  OSS cn-hangzhou
100.104.112.0/24  cn-hangzhou  cn-hangzhou    vpc-demo0000000001  Active  Log Service cn-hangzhou
100.118.102.0/24  cn-shanghai  cn-shanghai    vpc-demo0000000002  Active  OSS cn-shanghai
`
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
	}
}

func TestListJSON(t *testing.T) {
	t.Parallel()
	code, out, errOut := runMain("--demo", "list", "--cen", emulator.DemoCenID, "--output", "json")
	if code != exitcode.OK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, out)
	}
	if len(got) != 4 {
		t.Fatalf("%d entries, want 4", len(got))
	}
	first := got[0]
	want := map[string]any{"CenId": emulator.DemoCenID, "Host": "100.118.28.0/24", "HostRegionId": "cn-hangzhou",
		"HostVpcId": emulator.DemoVpcID, "AccessRegionId": "cn-hangzhou", "Status": "Active", "Description": "OSS cn-hangzhou",
		"Cidrs": []any{"100.118.28.0/24"}}
	for k, v := range want {
		if gotV, _ := json.Marshal(first[k]); string(gotV) != string(must(json.Marshal(v))) {
			t.Errorf("%s = %s, want %v", k, gotV, v)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestListEmptyCEN(t *testing.T) {
	t.Parallel()
	code, out, errOut := runMain("--demo", "list", "--cen", "cen-demo0000000004", "--output", "json")
	if code != exitcode.OK || strings.TrimSpace(out) != "[]" {
		t.Errorf("exit %d, stdout %q, stderr %q; want [] and success", code, out, errOut)
	}
}

func TestListEmptyCENTable(t *testing.T) {
	t.Parallel()
	code, out, errOut := runMain("--demo", "list", "--cen", "cen-demo0000000004")
	wantOut := "HOST  HOST REGION  ACCESS REGION  HOST VPC  STATUS  DESCRIPTION\n"
	if code != exitcode.OK || out != wantOut || errOut != "no route services in cen-demo0000000004\n" {
		t.Errorf("exit %d, stdout %q, stderr %q; want the header alone and a note on stderr", code, out, errOut)
	}
}

func TestListUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--demo", "list"}, "--cen is required"},
		{[]string{"--demo", "list", "--cen", emulator.DemoCenID, "--output", "yaml"}, `--output "yaml": want table or json`},
		{[]string{"--demo", "list", "--cen"}, "flag needs an argument"},
		{[]string{"--demo", "list", "--cen", emulator.DemoCenID, "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		code, out, errOut := runMain(tt.args...)
		if code != exitcode.Usage || out != "" || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "usage: cenroute list --cen ID") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errOut, exitcode.Usage, tt.want)
		}
	}
}

func TestListAPIErrorIsOneLine(t *testing.T) {
	t.Parallel()
	code, out, errOut := runMain("--endpoint", "http://10.1.2.3:80", "list", "--cen", emulator.DemoCenID)
	if code != exitcode.Usage || out != "" || strings.Count(errOut, "\n") != 1 ||
		!strings.Contains(errOut, "plain HTTP would carry the signed requests, and any STS token, in clear text off this machine") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestListUnknownCEN(t *testing.T) {
	t.Parallel()
	code, out, errOut := runMain("--demo", "list", "--cen", "cen-nope")
	if code != exitcode.Failed || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "cenroute: DescribeRouteServicesInCen: ") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line", code, out, errOut)
	}
}

// TestListRetriesEachPage: transient faults on a listing of several pages
// are retried page by page, so the whole listing still comes back.
func TestListRetriesEachPage(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 3, ExtraRouteServices: 120, FaultRate: 0.4,
		Faults: []emulator.FaultKind{emulator.FaultServiceUnavailable, emulator.FaultBlocking}})
	code, out, errOut := runMain(append(endpoint, "list", "--cen", emulator.DemoCenID, "--output", "json")...)
	if code != exitcode.OK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	st := srv.Emulator().State()
	want := 0
	for _, e := range st.Entries {
		if e.CenID == emulator.DemoCenID {
			want++
		}
	}
	if len(got) != want || want <= 100 {
		t.Errorf("listed %d entries, want all %d (more than two pages)", len(got), want)
	}
	if n := st.Counters["DescribeRouteServicesInCen"].Faults; len(n) == 0 {
		t.Errorf("no fault was injected, so nothing was retried: %v", n)
	}
}
