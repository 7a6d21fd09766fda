package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/cenapitest"
)

// BenchmarkApply500 is the performance target of the engine: 500 hosts
// against the emulator at 20, 50 and 200 calls per second, and at each of
// these halved during the run (emulator.Options.QPSHalveAfter: after 10 s,
// 5 s and 1 s), with 20 ms latency, 20% transient faults and entries
// Active after 1 s, with default engine options. Each case reports the
// elapsed time, its ratio to the bound (see applyBound; target: at most
// 1.10), and the share of the write calls the emulator answered
// Throttling.User (target: at most 0.05). It fails if any host fails or a
// retry of ours caused a CloudRoute.Exist.
//
//	go test -run '^$' -bench Apply500 -benchtime 1x -count 3 ./cenapi/engine
func BenchmarkApply500(b *testing.B) {
	for _, c := range []struct {
		qps        float64
		halveAfter time.Duration
	}{{20, 0}, {50, 0}, {200, 0}, {20, 10 * time.Second}, {50, 5 * time.Second}, {200, time.Second}} {
		name := fmt.Sprintf("qps=%v", c.qps)
		if c.halveAfter > 0 {
			name += fmt.Sprintf("/halved-after=%v", c.halveAfter)
		}
		b.Run(name, func(b *testing.B) { benchmarkApply(b, 500, c.qps, c.halveAfter) })
	}
}

func benchmarkApply(b *testing.B, hosts int, qps float64, halveAfter time.Duration) {
	opts := faultMix(time.Second)
	opts.QPS, opts.QPSHalveAfter = qps, halveAfter
	bound := applyBound(hosts, qps, opts.FaultRate, halveAfter, opts.ActivateAfter)
	for b.Loop() {
		b.StopTimer()
		srv, client := cenapitest.Serve(b, opts)
		e := New(client, Options{StateDir: b.TempDir()})
		p := demoPlan(hosts)
		b.StartTimer()
		start := time.Now()
		run, err := e.Start(context.Background(), p)
		if err != nil {
			b.Fatal(err)
		}
		rep := run.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		st := srv.Emulator().State()
		c := st.Counters[actionResolve]
		if rep.Failed() != 0 || c.Created != hosts || c.Rejections[codeExist] != 0 {
			b.Fatalf("%d failed, %d created, %d CloudRoute.Exist", rep.Failed(), c.Created, c.Rejections[codeExist])
		}
		throttled := c.Rejections[codeThrottled]
		b.ReportMetric(elapsed.Seconds(), "s/run")
		b.ReportMetric(elapsed.Seconds()/bound.Seconds(), "ratio")
		b.ReportMetric(float64(c.Requests), "resolve-calls")
		b.ReportMetric(float64(throttled), "throttled")
		b.ReportMetric(float64(throttled)/float64(c.Requests), "throttled/call")
		b.ReportMetric(float64(st.Counters[actionDescribe].Requests), "describe-calls")
		srv.Close()
		b.StartTimer()
	}
}

// applyBound is the least time an apply of hosts can take against an API
// that admits qps calls per second, of which the share faultRate fails and
// must be sent again, and whose entries take activateAfter to become
// Active: the admitted calls needed (hosts / (1 - faultRate)) at the rate
// limit, plus one activation. With halveAfter, the limit is qps for that
// long and qps/2 afterwards (see emulator.Options.QPSHalveAfter, which
// counts from the action's first request, a few milliseconds into the
// run). The bound leaves out the API's burst (one second's worth of calls
// that a full token bucket admits at once), so a run can beat it.
func applyBound(hosts int, qps, faultRate float64, halveAfter, activateAfter time.Duration) time.Duration {
	calls := float64(hosts) / (1 - faultRate)
	secs := calls / qps
	if atFull := qps * halveAfter.Seconds(); halveAfter > 0 && calls > atFull {
		secs = halveAfter.Seconds() + (calls-atFull)/(qps/2)
	}
	return time.Duration(secs*float64(time.Second)) + activateAfter
}
