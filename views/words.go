package views

import (
	"strings"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme/i18n"
)

// The functions of this file say, in lang's words, what the layers below
// the screen (hostlist, the engine, the file readers, cenapi) found: they
// return codes and facts in a language-neutral form (see package fact),
// which reports, journals and JSON keep as they are, and the screen and
// the command line say them here, one function for both. The API's own
// code, message and RequestId are shown as received. A nil lang speaks
// English, which is what the layers below say themselves.

// Say says f in lang's words: the message its kind names, with its values
// said in turn (a fact within a fact in the same language, an error as
// ErrorText says it, text from outside made printable). A fact without a
// kind is text from outside (the API's message): it is shown as received,
// made printable.
func Say(lang *i18n.Localizer, f fact.Fact) string {
	if f.Kind == "" {
		return cenapi.Printable(f.String())
	}
	args := make(i18n.Args, len(f.Args))
	for name, v := range f.Args {
		args[name] = sayValue(lang, v)
	}
	return lang.T(string(f.Kind), args)
}

// sayValue is one value of a fact, ready for its message.
func sayValue(lang *i18n.Localizer, v any) any {
	switch v := v.(type) {
	case fact.Fact:
		return Say(lang, v)
	case fact.List:
		parts := make([]string, len(v))
		for i, f := range v {
			parts[i] = Say(lang, f)
		}
		return strings.Join(parts, lang.T("errors.list_separator"))
	case error:
		return ErrorText(lang, v)
	case string:
		return cenapi.Printable(v)
	}
	return v
}

// sayOr says f, or, when f is zero (the text was set by someone else, or
// read back from a journal, which keeps no facts), text as it is.
func sayOr(lang *i18n.Localizer, f fact.Fact, text string) string {
	if f.IsZero() {
		return text
	}
	return Say(lang, f)
}

// HostNote is what to show beside a host entry: its problem, that it is
// already routed, or "" (see hostlist.Line.Note). A problem a caller set
// itself, without a kind, is shown as the caller worded it.
func HostNote(lang *i18n.Localizer, l hostlist.Line) string {
	return sayOr(lang, l.NoteSaid(), l.Note())
}

// HostProblem says why a host entry cannot be sent; "" when it can.
func HostProblem(lang *i18n.Localizer, l hostlist.Line) string {
	return sayOr(lang, l.Why(), l.Problem)
}

// ResultMessage says how a host's (or an entry's) run ended, beyond its
// status word and the API's code: why it failed, why it was not sent.
func ResultMessage(lang *i18n.Localizer, r engine.HostResult) string {
	return sayOr(lang, r.Said, r.Message)
}

// EventMessage says what happened to a host in a run, as an event reports
// it: a retry's reason, a failure's message.
func EventMessage(lang *i18n.Localizer, ev engine.Event) string {
	text := ev.Message
	if text == "" {
		text = ev.Reason
	}
	return sayOr(lang, ev.Said, text)
}

// Conflicts are the reasons of the hosts an existing entry stands in the
// way of (engine.Prepared.Conflicts), in lang's words, by host.
func Conflicts(lang *i18n.Localizer, prep engine.Prepared) map[string]string {
	out := make(map[string]string, len(prep.Conflicts))
	for host, why := range prep.Conflicts {
		out[host] = sayOr(lang, prep.ConflictsSaid[host], why)
	}
	return out
}

// RetryReason says why a call is being retried, in a few words (see
// cenapi.RetryNote).
func RetryReason(lang *i18n.Localizer, n cenapi.RetryNote) string {
	return sayOr(lang, n.Said, n.Reason)
}

// HaltText says why a run stopped by itself and what to do (see
// engine.Halt), in one line.
func HaltText(lang *i18n.Localizer, h engine.Halt) string {
	e := &cenapi.Error{Code: h.Code, Message: h.Message, Permission: h.Permission, Said: h.Said}
	return oneLine(lang.T("engine.halt", i18n.Args{"Error": errorLine(lang, e), "Remedy": sayOr(lang, e.RemedySaid(), h.Remedy)}))
}

// Remedy says what the operator must do about the access problem of e
// (see cenapi.Error.Remedy); "" when there is none.
func Remedy(lang *i18n.Localizer, e *cenapi.Error) string {
	return Say(lang, e.RemedySaid())
}

// RegionReason says why a host region cannot serve route services (see
// cenapi.HostRegion.Reason); "" when it can.
func RegionReason(lang *i18n.Localizer, r cenapi.HostRegion) string {
	return sayOr(lang, r.ReasonSaid(), r.Reason)
}

// TargetProblem says why a target (the CEN, a region, a VPC) cannot be
// used: "access-region cn-hongkong: only a VBR is attached …".
func TargetProblem(lang *i18n.Localizer, p engine.Problem) string {
	return Say(lang, p.Fact())
}

// CredentialsText says where the credentials of id came from: "demo
// credentials", "AccessKey from environment", "profile prod (AK)". The
// wizard's header and the doctor name them so.
func CredentialsText(lang *i18n.Localizer, id cenapi.Identity) string {
	return sayOr(lang, id.CredentialsSaid, id.Credentials)
}
