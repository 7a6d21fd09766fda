package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// failed reports an error that ends the command and returns its exit code
// (see exitcode.Of). An interrupt (Ctrl+C, SIGTERM, a hang-up) is said as
// such.
func (a *app) failed(err error) int {
	msg := err.Error()
	if errors.Is(err, context.Canceled) {
		msg = "stopped"
	}
	fmt.Fprintf(a.stderr, "cenroute: %s\n", shownMessage(msg))
	a.suggestDoctor(err)
	return exitcode.Of(err)
}

// suggestDoctor points an error about the credentials, the endpoint or
// the clock to the doctor command, which looks into all of them.
func (a *app) suggestDoctor(err error) {
	if cenapi.NeedsDiagnosis(err) && !a.demo {
		fmt.Fprintf(a.stderr, "cenroute: to see what is wrong, run: %s\n", doctorCommand(a.globals))
	}
}

// usageError reports bad usage of cmd with its usage line and returns
// exitcode.Usage.
func (a *app) usageError(cmd *cobra.Command, problem string) int {
	fmt.Fprintf(a.stderr, "cenroute: %s\nusage: %s\n", problem, usageLine(cmd))
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
func checkOutput(output string) error {
	if output != "table" && output != "json" {
		return fmt.Errorf("--output %s: want table or json", shown(strconv.Quote(output)))
	}
	return nil
}
