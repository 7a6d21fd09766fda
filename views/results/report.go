package results

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/clipboard"
	"github.com/cenroute/cenroute/views/layout"
)

// pane shows the report as JSON in place of the table, for an operator
// who cannot reach the file it was saved to (a session of a server) and
// copies it off the screen instead.
type pane struct {
	open  bool
	lines []string // the report's JSON, line by line
	top   int      // first line shown
}

// reportJSON is the report as saved: indented JSON.
func (v *View) reportJSON() string {
	data, err := json.MarshalIndent(v.report, "", "  ")
	if err != nil {
		return "{}"
	}
	return string(data)
}

// togglePane opens the report's JSON, or closes it.
func (v *View) togglePane() {
	if v.pane.open {
		v.pane = pane{}
		return
	}
	v.pane = pane{open: true, lines: strings.Split(v.reportJSON(), "\n")}
}

// handlePaneKey scrolls the JSON; v and esc close it, y copies it, q
// quits.
func (v *View) handlePaneKey(k tea.KeyMsg) tea.Cmd {
	t := v.table.KeyMap
	rows := v.paneRows()
	switch {
	case key.Matches(k, v.keys.Show), key.Matches(k, v.keys.Back):
		v.togglePane()
	case key.Matches(k, v.keys.Copy):
		return v.copyReport()
	case key.Matches(k, v.keys.Quit):
		return func() tea.Msg { return QuitMsg{} }
	case key.Matches(k, t.LineUp):
		v.scrollPane(-1)
	case key.Matches(k, t.LineDown):
		v.scrollPane(1)
	case key.Matches(k, t.PageUp):
		v.scrollPane(-rows)
	case key.Matches(k, t.PageDown):
		v.scrollPane(rows)
	case key.Matches(k, t.GotoTop):
		v.scrollPane(-len(v.pane.lines))
	case key.Matches(k, t.GotoBottom):
		v.scrollPane(len(v.pane.lines))
	}
	return nil
}

// scrollPane moves the JSON by delta lines.
func (v *View) scrollPane(delta int) {
	v.pane.top = max(0, min(v.pane.top+delta, len(v.pane.lines)-1))
}

// copyReport puts the report's JSON on the clipboard with OSC 52, unless
// it is larger than terminals take: then it says to copy it off the
// screen.
func (v *View) copyReport() tea.Cmd {
	text := v.reportJSON()
	v.save.result, v.save.err = "", nil
	v.save.tooBig = len(text) > clipboard.Advised
	if v.save.tooBig {
		v.save.copied = "the report is " + strconv.Itoa(len(text)/1000) + " KB, more than terminals take through OSC 52 (" +
			strconv.Itoa(clipboard.Advised/1000) + " KB): v shows it, to copy off the screen"
		return nil
	}
	v.save.copied = "sent the report (" + views.Plural(len(text), "byte", "bytes") +
		") to the clipboard with OSC 52; the terminal must allow it (in tmux: set-clipboard on)"
	return clipboard.Copy(text + "\n")
}

// paneRows is how many lines of JSON show: as many as the table's rows,
// the title taking the place of its header.
func (v *View) paneRows() int { return max(1, v.table.Height()) }

// paneLines are the title and as many lines of the JSON as fit, from the
// top line on; a line wider than the screen goes on over the next rows.
func (v *View) paneLines() []string {
	s := v.st
	title := s.Bold.Render("The report as JSON") + s.Muted.Render(", line "+strconv.Itoa(v.pane.top+1)+" of "+
		strconv.Itoa(len(v.pane.lines))+": select and copy it; up/down and pgup/pgdn scroll, v closes")
	out := []string{layout.Clip(title, v.width, 1)}
	rows := v.paneRows()
	for i := v.pane.top; i < len(v.pane.lines) && len(out) <= rows; i++ {
		out = append(out, strings.Split(ansi.Hardwrap(v.pane.lines[i], max(1, v.width), true), "\n")...)
	}
	return layout.Fixed(strings.Join(out, "\n"), rows+1)
}
