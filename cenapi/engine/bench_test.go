package engine

import (
	"context"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/cenapitest"
)

// BenchmarkApply500 is the performance target of the engine: 500 hosts
// against the emulator at 50 calls per second, 20 ms latency, 20% transient
// faults and entries Active after 1 s, with default engine options. The
// lower bound is 500 / (50 × 0.8) + 1 s = 13.5 s: the rate limit, the share
// of calls lost to faults, and one activation delay. It reports the elapsed
// time and its ratio to that bound (target: at most 1.25), and fails if any
// host fails or a retry of ours caused a CloudRoute.Exist.
//
//	go test -run '^$' -bench Apply500 -benchtime 1x ./cenapi/engine
func BenchmarkApply500(b *testing.B) {
	const hosts = 500
	bound := hosts/(50*0.8) + 1.0
	for b.Loop() {
		b.StopTimer()
		srv, client := cenapitest.Serve(b, faultMix(time.Second))
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
		b.ReportMetric(elapsed.Seconds(), "s/run")
		b.ReportMetric(elapsed.Seconds()/bound, "ratio")
		b.ReportMetric(float64(c.Requests), "resolve-calls")
		b.ReportMetric(float64(c.Rejections["Throttling.User"]), "throttled")
		b.ReportMetric(float64(st.Counters[actionDescribe].Requests), "describe-calls")
		srv.Close()
		b.StartTimer()
	}
}
