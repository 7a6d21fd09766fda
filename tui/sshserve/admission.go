package sshserve

import (
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/cenroute/cenroute/theme/i18n"
)

// Admission defaults: what a jump host or a training room needs, with room
// to spare, and far below what would exhaust a small server.
const (
	// DefaultMaxSessions is how many sessions run at once.
	DefaultMaxSessions = 50
	// DefaultNewPerAddress is how many new connections one address may
	// open in a minute (a training room behind one NAT address counts as
	// one address).
	DefaultNewPerAddress = 30
)

// Bounds on a connection before its session starts: the handshake,
// authentication and the session's setup (terminal, environment) take a
// few kilobytes and a few seconds. A connection past either is closed, so
// that a client cannot hold a connection, or have requests piled up, by
// never starting a session.
const (
	loginGrace      = 30 * time.Second
	preSessionBytes = 1 << 20
	// maxTrackedAddresses bounds the table of recent addresses. When it
	// is full of addresses still counting, new ones are not limited (the
	// connection limit still holds) rather than all refused.
	maxTrackedAddresses = 4096
)

// admission decides which connections and sessions the server takes.
type admission struct {
	maxSessions   int
	newPerAddress int
	// maxConns bounds the connections open at once, sessions or not yet:
	// beyond it a connection is closed before the handshake.
	maxConns int
	log      func(msg string, args ...any)

	mu    sync.Mutex
	conns int
	addrs map[netip.Prefix]*bucket
}

func newAdmission(maxSessions, newPerAddress int, log func(string, ...any)) *admission {
	if maxSessions <= 0 {
		maxSessions = DefaultMaxSessions
	}
	if newPerAddress <= 0 {
		newPerAddress = DefaultNewPerAddress
	}
	return &admission{maxSessions: maxSessions, newPerAddress: newPerAddress, maxConns: 2*maxSessions + 16,
		log: log, addrs: make(map[netip.Prefix]*bucket)}
}

// guardKey is where a connection's guard is kept in its context.
type guardKey struct{}

// accept is the server's ConnCallback. A connection beyond the limit of
// open connections is closed at once; one from an address that opened too
// many lately goes on to authentication and is refused, with the reason,
// when it asks for a session (see sessionChannel). Every connection gets a
// guard that bounds it until its session starts.
func (a *admission) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	addr := addressOf(conn.RemoteAddr())
	a.mu.Lock()
	if a.conns >= a.maxConns {
		a.mu.Unlock()
		a.log("refused a connection: too many open", "remote", conn.RemoteAddr().String(), "open", a.maxConns)
		return nil
	}
	a.conns++
	var why refusal
	if !a.take(addr, time.Now()) {
		most := a.newPerAddress
		why = func(l *i18n.Localizer) string { return l.T("wizard.ssh.too_many_new", i18n.Args{"Most": most}) }
	}
	a.mu.Unlock()
	if why != nil {
		a.log("refusing a connection: "+why(nil), "remote", conn.RemoteAddr().String())
	}
	g := newGuard(conn, why, loginGrace, a.release)
	ctx.SetValue(guardKey{}, g)
	return g
}

// release counts a connection closed.
func (a *admission) release() {
	a.mu.Lock()
	a.conns--
	a.mu.Unlock()
}

// take spends one of addr's new connections; false when it has none
// left. Called with a.mu held.
func (a *admission) take(addr netip.Prefix, now time.Time) bool {
	b, ok := a.addrs[addr]
	if !ok {
		if len(a.addrs) >= maxTrackedAddresses {
			a.forgetFull(now)
		}
		if len(a.addrs) >= maxTrackedAddresses {
			return true
		}
		b = &bucket{tokens: float64(a.newPerAddress), at: now}
		a.addrs[addr] = b
	}
	return b.take(now, a.newPerAddress)
}

// forgetFull drops the addresses whose allowance is whole again: they are
// as good as new. Called with a.mu held.
func (a *admission) forgetFull(now time.Time) {
	for addr, b := range a.addrs {
		if b.refilled(now, a.newPerAddress) >= float64(a.newPerAddress) {
			delete(a.addrs, addr)
		}
	}
}

// addressOf is the source a limit applies to: the IPv4 address, or the /64
// of an IPv6 address (one host usually holds a whole /64).
func addressOf(addr net.Addr) netip.Prefix {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return netip.Prefix{}
	}
	ip := ap.Addr().Unmap()
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	p, _ := ip.Prefix(bits)
	return p
}

// bucket is one address's allowance of new connections: per a minute,
// refilled evenly.
type bucket struct {
	tokens float64
	at     time.Time
}

// refilled is the allowance at now.
func (b *bucket) refilled(now time.Time, perMinute int) float64 {
	return min(float64(perMinute), b.tokens+now.Sub(b.at).Minutes()*float64(perMinute))
}

// take spends one connection of the allowance, if there is one.
func (b *bucket) take(now time.Time, perMinute int) bool {
	b.tokens, b.at = b.refilled(now, perMinute), now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// guard is a connection as the server holds it. Until its session's
// wizard starts, it counts what the client sends and closes the connection
// past preSessionBytes, or when no wizard has started within the grace
// period: a client cannot pile up requests, or hold a connection, by never
// starting one. It also holds the connection to one session at a time, and
// says whether it may have one at all.
type guard struct {
	net.Conn
	refusal refusal // why this connection gets no session; nil when it may

	mu        sync.Mutex
	channel   bool          // a session channel is open
	running   bool          // its wizard runs: what arrives is its input
	read      int           // bytes read while no wizard ran, since the last one
	grace     time.Duration // how long the connection may go without a wizard
	timer     *time.Timer
	closeOnce sync.Once
	release   func()
}

func newGuard(conn net.Conn, refusal refusal, grace time.Duration, release func()) *guard {
	g := &guard{Conn: conn, refusal: refusal, grace: grace, release: release}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.timer = time.AfterFunc(grace, func() { g.Close() })
	return g
}

// guardOf is the guard of the connection ctx belongs to; nil if none.
func guardOf(ctx ssh.Context) *guard {
	g, _ := ctx.Value(guardKey{}).(*guard)
	return g
}

// Read counts what arrives while no wizard runs.
func (g *guard) Read(p []byte) (int, error) {
	n, err := g.Conn.Read(p)
	g.mu.Lock()
	over := false
	if !g.running {
		g.read += n
		over = g.read > preSessionBytes
	}
	g.mu.Unlock()
	if over {
		g.Close()
	}
	return n, err
}

// Close closes the connection once, and counts it closed.
func (g *guard) Close() error {
	err := g.Conn.Close()
	g.closeOnce.Do(func() {
		g.mu.Lock()
		g.timer.Stop()
		g.mu.Unlock()
		g.release()
	})
	return err
}

// openChannel marks a session channel open: false when one is open
// already (one session per connection).
func (g *guard) openChannel() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.channel {
		return false
	}
	g.channel = true
	return true
}

// start marks the session's wizard started: what arrives from now on is
// its input, bounded by the session itself.
func (g *guard) start() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.running = true
	g.timer.Stop()
}

// closeChannel starts the bounds of a connection without session again:
// it may open another, within them.
func (g *guard) closeChannel() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.channel, g.running, g.read = false, false, 0
	g.timer.Reset(g.grace)
}

// sessionChannel is the server's handler of session channels: it admits
// a session (one per connection, none for a refused address, at most
// maxSessions at once, none while shutting down) and runs it with the SSH
// library's own handler. A refusal is said to the client as the reason
// the channel could not be opened, in the server's language: the client
// has forwarded no locale yet.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	lang := i18n.New(s.cfg.Lang)
	g := guardOf(ctx)
	if g == nil {
		_ = ch.Reject(gossh.ConnectionFailed, "cenroute: "+lang.T("wizard.ssh.internal_error"))
		return
	}
	reject := func(why refusal) {
		s.log.Info("refused a session: "+why(nil), "remote", conn.RemoteAddr().String())
		_ = ch.Reject(gossh.ResourceShortage, "cenroute: "+why(lang))
	}
	if g.refusal != nil {
		reject(g.refusal)
		return
	}
	if !g.openChannel() {
		reject(func(l *i18n.Localizer) string { return l.T("wizard.ssh.one_session") })
		return
	}
	defer g.closeChannel()
	if why := s.sessions.admit(s.admit.maxSessions); why != nil {
		reject(why)
		return
	}
	defer s.sessions.leave()
	ssh.DefaultSessionHandler(srv, conn, ch, ctx)
}
