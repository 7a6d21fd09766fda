package hosts

import (
	"context"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/views"
)

// Hostname lookups: each has a deadline, and only a few run at once so a
// pasted list of names does not flood the resolver.
const (
	resolveTimeout = 5 * time.Second
	maxLookups     = 4
)

// lookup is what the editor knows about one hostname.
type lookup struct {
	done    bool
	all     []string // every IPv4 address of the name
	inRange []string // the addresses inside 100.64.0.0/10: the usable ones
	err     error
}

// resolvedMsg carries the outcome of one lookup. Lookups of different
// names run side by side: any lookup of this view is answered (its name
// is its key, and a late answer is still the right answer for that name),
// never one of another instance's.
type resolvedMsg struct {
	ticket views.Ticket
	name   string
	all    []string
	err    error
}

// resolveCmd looks name up with r, off the UI goroutine.
func resolveCmd(r hostlist.Resolver, ticket views.Ticket, name string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), resolveTimeout)
		defer cancel()
		all, err := hostlist.Resolve(ctx, r, name)
		return resolvedMsg{ticket: ticket, name: name, all: all, err: err}
	}
}

// inServiceRange keeps the addresses the API accepts.
func inServiceRange(addrs []string) []string {
	var out []string
	for _, a := range addrs {
		if ip, err := netip.ParseAddr(a); err == nil && hostlist.ServiceRange.Contains(ip) {
			out = append(out, a)
		}
	}
	return out
}

// startLookups starts lookups for hostnames not looked up yet, at most
// maxLookups at a time. The name on the cursor's line is left alone while
// it is being typed (each keystroke would otherwise cost a DNS query),
// unless the operator asked for it with the resolve key.
func (v *View) startLookups() tea.Cmd {
	v.forgetLookups()
	var cmds []tea.Cmd
	cursor := v.cursorLine()
	for _, i := range v.check.hostnames {
		if v.inflight >= maxLookups {
			break
		}
		l := v.check.result.Lines[i]
		if _, seen := v.lookups[l.Raw]; seen || (l.Number == cursor && !v.wanted[l.Raw]) {
			continue
		}
		v.lookups[l.Raw] = &lookup{}
		v.inflight++
		cmds = append(cmds, resolveCmd(v.resolver, v.resolves.Next(), l.Raw))
	}
	return tea.Batch(cmds...)
}

// forgetLookups drops what is known of names no longer in the text, once
// more names are remembered than a list can hold: a session that edits
// for hours keeps a bounded memory.
func (v *View) forgetLookups() {
	if len(v.lookups) <= hostlist.MaxHosts {
		return
	}
	inText := make(map[string]bool, len(v.check.hostnames))
	for _, i := range v.check.hostnames {
		inText[v.check.result.Lines[i].Raw] = true
	}
	for name, lk := range v.lookups {
		if lk.done && !inText[name] {
			delete(v.lookups, name)
		}
	}
}

// handleResolved records a lookup and, when the operator already asked to
// use that name's addresses, puts them in.
func (v *View) handleResolved(msg resolvedMsg) tea.Cmd {
	lk, ok := v.lookups[msg.name]
	if !v.resolves.Issued(msg.ticket) || !ok || lk.done {
		return nil
	}
	v.inflight--
	*lk = lookup{done: true, all: msg.all, inRange: inServiceRange(msg.all), err: msg.err}
	if v.wanted[msg.name] {
		delete(v.wanted, msg.name)
		v.replaceNames(map[string]bool{msg.name: true})
	}
	v.refresh()
	return v.startLookups()
}

// useResolved replaces every hostname whose addresses are known with its
// addresses inside 100.64.0.0/10; names still unresolved are looked up now
// and replaced when their answer comes, and names whose lookup failed are
// looked up again. The notice says what was done with each.
func (v *View) useResolved() tea.Cmd {
	ready := map[string]bool{}
	var retried, waiting, useless []string
	for _, i := range v.check.hostnames {
		name := v.check.result.Lines[i].Raw
		lk, seen := v.lookups[name]
		switch {
		case seen && lk.done && lk.err != nil:
			delete(v.lookups, name) // so that startLookups asks again
			v.wanted[name] = true
			retried = append(retried, name)
		case !seen || !lk.done:
			v.wanted[name] = true
			waiting = append(waiting, name)
		case len(lk.inRange) > 0:
			ready[name] = true
		default:
			useless = append(useless, name)
		}
	}
	v.notice = ""
	v.replaceNames(ready)
	said := []string{v.notice}
	if len(retried) > 0 {
		said = append(said, "looking "+strings.Join(unique(retried), ", ")+" up again"+v.st.Glyphs.Ellipsis)
	}
	if len(waiting) > 0 {
		said = append(said, "looking up "+strings.Join(unique(waiting), ", ")+": the addresses go in when they come.")
	}
	if len(useless) > 0 {
		said = append(said, strings.Join(unique(useless), ", ")+": no address inside 100.64.0.0/10, left as is.")
	}
	v.notice = strings.TrimSpace(strings.Join(said, " "))
	v.refresh()
	return v.startLookups()
}

// replaceNames rewrites the text: each named entry becomes its usable
// addresses, comma-separated on the same line, and a line that had no
// comment gets one naming what was resolved, so the list still says where
// the addresses came from. A name with no usable address (its lookup
// failed, or found none inside 100.64.0.0/10) is left as it is, and the
// notice says why.
func (v *View) replaceNames(names map[string]bool) {
	if len(names) == 0 {
		return
	}
	usable := func(name string) bool { lk := v.lookups[name]; return lk != nil && len(lk.inRange) > 0 }
	lines := strings.Split(v.check.text, "\n")
	var done, said []string
	for _, i := range v.check.hostnames {
		l := v.check.result.Lines[i]
		if !names[l.Raw] || !usable(l.Raw) || l.Number > len(lines) {
			continue
		}
		lines[l.Number-1] = replaceOnLine(lines[l.Number-1], l.Raw, v.lookups[l.Raw].inRange)
		done = append(done, l.Raw)
	}
	if len(done) > 0 {
		names := strings.Join(unique(done), ", ")
		if !v.rewrite(strings.Join(lines, "\n"), "replacing "+names+" with addresses") {
			return
		}
		said = append(said, "replaced "+names+" with its addresses inside 100.64.0.0/10.")
	}
	for _, name := range slices.Sorted(maps.Keys(names)) {
		switch lk := v.lookups[name]; {
		case lk == nil || !lk.done || usable(name):
		case lk.err != nil:
			said = append(said, name+": lookup failed: "+views.ErrorText(v.st.Lang, lk.err)+"; left as is, ctrl+r tries again.")
		default:
			said = append(said, name+": no address inside 100.64.0.0/10, left as is.")
		}
	}
	v.notice = strings.Join(said, " ")
}

// replaceOnLine replaces the entry name on one line with addrs.
func replaceOnLine(line, name string, addrs []string) string {
	var b strings.Builder
	last := 0
	for _, e := range hostlist.Parse(line) {
		if e.Text != name {
			continue
		}
		b.WriteString(line[last:e.Offset])
		b.WriteString(strings.Join(addrs, ", "))
		last = e.Offset + len(e.Text)
	}
	b.WriteString(line[last:])
	out := b.String()
	if !strings.Contains(line, "#") {
		out += "  # " + name
	}
	return out
}

// unique drops repeated strings, keeping the first of each.
func unique(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// hostnameState says what the editor knows of a hostname entry, in a few
// words: beside its line and in the problems list, where a line of 80
// columns has room for them. hostnameDetail says it in full.
func (v *View) hostnameState(name string) string {
	lk, seen := v.lookups[name]
	switch {
	case !seen:
		return "a hostname: ctrl+r looks it up"
	case !lk.done:
		return "resolving" + v.st.Glyphs.Ellipsis
	case lk.err != nil:
		return "failed: " + views.ErrorText(v.st.Lang, lk.err)
	case len(lk.inRange) == 0:
		return "resolved to " + views.Plural(len(lk.all), "address", "addresses") + ", none usable"
	case len(lk.inRange) < len(lk.all):
		return "resolved to " + views.Plural(len(lk.all), "address", "addresses") + ", " + strconv.Itoa(len(lk.inRange)) + " usable"
	}
	return "resolved to " + views.Plural(len(lk.all), "address", "addresses") + ": ctrl+r uses them"
}

// hostnameDetail says in full what the editor knows of a hostname entry,
// with its addresses and what ctrl+r does with it: the lines about the
// cursor's line show it.
func (v *View) hostnameDetail(name string) string {
	lk, seen := v.lookups[name]
	switch {
	case !seen:
		return "a hostname: ctrl+r looks it up and puts its addresses in its place"
	case !lk.done:
		return "resolving" + v.st.Glyphs.Ellipsis + " (ctrl+r puts its addresses in its place once they come)"
	case lk.err != nil:
		return "lookup failed: " + views.ErrorText(v.st.Lang, lk.err) + "; ctrl+r tries again"
	case len(lk.inRange) == 0:
		return "resolved to " + strings.Join(lk.all, ", ") + ": none inside 100.64.0.0/10, the range services are reached in"
	}
	return "resolved to " + strings.Join(lk.all, ", ") + ": ctrl+r uses " + strings.Join(lk.inRange, ", ")
}
