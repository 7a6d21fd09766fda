package main

import (
	"encoding/json"
	"io"

	"github.com/cenroute/cenroute/cenapi"
)

// How much of one value, and of one message, a line of output shows.
const (
	maxShown        = 80
	maxShownMessage = 400
)

// shown makes a value that came from the user or from the API (a host
// entry, a description, a host name the API listed) fit for one line of
// output: printable (see cenapi.Printable) and cut at maxShown characters.
func shown(s string) string { return clip(s, maxShown) }

// shownMessage is shown for messages (an API error's text, a reason),
// which are longer by nature.
func shownMessage(s string) string { return clip(s, maxShownMessage) }

// clip returns s made printable by cenapi.Printable, cut to limit
// characters with an ellipsis marking the cut. Only the head of s is
// looked at, so a huge value costs no more than its first few hundred
// bytes.
func clip(s string, limit int) string {
	head, cut := firstRunes(s, limit)
	head, more := firstRunes(cenapi.Printable(head), limit) // escapes are longer than what they stand for
	if cut || more {
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

// writeJSON writes v as indented JSON, the one form every --output json
// takes.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// nonNil is s, or an empty list in place of nil: JSON output says [] for
// none, never null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
