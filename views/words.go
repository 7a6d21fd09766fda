package views

import (
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme/i18n"
)

// The functions of this file say, in lang's words, what the layers below
// the screen (hostlist, the engine) found: they return codes and facts in
// a language-neutral form, which reports, journals and JSON keep as they
// are, and the screen and the command line say them here, one function for
// both. The API's own code, message and RequestId are shown as received.

// HostNote is what to show beside a host entry: its problem, that it is
// already routed, or "" (see hostlist.Line.Note).
func HostNote(lang *i18n.Localizer, l hostlist.Line) string {
	return l.Note()
}

// HostProblem says why a host entry cannot be sent; "" when it can.
func HostProblem(lang *i18n.Localizer, l hostlist.Line) string {
	return l.Problem
}

// ResultMessage says how a host's (or an entry's) run ended, beyond its
// status word and the API's code: why it failed, why it was not sent.
func ResultMessage(lang *i18n.Localizer, r engine.HostResult) string {
	return r.Message
}

// EventMessage says what happened to a host in a run, as an event reports
// it: a retry's reason, a failure's message.
func EventMessage(lang *i18n.Localizer, ev engine.Event) string {
	if ev.Message == "" {
		return ev.Reason
	}
	return ev.Message
}

// HaltText says why a run stopped by itself and what to do (see
// engine.Halt), in one line.
func HaltText(lang *i18n.Localizer, h engine.Halt) string {
	return h.Text()
}

// TargetProblem says why a target (the CEN, a region, a VPC) cannot be
// used: "access-region cn-hongkong: only a VBR is attached …".
func TargetProblem(lang *i18n.Localizer, p engine.Problem) string {
	return p.String()
}
