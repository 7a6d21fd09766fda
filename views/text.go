package views

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme/i18n"
)

// ownModule prefixes the package path of the error types whose text is
// cenroute's own.
const ownModule = "github.com/cenroute/cenroute/"

// ErrorText is the one line the screen may show for err: the only rule for
// showing errors, used by the root and by every view. The line is
// printable (see cenapi.Printable), in lang's words (nil: English); the
// API's own code, message and RequestId are shown as received.
//
// Why a rule at all: an error from the SDK or from net/http's transport can
// carry the signed request URL, AccessKeyId and SecurityToken included. Its
// text is shown only when every error in its chain is of a type declared in
// this module or in the standard library (net/url and net/http excepted),
// and the text holds no URL or signing parameter. Otherwise a *cenapi.Error
// in the chain speaks for it (code, message, RequestId: never a URL), and
// failing that a fixed sentence does.
func ErrorText(lang *i18n.Localizer, err error) string {
	switch {
	case err == nil:
		return "unknown failure"
	case safeChain(err) && !leaky(err.Error()):
		return oneLine(err.Error())
	}
	if e, ok := cenapi.AsError(err); ok {
		return oneLine(e.Error())
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return cenapi.MsgTimeout
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	return "the call failed without an API error code"
}

// safeChain reports whether every error in err's tree is of a type whose
// text is known to be harmless.
func safeChain(err error) bool {
	if !safeType(err) {
		return false
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		if next := u.Unwrap(); next != nil {
			return safeChain(next)
		}
	case interface{ Unwrap() []error }:
		for _, next := range u.Unwrap() {
			if next != nil && !safeChain(next) {
				return false
			}
		}
	}
	return true
}

// safeType reports whether err's concrete type is declared in this module
// or in the standard library, except the packages whose errors embed
// request URLs.
func safeType(err error) bool {
	t := reflect.TypeOf(err)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pkg := t.PkgPath()
	switch {
	case strings.HasPrefix(pkg+"/", ownModule):
		return true
	case pkg == "net/url", strings.HasPrefix(pkg, "net/http"):
		return false
	}
	first, _, _ := strings.Cut(pkg, "/")
	return pkg != "" && !strings.Contains(first, ".") // the standard library's paths have no domain
}

// requestURL is a URL with at least a host: a bare "https://" in a
// sentence is not one.
var requestURL = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s"'<>]+`)

// signingParams are the query parameters of a signed request.
var signingParams = []string{"accesskeyid=", "signature=", "securitytoken="}

// leaky reports whether s looks like it carries a request URL or its
// signing parameters, whatever type made it.
func leaky(s string) bool {
	if requestURL.MatchString(s) {
		return true
	}
	s = strings.ToLower(s)
	for _, p := range signingParams {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// oneLine folds white space, newlines included, to single spaces, and
// makes the rest printable (see cenapi.Printable): an error's text may
// name a file or quote a value from outside.
func oneLine(s string) string { return cenapi.Printable(strings.Join(strings.Fields(s), " ")) }

// Plural writes a count with the right noun: "1 host", "3 hosts". The one
// rule for counts on screen, used by the root and by every view.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
