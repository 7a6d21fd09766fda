// Package sshserve serves the wizard over SSH (the serve command),
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
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/cenroute/cenroute/cenapi/engine"
)

// hostKeyName is the host key's file name in the state directory.
const hostKeyName = "ssh_host_ed25519_key"

// Serve serves the wizard over SSH as cfg says until ctx is done (Ctrl+C or
// SIGTERM), logging to cfg.Log where to connect and, at the end, that it
// stopped. Configuration problems are returned before anything listens.
func Serve(ctx context.Context, cfg Config) error {
	quietDefaultRenderer()
	srv, err := Start(ctx, cfg)
	if err != nil {
		return err
	}
	announce(srv)
	if err := srv.Wait(); err != nil {
		return err
	}
	srv.log.Info("stopped")
	return nil
}

// DefaultHostKeyPath is where the host key is kept unless told otherwise:
// in the state directory.
func DefaultHostKeyPath() (string, error) {
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
func announce(srv *Server) {
	log, cfg := srv.log, srv.cfg
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
