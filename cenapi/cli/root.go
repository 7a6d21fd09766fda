// Package cli implements cenroute's command line: the global flags, the
// connection they describe (a real CEN endpoint or an in-process emulator),
// and the scripted commands (emulator, list, apply, delete). It knows nothing
// of the terminal UI: main hands it launchers for the interactive modes.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"syscall"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
)

// Version is the program's version, set at build time with
// -ldflags "-X github.com/cenroute/cenroute/cenapi/cli.Version=v1.2.3".
var Version = "dev"

// Exit codes shared by every command.
const (
	ExitOK     = 0 // everything ended as asked
	ExitFailed = 1 // the command ran but something failed
	ExitUsage  = 2 // bad usage or bad input; nothing was sent
)

// IO is where a command reads and writes.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Globals are the flags every command accepts before or after its name.
type Globals struct {
	Profile  string
	Region   string
	Endpoint string
	Demo     bool
	// World is a world file for the emulator (--demo, the emulator
	// command); "" is the built-in demo world.
	World string
	// Theme and ASCII are for the interactive modes: --theme
	// auto|dark|light|high-contrast and --ascii.
	Theme string
	ASCII bool
}

// Env is what a command gets: the parsed global flags and a way to connect.
type Env struct {
	Globals
	IO
	// Args are the arguments left after the global flags and the command
	// name.
	Args []string
}

// Connection is a client together with whatever it needs to keep running
// (an in-process emulator in demo mode). Close releases it.
type Connection struct {
	Client   *cenapi.Client
	Emulator *emulator.Server // nil unless --demo
}

// Demo reports whether the connection goes to the in-process demo
// emulator.
func (c *Connection) Demo() bool { return c.Emulator != nil }

// Close stops the in-process emulator, if any.
func (c *Connection) Close() {
	if c.Emulator != nil {
		c.Emulator.Close()
	}
}

// Connect builds the client the global flags describe. With --demo it
// starts a demo world of its own (see StartDemo).
func (e *Env) Connect() (*Connection, error) {
	if e.Demo {
		if e.Endpoint != "" {
			return nil, Usage(errors.New("--demo and --endpoint cannot be used together: --demo starts its own emulator"))
		}
		opts, err := e.DemoOptions()
		if err != nil {
			return nil, err
		}
		return StartDemo(opts, e.Region)
	}
	if e.World != "" {
		return nil, errors.New("--world describes an emulated world: use it with --demo, or with the emulator command")
	}
	client, err := cenapi.New(cenapi.Config{Profile: e.Profile, Region: e.Region, Endpoint: e.Endpoint})
	if err != nil {
		return nil, err
	}
	return &Connection{Client: client}, nil
}

// DemoOptions are the options of a demo emulator (--demo, a demo SSH
// session): emulator.DemoOptions, with the world of --world when given.
func (e *Env) DemoOptions() (emulator.Options, error) {
	opts := emulator.DemoOptions()
	w, err := e.LoadWorld()
	opts.World = w
	return opts, err
}

// LoadWorld reads the world file --world names; nil (the built-in demo
// world) when there is none. Its errors name the file and line.
func (e *Env) LoadWorld() (*emulator.World, error) {
	if e.World == "" {
		return nil, nil
	}
	return emulator.LoadWorld(e.World)
}

// StartDemo starts an emulator with opts on a loopback port and connects to
// it with the emulator's demo credentials: what --demo does, and what every
// demo SSH session and the screenshot capture need. region may be "" for
// the default.
func StartDemo(opts emulator.Options, region string) (*Connection, error) {
	srv, err := emulator.Start("127.0.0.1:0", opts)
	if err != nil {
		return nil, fmt.Errorf("starting the demo emulator: %w", err)
	}
	client, err := cenapi.New(cenapi.Config{Region: region, Endpoint: srv.Endpoint(),
		AccessKeyID: emulator.DemoAccessKeyID, AccessKeySecret: emulator.DemoAccessKeySecret})
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &Connection{Client: client, Emulator: srv}, nil
}

// Launchers are the interactive modes main supplies, so that this package
// stays free of the terminal UI.
type Launchers struct {
	// UI runs the wizard; it is used when no command is named.
	UI func(ctx context.Context, env *Env) int
	// Serve runs the SSH server (the serve command).
	Serve func(ctx context.Context, env *Env) int
}

// command is one scripted command.
type command struct {
	summary string
	run     func(ctx context.Context, env *Env) int
}

func commands(l Launchers) map[string]command {
	return map[string]command{
		"emulator": {"serve the CEN API emulator on loopback", runEmulator},
		"list":     {"list the route services of a CEN", runList},
		"apply":    {"create route services for many hosts", runApply},
		"delete":   {"delete route services", runDelete},
		"runs":     {"list the runs that did not finish, with the command that resumes each", runRuns},
		"serve":    {"serve the wizard over SSH", l.Serve},
	}
}

// shutdownSignals end a command the way a first Ctrl+C does.
var shutdownSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// Main parses the arguments, runs the command they name (the wizard if
// none) and returns the process exit code.
func Main(args []string, stdio IO, l Launchers) int {
	env := &Env{IO: stdio}
	cmds := commands(l)
	fs := newGlobalFlagSet(&env.Globals)
	var version bool
	fs.BoolVar(&version, "version", false, "print the version and exit")
	// The standard parser stops at the first non-flag argument, the command
	// name; the command parses the rest, global flags included.
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdio.Stderr, fs, cmds)
			return ExitOK
		}
		fmt.Fprintf(stdio.Stderr, "cenroute: %s\nRun 'cenroute --help' for usage.\n", shownMessage(err.Error()))
		return ExitUsage
	}
	if version {
		fmt.Fprintf(stdio.Stdout, "cenroute %s\n", Version)
		return ExitOK
	}
	// SIGHUP arrives when the terminal goes away (a closed tmux pane, a
	// dropped SSH connection to the jump host): treat it like Ctrl+C, so
	// runs stop with their journals written and temporary files removed.
	ctx, stop := signal.NotifyContext(context.Background(), shutdownSignals...)
	defer stop()
	rest := fs.Args()
	if len(rest) == 0 {
		return l.UI(ctx, env)
	}
	name := rest[0]
	cmd, ok := cmds[name]
	if !ok || cmd.run == nil {
		fmt.Fprintf(stdio.Stderr, "cenroute: unknown command %s\nRun 'cenroute --help' for usage.\n", shown(strconv.Quote(name)))
		return ExitUsage
	}
	env.Args = rest[1:]
	return cmd.run(ctx, env)
}

// newGlobalFlagSet declares the global flags on a new flag set. Commands
// call it too, so global flags may also follow the command name.
func newGlobalFlagSet(g *Globals) *flag.FlagSet {
	fs := flag.NewFlagSet("cenroute", flag.ContinueOnError)
	// The caller says what went wrong: help only for -h and --help, and an
	// error with the usage line otherwise, never both.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&g.Profile, "profile", g.Profile, "aliyun CLI profile to use (from ~/.aliyun/config.json)")
	fs.StringVar(&g.Region, "region", g.Region, "region for API calls (default: the profile's region, $ALIBABA_CLOUD_REGION_ID, or cn-hangzhou)")
	fs.StringVar(&g.Endpoint, "endpoint", g.Endpoint, "CEN API endpoint; plain HTTP only to a loopback host:port such as 127.0.0.1:8080")
	fs.BoolVar(&g.Demo, "demo", g.Demo, "run against a built-in emulator with a demo world; no cloud account needed")
	fs.StringVar(&g.World, "world", g.World, "with --demo or the emulator command: the emulated world, from a YAML or JSON world file (see the README)")
	fs.StringVar(&g.Theme, "theme", defaultString(g.Theme, "auto"), "colours: auto, dark, light or high-contrast (NO_COLOR is honoured)")
	fs.BoolVar(&g.ASCII, "ascii", g.ASCII, "ASCII borders and glyphs only (default when the locale is not UTF-8)")
	return fs
}

// CommandFlags returns a flag set for a command that also accepts the global
// flags, writing parse errors nowhere (the caller reports them).
func (e *Env) CommandFlags(name string) *flag.FlagSet {
	fs := newGlobalFlagSet(&e.Globals)
	fs.Init("cenroute "+name, flag.ContinueOnError)
	return fs
}

// ParseCommand parses a command's flags. -h and --help print the
// command's help; a bad flag prints the problem and the usage line. It
// returns false when the command should exit with the code given.
func (e *Env) ParseCommand(fs *flag.FlagSet, usageLine string) (ok bool, code int) {
	if err := fs.Parse(e.Args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(e.Stderr, "usage: %s\n\nflags:\n", usageLine)
			printCommandDefaults(e.Stderr, fs)
			fmt.Fprintln(e.Stderr, "\nThe global flags (--profile, --region, --endpoint, --demo, ...) are accepted too: see 'cenroute --help'.")
			return false, ExitOK
		}
		return false, usageError(e, usageLine, shownMessage(err.Error()))
	}
	if fs.NArg() > 0 {
		return false, usageError(e, usageLine, "unexpected argument "+shown(strconv.Quote(fs.Arg(0))))
	}
	return true, ExitOK
}

func usage(w io.Writer, fs *flag.FlagSet, cmds map[string]command) {
	fmt.Fprintln(w, "cenroute: route on-premises networks to Alibaba Cloud services through CEN")
	fmt.Fprintln(w, "\nusage:\n  cenroute [global flags]              start the wizard\n  cenroute [global flags] COMMAND ...   run a command")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nglobal flags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprintln(w, "\nRun 'cenroute COMMAND --help' for a command's flags. Try 'cenroute --demo' first.")
}

func defaultString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// printCommandDefaults prints the defaults of a command's own flags,
// leaving out the global ones every command also accepts, so that a
// command's help shows what is particular to it. The defaults are those
// the flags were declared with, not the values given on this command line.
func printCommandDefaults(w io.Writer, fs *flag.FlagSet) {
	global := newGlobalFlagSet(&Globals{})
	own := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	fs.VisitAll(func(f *flag.Flag) {
		if global.Lookup(f.Name) == nil {
			own.Var(f.Value, f.Name, f.Usage)
			own.Lookup(f.Name).DefValue = f.DefValue
		}
	})
	own.SetOutput(w)
	own.PrintDefaults()
}

// badUsage is an error that is bad usage (see Usage).
type badUsage struct{ error }

func (u badUsage) Unwrap() error { return u.error }

// Usage marks err as bad usage: flags or settings that cannot work
// together, found before anything was sent. ExitCode maps it to ExitUsage.
func Usage(err error) error { return badUsage{err} }

// ExitCode is the exit code of a command ended by err: ExitUsage for bad
// usage (an error marked with Usage, or a client configuration the flags
// made unusable, such as --region ../x), ExitFailed for anything else.
func ExitCode(err error) int {
	var u badUsage
	var ce *cenapi.Error
	if errors.As(err, &u) || (errors.As(err, &ce) && ce.Code == cenapi.CodeConfig) {
		return ExitUsage
	}
	return ExitFailed
}

// checkOutput refuses an --output other than table or json, the two every
// command that takes it prints.
func checkOutput(output string) error {
	if output != "table" && output != "json" {
		return fmt.Errorf("--output %s: want table or json", shown(strconv.Quote(output)))
	}
	return nil
}

// failed reports an error that ends the command and returns its exit code
// (see ExitCode). An interrupt (Ctrl+C, SIGTERM, a hang-up) is said as
// such.
func failed(env *Env, err error) int {
	msg := err.Error()
	if errors.Is(err, context.Canceled) {
		msg = "stopped"
	}
	fmt.Fprintf(env.Stderr, "cenroute: %s\n", shownMessage(msg))
	return ExitCode(err)
}

// usageError reports bad usage with the usage line and returns ExitUsage.
func usageError(env *Env, usage, problem string) int {
	fmt.Fprintf(env.Stderr, "cenroute: %s\nusage: %s\n", problem, usage)
	return ExitUsage
}

// inputError reports bad input and returns ExitUsage: nothing was sent.
func inputError(env *Env, problem string) int {
	fmt.Fprintf(env.Stderr, "cenroute: %s\n", problem)
	return ExitUsage
}
