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
		Short: a.words.T("cli.serve.short"),
		Args:  a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runServe(cmd.Context(), f))
		},
	}
	fs := cmd.Flags()
	w := a.words
	fs.StringVar(&f.listen, "listen", sshserve.DefaultListen, w.T("cli.flag.serve.listen"))
	fs.StringVar(&f.hostKey, "host-key", "", w.T("cli.flag.serve.hostKey"))
	fs.StringVar(&f.authorizedKeys, "authorized-keys", "", w.T("cli.flag.serve.authorizedKeys"))
	fs.IntVar(&f.maxSessions, "max-sessions", sshserve.DefaultMaxSessions, w.T("cli.flag.serve.maxSessions"))
	fs.IntVar(&f.newPerAddress, "max-new-per-address", sshserve.DefaultNewPerAddress, w.T("cli.flag.serve.maxNewPerAddress"))
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
		fmt.Fprintf(a.stderr, "cenroute serve: %s\n", a.errorText(err))
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
		err = errors.New(a.words.T("cli.serve.demoEndpoint"))
	case f.maxSessions < 1:
		err = a.atLeastOne("--max-sessions", f.maxSessions)
	case f.newPerAddress < 1:
		err = a.atLeastOne("--max-new-per-address", f.newPerAddress)
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
