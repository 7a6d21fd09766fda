// Package layout holds the text-fitting helpers of every screen: the
// views' and the root's chrome alike, so that every part of the wizard
// honours the room it was given in the same way. Widths are terminal
// cells; escape sequences take none.
package layout

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width is the number of cells s takes, fast for plain ASCII (a table's
// cells are measured by the thousand).
func Width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == 0x1b {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// Clip fits a rendered block into width x height: lines wider than width
// are cut, ending with ellipsis (see Truncate), lines beyond height are
// dropped. A zero size means "unknown" and leaves that dimension alone.
// Nothing is padded: the caller places the block.
func Clip(s string, width, height int, ellipsis string) string {
	lines := strings.Split(s, "\n")
	if height > 0 && len(lines) > height {
		lines = lines[:height]
	}
	if width > 0 {
		for i, l := range lines {
			lines[i] = Truncate(l, width, ellipsis)
		}
	}
	return strings.Join(lines, "\n")
}

// Frame fits a block into exactly height lines of at most width cells:
// lines are cut, ending with ellipsis (see Truncate), the last ones
// dropped or blank ones added, so that a part of the screen can never
// push another off it.
//
// Cutting is the last resort: a view wraps its text and leaves the free
// text of its tables out first, so that no word is ever cut without the
// ellipsis saying so.
func Frame(s string, width, height int, ellipsis string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:max(height, 0)]
	}
	for i, l := range lines {
		lines[i] = Truncate(l, max(width, 0), ellipsis)
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// Fill is Frame with every line padded with spaces to exactly width
// cells: the whole screen, each of its cells drawn. A line cut before a
// wide character that would not fit (a Chinese one, two cells) is one
// cell short until padded.
func Fill(s string, width, height int, ellipsis string) string {
	if height <= 0 {
		return ""
	}
	lines := strings.Split(Frame(s, width, height, ellipsis), "\n")
	for i, l := range lines {
		lines[i] = l + strings.Repeat(" ", max(0, width-Width(l)))
	}
	return strings.Join(lines, "\n")
}

// Fixed splits block into exactly n lines, cutting or padding with empty
// lines, so that a part of a view keeps its height as messages come and go.
func Fixed(block string, n int) []string {
	lines := strings.Split(block, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return lines
}

// Truncate cuts one line to width cells, ending it with ellipsis when it
// had to cut and there is room for more than the ellipsis.
func Truncate(s string, width int, ellipsis string) string {
	if Width(s) <= width {
		return s
	}
	if width <= Width(ellipsis) {
		return ansi.Truncate(s, max(0, width), "")
	}
	return ansi.Truncate(s, width, ellipsis)
}

// Fit is Truncate, then padded with spaces to exactly width cells.
func Fit(s string, width int, ellipsis string) string {
	s = Truncate(s, width, ellipsis)
	return s + strings.Repeat(" ", max(0, width-Width(s)))
}

// Hang is a labelled value: head (a label already drawn, headWidth cells
// wide) and value wrapped beside it, the lines after the first indented
// under the value's start.
func Hang(head string, headWidth int, value string, width int) []string {
	lines := strings.Split(Wrap(value, max(10, width-headWidth)), "\n")
	indent := strings.Repeat(" ", headWidth)
	for i := range lines {
		if i == 0 {
			lines[i] = head + lines[i]
		} else {
			lines[i] = indent + lines[i]
		}
	}
	return lines
}

// Fold joins parts with sep into one line of at most width cells by
// leaving whole parts out, never cutting one: first parts[drop[0]], then
// parts[drop[1]], and so on, each run of parts left out shown as ellipsis
// in their place. Parts are measured as drawn (escape sequences take no
// room). ok is false when the line is still too wide with every part of
// drop left out.
func Fold(parts []string, drop []int, sep, ellipsis string, width int) (line string, ok bool) {
	out := make([]bool, len(parts))
	for n := 0; ; n++ {
		line = foldLine(parts, out, sep, ellipsis)
		if Width(line) <= width {
			return line, true
		}
		if n == len(drop) {
			return line, false
		}
		out[drop[n]] = true
	}
}

// foldLine joins the parts not left out, a run of left-out ones shown as
// one ellipsis.
func foldLine(parts []string, out []bool, sep, ellipsis string) string {
	kept := make([]string, 0, len(parts))
	for i, p := range parts {
		switch {
		case !out[i]:
			kept = append(kept, p)
		case i == 0 || !out[i-1]:
			kept = append(kept, ellipsis)
		}
	}
	return strings.Join(kept, sep)
}

// Wrap breaks text into lines of at most width cells, at spaces and
// between the characters of Chinese (and other wide) text, which has no
// spaces between its words; inside another word only when the word alone
// is wider than a line. Unlike ansi.Wrap it never breaks at a hyphen:
// region IDs (cn-hangzhou), flags (--resume) and commands must stay whole
// to be read and copied. A line never starts with closing punctuation
// ("，", "。", ")") nor ends with opening punctuation ("（"). Escape
// sequences take no room.
func Wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = wrapLine(l, width)
		}
	}
	return strings.Join(lines, "\n")
}

// wrapLine wraps one line for Wrap. Spaces at a break are dropped; others,
// leading ones included, are kept.
func wrapLine(s string, width int) string {
	var b strings.Builder
	used, started := 0, false
	for _, word := range strings.Split(s, " ") {
		for i, p := range pieces(word) {
			space := i == 0 && started // the space before the word
			gap := 0
			if space {
				gap = 1
			}
			if started && used+gap+p.width > width {
				b.WriteByte('\n')
				used, started, space = 0, false, false
			}
			if space {
				b.WriteByte(' ')
				used++
			}
			text, w := p.text, p.width
			if w > width { // a piece wider than a line: cut it into lines
				parts := strings.Split(ansi.Hardwrap(text, width, true), "\n")
				text, w = parts[len(parts)-1], ansi.StringWidth(parts[len(parts)-1])
				for _, l := range parts[:len(parts)-1] {
					b.WriteString(l + "\n")
				}
			}
			b.WriteString(text)
			used += w
			started = true
		}
	}
	return b.String()
}

// piece is a part of a word that Wrap keeps on one line.
type piece struct {
	text  string
	width int
}

// pieces splits a word (no spaces) where a line may break inside it:
// before and after a wide character (a Chinese one), except before
// closing punctuation and after opening punctuation. A word of narrow
// characters only (an ID, an English word) is one piece. An escape
// sequence goes with the character after it (the last piece takes those
// at the end), so that it is never left alone at a line's end.
func pieces(word string) []piece {
	if Width(word) == len(word) { // plain ASCII: no break inside
		return []piece{{word, len(word)}}
	}
	var (
		out     []piece
		cur     strings.Builder
		curW    int
		pending strings.Builder // escape sequences not yet placed
		prev    string          // the last character placed, "" at the start
		state   byte
	)
	for rest := word; rest != ""; {
		seq, w, n, next := ansi.DecodeSequence(rest, state, nil)
		state, rest = next, rest[n:]
		if w == 0 && !printable(seq) {
			pending.WriteString(seq)
			continue
		}
		if prev != "" && breaksBetween(prev, seq) {
			out = append(out, piece{cur.String(), curW})
			cur.Reset()
			curW = 0
		}
		cur.WriteString(pending.String())
		pending.Reset()
		cur.WriteString(seq)
		curW += w
		prev = seq
	}
	cur.WriteString(pending.String())
	return append(out, piece{cur.String(), curW})
}

// printable reports whether seq, as DecodeSequence returns it, is text
// rather than an escape sequence or a control character.
func printable(seq string) bool {
	r, _ := utf8.DecodeRuneInString(seq)
	return r >= ' ' && r != 0x7f && !(r >= 0x80 && r < 0xa0)
}

// breaksBetween reports whether a line may break between the characters
// a and b of one word: next to a wide character, unless b closes or a
// opens.
func breaksBetween(a, b string) bool {
	if ansi.StringWidth(a) < 2 && ansi.StringWidth(b) < 2 {
		return false
	}
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return !strings.ContainsRune(noBreakAfter, ra) && !strings.ContainsRune(noBreakBefore, rb)
}

// Punctuation that a line must not start with (noBreakBefore) or end
// with (noBreakAfter), as Chinese typesetting has it.
const (
	noBreakBefore = "，。、：；！？）」』】〉》〕”’…—·,.:;!?)]}%"
	noBreakAfter  = "（「『【〈《〔“‘([{"
)
