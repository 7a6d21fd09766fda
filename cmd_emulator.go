package main

import (
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// newEmulatorCommand is 'cenroute emulator': it serves the CEN API
// emulator until interrupted (SIGINT, SIGTERM, SIGHUP). The first stdout
// line is "endpoint: http://HOST:PORT", for scripts; the credentials to use
// and a command to try follow.
func (a *app) newEmulatorCommand() *cobra.Command {
	opts := emulator.DemoOptions()
	var listen string
	var allowRemote bool
	cmd := &cobra.Command{
		Use: "emulator [--world FILE] [--listen 127.0.0.1:0] [--access-key-id ID --access-key-secret SECRET] " +
			"[--latency D] [--jitter D] [--qps N [--qps-halve-after D]] [--fault-rate F] [--fail-rate F] [--activate-after D] [--seed N] " +
			"[--deny ACTION] [--security-token T [--token-lifetime D]] [--clock-skew D] [flags]",
		Short: a.words.T("cli.emulator.short"),
		Args:  a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runEmulator(cmd, listen, allowRemote, opts))
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&listen, "listen", "127.0.0.1:0", a.words.T("cli.flag.emulator.listen"))
	fs.BoolVar(&allowRemote, "allow-remote", false, a.words.T("cli.flag.emulator.allowRemote"))
	emulatorFlags(fs, a.words, &opts)
	return cmd
}

func (a *app) runEmulator(cmd *cobra.Command, listen string, allowRemote bool, opts emulator.Options) int {
	world, err := a.loadWorld()
	if err != nil {
		fmt.Fprintf(a.stderr, "cenroute emulator: %s\n", a.errorText(err))
		return exitcode.Usage
	}
	opts.World = world
	if err := a.checkEmulatorFlags(cmd.Flags(), listen, allowRemote, opts); err != nil {
		fmt.Fprintf(a.stderr, "cenroute emulator: %s\n", a.errorText(err))
		return exitcode.Usage
	}
	srv, err := emulator.Start(listen, opts)
	if err != nil {
		fmt.Fprintf(a.stderr, "cenroute emulator: %s\n", a.errorText(err))
		return exitcode.Failed
	}
	defer srv.Close()
	a.printEmulatorBanner(srv, opts)
	fmt.Fprintln(a.stderr, a.words.T("cli.emulator.serving"))
	<-cmd.Context().Done()
	return exitcode.OK
}

// emulatorFlags declares the emulator's knobs on fs, defaulting to opts,
// their help in words.
func emulatorFlags(fs *pflag.FlagSet, words *i18n.Localizer, opts *emulator.Options) {
	fs.StringVar(&opts.AccessKeyID, "access-key-id", opts.AccessKeyID, words.T("cli.flag.emulator.accessKeyId"))
	fs.StringVar(&opts.AccessKeySecret, "access-key-secret", opts.AccessKeySecret, words.T("cli.flag.emulator.accessKeySecret"))
	fs.DurationVar(&opts.Latency, "latency", opts.Latency, words.T("cli.flag.emulator.latency"))
	fs.DurationVar(&opts.Jitter, "jitter", opts.Jitter, words.T("cli.flag.emulator.jitter"))
	fs.Float64Var(&opts.QPS, "qps", opts.QPS, words.T("cli.flag.emulator.qps"))
	fs.DurationVar(&opts.QPSHalveAfter, "qps-halve-after", opts.QPSHalveAfter, words.T("cli.flag.emulator.qpsHalveAfter"))
	fs.Float64Var(&opts.FaultRate, "fault-rate", opts.FaultRate, words.T("cli.flag.emulator.faultRate"))
	fs.DurationVar(&opts.SlowReply, "slow-reply", opts.SlowReply, words.T("cli.flag.emulator.slowReply"))
	fs.Float64Var(&opts.FailRate, "fail-rate", opts.FailRate, words.T("cli.flag.emulator.failRate"))
	fs.DurationVar(&opts.ActivateAfter, "activate-after", opts.ActivateAfter, words.T("cli.flag.emulator.activateAfter"))
	fs.DurationVar(&opts.DeleteAfter, "delete-after", opts.DeleteAfter, words.T("cli.flag.emulator.deleteAfter"))
	fs.Int64Var(&opts.Seed, "seed", opts.Seed, words.T("cli.flag.emulator.seed"))
	fs.IntVar(&opts.MaxRouteServices, "max-route-services", opts.MaxRouteServices, words.T("cli.flag.emulator.maxRouteServices"))
	fs.BoolVar(&opts.CheckTimestamp, "check-timestamp", opts.CheckTimestamp, words.T("cli.flag.emulator.checkTimestamp"))
	fs.BoolVar(&opts.CheckNonce, "check-nonce", opts.CheckNonce, words.T("cli.flag.emulator.checkNonce"))
	fs.DurationVar(&opts.ClockSkew, "clock-skew", opts.ClockSkew, words.T("cli.flag.emulator.clockSkew"))
	fs.StringSliceVar(&opts.Deny, "deny", opts.Deny, words.T("cli.flag.emulator.deny"))
	fs.StringVar(&opts.SecurityToken, "security-token", opts.SecurityToken,
		words.T("cli.flag.emulator.securityToken", i18n.Args{"Token": emulator.DemoSecurityToken}))
	fs.DurationVar(&opts.TokenLifetime, "token-lifetime", opts.TokenLifetime, words.T("cli.flag.emulator.tokenLifetime"))
	fs.DurationVar(&opts.ReadTimeout, "read-timeout", emulator.DefaultReadTimeout, words.T("cli.flag.emulator.readTimeout"))
	fs.DurationVar(&opts.WriteTimeout, "write-timeout", 0, words.T("cli.flag.emulator.writeTimeout"))
	fs.DurationVar(&opts.IdleTimeout, "idle-timeout", emulator.DefaultIdleTimeout, words.T("cli.flag.emulator.idleTimeout"))
	fs.IntVar(&opts.MaxConnections, "max-connections", emulator.DefaultMaxConnections, words.T("cli.flag.emulator.maxConnections"))
}

// checkEmulatorFlags reports bad flag values: credentials come in pairs and
// are not empty, the knobs are in range, and the address is loopback
// unless --allow-remote.
func (a *app) checkEmulatorFlags(fs *pflag.FlagSet, listen string, allowRemote bool, opts emulator.Options) error {
	w, args := a.words, i18n.Args{"Listen": shown(strconv.Quote(listen))}
	if fs.Changed("access-key-id") != fs.Changed("access-key-secret") {
		return errors.New(w.T("cli.emulator.keyPair"))
	}
	if opts.AccessKeyID == "" || opts.AccessKeySecret == "" {
		return errors.New(w.T("cli.emulator.emptyKey"))
	}
	if err := opts.Validate(); err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return errors.New(w.T("cli.emulator.listenForm", args))
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return errors.New(w.T("cli.emulator.listenPort", args))
	}
	if !allowRemote && !cenapi.IsLoopbackHost(host) {
		return errors.New(w.T("cli.emulator.listenRemote", args))
	}
	return nil
}

// printEmulatorBanner writes the endpoint line first, then how to connect,
// on stdout. Its "key: value" lines are the same in every language, for
// the scripts that read them; the rest is said in the language. A secret
// or token given on the command line is not echoed; the demo ones are
// public.
func (a *app) printEmulatorBanner(srv *emulator.Server, opts emulator.Options) {
	w := a.stdout
	secret, envSecret := a.words.T("cli.emulator.givenSecret"), a.words.T("cli.emulator.yourSecret")
	if opts.AccessKeySecret == emulator.DemoAccessKeySecret {
		secret, envSecret = emulator.DemoAccessKeySecret, emulator.DemoAccessKeySecret
	}
	fmt.Fprintf(w, "endpoint: %s\n", srv.URL())
	fmt.Fprintf(w, "access key id: %s\n", opts.AccessKeyID)
	fmt.Fprintf(w, "access key secret: %s\n", secret)
	envToken := ""
	if opts.SecurityToken != "" {
		token, shownToken := a.words.T("cli.emulator.givenToken"), a.words.T("cli.emulator.yourToken")
		if opts.SecurityToken == emulator.DemoSecurityToken {
			token, shownToken = emulator.DemoSecurityToken, emulator.DemoSecurityToken
		}
		fmt.Fprintf(w, "security token: %s\n", token)
		envToken = " ALIBABA_CLOUD_SECURITY_TOKEN=" + shownToken
	}
	cen := emulator.DemoCenID
	if opts.World != nil && len(opts.World.CENs) > 0 {
		cen = opts.World.CENs[0].ID
	}
	fmt.Fprintln(w, a.words.T("cli.emulator.try", i18n.Args{"Command": fmt.Sprintf(
		"ALIBABA_CLOUD_ACCESS_KEY_ID=%s ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s%s cenroute --endpoint %s list --cen %s",
		opts.AccessKeyID, envSecret, envToken, srv.Endpoint(), shown(cen))}))
}
