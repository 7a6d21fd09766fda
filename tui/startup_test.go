package tui

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
)

// freeAddress is a loopback address nothing listens on, for now.
func freeAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// An endpoint that stays unreachable at start-up is named, with the
// retries said as they happen, and the user is asked whether to try again
// instead of the program ending: yes tries again (and here succeeds, the
// emulator having started meanwhile), no ends it.
func TestStartUpCheckRetriesAnUnreachableEndpoint(t *testing.T) {
	t.Parallel()
	for _, answer := range []string{"\n", "n\n"} {
		addr := freeAddress(t)
		client := cenapitest.Client(t, addr)
		eng := engine.New(client, engine.Options{StateDir: t.TempDir(), ReadPatience: 2 * time.Second}) // room for a retry or more, however loaded the machine
		stdin, typed := io.Pipe()
		stderr := newSyncBuffer()
		opts := Options{Stdin: stdin, Stdout: io.Discard, Stderr: stderr}
		done := make(chan error, 1)
		go func() { done <- checkAtStart(context.Background(), opts, client, eng) }()

		stderr.waitFor(t, "cenroute: checking the credentials with http://"+addr+"\n  cannot reach "+addr+": connection refused, retrying",
			"cenroute: DescribeCens: cannot reach "+addr+": connection refused\nTry again? [Y/n] ")
		if answer == "\n" {
			srv, err := emulator.Start(addr, emulator.Options{Seed: 1})
			if err != nil {
				t.Skipf("the address was taken meanwhile: %v", err)
			}
			t.Cleanup(func() { srv.Close() })
		}
		if _, err := typed.Write([]byte(answer)); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if (err == nil) != (answer == "\n") {
				t.Errorf("answer %q: check = %v", answer, err)
			}
		case <-time.After(waitLimit):
			t.Fatalf("answer %q: the check did not end; stderr:\n%s", answer, stderr)
		}
	}
}

// Transient faults at start-up are retried, not fatal.
func TestStartUpCheckRetriesFaults(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{Seed: 1, FaultRate: 0.8,
		Faults: []emulator.FaultKind{emulator.FaultServiceUnavailable, emulator.FaultInternalError}})
	client := cenapitest.Client(t, srv.Endpoint())
	eng := engine.New(client, engine.Options{StateDir: t.TempDir()})
	stderr := newSyncBuffer()
	opts := Options{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: stderr}
	if err := checkAtStart(context.Background(), opts, client, eng); err != nil {
		t.Fatalf("check = %v; stderr:\n%s", err, stderr)
	}
	if faults := srv.Emulator().State().Counters["DescribeCens"].Faults; len(faults) > 0 && !strings.Contains(stderr.String(), "retrying") {
		t.Errorf("faults %v met, yet no retry was said:\n%s", faults, stderr)
	}
}

// In Chinese the start-up check says what it does and asks in Chinese;
// the endpoint is named as it is.
func TestStartUpCheckAsksInChinese(t *testing.T) {
	t.Parallel()
	addr := freeAddress(t)
	client := cenapitest.Client(t, addr)
	eng := engine.New(client, engine.Options{StateDir: t.TempDir(), ReadPatience: 2 * time.Second})
	stderr := newSyncBuffer()
	opts := Options{Stdin: strings.NewReader("n\n"), Stdout: io.Discard, Stderr: stderr, Lang: i18n.New(i18n.Chinese)}
	if err := checkAtStart(context.Background(), opts, client, eng); err == nil {
		t.Fatal("no was answered, yet the check went on")
	}
	stderr.waitFor(t, "cenroute: 正在通过 http://"+addr+" 检查凭证\n", "重试...（1）", "\n重试吗？[Y/n] ")
}
