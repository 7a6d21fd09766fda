// Package i18n holds the words cenroute says, in English and Simplified
// Chinese, and chooses which language to say them in.
//
// The words live in message catalogues (catalog/en/*.yaml and
// catalog/zh/*.yaml, one file per area of the program, the same files in
// both languages), read with go-i18n, which brings CLDR's plural rules. A
// Localizer is a value passed down like the theme (it rides in
// theme.Styles for the wizard's views); nothing here is package-level
// mutable state, so two SSH sessions speak two languages at once.
//
// What stays language-neutral: error codes and RequestIds as the API gives
// them, the API's own messages, and every JSON output (scripts read it;
// see docs/i18n.md).
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Lang is a language cenroute speaks.
type Lang string

// The languages cenroute speaks.
const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// Langs returns the languages cenroute speaks, English first: a new
// slice, which a caller may change without changing anyone else's.
func Langs() []Lang { return []Lang{English, Chinese} }

// EnvLang names the environment variable that chooses the language, as
// --lang does.
const EnvLang = "CENROUTE_LANG"

// Parse reads a language as --lang or CENROUTE_LANG gives it: "en" or
// "zh", or a locale name that starts with one of them ("zh_CN.UTF-8",
// "en-US").
func Parse(s string) (Lang, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch {
	case t == "en" || strings.HasPrefix(t, "en_") || strings.HasPrefix(t, "en-") || strings.HasPrefix(t, "en."):
		return English, nil
	case t == "zh" || strings.HasPrefix(t, "zh_") || strings.HasPrefix(t, "zh-") || strings.HasPrefix(t, "zh."):
		return Chinese, nil
	}
	return "", fmt.Errorf("%q is not a language cenroute speaks: use en or zh", s)
}

// Detect chooses the language: flag (the --lang value) when given, else
// CENROUTE_LANG, else the locale's messages category as POSIX orders it
// (LC_ALL, else LC_MESSAGES, else LANG): Chinese when it starts with "zh",
// else English. A flag or CENROUTE_LANG it cannot read is an error that
// says where the value came from; a locale is never one (C, POSIX and
// every other locale mean English).
func Detect(flag string, getenv func(string) string) (Lang, error) {
	if flag != "" {
		l, err := Parse(flag)
		if err != nil {
			return "", fmt.Errorf("--lang: %w", err)
		}
		return l, nil
	}
	if v := getenv(EnvLang); v != "" {
		l, err := Parse(v)
		if err != nil {
			return "", fmt.Errorf("%s: %w", EnvLang, err)
		}
		return l, nil
	}
	return FromLocale(getenv), nil
}

// Given reports whether getenv says a language at all: CENROUTE_LANG or
// a locale variable (LC_ALL, LC_MESSAGES, LANG) is set. An SSH client that
// forwards none leaves the choice to the server.
func Given(getenv func(string) string) bool {
	for _, name := range []string{EnvLang, "LC_ALL", "LC_MESSAGES", "LANG"} {
		if getenv(name) != "" {
			return true
		}
	}
	return false
}

// FromLocale is the language of the locale getenv describes (LC_ALL, else
// LC_MESSAGES, else LANG): Chinese for zh*, else English.
func FromLocale(getenv func(string) string) Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return Chinese
			}
			return English
		}
	}
	return English
}

// Args are a message's named values, for the {{.Name}} in its text. A
// "Count" also picks the message's plural form.
type Args map[string]any

// Localizer says cenroute's messages in one language.
type Localizer struct {
	lang Lang
	loc  *goi18n.Localizer
}

// New returns the localizer of lang (English for any other value).
func New(lang Lang) *Localizer {
	if lang != Chinese {
		lang = English
	}
	b, _ := catalogues[lang]() // the catalogues are checked by the package's tests
	return &Localizer{lang: lang, loc: goi18n.NewLocalizer(b, string(lang))}
}

// Lang is the localizer's language.
func (l *Localizer) Lang() Lang {
	if l == nil {
		return English
	}
	return l.lang
}

// APILanguage is the AcceptLanguage to ask the API for, so that the names
// it returns (regions) are in the interface's language.
func (l *Localizer) APILanguage() string {
	if l.Lang() == Chinese {
		return "zh-CN"
	}
	return "en-US"
}

// T says message id with args. A message missing from the catalogue (which
// the tests forbid) shows as its id, never as nothing. A nil Localizer
// speaks English.
func (l *Localizer) T(id string, args ...Args) string {
	if l == nil {
		l = english()
	}
	lc := &goi18n.LocalizeConfig{MessageID: id}
	if len(args) > 0 {
		lc.TemplateData = map[string]any(args[0])
		if n, ok := args[0]["Count"]; ok {
			lc.PluralCount = n
		}
	}
	s, err := l.loc.Localize(lc)
	if err != nil && s == "" {
		return id
	}
	return s
}

// english is the localizer a nil one stands for.
var english = sync.OnceValue(func() *Localizer { return New(English) })

//go:embed catalog
var catalogFS embed.FS

// catalogues parse a language's embedded catalogue once, on first use:
// they never change, so every localizer of that language shares the one
// read-only bundle. Each language is parsed alone, since a program speaks
// one (every message is in both, so none falls back), which halves the
// work at start-up.
var catalogues = map[Lang]func() (*goi18n.Bundle, error){
	English: sync.OnceValues(func() (*goi18n.Bundle, error) { return parseCatalogue(catalogFS, English) }),
	Chinese: sync.OnceValues(func() (*goi18n.Bundle, error) { return parseCatalogue(catalogFS, Chinese) }),
}

// parseCatalogue reads catalog/LANG/*.yaml of fsys into a bundle of lang.
func parseCatalogue(fsys fs.FS, lang Lang) (*goi18n.Bundle, error) {
	tag := language.Make(string(lang))
	b := goi18n.NewBundle(tag)
	files, err := catalogueFiles(fsys, lang)
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if _, err := b.ParseMessageBytes(tag, data, yaml.Unmarshal); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return b, nil
}

// catalogueFiles lists a language's catalogue files, sorted.
func catalogueFiles(fsys fs.FS, lang Lang) ([]string, error) {
	files, err := fs.Glob(fsys, path.Join("catalog", string(lang), "*.yaml"))
	sort.Strings(files)
	return files, err
}
