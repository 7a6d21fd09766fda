package results

import (
	"encoding/json"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/internal/clipboard"
	"github.com/cenroute/cenroute/views/internal/table"
	"github.com/cenroute/cenroute/views/layout"
)

// pane shows the report as JSON in place of the table, for an operator
// who cannot reach the file it was saved to (a session of a server) and
// copies it off the screen instead.
type pane struct {
	open  bool
	json  []string     // the report's JSON, line by line
	width int          // what lines is wrapped to
	lines []string     // json wrapped to the width: a long line goes on over the next rows
	win   table.Window // over lines
}

// wrap wraps the JSON to width, unless it already is.
func (p *pane) wrap(width int) {
	if !p.open || width == p.width {
		return
	}
	p.width, p.lines = width, p.lines[:0]
	for _, l := range p.json {
		p.lines = append(p.lines, strings.Split(ansi.Hardwrap(l, max(1, width), true), "\n")...)
	}
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
	v.pane = pane{open: true, json: strings.Split(v.reportJSON(), "\n"), win: table.NewWindow(false)}
	v.pane.wrap(v.width)
	v.fitTable()
}

// handlePaneKey scrolls the JSON; v and esc close it, y copies it, q
// quits.
func (v *View) handlePaneKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, v.keys.Show), key.Matches(k, v.keys.Back):
		v.togglePane()
	case key.Matches(k, v.keys.Copy):
		return v.copyReport()
	case key.Matches(k, v.keys.Quit):
		return func() tea.Msg { return QuitMsg{} }
	default:
		v.pane.win.Follow(k, v.keys.Moves)
	}
	return nil
}

// copyReport puts the report's JSON on the clipboard with OSC 52, unless
// it is larger than terminals take: then it says to copy it off the
// screen.
func (v *View) copyReport() tea.Cmd {
	text := v.reportJSON()
	v.saver.Clear()
	v.tooBig = len(text) > clipboard.Advised
	if v.tooBig {
		v.copied = v.st.Lang.T("run.results.copy.too_big", i18n.Args{"Size": len(text) / 1000, "Limit": clipboard.Advised / 1000})
		return nil
	}
	v.copied = v.st.Lang.T("run.results.copy.sent", i18n.Args{"Count": len(text)})
	return clipboard.Copy(text + "\n")
}

// paneLines are the title and the lines of the JSON on screen, in the
// table's place.
func (v *View) paneLines() []string {
	s, w := v.st, v.pane.win
	title := s.Bold.Render(s.Lang.T("run.results.pane.title")) +
		s.Muted.Render(s.Lang.T("run.results.pane.where", i18n.Args{"Line": w.Top() + 1, "Total": len(v.pane.lines)}))
	out := append([]string{layout.Clip(title, v.width, 1, v.st.Glyphs.Ellipsis)}, v.pane.lines[w.Top():w.End()]...)
	return layout.Fixed(strings.Join(out, "\n"), w.Height()+1)
}
