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
	"unicode/utf8"

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

// register declares the global flags on fs, their help in words.
func (g *globals) register(fs *pflag.FlagSet, words *i18n.Localizer) {
	fs.StringVar(&g.profile, "profile", "", words.T("cli.flag.profile"))
	fs.StringVar(&g.region, "region", "", words.T("cli.flag.region"))
	fs.StringVar(&g.endpoint, "endpoint", "", words.T("cli.flag.endpoint", i18n.Args{"Env": "$" + cenapi.EnvEndpoint}))
	fs.StringVar(&g.vpcEndpoint, "vpc-endpoint", "", words.T("cli.flag.vpcEndpoint", i18n.Args{"Env": "$" + cenapi.EnvVPCEndpoint}))
	fs.BoolVar(&g.demo, "demo", false, words.T("cli.flag.demo"))
	fs.StringVar(&g.world, "world", "", words.T("cli.flag.world"))
	fs.StringVar(&g.theme, "theme", "auto", words.T("cli.flag.theme"))
	fs.BoolVar(&g.ascii, "ascii", false, words.T("cli.flag.ascii"))
	fs.StringVar(&g.lang, "lang", "", words.T("cli.flag.lang", i18n.Args{"Env": "$" + i18n.EnvLang}))
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
		return badLanguage(args, env)
	}
	a := &app{environment: env, words: i18n.New(lang)}
	root := a.newRootCommand()
	root.SetArgs(args)
	ctx, stop := signal.NotifyContext(ctx, shutdownSignals...)
	defer stop()
	cmd, err := root.ExecuteContextC(ctx)
	return a.exitCode(cmd, err)
}

// badLanguage says that the language asked for is not one cenroute
// speaks, naming where it was asked for (--lang, else CENROUTE_LANG, as
// i18n.Detect reads them), in the locale's language, and returns
// exitcode.Usage.
func badLanguage(args []string, env environment) int {
	source, value := "--lang", langFlag(args)
	if value == "" {
		source, value = i18n.EnvLang, env.getenv(i18n.EnvLang)
	}
	words := i18n.New(i18n.FromLocale(env.getenv))
	fmt.Fprintf(env.stderr, "cenroute: %s\n", words.T("cli.lang.unknown", i18n.Args{"Source": source, "Value": shown(strconv.Quote(value))}))
	return exitcode.Usage
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
// named, the commands, the global flags, all of their help in a.words.
func (a *app) newRootCommand() *cobra.Command {
	var version bool
	var routes string
	root := &cobra.Command{
		Use:   "cenroute",
		Short: a.words.T("cli.root.short"),
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
	root.Flags().BoolVar(&version, "version", false, a.words.T("cli.flag.version"))
	root.Flags().StringVar(&routes, "file", "", a.words.T("cli.flag.wizardFile"))
	a.globals.register(root.PersistentFlags(), a.words)
	root.SetFlagErrorFunc(a.flagError)
	root.SetHelpFunc(a.help)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.AddCommand(a.newEmulatorCommand(), a.newListCommand(), a.newApplyCommand(), a.newDeleteCommand(),
		a.newExportCommand(), a.newPlanCommand(), a.newSyncCommand(), a.newRunsCommand(), a.newServeCommand(), a.newDoctorCommand())
	a.wordBuiltins(root)
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
	name := shown(strconv.Quote(args[0]))
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		return errors.New(a.words.T("cli.usage.unknownCommandLike", i18n.Args{"Name": name,
			"Suggestions": strings.Join(s, a.words.T("cli.list.or"))}))
	}
	return errors.New(a.words.T("cli.usage.unknownCommand", i18n.Args{"Name": name}))
}

// noArgs refuses arguments after a command's flags.
func (a *app) noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return errors.New(a.words.T("cli.usage.unexpectedArgument", i18n.Args{"Arg": shown(strconv.Quote(args[0]))}))
	}
	return nil
}

// flagError words a flag the parser refused: a value of the wrong kind
// with its flag and the kind wanted, a long flag given one dash (-demo)
// with the spelling it needs, an unknown flag, a flag without its value,
// a malformed one. Anything else the parser says is its own words.
func (a *app) flagError(cmd *cobra.Command, err error) error {
	var invalid *pflag.InvalidValueError
	var unknown *pflag.NotExistError
	var needs *pflag.ValueRequiredError
	var syntax *pflag.InvalidSyntaxError
	w := a.words
	switch {
	case errors.As(err, &invalid):
		return errors.New(w.T("cli.flag.invalidValue", i18n.Args{"Flag": invalid.GetFlag().Name,
			"Value": shown(strconv.Quote(invalid.GetValue())), "Kind": a.valueKind(invalid.GetFlag().Value.Type())}))
	case errors.As(err, &unknown) && len(unknown.GetSpecifiedShortnames()) > 1 && cmd.Flags().Lookup(unknown.GetSpecifiedShortnames()) != nil:
		return errors.New(w.T("cli.flag.oneDash", i18n.Args{"Name": unknown.GetSpecifiedShortnames()}))
	case errors.As(err, &unknown) && unknown.GetSpecifiedShortnames() != "":
		return errors.New(w.T("cli.flag.unknownShorthand", i18n.Args{"Char": shortName(unknown.GetSpecifiedName()),
			"Group": unknown.GetSpecifiedShortnames()}))
	case errors.As(err, &unknown):
		return errors.New(w.T("cli.flag.unknown", i18n.Args{"Name": unknown.GetSpecifiedName()}))
	case errors.As(err, &needs) && needs.GetSpecifiedShortnames() != "":
		return errors.New(w.T("cli.flag.needsValueShorthand", i18n.Args{"Char": shortName(needs.GetSpecifiedName()),
			"Group": needs.GetSpecifiedShortnames()}))
	case errors.As(err, &needs):
		return errors.New(w.T("cli.flag.needsValue", i18n.Args{"Name": needs.GetSpecifiedName()}))
	case errors.As(err, &syntax):
		return errors.New(w.T("cli.flag.badSyntax", i18n.Args{"Flag": syntax.GetSpecifiedFlag()}))
	}
	return err
}

// shortName is a one-letter flag as the parser names it: 'x'.
func shortName(name string) string {
	r, _ := utf8.DecodeRuneInString(name)
	return strconv.QuoteRune(r)
}

// valueKind says in words what a flag of type t takes.
func (a *app) valueKind(t string) string {
	switch t {
	case "float64":
		return a.words.T("cli.flag.kind.number")
	case "int", "int64":
		return a.words.T("cli.flag.kind.wholeNumber")
	case "duration":
		return a.words.T("cli.flag.kind.duration")
	case "bool":
		return a.words.T("cli.flag.kind.bool")
	}
	return a.words.T("cli.flag.kind.other", i18n.Args{"Type": t})
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
		fmt.Fprintf(a.stderr, "cenroute: %s\n%s\n", shownMessage(err.Error()), a.words.T("cli.usage.seeHelp"))
		return exitcode.Usage
	}
	return a.usageError(cmd, shownMessage(err.Error()))
}
