package emulator_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// closeWait bounds how long a test waits for the emulator to close a
// connection: far beyond the timeouts the tests set, it turns a
// connection held for ever into a failure, not a hang.
const closeWait = 30 * time.Second

// waitClosed reads from conn until the emulator closes it, and fails if it
// does not within closeWait.
func waitClosed(conn net.Conn, r *bufio.Reader) error {
	if err := conn.SetReadDeadline(time.Now().Add(closeWait)); err != nil {
		return err
	}
	_, err := io.Copy(io.Discard, r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("the connection is still open after %v", closeWait)
	}
	return nil // EOF or a reset: closed
}

// idleAfterOneRequest makes one request on a kept-alive connection, then
// waits for the emulator to close the idle connection.
func idleAfterOneRequest(addr string) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(closeWait)); err != nil {
		return err
	}
	if _, err := io.WriteString(conn, "GET /?Action=DescribeCens HTTP/1.1\r\nHost: emulator\r\n\r\n"); err != nil {
		return err
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		return fmt.Errorf("reading the reply: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.Close {
		return errors.New("the emulator closed the connection after the reply: keep-alive was not tested")
	}
	return waitClosed(conn, r)
}

// 700 idle keep-alive connections were still held after 70 s. The
// emulator now closes idle connections after its idle timeout (made short
// here), and serves a bounded number at once: the 1,000 connections are
// all served and all closed.
func TestSecurityIdleConnectionsAreClosed(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{Seed: 1, IdleTimeout: 50 * time.Millisecond})
	const n = 1000
	errs := make(chan error, n)
	for range n {
		go func() { errs <- idleAfterOneRequest(srv.Endpoint()) }()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// A request whose headers or body trickle in (or never come) is cut at
// the read timeout.
func TestSecuritySlowRequestsAreCut(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{Seed: 1, ReadTimeout: 100 * time.Millisecond})
	for name, start := range map[string]string{
		"nothing sent":  "",
		"slow headers":  "GET / HTTP/1.1\r\nHost: emu",
		"slow body":     "POST / HTTP/1.1\r\nHost: emulator\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nAction=Desc",
		"endless chunk": "POST / HTTP/1.1\r\nHost: emulator\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\nAction=",
	} {
		conn, err := net.Dial("tcp", srv.Endpoint())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(conn, start); err != nil {
			t.Fatal(err)
		}
		if err := waitClosed(conn, bufio.NewReader(conn)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		conn.Close()
	}
}
