package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/tui/exitcode"
	"github.com/cenroute/cenroute/tui/sshserve"
)

// serveFlags are serve's own flags.
type serveFlags struct {
	listen, hostKey, authorizedKeys string
	maxSessions, newPerAddress      int
}

// newServeCommand is 'cenroute serve': the wizard over SSH (see
// sshserve), until interrupted. Log lines go to stderr: this is a server,
// and the sessions' screens are on the clients.
func (a *app) newServeCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use: "serve [--listen ADDR] [--host-key FILE] [--authorized-keys FILE] [--demo] " +
			"[--max-sessions N] [--max-new-per-address N]",
		Short: "serve the wizard over SSH",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runServe(cmd.Context(), f))
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.listen, "listen", sshserve.DefaultListen, "address to listen on; loopback unless you mean to expose the wizard")
	fs.StringVar(&f.hostKey, "host-key", "", "the server's private host key, generated on first run (default: ssh_host_ed25519_key in the state directory)")
	fs.StringVar(&f.authorizedKeys, "authorized-keys", "", "OpenSSH authorized_keys file of the public keys allowed in; required unless --demo (with --demo and no file, any key is allowed)")
	fs.IntVar(&f.maxSessions, "max-sessions", sshserve.DefaultMaxSessions, "sessions served at once; more are refused, with the reason")
	fs.IntVar(&f.newPerAddress, "max-new-per-address", sshserve.DefaultNewPerAddress, "new connections one address may open in a minute; more are refused, with the reason")
	return cmd
}

func (a *app) runServe(ctx context.Context, f serveFlags) int {
	log := slog.New(slog.NewTextHandler(a.stderr, nil))
	cfg, closeConn, err := a.serveConfig(ctx, f, log)
	if err == nil {
		defer closeConn()
		err = sshserve.Serve(ctx, cfg)
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "cenroute serve: %v\n", err)
		return exitcode.Of(err)
	}
	return exitcode.OK
}

// serveConfig turns the command line into the server's configuration.
// Without --demo it connects to the cloud and checks the credentials once,
// so that a broken setup fails here rather than in every session.
func (a *app) serveConfig(ctx context.Context, f serveFlags, log *slog.Logger) (sshserve.Config, func(), error) {
	none := func() {}
	name, err := theme.ParseName(a.theme)
	if err != nil {
		return sshserve.Config{}, none, exitcode.BadUsage(err)
	}
	switch {
	case a.demo && a.endpoint != "":
		err = errors.New("--demo and --endpoint cannot be used together: every demo session starts its own emulator")
	case f.maxSessions < 1:
		err = fmt.Errorf("--max-sessions %d: want at least 1", f.maxSessions)
	case f.newPerAddress < 1:
		err = fmt.Errorf("--max-new-per-address %d: want at least 1", f.newPerAddress)
	default:
		// Checked before connecting: a typo in the path is the
		// operator's to fix first, whatever the state of the credentials.
		err = sshserve.CheckAuthorizedKeys(f.authorizedKeys, a.demo)
	}
	if err != nil {
		return sshserve.Config{}, none, exitcode.BadUsage(err)
	}
	hostKey := f.hostKey
	if hostKey == "" {
		if hostKey, err = sshserve.DefaultHostKeyPath(); err != nil {
			return sshserve.Config{}, none, err
		}
	}
	cfg := sshserve.Config{Listen: f.listen, HostKeyPath: hostKey, AuthorizedKeysPath: f.authorizedKeys,
		Demo: a.demo, Theme: name, ASCII: a.ascii, Lang: a.words.Lang(), Log: log,
		MaxSessions: f.maxSessions, NewPerAddress: f.newPerAddress}
	if a.demo {
		// Every session's world is built from the same file (--world),
		// read once here.
		if cfg.DemoWorld, err = a.demoOptions(); err != nil {
			return sshserve.Config{}, none, exitcode.BadUsage(err)
		}
		return cfg, none, nil
	}
	client, closeConn, err := a.connect()
	if err != nil {
		return sshserve.Config{}, none, err
	}
	// With the engine's read retries, as every session will read.
	if err := client.WithRetry(engine.New(client, engine.Options{})).CheckCredentials(ctx); err != nil {
		closeConn()
		return sshserve.Config{}, none, err
	}
	cfg.Client = client
	return cfg, closeConn, nil
}
