package sshserve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
)

// DefaultListen is where serve listens unless told otherwise: loopback, so
// that exposing the wizard to a network is a deliberate choice.
const DefaultListen = "127.0.0.1:2222"

// Shutdown timings. Sessions are asked to quit when the server stops; the
// grace period lets their programs leave the alternate screen and their
// runs close their journals before the connections are cut.
const (
	shutdownGrace = 10 * time.Second
	// keepAliveInterval and keepAliveTimeout detect a peer that vanished
	// without closing its TCP connection (a laptop lid, a dropped VPN):
	// without them its program, and any run it started, would linger for
	// the kernel's retransmission timeout, a quarter of an hour or more.
	keepAliveInterval = 30 * time.Second
	keepAliveTimeout  = 30 * time.Second
)

// Config is a server's configuration, which the serve command builds from
// its command line.
type Config struct {
	// Listen is the TCP address; "" means DefaultListen. Port 0 picks a
	// free port (see Server.Addr).
	Listen string
	// HostKeyPath is the server's private key, generated (ed25519) when
	// the file does not exist.
	HostKeyPath string
	// AuthorizedKeysPath lists the public keys that may log in. "" is only
	// allowed with Demo and admits any key.
	AuthorizedKeysPath string

	// Demo gives each session its own emulator started with DemoWorld.
	Demo      bool
	DemoWorld emulator.Options
	// TempDir is where demo sessions get their directories (journals and
	// the room their reports go to); "" means os.TempDir().
	TempDir string

	// Client is the cloud connection shared by all sessions when Demo is
	// false; StateDir is where their run journals go ("" = the engine's
	// default), and their rooms, one per key, under its rooms directory.
	Client   *cenapi.Client
	StateDir string

	// Theme and ASCII apply to every session; ASCII is also chosen per
	// session when the client's locale is not UTF-8.
	Theme theme.Name
	ASCII bool
	// Lang is the language of a session whose client forwards no locale
	// (see sessionLang).
	Lang i18n.Lang

	// Log receives the server's and the sessions' log lines; nil discards
	// them.
	Log *slog.Logger

	// KeepAlive overrides the dead-peer check's interval and timeout
	// (both); 0 means keepAliveInterval and keepAliveTimeout.
	KeepAlive time.Duration

	// MaxSessions is how many sessions run at once (0 =
	// DefaultMaxSessions), NewPerAddress how many new connections one
	// address may open in a minute (0 = DefaultNewPerAddress). Beyond
	// them a client is told why it is refused.
	MaxSessions, NewPerAddress int
}

// Server is a running SSH server. Start one with Start; it stops when the
// context given to Start is done.
type Server struct {
	cfg    Config
	log    *slog.Logger
	worlds worlds
	ssh    *ssh.Server
	ln     net.Listener
	admit  *admission
	// ctx bounds every session: when it ends, each program is asked to
	// quit and its runs stop.
	ctx      context.Context
	done     chan error
	sessions sessionSet
}

// Start checks the configuration, listens, and serves in the background
// until ctx is done. Configuration problems are returned before anything
// listens.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	s := &Server{cfg: cfg, log: cfg.Log, ctx: ctx, done: make(chan error, 1)}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.admit = newAdmission(cfg.MaxSessions, cfg.NewPerAddress, s.log.Info)
	policy, err := s.keyPolicy()
	if err != nil {
		return nil, err
	}
	if s.worlds, err = s.newWorlds(); err != nil {
		return nil, err
	}
	if s.ssh, err = s.newSSHServer(policy); err != nil {
		return nil, err
	}
	listen := cfg.Listen
	if listen == "" {
		listen = DefaultListen
	}
	if s.ln, err = net.Listen("tcp", listen); err != nil {
		return nil, fmt.Errorf("listening on %s: %w", listen, err)
	}
	go s.serve()
	return s, nil
}

// keyPolicy checks the authorized keys up front, so that a typo in the
// path or an empty file is reported at start and not at the first login.
func (s *Server) keyPolicy() (keyPolicy, error) {
	path := s.cfg.AuthorizedKeysPath
	if err := CheckAuthorizedKeys(path, s.cfg.Demo); err != nil || path == "" {
		return keyPolicy{}, err
	}
	return keyPolicy{path: path, onError: func(err error) {
		s.log.Error("every login refused", "error", err)
	}}, nil
}

// newWorlds picks what sessions talk to.
func (s *Server) newWorlds() (worlds, error) {
	if s.cfg.Demo {
		// Checked once here, so that a bad option stops the server at
		// start instead of refusing every session that opens a world.
		if err := s.cfg.DemoWorld.Validate(); err != nil {
			return nil, fmt.Errorf("demo world: %w", err)
		}
		return demoWorlds{opts: s.cfg.DemoWorld, tempDir: s.cfg.TempDir}, nil
	}
	if s.cfg.Client == nil {
		return nil, errors.New("no cloud connection to serve")
	}
	// The identity labels the journals, as the local wizard's and the
	// apply command's are, so that each offers to resume only the runs
	// made as the same AccessKey at the same endpoint.
	eng := engine.New(s.cfg.Client, engine.Options{StateDir: s.cfg.StateDir, Identity: s.cfg.Client.Identity})
	state := s.cfg.StateDir
	if state == "" {
		dir, err := engine.DefaultStateDir()
		if err != nil {
			return nil, err
		}
		state = dir
	}
	rooms := filepath.Join(state, "rooms")
	if err := os.MkdirAll(rooms, 0o700); err != nil {
		return nil, fmt.Errorf("creating the directory of the sessions' rooms: %w", err)
	}
	return cloudWorlds{client: s.cfg.Client, engine: eng, rooms: rooms}, nil
}

// newSSHServer configures public-key authentication only and the session
// handler. A host key that does not exist yet is generated.
func (s *Server) newSSHServer(policy keyPolicy) (*ssh.Server, error) {
	if s.cfg.HostKeyPath == "" {
		return nil, errors.New("no host key path")
	}
	if err := os.MkdirAll(filepath.Dir(s.cfg.HostKeyPath), 0o700); err != nil {
		return nil, fmt.Errorf("creating the host key's directory: %w", err)
	}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(s.cfg.HostKeyPath),
		// Only a public-key handler is set: with none at all the SSH
		// library would admit every client without authentication, and
		// without a password handler passwords are refused.
		wish.WithPublicKeyAuth(policy.allow),
		wish.WithMiddleware(s.middleware),
		s.bounds,
	)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", s.cfg.HostKeyPath, err)
	}
	return srv, nil
}

// bounds is the option that puts every connection and session through
// the server's admission (see admission.go).
func (s *Server) bounds(srv *ssh.Server) error {
	srv.ConnCallback = s.admit.accept
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	return nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// HostKeyFingerprint is the SHA256 fingerprint users compare with what
// their ssh client shows on first connection.
func (s *Server) HostKeyFingerprint() string {
	if len(s.ssh.HostSigners) == 0 {
		return ""
	}
	return gossh.FingerprintSHA256(s.ssh.HostSigners[0].PublicKey())
}

// Wait blocks until the server has stopped and returns why, nil after a
// shutdown asked for through the context.
func (s *Server) Wait() error { return <-s.done }

// serve accepts connections until the context ends, then shuts down.
func (s *Server) serve() {
	served := make(chan error, 1)
	go func() { served <- s.ssh.Serve(s.ln) }()
	select {
	case err := <-served:
		// The listener failed on its own: nothing more will be accepted.
		s.ssh.Close()
		s.done <- fmt.Errorf("serving: %w", err)
	case <-s.ctx.Done():
		s.done <- s.shutdown(served)
	}
}

// shutdown stops accepting, gives the sessions (already told to quit by
// the context) a grace period to end, then closes every connection. It
// does not wait for clients to hang up: a session that has ended has
// nothing left to say.
func (s *Server) shutdown(served <-chan error) error {
	s.ln.Close()
	if !s.sessions.close(shutdownGrace) {
		s.log.Warn("sessions still open after the grace period; closing them")
	}
	s.ssh.Close()
	// The accept loop reports the listener closed under it in one of two
	// ways, depending on whether it noticed the shutdown first.
	if err := <-served; err != nil && !errors.Is(err, ssh.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	return nil
}

// sessionSet counts the sessions: those admitted, to refuse more than a
// limit, and those whose handler runs, so that a shutdown can wait for
// them; it refuses new ones once the shutdown has begun.
type sessionSet struct {
	mu       sync.Mutex
	closing  bool
	admitted int
	wg       sync.WaitGroup
}

// refusal says why a client gets no session, in the words of the
// localizer it is given (nil: English, for the log).
type refusal func(*i18n.Localizer) string

// shuttingDown is the refusal of a session once the server is stopping.
func shuttingDown(l *i18n.Localizer) string { return l.T("wizard.ssh.shutting_down") }

// admit counts a session in, or says why it cannot run: the server is
// shutting down, or runs max sessions already. leave counts it out.
func (ss *sessionSet) admit(max int) refusal {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	switch {
	case ss.closing:
		return shuttingDown
	case ss.admitted >= max:
		return func(l *i18n.Localizer) string { return l.T("wizard.ssh.full", i18n.Args{"Count": max}) }
	}
	ss.admitted++
	return nil
}

func (ss *sessionSet) leave() {
	ss.mu.Lock()
	ss.admitted--
	ss.mu.Unlock()
}

// add registers a session's handler; false once the server is shutting
// down.
func (ss *sessionSet) add() bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.closing {
		return false
	}
	ss.wg.Add(1)
	return true
}

// done unregisters a session's handler.
func (ss *sessionSet) done() { ss.wg.Done() }

// close refuses new sessions and waits up to grace for the others to end;
// false if some did not.
func (ss *sessionSet) close(grace time.Duration) bool {
	ss.mu.Lock()
	ss.closing = true
	ss.mu.Unlock()
	ended := make(chan struct{})
	go func() {
		ss.wg.Wait()
		close(ended)
	}()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-ended:
		return true
	case <-timer.C:
		return false
	}
}
