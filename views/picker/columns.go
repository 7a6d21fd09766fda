package picker

import (
	"strconv"

	"github.com/charmbracelet/lipgloss"

	"github.com/cenroute/cenroute/theme"
)

// StatusColumn shows a status word with its glyph ("✓ Active"), painted in
// the status's colour, so the meaning survives NO_COLOR.
func StatusColumn[T any](st *theme.Styles, title string, word func(T) string) Column[T] {
	return Column[T]{
		Title: title,
		Min:   10,
		Text:  func(v T) string { text, _ := st.StatusStyle(word(v)); return text },
		Style: func(v T) lipgloss.Style { _, style := st.StatusStyle(word(v)); return style },
	}
}

// CountColumn shows a right-aligned number that also sorts as a number.
func CountColumn[T any](title string, n func(T) int) Column[T] {
	return Column[T]{
		Title:   title,
		Right:   true,
		Text:    func(v T) string { return strconv.Itoa(n(v)) },
		Compare: func(a, b T) int { return n(a) - n(b) },
	}
}
