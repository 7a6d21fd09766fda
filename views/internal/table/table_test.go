package table

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"

	"github.com/cenroute/cenroute/views/internal/viewtest"
	"github.com/cenroute/cenroute/views/layout"
)

func cols() []Column {
	return []Column{
		{Title: "ID", Whole: true},
		{Title: "Name"},
		{Title: "N", Right: true},
		{Title: "Note", Fill: true},
	}
}

func measured(t *Table, rows ...[]string) *Table {
	for _, r := range rows {
		t.GrowRow(r)
	}
	return t
}

// An ID is never cut: free text gives way, with the ellipsis, down to its
// minimum; past that, the columns that do not fit are left out from the
// right, an ID whole or not at all, and no row is wider than the table.
func TestWholeColumnsAreNeverCut(t *testing.T) {
	t.Parallel()
	id := "vpc-demo0000000001"
	row := []string{id, "a rather long name of a VPC", "7", "some note"}
	tbl := measured(New(viewtest.StylesWith(true), cols(), Options{}), row)
	for _, width := range []int{120, 70, 40, 30, 20, 10} {
		tbl.SetWidth(width)
		line := tbl.Draw(Row{Cells: row})
		if n := layout.Width(line); n > width {
			t.Errorf("at %d cells the row is %d wide: %q", width, n, line)
		}
		if width >= 20 && !strings.HasPrefix(line, id) {
			t.Errorf("at %d cells the ID is not whole: %q", width, line)
		}
		if width < 18 && strings.Contains(line, "vpc-") {
			t.Errorf("at %d cells a cut ID is shown: %q", width, line)
		}
		if width >= 70 && strings.Contains(line, "...") {
			t.Errorf("at %d cells something was cut although it fits: %q", width, line)
		}
	}
	tbl.SetWidth(40)
	if line := tbl.Draw(Row{Cells: row}); line != id+"  a rat...  7  some..." {
		t.Errorf("at 40 cells the name and the note do not give way: %q", line)
	}
	if head := tbl.Header(); head != "ID                  Name      N  Note   " {
		t.Errorf("at 40 cells the header is %q", head)
	}
	tbl.SetWidth(30)
	if line := tbl.Draw(Row{Cells: row}); line != id+"  a rathe..." {
		t.Errorf("at 30 cells the columns that do not fit are not left out: %q", line)
	}
}

// A Fill column takes the room the others leave; a Width column keeps its
// width whatever its cells; a Right column aligns to the right.
func TestFillWidthAndRightAlignment(t *testing.T) {
	t.Parallel()
	c := []Column{{Title: "STATUS", Width: 10}, {Title: "N", Right: true}, {Title: "DETAIL", Fill: true}}
	tbl := measured(New(viewtest.StylesWith(true), c, Options{}), []string{"ok", "12", "x"})
	tbl.SetWidth(40)
	if tbl.fit(); !slices.Equal(tbl.widths, []int{10, 2, 40 - 10 - 2 - 2*defaultGap}) {
		t.Errorf("widths %v", tbl.widths)
	}
	if got := tbl.Draw(Row{Cells: []string{"ok", "3", "x"}}); got != "ok           3  x"+strings.Repeat(" ", 23) {
		t.Errorf("row %q", got)
	}
}

// The cursor row is marked without colour and highlighted across the
// width; check boxes show their state.
func TestMarksInFrontOfTheRows(t *testing.T) {
	t.Parallel()
	tbl := measured(New(viewtest.StylesWith(true), []Column{{Title: "Name"}}, Options{Cursor: true, Check: true}),
		[]string{"alpha"})
	tbl.SetWidth(20)
	if got := tbl.Header(); got != "      Name " {
		t.Errorf("header %q", got)
	}
	if got := tbl.Draw(Row{Cells: []string{"alpha"}, Cursor: true, Checked: true}); got != "> [x] alpha"+strings.Repeat(" ", 9) {
		t.Errorf("cursor row %q", got)
	}
	if got := tbl.Draw(Row{Cells: []string{"alpha"}, Paint: func(int, string) string { return "painted" }}); got != "  [ ] painted" {
		t.Errorf("plain row %q", got)
	}
}

func TestWindowKeepsTheCursorInSightAndStaysFull(t *testing.T) {
	t.Parallel()
	w := NewWindow(true)
	w.Resize(100, 10)
	w.Move(25)
	if w.Cursor() != 25 || w.Top() != 16 || w.End() != 26 {
		t.Errorf("after moving to 25: cursor %d, rows %d-%d", w.Cursor(), w.Top(), w.End())
	}
	w.Resize(100, 30) // a taller screen: the window fills from further up
	if w.Top() != 0 && w.End()-w.Top() != 30 {
		t.Errorf("after a resize: rows %d-%d", w.Top(), w.End())
	}
	w.Resize(20, 30)
	if w.Cursor() != 19 || w.Top() != 0 || w.End() != 20 {
		t.Errorf("after the list shrank: cursor %d, rows %d-%d", w.Cursor(), w.Top(), w.End())
	}
	s := NewWindow(false)
	s.Resize(50, 10)
	s.Scroll(100)
	if s.Top() != 40 || s.End() != 50 {
		t.Errorf("a list without a cursor scrolls to its last page: rows %d-%d", s.Top(), s.End())
	}
}

func TestFollowMovesTheCursorOrScrolls(t *testing.T) {
	t.Parallel()
	keys := NewMoves("up", "down", "page up", "page down", "first", "last")
	press := func(w *Window, name string) bool { return w.Follow(viewtest.Key(name), keys) }
	w := NewWindow(true)
	w.Resize(100, 10)
	for _, k := range []string{"down", "j", "pgdown"} {
		press(&w, k)
	}
	if w.Cursor() != 12 {
		t.Errorf("down, j, pgdown: cursor %d, want 12", w.Cursor())
	}
	press(&w, "end")
	if w.Cursor() != 99 || w.Top() != 90 {
		t.Errorf("end: cursor %d, top %d", w.Cursor(), w.Top())
	}
	s := NewWindow(false)
	s.Resize(100, 10)
	press(&s, "pgdown")
	press(&s, "down")
	if s.Top() != 11 {
		t.Errorf("pgdown, down without a cursor: top %d, want 11", s.Top())
	}
	if press(&s, "x") {
		t.Error("x is not a movement key")
	}
	keys.SetEnabled(false)
	if press(&s, "down") || s.Top() != 11 {
		t.Error("a disabled key moved the window")
	}
	viewtest.CheckMoveKeys(t, [][]key.Binding{NewMoves("a", "b", "c", "d", "e", "f").List()})
}

// An ID that does not fit is left out, and the columns after it still
// show when they fit.
func TestAnIDThatDoesNotFitIsLeftOutWhole(t *testing.T) {
	t.Parallel()
	c := []Column{{Title: "Host", Whole: true}, {Title: "VPC", Whole: true}, {Title: "Status", Min: 6}}
	row := []string{"100.64.0.0/24", "vpc-demo0000000001", "active"}
	tbl := measured(New(viewtest.StylesWith(true), c, Options{}), row)
	tbl.SetWidth(24)
	if got := tbl.Draw(Row{Cells: row}); got != "100.64.0.0/24  active" {
		t.Errorf("row %q", got)
	}
	if got := tbl.Header(); got != "Host           Status" {
		t.Errorf("header %q", got)
	}
}

// A table knows which cells of a row it does not draw whole, so that the
// row can be shown whole elsewhere.
func TestCutNamesTheCellsNotDrawnWhole(t *testing.T) {
	t.Parallel()
	id := "vpc-demo0000000001"
	row := []string{id, "a rather long name of a VPC", "7", "some note"}
	short := []string{"vpc-2", "b", "8", ""}
	tbl := measured(New(viewtest.StylesWith(true), cols(), Options{}), row, short)
	tbl.SetWidth(120)
	if tbl.Squeezed() || len(tbl.Cut(row)) != 0 {
		t.Errorf("at 120 cells: squeezed %v, cut %v", tbl.Squeezed(), tbl.Cut(row))
	}
	tbl.SetWidth(30) // the name cut, the number and the note left out
	if !tbl.Squeezed() || !slices.Equal(tbl.Cut(row), []int{1, 2, 3}) || !slices.Equal(tbl.Cut(short), []int{2}) {
		t.Errorf("at 30 cells: squeezed %v, cut %v and %v", tbl.Squeezed(), tbl.Cut(row), tbl.Cut(short))
	}
}

// Chinese cells are measured in cells, two a character: a cut never
// splits one and keeps the ellipsis, a cut one cell short of its column
// is padded, and every column starts where its title does, at every
// width, odd ones too.
func TestChineseCellsKeepTheColumnsAligned(t *testing.T) {
	t.Parallel()
	cols := []Column{{Title: "地域", Whole: true}, {Title: "名称"}, {Title: "数量", Right: true}, {Title: "备注", Fill: true}}
	rows := [][]string{
		{"cn-hangzhou", "华东1（杭州）", "4", "服务所在地域"},
		{"ap-southeast-1", "新加坡", "12", "已拒绝"},
		{"cn-beijing", "华北2（北京）", "0", ""},
	}
	for _, ascii := range []bool{true, false} {
		tbl := measured(New(viewtest.StylesWith(ascii), cols, Options{Cursor: true}), rows...)
		for width := 20; width <= 70; width++ {
			tbl.SetWidth(width)
			head := tbl.Header()
			starts := columnStarts(head)
			for i, r := range rows {
				line := tbl.Draw(Row{Cells: r, Cursor: i == 0})
				if n := layout.Width(line); n > width {
					t.Errorf("at %d cells the row is %d wide: %q", width, n, line)
				}
				if !utf8.ValidString(line) || strings.ContainsRune(line, utf8.RuneError) {
					t.Errorf("at %d cells the row splits a character: %q", width, line)
				}
				if i == 0 && layout.Width(line) != width {
					t.Errorf("at %d cells the cursor's row is %d wide: %q", width, layout.Width(line), line)
				}
				for _, at := range starts[1:] {
					if before := cellsBefore(line, at); before != "" && !strings.HasSuffix(before, "  ") {
						t.Errorf("at %d cells a column of %q does not start at %d, where its title does (%q)", width, line, at, head)
					}
				}
			}
		}
	}
	tbl := measured(New(viewtest.StylesWith(false), cols, Options{}), rows...)
	tbl.SetWidth(32)
	if got := tbl.Draw(Row{Cells: rows[0]}); got != "cn-hangzhou     华东1（杭…     4" {
		t.Errorf("at 32 cells: %q", got)
	}
}

// columnStarts are the cells at which the titles of a header start.
func columnStarts(head string) []int {
	var out []int
	at, blank := 0, true
	for _, r := range head {
		w := layout.Width(string(r))
		if r != ' ' && blank {
			out = append(out, at)
		}
		blank = r == ' '
		at += w
	}
	return out
}

// cellsBefore is the part of line before cell at.
func cellsBefore(line string, at int) string {
	used := 0
	for i, r := range line {
		if used >= at {
			return line[:i]
		}
		used += layout.Width(string(r))
	}
	return ""
}
