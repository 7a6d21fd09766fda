package hostlist

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Description length limits (in characters) of the current and the older,
// stricter rule.
const (
	DescriptionMaxLen       = 256
	descriptionStrictMinLen = 2
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
		return errors.New("the description is not valid UTF-8 text")
	}
	n := utf8.RuneCountInString(s)
	if n > DescriptionMaxLen {
		return fmt.Errorf("the description is %d characters long; at most %d are allowed", n, DescriptionMaxLen)
	}
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		return errors.New("the description must not start with http:// or https://")
	}
	for i, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("the description contains a control character at position %d", utf8.RuneCountInString(s[:i])+1)
		}
	}
	if strict {
		return checkStrictDescription(s, n)
	}
	return nil
}

func checkStrictDescription(s string, n int) error {
	if n < descriptionStrictMinLen {
		return fmt.Errorf("the description must be at least %d characters long", descriptionStrictMinLen)
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(first) {
		return errors.New("the description must start with a letter")
	}
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '.' && r != '_' {
			return fmt.Errorf("the description may contain only letters, digits, '-', '.' and '_' (found %q at position %d)", r, utf8.RuneCountInString(s[:i])+1)
		}
	}
	return nil
}
