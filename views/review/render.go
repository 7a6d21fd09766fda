package review

import (
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

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

// summaryLines are the plan, the counts, and what the keys do.
func (v *View) summaryLines() []string {
	s, p := v.st, v.plan
	description := s.Muted.Render("(none)")
	if p.Description != "" {
		description = strconv.Quote(p.Description)
	}
	hosts, calls := v.counts()
	lines := []string{s.Title.Render("Review the plan")}
	for _, f := range [][2]string{
		{"CEN", p.CenID}, {"Host region", p.HostRegionID}, {"Host VPC", p.HostVpcID},
		{"Access regions", strings.Join(p.AccessRegionIDs, ", ")}, {"Hosts", hosts},
		{"Description", description}, {"Calls", calls},
	} {
		lines = append(lines, v.field(f[0], f[1])...)
	}
	switch v.state {
	case checkFailed:
		lines = append(lines, picker.ErrorLines(s, "Could not check the plan against the CEN", v.err, v.width)...)
	case rejected:
		lines = append(lines, v.problemLines()...)
	}
	lines = append(lines, v.conflictLines()...)
	lines = append(lines, "")
	if v.notice != "" {
		lines = append(lines, s.Accent.Render(layout.Wrap(v.notice, v.width)))
	}
	return append(lines, v.actionLine())
}

// counts are the Hosts and Calls values: what the engine's check found,
// or where the check stands.
func (v *View) counts() (hosts, calls string) {
	hosts = views.Plural(len(v.plan.Hosts), "host", "hosts") + " in the list"
	switch v.state {
	case checking:
		calls = v.st.Muted.Render("checking the plan against the CEN" + v.st.Glyphs.Ellipsis)
		if v.retry != nil {
			calls += " " + v.st.Warning.Render(views.RetryText(v.st.Lang, *v.retry, v.st.Glyphs.Ellipsis))
		}
		return hosts, calls
	case checkFailed:
		return hosts, v.st.Muted.Render("not known until the plan is checked against the CEN")
	case rejected:
		return hosts, v.st.Muted.Render("none: the target cannot be used")
	}
	entries := 0
	for _, c := range v.prep.Calls {
		entries += len(c.Request.AccessRegionIDs)
	}
	hosts += ": " + strconv.Itoa(len(v.prep.Calls)) + " to send, " + strconv.Itoa(len(v.prep.Present)) + " already present (skipped)"
	if len(v.prep.Conflicts) > 0 {
		hosts += ", " + strconv.Itoa(len(v.prep.Conflicts)) + " in conflict"
	}
	calls = views.Plural(len(v.prep.Calls), "ResolveAndRouteServiceInCen call", "ResolveAndRouteServiceInCen calls") +
		", creating " + views.Plural(entries, "route-service entry", "route-service entries")
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
	out := []string{s.Error.Render(s.Glyphs.Fail + " The plan cannot be sent: the target is rejected")}
	for _, p := range v.problems {
		out = append(out, s.Error.Render(layout.Wrap("  "+p.String(), v.width)))
	}
	return out
}

// conflictLines list the hosts that cannot be sent, with the reason.
func (v *View) conflictLines() []string {
	if len(v.prep.Conflicts) == 0 {
		return nil
	}
	hosts := make([]string, 0, len(v.prep.Conflicts))
	for h := range v.prep.Conflicts {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	s := v.st
	out := []string{s.Warning.Render(s.Glyphs.Warn + " " +
		views.Plural(len(hosts), "host is", "hosts are") + " not sent because of an existing entry:")}
	for _, h := range hosts {
		out = append(out, s.Warning.Render(layout.Wrap("  "+h+": "+v.prep.Conflicts[h], v.width)))
	}
	return out
}

// actionLine says what happens next, or why nothing can be sent.
func (v *View) actionLine() string {
	s := v.st
	switch {
	case v.state == checking:
		return s.Muted.Render(layout.Wrap("Nothing can be sent until the plan is checked; esc goes back.", v.width))
	case v.state == checkFailed:
		return s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" r checks again; esc goes back.", v.width))
	case v.state == rejected:
		return s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" nothing can be sent: esc goes back to change the choices; r checks again.", v.width))
	case len(v.prep.Calls) == 0:
		return s.Warning.Render(layout.Wrap(s.Glyphs.Warn+" nothing to send: every host is already present or in conflict; esc goes back.", v.width))
	}
	cli := "c shows the aliyun CLI commands"
	if v.showCLI {
		cli = "c hides the commands"
	}
	return s.Success.Render(layout.Wrap(s.Glyphs.OK+" enter or y submits; "+cli+"; C copies them; esc goes back.", v.width))
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
	title := "aliyun CLI: " + views.Plural(len(v.prep.Calls), "command", "commands")
	if len(lines) > rows {
		title += ", up/down and pgup/pgdn scroll"
	}
	out := []string{s.Bold.Render(title)}
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
