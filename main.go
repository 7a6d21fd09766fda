// Command cenroute routes on-premises networks to Alibaba Cloud services
// through a Cloud Enterprise Network: an interactive wizard, scripted
// commands and a built-in emulator of the CEN API.
//
// This package is the command line: the global flags, one file per
// command (cmd_*.go), and the connection the flags describe. The wizard is
// in tui, the client of the CEN API and everything behind it in cenapi.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// Version is the program's version, set at build time with
// -ldflags "-X main.Version=v1.2.3".
var Version = "dev"

func main() {
	env := environment{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(context.Background(), os.Args[1:], env))
}

// environment is what the program is given besides its arguments: where
// it reads and writes, and its environment variables.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// globals are the flags every command accepts, before or after its name.
type globals struct {
	profile, region       string
	endpoint, vpcEndpoint string
	demo                  bool
	// world is a world file for the emulator (--demo, the emulator
	// command); "" is the built-in demo world.
	world string
	// theme and ascii are for the interactive modes: --theme
	// auto|dark|light|high-contrast and --ascii.
	theme string
	ascii bool
	// lang is --lang as given ("" for the environment's choice; see
	// i18n.Detect). The language itself is chosen before the commands are
	// built, since their help is in it (see langFlag).
	lang string
}

// register declares the global flags on fs.
func (g *globals) register(fs *pflag.FlagSet) {
	fs.StringVar(&g.profile, "profile", "", "aliyun CLI profile to use (from ~/.aliyun/config.json)")
	fs.StringVar(&g.region, "region", "", "region for API calls (default: the profile's region, $ALIBABA_CLOUD_REGION_ID, or cn-hangzhou)")
	fs.StringVar(&g.endpoint, "endpoint", "", "CEN API endpoint: https://HOST[:PORT] (default $"+cenapi.EnvEndpoint+", else cbn.aliyuncs.com); plain HTTP only to a loopback emulator such as 127.0.0.1:8080")
	fs.StringVar(&g.vpcEndpoint, "vpc-endpoint", "", "VPC API endpoint: https://HOST[:PORT] (default $"+cenapi.EnvVPCEndpoint+", else the --endpoint of an emulator, else vpc.REGION.aliyuncs.com)")
	fs.BoolVar(&g.demo, "demo", false, "run against a built-in emulator with a demo world; no cloud account needed")
	fs.StringVar(&g.world, "world", "", "with --demo or the emulator command: the emulated world, from a YAML or JSON world file (see the README)")
	fs.StringVar(&g.theme, "theme", "auto", "colours: auto, dark, light or high-contrast (NO_COLOR is honoured)")
	fs.BoolVar(&g.ascii, "ascii", false, "ASCII borders and glyphs only (default when the locale is not UTF-8)")
	fs.StringVar(&g.lang, "lang", "", "language: en or zh (default $"+i18n.EnvLang+", else the locale: LC_ALL, LC_MESSAGES or LANG starting with zh means zh)")
}

// app is one run of the program: its environment and its global flags.
type app struct {
	environment
	globals
	// words says everything the program says in the language chosen;
	// JSON output stays language-neutral whatever it is.
	words *i18n.Localizer
}

// shutdownSignals end a command the way a first Ctrl+C does. SIGHUP
// arrives when the terminal goes away (a closed tmux pane, a dropped SSH
// connection to the jump host): treated like Ctrl+C, runs stop with their
// journals written and temporary files removed.
var shutdownSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// run parses the arguments, runs the command they name (the wizard if
// none) until it ends or ctx does, and returns the process exit code.
func run(ctx context.Context, args []string, env environment) int {
	if args == nil {
		args = []string{} // given nil, cobra would read os.Args
	}
	lang, err := i18n.Detect(langFlag(args), env.getenv)
	if err != nil {
		fmt.Fprintf(env.stderr, "cenroute: %s\n", err)
		return exitcode.Usage
	}
	a := &app{environment: env, words: i18n.New(lang)}
	root := a.newRootCommand()
	root.SetArgs(args)
	ctx, stop := signal.NotifyContext(ctx, shutdownSignals...)
	defer stop()
	cmd, err := root.ExecuteContextC(ctx)
	return a.exitCode(cmd, err)
}

// langFlag is the value of --lang among args ("" when not given), read
// before the command line is parsed: the commands' help is written in the
// language it chooses. Arguments after "--" are not flags.
func langFlag(args []string) string {
	lang := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return lang
		case a == "--lang" && i+1 < len(args):
			lang = args[i+1]
			i++
		case strings.HasPrefix(a, "--lang="):
			lang = strings.TrimPrefix(a, "--lang=")
		}
	}
	return lang
}

// newRootCommand is the command line: the wizard when no command is
// named, the commands, the global flags.
func (a *app) newRootCommand() *cobra.Command {
	var version bool
	var routes string
	root := &cobra.Command{
		Use:   "cenroute",
		Short: "route on-premises networks to Alibaba Cloud services through CEN",
		Args:  a.noCommand,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if version {
				fmt.Fprintf(a.stdout, "cenroute %s\n", Version)
				return nil
			}
			return exit(a.runWizard(cmd.Context(), routes))
		},
		// Errors are said by exitCode, in one line and the usage line,
		// never with the whole help.
		SilenceErrors:              true,
		SilenceUsage:               true,
		SuggestionsMinimumDistance: 2,
	}
	root.Flags().BoolVar(&version, "version", false, "print the version and exit")
	root.Flags().StringVar(&routes, "file", "", "open the wizard on what a sync of this routes file would change, to review and send it")
	a.globals.register(root.PersistentFlags())
	root.SetFlagErrorFunc(flagError)
	root.SetHelpFunc(a.help)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.AddCommand(a.newEmulatorCommand(), a.newListCommand(), a.newApplyCommand(), a.newDeleteCommand(),
		a.newExportCommand(), a.newPlanCommand(), a.newSyncCommand(), a.newRunsCommand(), a.newServeCommand(), a.newDoctorCommand())
	// Shell completion (cenroute completion bash, ...) is cobra's; made
	// here, rather than when the command line runs, to word it as ours.
	root.InitDefaultCompletionCmd()
	if completion, _, err := root.Find([]string{"completion"}); err == nil && completion != root {
		completion.Short = "print a shell completion script (bash, zsh, fish or powershell)"
	}
	return root
}

// runWizard runs the wizard in the user's terminal; on the review of a
// routes file when one is given, which must read first (a bad one is
// refused here, each mistake at its line, as plan refuses it).
func (a *app) runWizard(ctx context.Context, routes string) int {
	name, err := theme.ParseName(a.theme)
	if err != nil {
		return a.failed(exitcode.BadUsage(err))
	}
	if routes != "" {
		if _, code, done := a.loadRoutes(routes); done {
			return code
		}
	}
	return tui.Launch(ctx, tui.Options{Stdin: a.stdin, Stdout: a.stdout, Stderr: a.stderr, Theme: name,
		ASCII: a.ascii, Lang: a.words, Demo: a.demo, Connect: a.connect, RoutesFile: routes,
		ResumeCommand: func(kind, runID string) string { return resumeCommand(a.globals, kind, runID, "") },
		DoctorCommand: doctorCommand(a.globals)})
}

// noCommand refuses arguments where a command name was expected, naming
// the commands it might be.
func (a *app) noCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	problem := "unknown command " + shown(strconv.Quote(args[0]))
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		problem += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return errors.New(problem)
}

// noArgs refuses arguments after a command's flags.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return errors.New("unexpected argument " + shown(strconv.Quote(args[0])))
	}
	return nil
}

// flagError words a flag the parser refused. A value of the wrong kind is
// named with its flag and the kind wanted, and a long flag given one dash
// (-demo) with the spelling it needs; the others (an unknown flag, a
// missing value) are the parser's own words.
func flagError(cmd *cobra.Command, err error) error {
	var invalid *pflag.InvalidValueError
	var unknown *pflag.NotExistError
	switch {
	case errors.As(err, &invalid):
		return fmt.Errorf("--%s %s: want %s", invalid.GetFlag().Name, shown(strconv.Quote(invalid.GetValue())),
			valueKind(invalid.GetFlag().Value.Type()))
	case errors.As(err, &unknown) && len(unknown.GetSpecifiedShortnames()) > 1 && cmd.Flags().Lookup(unknown.GetSpecifiedShortnames()) != nil:
		name := unknown.GetSpecifiedShortnames()
		return fmt.Errorf("-%s: a long flag takes two dashes: --%s", name, name)
	}
	return err
}

// valueKind says in words what a flag of type t takes.
func valueKind(t string) string {
	switch t {
	case "float64":
		return "a number"
	case "int", "int64":
		return "a whole number"
	case "duration":
		return "a duration such as 250ms or 2s"
	case "bool":
		return "true or false"
	}
	return "a " + t
}

// ended is how a command that has said what went wrong ends with a code
// other than 0.
type ended int

func (e ended) Error() string { return "exit status " + strconv.Itoa(int(e)) }

// exit turns a command's exit code into the error its RunE returns.
func exit(code int) error {
	if code == exitcode.OK {
		return nil
	}
	return ended(code)
}

// exitCode is the exit code of the command line that ran cmd and ended
// with err. The commands say their own problems (see ended); any other
// error is the command line's (a bad flag, an unknown command, a stray
// argument), said here in one line with the usage line.
func (a *app) exitCode(cmd *cobra.Command, err error) int {
	var code ended
	switch {
	case err == nil:
		return exitcode.OK
	case errors.As(err, &code):
		return int(code)
	case cmd == nil || !cmd.HasParent():
		fmt.Fprintf(a.stderr, "cenroute: %s\nRun 'cenroute --help' for usage.\n", shownMessage(err.Error()))
		return exitcode.Usage
	}
	return a.usageError(cmd, shownMessage(err.Error()))
}

// usageLine is cmd's usage, as its Use field spells it after the names of
// the commands above it.
func usageLine(cmd *cobra.Command) string {
	return cmd.Parent().CommandPath() + " " + cmd.Use
}

// help prints the help --help asks for, on stderr: for the program, its
// commands and global flags; for a command, its usage and its own flags.
func (a *app) help(cmd *cobra.Command, _ []string) {
	w := a.stderr
	if !cmd.HasParent() {
		a.rootHelp(cmd)
		return
	}
	fmt.Fprintf(w, "usage: %s\n", usageLine(cmd))
	if cmd.HasAvailableSubCommands() {
		a.listCommands(cmd)
	}
	if own := cmd.LocalNonPersistentFlags(); own.HasAvailableFlags() {
		fmt.Fprintf(w, "\nflags:\n%s", own.FlagUsages())
	}
	fmt.Fprintln(w, "\nThe global flags (--profile, --region, --endpoint, --demo, ...) are accepted too: see 'cenroute --help'.")
}

// rootHelp is the program's help.
func (a *app) rootHelp(root *cobra.Command) {
	w := a.stderr
	fmt.Fprintf(w, "cenroute: %s\n", root.Short)
	fmt.Fprintln(w, "\nusage:\n  cenroute [global flags]              start the wizard\n  cenroute [global flags] COMMAND ...   run a command")
	a.listCommands(root)
	flags := pflag.NewFlagSet("cenroute", pflag.ContinueOnError)
	flags.AddFlagSet(root.PersistentFlags())
	flags.AddFlagSet(root.LocalNonPersistentFlags())
	fmt.Fprintf(w, "\nglobal flags:\n%s", flags.FlagUsages())
	fmt.Fprintln(w, "\nRun 'cenroute COMMAND --help' for a command's flags. Try 'cenroute --demo' first.")
}

// listCommands lists the commands under cmd, each with its summary.
func (a *app) listCommands(cmd *cobra.Command) {
	fmt.Fprintln(a.stderr, "\ncommands:")
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			fmt.Fprintf(a.stderr, "  %-*s %s\n", cmd.NamePadding(), c.Name(), c.Short)
		}
	}
}
