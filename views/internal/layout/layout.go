// Package layout holds the small text-fitting helpers the wizard's views
// share, so that every view honours the size it was given in the same way.
package layout

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/cenroute/cenroute/theme"
)

// Clip fits a rendered block into width x height: lines wider than width
// are cut, lines beyond height are dropped. A zero size means "unknown"
// and leaves that dimension alone. Nothing is padded: the root places the
// block.
func Clip(s string, width, height int) string {
	lines := strings.Split(s, "\n")
	if height > 0 && len(lines) > height {
		lines = lines[:height]
	}
	if width > 0 {
		for i, l := range lines {
			if lipgloss.Width(l) > width {
				lines[i] = ansi.Truncate(l, width, "")
			}
		}
	}
	return strings.Join(lines, "\n")
}

// Wrap breaks text into lines of at most width cells, at spaces, and
// inside a word only when the word alone is wider than a line. Unlike
// ansi.Wrap it never breaks at a hyphen: region IDs (cn-hangzhou), flags
// (--resume) and commands must stay whole to be read and copied. Escape
// sequences take no room.
func Wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = wrapLine(l, width)
		}
	}
	return strings.Join(lines, "\n")
}

// wrapLine wraps one line for Wrap. Spaces at a break are dropped; others,
// leading ones included, are kept.
func wrapLine(s string, width int) string {
	var b strings.Builder
	used, started := 0, false
	for _, word := range strings.Split(s, " ") {
		w := ansi.StringWidth(word)
		if started && used+1+w > width {
			b.WriteByte('\n')
			used, started = 0, false
		}
		if started {
			b.WriteByte(' ')
			used++
		}
		if w > width { // a word wider than a line: cut it into lines
			parts := strings.Split(ansi.Hardwrap(word, width, true), "\n")
			word, w = parts[len(parts)-1], ansi.StringWidth(parts[len(parts)-1])
			for _, p := range parts[:len(parts)-1] {
				b.WriteString(p + "\n")
			}
		}
		b.WriteString(word)
		used += w
		started = true
	}
	return b.String()
}

// Fit cuts s to width cells, ending with the theme's ellipsis when it had
// to cut, and pads it with spaces to exactly width.
func Fit(st *theme.Styles, s string, width int) string {
	if lipgloss.Width(s) > width {
		s = ansi.Truncate(s, width, st.Glyphs.Ellipsis)
	}
	return s + strings.Repeat(" ", max(0, width-lipgloss.Width(s)))
}

// Fixed splits block into exactly n lines, cutting or padding with empty
// lines, so that a part of a view keeps its height as messages come and go.
func Fixed(block string, n int) []string {
	lines := strings.Split(block, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return lines
}
