package sshserve

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

// BenchmarkKeystroke20Sessions is the responsiveness figure of 'cenroute
// serve --demo': 20 attendees connected at once, each moving the cursor in
// the CEN list, every one of them typing again as soon as its screen has
// changed (far faster than people type, so a conservative load). It reports
// the time from a key leaving the client to the first byte of the redrawn
// screen arriving, as percentiles over all keystrokes (ms-p50, ms-p95,
// ms-max). On a 2-core machine:
//
//	taskset -c 0,1 go test -run '^$' -bench Keystroke20 -benchtime 2000x -cpu 2 ./tui/sshserve
func BenchmarkKeystroke20Sessions(b *testing.B) { benchmarkKeystrokes(b, 20) }

// BenchmarkKeystroke1Session is the same with a single session, the floor
// the 20-session figure compares with.
func BenchmarkKeystroke1Session(b *testing.B) { benchmarkKeystrokes(b, 1) }

func benchmarkKeystrokes(b *testing.B, sessions int) {
	cfg := demoConfig()
	cfg.DemoWorld = emulator.DemoOptions() // the worlds attendees get
	srv, _ := testServer(b, cfg)
	signer, _ := newKey(b)
	terms := make([]*terminal, sessions)
	for i := range terms {
		terms[i] = openTerminal(b, mustDial(b, srv.Addr().String(), signer), standardTerm())
	}
	for _, term := range terms {
		term.screen.waitText(b, emulator.DemoCenID)
	}

	latencies := make([][]time.Duration, sessions)
	var wg sync.WaitGroup
	b.ResetTimer()
	for i, term := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Session i types keystrokes i, i+sessions, i+2*sessions...
			// alternately down and up, so that every key changes its
			// screen.
			down := true
			for k := i; k < b.N; k += sessions {
				latencies[i] = append(latencies[i], keystroke(b, term, down))
				down = !down
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	reportPercentiles(b, slices.Concat(latencies...))
}

// keystroke moves the cursor down or up and returns how long the changed
// screen took to start arriving.
func keystroke(b *testing.B, term *terminal, down bool) time.Duration {
	key := "k"
	if down {
		key = "j"
	}
	mark := term.screen.mark()
	start := time.Now()
	if _, err := term.stdin.Write([]byte(key)); err != nil {
		b.Error(err)
		return 0
	}
	if !term.screen.waitUntil(start.Add(waitLimit), func(buf []byte) bool { return len(buf) > mark }) {
		b.Error("a keystroke got no answer")
	}
	return time.Since(start)
}

// reportPercentiles adds the latency percentiles to the benchmark's output.
func reportPercentiles(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	at := func(p float64) float64 {
		return float64(d[min(len(d)-1, int(p*float64(len(d))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), "ms-p50")
	b.ReportMetric(at(0.95), "ms-p95")
	b.ReportMetric(at(1.0), "ms-max")
}
