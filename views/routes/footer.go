package routes

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
)

// maxListed bounds the entries and failures listed under the table.
const maxListed = 3

// keyMap holds the view's own bindings; the table brings the rest.
type keyMap struct {
	Delete, Export, Yes, No key.Binding
}

func newKeyMap(lang *i18n.Localizer) keyMap {
	return keyMap{
		Delete: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", lang.T("routes.key.delete"))),
		Export: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", lang.T("routes.key.export"))),
		Yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", lang.T("routes.key.delete"))),
		No:     key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", lang.T("routes.key.cancel"))),
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
	lang := v.st.Lang
	lines := []string{v.st.Warning.Render(lang.T("routes.delete.confirm", i18n.Args{"Count": len(v.pending)}))}
	for i, e := range v.pending {
		if i == maxListed {
			lines = append(lines, "  "+lang.T("routes.delete.more", i18n.Args{"Count": len(v.pending) - maxListed}))
			break
		}
		lines = append(lines, "  "+v.st.Glyphs.Bullet+" "+lang.T("routes.delete.entry",
			i18n.Args{"Host": e.Host, "HostRegion": e.HostRegionID, "AccessRegion": e.AccessRegionID}))
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
	head := v.st.Lang.T("routes.delete.progress", i18n.Args{"Count": len(v.pending), "Deleted": t.deleted,
		"Failed": t.failed, "Running": t.running + t.stopped})
	return append([]string{v.st.Muted.Render(v.st.Glyphs.Pending + " " + head)}, v.failures()...)
}

// summary is how the run ended, kept until Esc or the next deletion.
func (v *View) summary() []string {
	t, lang := v.tally(), v.st.Lang
	if t.deleted == len(v.pending) {
		return []string{v.st.Success.Render(v.st.Glyphs.OK + " " + lang.T("routes.delete.done", i18n.Args{"Count": t.deleted}))}
	}
	head := lang.T("routes.delete.partial", i18n.Args{"Deleted": t.deleted, "Count": len(v.pending), "Failed": t.failed})
	if t.stopped > 0 {
		head += lang.T("routes.delete.partial_stopped", i18n.Args{"Stopped": t.stopped})
	}
	if t.running > 0 {
		head += lang.T("routes.delete.partial_unconfirmed", i18n.Args{"Running": t.running})
	}
	return append([]string{v.st.Error.Render(v.st.Glyphs.Fail + " " + head)}, v.failures()...)
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
		lines = append(lines, v.st.Error.Render("  "+v.st.Glyphs.Fail+" "+v.st.Lang.T("routes.delete.failure",
			i18n.Args{"Host": e.Host, "Region": e.AccessRegionID, "Code": ev.Code, "Message": views.EventMessage(v.st.Lang, ev)})))
		if ev.RequestID != "" {
			// On a line of its own so that it is never wrapped and can be
			// copied whole.
			lines = append(lines, "    RequestId "+ev.RequestID)
		}
	}
	if n > maxListed {
		lines = append(lines, "  "+v.st.Lang.T("routes.delete.more_failed", i18n.Args{"Count": n - maxListed}))
	}
	return lines
}
