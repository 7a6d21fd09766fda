package sshserve

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui"
	"github.com/cenroute/cenroute/views"
)

// middleware is the only SSH handler: every session is one wizard.
func (s *Server) middleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.handle(sess)
		next(sess)
	}
}

// handle runs one session from the admission checks to cleanup. What it
// says to the client it says in the session's language (see sessionLang).
func (s *Server) handle(sess ssh.Session) {
	log := s.sessionLog(sess)
	lang := i18n.New(s.sessionLang(sess.Environ()))
	defer recoverSession(sess, lang, log)
	if !s.sessions.add() {
		refuse(sess, "cenroute: "+shuttingDown(lang))
		return
	}
	defer s.sessions.done()
	pty, resizes, ok := sess.Pty()
	if !ok {
		// `ssh -T`, a command line, scp or sftp.
		log.Info("refused: no terminal", "command", sess.RawCommand())
		refuse(sess, lang.T("wizard.ssh.no_terminal"))
		return
	}
	if g := guardOf(sess.Context()); g != nil {
		g.start()
	}
	w, err := s.worlds.open(sess.PublicKey())
	if err != nil {
		log.Error("session not started", "error", err)
		refuse(sess, "cenroute: "+lang.T("wizard.ssh.not_started", i18n.Args{"Error": views.ErrorText(lang, err)}))
		return
	}
	defer w.close()

	// The session's work ends when the client goes away or the server
	// stops, whichever comes first.
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	defer context.AfterFunc(sess.Context(), cancel)()
	go s.keepAlive(ctx, sess.Context(), log)

	start := time.Now()
	log.Info("session started", "term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height, "demo", w.demo)
	s.run(ctx, sess, w, lang, log, resizes)
	log.Info("session ended", "after", time.Since(start).Round(time.Second))
}

// refuse ends a session with one line on its stderr and exit status 1.
func refuse(sess ssh.Session, line string) {
	fmt.Fprintln(sess.Stderr(), line)
	_ = sess.Exit(1)
}

// recoverSession keeps a panic in one session from ending every other
// attendee's session too: the SSH library runs each handler on its own
// goroutine, without recovery. Deferred by handle.
func recoverSession(sess ssh.Session, lang *i18n.Localizer, log *slog.Logger) {
	if r := recover(); r != nil {
		log.Error("session crashed", "panic", r, "stack", string(debug.Stack()))
		refuse(sess, "cenroute: "+lang.T("wizard.ssh.crashed"))
	}
}

// run builds the session's model with its own renderer, styles and
// language, and runs it until the user quits, the connection drops or the
// server stops. Runs still in progress are then aborted; their journals
// stay resumable.
func (s *Server) run(ctx context.Context, sess ssh.Session, w *world, lang *i18n.Localizer, log *slog.Logger, resizes <-chan ssh.Window) {
	m := tui.New(tui.Deps{
		Context:    ctx,
		Client:     w.client.WithLanguage(lang.APILanguage()),
		Engine:     w.engine,
		Styles:     s.sessionStyles(sess, lang),
		Identity:   w.client.Identity(),
		Demo:       w.demo,
		ReportRoom: w.room,
		ReportNote: w.reportNote(lang),
		Log:        log,
	})
	defer m.Close()
	in := newSessionInput(sess)
	p := tea.NewProgram(m, append(s.programOptions(sess), tea.WithInput(in))...)
	in.deliver = p.Send
	// Quit rather than kill: the program leaves the alternate screen and
	// shows the cursor again, so a server shutdown leaves a usable shell.
	defer context.AfterFunc(ctx, p.Quit)()
	go forwardResizes(ctx, p, resizes)
	if _, err := p.Run(); err != nil {
		log.Warn("program ended with an error", "error", err)
	}
}

// programOptions wires the program to the session instead of the server's
// terminal. The input, bounded, is the caller's (see sessionInput): it
// comes last, in place of MakeOptions' own.
func (s *Server) programOptions(sess ssh.Session) []tea.ProgramOption {
	return append(bubbletea.MakeOptions(sess),
		tea.WithAltScreen(),
		tea.WithEnvironment(sess.Environ()),
		// The server's signals are the server's: Ctrl+C on the server
		// stops it through the context, which ends every session
		// cleanly. Each program installing its own handler would race it.
		tea.WithoutSignalHandler(),
		// Mouse reporting stays off (no option): it would take over
		// the client terminal's text selection, and operators copy IDs
		// and CIDRs off the screen.
	)
}

// sessionStyles builds the styles from the session's own renderer: the
// colour profile of the client's TERM and NO_COLOR, and the background its
// terminal reported when asked, never the server's (wish#262).
func (s *Server) sessionStyles(sess ssh.Session, lang *i18n.Localizer) *theme.Styles {
	r := bubbletea.MakeRenderer(sess)
	ascii := s.cfg.ASCII || !clientUTF8(sess.Environ())
	return theme.New(r, theme.Options{Name: s.cfg.Theme, ASCII: ascii, Lang: lang})
}

// forwardResizes turns the client's window changes into Bubble Tea size
// messages; the first one is the size the PTY was requested with. The
// size is clamped here, before the program's renderer sees it: the client
// says what it likes.
func forwardResizes(ctx context.Context, p *tea.Program, resizes <-chan ssh.Window) {
	for {
		select {
		case <-ctx.Done():
			return
		case w, ok := <-resizes:
			if !ok {
				return
			}
			p.Send(tui.ClampSize(tea.WindowSizeMsg{Width: w.Width, Height: w.Height}))
		}
	}
}

// clientUTF8 decides the glyph set from the locale the client forwarded.
// OpenSSH forwards LANG and LC_* only where its configuration says SendEnv
// (Debian's and macOS's default ssh_config do); a client that forwards none
// tells nothing, and nearly every terminal in use today is UTF-8, so only
// a forwarded non-UTF-8 locale (LANG=C) turns ASCII on. --ascii forces it.
func clientUTF8(environ []string) bool {
	getenv := lookup(environ)
	if getenv("LC_ALL") == "" && getenv("LC_CTYPE") == "" && getenv("LANG") == "" {
		return true
	}
	return tui.UTF8Locale(getenv)
}

// lookup reads a variable of environ, as os.Getenv does the process's.
func lookup(environ []string) func(string) string {
	return func(name string) string {
		for _, kv := range environ {
			if k, v, ok := strings.Cut(kv, "="); ok && k == name {
				return v
			}
		}
		return ""
	}
}

// sessionLang is the language a session speaks: what the client forwarded
// says (CENROUTE_LANG, else its locale: LC_ALL, LC_MESSAGES, LANG), else
// the server's. Two sessions forwarding different locales speak
// different languages at once. A CENROUTE_LANG the session cannot mean is
// passed over, as an unknown locale would be.
func (s *Server) sessionLang(environ []string) i18n.Lang {
	getenv := lookup(environ)
	if !i18n.Given(getenv) {
		return s.cfg.Lang
	}
	if lang, err := i18n.Detect("", getenv); err == nil {
		return lang
	}
	return i18n.FromLocale(getenv)
}

// sessionLog tags a session's log lines so that concurrent sessions can be
// told apart.
func (s *Server) sessionLog(sess ssh.Session) *slog.Logger {
	id := sess.Context().SessionID()
	if len(id) > 8 {
		id = id[:8]
	}
	attrs := []any{"session", id, "user", sess.User(), "remote", sess.RemoteAddr().String()}
	if key := sess.PublicKey(); key != nil {
		attrs = append(attrs, "key", gossh.FingerprintSHA256(key))
	}
	return s.log.With(attrs...)
}

// keepAlive asks the client for a reply at every interval and closes the
// connection when none comes in time, which ends the session (see the
// keepAliveInterval comment). OpenSSH answers keepalive@openssh.com like
// any unknown request, with a failure reply, which is all that counts.
func (s *Server) keepAlive(ctx context.Context, sctx ssh.Context, log *slog.Logger) {
	conn, ok := sctx.Value(ssh.ContextKeyConn).(gossh.Conn)
	if !ok {
		return
	}
	every := s.cfg.KeepAlive
	timeout := every
	if every <= 0 {
		every, timeout = keepAliveInterval, keepAliveTimeout
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if !answers(ctx, conn, timeout) {
			log.Info("client stopped answering; closing the connection")
			conn.Close()
			return
		}
	}
}

// answers sends one keepalive request and waits up to timeout for its
// reply. A context that ends first counts as an answer: the session is
// over anyway.
func answers(ctx context.Context, conn gossh.Conn, timeout time.Duration) bool {
	replied := make(chan error, 1)
	go func() {
		_, _, err := conn.SendRequest("keepalive@openssh.com", true, nil)
		replied <- err
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err := <-replied:
		return err == nil
	case <-ctx.Done():
		return true
	case <-timer.C:
		return false
	}
}
