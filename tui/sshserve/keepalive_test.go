package sshserve

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

// A client that vanishes without closing its connection (a laptop lid, a
// dropped VPN) stops answering keepalives; the server then ends its session
// instead of keeping its program and its runs alive.
func TestVanishedClientIsDisconnected(t *testing.T) {
	t.Parallel()
	cfg := demoConfig()
	cfg.KeepAlive = 50 * time.Millisecond
	srv, logs := testServer(t, cfg)
	p := newFreezingProxy(t, srv.Addr().String())
	signer, _ := newKey(t)
	term := openTerminal(t, mustDial(t, p.addr(), signer), standardTerm())
	term.screen.waitText(t, emulator.DemoCenID)

	p.freeze()
	logs.waitText(t, "client stopped answering")
	logs.waitText(t, "session ended")
}

// freezingProxy forwards TCP connections to a target until it is frozen;
// from then on it silently drops everything in both directions and keeps
// the sockets open, like a peer that is gone without a goodbye.
type freezingProxy struct {
	ln     net.Listener
	target string
	once   sync.Once
	frozen chan struct{}
}

func newFreezingProxy(t *testing.T, target string) *freezingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &freezingProxy{ln: ln, target: target, frozen: make(chan struct{})}
	t.Cleanup(func() { ln.Close() })
	go p.accept(t)
	return p
}

func (p *freezingProxy) addr() string { return p.ln.Addr().String() }

func (p *freezingProxy) freeze() { p.once.Do(func() { close(p.frozen) }) }

func (p *freezingProxy) accept(t *testing.T) {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			return
		}
		t.Cleanup(func() { client.Close(); server.Close() })
		go p.pipe(server, client)
		go p.pipe(client, server)
	}
}

// pipe copies src to dst until the proxy freezes, then reads and drops.
func (p *freezingProxy) pipe(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32*1024)
	for {
		n, err := src.Read(buf)
		if err != nil {
			return
		}
		select {
		case <-p.frozen:
			continue
		default:
		}
		if _, err := dst.Write(buf[:n]); err != nil {
			return
		}
	}
}
