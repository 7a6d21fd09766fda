package hostlist

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// Description length limits (in characters) of the current and the older,
// stricter rule.
const (
	DescriptionMaxLen       = 256
	descriptionStrictMinLen = 2
)

// The kinds of CheckDescription's errors (*fact.Error).
const (
	KindDescriptionUTF8        fact.Kind = "hostlist.description.utf8"
	KindDescriptionTooLong     fact.Kind = "hostlist.description.too_long" // Length, Max
	KindDescriptionURL         fact.Kind = "hostlist.description.url"
	KindDescriptionControl     fact.Kind = "hostlist.description.control" // Position
	KindDescriptionShort       fact.Kind = "hostlist.description.short"   // Min
	KindDescriptionLetterFirst fact.Kind = "hostlist.description.letter_first"
	KindDescriptionCharset     fact.Kind = "hostlist.description.charset" // Char (Go-quoted), Position
)

// CheckDescription checks a route-service description before it is sent.
// An empty description is always fine. The default (current API) rule
// allows 1 to 256 characters that do not start with http:// or https://.
// With strict, the older rule also applies: at least 2 characters, starting
// with a letter (a Chinese character counts), then only letters, digits,
// '-', '.' and '_'. Both rules reject invalid UTF-8 and control characters,
// which a one-line description cannot carry.
func CheckDescription(s string, strict bool) error {
	if s == "" {
		return nil
	}
	if !utf8.ValidString(s) {
		return fact.Errorf(KindDescriptionUTF8, "the description is not valid UTF-8 text", nil)
	}
	n := utf8.RuneCountInString(s)
	if n > DescriptionMaxLen {
		return fact.Errorf(KindDescriptionTooLong, fmt.Sprintf("the description is %d characters long; at most %d are allowed", n, DescriptionMaxLen),
			fact.Args{"Length": n, "Max": DescriptionMaxLen})
	}
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		return fact.Errorf(KindDescriptionURL, "the description must not start with http:// or https://", nil)
	}
	for i, r := range s {
		if unicode.IsControl(r) {
			at := utf8.RuneCountInString(s[:i]) + 1
			return fact.Errorf(KindDescriptionControl, fmt.Sprintf("the description contains a control character at position %d", at),
				fact.Args{"Position": at})
		}
	}
	if strict {
		return checkStrictDescription(s, n)
	}
	return nil
}

func checkStrictDescription(s string, n int) error {
	if n < descriptionStrictMinLen {
		return fact.Errorf(KindDescriptionShort, fmt.Sprintf("the description must be at least %d characters long", descriptionStrictMinLen),
			fact.Args{"Min": descriptionStrictMinLen})
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(first) {
		return fact.Errorf(KindDescriptionLetterFirst, "the description must start with a letter", nil)
	}
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '.' && r != '_' {
			char, at := strconv.QuoteRune(r), utf8.RuneCountInString(s[:i])+1
			return fact.Errorf(KindDescriptionCharset,
				fmt.Sprintf("the description may contain only letters, digits, '-', '.' and '_' (found %s at position %d)", char, at),
				fact.Args{"Char": char, "Position": at})
		}
	}
	return nil
}
