package views

import (
	"context"
	"errors"
	"io/fs"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
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
//
// The words: an error that knows its fact (see package fact), a
// *cenapi.Error and a file the system could not open are said in lang's
// words, wherever they are in the chain; the words that other errors
// wrap them in are kept as they are.
func ErrorText(lang *i18n.Localizer, err error) string {
	switch {
	case err == nil:
		return lang.T("errors.unknown")
	case safeChain(err) && !leaky(err.Error()):
		return oneLine(errorWords(lang, err))
	}
	if e, ok := cenapi.AsError(err); ok {
		return oneLine(errorLine(lang, e))
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return lang.T(string(cenapi.KindTimeout))
	case errors.Is(err, context.Canceled):
		return lang.T(string(cenapi.KindCanceled))
	}
	return lang.T("errors.no_code")
}

// ErrorLines are the lines of an error that lists several problems (a
// routes file's, one a line; see errors.Join), each as ErrorText says it;
// of any other error, its one line.
func ErrorLines(lang *i18n.Localizer, err error) []string {
	if parts, ok := joined(err); ok && safeChain(err) {
		var lines []string
		for _, part := range parts {
			lines = append(lines, ErrorLines(lang, part)...)
		}
		return lines
	}
	return []string{ErrorText(lang, err)}
}

// errorWords is the text of err, an error whose chain is safe to show, in
// lang's words: the outermost error of its chain that can be said in
// words (see sayError) is, and the text wrapped around it is kept.
func errorWords(lang *i18n.Localizer, err error) string {
	text := err.Error()
	for e := err; e != nil; e = errors.Unwrap(e) {
		inner := e.Error()
		if !strings.HasSuffix(text, inner) {
			continue
		}
		if said, ok := sayError(lang, e); ok {
			return text[:len(text)-len(inner)] + said
		}
	}
	return text
}

// sayError says err itself in lang's words, when it is an error that can
// be: one that knows its fact, a *cenapi.Error, a file the system could
// not open or read, or a list of such errors (errors.Join).
func sayError(lang *i18n.Localizer, err error) (string, bool) {
	var pathErr *fs.PathError
	switch e := err.(type) {
	case fact.Said:
		return Say(lang, e.Said()), true
	case *cenapi.Error:
		return errorLine(lang, e), true
	case *fs.PathError:
		pathErr = e
	}
	if pathErr != nil {
		args := i18n.Args{"Op": pathErr.Op, "Path": cenapi.Printable(pathErr.Path)}
		switch {
		case errors.Is(pathErr.Err, fs.ErrNotExist):
			return lang.T("errors.file.not_found", args), true
		case errors.Is(pathErr.Err, fs.ErrPermission):
			return lang.T("errors.file.permission", args), true
		case errors.Is(pathErr.Err, syscall.EISDIR):
			return lang.T("errors.file.directory", args), true
		}
		return "", false
	}
	if parts, ok := joined(err); ok {
		lines := make([]string, len(parts))
		for i, part := range parts {
			lines[i] = errorWords(lang, part)
		}
		return strings.Join(lines, "\n"), true
	}
	return "", false
}

// joined returns the errors err lists, when its text is theirs one a line
// (errors.Join, a routes file's problems).
func joined(err error) ([]error, bool) {
	u, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return nil, false
	}
	parts := u.Unwrap()
	texts := make([]string, len(parts))
	for i, part := range parts {
		if part == nil {
			return nil, false
		}
		texts[i] = part.Error()
	}
	return parts, len(parts) > 0 && err.Error() == strings.Join(texts, "\n")
}

// errorLine is e in lang's words: "Op: Code: message (missing RAM
// permission P) (RequestId R)", as e.Error() has it, the client's own
// message said in lang's words and the API's shown as received.
func errorLine(lang *i18n.Localizer, e *cenapi.Error) string {
	text := Say(lang, e.MessageSaid())
	if e.Code != "" && !strings.HasPrefix(e.Code, "Client.") {
		text = lang.T("errors.line.code", i18n.Args{"Code": cenapi.Printable(e.Code), "Text": text})
	}
	if e.Op != "" {
		text = lang.T("errors.line.op", i18n.Args{"Op": cenapi.Printable(e.Op), "Text": text})
	}
	if e.Permission != "" {
		text = lang.T("errors.line.permission", i18n.Args{"Permission": cenapi.Printable(e.Permission), "Text": text})
	}
	if e.RequestID != "" {
		text = lang.T("errors.line.request", i18n.Args{"RequestID": cenapi.Printable(e.RequestID), "Text": text})
	}
	return text
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
