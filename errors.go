package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
	"github.com/cenroute/cenroute/views"
)

// failed reports an error that ends the command and returns its exit code
// (see exitcode.Of). An interrupt (Ctrl+C, SIGTERM, a hang-up) is said as
// such.
func (a *app) failed(err error) int {
	msg := a.errorText(err)
	if errors.Is(err, context.Canceled) {
		msg = a.words.T("cli.stopped")
	}
	return a.failedSaying(msg, err)
}

// failedChecking is failed for an error met while checking the CEN
// before a run ("checking the CEN: …").
func (a *app) failedChecking(err error) int {
	if errors.Is(err, context.Canceled) {
		return a.failed(err)
	}
	return a.failedSaying(a.words.T("cli.checkingCEN", i18n.Args{"Problem": a.errorText(err)}), err)
}

// failedSaying reports msg, what err means, and returns err's exit code.
func (a *app) failedSaying(msg string, err error) int {
	fmt.Fprintf(a.stderr, "cenroute: %s\n", msg)
	a.suggestDoctor(err)
	return exitcode.Of(err)
}

// errorText is the one line an error is said in (see views.ErrorText),
// cut to a message's length.
func (a *app) errorText(err error) string {
	return shownMessage(views.ErrorText(a.words, err))
}

// suggestDoctor points an error about the credentials, the endpoint or
// the clock to the doctor command, which looks into all of them.
func (a *app) suggestDoctor(err error) {
	if cenapi.NeedsDiagnosis(err) && !a.demo {
		fmt.Fprintf(a.stderr, "cenroute: %s\n", a.words.T("cli.suggestDoctor", i18n.Args{"Command": doctorCommand(a.globals)}))
	}
}

// usageError reports bad usage of cmd with its usage line and returns
// exitcode.Usage.
func (a *app) usageError(cmd *cobra.Command, problem string) int {
	fmt.Fprintf(a.stderr, "cenroute: %s\n%s\n", problem, a.usage(cmd))
	return exitcode.Usage
}

// inputError reports bad input and returns exitcode.Usage: nothing was
// sent.
func (a *app) inputError(problem string) int {
	fmt.Fprintf(a.stderr, "cenroute: %s\n", problem)
	return exitcode.Usage
}

// checkOutput refuses an --output other than table or json, the two every
// command that takes it prints.
func (a *app) checkOutput(output string) error {
	if output != "table" && output != "json" {
		return errors.New(a.words.T("cli.flag.badOutput", i18n.Args{"Value": shown(strconv.Quote(output))}))
	}
	return nil
}
