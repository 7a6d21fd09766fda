package routes

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
)

// maxListed bounds the entries and failures listed under the table.
const maxListed = 3

// keyMap holds the view's own bindings; the table brings the rest.
type keyMap struct {
	Delete, Export, Yes, No key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Delete: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
		Export: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "export")),
		Yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "delete")),
		No:     key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "cancel")),
	}
}

// ShortHelp implements help.KeyMap: only y and n while the question is
// open. Delete comes first: it is what this view is for, and a narrow
// footer cuts from the end.
func (v *View) ShortHelp() []key.Binding {
	switch {
	case v.saver.Capturing():
		return v.saver.Help()
	case v.mode == confirming:
		return []key.Binding{v.keys.Yes, v.keys.No}
	}
	return append([]key.Binding{v.keys.Delete, v.keys.Export}, v.Model.ShortHelp()...)
}

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding {
	switch {
	case v.saver.Capturing():
		return [][]key.Binding{v.saver.Help()}
	case v.mode == confirming:
		return [][]key.Binding{{v.keys.Yes, v.keys.No}}
	}
	return append(v.Model.FullHelp(), []key.Binding{v.keys.Delete, v.keys.Export})
}

// sync enables the bindings that act now and lays out the lines under the
// table.
func (v *View) sync() {
	_, hasRow := v.Current()
	v.keys.Delete.SetEnabled(v.mode == browsing && hasRow && v.del != nil && !v.Model.Capturing())
	v.keys.Export.SetEnabled(v.mode == browsing && hasRow && !v.Model.Capturing())
	v.keys.Yes.SetEnabled(v.mode == confirming)
	v.keys.No.SetEnabled(v.mode == confirming)
	v.SetFooter(v.footer())
}

// footer is the confirmation, the progress of a deletion, or how the last
// one ended; and the export's prompt or outcome.
func (v *View) footer() []string {
	switch v.mode {
	case confirming:
		return v.question()
	case deleting:
		return v.progress()
	}
	if text := v.saver.Text(v.Width()); text != "" {
		return append(slices.Clone(v.outcome), strings.Split(text, "\n")...)
	}
	return v.outcome
}

// question states the count and lists the first entries.
func (v *View) question() []string {
	lines := []string{v.st.Warning.Render(fmt.Sprintf("Delete %s? y/N", count(len(v.pending))))}
	for i, e := range v.pending {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("  and %d more", len(v.pending)-maxListed))
			break
		}
		lines = append(lines, fmt.Sprintf("  %s %s, host region %s, access region %s", v.st.Glyphs.Bullet, e.Host, e.HostRegionID, e.AccessRegionID))
	}
	return lines
}

// tally counts the pending entries by their latest event.
type tally struct{ deleted, failed, stopped, running int }

func (v *View) tally() tally {
	var t tally
	for _, e := range v.pending {
		switch v.latest(e).Kind {
		case engine.EventDeleted, engine.EventSkipped: // skipped: it was gone already
			t.deleted++
		case engine.EventFailed:
			t.failed++
		case engine.EventStopped:
			t.stopped++
		default:
			t.running++
		}
	}
	return t
}

// eventKey identifies the entry an event is about: delete runs name the
// access region of each entry.
func eventKey(host, accessRegion string) string { return host + "|" + accessRegion }

// latest is the last event about entry e (zero if none yet), falling back
// to an event that names the host only.
func (v *View) latest(e cenapi.RouteService) engine.Event {
	if ev, ok := v.last[eventKey(e.Host, e.AccessRegionID)]; ok {
		return ev
	}
	return v.last[eventKey(e.Host, "")]
}

// progress is shown while the run goes on.
func (v *View) progress() []string {
	t := v.tally()
	head := fmt.Sprintf("%s Deleting %s: %d deleted, %d failed, %d in progress",
		v.st.Glyphs.Pending, count(len(v.pending)), t.deleted, t.failed, t.running+t.stopped)
	return append([]string{v.st.Muted.Render(head)}, v.failures()...)
}

// summary is how the run ended, kept until Esc or the next deletion.
func (v *View) summary() []string {
	t := v.tally()
	if t.deleted == len(v.pending) {
		return []string{v.st.Success.Render(v.st.Glyphs.OK + " Deleted " + count(t.deleted) + ".")}
	}
	head := fmt.Sprintf("%s Deleted %d of %s: %d failed", v.st.Glyphs.Fail, t.deleted, count(len(v.pending)), t.failed)
	if t.stopped > 0 {
		head += fmt.Sprintf(", %d stopped", t.stopped)
	}
	if t.running > 0 {
		head += fmt.Sprintf(", %d not confirmed (the list below shows their state)", t.running)
	}
	return append([]string{v.st.Error.Render(head)}, v.failures()...)
}

// failures lists the entries whose deletion failed, with code, message
// and RequestId.
func (v *View) failures() []string {
	var lines []string
	n := 0
	for _, e := range v.pending {
		ev := v.latest(e)
		if ev.Kind != engine.EventFailed {
			continue
		}
		n++
		if n > maxListed {
			continue
		}
		lines = append(lines, v.st.Error.Render(fmt.Sprintf("  %s %s into %s: %s: %s",
			v.st.Glyphs.Fail, e.Host, e.AccessRegionID, ev.Code, ev.Message)))
		if ev.RequestID != "" {
			// On a line of its own so that it is never wrapped and can be
			// copied whole.
			lines = append(lines, "    RequestId "+ev.RequestID)
		}
	}
	if n > maxListed {
		lines = append(lines, fmt.Sprintf("  and %d more failed", n-maxListed))
	}
	return lines
}

// count is "1 route service" or "3 route services".
func count(n int) string {
	if n == 1 {
		return "1 route service"
	}
	return fmt.Sprintf("%d route services", n)
}
