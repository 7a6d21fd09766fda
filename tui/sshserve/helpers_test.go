package sshserve

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/theme"
)

// TestMain keeps every test on loopback and away from the developer's cloud
// configuration.
func TestMain(m *testing.M) { emulatortest.Main(m) }

// waitLimit bounds every wait. It turns a hang into a readable failure; no
// test depends on how fast anything is.
const waitLimit = 30 * time.Second

// watchBuffer collects what is written to it and lets a reader wait for a
// condition on the whole of it, woken by each write: no polling, no sleeps.
type watchBuffer struct {
	mu      sync.Mutex
	buf     []byte
	changed chan struct{}
}

func newWatchBuffer() *watchBuffer { return &watchBuffer{changed: make(chan struct{})} }

// Write appends p and wakes the waiters.
func (b *watchBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	close(b.changed)
	b.changed = make(chan struct{})
	return len(p), nil
}

// snapshot returns the contents so far and a channel closed by the next
// write.
func (b *watchBuffer) snapshot() ([]byte, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf, b.changed
}

// waitUntil waits until cond holds on the contents, or the deadline.
func (b *watchBuffer) waitUntil(deadline time.Time, cond func([]byte) bool) bool {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		buf, changed := b.snapshot()
		if cond(buf) {
			return true
		}
		select {
		case <-changed:
		case <-timer.C:
			return false
		}
	}
}

// text is the contents without escape sequences.
func (b *watchBuffer) text() string {
	buf, _ := b.snapshot()
	return ansi.Strip(string(buf))
}

// mark is the current end of the contents, for waitTextSince.
func (b *watchBuffer) mark() int {
	buf, _ := b.snapshot()
	return len(buf)
}

// waitText fails the test unless want appears in the text in time.
func (b *watchBuffer) waitText(t testing.TB, want string) {
	t.Helper()
	b.waitTextSince(t, 0, want)
}

// waitTextSince is waitText on what was written after mark: a screen
// drawn again after a key, say.
func (b *watchBuffer) waitTextSince(t testing.TB, mark int, want string) {
	t.Helper()
	ok := b.waitUntil(time.Now().Add(waitLimit), func(buf []byte) bool {
		return strings.Contains(ansi.Strip(string(buf[mark:])), want)
	})
	if !ok {
		t.Fatalf("%q never appeared; got:\n%s", want, tail(b.text(), 2000))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// prepare completes a test configuration: a free loopback port, a fresh
// host key, temporary directories, and a log that tests can wait on.
func prepare(t testing.TB, cfg Config) (Config, *watchBuffer) {
	t.Helper()
	logs := newWatchBuffer()
	cfg.Listen = "127.0.0.1:0"
	if cfg.HostKeyPath == "" {
		cfg.HostKeyPath = filepath.Join(t.TempDir(), "host_key")
	}
	if cfg.TempDir == "" {
		cfg.TempDir = t.TempDir()
	}
	if cfg.Theme == "" {
		cfg.Theme = theme.Dark
	}
	cfg.Log = slog.New(slog.NewTextHandler(logs, nil))
	return cfg, logs
}

// testServer starts a prepared server that stops at the end of the test.
func testServer(t testing.TB, cfg Config) (*Server, *watchBuffer) {
	t.Helper()
	cfg, logs := prepare(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := Start(ctx, cfg)
	if err != nil {
		cancel()
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		if err := srv.Wait(); err != nil {
			t.Errorf("Wait: %v", err)
		}
	})
	return srv, logs
}

// demoConfig is a demo server whose worlds answer at once, so that tests
// spend no time in emulated latency.
func demoConfig() Config {
	return Config{Demo: true, DemoWorld: emulator.Options{Seed: 1}}
}

// newKey makes a client key pair: the signer and its authorized_keys line.
func newKey(t testing.TB) (gossh.Signer, []byte) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, gossh.MarshalAuthorizedKey(signer.PublicKey())
}

// writeFile writes a file in a test directory and returns its path.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// dial connects as "alice" with signer. The host key is not checked: the
// test just generated it.
func dial(t testing.TB, addr string, signer gossh.Signer) (*gossh.Client, error) {
	t.Helper()
	cfg := &gossh.ClientConfig{
		User:            "alice",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         waitLimit,
	}
	return gossh.Dial("tcp", addr, cfg)
}

// mustDial connects or fails the test; the client closes at the end.
func mustDial(t testing.TB, addr string, signer gossh.Signer) *gossh.Client {
	t.Helper()
	c, err := dial(t, addr, signer)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// terminal is the client side of an interactive session: it records the
// screen output and, like a real terminal emulator, answers the background
// colour and device attribute queries the server sends at session start.
type terminal struct {
	sess       *gossh.Session
	stdin      io.WriteCloser
	screen     *watchBuffer
	background string // the OSC 11 reply
	// ended is closed, after exitErr is set, when the session is over.
	ended   chan struct{}
	exitErr error
}

// The queries a terminal answers, and its device attributes reply (a
// VT220).
const (
	queryBackground = "\x1b]11;?"
	queryDA1        = "\x1b[c"
	replyDA1        = "\x1b[?62;22c"
)

// Background colour replies (OSC 11).
const (
	blackBackground = "\x1b]11;rgb:0000/0000/0000\x1b\\"
	whiteBackground = "\x1b]11;rgb:ffff/ffff/ffff\x1b\\"
)

// termSpec describes the client's terminal.
type termSpec struct {
	width, height int
	env           map[string]string // forwarded like OpenSSH's SendEnv
	background    string            // "" = blackBackground
}

// standardTerm is a 100x30 dark terminal forwarding nothing.
func standardTerm() termSpec { return termSpec{width: 100, height: 30} }

// openTerminal requests a PTY as spec says and starts the shell.
func openTerminal(t testing.TB, c *gossh.Client, spec termSpec) *terminal {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	t.Cleanup(func() { sess.Close() })
	for k, v := range spec.env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatalf("setenv %s: %v", k, err)
		}
	}
	modes := gossh.TerminalModes{gossh.ECHO: 0}
	if err := sess.RequestPty("xterm-256color", spec.height, spec.width, modes); err != nil {
		t.Fatalf("pty: %v", err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{sess: sess, stdin: stdin, screen: newWatchBuffer(),
		background: cmp.Or(spec.background, blackBackground), ended: make(chan struct{})}
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	go term.read(stdout)
	return term
}

// read copies the output to the screen, answering queries as they come.
func (term *terminal) read(stdout io.Reader) {
	defer func() {
		term.exitErr = term.sess.Wait()
		close(term.ended)
	}()
	var seen []byte
	chunk := make([]byte, 32*1024)
	for {
		n, err := stdout.Read(chunk)
		if n > 0 {
			// Queries may straddle reads: look again at the tail of the
			// previous read, too short to hold a whole query.
			start := max(0, len(seen)-(len(queryBackground)-1))
			seen = append(seen, chunk[:n]...)
			term.answer(seen[start:])
			term.screen.Write(chunk[:n])
		}
		if err != nil {
			return
		}
	}
}

// answer replies to the terminal queries found in out.
func (term *terminal) answer(out []byte) {
	if bytes.Contains(out, []byte(queryBackground)) {
		io.WriteString(term.stdin, term.background)
	}
	if bytes.Contains(out, []byte(queryDA1)) {
		io.WriteString(term.stdin, replyDA1)
	}
}

// send types keys.
func (term *terminal) send(t testing.TB, keys string) {
	t.Helper()
	if _, err := io.WriteString(term.stdin, keys); err != nil {
		t.Fatalf("sending %q: %v", keys, err)
	}
}

// waitEnded fails the test unless the session ends in time, and returns
// how it ended.
func (term *terminal) waitEnded(t testing.TB) error {
	t.Helper()
	select {
	case <-term.ended:
		return term.exitErr
	case <-time.After(waitLimit):
		t.Fatalf("the session did not end; screen:\n%s", tail(term.screen.text(), 2000))
		return nil
	}
}

// appendFile adds data at the end of an existing file.
func appendFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
