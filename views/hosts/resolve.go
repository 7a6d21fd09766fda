package hosts

import (
	"context"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme/i18n"
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
	lang := v.st.Lang
	v.notice = ""
	v.replaceNames(ready)
	said := []string{v.notice}
	if len(retried) > 0 {
		said = append(said, lang.T("editor.resolve.again", i18n.Args{"Names": strings.Join(unique(retried), ", ")})+v.st.Glyphs.Ellipsis)
	}
	if len(waiting) > 0 {
		said = append(said, lang.T("editor.resolve.waiting", i18n.Args{"Names": strings.Join(unique(waiting), ", ")}))
	}
	if len(useless) > 0 {
		said = append(said, lang.T("editor.resolve.useless", i18n.Args{"Names": strings.Join(unique(useless), ", ")}))
	}
	v.notice = sentences(lang, said)
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
	lang := v.st.Lang
	if len(done) > 0 {
		names := i18n.Args{"Names": strings.Join(unique(done), ", ")}
		if !v.rewrite(strings.Join(lines, "\n"), lang.T("editor.undo.resolve", names)) {
			return
		}
		said = append(said, lang.T("editor.resolve.replaced", names))
	}
	for _, name := range slices.Sorted(maps.Keys(names)) {
		switch lk := v.lookups[name]; {
		case lk == nil || !lk.done || usable(name):
		case lk.err != nil:
			said = append(said, lang.T("editor.resolve.failed", i18n.Args{"Names": name, "Error": views.ErrorText(lang, lk.err)}))
		default:
			said = append(said, lang.T("editor.resolve.useless", i18n.Args{"Names": name}))
		}
	}
	v.notice = sentences(lang, said)
}

// sentences joins what was said, one sentence after the other, leaving
// out the empty ones.
func sentences(lang *i18n.Localizer, said []string) string {
	out := ""
	for _, s := range said {
		switch {
		case s == "":
		case out == "":
			out = s
		default:
			out = lang.T("editor.sentences", i18n.Args{"First": out, "Then": s})
		}
	}
	return out
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
	lang := v.st.Lang
	switch {
	case !seen:
		return lang.T("editor.hostname.unresolved")
	case !lk.done:
		return lang.T("editor.hostname.resolving") + v.st.Glyphs.Ellipsis
	case lk.err != nil:
		return lang.T("editor.hostname.failed", i18n.Args{"Error": views.ErrorText(lang, lk.err)})
	}
	args := i18n.Args{"Count": len(lk.all), "Usable": len(lk.inRange)}
	switch {
	case len(lk.inRange) == 0:
		return lang.T("editor.hostname.none_usable", args)
	case len(lk.inRange) < len(lk.all):
		return lang.T("editor.hostname.some_usable", args)
	}
	return lang.T("editor.hostname.usable", args)
}

// hostnameDetail says in full what the editor knows of a hostname entry,
// with its addresses and what ctrl+r does with it: the lines about the
// cursor's line show it.
func (v *View) hostnameDetail(name string) string {
	lk, seen := v.lookups[name]
	lang := v.st.Lang
	switch {
	case !seen:
		return lang.T("editor.hostname.detail.unresolved")
	case !lk.done:
		return lang.T("editor.hostname.detail.resolving", i18n.Args{"Ellipsis": v.st.Glyphs.Ellipsis})
	case lk.err != nil:
		return lang.T("editor.hostname.detail.failed", i18n.Args{"Error": views.ErrorText(lang, lk.err)})
	case len(lk.inRange) == 0:
		return lang.T("editor.hostname.detail.none_usable", i18n.Args{"Addresses": strings.Join(lk.all, ", ")})
	}
	return lang.T("editor.hostname.detail.usable", i18n.Args{"Addresses": strings.Join(lk.all, ", "),
		"Usable": strings.Join(lk.inRange, ", ")})
}
