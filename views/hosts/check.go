package hosts

import (
	"strconv"
	"strings"

	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme/i18n"
)

// checked is the verdict on the editor's text, indexed for drawing: which
// entries sit on which line, which are problems, which are hostnames.
type checked struct {
	text   string
	result hostlist.Result
	// first[n] is the index in result.Lines of line n's first entry, or
	// -1 when line n holds no entry. Entries come in line order.
	first     []int
	problems  []int // indices of entries with a problem, in line order
	hostnames []int // indices of hostname entries, in line order
	fixable   int
	conflicts int // entries an existing entry stands in the way of
	// overlapping counts the entries whose problem is only a duplicate or
	// an overlap (see hostlist.Line.Overlapping).
	overlapping int
}

// newChecked checks text against the hosts already present and those in
// conflict with an existing entry, and indexes the result. It is the whole
// cost of a keystroke beyond the editor itself, so it does one pass over
// the entries after hostlist.Check.
func newChecked(text string, present map[string]bool, conflicts map[string]string) checked {
	c := checked{text: text, result: hostlist.Check(text, present)}
	c.markConflicts(conflicts)
	lines := strings.Count(text, "\n") + 1
	c.first = make([]int, lines+2)
	for i := range c.first {
		c.first[i] = -1
	}
	for i, l := range c.result.Lines {
		if l.Number < len(c.first) && c.first[l.Number] < 0 {
			c.first[l.Number] = i
		}
		if l.Problem != "" {
			c.problems = append(c.problems, i)
		}
		if l.Hostname {
			c.hostnames = append(c.hostnames, i)
		}
		if l.Fixable {
			c.fixable++
		}
		if l.Overlapping() {
			c.overlapping++
		}
	}
	return c
}

// markConflicts turns every otherwise valid entry that an existing entry
// stands in the way of into a problem, with the engine's reason: the run
// would fail it without a call.
func (c *checked) markConflicts(conflicts map[string]string) {
	if len(conflicts) == 0 {
		return
	}
	r := &c.result
	for i := range r.Lines {
		l := &r.Lines[i]
		why := conflicts[hostlist.Canonical(l.Host)]
		if l.Problem != "" || why == "" {
			continue
		}
		if l.Present {
			r.Skipped--
		} else {
			r.Valid--
		}
		l.Problem, l.Present = why, false
		r.Invalid++
		c.conflicts++
	}
}

// entries returns the entries on line n (1-based).
func (c checked) entries(n int) []hostlist.Line {
	if n <= 0 || n >= len(c.first) || c.first[n] < 0 {
		return nil
	}
	i := c.first[n]
	j := i
	for j < len(c.result.Lines) && c.result.Lines[j].Number == n {
		j++
	}
	return c.result.Lines[i:j]
}

// valid returns every host that can be used, in input order, with the
// subset already present.
func (c checked) valid() (hosts, present []string) {
	for _, l := range c.result.Lines {
		if l.Problem != "" {
			continue
		}
		hosts = append(hosts, l.Host)
		if l.Present {
			present = append(present, l.Host)
		}
	}
	return hosts, present
}

// problemLines lists the line numbers of the first few problems, for
// messages such as "lines 3, 7, 12 and 4 more".
func (c checked) problemLines(lang *i18n.Localizer, limit int) string {
	var nums []string
	seen := map[int]bool{}
	more := 0
	for _, i := range c.problems {
		n := c.result.Lines[i].Number
		if seen[n] {
			continue
		}
		seen[n] = true
		if len(nums) < limit {
			nums = append(nums, strconv.Itoa(n))
		} else {
			more++
		}
	}
	args := i18n.Args{"Count": len(nums) + more, "Lines": strings.Join(nums, lang.T("editor.number_separator")), "More": more}
	if more > 0 {
		return lang.T("editor.lines_more", args)
	}
	return lang.T("editor.lines", args)
}

// blockReason says, in lang's words, why the step cannot be left yet; ""
// when it can.
func (c checked) blockReason(lang *i18n.Localizer) string {
	r := c.result
	switch {
	case len(r.Lines) == 0:
		return lang.T("editor.block.empty")
	case r.Invalid > 0:
		return lang.T("editor.block.problems", i18n.Args{"Count": r.Invalid, "Lines": c.problemLines(lang, 5), "Hints": c.hints(lang)})
	case r.Valid == 0:
		return lang.T("editor.block.all_present")
	}
	return ""
}

// hints names the keys that help with the current problems.
func (c checked) hints(lang *i18n.Localizer) string {
	var h []string
	if c.fixable > 0 {
		h = append(h, lang.T("editor.hint.fix"))
	}
	if len(c.hostnames) > 0 {
		h = append(h, lang.T("editor.hint.resolve"))
	}
	if c.overlapping > 0 {
		h = append(h, lang.T("editor.hint.drop_redundant"))
	}
	h = append(h, lang.T("editor.hint.drop_invalid"), lang.T("editor.hint.next_problem"))
	args := i18n.Args{"Hints": strings.Join(h, lang.T("editor.list_separator"))}
	if c.conflicts > 0 {
		return lang.T("editor.hints_conflicts", args)
	}
	return lang.T("editor.hints", args)
}
