package savefile

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/cursorline"
	"github.com/cenroute/cenroute/views/layout"
)

// Options are the session's: where its files go.
type Options struct {
	// Dir is where the prompt proposes to write ("" for the current
	// directory); the operator may name another path. Unused with Room.
	Dir string
	// Room, when set, is the only directory files are saved in: that of a
	// session of a server, whose operator must not name paths on it. A
	// save then writes there at once, under a name of its own.
	Room string
	// Note, when set, is said with the prompt and with the outcome: that
	// the directory goes away with the session, say.
	Note string
}

// Format is one kind of file: its extension (without the dot) and its
// content, made when the file is written.
type Format struct {
	Ext   string
	Bytes func() ([]byte, error)
}

// Saver is a view's save prompt, the question asked when its file exists,
// and the outcome of the last save. Use New.
type Saver struct {
	st   *theme.Styles
	opts Options
	// what names the file in messages: "the report".
	what string
	// once: the content never changes, so a room takes it once, however
	// many times the key is pressed.
	once bool
	keys Keys

	formats []Format
	format  int    // the index of the format in use
	base    string // the file's name without extension
	input   textinput.Model
	open    bool
	saves   views.Requests // the save in flight, or last done, is the current one

	existing string // the path that exists: "overwrite? y/N" is open
	result   string // "saved to PATH", in words
	err      error
	roomName string // the name in the room, once saved there (once only)
}

// Keys are the bindings of the prompt and its question, for the view's
// help.
type Keys struct {
	SaveNow, Format, Cancel, Overwrite, KeepFile key.Binding
}

// New builds a saver; what names the file in messages ("the report"), and
// once says that its content never changes.
func New(st *theme.Styles, opts Options, what string, once bool) *Saver {
	lang := st.Lang
	in := textinput.New()
	in.Prompt = lang.T("save.prompt")
	in.PromptStyle = st.Accent
	// The field is drawn by inputLine; a static cursor sends no blinks.
	in.Cursor.SetMode(cursor.CursorStatic)

	return &Saver{st: st, opts: opts, what: what, once: once, input: in, saves: views.NewRequests(), keys: Keys{
		SaveNow: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", lang.T("save.key.save"))),
		Format:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", lang.T("save.key.format"))),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", lang.T("save.key.cancel"))),
		// Any key but y keeps the file; the binding is there for the help.
		Overwrite: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", lang.T("save.key.overwrite"))),
		KeepFile:  key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", lang.T("save.key.keep"))),
	}}
}

// savedMsg answers one save; its ticket lets an older answer be dropped.
type savedMsg struct {
	ticket views.Ticket
	path   string // the path written, or the name in the room
	room   bool   // saved in the room
	err    error  // fs.ErrExist when the file exists and was left alone
}

// Start saves a file named base (plus the extension of its format) in one
// of formats, the first proposed: in the room at once when the session
// has one, else through the prompt, with a path in Options.Dir.
func (s *Saver) Start(base string, formats ...Format) tea.Cmd {
	s.base, s.formats = base, formats
	if s.format >= len(formats) {
		s.format = 0
	}
	if s.opts.Room != "" {
		return s.saveInRoom()
	}
	s.open = true
	s.input.SetValue(s.defaultPath())
	s.input.CursorEnd()
	return s.input.Focus()
}

// saveInRoom writes the file in the room, in its first format.
func (s *Saver) saveInRoom() tea.Cmd {
	if s.once && s.roomName != "" {
		s.result, s.err = s.st.Lang.T("save.room.already", i18n.Args{"Name": s.roomName}), nil
		return nil
	}
	s.result, s.err = "", nil
	ticket, room, base, f := s.saves.Next(), s.opts.Room, s.base, s.formats[0]
	return func() tea.Msg {
		data, err := f.Bytes()
		name := ""
		if err == nil {
			name, err = InRoom(room, base, f.Ext, data)
		}
		return savedMsg{ticket: ticket, path: name, room: true, err: err}
	}
}

// defaultPath is <Dir>/<base>.<ext>.
func (s *Saver) defaultPath() string {
	dir := s.opts.Dir
	if dir == "" {
		dir = "."
	}
	return dir + string(filepath.Separator) + fileSafe(s.base) + "." + s.ext()
}

// ext is the extension of the format in use.
func (s *Saver) ext() string { return s.formats[s.format].Ext }

// Capturing reports whether the prompt or its question is open: keys are
// the saver's then (see HandleKey).
func (s *Saver) Capturing() bool { return s.open || s.existing != "" }

// HandleKey runs the question (y overwrites, anything else keeps the
// file) or the prompt (enter saves, tab switches the format and the
// file's extension, esc closes it; other keys edit the path).
func (s *Saver) HandleKey(k tea.KeyMsg) tea.Cmd {
	if s.existing != "" {
		path := s.existing
		s.existing = ""
		if key.Matches(k, s.keys.Overwrite) {
			return s.write(path, true)
		}
		s.result = s.st.Lang.T("save.kept", i18n.Args{"Path": path})
		return nil
	}
	switch {
	case key.Matches(k, s.keys.Cancel):
		s.open = false
		s.input.Blur()
		return nil
	case key.Matches(k, s.keys.Format):
		s.nextFormat()
		return nil
	case key.Matches(k, s.keys.SaveNow):
		s.open = false
		s.input.Blur()
		// The path is made absolute first, so that the screen says where
		// the file went whatever was typed.
		return s.write(absolute(expandHome(strings.TrimSpace(s.input.Value()))), false)
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(k)
	return cmd
}

// nextFormat moves to the next format, renaming the path's extension when
// it is the old format's.
func (s *Saver) nextFormat() {
	from := s.ext()
	s.format = (s.format + 1) % len(s.formats)
	if p := s.input.Value(); strings.HasSuffix(p, "."+from) {
		s.input.SetValue(strings.TrimSuffix(p, "."+from) + "." + s.ext())
		s.input.CursorEnd()
	}
}

// write writes the file to path in a command; overwrite replaces a file
// that exists.
func (s *Saver) write(path string, overwrite bool) tea.Cmd {
	s.result, s.err, s.existing = "", nil, ""
	ticket, f := s.saves.Next(), s.formats[s.format]
	return func() tea.Msg {
		data, err := f.Bytes()
		if err == nil {
			err = Local(path, f.Ext, data, overwrite)
		}
		return savedMsg{ticket: ticket, path: path, err: err}
	}
}

// Update records the outcome of the latest save, or opens the question
// about the file it found, and reports whether msg was a save's answer.
func (s *Saver) Update(msg tea.Msg) bool {
	m, ok := msg.(savedMsg)
	switch {
	case !ok:
		return false
	case !s.saves.Current(m.ticket):
	case errors.Is(m.err, fs.ErrExist):
		s.existing = m.path
	case m.err != nil:
		s.err = m.err
	case m.room:
		s.roomName = m.path
		s.result = s.st.Lang.T("save.room.saved", i18n.Args{"Name": m.path})
	default:
		s.result = s.st.Lang.T("save.saved", i18n.Args{"Path": m.path})
	}
	return true
}

// Clear forgets the last outcome, for a view that says something else in
// its place.
func (s *Saver) Clear() { s.result, s.err = "", nil }

// Text is the prompt or its question when open, else the last save's
// outcome, with the session's note; wrapped to width. "" when there is
// nothing to say.
func (s *Saver) Text(width int) string {
	st, lang := s.st, s.st.Lang
	switch {
	case s.existing != "":
		return st.Warning.Render(layout.Wrap(lang.T("save.exists", i18n.Args{"Path": s.existing}), width))
	case s.open:
		format := i18n.Args{"Format": strings.ToUpper(s.ext())}
		hint := lang.T("save.hint.one", format)
		if len(s.formats) > 1 {
			hint = lang.T("save.hint.many", format)
		}
		return s.inputLine(width) + "\n" + st.Muted.Render(layout.Wrap(s.withNote(hint), width))
	case s.err != nil:
		return st.Error.Render(layout.Wrap(st.Glyphs.Fail+" "+lang.T("save.failed", i18n.Args{"What": s.what, "Error": s.errorText()}), width))
	case s.result != "":
		return st.Success.Render(layout.Wrap(st.Glyphs.OK+" "+s.withNote(s.result), width))
	}
	return ""
}

// inputLine is the prompt and the path being edited, in width cells: the
// path scrolls sideways to keep the cursor on screen (see cursorline.Draw),
// whatever the width of its characters.
func (s *Saver) inputLine(width int) string {
	prompt := s.input.Prompt
	field := max(2, width-lipgloss.Width(prompt))
	return s.input.PromptStyle.Render(prompt) +
		cursorline.Draw(s.input.Value(), s.input.Position(), field, s.st.Cursor, s.st.Glyphs.Ellipsis)
}

// withNote adds the session's note to text.
func (s *Saver) withNote(text string) string {
	if s.opts.Note == "" {
		return text
	}
	return s.st.Lang.T("save.with_note", i18n.Args{"Text": text, "Note": s.opts.Note})
}

// errorText says why the last save failed: this package's own reasons in
// the styles' language, anything else (the system's) as views.ErrorText
// says it. A path typed at the prompt is made printable.
func (s *Saver) errorText() string {
	var e *Error
	if errors.As(s.err, &e) {
		return cenapi.Printable(e.Text(s.st.Lang))
	}
	return views.ErrorText(s.st.Lang, s.err)
}

// Help is the keys of the prompt or its question, while one is open.
func (s *Saver) Help() []key.Binding {
	switch {
	case s.existing != "":
		return []key.Binding{s.keys.Overwrite, s.keys.KeepFile}
	case s.open && len(s.formats) > 1:
		return []key.Binding{s.keys.SaveNow, s.keys.Format, s.keys.Cancel}
	case s.open:
		return []key.Binding{s.keys.SaveNow, s.keys.Cancel}
	}
	return nil
}
