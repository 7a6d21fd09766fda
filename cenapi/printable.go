package cenapi

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable makes text that came from outside the program (a name, a
// description, a message or a code from the API; a line of a file) safe
// to show on a terminal, and is the only function that does: the client
// applies it where it converts replies and errors, the journal where it
// reads records back, and the screens, reports and commands rely on that.
//
// Line breaks, tabs and other spaces become a plain space. Every other
// character a terminal would act on or not show (the escape and control
// characters that start escape sequences, ring the bell or move the
// cursor; bidirectional overrides; zero-width characters) and every byte
// that is not UTF-8 is written out in Go's notation instead: ESC as \x1b,
// BEL as \a, U+202E as \u202e, a stray byte as \xff. What remains is
// printable, so "\x1b]52;c;…\a" (a clipboard write) shows as the harmless
// text \x1b]52;c;…\a, and a reader can still see that something odd was
// there. Printable text is returned as it is, without copying.
func Printable(s string) string {
	first := firstUnprintable(s)
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:first])
	for i := first; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i])>>4, 16) + strconv.FormatUint(uint64(s[i])&0xf, 16))
		case shown(r):
			b.WriteString(s[i : i+size])
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			q := strconv.QuoteRuneToASCII(r) // '\x1b', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// firstUnprintable is the index of the first byte of s that Printable
// must change, or -1. Printable ASCII, the common case, is checked a byte
// at a time.
func firstUnprintable(s string) int {
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c <= 0x7e {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !shown(r) {
			return i
		}
		i += size
	}
	return -1
}

// shown reports whether r is left as it is: a plain space or a printable
// character (as strconv.IsPrint has it: letters, marks, numbers,
// punctuation and symbols, never a control or formatting character).
func shown(r rune) bool { return r == ' ' || strconv.IsPrint(r) }
