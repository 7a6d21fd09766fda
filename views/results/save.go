package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
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
	id       int    // request id of the save in flight or last done
	existing string // the path that exists: "overwrite? y/N" is open
	result   string // "saved to PATH", in words
	err      error
}

// savedMsg answers one save; id lets an older answer be dropped.
type savedMsg struct {
	id   int
	path string
	err  error // fs.ErrExist when the file exists and was left alone
}

// newPathInput builds the prompt's text field.
func newPathInput(st *theme.Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = "save to: "
	in.PromptStyle = st.Accent
	in.TextStyle = st.Text
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Cursor.Style = st.Text
	return in
}

// openPrompt opens the prompt with the default path for the run.
func (v *View) openPrompt() tea.Cmd {
	v.save.open = true
	if v.save.format == "" {
		v.save.format = formatJSON
	}
	v.save.input.SetValue(v.defaultPath(v.save.format))
	v.save.input.CursorEnd()
	return v.save.input.Focus()
}

// defaultPath is ./cenroute-<runid>.<format> in the report directory.
func (v *View) defaultPath(format string) string {
	dir := v.opts.ReportDir
	if dir == "" {
		dir = "."
	}
	return dir + string(filepath.Separator) + "cenroute-" + v.report.RunID + "." + format
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
// an existing file alone.
func (v *View) startSave() tea.Cmd {
	v.save.open = false
	v.save.input.Blur()
	return v.write(expandHome(strings.TrimSpace(v.save.input.Value())), false)
}

// write writes the report to path in a command; overwrite replaces a file
// that exists.
func (v *View) write(path string, overwrite bool) tea.Cmd {
	v.save.id++
	v.save.result, v.save.err, v.save.existing = "", nil, ""
	id, format, report := v.save.id, v.save.format, v.report
	return func() tea.Msg {
		return savedMsg{id: id, path: path, err: writeReport(path, format, report, overwrite)}
	}
}

// handleSaved records the outcome of the latest save, or asks whether to
// overwrite the file it found.
func (v *View) handleSaved(msg savedMsg) {
	switch {
	case msg.id != v.save.id:
	case errors.Is(msg.err, fs.ErrExist):
		v.save.existing = msg.path
	case msg.err != nil:
		v.save.err = msg.err
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

// writeReport writes the report to path in format. Unless overwrite is
// set, a file that exists is left alone and the error is fs.ErrExist; the
// check and the creation are one system call, so no file appearing in
// between is lost.
func writeReport(path, format string, report engine.Report, overwrite bool) error {
	if path == "" {
		return errors.New("no file name given")
	}
	var data []byte
	var err error
	if format == formatCSV {
		data, err = reportCSV(report)
	} else {
		data, err = json.MarshalIndent(report, "", "  ")
		data = append(data, '\n')
	}
	if err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if !overwrite {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
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
