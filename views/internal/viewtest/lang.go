package viewtest

import (
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
)

// StylesIn are Styles speaking lang.
func StylesIn(lang i18n.Lang) *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return theme.New(r, theme.Options{Name: theme.Dark, Lang: i18n.New(lang)})
}

// Sizes are the terminal sizes every view is checked at in each language:
// the usual one and the smallest the wizard supports.
var Sizes = [][2]int{{80, 24}, {60, 16}}

// untranslated are the English words a Chinese screen keeps as they are:
// key names, and the names of products, formats and API terms the
// console itself writes in Latin letters.
var untranslated = map[string]bool{
	"tab": true, "esc": true, "enter": true, "pgup": true, "pgdn": true, "up": true, "down": true,
	"home": true, "end": true, "left": true, "right": true, "ctrl": true, "alt": true, "space": true,
	"CEN": true, "VPC": true, "VBR": true, "CCN": true, "API": true, "JSON": true, "CSV": true, "YAML": true,
	"ID": true, "KB": true, "OSC": true, "tmux": true, "RequestId": true, "aliyun": true, "CLI": true,
	"ResolveAndRouteServiceInCen": true, "cenroute": true, "shell": true,
}

// token is a run of the characters of words, IDs, CIDRs, key chords,
// flags, codes and paths.
var token = regexp.MustCompile(`[A-Za-z0-9._\-+:@'/~]+`)

// EnglishWords lists the English words left in a screen meant to be in
// Chinese: runs of Latin letters that are neither one letter (a key),
// nor part of an ID, a CIDR, a key chord, a flag, an error code (a word
// joined to digits or to . - _ + : @) or a path, nor a word of
// untranslated or of allowed (or, cut by an ellipsis, the start of one).
// Words joined by a slash ("up/down") are each a word.
func EnglishWords(screen string, allowed ...string) []string {
	ok := func(w string, cut bool) bool {
		for _, a := range allowed {
			if a == w || cut && strings.HasPrefix(a, w) {
				return true
			}
		}
		return untranslated[w]
	}
	screen = ansi.Strip(screen)
	var out []string
	for _, at := range token.FindAllStringIndex(screen, -1) {
		tok := screen[at[0]:at[1]]
		if strings.HasPrefix(tok, "/") || strings.HasPrefix(tok, "~") || strings.HasPrefix(tok, ".") {
			continue // a path, or a file's extension
		}
		cut := strings.HasPrefix(screen[at[1]:], "…") || strings.HasPrefix(screen[at[1]:], "...")
		words := strings.Split(strings.TrimRight(tok, ".:'"), "/")
		for i, word := range words {
			if strings.ContainsAny(word, "0123456789._-+:@~") || len(word) <= 1 || ok(word, cut && i == len(words)-1) {
				continue
			}
			out = append(out, word)
		}
	}
	return out
}

// CheckChinese fails the test, showing the screen, when it has English
// words left (see EnglishWords) or no Chinese at all.
func CheckChinese(t testing.TB, screen string, allowed ...string) {
	t.Helper()
	if words := EnglishWords(screen, allowed...); len(words) > 0 {
		t.Errorf("English words %q in a Chinese screen:\n%s", words, screen)
	}
	if !strings.ContainsFunc(screen, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("no Chinese in a Chinese screen:\n%s", screen)
	}
}

// HelpText is what the help says of groups of bindings: each key and what
// it does, one per line.
func HelpText(groups ...[]key.Binding) string {
	var b strings.Builder
	for _, g := range groups {
		for _, k := range g {
			b.WriteString(k.Help().Key + " " + k.Help().Desc + "\n")
		}
	}
	return b.String()
}
