package review

import (
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/layout"
	"github.com/cenroute/cenroute/views/picker"
)

// labelWidth aligns the plan's values.
const labelWidth = 16

// View implements views.View.
func (v *View) View() string {
	rows := v.summaryLines()
	if v.showCLI && v.state == checked {
		rows = append(rows, v.cliView(v.rowsBelow(len(rows)))...)
	}
	return layout.Clip(strings.Join(rows, "\n"), v.width, v.height, v.st.Glyphs.Ellipsis)
}

// cliReserve is how many rows the command list keeps for itself, its
// title included, when the summary would take them.
const cliReserve = 4

// summaryLines are the plan, what the check found wrong (a failed check,
// the target rule's problems, the hosts in conflict), and what the keys
// do, one row each. When they do not all fit: the blank row before what
// the keys do goes first, then what was found is cut to the rows left,
// with an ellipsis row, so that the plan and what the keys do stay on
// screen; the plan itself is cut only to show the first commands once
// they are asked for, and otherwise wins over what the keys do (the
// footer names the keys too).
func (v *View) summaryLines() []string {
	plan, found, actions := v.planLines(), v.foundLines(), v.actionLines()
	room := v.height
	if v.showCLI && v.state == checked {
		room -= cliReserve
		plan = cutRows(plan, room-len(actions), v.st.Muted.Render(v.st.Glyphs.Ellipsis))
	}
	if len(plan)+len(found)+len(actions) > room {
		actions = actions[1:] // the blank row
	}
	found = cutRows(found, room-len(plan)-len(actions), v.st.Muted.Render(v.st.Glyphs.Ellipsis))
	return append(append(plan, found...), actions...)
}

// cutRows keeps the rows that fit in room, the last of them an ellipsis
// row when some had to go; none when there is no room.
func cutRows(rows []string, room int, ellipsis string) []string {
	switch {
	case len(rows) <= room:
		return rows
	case room <= 0:
		return nil
	}
	return append(rows[:room-1:room-1], ellipsis)
}

// planLines are the plan and its counts, one row each.
func (v *View) planLines() []string {
	s, p, lang := v.st, v.plan, v.st.Lang
	description := s.Muted.Render(lang.T("run.review.no_description"))
	if p.Description != "" {
		description = strconv.Quote(p.Description)
	}
	hosts, calls := v.counts()
	lines := []string{s.Title.Render(lang.T("run.review.title"))}
	for _, f := range [][2]string{
		{lang.T("run.review.label.cen"), p.CenID}, {lang.T("run.review.label.host_region"), p.HostRegionID},
		{lang.T("run.review.label.host_vpc"), p.HostVpcID},
		{lang.T("run.review.label.access_regions"), strings.Join(p.AccessRegionIDs, ", ")},
		{lang.T("run.review.label.hosts"), hosts},
		{lang.T("run.review.label.description"), description}, {lang.T("run.review.label.calls"), calls},
	} {
		lines = append(lines, v.field(f[0], f[1])...)
	}
	return lines
}

// foundLines are what the check found wrong, one row each: why it
// failed, why the target rule rejects the plan, the hosts in conflict.
func (v *View) foundLines() []string {
	var lines []string
	switch v.state {
	case checkFailed:
		lines = picker.ErrorLines(v.st, v.st.Lang.T("run.review.check_failed"), v.err, v.width)
	case rejected:
		lines = v.problemLines()
	}
	return rows(append(lines, v.conflictLines()...))
}

// actionLines are a blank row, the notice of the last key, and what the
// keys do, one row each.
func (v *View) actionLines() []string {
	lines := []string{""}
	if v.notice != "" {
		lines = append(lines, v.st.Accent.Render(layout.Wrap(v.notice, v.width)))
	}
	return rows(append(lines, v.actionLine()))
}

// rows splits lines that were wrapped into one row each.
func rows(lines []string) []string {
	if len(lines) == 0 {
		return nil
	}
	return strings.Split(strings.Join(lines, "\n"), "\n")
}

// counts are the Hosts and Calls values: what the engine's check found,
// or where the check stands.
func (v *View) counts() (hosts, calls string) {
	lang := v.st.Lang
	hosts = lang.T("run.review.hosts", i18n.Args{"Count": len(v.plan.Hosts)})
	switch v.state {
	case checking:
		calls = v.st.Muted.Render(lang.T("run.review.checking") + v.st.Glyphs.Ellipsis)
		if v.retry != nil {
			calls += " " + v.st.Warning.Render(views.RetryText(v.st.Lang, *v.retry, v.st.Glyphs.Ellipsis))
		}
		return hosts, calls
	case checkFailed:
		return hosts, v.st.Muted.Render(lang.T("run.review.calls_unknown"))
	case rejected:
		return hosts, v.st.Muted.Render(lang.T("run.review.calls_none"))
	}
	entries := 0
	for _, c := range v.prep.Calls {
		entries += len(c.Request.AccessRegionIDs)
	}
	args := i18n.Args{"Count": len(v.plan.Hosts), "Send": len(v.prep.Calls), "Present": len(v.prep.Present)}
	hosts = lang.T("run.review.hosts_checked", args)
	if n := len(v.prep.Conflicts); n > 0 {
		args["Conflicts"] = n
		hosts = lang.T("run.review.hosts_conflicts", args)
	}
	calls = lang.T("run.review.calls", i18n.Args{"Count": len(v.prep.Calls),
		"Entries": lang.T("run.review.entries", i18n.Args{"Count": entries})})
	return hosts, calls
}

// field is one labelled value, wrapped under its label.
func (v *View) field(label, value string) []string {
	head := v.st.Bold.Render(layout.Fit(label, labelWidth, v.st.Glyphs.Ellipsis))
	return layout.Hang(head, labelWidth, value, v.width)
}

// problemLines say why the target rule rejects the plan, one problem a
// line.
func (v *View) problemLines() []string {
	s := v.st
	out := []string{s.Error.Render(s.Glyphs.Fail + " " + s.Lang.T("run.review.rejected"))}
	for _, p := range v.problems {
		out = append(out, s.Error.Render(layout.Wrap("  "+views.TargetProblem(s.Lang, p), v.width)))
	}
	return out
}

// conflictLines list the hosts that cannot be sent, with the reason.
func (v *View) conflictLines() []string {
	if len(v.prep.Conflicts) == 0 {
		return nil
	}
	conflicts := views.Conflicts(v.st.Lang, v.prep)
	hosts := make([]string, 0, len(conflicts))
	for h := range conflicts {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	s := v.st
	out := []string{s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" "+s.Lang.T("run.review.conflicts", i18n.Args{"Count": len(hosts)}), v.width))}
	for _, h := range hosts {
		out = append(out, s.Warning.Render(layout.Wrap("  "+h+": "+conflicts[h], v.width)))
	}
	return out
}

// actionLine says what happens next, or why nothing can be sent.
func (v *View) actionLine() string {
	s, lang := v.st, v.st.Lang
	switch {
	case v.state == checking:
		return s.Muted.Render(layout.Wrap(lang.T("run.review.action.checking"), v.width))
	case v.state == checkFailed:
		return s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" "+lang.T("run.review.action.check_failed"), v.width))
	case v.state == rejected:
		return s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" "+lang.T("run.review.action.rejected"), v.width))
	case len(v.prep.Calls) == 0:
		return s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" "+lang.T("run.review.action.nothing"), v.width))
	}
	action := lang.T("run.review.action.ready")
	if v.showCLI {
		action = lang.T("run.review.action.ready_shown")
	}
	return s.Success.Render(layout.Wrap(s.Glyphs.OK+" "+action, v.width))
}

// cliRows is how many command lines fit below the summary.
func (v *View) cliRows() int {
	return v.rowsBelow(len(v.summaryLines()))
}

// rowsBelow is how many command lines fit below a summary of that many
// lines and the command list's title. View passes the summary it has just
// drawn rather than drawing it again: with many conflicts it is long.
func (v *View) rowsBelow(summary int) int {
	return max(1, v.height-summary-1)
}

// cliLines are the commands wrapped to the width, a blank line between
// two commands so that each stands out. They are wrapped once per width:
// a plan can have thousands.
func (v *View) cliLines() []string {
	if v.cli.valid && v.cli.width == v.width {
		return v.cli.lines
	}
	var out []string
	for i, c := range v.prep.Calls {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, wrapCommand(c.Command, max(20, v.width))...)
	}
	v.cli = wrapped{lines: out, width: v.width, valid: true}
	return out
}

// cliView is the command list's title and its visible lines, rows of
// them at most.
func (v *View) cliView(rows int) []string {
	s := v.st
	lines := v.cliLines()
	title := s.Lang.T("run.review.cli.title", i18n.Args{"Count": len(v.prep.Calls)})
	if len(lines) > rows {
		title = s.Lang.T("run.review.cli.title_scroll", i18n.Args{"Count": len(v.prep.Calls)})
	}
	out := []string{s.Bold.Render(layout.Truncate(title, v.width, s.Glyphs.Ellipsis))}
	win := v.cliWin // the summary may have grown since the last key
	win.Resize(len(lines), rows)
	return append(out, lines[win.Top():win.End()]...)
}

// wrapCommand breaks a shell command line into lines of at most width
// cells, between arguments only (never inside a quoted one), keeping each
// --flag with its value and ending every line but the last with " \\", so
// that the lines copied from the screen still paste as one command.
func wrapCommand(cmd string, width int) []string {
	const indent, cont = "  ", " \\"
	var lines []string
	line := ""
	for _, unit := range commandUnits(cmd) {
		switch {
		case line == "":
			line = unit
		case lipgloss.Width(line)+1+lipgloss.Width(unit)+len(cont) <= width:
			line += " " + unit
		default:
			lines = append(lines, line+cont)
			line = indent + unit
		}
	}
	return append(lines, line)
}

// commandUnits splits a command line at the spaces outside single quotes
// (outside quotes a backslash escapes the next character: that is how a
// quote inside a quoted argument is written) and pairs each --flag with the
// value that follows it.
func commandUnits(cmd string) []string {
	var args []string
	start, quoted := 0, false
	for i := 0; i < len(cmd); i++ {
		switch {
		case cmd[i] == '\\' && !quoted:
			i++
		case cmd[i] == '\'':
			quoted = !quoted
		case cmd[i] == ' ' && !quoted:
			args = append(args, cmd[start:i])
			start = i + 1
		}
	}
	args = append(args, cmd[start:])
	var units []string
	for i := 0; i < len(args); i++ {
		if strings.HasPrefix(args[i], "--") && i+1 < len(args) && !strings.HasPrefix(args[i+1], "--") {
			units = append(units, args[i]+" "+args[i+1])
			i++
			continue
		}
		units = append(units, args[i])
	}
	return units
}
