// Package hostlist parses and checks the service hosts an operator pastes
// (one IPv4 address or CIDR per entry) and route-service descriptions. It is
// pure and fast: the CIDR editor re-checks the whole text on every keystroke,
// and the scripted commands use the same rules before sending anything.
package hostlist

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// ServiceRange is the only range the CEN API accepts for IPv4 hosts.
var ServiceRange = netip.MustParsePrefix("100.64.0.0/10")

// Problems reported for an entry, in words. Those that name a line or a
// prefix are built by problemText.
const (
	ProblemSyntax   = "not an IPv4 address or CIDR"
	ProblemHostname = "a hostname: resolve it to addresses"
	ProblemIPv6     = "IPv6 is not supported by cenroute yet"
	ProblemOutside  = "outside 100.64.0.0/10"
)

// NotePresent is what Line.Note says of a host that is already routed.
const NotePresent = "present, will skip"

// The kinds of an entry's problem (Line.Kind), and of its note, in a form
// no language is tied to (see package fact).
const (
	KindSyntax    fact.Kind = "hostlist.syntax"
	KindHostname  fact.Kind = "hostlist.hostname"
	KindIPv6      fact.Kind = "hostlist.ipv6"
	KindOutside   fact.Kind = "hostlist.outside"
	KindHostBits  fact.Kind = "hostlist.host_bits" // Fix: the network address
	KindDuplicate fact.Kind = "hostlist.duplicate" // Other: the earlier entry
	KindOverlaps  fact.Kind = "hostlist.overlaps"  // Other: the earlier entry; Block: its block
	KindPresent   fact.Kind = "hostlist.present"   // the note of an entry already routed
	KindRefLine   fact.Kind = "hostlist.ref.line"  // Line: another entry, by its line
	KindRefValue  fact.Kind = "hostlist.ref.value" // Flag, N: another entry, by its flag's value
)

// problem is the kind of an entry's problem as a Line keeps it: a byte,
// for a list holds thousands of lines and the editor checks it on every
// keystroke.
type problem uint8

const (
	noProblem problem = iota
	problemSyntax
	problemHostname
	problemIPv6
	problemOutside
	problemHostBits
	problemDuplicate
	problemOverlaps
)

// problemKinds are the kinds of the problems.
var problemKinds = [...]fact.Kind{noProblem: "", problemSyntax: KindSyntax, problemHostname: KindHostname, problemIPv6: KindIPv6,
	problemOutside: KindOutside, problemHostBits: KindHostBits, problemDuplicate: KindDuplicate, problemOverlaps: KindOverlaps}

// against is the entry a duplicate or an overlap is of, and its block.
type against struct {
	other Ref
	block string
}

// Ref names another entry in a problem: the one on line Line, or, when
// Flag is set, value number Line of that command-line flag.
type Ref struct {
	Line int
	Flag string
}

// String is "line 3", or "--host #2".
func (r Ref) String() string {
	if r.Flag != "" {
		return r.Flag + " #" + strconv.Itoa(r.Line)
	}
	return "line " + strconv.Itoa(r.Line)
}

// Said is the reference as a fact.
func (r Ref) Said() fact.Fact {
	if r.Flag != "" {
		return fact.New(KindRefValue, r.String(), fact.Args{"Flag": r.Flag, "N": r.Line})
	}
	return fact.New(KindRefLine, r.String(), fact.Args{"Line": r.Line})
}

// Entry is one host as typed: the text between separators on a line.
type Entry struct {
	Line   int    // 1-based line number
	Text   string // the entry exactly as typed
	Offset int    // byte offset of Text in the input
}

// Line is the verdict on one entry. Several entries can share a line number
// when a line holds a comma- or space-separated list.
type Line struct {
	Number   int    // 1-based line number
	Raw      string // the entry as typed
	Host     string // the host to send: Raw, unchanged (the API stores it as given)
	Problem  string // "" when the entry can be sent; else why not, in words
	Fixable  bool   // FixHostBits would correct the problem
	Fix      string // the corrected host when Fixable
	Present  bool   // already routed on the CEN for the chosen regions
	Hostname bool   // a DNS name: resolve it (see Resolve) and offer its addresses

	// kind and against are the problem in a form no language is tied to
	// (see Why).
	kind    problem
	against *against
	prefix  netip.Prefix // the masked prefix; a bare address is a /32
}

// Kind is the kind of the entry's problem; "" when it has none, or when
// the problem was set by someone else.
func (l Line) Kind() fact.Kind { return problemKinds[l.kind] }

// Note is what to show next to the entry: its problem, NotePresent, or "".
func (l Line) Note() string {
	if l.Present {
		return NotePresent
	}
	return l.Problem
}

// Why is the entry's problem as a fact; the zero Fact when it has none,
// or when the problem was set by someone else (whose words it then are).
func (l Line) Why() fact.Fact {
	var args fact.Args
	switch l.kind {
	case noProblem:
		return fact.Fact{}
	case problemHostBits:
		args = fact.Args{"Fix": l.Fix}
	case problemDuplicate:
		args = fact.Args{"Other": l.against.other.Said()}
	case problemOverlaps:
		args = fact.Args{"Other": l.against.other.Said(), "Block": l.against.block}
	}
	return fact.New(l.Kind(), l.Problem, args)
}

// NoteSaid is Note as a fact (see Why).
func (l Line) NoteSaid() fact.Fact {
	if l.Present {
		return fact.New(KindPresent, NotePresent, nil)
	}
	return l.Why()
}

// fail gives l the problem p; a duplicate or an overlap is of a.
func (l *Line) fail(p problem, a *against) {
	l.kind, l.against = p, a
	switch p {
	case problemSyntax:
		l.Problem = ProblemSyntax
	case problemHostname:
		l.Problem = ProblemHostname
	case problemIPv6:
		l.Problem = ProblemIPv6
	case problemOutside:
		l.Problem = ProblemOutside
	case problemHostBits:
		l.Problem = "host bits set: did you mean " + l.Fix + "?"
	case problemDuplicate:
		l.Problem = "duplicate of " + a.other.String()
	case problemOverlaps:
		l.Problem = "overlaps " + a.other.String() + " (" + a.block + ")"
	}
}

// Result is the verdict on a whole text.
type Result struct {
	Lines   []Line
	Valid   int // entries that will be sent
	Skipped int // entries already present
	Invalid int // entries with a problem
}

// Hosts returns the hosts that will be sent, in input order.
func (r Result) Hosts() []string {
	var out []string
	for _, l := range r.Lines {
		if l.Problem == "" && !l.Present {
			out = append(out, l.Host)
		}
	}
	return out
}

// Parse splits text into entries: one or more per line, separated by commas
// or white space; '#' starts a comment that runs to the end of the line;
// blank lines are ignored.
func Parse(text string) []Entry {
	var entries []Entry
	scan(text, func(e Entry) bool {
		entries = append(entries, e)
		return true
	})
	return entries
}

// scan calls yield with each entry of text in order, as Parse reads them,
// until yield returns false.
func scan(text string, yield func(Entry) bool) {
	line, start := 1, -1
	// flush ends the entry in progress at end; false stops the scan.
	flush := func(end int) bool {
		if start < 0 {
			return true
		}
		e := Entry{Line: line, Text: text[start:end], Offset: start}
		start = -1
		return yield(e)
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		more := true
		switch {
		case r == '\n':
			more = flush(i)
			line++
		case r == '#':
			more = flush(i)
			// The comment runs to the end of the line: skip it at once.
			if nl := strings.IndexByte(text[i:], '\n'); nl >= 0 {
				size = nl
			} else {
				size = len(text) - i
			}
		case isSeparator(r):
			more = flush(i)
		case start < 0:
			start = i
		}
		if !more {
			return
		}
		i += size
	}
	flush(len(text))
}

// isSeparator accepts the separators people paste: commas, semicolons and
// any white space, including the no-break spaces and full-width commas that
// web pages and chat tools produce.
func isSeparator(r rune) bool {
	return r == ',' || r == ';' || r == '\uFF0C' || unicode.IsSpace(r)
}

// Canonical returns the masked prefix form of a host ("100.118.28.5" becomes
// "100.118.28.5/32"), or the host unchanged when it is not an address or
// prefix. Two hosts route the same block exactly when their canonical forms
// are equal.
func Canonical(host string) string {
	if p, ok := Prefix(host); ok {
		return p.Masked().String()
	}
	return host
}

// Spellings returns the ways the API may have stored host: a single
// address both bare and as a full-length prefix ("100.118.28.5" and
// "100.118.28.5/32", whichever was given first), anything else as given.
// Whether the API turns a bare address into a /32 is not documented, so a
// lookup by Host must try both.
func Spellings(host string) []string {
	p, ok := Prefix(host)
	if !ok || !p.IsSingleIP() {
		return []string{host}
	}
	bare, full := p.Addr().String(), p.String()
	if host == full {
		return []string{full, bare}
	}
	return []string{host, full}
}

// Check parses text and judges every entry. present holds the hosts already
// routed on the CEN for the chosen regions (any spelling: they are compared
// in canonical form); such entries are valid but skipped.
func Check(text string, present map[string]bool) Result {
	return check(text, present, func(n int) Ref { return Ref{Line: n} })
}

// CheckValues is Check for hosts given as the values of a repeated
// command-line flag rather than as lines: value n takes the place of line
// n, and a problem that points at another value names it by the flag and
// its position ("duplicate of --host #2").
func CheckValues(values []string, flag string) Result {
	return check(strings.Join(values, "\n"), nil, func(n int) Ref { return Ref{Line: n, Flag: flag} })
}

// CheckEach is Check for hosts given one per value (value n takes the
// place of line n), naming value n as line line(n) in a problem that
// points at it: a file's reader names the line of the file it is on.
func CheckEach(values []string, line func(n int) int) Result {
	return check(strings.Join(values, "\n"), nil, func(n int) Ref { return Ref{Line: line(n)} })
}

// check is Check, naming the entry on line n as ref(n) in problems.
func check(text string, present map[string]bool, ref func(n int) Ref) Result {
	entries := Parse(text)
	lines := make([]Line, len(entries))
	for i, e := range entries {
		lines[i] = judge(e)
	}
	markDuplicates(lines, ref)
	markOverlaps(lines, ref)
	markPresent(lines, present)
	res := Result{Lines: lines}
	for _, l := range lines {
		switch {
		case l.Problem != "":
			res.Invalid++
		case l.Present:
			res.Skipped++
		default:
			res.Valid++
		}
	}
	return res
}

// FixHostBits rewrites every entry whose only problem is host bits set to
// its network address (100.118.28.5/24 becomes 100.118.28.0/24), leaving the
// rest of the text (separators, comments, other entries) as it was.
func FixHostBits(text string) string {
	var b strings.Builder
	last := 0
	for _, e := range Parse(text) {
		l := judge(e)
		if !l.Fixable {
			continue
		}
		b.WriteString(text[last:e.Offset])
		b.WriteString(l.Fix)
		last = e.Offset + len(e.Text)
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// judge checks one entry on its own (syntax, family, range, host bits).
func judge(e Entry) Line {
	l := Line{Number: e.Line, Raw: e.Text, Host: e.Text}
	p, ok := Prefix(e.Text)
	switch {
	case !ok && looksLikeHostname(e.Text):
		l.fail(problemHostname, nil)
		l.Hostname = true
	case !ok:
		l.fail(problemSyntax, nil)
	case !p.Addr().Is4():
		l.fail(problemIPv6, nil)
	case !ServiceRange.Contains(p.Masked().Addr()) || p.Bits() < ServiceRange.Bits():
		l.fail(problemOutside, nil)
	case p.Masked() != p:
		l.Fix, l.Fixable = p.Masked().String(), true
		l.fail(problemHostBits, nil)
	default:
		l.prefix = p
	}
	return l
}

// Prefix reads a host as the API holds it: an address (as a full-length
// prefix) or a CIDR.
func Prefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p, err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// looksLikeHostname reports whether s is a DNS name with at least two
// labels whose last label is not numeric (so that a malformed address such
// as 100.64.0.256 is not taken for a name).
func looksLikeHostname(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, label := range labels {
		if !validLabel(label) {
			return false
		}
	}
	_, err := strconv.Atoi(labels[len(labels)-1])
	return err != nil
}

func validLabel(label string) bool {
	if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
		return false
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// markDuplicates flags every valid entry whose block an earlier entry
// already names.
func markDuplicates(lines []Line, ref func(int) Ref) {
	first := make(map[netip.Prefix]int, len(lines))
	for i := range lines {
		l := &lines[i]
		if !l.prefix.IsValid() {
			continue
		}
		if j, seen := first[l.prefix]; seen {
			l.fail(problemDuplicate, &against{other: ref(lines[j].Number)})
			l.prefix = netip.Prefix{}
			continue
		}
		first[l.prefix] = i
	}
}

// markOverlaps flags every valid entry that overlaps an earlier one, naming
// the earliest such entry. CIDR blocks either nest or are disjoint, so after
// sorting by (start, length) one pass with a stack of enclosing blocks finds,
// for each entry, the earliest of its enclosing blocks and of the blocks it
// encloses: O(n log n) overall.
func markOverlaps(lines []Line, ref func(int) Ref) {
	order := make([]int, 0, len(lines))
	for i, l := range lines {
		if l.prefix.IsValid() {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(a, b int) bool {
		pa, pb := lines[order[a]].prefix, lines[order[b]].prefix
		if c := pa.Addr().Compare(pb.Addr()); c != 0 {
			return c < 0
		}
		return pa.Bits() < pb.Bits()
	})
	const none = -1
	type frame struct{ idx, outer, inner int } // outer: earliest enclosing block; inner: earliest enclosed block
	earliest := func(a, b int) int {
		if a == none || (b != none && b < a) {
			return b
		}
		return a
	}
	other := make([]int, len(lines))
	var stack []frame
	pop := func() {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		other[f.idx] = earliest(f.outer, f.inner)
		if n := len(stack); n > 0 {
			stack[n-1].inner = earliest(stack[n-1].inner, earliest(f.inner, f.idx))
		}
	}
	for _, i := range order {
		p := lines[i].prefix
		for len(stack) > 0 && !lines[stack[len(stack)-1].idx].prefix.Overlaps(p) {
			pop()
		}
		outer := none
		if n := len(stack); n > 0 {
			outer = earliest(stack[n-1].outer, stack[n-1].idx)
		}
		stack = append(stack, frame{idx: i, outer: outer, inner: none})
	}
	for len(stack) > 0 {
		pop()
	}
	for _, i := range order {
		if j := other[i]; j != none && j < i {
			lines[i].fail(problemOverlaps, &against{other: ref(lines[j].Number), block: lines[j].prefix.String()})
		}
	}
	for _, i := range order {
		if lines[i].Problem != "" {
			lines[i].prefix = netip.Prefix{}
		}
	}
}

// markPresent marks the valid entries already routed.
func markPresent(lines []Line, present map[string]bool) {
	if len(present) == 0 {
		return
	}
	routed := make(map[string]bool, len(present))
	for h, ok := range present {
		if ok {
			routed[Canonical(h)] = true
		}
	}
	for i := range lines {
		if lines[i].prefix.IsValid() && routed[lines[i].prefix.String()] {
			lines[i].Present = true
		}
	}
}
