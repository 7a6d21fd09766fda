// Package describe is the wizard step where the operator may give the route
// services a description. The text is checked against the API's rules on
// every keystroke, so a description the API would reject never reaches the
// review.
package describe

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/theme"
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

func newKeyMap() keyMap {
	return keyMap{
		Continue: key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter/tab", "continue")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
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
	in.Placeholder = "optional, e.g. oss cn-hangzhou"
	// A static cursor needs no blink ticks, which matters on slow SSH links.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = st.Cursor
	in.SetValue(text)
	in.Focus()
	v := &View{st: st, keys: newKeyMap(), input: in}
	v.check()
	return v
}

// Init implements views.View; the step loads nothing.
func (v *View) Init() tea.Cmd { return nil }

// Title implements views.View.
func (v *View) Title() string { return "Description" }

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
	s := v.st
	lines := []string{
		s.Title.Render("Description") + s.Muted.Render("  (optional)"),
		s.Muted.Render(layout.Wrap("Stored with every route service. Up to "+strconv.Itoa(hostlist.DescriptionMaxLen)+
			" characters; must not start with http:// or https://.", v.width)),
		"",
		v.input.View(),
		"",
		layout.Wrap(v.statusLine(), v.width),
	}
	return layout.Clip(strings.Join(lines, "\n"), v.width, v.height, v.st.Glyphs.Ellipsis)
}

// statusLine says whether the text can be used, in words.
func (v *View) statusLine() string {
	s := v.st
	n := len([]rune(v.input.Value()))
	count := s.Muted.Render(" (" + strconv.Itoa(n) + "/" + strconv.Itoa(hostlist.DescriptionMaxLen) + ")")
	switch {
	case v.err != nil:
		return s.Error.Render(s.Glyphs.Fail+" "+views.ErrorText(s.Lang, v.err)) + count
	case n == 0:
		return s.Success.Render(s.Glyphs.OK+" no description: enter or tab continues") + count
	default:
		return s.Success.Render(s.Glyphs.OK+" valid: enter or tab continues") + count
	}
}

// ShortHelp implements help.KeyMap. Esc is the root's to name: the
// footer's part that is never cut.
func (v *View) ShortHelp() []key.Binding { return []key.Binding{v.keys.Continue} }

// FullHelp implements help.KeyMap.
func (v *View) FullHelp() [][]key.Binding { return [][]key.Binding{{v.keys.Continue, v.keys.Back}} }
