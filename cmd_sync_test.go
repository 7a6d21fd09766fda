package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/routesfile"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// counts are an emulator's requests by action.
func counts(srv *emulator.Server) map[string]int {
	out := map[string]int{}
	for action, c := range srv.Emulator().State().Counters {
		out[action] = c.Requests
	}
	return out
}

// writes counts the write requests an emulator received.
func writes(srv *emulator.Server) int {
	c := counts(srv)
	return c["ResolveAndRouteServiceInCen"] + c["DeleteRouteServiceInCen"]
}

// requests counts every request an emulator received.
func requests(srv *emulator.Server) int {
	n := 0
	for _, c := range counts(srv) {
		n += c
	}
	return n
}

// hasEntry reports whether the emulator holds host into access on the
// demo CEN.
func hasEntry(srv *emulator.Server, host, access string) bool {
	return slices.ContainsFunc(srv.Emulator().State().Entries, func(e emulator.Entry) bool {
		return e.CenID == emulator.DemoCenID && e.Host == host && e.AccessRegionID == access
	})
}

// edit replaces old by new in the file at path, once.
func edit(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s lacks %q:\n%s", path, old, data)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestExportEditSync is the routes file's round trip: a sync of what
// export wrote sends no write; after an edit (hosts added, one dropped) a
// sync creates exactly the new entries and deletes nothing; --prune
// deletes the dropped one; a third sync sends nothing.
func TestExportEditSync(t *testing.T) {
	t.Parallel()
	srv, ep := emulatorEndpoint(t, emulator.Options{Seed: 1, ActivateAfter: 20 * time.Millisecond, DeleteAfter: 20 * time.Millisecond})
	dir := t.TempDir()
	path := filepath.Join(dir, "routes.yaml")
	code, out, errOut := runMain(append(ep, "export", "--cen", emulator.DemoCenID, "--file", path)...)
	if code != exitcode.OK || out != "" || !strings.Contains(errOut, "exported 4 entries of "+emulator.DemoCenID+" in 3 services to "+path) {
		t.Fatalf("export: exit %d, stdout %q, stderr:\n%s", code, out, errOut)
	}
	sync := func(extra ...string) (int, string) {
		t.Helper()
		code, _, errOut := runMain(append(ep, append([]string{"sync", "--file", path, "--state-dir", dir}, extra...)...)...)
		return code, errOut
	}
	if code, errOut := sync(); code != exitcode.OK || !strings.Contains(errOut, "nothing to do: ") || writes(srv) != 0 {
		t.Fatalf("sync of the export: exit %d, %d writes, stderr:\n%s", code, writes(srv), errOut)
	}

	edit(t, path, "      - 100.118.28.0/24\n", "      - 100.118.28.0/24\n      - 100.118.29.0/24\n      - 100.118.30.0/24\n")
	edit(t, path, "      - 100.118.102.0/24\n", "      - 100.118.103.0/24\n")
	if code, errOut := sync(); code != exitcode.OK || !strings.Contains(errOut, "plan: 5 to create, 0 to delete, 0 to replace, 3 unchanged (3 calls); 1 extra entry is kept (--prune deletes it)") {
		t.Fatalf("sync of the edit: exit %d, stderr:\n%s", code, errOut)
	}
	st := srv.Emulator().State()
	if c := st.Counters["ResolveAndRouteServiceInCen"]; c.Requests != 3 || c.Created != 5 {
		t.Errorf("the edit's sync made %d Resolve calls creating %d entries, want 3 and 5", c.Requests, c.Created)
	}
	if n := counts(srv)["DeleteRouteServiceInCen"]; n != 0 || !hasEntry(srv, "100.118.102.0/24", "cn-shanghai") {
		t.Errorf("a sync without --prune deleted: %d Delete calls", n)
	}

	if code, errOut := sync("--prune"); code != exitcode.OK || hasEntry(srv, "100.118.102.0/24", "cn-shanghai") {
		t.Fatalf("sync --prune: exit %d, stderr:\n%s", code, errOut)
	}
	if n := counts(srv)["DeleteRouteServiceInCen"]; n != 1 {
		t.Errorf("--prune made %d Delete calls, want 1", n)
	}
	before := writes(srv)
	if code, errOut := sync("--prune"); code != exitcode.OK || !strings.Contains(errOut, "nothing to do: "+emulator.DemoCenID+" has the 8 entries") ||
		writes(srv) != before {
		t.Errorf("the third sync: exit %d, %d writes, stderr:\n%s", code, writes(srv)-before, errOut)
	}
}

// planFile wants, of the demo CEN: the OSS entries unchanged, the Log
// Service entry with another description (a replace), a new host (a
// create); the cn-shanghai entry is an extra (a delete with --prune).
const planFile = `cen: cen-demo0000000001
services:
  - name: oss
    host-region: cn-hangzhou
    host-vpc: vpc-demo0000000001
    access-regions: [cn-hangzhou, cn-shanghai]
    hosts: [100.118.28.0/24, 100.118.29.0/24]
  - name: log
    host-region: cn-hangzhou
    host-vpc: vpc-demo0000000001
    access-regions: [cn-hangzhou]
    description: logs
    hosts: [100.104.112.0/24]
`

// TestPlanJSON: plan --output json lists the creates, deletes, replaces
// and unchanged entries, in words that are the same in every language,
// and sends nothing.
func TestPlanJSON(t *testing.T) {
	t.Parallel()
	srv, ep := emulatorEndpoint(t, emulator.Options{Seed: 1})
	path := writeFile(t, "routes.yaml", planFile)
	code, out, errOut := runMain(append(ep, "plan", "--file", path, "--prune", "--replace", "--output", "json")...)
	if code != exitcode.OK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	type entry struct {
		Service, Host, AccessRegionID, Description, Status string
	}
	var plan struct {
		CenID     string  `json:"cen_id"`
		Creates   []entry `json:"creates"`
		Deletes   []entry `json:"deletes"`
		Unchanged []entry `json:"unchanged"`
		Replaces  []struct {
			Host        string `json:"host"`
			Description string `json:"description"`
			From        struct {
				Description string `json:"description"`
			} `json:"from"`
			Reasons []string `json:"reasons"`
		} `json:"replaces"`
		Calls   int  `json:"calls"`
		Prune   bool `json:"prune"`
		Matches bool `json:"matches"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if plan.CenID != emulator.DemoCenID || len(plan.Creates) != 2 || plan.Creates[0].Service != "oss" || len(plan.Deletes) != 1 ||
		plan.Deletes[0].Host != "100.118.102.0/24" || plan.Deletes[0].Status != cenapi.StatusActive || len(plan.Unchanged) != 2 ||
		len(plan.Replaces) != 1 || plan.Replaces[0].From.Description != "Log Service cn-hangzhou" || plan.Replaces[0].Description != "logs" ||
		strings.Join(plan.Replaces[0].Reasons, ",") != "description" || plan.Calls != 4 || !plan.Prune || !plan.Matches {
		t.Errorf("plan %+v", plan)
	}
	if writes(srv) != 0 {
		t.Errorf("plan sent %d writes", writes(srv))
	}
	code, out, errOut = runMain(append(ep, "plan", "--file", path)...)
	for _, want := range []string{"create ", "differs, kept (description)", `"Log Service cn-hangzhou" -> "logs"`, "extra, kept "} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	if code != exitcode.OK || !strings.Contains(errOut, "plan: 2 to create, 0 to delete, 0 to replace, 2 unchanged (1 call)") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

// TestBadRoutesFilesAreRefused: a bad file is refused with FILE:LINE and
// the reason, exit 2, before anything is sent (before anything is read,
// unless the fault is one only the API can tell).
func TestBadRoutesFilesAreRefused(t *testing.T) {
	t.Parallel()
	srv, ep := emulatorEndpoint(t, emulator.Options{Seed: 1})
	swap := func(old, new string) string { return strings.Replace(planFile, old, new, 1) }
	bomb := "cen: &a [x,x,x,x,x,x,x,x,x]\nservices: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nx: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	for _, c := range []struct {
		name, text, want string
		reads            bool // only the API can tell
	}{
		{"unknown key", swap("    description: logs\n", "    description: logs\n    colour: red\n"), `:13: unknown field "colour"`, false},
		{"outside the range", swap("100.118.29.0/24", "10.0.0.0/24"), ":7: 10.0.0.0/24: outside 100.64.0.0/10", false},
		{"duplicate host", swap("100.118.29.0/24", "100.118.28.0/24"), ":7: 100.118.28.0/24: duplicate of line 7", false},
		{"anchors", bomb, ":1: anchors and aliases are not accepted in a routes file", false},
		{"too large", "# " + strings.Repeat("x", routesfile.MaxBytes), ": larger than 512 KiB: not a routes file", false},
		{"VBR elsewhere", swap("    host-region: cn-hangzhou\n    host-vpc: vpc-demo0000000001\n    access-regions: [cn-hangzhou, cn-shanghai]",
			"    host-region: cn-shanghai\n    host-vpc: vpc-demo0000000002\n    access-regions: [cn-hangzhou, cn-shanghai]"),
			":6: access-region cn-hangzhou: only a VBR is attached in cn-hangzhou, and a VBR reaches only services in its own region (the service is in cn-shanghai)", true},
		{"no such VPC", swap("vpc-demo0000000001\n    access-regions: [cn-hangzhou]", "vpc-nope\n    access-regions: [cn-hangzhou]"),
			":10: host-vpc vpc-nope: not attached to the CEN in cn-hangzhou", true},
	} {
		path := writeFile(t, "routes.yaml", c.text)
		for _, cmd := range [][]string{{"plan"}, {"sync", "--state-dir", t.TempDir()}} {
			before := requests(srv)
			code, _, errOut := runMain(append(append(ep, cmd...), "--file", path, "--prune", "--replace")...)
			if code != exitcode.Usage || !strings.Contains(errOut, path+c.want) || !strings.Contains(errOut, "nothing was sent") {
				t.Errorf("%s: %s: exit %d, stderr:\n%s", c.name, cmd, code, errOut)
			}
			if read := requests(srv) - before; !c.reads && read != 0 {
				t.Errorf("%s: %s read the API %d times", c.name, cmd, read)
			}
		}
	}
	if writes(srv) != 0 {
		t.Errorf("%d writes for bad files", writes(srv))
	}
}

// TestSyncDryRunAndFlags: --dry-run shows the plan and sends nothing;
// --resume takes no plan flags; --file is required.
func TestSyncDryRunAndFlags(t *testing.T) {
	t.Parallel()
	srv, ep := emulatorEndpoint(t, emulator.Options{Seed: 1})
	path, dir := writeFile(t, "routes.yaml", planFile), t.TempDir()
	code, out, errOut := runMain(append(ep, "sync", "--file", path, "--dry-run", "--state-dir", dir)...)
	if code != exitcode.OK || !strings.Contains(out, "100.118.29.0/24") || !strings.Contains(errOut, "dry run: nothing was sent") || writes(srv) != 0 {
		t.Errorf("dry run: exit %d, %d writes, stdout:\n%s\nstderr:\n%s", code, writes(srv), out, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a dry run wrote journals: %v", entries)
	}
	for _, args := range [][]string{{"sync", "--resume", "20250102-030405-a1b2c3", "--file", path}, {"sync"}, {"plan"}, {"export"}} {
		if code, _, errOut := runMain(append(ep, args...)...); code != exitcode.Usage {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, errOut)
		}
	}
}

// TestExportLeavesOtherFilesAlone: export never replaces a file that is
// not a routes file of the same CEN.
func TestExportLeavesOtherFilesAlone(t *testing.T) {
	t.Parallel()
	_, ep := emulatorEndpoint(t, emulator.Options{Seed: 1})
	for name, text := range map[string]string{"notes.yaml": "shopping: [milk]\n", "other.yaml": strings.Replace(planFile, emulator.DemoCenID, "cen-other", 1)} {
		path := writeFile(t, name, text)
		code, _, errOut := runMain(append(ep, "export", "--cen", emulator.DemoCenID, "--file", path)...)
		if data, _ := os.ReadFile(path); code != exitcode.Usage || string(data) != text || !strings.Contains(errOut, "it was left as it was") {
			t.Errorf("%s: exit %d, now %q, stderr:\n%s", name, code, data, errOut)
		}
	}
}

// helperEnv marks the test binary run as the program (see
// TestHelperProcess).
const helperEnv = "CENROUTE_TEST_PROGRAM"

// TestHelperProcess is not a test: run by a test as a child process, with
// helperEnv set, it is the program, given the arguments after "--", so
// that the test can kill it as an operator's terminal or kill -9 would.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("the program itself, for tests that kill it")
	}
	args := os.Args[slices.Index(os.Args, "--")+1:]
	os.Exit(run(context.Background(), args, environment{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: testEnv}))
}

// TestSyncKilledResumes: a sync killed with SIGKILL at a random point
// (with calls in flight, its journal perhaps torn) resumes with --resume
// to the CEN the file wants: nothing created twice, and a sync after it
// has nothing to do.
func TestSyncKilledResumes(t *testing.T) {
	t.Parallel()
	const keep, replace, drop, add = 10, 10, 15, 25
	srv, ep := emulatorEndpoint(t, emulator.Options{Seed: 2, ExtraRouteServices: keep + replace + drop, QPS: 30,
		Latency: 10 * time.Millisecond, FaultRate: 0.1, ActivateAfter: 300 * time.Millisecond, DeleteAfter: 300 * time.Millisecond})
	var file strings.Builder
	file.WriteString("cen: cen-demo0000000001\nhost-regions: [cn-hangzhou]\nservices:\n")
	service := func(desc string, access string, hosts []string) {
		fmt.Fprintf(&file, "  - host-region: cn-hangzhou\n    host-vpc: vpc-demo0000000001\n    access-regions: [%s]\n", access)
		if desc != "" {
			fmt.Fprintf(&file, "    description: %s\n", desc)
		}
		fmt.Fprintf(&file, "    hosts: [%s]\n", strings.Join(hosts, ", "))
	}
	service("", "cn-hangzhou, cn-shanghai", []string{"100.118.28.0/24"})
	service("", "cn-hangzhou", []string{"100.104.112.0/24"})
	var kept, moved []string
	for i := 1; i <= keep+replace; i++ {
		h := fmt.Sprintf("100.64.0.%d/32", i)
		if i <= keep {
			kept = append(kept, h)
		} else {
			moved = append(moved, h)
		}
	}
	for i := range add {
		kept = append(kept, fmt.Sprintf("100.65.0.%d/32", i))
	}
	service("bulk host", "cn-hangzhou", kept)
	service("bulk host v2", "cn-hangzhou", moved)
	path, dir := writeFile(t, "routes.yaml", file.String()), t.TempDir()

	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"},
		append(ep, "sync", "--file", path, "--prune", "--replace", "--state-dir", dir)...)...)
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	after := 1 + rand.New(rand.NewPCG(seed, 3)).IntN(add+replace+drop)
	t.Logf("seed %d: SIGKILL after %d acceptances", seed, after)
	var runID string
	killed := false
	sc := bufio.NewScanner(stderr)
	for accepted := 0; !killed && sc.Scan(); {
		if m := regexp.MustCompile(`^run ([0-9a-f-]+): if it is cut short, resume it with: `).FindStringSubmatch(sc.Text()); m != nil {
			runID = m[1]
		}
		if strings.Contains(sc.Text(), " accepted RequestId ") || strings.Contains(sc.Text(), " deleting RequestId ") {
			if accepted++; accepted == after {
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				killed = true
			}
		}
	}
	state, _ := cmd.Process.Wait()
	if runID == "" || !killed {
		t.Fatalf("the sync did not say its run first, or ended before the kill (%v)", state)
	}
	if runs, err := engine.Unfinished(dir); err != nil || len(runs) != 1 || runs[0].ID != runID || runs[0].Settled == runs[0].Total {
		t.Fatalf("after the kill, the unfinished runs are %+v (%v)", runs, err)
	}
	code, _, errOut := runMain(append(ep, "sync", "--resume", runID, "--state-dir", dir)...)
	if code != exitcode.OK {
		t.Fatalf("resume: exit %d, stderr:\n%s", code, errOut)
	}
	code, _, errOut = runMain(append(ep, "sync", "--file", path, "--prune", "--replace", "--state-dir", dir)...)
	if code != exitcode.OK || !strings.Contains(errOut, "nothing to do: ") {
		t.Errorf("a sync after the resume: exit %d, stderr:\n%s", code, errOut)
	}
	if n := srv.Emulator().State().Counters["ResolveAndRouteServiceInCen"].Rejections["CloudRoute.Exist"]; n != 0 {
		t.Errorf("%d CloudRoute.Exist rejections: a call was sent twice without its token", n)
	}
	if c := srv.Emulator().State().Counters["ResolveAndRouteServiceInCen"]; c.Created != add+replace {
		t.Errorf("%d entries created, want %d", c.Created, add+replace)
	}
}
