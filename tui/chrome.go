package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
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
// footer, filling exactly the terminal: as many lines as it has, each
// exactly as wide, in cells, as it is (padded with spaces), in every
// language. A line of Chinese text cut before a character that would not
// fit is one cell short until padded.
func (m *Model) View() string {
	if m.width == 0 || m.height == 0 {
		return "" // no size yet: nothing sensible to draw
	}
	if m.tooSmall() {
		return layout.Fill(m.tooSmallView(), m.width, m.height, m.st.Glyphs.Ellipsis)
	}
	top := m.header()
	if panel := m.aboutPanel(); panel != "" {
		top += "\n" + panel
	}
	screen := top + "\n" + layout.Frame(m.body(), m.contentW, m.contentH, m.st.Glyphs.Ellipsis) + "\n" + m.footer()
	return layout.Fill(screen, m.width, m.height, m.st.Glyphs.Ellipsis)
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
	lang := m.st.Lang
	lines := []string{
		m.st.Warning.Render(lang.T("wizard.too_small.need", i18n.Args{
			"Need": fmt.Sprintf("%d%s%d", minWidth, times, minHeight),
			"Have": fmt.Sprintf("%d%s%d", m.width, times, m.height)})),
		m.st.Muted.Render(lang.T("wizard.too_small.enlarge")),
	}
	if m.prompt != nil {
		// Keys are not read here (see handleKey): the question waits.
		lines = append(lines, "", m.st.Warning.Render(lang.T("wizard.too_small.question")))
	}
	return strings.Join(lines, "\n")
}

// header is three lines: identity, breadcrumbs, a rule.
func (m *Model) header() string {
	return strings.Join([]string{
		m.identityLine(),
		m.crumbLine(),
		m.st.Muted.Render(strings.Repeat(m.st.Glyphs.Border.Top, max(m.width, 0))),
	}, "\n")
}

// identityLine names the program, the DEMO badge, and who is talking to
// which endpoint: the AccessKeyId comes masked from the client. Where the
// line does not fit, whole parts give way (see identityParts); none is
// ever cut short but the last one left.
func (m *Model) identityLine() string {
	head := m.st.Title.Render("cenroute")
	if m.deps.Demo {
		head += "  " + m.st.Badge.Render(m.st.Lang.T("wizard.demo_badge"))
	}
	parts, drop := identityParts(m.st.Lang, m.deps.Identity)
	if len(parts) == 0 {
		return m.cut(head, m.width)
	}
	for i := range parts {
		parts[i] = m.st.Muted.Render(parts[i])
	}
	sep := m.st.Muted.Render(" " + m.st.Glyphs.Bullet + " ")
	rest, _ := layout.Fold(parts, drop, sep, m.st.Muted.Render(m.st.Glyphs.Ellipsis), m.width-lipgloss.Width(head)-2)
	return m.cut(head+"  "+rest, m.width)
}

// identityParts are the non-empty parts of an identity in the order the
// header shows them: where the credentials came from (in lang), the masked
// AccessKeyId, the endpoints and the region. drop is the order in which
// they give way on a narrow terminal: the region (only the default of
// calls that name none), then the endpoint and the AccessKeyId; where the
// credentials came from stays.
func identityParts(lang *i18n.Localizer, id cenapi.Identity) (parts []string, drop []int) {
	fields := []string{views.CredentialsText(lang, id), id.AccessKeyID, id.Endpoints(), id.Region}
	at := make([]int, len(fields))
	for i, f := range fields {
		at[i] = -1
		if f != "" {
			at[i] = len(parts)
			parts = append(parts, f)
		}
	}
	for _, f := range []int{3, 2, 1} {
		if at[f] >= 0 {
			drop = append(drop, at[f])
		}
	}
	return parts, drop
}

// crumbLine shows the steps done so far and the current step's title.
// When they do not fit, the free text among them (a description) gives
// way first, with an ellipsis, then the earliest crumbs are left out,
// shown as one ellipsis: an ID is shown whole or not at all, and the
// title is cut (with an ellipsis) only when it alone is too wide.
func (m *Model) crumbLine() string {
	title := ""
	if v := m.active(); v != nil {
		title = v.Title()
	}
	trail := m.state.trail(m.step, m.st.Lang)
	parts := make([]string, 0, len(trail)+1)
	drop := make([]int, 0, len(trail))
	for i, c := range trail {
		parts = append(parts, c.text)
		drop = append(drop, i)
	}
	parts = append(parts, title)
	sep := m.st.Glyphs.Separator
	if layout.Width(strings.Join(parts, sep)) > m.width {
		for i, c := range trail {
			if c.free {
				parts[i] = layout.Truncate(c.text, freeCrumbWidth, m.st.Glyphs.Ellipsis)
			}
		}
	}
	for i := range trail {
		parts[i] = m.st.Crumb.Render(parts[i])
	}
	parts[len(trail)] = m.st.CrumbNow.Render(title)
	line, _ := layout.Fold(parts, drop, m.st.Crumb.Render(sep), m.st.Crumb.Render(m.st.Glyphs.Ellipsis), m.width)
	return m.cut(line, m.width)
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
		if len(m.helpLines()) > m.contentH {
			return m.cut(m.help.ShortHelpView([]key.Binding{m.keys.ScrollDown, m.keys.Close, m.keys.Interrupt}), m.width)
		}
		return m.help.ShortHelpView([]key.Binding{m.keys.Close, m.keys.Interrupt})
	case aboutOverlay:
		return m.help.ShortHelpView([]key.Binding{m.keys.CloseAbout, m.keys.Interrupt})
	}
	var bindings []key.Binding
	if v := m.active(); v != nil {
		bindings = v.ShortHelp()
	}
	local, esc := splitEsc(bindings)
	return m.joinHelp(local, m.globalHelp(local, esc))
}

// splitEsc takes out of bindings the first enabled one that Esc triggers
// (clear the filter, cancel a question), for the part of the footer that
// is never cut.
func splitEsc(bindings []key.Binding) (rest []key.Binding, esc key.Binding) {
	for i, b := range bindings {
		if namesEsc(bindings[i : i+1]) {
			return append(slices.Clip(bindings[:i]), bindings[i+1:]...), b
		}
	}
	return bindings, key.Binding{}
}

// globalHelp is the root's part of the footer, never cut: what Esc does
// (esc, what the view says of it, else the way back), help and quit, or
// how to stop while a run goes on; keys, and actions, the view already
// lists are left out (the submit step offers s to stop the run).
func (m *Model) globalHelp(local []key.Binding, esc key.Binding) []key.Binding {
	global := m.keys.shortHelp(m.capturing())
	switch {
	case m.runs.busy():
		stop := m.keys.Interrupt
		stop.SetHelp("ctrl+c", m.st.Lang.T("wizard.key.stop_run"))
		if m.prompt != nil || m.stopping {
			stop.SetHelp("ctrl+c", m.st.Lang.T("wizard.key.quit_now"))
		}
		global = []key.Binding{m.keys.Help, stop}
	case esc.Enabled():
		global = append([]key.Binding{esc}, global...)
	case m.backHelp(local):
		global = append([]key.Binding{m.keys.Back}, global...)
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

// backHelp reports whether the help should name Esc as the way back: the
// step has one to go back to, and the view, whose keys are local, does
// not say what Esc does itself.
func (m *Model) backHelp(local ...[]key.Binding) bool {
	_, ok := m.step.previous()
	return ok && !namesEsc(local...)
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
		lines := m.helpLines()
		return strings.Join(lines[min(m.helpTop, m.helpBottom(lines)):], "\n")
	case aboutOverlay:
		return m.aboutView()
	}
	return v.View()
}

// helpLines are the lines of the help overlay, all of them: the body
// shows those from helpTop.
func (m *Model) helpLines() []string {
	v := m.active()
	if v == nil {
		return nil
	}
	return strings.Split(m.st.Title.Render(m.st.Lang.T("wizard.help.title", i18n.Args{"Title": v.Title()}))+"\n\n"+m.helpColumns(m.helpGroups(v)), "\n")
}

// helpBottom is the last helpTop: the help's last line at the bottom of
// the body.
func (m *Model) helpBottom(lines []string) int { return max(0, len(lines)-m.contentH) }

// scrollHelp moves the help overlay by delta lines, within it.
func (m *Model) scrollHelp(delta int) {
	m.helpTop = max(0, min(m.helpTop+delta, m.helpBottom(m.helpLines())))
}

// helpGroups are the groups of keys the help shows: the view's, then the
// root's.
func (m *Model) helpGroups(v views.View) [][]key.Binding {
	groups := v.FullHelp()
	return append(groups, m.keys.fullHelp(m.capturing(), m.backHelp(groups...)))
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
