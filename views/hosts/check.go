package hosts

import (
	"strconv"
	"strings"

	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/views"
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
func (c checked) problemLines(limit int) string {
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
	word := "line "
	if len(nums)+more > 1 {
		word = "lines "
	}
	s := word + strings.Join(nums, ", ")
	if more > 0 {
		s += " and " + strconv.Itoa(more) + " more"
	}
	return s
}

// blockReason says, in words, why the step cannot be left yet; "" when it
// can.
func (c checked) blockReason() string {
	r := c.result
	switch {
	case len(r.Lines) == 0:
		return "enter at least one service CIDR (one per line, or separated by commas or spaces)."
	case r.Invalid > 0:
		return views.Plural(r.Invalid, "entry has a problem", "entries have problems") +
			" (" + c.problemLines(5) + "): " + c.hints()
	case r.Valid == 0:
		return "every host is already present on this CEN: there is nothing to send."
	}
	return ""
}

// hints names the keys that help with the current problems.
func (c checked) hints() string {
	var h []string
	if c.fixable > 0 {
		h = append(h, "ctrl+f fixes host bits")
	}
	if len(c.hostnames) > 0 {
		h = append(h, "ctrl+r resolves hostnames")
	}
	if c.overlapping > 0 {
		h = append(h, "ctrl+y drops duplicates")
	}
	h = append(h, "ctrl+o drops them all", "ctrl+g goes to the next one")
	s := strings.Join(h, ", ") + "."
	if c.conflicts > 0 {
		s += " In conflict: delete the existing entry first (e on the CEN step), or choose its VPC."
	}
	return s
}
