package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views/layout"
)

// newHelp builds the help renderer with the theme's styles and glyphs
// (the default separators are not ASCII).
func newHelp(st *theme.Styles) help.Model {
	h := help.New()
	h.ShortSeparator = " " + st.Glyphs.Bullet + " "
	h.FullSeparator = "    "
	h.Ellipsis = st.Glyphs.Ellipsis
	h.Styles = help.Styles{
		ShortKey: st.HelpKey, ShortDesc: st.HelpDesc, ShortSeparator: st.HelpSep,
		FullKey: st.HelpKey, FullDesc: st.HelpDesc, FullSeparator: st.HelpSep,
		Ellipsis: st.HelpSep,
	}
	return h
}

// View renders the header, the active view (or the help overlay) and the
// footer, filling exactly the terminal.
func (m *Model) View() string {
	if m.width == 0 || m.height == 0 {
		return "" // no size yet: nothing sensible to draw
	}
	if m.tooSmall() {
		return layout.Frame(m.tooSmallView(), m.width, m.height)
	}
	top := m.header()
	if panel := m.aboutPanel(); panel != "" {
		top += "\n" + panel
	}
	return top + "\n" + layout.Frame(m.body(), m.contentW, m.contentH) + "\n" + m.footer()
}

// layout measures the chrome and the about panel at the current size and
// gives every view the rest of the terminal. Cached views are resized
// too, so that going back after a resize finds them reflowed.
func (m *Model) layout() {
	room := m.height - lipgloss.Height(m.header()) - lipgloss.Height(m.footer())
	m.fitAbout(room)
	if panel := m.aboutPanel(); panel != "" {
		room -= lipgloss.Height(panel)
	}
	m.contentW, m.contentH = max(m.width, 0), max(room, 0)
	for _, p := range m.pages {
		p.view.SetSize(m.contentW, m.contentH)
	}
}

// tooSmall reports whether the terminal is below the minimum size.
func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

func (m *Model) tooSmallView() string {
	times := "×"
	if m.st.ASCII {
		times = "x"
	}
	lines := []string{
		m.st.Warning.Render(fmt.Sprintf("terminal too small: need %d%s%d, have %d%s%d",
			minWidth, times, minHeight, m.width, times, m.height)),
		m.st.Muted.Render("Enlarge the window, or press ctrl+c to quit."),
	}
	if m.prompt != nil {
		// Keys are not read here (see handleKey): the question waits.
		lines = append(lines, "", m.st.Warning.Render("A question waits: enlarge the window to answer it."))
	}
	return strings.Join(lines, "\n")
}

// header is three lines: identity, breadcrumbs, a rule.
func (m *Model) header() string {
	return strings.Join([]string{
		m.cut(m.identityLine(), m.width),
		m.cut(m.crumbLine(), m.width),
		m.st.Muted.Render(strings.Repeat(m.st.Glyphs.Border.Top, max(m.width, 0))),
	}, "\n")
}

// identityLine names the program, the DEMO badge, and who is talking to
// which endpoint: the AccessKeyId comes masked from the client.
func (m *Model) identityLine() string {
	parts := []string{m.st.Title.Render("cenroute")}
	if m.deps.Demo {
		parts = append(parts, m.st.Badge.Render("DEMO"))
	}
	if id := identityText(m.deps.Identity, m.st.Glyphs.Bullet); id != "" {
		parts = append(parts, m.st.Muted.Render(id))
	}
	return strings.Join(parts, "  ")
}

// identityText joins the non-empty parts of an identity.
func identityText(id cenapi.Identity, sep string) string {
	who := id.Profile
	if who == "" {
		who = id.Source
	} else {
		who = "profile " + who
	}
	var parts []string
	for _, p := range []string{who, id.AccessKeyID, id.Region, id.Endpoints()} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " "+sep+" ")
}

// crumbLine shows the steps done so far and the current step's title.
// When it does not fit, the longest crumb is shortened, one cell at a
// time, down to crumbMinWidth; only then is the line cut.
func (m *Model) crumbLine() string {
	crumbs := m.state.crumbs(m.step)
	title := ""
	if v := m.active(); v != nil {
		title = v.Title()
	}
	widths := make([]int, len(crumbs))
	total := layout.Width(title) + len(crumbs)*layout.Width(m.st.Glyphs.Separator)
	for i, c := range crumbs {
		widths[i] = layout.Width(c)
		total += widths[i]
	}
	for total > m.width {
		i := longest(widths)
		if i < 0 || widths[i] <= crumbMinWidth {
			break
		}
		widths[i]--
		total--
	}
	parts := make([]string, 0, len(crumbs)+1)
	for i, c := range crumbs {
		parts = append(parts, m.st.Crumb.Render(layout.ShortenMiddle(c, widths[i], m.st.Glyphs.Ellipsis)))
	}
	parts = append(parts, m.st.CrumbNow.Render(title))
	return strings.Join(parts, m.st.Crumb.Render(m.st.Glyphs.Separator))
}

// longest is the index of the largest width, -1 for none.
func longest(widths []int) int {
	best := -1
	for i, w := range widths {
		if best < 0 || w > widths[best] {
			best = i
		}
	}
	return best
}

// footer is two lines: the status (prompt, error or info) and the short
// help of the active view followed by the global keys.
func (m *Model) footer() string {
	return m.cut(m.statusLine(), m.width) + "\n" + m.shortHelp()
}

func (m *Model) statusLine() string {
	switch {
	case m.prompt != nil:
		return m.st.Warning.Render(m.prompt.question)
	case m.status.isErr:
		return m.st.Error.Render(m.st.Glyphs.Fail + " " + m.status.text)
	default:
		return m.st.Accent.Render(m.status.text)
	}
}

func (m *Model) shortHelp() string {
	switch m.overlay {
	case helpOverlay:
		return m.help.ShortHelpView([]key.Binding{m.keys.Close, m.keys.Interrupt})
	case aboutOverlay:
		return m.help.ShortHelpView([]key.Binding{m.keys.CloseAbout, m.keys.Interrupt})
	}
	var bindings []key.Binding
	if v := m.active(); v != nil {
		bindings = v.ShortHelp()
	}
	return m.joinHelp(bindings, m.globalHelp(bindings))
}

// globalHelp is the root's part of the footer: help and quit, or how to
// stop while a run goes on; keys, and actions, the view already lists are
// left out (the submit step offers s to stop the run).
func (m *Model) globalHelp(local []key.Binding) []key.Binding {
	global := m.keys.shortHelp(m.capturing())
	if m.runs.busy() {
		stop := m.keys.Interrupt
		stop.SetHelp("ctrl+c", "stop the run")
		if m.prompt != nil || m.stopping {
			stop.SetHelp("ctrl+c", "quit now")
		}
		global = []key.Binding{m.keys.Help, stop}
	}
	shown := map[string]bool{}
	for _, b := range local {
		if b.Enabled() {
			shown[b.Help().Key], shown[b.Help().Desc] = true, true
		}
	}
	out := global[:0:0]
	for _, b := range global {
		if !shown[b.Help().Key] && !shown[b.Help().Desc] {
			out = append(out, b)
		}
	}
	return out
}

// joinHelp renders the view's keys, cut with an ellipsis to the room the
// global keys leave, then the global keys: help and quit are never the
// ones cut off.
func (m *Model) joinHelp(local, global []key.Binding) string {
	h := m.help
	tail := h.ShortHelpView(global)
	sep := h.Styles.ShortSeparator.Render(h.ShortSeparator)
	h.Width = m.width - lipgloss.Width(tail) - lipgloss.Width(sep)
	// bubbles' help only cuts when the ellipsis fits, so cut again.
	head := m.cut(h.ShortHelpView(local), h.Width)
	switch {
	case head == "":
		return m.cut(tail, m.width)
	case tail == "":
		return m.cut(head, m.width)
	}
	return m.cut(head+sep+tail, m.width)
}

// body is the active view, or the overlay shown in its place.
func (m *Model) body() string {
	v := m.active()
	if v == nil {
		return ""
	}
	switch m.overlay {
	case helpOverlay:
		groups := append(v.FullHelp(), m.keys.fullHelp())
		return m.st.Title.Render("Keys: "+v.Title()) + "\n\n" + m.helpColumns(groups)
	case aboutOverlay:
		return m.aboutView()
	}
	return v.View()
}

// helpColumns lays the help's groups out side by side, starting a new row
// of groups, under a blank line, when the next would not fit the width:
// bubbles' help puts every group on one row and cuts what overflows, the
// root's keys (the last group) first.
func (m *Model) helpColumns(groups [][]key.Binding) string {
	sep := m.help.Styles.FullSeparator.Render(m.help.FullSeparator)
	var rows []string
	row, used := "", 0
	for _, g := range groups {
		block := m.help.FullHelpView([][]key.Binding{g})
		w := lipgloss.Width(block)
		switch {
		case block == "":
			continue
		case row == "":
			row, used = block, w
		case used+lipgloss.Width(sep)+w <= m.width:
			row = lipgloss.JoinHorizontal(lipgloss.Top, row, sep, block)
			used += lipgloss.Width(sep) + w
		default:
			rows = append(rows, row)
			row, used = block, w
		}
	}
	if row != "" {
		rows = append(rows, row)
	}
	return strings.Join(rows, "\n\n")
}

// cut shortens one line of the chrome to w cells, with the theme's
// ellipsis.
func (m *Model) cut(s string, w int) string { return layout.Truncate(s, w, m.st.Glyphs.Ellipsis) }
