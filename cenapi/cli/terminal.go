package cli

import (
	"strconv"
	"unicode/utf8"
)

// How much of one value, and of one message, a line of output shows.
const (
	maxShown        = 80
	maxShownMessage = 400
)

// shown makes a value that came from the user or from the API (a host
// entry, a description, a host name the API listed) safe to print on a
// terminal: see clip. Values are cut at maxShown characters.
func shown(s string) string { return clip(s, maxShown) }

// shownMessage is shown for messages (an API error's text, a reason),
// which are longer by nature.
func shownMessage(s string) string { return clip(s, maxShownMessage) }

// clip returns s as it is when every character is printable, else quoted
// in Go syntax (\x1b for ESC, \x07 for BEL, \xff for a byte that is not
// UTF-8), so that no escape sequence reaches the terminal; then it cuts the
// result to limit characters, marking the cut with an ellipsis. A huge
// value costs no more than its first few hundred bytes.
func clip(s string, limit int) string {
	head, cut := firstRunes(s, limit)
	if !printable(head) {
		head = strconv.Quote(head)
		var more bool
		head, more = firstRunes(head, limit)
		cut = cut || more
	}
	if cut {
		head, _ = firstRunes(head, limit-1)
		return head + "…"
	}
	return head
}

// firstRunes returns the first n characters of s, and whether there were
// more.
func firstRunes(s string, n int) (string, bool) {
	i := 0
	for off := range s {
		if i == n {
			return s[:off], true
		}
		i++
	}
	return s, false
}

// printable reports whether s is valid UTF-8 made of printable characters
// only (those strconv.Quote leaves alone).
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !strconv.IsPrint(r) {
			return false
		}
	}
	return true
}
