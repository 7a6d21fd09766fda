package cli

import (
	"bufio"
	"io"
	"strings"
	"syscall"
	"testing"
)

// TestHangUpEndsACommandCleanly: closing the terminal (SIGHUP) stops a
// command the way Ctrl+C does, instead of killing the process before it
// can clean up. Not parallel: the signal reaches every running Main.
func TestHangUpEndsACommandCleanly(t *testing.T) {
	out, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- Main([]string{"emulator"}, IO{Stdin: strings.NewReader(""), Stdout: w, Stderr: io.Discard}, Launchers{})
		w.Close()
	}()
	sc := bufio.NewScanner(out)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "endpoint: http://127.0.0.1:") {
		t.Fatalf("first line %q", sc.Text())
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, out)
	if code := <-done; code != ExitOK {
		t.Errorf("exit %d after SIGHUP, want %d", code, ExitOK)
	}
}
