package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// emulatorEndpoint serves an emulator for a test and returns it with the
// flag that points the program at it (testEnv holds its demo keys).
func emulatorEndpoint(t *testing.T, opts emulator.Options) (*emulator.Server, []string) {
	t.Helper()
	srv := emulatortest.Start(t, opts)
	return srv, []string{"--endpoint", srv.Endpoint()}
}

// applyArgs is an apply of the demo CEN's ready VPC, plus extra flags.
func applyArgs(stateDir string, extra ...string) []string {
	args := []string{"apply", "--cen", emulator.DemoCenID, "--host-region", "cn-hangzhou", "--host-vpc", emulator.DemoVpcID,
		"--access-region", "cn-hangzhou", "--state-dir", stateDir}
	return append(args, extra...)
}

// manyHostFlags is n --host flags, each a different valid host.
func manyHostFlags(n int) []string {
	args := make([]string, 0, 2*n)
	for i := range n {
		args = append(args, "--host", fmt.Sprintf("100.%d.%d.%d", 64+i/65536, i/256%256, i%256))
	}
	return args
}

func resolveCount(srv *emulator.Server) int {
	return srv.Emulator().State().Counters["ResolveAndRouteServiceInCen"].Requests
}

func TestApplyJSONReport(t *testing.T) {
	t.Parallel()
	args := append([]string{"--demo"}, applyArgs(t.TempDir(), "--host", "100.118.28.0/24", "--host", "100.118.29.0/24",
		"--access-region", "cn-shanghai", "--description", "oss hz", "--output", "json")...)
	code, out, errOut := runMain(args...)
	if code != exitcode.OK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var rep struct {
		RunID string `json:"run_id"`
		Kind  string `json:"kind"`
		Plan  struct {
			CenID           string   `json:"cen_id"`
			AccessRegionIDs []string `json:"access_region_ids"`
			Description     string   `json:"description"`
		} `json:"plan"`
		Hosts []struct {
			Host            string   `json:"host"`
			AccessRegionIDs []string `json:"access_region_ids"`
			RequestID       string   `json:"request_id"`
			Status          string   `json:"status"`
			Attempts        int      `json:"attempts"`
		} `json:"hosts"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stdout is not one JSON report: %v\n%s", err, out)
	}
	if rep.RunID == "" || rep.Kind != "apply" || rep.Plan.CenID != emulator.DemoCenID || rep.Plan.Description != "oss hz" || len(rep.Hosts) != 2 {
		t.Fatalf("report = %+v", rep)
	}
	// 100.118.28.0/24 is routed into both regions in the demo world.
	if h := rep.Hosts[0]; h.Status != "present" || h.Attempts != 0 {
		t.Errorf("present host = %+v", h)
	}
	if h := rep.Hosts[1]; h.Status != "active" || h.RequestID == "" || h.Attempts < 1 || strings.Join(h.AccessRegionIDs, ",") != "cn-hangzhou,cn-shanghai" {
		t.Errorf("new host = %+v", h)
	}
	if strings.Contains(errOut, "[") {
		t.Errorf("json output printed progress lines:\n%s", errOut)
	}
}

func TestApplyTableAndProgress(t *testing.T) {
	t.Parallel()
	code, out, errOut := runMainIn("100.118.29.0/24\n# a comment\n100.118.30.0/24, 100.118.28.0/24\n",
		append([]string{"--demo"}, applyArgs(t.TempDir(), "--hosts-file", "-")...)...)
	if code != exitcode.OK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^\[1/3\] 100\.118\.29\.0/24 accepted RequestId [0-9A-F-]{36}$`),
		regexp.MustCompile(`(?m)^\[2/3\] 100\.118\.30\.0/24 active$`),
		regexp.MustCompile(`(?m)^\[3/3\] 100\.118\.28\.0/24 present, skipped$`),
		regexp.MustCompile(`(?m)^3 hosts: .*2 active.* \(run [0-9a-f-]+\)$`),
	} {
		if !want.MatchString(errOut) {
			t.Errorf("stderr lacks %s:\n%s", want, errOut)
		}
	}
	if !regexp.MustCompile(`(?m)^100\.118\.30\.0/24 +cn-hangzhou +active +1 +[0-9A-F-]{36} +-$`).MatchString(out) {
		t.Errorf("table:\n%s", out)
	}
}

// TestApplyBadInput: every bad entry is named with its file and line (or
// flag) and nothing is sent.
func TestApplyBadInput(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1})
	dir := t.TempDir()
	file := filepath.Join(dir, "hosts.txt")
	if err := os.WriteFile(file, []byte("100.118.40.0/24\n10.0.0.1\n100.118.28.5/24\n100.118.40.0/24\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"hosts file", applyArgs(dir, "--hosts-file", file), []string{
			file + ":2: 10.0.0.1: outside 100.64.0.0/10",
			file + ":3: 100.118.28.5/24: host bits set: did you mean 100.118.28.0/24?",
			file + ":4: 100.118.40.0/24: duplicate of line 1",
			"3 of 4 hosts are invalid; nothing was sent"}},
		{"host flags", applyArgs(dir, "--host", "10.0.0.1", "--host", "fd00::1"), []string{
			"--host 10.0.0.1: outside 100.64.0.0/10", "--host fd00::1: IPv6 is not supported", "2 of 2 hosts are invalid"}},
		{"one bad host", applyArgs(dir, "--host", "10.0.0.1"), []string{"1 of 1 host is invalid; nothing was sent"}},
		{"duplicate host flags", applyArgs(dir, "--host", "100.118.40.0/24", "--host", "100.118.0.0/16", "--host", "100.118.40.0/24"), []string{
			"--host 100.118.0.0/16: overlaps --host #1 (100.118.40.0/24)", "--host 100.118.40.0/24: duplicate of --host #1"}},
		{"empty host flag", applyArgs(dir, "--host", ""), []string{"cenroute: no hosts given\n"}},
		{"VBR in another region", []string{"apply", "--cen", emulator.DemoCenID, "--host-region", "cn-shanghai", "--host-vpc", "vpc-demo0000000002",
			"--access-region", "cn-hangzhou", "--access-region", "cn-shanghai", "--host", "100.118.40.0/24", "--state-dir", dir, "--dry-run"}, []string{
			"--access-region cn-hangzhou: only a VBR is attached in cn-hangzhou, and a VBR reaches only services in its own region (the service is in cn-shanghai)"}},
		{"unknown regions", []string{"apply", "--cen", emulator.DemoCenID, "--host-region", "cn-foo", "--host-vpc", emulator.DemoVpcID,
			"--access-region", "cn-beijing", "--host", "100.118.40.0/24", "--state-dir", dir}, []string{
			"--host-region cn-foo: the CEN has no VPC there (host regions: cn-beijing, cn-hangzhou, cn-shanghai)",
			"--access-region cn-beijing: the CEN has no VBR or CCN there"}},
		{"vpc not attached", []string{"apply", "--cen", emulator.DemoCenID, "--host-region", "cn-hangzhou", "--host-vpc", "vpc-nope",
			"--access-region", "cn-hangzhou", "--host", "100.118.40.0/24", "--state-dir", dir}, []string{
			"--host-vpc vpc-nope: not attached to the CEN in cn-hangzhou"}},
		{"unknown cen", []string{"apply", "--cen", "cen-nope", "--host-region", "cn-hangzhou", "--host-vpc", emulator.DemoVpcID,
			"--access-region", "cn-hangzhou", "--host", "100.118.40.0/24", "--state-dir", dir}, []string{"--cen cen-nope: no such CEN"}},
		{"description", applyArgs(dir, "--host", "100.118.40.0/24", "--description", "https://example.com"),
			[]string{"--description: the description must not start with http:// or https://"}},
		{"missing flag", []string{"apply", "--cen", emulator.DemoCenID, "--host", "100.118.40.0/24"}, []string{"--host-region is required"}},
		{"repeated access region", applyArgs(dir, "--access-region", "cn-shanghai", "--access-region", "cn-hangzhou", "--host", "100.118.40.0/24"),
			[]string{"--access-region cn-hangzhou is given twice; name each access region once"}},
		{"empty access region", applyArgs(dir, "--access-region", "", "--host", "100.118.40.0/24"), []string{"--access-region needs a region ID"}},
		{"repeated access region to delete", []string{"delete", "--cen", emulator.DemoCenID, "--host-region", "cn-hangzhou",
			"--access-region", "cn-hangzhou", "--access-region", "cn-hangzhou", "--host", "100.118.28.0/24", "--state-dir", dir},
			[]string{"--access-region cn-hangzhou is given twice"}},
		{"too many host flags", applyArgs(dir, manyHostFlags(hostlist.MaxHosts+1)...), []string{"--host: it has more than 10000 hosts"}},
		{"no hosts", applyArgs(dir), []string{"no hosts"}},
		{"both host sources", applyArgs(dir, "--host", "100.118.40.0/24", "--hosts-file", file), []string{"not both"}},
		{"bad output", applyArgs(dir, "--host", "100.118.40.0/24", "--output", "xml"), []string{`--output "xml"`}},
		{"resume with a plan", []string{"apply", "--resume", "20250102-030405-a1b2c3", "--cen", emulator.DemoCenID}, []string{"takes no plan flags"}},
	}
	for _, tc := range cases {
		code, _, errOut := runMain(append(endpoint, tc.args...)...)
		if code != exitcode.Usage {
			t.Errorf("%s: exit %d, want %d; stderr:\n%s", tc.name, code, exitcode.Usage, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, errOut)
			}
		}
	}
	if n := resolveCount(srv); n != 0 {
		t.Errorf("%d Resolve calls reached the API on bad input", n)
	}
}

func TestApplyDryRun(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1})
	dir := t.TempDir()
	args := append(endpoint, applyArgs(dir, "--host", "100.118.28.0/24", "--host", "100.118.41.0/24",
		"--description", "it's oss", "--dry-run")...)
	code, out, errOut := runMain(args...)
	if code != exitcode.OK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	want := "aliyun cbn ResolveAndRouteServiceInCen --CenId cen-demo0000000001 --Host 100.118.41.0/24 --HostRegionId cn-hangzhou " +
		"--HostVpcId vpc-demo0000000001 --AccessRegionIds.1 cn-hangzhou --Description 'it'\\''s oss'\n"
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, want)
	}
	if !strings.Contains(errOut, "100.118.28.0/24: present, will skip") || !strings.Contains(errOut, "dry run: 1 call, 1 host present, 0 conflicting; nothing was sent") {
		t.Errorf("stderr:\n%s", errOut)
	}
	code, out, _ = runMain(append(args, "--output", "json")...)
	var dry struct {
		Present []string `json:"present"`
		Calls   []struct {
			Host    string `json:"host"`
			Command string `json:"command"`
		} `json:"calls"`
	}
	if err := json.Unmarshal([]byte(out), &dry); code != exitcode.OK || err != nil || len(dry.Calls) != 1 || dry.Calls[0].Host != "100.118.41.0/24" || len(dry.Present) != 1 {
		t.Errorf("json dry run: exit %d, %v, %+v", code, err, dry)
	}
	if n := resolveCount(srv); n != 0 {
		t.Errorf("--dry-run sent %d Resolve calls", n)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("--dry-run wrote journals: %v", entries)
	}
}

func TestApplyConflictSendsNothing(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1})
	// 100.118.102.0/24 is routed from cn-shanghai through another VPC; in
	// cn-hangzhou it is free, so route it there through another VPC first.
	code, _, errOut := runMain(append(endpoint, "apply", "--cen", emulator.DemoCenID, "--host-region", "cn-hangzhou",
		"--host-vpc", "vpc-demo0000000013", "--access-region", "cn-hangzhou", "--host", "100.118.50.0/24", "--state-dir", t.TempDir())...)
	if code != exitcode.OK {
		t.Fatalf("setup: exit %d: %s", code, errOut)
	}
	before := resolveCount(srv)
	code, _, errOut = runMain(append(endpoint, applyArgs(t.TempDir(), "--host", "100.118.50.0/24", "--host", "100.118.51.0/24")...)...)
	if code != exitcode.Usage || !strings.Contains(errOut, "100.118.50.0/24: already routed into cn-hangzhou through vpc-demo0000000013") ||
		!strings.Contains(errOut, "1 host conflicts with existing route services; nothing was sent") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	if n := resolveCount(srv); n != before {
		t.Errorf("%d Resolve calls sent despite the conflict", n-before)
	}
}

func TestApplyFailedExitsOne(t *testing.T) {
	t.Parallel()
	_, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1, FailRate: 1, ActivateAfter: 50 * time.Millisecond})
	code, out, errOut := runMain(append(endpoint, applyArgs(t.TempDir(), "--host", "100.118.42.0/24")...)...)
	if code != exitcode.Failed {
		t.Errorf("exit %d, want %d", code, exitcode.Failed)
	}
	if !strings.Contains(out, "failed") || !strings.Contains(out, engine.CodeEntryFailed+": the entry into cn-hangzhou ended Failed") {
		t.Errorf("table:\n%s", out)
	}
	if !regexp.MustCompile(`\[1/1\] 100\.118\.42\.0/24 failed: Engine\.EntryFailed: .* RequestId [0-9A-F-]{36}`).MatchString(errOut) ||
		!regexp.MustCompile(`(?m)^1 host: 1 failed; \d+ calls?, none throttled, in `).MatchString(errOut) {
		t.Errorf("stderr:\n%s", errOut)
	}
}

// TestApplyInterruptAndResume: the first interrupt stops the run
// gracefully and names the resume command, which finishes the job.
func TestApplyInterruptAndResume(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1, Latency: 5 * time.Millisecond, QPS: 20, ActivateAfter: 50 * time.Millisecond})
	dir := t.TempDir()
	var hosts []string
	for i := range 40 {
		hosts = append(hosts, fmt.Sprintf("100.120.%d.0/24", i))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		code := runProgram(ctx, strings.NewReader(strings.Join(hosts, "\n")), io.Discard, w,
			append(endpoint, applyArgs(dir, "--hosts-file", "-")...)...)
		w.Close()
		done <- code
	}()
	var lines []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.Contains(sc.Text(), "accepted") {
			cancel() // what the first Ctrl+C does
		}
	}
	if code := <-done; code != exitcode.Failed {
		t.Errorf("stopped run: exit %d, want %d", code, exitcode.Failed)
	}
	text := strings.Join(lines, "\n")
	// The line names the endpoint: a resume must talk to the same place.
	m := regexp.MustCompile(`stopped; resume with: (cenroute --endpoint \S+ apply --resume ([0-9a-f-]+) --state-dir (\S+))`).FindStringSubmatch(text)
	if m == nil || !strings.Contains(text, "stopping: letting the calls in flight finish") {
		t.Fatalf("stderr:\n%s", text)
	}
	if m[3] != dir {
		t.Errorf("resume command %q names another state directory", m[1])
	}
	// The same line was said when the run started, before anything else,
	// for a run killed too hard to say anything at the end.
	if want := "run " + m[2] + ": if it is cut short, resume it with: " + m[1]; lines[0] != want {
		t.Errorf("first stderr line %q, want %q", lines[0], want)
	}
	// `cenroute runs` lists it with that line too.
	code, out, errOut := runMain(append(endpoint, "runs", "--state-dir", dir)...)
	if code != exitcode.OK || !strings.Contains(out, m[2]+"  apply of 40 hosts, ") || !strings.Contains(out, "\n  "+m[1]+"\n") {
		t.Errorf("runs: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, _, errOut = runMain(strings.Fields(m[1])[1:]...) // the line as printed
	if code != exitcode.OK || !strings.Contains(errOut, "40 hosts: 40 active") {
		t.Fatalf("resume: exit %d, stderr:\n%s", code, errOut)
	}
	if code, out, errOut := runMain("runs", "--state-dir", dir); code != exitcode.OK || out != "" || errOut != "no unfinished runs\n" {
		t.Errorf("runs after the resume: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if strings.Contains(errOut, "warning") {
		t.Errorf("resumed as the same AccessKey at the same endpoint, yet warned:\n%s", errOut)
	}
	st := srv.Emulator().State()
	if c := st.Counters["ResolveAndRouteServiceInCen"]; c.Created != 40 || c.Rejections["CloudRoute.Exist"] != 0 {
		t.Errorf("emulator: created %d, Exist %d", c.Created, c.Rejections["CloudRoute.Exist"])
	}
}

// TestResumeWarnsAboutAnotherIdentity: a run started as another AccessKey
// against another endpoint can still be resumed on purpose, with a
// warning naming both.
func TestResumeWarnsAboutAnotherIdentity(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1, ActivateAfter: 20 * time.Millisecond})
	dir := t.TempDir()
	const (
		runID = "20250102-030405-a1b2c3"
		label = "LTAI****abcd (profile prod) at cbn.aliyuncs.com (HTTPS)"
	)
	plan, err := json.Marshal(engine.Plan{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		AccessRegionIDs: []string{"cn-hangzhou"}, Hosts: []string{"100.121.0.0/24"}})
	if err != nil {
		t.Fatal(err)
	}
	head := fmt.Sprintf(`{"type":"plan","time":"2025-01-02T03:04:05Z","run_id":%q,"kind":"apply","label":%q,"plan":%s}`+"\n",
		runID, label, plan)
	if err := os.WriteFile(filepath.Join(dir, runID+".jsonl"), []byte(head), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runMain(append(endpoint, "apply", "--resume", runID, "--state-dir", dir)...)
	if code != exitcode.OK || !strings.Contains(errOut, "1 active") {
		t.Fatalf("resume: exit %d, stderr:\n%s", code, errOut)
	}
	want := "cenroute: warning: run " + runID + " was started as " + label + "; it is resumed as "
	if !strings.Contains(errOut, want) || !strings.Contains(errOut, "at http://"+srv.Endpoint()) {
		t.Errorf("stderr lacks %q naming this endpoint:\n%s", want, errOut)
	}
}

// TestResumeOfALiveRunIsRefused: `apply --resume` of a run that is still
// going (here in another session of this process) says so, sends nothing
// and exits 1.
func TestResumeOfALiveRunIsRefused(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1, ActivateAfter: time.Hour})
	dir := t.TempDir()
	plan := engine.Plan{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		AccessRegionIDs: []string{"cn-hangzhou"}, Hosts: []string{"100.121.1.0/24"}}
	run, err := engine.New(cenapitest.Client(t, srv.Endpoint()), engine.Options{StateDir: dir}).Start(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	defer run.Wait()
	defer run.Abort()
	events := run.Events()
	for ev := range events {
		if ev.Kind == engine.EventAccepted {
			break // the run is live: following an entry that stays Creating
		}
	}
	go func() {
		for range events { // drained, as Events asks
		}
	}()
	code, _, errOut := runMain(append(endpoint, "apply", "--resume", run.ID(), "--state-dir", dir)...)
	want := "cenroute: run " + run.ID() + " is being run by another session of this cenroute process"
	if code != exitcode.Failed || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant %q", code, errOut, want)
	}
	if n := resolveCount(srv); n != 1 {
		t.Errorf("%d Resolve calls, want the live run's 1", n)
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1, ActivateAfter: 20 * time.Millisecond, DeleteAfter: 20 * time.Millisecond})
	dir := t.TempDir()
	code, _, errOut := runMain(append(endpoint, applyArgs(dir, "--host", "100.118.43.0/24", "--host", "100.118.44.7")...)...)
	if code != exitcode.OK {
		t.Fatalf("apply: exit %d: %s", code, errOut)
	}
	del := []string{"delete", "--cen", emulator.DemoCenID, "--host-region", "cn-hangzhou", "--access-region", "cn-hangzhou", "--state-dir", dir}
	code, out, errOut := runMain(append(endpoint, append(del, "--host", "100.118.43.0/24", "--host", "100.118.44.7/32",
		"--host", "100.118.45.0/24", "--wait", "--output", "json")...)...)
	if code != exitcode.OK {
		t.Fatalf("delete: exit %d: %s", code, errOut)
	}
	var rep engine.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range rep.Hosts {
		got[h.Host] = h.Status
	}
	want := map[string]string{"100.118.43.0/24": "deleted", "100.118.44.7": "deleted", "100.118.45.0/24": "absent"}
	if fmt.Sprint(got) != fmt.Sprint(want) || rep.Kind != "delete" {
		t.Errorf("statuses %v, want %v", got, want)
	}
	for _, en := range srv.Emulator().State().Entries {
		if en.Host == "100.118.43.0/24" || en.Host == "100.118.44.7" {
			t.Errorf("entry left: %+v", en)
		}
	}
	code, _, errOut = runMain(append(endpoint, append(del[:len(del)-2], "--access-region", "cn-beijing", "--host", "100.118.43.0/24")...)...)
	if code != exitcode.Usage || !strings.Contains(errOut, "--access-region cn-beijing: the CEN has no VBR or CCN there") {
		t.Errorf("bad region: exit %d: %s", code, errOut)
	}
}

// TestResumeOfNoRunIsBadInput: naming a run that does not exist is a
// mistake in the input (exit 2), not a failure.
func TestResumeOfNoRunIsBadInput(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"bogus", "20250102-030405-a1b2c3"} {
		code, _, errOut := runMain("--demo", "apply", "--resume", id, "--state-dir", t.TempDir())
		if code != exitcode.Usage || !strings.Contains(errOut, id) {
			t.Errorf("--resume %s: exit %d, stderr:\n%s", id, code, errOut)
		}
	}
}

// TestRateFlagsMustBeNumbers: NaN and infinities parse as floats but are
// no rate.
func TestRateFlagsMustBeNumbers(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--qps", "NaN"}, {"--max-qps", "NaN"}, {"--qps", "+Inf"}, {"--max-qps", "Inf"}, {"--max-qps", "-1"}} {
		code, _, errOut := runMain(append(applyArgs(t.TempDir(), "--host", "100.118.40.0/24"), args...)...)
		if code != exitcode.Usage || !strings.Contains(errOut, args[0]+" ") || !strings.Contains(errOut, "calls per second") {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, errOut)
		}
	}
}

// TestInterruptedCheckSaysStopped: Ctrl+C during the pre-flight checks
// says so in words, not as a context error.
func TestInterruptedCheckSaysStopped(t *testing.T) {
	t.Parallel()
	_, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errOut strings.Builder
	args := append(endpoint, applyArgs(t.TempDir(), "--host", "100.118.40.0/24", "--dry-run")...)
	if code := runProgram(ctx, strings.NewReader(""), io.Discard, &errOut, args...); code != exitcode.Failed || errOut.String() != "cenroute: stopped\n" {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}

// TestDryRunOfABigCENOnASlowFaultyLink: thousands of entries, replies
// slower than the engine's first read deadline, one request in five
// meeting a fault: the pre-flight checks and the listing still succeed,
// each call retried on its own.
func TestDryRunOfABigCENOnASlowFaultyLink(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{ExtraRouteServices: 2000, Latency: 300 * time.Millisecond,
		FaultRate: 0.2, Seed: 4})
	code, out, errOut := runMain(append(endpoint, applyArgs(t.TempDir(), "--host", "100.118.40.0/24", "--dry-run")...)...)
	if code != exitcode.OK || !strings.Contains(errOut, "dry run: 1 call") || !strings.Contains(out, "100.118.40.0/24") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	faults := 0
	for _, c := range srv.Emulator().State().Counters {
		for _, n := range c.Faults {
			faults += n
		}
	}
	if faults == 0 {
		t.Error("no fault was injected: the test proves nothing")
	}
}

// TestApplyCheckReadsRegionsOnce: the pre-flight check reads the region
// names once and lists the CEN's instances once for both region sets
// (plus once for the VPCs of the host region).
func TestApplyCheckReadsRegionsOnce(t *testing.T) {
	t.Parallel()
	srv, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1})
	code, _, errOut := runMain(append(endpoint, applyArgs(t.TempDir(), "--host", "100.118.40.0/24", "--dry-run")...)...)
	if code != exitcode.OK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	counters := srv.Emulator().State().Counters
	for action, want := range map[string]int{"DescribeChildInstanceRegions": 1, "DescribeCenAttachedChildInstances": 2} {
		if n := counters[action].Requests; n != want {
			t.Errorf("%d %s requests, want %d", n, action, want)
		}
	}
}

// TestApplySaysHowManyCallsWereThrottled: against a limit the run must find,
// the summary line counts the run's calls and those throttled, the same
// figures the JSON report gives (calls, throttled_calls).
func TestApplySaysHowManyCallsWereThrottled(t *testing.T) {
	t.Parallel()
	_, endpoint := emulatorEndpoint(t, emulator.Options{Seed: 1, QPS: 10})
	code, out, errOut := runMain(append(endpoint, applyArgs(t.TempDir(), append(manyHostFlags(30), "--output", "json")...)...)...)
	if code != exitcode.OK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Calls     int `json:"calls"`
		Throttled int `json:"throttled_calls"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Throttled == 0 {
		t.Fatal("no call was throttled: the test proves nothing")
	}
	want := regexp.MustCompile(fmt.Sprintf(`(?m)^30 hosts: 30 active; %d calls, %d throttled \(\d+\.\d%%\), in [0-9.]+s \(run [0-9a-f-]+\)$`,
		rep.Calls, rep.Throttled))
	if !want.MatchString(errOut) {
		t.Errorf("stderr lacks %s:\n%s", want, errOut)
	}
}

// TestCallsSummary: the calls of a run in words, whatever their number.
func TestCallsSummary(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		calls, throttled int
		want             string
	}{
		{0, 0, "no calls"},
		{1, 0, "1 call, none throttled"},
		{656, 0, "656 calls, none throttled"},
		{656, 12, "656 calls, 12 throttled (1.8%)"},
		{3, 3, "3 calls, 3 throttled (100.0%)"},
	} {
		if got := englishApp().callsSummary(engine.Report{Calls: tc.calls, ThrottledCalls: tc.throttled}); got != tc.want {
			t.Errorf("%d calls, %d throttled: %q, want %q", tc.calls, tc.throttled, got, tc.want)
		}
	}
}
