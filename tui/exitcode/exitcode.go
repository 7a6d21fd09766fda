// Package exitcode holds the exit codes cenroute ends with, whatever it ran
// (the wizard, serve, a scripted command), and the one rule that maps an
// error to its code.
package exitcode

import (
	"errors"

	"github.com/cenroute/cenroute/cenapi"
)

// The exit codes.
const (
	OK     = 0 // everything ended as asked
	Failed = 1 // it ran, but something failed
	Usage  = 2 // bad usage or bad input; nothing was sent
)

// badUsage is an error that is bad usage (see BadUsage).
type badUsage struct{ error }

func (u badUsage) Unwrap() error { return u.error }

// BadUsage marks err as bad usage: flags or settings that cannot work
// together, found before anything was sent. Of maps it to Usage.
func BadUsage(err error) error { return badUsage{err} }

// Of is the exit code of a run ended by err: Usage for bad usage (an error
// marked with BadUsage, or a client configuration the flags made unusable,
// such as --region ../x), Failed for anything else.
func Of(err error) int {
	var u badUsage
	var ce *cenapi.Error
	if errors.As(err, &u) || (errors.As(err, &ce) && ce.Code == cenapi.CodeConfig) {
		return Usage
	}
	return Failed
}
