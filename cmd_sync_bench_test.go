package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// syncBenchFile is the routes file of the benchmark: the demo CEN's
// entries as they are, and of its 2,000 bulk entries (100.64.0.1/32 and
// on, in cn-hangzhou, "bulk host") the first 1,800 as they are, the next
// 100 with another description (replaced), the last 100 dropped (deleted
// with --prune), and 100 new hosts (created): 2,004 entries wanted of a
// CEN holding 2,004, 10% of them changed.
func syncBenchFile() string {
	var b strings.Builder
	b.WriteString(`cen: cen-demo0000000001
services:
  - {host-region: cn-hangzhou, host-vpc: vpc-demo0000000001, access-regions: [cn-hangzhou, cn-shanghai], hosts: [100.118.28.0/24]}
  - {host-region: cn-hangzhou, host-vpc: vpc-demo0000000001, access-regions: [cn-hangzhou], hosts: [100.104.112.0/24]}
  - {host-region: cn-shanghai, host-vpc: vpc-demo0000000002, access-regions: [cn-shanghai], hosts: [100.118.102.0/24]}
`)
	host := func(i int) string { return fmt.Sprintf("100.64.%d.%d/32", i/256, i%256) }
	service := func(desc string, hosts []string) {
		fmt.Fprintf(&b, "  - host-region: cn-hangzhou\n    host-vpc: vpc-demo0000000001\n    access-regions: [cn-hangzhou]\n"+
			"    description: %s\n    hosts:\n", desc)
		for _, h := range hosts {
			fmt.Fprintf(&b, "      - %s\n", h)
		}
	}
	var kept, moved []string
	for i := 1; i <= 1900; i++ {
		if i <= 1800 {
			kept = append(kept, host(i))
		} else {
			moved = append(moved, host(i))
		}
	}
	for i := range 100 {
		kept = append(kept, fmt.Sprintf("100.65.0.%d/32", i))
	}
	service("bulk host", kept)
	service("bulk host v2", moved)
	return b.String()
}

// BenchmarkSync2000 is the benchmark of sync: a 2,000-entry file
// against a CEN holding 2,000 entries with 10% changed (100 created, 100
// replaced, 100 deleted), the API at 50 calls per second per action, 20
// ms latency, entries Active (or gone) 1 s after the call, default engine
// flags: `cenroute sync --file F --prune --replace`, the file read, every
// service checked, the CEN listed, the calls made and followed to the
// end. It reports the time and the read calls: those of the check (the
// listing of the CEN, once) and all of them (the follower's sweeps
// included), and fails unless the CEN then matches the file.
//
//	go test -run '^$' -bench Sync2000 -benchtime 1x ./
func BenchmarkSync2000(b *testing.B) {
	path := filepath.Join(b.TempDir(), "routes.yaml")
	if err := os.WriteFile(path, []byte(syncBenchFile()), 0o600); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		srv := emulatortest.Start(b, emulator.Options{ExtraRouteServices: 2000, QPS: 50, Latency: 20 * time.Millisecond,
			ActivateAfter: time.Second, DeleteAfter: time.Second, Seed: 7})
		ep := []string{"--endpoint", srv.Endpoint()}
		var errOut bytes.Buffer
		if code := runProgram(context.Background(), strings.NewReader(""), io.Discard, &errOut,
			append(ep, "plan", "--file", path, "--prune", "--replace")...); code != exitcode.OK {
			b.Fatalf("plan: exit %d: %s", code, errOut.String())
		}
		planReads := counts(srv)["DescribeRouteServicesInCen"]
		errOut.Reset()
		b.StartTimer()
		start := time.Now()
		code := runProgram(context.Background(), strings.NewReader(""), io.Discard, &errOut,
			append(ep, "sync", "--file", path, "--prune", "--replace", "--state-dir", b.TempDir())...)
		elapsed := time.Since(start)
		b.StopTimer()
		if code != exitcode.OK {
			b.Fatalf("sync: exit %d: %s", code, errOut.String())
		}
		c := counts(srv)
		reads := c["DescribeRouteServicesInCen"] - planReads
		errOut.Reset()
		if code := runProgram(context.Background(), strings.NewReader(""), io.Discard, &errOut,
			append(ep, "plan", "--file", path, "--prune", "--replace")...); code != exitcode.OK || !strings.Contains(errOut.String(), "nothing to do") {
			b.Fatalf("after the sync: exit %d: %s", code, errOut.String())
		}
		b.ReportMetric(elapsed.Seconds(), "s/run")
		b.ReportMetric(float64(planReads), "check-reads")
		b.ReportMetric(float64(reads), "reads")
		b.ReportMetric(float64(c["ResolveAndRouteServiceInCen"]), "resolve-calls")
		b.ReportMetric(float64(c["DeleteRouteServiceInCen"]), "delete-calls")
		b.ReportMetric(float64(srv.Emulator().State().Counters["DescribeRouteServicesInCen"].Rejections["Throttling.User"]), "reads-throttled")
		srv.Close()
		b.StartTimer()
	}
}
