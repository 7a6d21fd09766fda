package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views"
)

// Report file formats.
const (
	formatJSON = "json"
	formatCSV  = "csv"
)

// saveState is the "save report" prompt, the question asked when its file
// exists, and the outcome of the last save.
type saveState struct {
	open     bool
	input    textinput.Model
	format   string
	saves    views.Requests // the save in flight, or last done, is the current one
	existing string         // the path that exists: "overwrite? y/N" is open
	result   string         // "saved to PATH", in words
	err      error
	// copied is the outcome of the last copy to the clipboard; tooBig
	// says it was refused for its size.
	copied string
	tooBig bool
	// roomName is the report's name in the room once saved there: it is
	// saved once, whatever the number of keys pressed.
	roomName string
}

// savedMsg answers one save; its ticket lets an older answer be dropped.
type savedMsg struct {
	ticket views.Ticket
	path   string // the path written, or the name in the room
	room   bool   // saved in the room
	err    error  // fs.ErrExist when the file exists and was left alone
}

// newPathInput builds the prompt's text field.
func newPathInput(st *theme.Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = "save to: "
	in.PromptStyle = st.Accent
	in.TextStyle = st.Text
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = st.Cursor
	return in
}

// saveReport saves the report: in the room at once, under a name of its own,
// when the view has one; else through the prompt, with the default path
// for the run.
func (v *View) saveReport() tea.Cmd {
	if v.opts.Room != "" {
		return v.saveInRoom()
	}
	v.save.open = true
	if v.save.format == "" {
		v.save.format = formatJSON
	}
	v.save.input.SetValue(v.defaultPath(v.save.format))
	v.save.input.CursorEnd()
	return v.save.input.Focus()
}

// saveInRoom writes the report as JSON in the room, once.
func (v *View) saveInRoom() tea.Cmd {
	if v.save.roomName != "" {
		v.save.result, v.save.err, v.save.copied = "already saved as "+v.save.roomName+" in this session's room on the server", nil, ""
		return nil
	}
	v.save.result, v.save.err, v.save.copied = "", nil, ""
	ticket, room, report := v.save.saves.Next(), v.opts.Room, v.report
	return func() tea.Msg {
		name, err := writeRoomReport(room, report)
		return savedMsg{ticket: ticket, path: name, room: true, err: err}
	}
}

// defaultPath is cenroute-<runid>.<format> in the report directory.
func (v *View) defaultPath(format string) string {
	dir := v.opts.ReportDir
	if dir == "" {
		dir = "."
	}
	return dir + string(filepath.Separator) + "cenroute-" + fileSafe(v.report.RunID) + "." + format
}

// handlePromptKey runs the prompt: enter saves, tab switches the format
// (and the file's extension), esc closes it; other keys edit the path.
func (v *View) handlePromptKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(k, v.keys.Cancel):
		v.save.open = false
		v.save.input.Blur()
		return nil
	case key.Matches(k, v.keys.Format):
		v.toggleFormat()
		return nil
	case key.Matches(k, v.keys.SaveNow):
		return v.startSave()
	}
	var cmd tea.Cmd
	v.save.input, cmd = v.save.input.Update(k)
	return cmd
}

// toggleFormat switches JSON and CSV, renaming the path's extension when it
// is the old format's.
func (v *View) toggleFormat() {
	from, to := formatJSON, formatCSV
	if v.save.format == formatCSV {
		from, to = to, from
	}
	v.save.format = to
	if p := v.save.input.Value(); strings.HasSuffix(p, "."+from) {
		v.save.input.SetValue(strings.TrimSuffix(p, "."+from) + "." + to)
		v.save.input.CursorEnd()
	}
}

// startSave closes the prompt and writes the report in a command, leaving
// an existing file alone. The path is made absolute first, so that the
// screen says where the report went whatever was typed.
func (v *View) startSave() tea.Cmd {
	v.save.open = false
	v.save.input.Blur()
	return v.write(absolute(expandHome(strings.TrimSpace(v.save.input.Value()))), false)
}

// absolute is p from the current directory, as the file will be created;
// p itself when it is empty or has no absolute form.
func absolute(p string) string {
	if p == "" {
		return p
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// write writes the report to path in a command; overwrite replaces a file
// that exists.
func (v *View) write(path string, overwrite bool) tea.Cmd {
	v.save.result, v.save.err, v.save.existing, v.save.copied = "", nil, "", ""
	ticket, format, report := v.save.saves.Next(), v.save.format, v.report
	return func() tea.Msg {
		return savedMsg{ticket: ticket, path: path, err: writeLocalReport(path, format, report, overwrite)}
	}
}

// handleSaved records the outcome of the latest save, or asks whether to
// overwrite the file it found.
func (v *View) handleSaved(msg savedMsg) {
	switch {
	case !v.save.saves.Current(msg.ticket):
	case errors.Is(msg.err, fs.ErrExist):
		v.save.existing = msg.path
	case msg.err != nil:
		v.save.err = msg.err
	case msg.room:
		v.save.roomName = msg.path
		v.save.result = "saved as " + msg.path + " in this session's room on the server"
	default:
		v.save.result = "saved to " + msg.path
	}
}

// handleOverwriteKey answers "PATH exists; overwrite? y/N": y writes over
// it, any other key keeps the file.
func (v *View) handleOverwriteKey(k tea.KeyMsg) tea.Cmd {
	path := v.save.existing
	v.save.existing = ""
	if key.Matches(k, v.keys.Overwrite) {
		return v.write(path, true)
	}
	v.save.result = "nothing saved: " + path + " is left as it was"
	return nil
}

// expandHome turns a leading "~/" into the home directory, as a shell would.
func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

// reportBytes is the report in format: indented JSON, or CSV.
func reportBytes(format string, report engine.Report) ([]byte, error) {
	if format == formatCSV {
		return reportCSV(report)
	}
	data, err := json.MarshalIndent(report, "", "  ")
	return append(data, '\n'), err
}

// maxRoomNames is how many names writeRoomReport tries for one run.
const maxRoomNames = 100

// writeRoomReport writes the report as JSON in the room directory under a
// name of its own, cenroute-<run>.json (then -2, -3, ... when taken), and
// returns that name. The file is always a new one, private to the server's
// user: O_EXCL, so that neither a file nor a symbolic link already in the
// room is written through, and an os.Root, so that the name cannot lead
// out of the room.
func writeRoomReport(room string, report engine.Report) (string, error) {
	data, err := reportBytes(formatJSON, report)
	if err != nil {
		return "", err
	}
	root, err := os.OpenRoot(room)
	if err != nil {
		return "", err
	}
	defer root.Close()
	base := "cenroute-" + fileSafe(report.RunID)
	for i := 1; i <= maxRoomNames; i++ {
		name := base + ".json"
		if i > 1 {
			name = base + "-" + strconv.Itoa(i) + ".json"
		}
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(data)
		return name, errors.Join(err, f.Close())
	}
	return "", fmt.Errorf("the room already holds %d reports named after run %s", maxRoomNames, report.RunID)
}

// fileSafe keeps the letters, digits, dots and dashes of s (a run ID) and
// turns anything else into a dash, so that it can be part of a file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.') {
			return r
		}
		return '-'
	}, s)
}

// writeLocalReport writes the report to path on this machine. Reports are
// data, never shell: the name must end in the format's extension (.json,
// .csv), so that it can never be ~/.bashrc, a profile or anything else a
// shell or a tool would run. A new file is created with O_EXCL, which never
// follows a symbolic link; a file that exists is fs.ErrExist, left alone,
// unless overwrite. Even then only a regular file is replaced, and by
// renaming a new file over it, which replaces a symbolic link put there
// meanwhile rather than following it.
func writeLocalReport(path, format string, report engine.Report, overwrite bool) error {
	if path == "" {
		return errors.New("no file name given")
	}
	if ext := "." + format; !strings.EqualFold(filepath.Ext(path), ext) {
		return fmt.Errorf("a %s report's file name must end in %s, and %s does not: reports are data, never saved where a shell or a tool would run them",
			strings.ToUpper(format), ext, path)
	}
	data, err := reportBytes(format, report)
	if err != nil {
		return err
	}
	if !overwrite {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return existing(path)
		}
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return errors.Join(err, f.Close())
	}
	if err := existing(path); !errors.Is(err, fs.ErrExist) {
		return err
	}
	return replaceFile(path, data)
}

// existing says what is at path, which exists: fs.ErrExist for a regular
// file, which may be overwritten once asked; an error naming it for
// anything else, which never is.
func existing(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link: it is not followed, and nothing was saved", path)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file: nothing was saved", path)
	}
	return fs.ErrExist
}

// replaceFile writes data to a new file beside path and renames it over
// path.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".cenroute-report-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err = errors.Join(err, tmp.Close()); err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// csvHeader names the CSV report's columns.
var csvHeader = []string{"host", "access_region_ids", "status", "request_id", "attempts", "code", "message"}

// reportCSV is one row per host; access regions are space-separated.
func reportCSV(report engine.Report) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(csvHeader); err != nil {
		return nil, err
	}
	for _, h := range report.Hosts {
		rec := []string{h.Host, strings.Join(h.AccessRegionIDs, " "), h.Status, h.RequestID,
			strconv.Itoa(h.Attempts), h.Code, h.Message}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
