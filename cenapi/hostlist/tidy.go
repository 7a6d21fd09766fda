package hostlist

import (
	"net/netip"
	"slices"
	"strings"
)

// Overlapping reports whether the entry's problem is only that another
// entry names the same block (a duplicate) or a block that nests with
// its own (an overlap): Redundant settles which of the two to drop.
func (l Line) Overlapping() bool {
	return l.kind == problemDuplicate || l.kind == problemOverlaps
}

// Redundant marks the entries of text (in Parse's order) that another
// entry makes needless: a duplicate of an earlier entry's block, or a
// block inside another entry's wider block. Dropping them routes every
// address the list names, and leaves no duplicate or overlap. Entries
// that are not a well-formed block of the service range are not marked.
//
// CIDR blocks either nest or are disjoint, so after sorting the blocks by
// (start, length, position in the list) a block lies inside another
// exactly when it lies inside the last block kept before it; of equal
// blocks the first is kept.
func Redundant(text string) []bool {
	entries := Parse(text)
	out := make([]bool, len(entries))
	type block struct {
		i int
		p netip.Prefix
	}
	blocks := make([]block, 0, len(entries))
	for i, e := range entries {
		if l := judge(e); l.prefix.IsValid() {
			blocks = append(blocks, block{i, l.prefix})
		}
	}
	slices.SortFunc(blocks, func(a, b block) int {
		if c := a.p.Addr().Compare(b.p.Addr()); c != 0 {
			return c
		}
		if a.p.Bits() != b.p.Bits() {
			return a.p.Bits() - b.p.Bits()
		}
		return a.i - b.i
	})
	var last netip.Prefix // the last block kept
	for _, b := range blocks {
		if last.IsValid() && inside(b.p, last) {
			out[b.i] = true
			continue
		}
		last = b.p
	}
	return out
}

// inside reports whether block p lies inside block q (or is q).
func inside(p, q netip.Prefix) bool { return q.Bits() <= p.Bits() && q.Contains(p.Addr()) }

// DropEntries removes from text the entries marked in drop (indexed in
// Parse's order). A line that loses an entry keeps the others, separated
// by ", ", and its comment; a line left with neither goes. Every other
// line is kept as it was.
func DropEntries(text string, drop []bool) string {
	entries := Parse(text)
	lines := strings.Split(text, "\n")
	kept := make(map[int][]string) // line number: the entries it keeps, once it lost one
	for i, e := range entries {
		if i < len(drop) && drop[i] {
			if _, ok := kept[e.Line]; !ok {
				kept[e.Line] = []string{}
			}
		}
	}
	if len(kept) == 0 {
		return text
	}
	for i, e := range entries {
		if rest, ok := kept[e.Line]; ok && (i >= len(drop) || !drop[i]) {
			kept[e.Line] = append(rest, e.Text)
		}
	}
	out := make([]string, 0, len(lines))
	for n, line := range lines {
		rest, touched := kept[n+1]
		if !touched {
			out = append(out, line)
			continue
		}
		comment := ""
		if c := strings.IndexByte(line, '#'); c >= 0 {
			comment = line[c:]
		}
		switch {
		case len(rest) > 0 && comment != "":
			out = append(out, strings.Join(rest, ", ")+"  "+comment)
		case len(rest) > 0:
			out = append(out, strings.Join(rest, ", "))
		case comment != "":
			out = append(out, comment)
		}
	}
	return strings.Join(out, "\n")
}
