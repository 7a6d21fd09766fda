// Package theme turns a small set of semantic colour tokens into the styles
// and glyphs every view renders with. A *Styles is a value built once per
// program (per SSH session in serve mode) from that program's own
// lipgloss.Renderer and passed down; nothing here is package-level mutable
// state, so views can be rendered side by side with different themes. The
// styles carry the language the views speak too (Styles.Lang).
package theme

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/cenroute/cenroute/theme/i18n"
)

// Name selects a palette.
type Name string

// The palettes cenroute ships. Auto picks Dark or Light from the terminal's
// background, detected once by the renderer.
const (
	Auto         Name = "auto"
	Dark         Name = "dark"
	Light        Name = "light"
	HighContrast Name = "high-contrast"
)

// Names lists the accepted values of --theme, in the order help shows them.
// A function, not a variable: no caller can change the list for others.
func Names() []Name { return []Name{Auto, Dark, Light, HighContrast} }

// ParseName checks a --theme value.
func ParseName(s string) (Name, error) {
	for _, n := range Names() {
		if strings.EqualFold(s, string(n)) {
			return n, nil
		}
	}
	return "", fmt.Errorf("unknown theme %q: use one of auto, dark, light, high-contrast", s)
}

// Options chooses the palette and the glyph set.
type Options struct {
	Name  Name
	ASCII bool // plain ASCII glyphs and borders, for non-UTF-8 locales
	// Lang says the words; nil is English.
	Lang *i18n.Localizer
}

// Palette is the set of semantic colour tokens. Values are ANSI-16 indices
// where possible so the user's own terminal palette decides the real colour.
type Palette struct {
	Text, Muted, Accent, Success, Warning, Error, Border, SelectedFg, SelectedBg, BadgeFg, BadgeBg lipgloss.TerminalColor
}

func palette(name Name, dark bool) Palette {
	switch name {
	case HighContrast:
		fg, bg := lipgloss.Color("15"), lipgloss.Color("0")
		if !dark {
			fg, bg = bg, fg
		}
		return Palette{Text: fg, Muted: fg, Accent: lipgloss.Color("14"), Success: lipgloss.Color("10"),
			Warning: lipgloss.Color("11"), Error: lipgloss.Color("9"), Border: fg,
			SelectedFg: bg, SelectedBg: fg, BadgeFg: bg, BadgeBg: lipgloss.Color("11")}
	case Light:
		return Palette{Text: lipgloss.Color("0"), Muted: lipgloss.Color("8"), Accent: lipgloss.Color("4"),
			Success: lipgloss.Color("2"), Warning: lipgloss.Color("3"), Error: lipgloss.Color("1"),
			Border: lipgloss.Color("8"), SelectedFg: lipgloss.Color("0"), SelectedBg: lipgloss.Color("7"),
			BadgeFg: lipgloss.Color("15"), BadgeBg: lipgloss.Color("5")}
	default:
		return Palette{Text: lipgloss.Color("15"), Muted: lipgloss.Color("8"), Accent: lipgloss.Color("12"),
			Success: lipgloss.Color("10"), Warning: lipgloss.Color("11"), Error: lipgloss.Color("9"),
			Border: lipgloss.Color("8"), SelectedFg: lipgloss.Color("15"), SelectedBg: lipgloss.Color("8"),
			BadgeFg: lipgloss.Color("0"), BadgeBg: lipgloss.Color("13")}
	}
}

// Glyphs are the marks that carry meaning without colour: the cursor, the
// selection boxes and the status words' prefixes.
type Glyphs struct {
	Cursor      string // "> " in front of the highlighted row
	NoCursor    string // same width, blank
	Checked     string // "[x]"
	Unchecked   string // "[ ]"
	OK          string // before a success word
	Fail        string // before a failure word
	Warn        string // before a warning
	Pending     string // before an in-progress word
	Bullet      string
	Ellipsis    string
	Separator   string // between breadcrumbs
	ProgressOn  string // filled progress cell
	ProgressOff string
	Border      lipgloss.Border
}

func glyphs(ascii bool) Glyphs {
	if ascii {
		return Glyphs{Cursor: "> ", NoCursor: "  ", Checked: "[x]", Unchecked: "[ ]", OK: "+", Fail: "x",
			Warn: "!", Pending: "~", Bullet: "*", Ellipsis: "...", Separator: " > ",
			ProgressOn: "#", ProgressOff: "-", Border: lipgloss.ASCIIBorder()}
	}
	return Glyphs{Cursor: "> ", NoCursor: "  ", Checked: "[x]", Unchecked: "[ ]", OK: "✓", Fail: "✗",
		Warn: "!", Pending: "…", Bullet: "•", Ellipsis: "…", Separator: " › ",
		ProgressOn: "█", ProgressOff: "░", Border: lipgloss.RoundedBorder()}
}

// Styles is everything a view needs to draw itself.
type Styles struct {
	Name    Name // the resolved palette (never Auto)
	ASCII   bool
	Dark    bool
	Palette Palette
	Glyphs  Glyphs
	// Lang is the language the views speak (see package i18n): never nil.
	Lang *i18n.Localizer

	Text      lipgloss.Style
	Muted     lipgloss.Style
	Bold      lipgloss.Style
	Accent    lipgloss.Style
	Success   lipgloss.Style
	Warning   lipgloss.Style
	Error     lipgloss.Style
	Selected  lipgloss.Style // the row under the cursor
	Cursor    lipgloss.Style // a text field's cursor cell, in reverse video (see cursorStyle)
	Title     lipgloss.Style // a view's heading
	Header    lipgloss.Style // the app's top bar
	Crumb     lipgloss.Style // a finished wizard step
	CrumbNow  lipgloss.Style // the current wizard step
	Badge     lipgloss.Style // DEMO
	Panel     lipgloss.Style // a bordered box
	HelpKey   lipgloss.Style
	HelpDesc  lipgloss.Style
	HelpSep   lipgloss.Style
	Footer    lipgloss.Style
	TableHead lipgloss.Style
}

// New builds the styles for one renderer. Every style is created from r, so
// an SSH session's renderer (its colour profile and background) is honoured.
func New(r *lipgloss.Renderer, opts Options) *Styles {
	name := opts.Name
	dark := true
	if r != nil {
		dark = r.HasDarkBackground()
	}
	switch name {
	case Dark:
		dark = true
	case Light:
		dark = false
	case HighContrast:
	default:
		if dark {
			name = Dark
		} else {
			name = Light
		}
	}
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	p := palette(name, dark)
	g := glyphs(opts.ASCII)
	lang := opts.Lang
	if lang == nil {
		lang = i18n.New(i18n.English)
	}
	s := r.NewStyle
	return &Styles{
		Name: name, ASCII: opts.ASCII, Dark: dark, Palette: p, Glyphs: g, Lang: lang,
		Text:      s().Foreground(p.Text),
		Muted:     s().Foreground(p.Muted),
		Bold:      s().Bold(true),
		Accent:    s().Foreground(p.Accent),
		Success:   s().Foreground(p.Success),
		Warning:   s().Foreground(p.Warning),
		Error:     s().Foreground(p.Error),
		Selected:  s().Foreground(p.SelectedFg).Background(p.SelectedBg).Bold(true),
		Cursor:    cursorStyle(r, p),
		Title:     s().Foreground(p.Accent).Bold(true),
		Header:    s().Foreground(p.Text),
		Crumb:     s().Foreground(p.Muted),
		CrumbNow:  s().Foreground(p.Accent).Bold(true),
		Badge:     s().Foreground(p.BadgeFg).Background(p.BadgeBg).Bold(true).Padding(0, 1),
		Panel:     s().Border(g.Border).BorderForeground(p.Border).Padding(0, 1),
		HelpKey:   s().Foreground(p.Accent),
		HelpDesc:  s().Foreground(p.Muted),
		HelpSep:   s().Foreground(p.Muted),
		Footer:    s().Foreground(p.Muted),
		TableHead: s().Foreground(p.Accent).Bold(true),
	}
}

// Reverse video on and off (SGR 7 and 27): no colour, so every terminal
// that can draw the wizard shows it, a VT100 included.
const (
	reverseOn  = "\x1b[7m"
	reverseOff = "\x1b[27m"
)

// cursorStyle draws a text field's cursor cell in reverse video: the
// terminal's own cursor stays hidden, since Bubble Tea v1 cannot place it.
//
// Why by hand without colour: NO_COLOR, TERM=dumb or TERM=vt100 give the
// renderer the Ascii profile, in which lipgloss drops every attribute,
// reverse video included, and the cursor would vanish. Reverse video is
// not a colour, so there the cell is wrapped in the two sequences itself;
// it takes no room and shifts no text.
func cursorStyle(r *lipgloss.Renderer, p Palette) lipgloss.Style {
	if r.ColorProfile() == termenv.Ascii {
		return r.NewStyle().Transform(func(s string) string { return reverseOn + s + reverseOff })
	}
	return r.NewStyle().Foreground(p.Text).Reverse(true)
}

// Status renders a route-service or run status as a glyph plus its word in
// the styles' language, so the meaning survives NO_COLOR and colour
// blindness: "✓ Active", "✗ Failed", "… Creating" ("✓ 可用" in Chinese).
func (s *Styles) Status(word string) string {
	text, style := s.StatusStyle(word)
	return style.Render(text)
}

// StatusStyle splits Status into its unstyled text (glyph plus word) and the
// style it is painted with, for tables that measure and truncate cells before
// styling them or that paint a highlighted row in one style.
func (s *Styles) StatusStyle(word string) (string, lipgloss.Style) {
	said := s.StatusWord(word)
	switch strings.ToLower(word) {
	case "active", "present", "deleted", "done", "ok", "attached":
		return s.Glyphs.OK + " " + said, s.Success
	case "failed", "error", "rejected":
		return s.Glyphs.Fail + " " + said, s.Error
	case "retrying", "warning", "skipped", "stopped", "unsupported":
		return s.Glyphs.Warn + " " + said, s.Warning
	default:
		return s.Glyphs.Pending + " " + said, s.Muted
	}
}

// StatusWord says a status word (the API's "Active", the engine's
// "active") in the styles' language, keeping an English word's capital; a
// word the catalogue does not know is shown as given.
func (s *Styles) StatusWord(word string) string {
	id := "status." + strings.ToLower(word)
	said := s.Lang.T(id)
	if said == id {
		return word
	}
	if r, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(r) {
		if first, n := utf8.DecodeRuneInString(said); unicode.IsLower(first) {
			return string(unicode.ToUpper(first)) + said[n:]
		}
	}
	return said
}
