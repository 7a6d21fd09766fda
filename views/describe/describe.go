// Package describe is the wizard step where the operator may give the route
// services a description. The text is checked against the API's rules on
// every keystroke, so a description the API would reject never reaches the
// review.
package describe

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/layout"
)

// ChosenMsg reports the description the operator settled on ("" for none).
type ChosenMsg struct {
	Description string
}

// keyMap holds the step's bindings.
type keyMap struct {
	Continue key.Binding
	Back     key.Binding
}

func newKeyMap(lang *i18n.Localizer) keyMap {
	return keyMap{
		Continue: key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter/tab", lang.T("steps.describe.key.continue"))),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", lang.T("steps.describe.key.back"))),
	}
}

// View is the description step.
type View struct {
	st     *theme.Styles
	keys   keyMap
	input  textinput.Model
	err    error // the current text's problem, nil when valid
	width  int
	height int
}

var _ views.View = (*View)(nil)

// New builds the step with text as the initial description (kept when the
// operator comes back to this step).
func New(st *theme.Styles, text string) *View {
	in := textinput.New()
	in.Prompt = st.Glyphs.Cursor
	in.PromptStyle = st.Accent
	in.TextStyle = st.Text
	in.PlaceholderStyle = st.Muted
	in.Placeholder = st.Lang.T("steps.describe.placeholder")
	// A static cursor needs no blink ticks, which matters on slow SSH links.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = st.Cursor
	in.SetValue(text)
	in.Focus()
	v := &View{st: st, keys: newKeyMap(st.Lang), input: in}
	v.check()
	return v
}

// Init implements views.View; the step loads nothing.
func (v *View) Init() tea.Cmd { return nil }

// Title implements views.View.
func (v *View) Title() string { return v.st.Lang.T("steps.describe.title") }

// Capturing implements views.View: every letter belongs to the text field.
func (v *View) Capturing() bool { return true }

// SetSize implements views.View.
func (v *View) SetSize(width, height int) {
	v.width, v.height = width, height
	// The text field scrolls sideways inside the room left by the prompt
	// and the cursor cell.
	v.input.Width = max(1, width-lipgloss.Width(v.st.Glyphs.Cursor)-1)
}

// Update implements views.View.
func (v *View) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(km, v.keys.Back):
		return views.Back
	case key.Matches(km, v.keys.Continue):
		return v.choose()
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(km)
	v.check()
	return cmd
}

// check re-validates the current text and enables Continue accordingly.
func (v *View) check() {
	v.err = hostlist.CheckDescription(v.input.Value(), false)
	v.keys.Continue.SetEnabled(v.err == nil)
}

// choose reports the description when it is valid.
func (v *View) choose() tea.Cmd {
	if v.err != nil {
		return nil
	}
	d := v.input.Value()
	return func() tea.Msg { return ChosenMsg{Description: d} }
}

// View implements views.View.
func (v *View) View() string {
	s, lang := v.st, v.st.Lang
	lines := []string{
		s.Title.Render(lang.T("steps.describe.title")) + s.Muted.Render(lang.T("steps.describe.optional")),
		s.Muted.Render(layout.Wrap(lang.T("steps.describe.rules", i18n.Args{"Max": hostlist.DescriptionMaxLen}), v.width)),
		"",
		v.input.View(),
		"",
		layout.Wrap(v.statusLine(), v.width),
	}
	return layout.Clip(strings.Join(lines, "\n"), v.width, v.height, v.st.Glyphs.Ellipsis)
}

// statusLine says whether the text can be used, in words.
func (v *View) statusLine() string {
	s, lang := v.st, v.st.Lang
	// Characters, not cells: the API's limit counts characters.
	n := len([]rune(v.input.Value()))
	count := s.Muted.Render(lang.T("steps.describe.count", i18n.Args{"Length": n, "Max": hostlist.DescriptionMaxLen}))
	switch {
	case v.err != nil:
		return s.Error.Render(s.Glyphs.Fail+" "+views.ErrorText(s.Lang, v.err)) + count
	case n == 0:
		return s.Success.Render(s.Glyphs.OK+" "+lang.T("steps.describe.empty_ok")) + count
	default:
		return s.Success.Render(s.Glyphs.OK+" "+lang.T("steps.describe.valid")) + count
	}
}

// ShortHelp implements help.KeyMap. Esc is the root's to name: the
// footer's part that is never cut.
func (v *View) ShortHelp() []key.Binding { return []key.Binding{v.keys.Continue} }

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding { return [][]key.Binding{{v.keys.Continue, v.keys.Back}} }
