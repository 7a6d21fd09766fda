package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
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
		Short: "serve the CEN API emulator on loopback",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runEmulator(cmd, listen, allowRemote, opts))
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&listen, "listen", "127.0.0.1:0", "address to listen on; port 0 picks a free port")
	fs.BoolVar(&allowRemote, "allow-remote", false, "allow a --listen address other than loopback (plain HTTP, demo credentials: think twice)")
	emulatorFlags(fs, &opts)
	return cmd
}

func (a *app) runEmulator(cmd *cobra.Command, listen string, allowRemote bool, opts emulator.Options) int {
	world, err := a.loadWorld()
	if err != nil {
		fmt.Fprintf(a.stderr, "cenroute emulator: %s\n", shownMessage(err.Error()))
		return exitcode.Usage
	}
	opts.World = world
	if err := checkEmulatorFlags(cmd.Flags(), listen, allowRemote, opts); err != nil {
		fmt.Fprintf(a.stderr, "cenroute emulator: %v\n", err)
		return exitcode.Usage
	}
	srv, err := emulator.Start(listen, opts)
	if err != nil {
		fmt.Fprintf(a.stderr, "cenroute emulator: %v\n", err)
		return exitcode.Failed
	}
	defer srv.Close()
	printEmulatorBanner(a.stdout, srv, opts)
	fmt.Fprintln(a.stderr, "serving the CEN API emulator; press Ctrl+C to stop")
	<-cmd.Context().Done()
	return exitcode.OK
}

// emulatorFlags declares the emulator's knobs on fs, defaulting to opts.
func emulatorFlags(fs *pflag.FlagSet, opts *emulator.Options) {
	fs.StringVar(&opts.AccessKeyID, "access-key-id", opts.AccessKeyID, "the AccessKeyId to accept (with --access-key-secret)")
	fs.StringVar(&opts.AccessKeySecret, "access-key-secret", opts.AccessKeySecret, "the AccessKeySecret to accept (with --access-key-id)")
	fs.DurationVar(&opts.Latency, "latency", opts.Latency, "delay of every reply")
	fs.DurationVar(&opts.Jitter, "jitter", opts.Jitter, "random spread of the delay, plus or minus")
	fs.Float64Var(&opts.QPS, "qps", opts.QPS, "requests per second allowed per action, more get Throttling.User; 0 = unlimited")
	fs.DurationVar(&opts.QPSHalveAfter, "qps-halve-after", opts.QPSHalveAfter, "halve each action's --qps this long after its first request (a limit lowered during a run); 0 = never")
	fs.Float64Var(&opts.FaultRate, "fault-rate", opts.FaultRate, "share of requests (0..1) meeting a transient fault: 503, 500, Operation.Blocking, dropped connection, slow reply")
	fs.DurationVar(&opts.SlowReply, "slow-reply", opts.SlowReply, "how long a slow-reply fault holds the reply (0 = 30s)")
	fs.Float64Var(&opts.FailRate, "fail-rate", opts.FailRate, "share of new route services (0..1) that end Failed")
	fs.DurationVar(&opts.ActivateAfter, "activate-after", opts.ActivateAfter, "how long a new route service stays Creating")
	fs.DurationVar(&opts.DeleteAfter, "delete-after", opts.DeleteAfter, "how long a deleted route service stays Deleting")
	fs.Int64Var(&opts.Seed, "seed", opts.Seed, "seed of the demo world and of the random knobs")
	fs.IntVar(&opts.MaxRouteServices, "max-route-services", opts.MaxRouteServices, "route services allowed per CEN; 0 = unlimited")
	fs.BoolVar(&opts.CheckTimestamp, "check-timestamp", opts.CheckTimestamp, "refuse requests whose Timestamp is more than 15 minutes off")
	fs.BoolVar(&opts.CheckNonce, "check-nonce", opts.CheckNonce, "refuse a reused SignatureNonce")
	fs.DurationVar(&opts.ClockSkew, "clock-skew", opts.ClockSkew, "run the emulator's clock this far ahead (negative: behind), as if the client's clock were off; beyond 15m every call is refused")
	fs.StringSliceVar(&opts.Deny, "deny", opts.Deny, "`action`s RAM refuses with 403 Forbidden.RAM, e.g. cen:ResolveAndRouteServiceInCen; repeat or separate with commas (change them while serving: POST /_emulator/knobs)")
	fs.StringVar(&opts.SecurityToken, "security-token", opts.SecurityToken, "take STS credentials: every request must carry this SecurityToken (e.g. "+emulator.DemoSecurityToken+")")
	fs.DurationVar(&opts.TokenLifetime, "token-lifetime", opts.TokenLifetime, "with --security-token: the token expires this long after the start (renew it: POST /_emulator/knobs); 0 = never")
	fs.DurationVar(&opts.ReadTimeout, "read-timeout", emulator.DefaultReadTimeout, "longest time to read a request, body included")
	fs.DurationVar(&opts.WriteTimeout, "write-timeout", 0, "longest time to handle a request and write its reply (0 = 30s plus the latency, jitter and slow reply)")
	fs.DurationVar(&opts.IdleTimeout, "idle-timeout", emulator.DefaultIdleTimeout, "how long a kept-alive connection may wait for its next request")
	fs.IntVar(&opts.MaxConnections, "max-connections", emulator.DefaultMaxConnections, "connections served at once; more wait to be accepted")
}

// checkEmulatorFlags reports bad flag values: credentials come in pairs and
// are not empty, the knobs are in range, and the address is loopback
// unless --allow-remote.
func checkEmulatorFlags(fs *pflag.FlagSet, listen string, allowRemote bool, opts emulator.Options) error {
	if fs.Changed("access-key-id") != fs.Changed("access-key-secret") {
		return errors.New("--access-key-id and --access-key-secret go together")
	}
	if opts.AccessKeyID == "" || opts.AccessKeySecret == "" {
		return errors.New("--access-key-id and --access-key-secret cannot be empty")
	}
	if err := opts.Validate(); err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("--listen %s: want host:port, e.g. 127.0.0.1:8080", shown(strconv.Quote(listen)))
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("--listen %s: the port must be a number from 0 (any free port) to 65535", shown(strconv.Quote(listen)))
	}
	if !allowRemote && !cenapi.IsLoopbackHost(host) {
		return fmt.Errorf("--listen %s is not a loopback address; add --allow-remote to serve other machines", shown(strconv.Quote(listen)))
	}
	return nil
}

// printEmulatorBanner writes the endpoint line first, then how to connect.
// A secret or token given on the command line is not echoed; the demo ones
// are public.
func printEmulatorBanner(w io.Writer, srv *emulator.Server, opts emulator.Options) {
	secret, envSecret := "(the one given with --access-key-secret)", "<your secret>"
	if opts.AccessKeySecret == emulator.DemoAccessKeySecret {
		secret, envSecret = emulator.DemoAccessKeySecret, emulator.DemoAccessKeySecret
	}
	fmt.Fprintf(w, "endpoint: %s\n", srv.URL())
	fmt.Fprintf(w, "access key id: %s\n", opts.AccessKeyID)
	fmt.Fprintf(w, "access key secret: %s\n", secret)
	envToken := ""
	if opts.SecurityToken != "" {
		token, shownToken := "(the one given with --security-token)", "<your token>"
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
	fmt.Fprintf(w, "try: ALIBABA_CLOUD_ACCESS_KEY_ID=%s ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s%s cenroute --endpoint %s list --cen %s\n",
		opts.AccessKeyID, envSecret, envToken, srv.Endpoint(), shown(cen))
}
