package hosts

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/runeutil"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
)

// editor is the text being edited, as lines, with a cursor, and the
// editing keys of a bubbles textarea (the same bindings, the same moves),
// without its drawing: the view draws the visible window itself.
//
// Why not the textarea itself: to place its cursor it word-wraps the
// cursor's line after every key, and its wrap measures the line built so
// far at every space, so a keystroke cost grew with the square of the
// line's length (50 ms on a line of 4 KiB of comma-separated hosts, a
// minute on a pasted line of 256 KiB). Here a key costs at most the length
// of the cursor's line, and the text is joined from its lines with one
// copy.
type editor struct {
	lines []string // never empty: an empty text is one empty line
	row   int      // the cursor's line
	col   int      // the cursor's position in it, in runes (0..length)
	// goal is the column moves up and down aim for: where the cursor was
	// when it last moved along its line, so that passing a short line
	// does not pull it to the left for good.
	goal int
	keys textarea.KeyMap
	san  runeutil.Sanitizer
}

// newEditor holds text, the cursor at its end.
func newEditor(text string) *editor {
	keys := textarea.DefaultKeyMap
	// ctrl+f is the step's fix key; the right arrow still moves forward.
	keys.CharacterForward = key.NewBinding(key.WithKeys("right"))
	// ctrl+v would read the clipboard of the machine cenroute runs on,
	// which over SSH is not the operator's: the terminal's own paste
	// (bracketed paste) is the way in.
	keys.Paste.SetEnabled(false)
	e := &editor{keys: keys, san: runeutil.NewSanitizer()}
	e.SetValue(text)
	return e
}

// SetValue replaces the whole text; the cursor goes to its end.
func (e *editor) SetValue(text string) {
	e.lines = []string{""}
	e.row, e.col = 0, 0
	e.Insert(text)
}

// Value is the text.
func (e *editor) Value() string { return strings.Join(e.lines, "\n") }

// Insert types text at the cursor: control characters are dropped, tabs
// become spaces and newlines start lines. The cursor ends after it.
func (e *editor) Insert(text string) {
	parts := strings.Split(string(e.san.Sanitize([]rune(text))), "\n")
	line := []rune(e.lines[e.row])
	head, tail := string(line[:e.col]), string(line[e.col:])
	last := len(parts) - 1
	col := utf8.RuneCountInString(parts[last])
	if last == 0 {
		col += e.col
	}
	parts[0] = head + parts[0]
	parts[last] += tail
	if last == 0 {
		e.lines[e.row] = parts[0]
	} else {
		e.lines = slices.Insert(slices.Delete(e.lines, e.row, e.row+1), e.row, parts...)
		e.row += last
	}
	e.setCol(col)
}

// Line is the cursor's line, 0-based.
func (e *editor) Line() int { return e.row }

// Column is the cursor's position on its line, in runes.
func (e *editor) Column() int { return e.col }

// LineCount is the number of lines.
func (e *editor) LineCount() int { return len(e.lines) }

// LineText is line i (0-based).
func (e *editor) LineText(i int) string { return e.lines[i] }

// MoveTo puts the cursor on row at col, both clamped to the text.
func (e *editor) MoveTo(row, col int) {
	e.row = max(0, min(row, len(e.lines)-1))
	e.setCol(col)
}

// lineLen is the length of the cursor's line, in runes.
func (e *editor) lineLen() int { return utf8.RuneCountInString(e.lines[e.row]) }

// setCol moves the cursor along its line (clamped) and makes that the
// column to aim for.
func (e *editor) setCol(col int) {
	e.col = max(0, min(col, e.lineLen()))
	e.goal = e.col
}

// Update runs an editing or moving key; false when the key is not one.
func (e *editor) Update(k tea.KeyMsg) bool {
	km := e.keys
	switch {
	case key.Matches(k, km.DeleteAfterCursor):
		e.deleteAfterCursor()
	case key.Matches(k, km.DeleteBeforeCursor):
		e.deleteBeforeCursor()
	case key.Matches(k, km.DeleteCharacterBackward):
		e.deleteBackward()
	case key.Matches(k, km.DeleteCharacterForward):
		e.deleteForward()
	case key.Matches(k, km.DeleteWordBackward):
		e.deleteWordBackward()
	case key.Matches(k, km.DeleteWordForward):
		e.deleteWordForward()
	case key.Matches(k, km.InsertNewline):
		e.Insert("\n")
	case key.Matches(k, km.LineStart):
		e.setCol(0)
	case key.Matches(k, km.LineEnd):
		e.setCol(e.lineLen())
	case key.Matches(k, km.CharacterForward):
		e.right()
	case key.Matches(k, km.CharacterBackward):
		e.left()
	case key.Matches(k, km.WordForward):
		e.wordRight()
	case key.Matches(k, km.WordBackward):
		e.wordLeft()
	case key.Matches(k, km.LineNext):
		e.vertical(1)
	case key.Matches(k, km.LinePrevious):
		e.vertical(-1)
	case key.Matches(k, km.InputBegin):
		e.MoveTo(0, 0)
	case key.Matches(k, km.InputEnd):
		e.MoveTo(len(e.lines)-1, math.MaxInt)
	default:
		return false
	}
	return true
}

// DeleteLine removes the cursor's line; the cursor goes to the start of
// the line that follows it (or of the last line).
func (e *editor) DeleteLine() {
	if len(e.lines) == 1 {
		e.lines[0] = ""
	} else {
		e.lines = slices.Delete(e.lines, e.row, e.row+1)
	}
	e.MoveTo(e.row, 0)
}

// vertical moves the cursor delta lines, towards the column aimed for.
func (e *editor) vertical(delta int) {
	row := max(0, min(e.row+delta, len(e.lines)-1))
	if row == e.row {
		return
	}
	e.row = row
	e.col = min(e.goal, e.lineLen())
}

// right moves one character forward, to the next line's start at the end
// of a line.
func (e *editor) right() {
	switch {
	case e.col < e.lineLen():
		e.setCol(e.col + 1)
	case e.row < len(e.lines)-1:
		e.row++
		e.setCol(0)
	}
}

// left moves one character back, to the previous line's end at the start
// of a line.
func (e *editor) left() {
	switch {
	case e.col > 0:
		e.setCol(e.col - 1)
	case e.row > 0:
		e.row--
		e.setCol(e.lineLen())
	}
}

// wordRight moves past the next word (a run of non-spaces), across lines.
func (e *editor) wordRight() {
	for {
		line := []rune(e.lines[e.row])
		col := e.col
		for col < len(line) && unicode.IsSpace(line[col]) {
			col++
		}
		if col == len(line) && e.row < len(e.lines)-1 {
			e.row, e.col = e.row+1, 0
			continue
		}
		for col < len(line) && !unicode.IsSpace(line[col]) {
			col++
		}
		e.setCol(col)
		return
	}
}

// wordLeft moves to the start of the previous word, across lines.
func (e *editor) wordLeft() {
	for {
		line := []rune(e.lines[e.row])
		col := e.col
		for col > 0 && unicode.IsSpace(line[col-1]) {
			col--
		}
		if col == 0 && e.row > 0 {
			e.row--
			e.col = e.lineLen()
			continue
		}
		for col > 0 && !unicode.IsSpace(line[col-1]) {
			col--
		}
		e.setCol(col)
		return
	}
}

// cut removes the runes of the cursor's line from from to to, and puts
// the cursor where they were.
func (e *editor) cut(from, to int) {
	line := []rune(e.lines[e.row])
	e.lines[e.row] = string(line[:from]) + string(line[to:])
	e.setCol(from)
}

// joinNext joins the line below to the cursor's line.
func (e *editor) joinNext() {
	if e.row >= len(e.lines)-1 {
		return
	}
	e.lines[e.row] += e.lines[e.row+1]
	e.lines = slices.Delete(e.lines, e.row+1, e.row+2)
}

// joinPrevious joins the cursor's line to the line above, the cursor where
// they meet.
func (e *editor) joinPrevious() {
	if e.row == 0 {
		return
	}
	e.row--
	e.setCol(e.lineLen())
	e.joinNext()
}

func (e *editor) deleteAfterCursor() {
	if n := e.lineLen(); e.col < n {
		e.cut(e.col, n)
		return
	}
	e.joinNext()
}

func (e *editor) deleteBeforeCursor() {
	if e.col > 0 {
		e.cut(0, e.col)
		return
	}
	e.joinPrevious()
}

func (e *editor) deleteBackward() {
	if e.col > 0 {
		e.cut(e.col-1, e.col)
		return
	}
	e.joinPrevious()
}

func (e *editor) deleteForward() {
	if e.col < e.lineLen() {
		e.cut(e.col, e.col+1)
		return
	}
	e.joinNext()
}

// deleteWordBackward deletes the spaces before the cursor and the word
// before them, on the cursor's line; at its start it joins the lines.
func (e *editor) deleteWordBackward() {
	if e.col == 0 {
		e.joinPrevious()
		return
	}
	line := []rune(e.lines[e.row])
	col := e.col
	for col > 0 && unicode.IsSpace(line[col-1]) {
		col--
	}
	for col > 0 && !unicode.IsSpace(line[col-1]) {
		col--
	}
	e.cut(col, e.col)
}

// deleteWordForward deletes the spaces after the cursor and the word after
// them, on the cursor's line; at its end it joins the lines.
func (e *editor) deleteWordForward() {
	line := []rune(e.lines[e.row])
	if e.col == len(line) {
		e.joinNext()
		return
	}
	end := e.col
	for end < len(line) && unicode.IsSpace(line[end]) {
		end++
	}
	for end < len(line) && !unicode.IsSpace(line[end]) {
		end++
	}
	e.cut(e.col, end)
}
