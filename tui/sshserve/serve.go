// Package sshserve implements 'cenroute serve': the wizard served over SSH,
// for jump hosts and for trainings where every attendee drives a copy of
// their own.
//
// Each SSH session runs its own Bubble Tea program with its own renderer
// (the client's colour profile and background, not the server's), its own
// styles and window size. With --demo each session also gets its own
// emulator world, so attendees never see each other's changes; without it,
// sessions share the server's cloud credentials, which is why a list of
// authorized keys is then required. Authentication is by public key only.
package sshserve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/cenroute/cenroute/cenapi/cli"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
)

// hostKeyName is the host key's file name in the state directory.
const hostKeyName = "ssh_host_ed25519_key"

const usageLine = "cenroute serve [--listen ADDR] [--host-key FILE] [--authorized-keys FILE] [--demo] " +
	"[--max-sessions N] [--max-new-per-address N]"

// flags are serve's own command-line flags; the global ones (--demo,
// --theme, --ascii, --profile, --region, --endpoint) come with cli.Env.
type flags struct {
	listen, hostKey, authorizedKeys string
	maxSessions, newPerAddress      int
}

// Launch runs 'cenroute serve' until ctx is done (Ctrl+C or SIGTERM) and
// returns the exit code. Log lines go to stderr: this is a server, and the
// sessions' screens are on the clients.
func Launch(ctx context.Context, env *cli.Env) int {
	f, ok, code := parseFlags(env)
	if !ok {
		return code
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	cfg, closeConn, err := configure(ctx, env, f, log)
	if err != nil {
		fmt.Fprintf(env.Stderr, "cenroute serve: %v\n", err)
		return cli.ExitCode(err)
	}
	defer closeConn()
	quietDefaultRenderer()

	srv, err := Start(ctx, cfg)
	if err != nil {
		fmt.Fprintf(env.Stderr, "cenroute serve: %v\n", err)
		return cli.ExitCode(err)
	}
	announce(log, srv, cfg)
	if err := srv.Wait(); err != nil {
		fmt.Fprintf(env.Stderr, "cenroute serve: %v\n", err)
		return cli.ExitFailed
	}
	log.Info("stopped")
	return cli.ExitOK
}

// parseFlags reads serve's flags after the command name.
func parseFlags(env *cli.Env) (flags, bool, int) {
	var f flags
	fs := env.CommandFlags("serve")
	fs.StringVar(&f.listen, "listen", DefaultListen, "address to listen on; loopback unless you mean to expose the wizard")
	fs.StringVar(&f.hostKey, "host-key", "", "the server's private host key, generated on first run (default: "+hostKeyName+" in the state directory)")
	fs.StringVar(&f.authorizedKeys, "authorized-keys", "", "OpenSSH authorized_keys file of the public keys allowed in; required unless --demo (with --demo and no file, any key is allowed)")
	fs.IntVar(&f.maxSessions, "max-sessions", DefaultMaxSessions, "sessions served at once; more are refused, with the reason")
	fs.IntVar(&f.newPerAddress, "max-new-per-address", DefaultNewPerAddress, "new connections one address may open in a minute; more are refused, with the reason")
	ok, code := env.ParseCommand(fs, usageLine)
	return f, ok, code
}

// configure turns the command line into a Config. Without --demo it
// connects to the cloud and checks the credentials once, so that a broken
// setup fails here rather than in every session.
func configure(ctx context.Context, env *cli.Env, f flags, log *slog.Logger) (Config, func(), error) {
	none := func() {}
	name, err := theme.ParseName(env.Theme)
	if err != nil {
		return Config{}, none, cli.Usage(err)
	}
	if f.authorizedKeys == "" && !env.Demo {
		return Config{}, none, cli.Usage(errNoAuthorizedKeys)
	}
	if env.Demo && env.Endpoint != "" {
		return Config{}, none, cli.Usage(errors.New("--demo and --endpoint cannot be used together: every demo session starts its own emulator"))
	}
	if f.maxSessions < 1 {
		return Config{}, none, cli.Usage(fmt.Errorf("--max-sessions %d: want at least 1", f.maxSessions))
	}
	if f.newPerAddress < 1 {
		return Config{}, none, cli.Usage(fmt.Errorf("--max-new-per-address %d: want at least 1", f.newPerAddress))
	}
	// Checked before connecting: a typo in the path is the operator's to
	// fix first, whatever the state of the credentials.
	if f.authorizedKeys != "" {
		if _, err := loadAuthorizedKeys(f.authorizedKeys); err != nil {
			return Config{}, none, cli.Usage(err)
		}
	}
	hostKey, err := hostKeyPath(f.hostKey)
	if err != nil {
		return Config{}, none, err
	}
	cfg := Config{Listen: f.listen, HostKeyPath: hostKey, AuthorizedKeysPath: f.authorizedKeys,
		Demo: env.Demo, Theme: name, ASCII: env.ASCII, Log: log,
		MaxSessions: f.maxSessions, NewPerAddress: f.newPerAddress}
	if env.Demo {
		// Every session's world is built from the same file (--world),
		// read once here.
		if cfg.DemoWorld, err = env.DemoOptions(); err != nil {
			return Config{}, none, cli.Usage(err)
		}
		return cfg, none, nil
	}
	conn, err := env.Connect()
	if err != nil {
		return Config{}, none, err
	}
	// With the engine's read retries, as every session will read.
	if err := conn.Client.WithRetry(engine.New(conn.Client, engine.Options{})).CheckCredentials(ctx); err != nil {
		conn.Close()
		return Config{}, none, err
	}
	cfg.Client = conn.Client
	return cfg, conn.Close, nil
}

// hostKeyPath is --host-key, or the default in the state directory.
func hostKeyPath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	dir, err := engine.DefaultStateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, hostKeyName), nil
}

// quietDefaultRenderer points lipgloss's process-wide renderer at nothing.
// Every view draws with its session's styles; a style made elsewhere (a
// bubbles component's default) would otherwise take the colour profile of
// the server's own terminal and ask that terminal for its background from
// a session's goroutine. Plain text is the safe fallback for it.
func quietDefaultRenderer() {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetHasDarkBackground(true)
	lipgloss.SetDefaultRenderer(r)
}

// announce logs where to connect and what the host key is, for the
// operator to pass on.
func announce(log *slog.Logger, srv *Server, cfg Config) {
	mode := "cloud"
	if cfg.Demo {
		mode = "demo: each session gets its own emulator world"
	}
	keys := cfg.AuthorizedKeysPath
	if keys == "" {
		keys = "any public key (demo)"
	}
	log.Info("serving the wizard over SSH", "addr", srv.Addr().String(), "mode", mode,
		"authorized_keys", keys, "host_key", srv.HostKeyFingerprint(),
		"max_sessions", srv.admit.maxSessions, "max_new_per_address_a_minute", srv.admit.newPerAddress)
	if tcp, ok := srv.Addr().(*net.TCPAddr); ok {
		log.Info(fmt.Sprintf("connect with: ssh -p %d %s", tcp.Port, connectHost(tcp.IP)))
		if !tcp.IP.IsLoopback() {
			log.Warn("listening beyond loopback: anyone who can reach this address and holds an allowed key gets the wizard")
		}
	}
}

// connectHost is the host to tell users to connect to: the address
// listened on, or this machine's name when that is every address.
func connectHost(ip net.IP) string {
	if !ip.IsUnspecified() {
		return ip.String()
	}
	if name, err := os.Hostname(); err == nil {
		return name
	}
	return "THIS-HOST"
}
