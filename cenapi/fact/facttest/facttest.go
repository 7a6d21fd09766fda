// Package facttest checks, for the tests of the packages that make facts
// (see package fact), that the English message catalogue says each fact
// exactly as its package does: the screens say the catalogue's words, the
// reports, journals and logs the package's, and the two must never drift.
// It reads the catalogue's files itself (theme/i18n/catalog/en), so that
// the packages below the screen need no part of the screen's code even in
// their tests. Only test files import it.
package facttest

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/template"

	"github.com/goccy/go-yaml"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// Check fails t for each fact, or fact within one, whose kind's English
// message, given its values, is not the fact's own English text. A value
// that is a fact (or a list, or an error) stands in as its own English
// text there, and is checked by itself.
func Check(t testing.TB, facts ...fact.Fact) {
	t.Helper()
	messages := english(t)
	for _, f := range facts {
		walk(f, func(f fact.Fact) {
			if f.Kind == "" {
				return
			}
			forms, ok := messages[string(f.Kind)]
			if !ok {
				t.Errorf("%s is not in the English catalogue", f.Kind)
				return
			}
			text := forms["other"]
			if n, counted := f.Args["Count"].(int); counted && n == 1 && forms["one"] != "" {
				text = forms["one"]
			}
			if got := render(t, f.Kind, text, f.Args); got != f.String() {
				t.Errorf("%s: the catalogue says\n\t%q\nthe package says\n\t%q", f.Kind, got, f.String())
			}
		})
	}
}

// Covered fails t unless facts hold a fact of each kind the package in dir
// declares (its constants of type fact.Kind), so that Check has seen them
// all.
func Covered(t testing.TB, dir string, facts ...fact.Fact) {
	t.Helper()
	seen := map[fact.Kind]bool{}
	for _, f := range facts {
		walk(f, func(f fact.Fact) { seen[f.Kind] = true })
	}
	for _, k := range Kinds(t, dir) {
		if !seen[k] {
			t.Errorf("no fact of kind %s was checked", k)
		}
	}
}

// walk calls visit with f and with every fact among its values, however
// deep (in a list, or an error that knows its fact).
func walk(f fact.Fact, visit func(fact.Fact)) {
	visit(f)
	for _, v := range f.Args {
		switch v := v.(type) {
		case fact.Fact:
			walk(v, visit)
		case fact.List:
			for _, g := range v {
				walk(g, visit)
			}
		case fact.Said:
			walk(v.Said(), visit)
		}
	}
}

// Of are the facts of err: its own, when it knows one, else those of the
// errors it lists (errors.Join); t fails when there are none.
func Of(t testing.TB, err error) []fact.Fact {
	t.Helper()
	var facts []fact.Fact
	var s fact.Said
	switch u := err.(type) {
	case fact.Said:
		facts = append(facts, u.Said())
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			facts = append(facts, Of(t, e)...)
		}
	default:
		if errors.As(err, &s) {
			facts = append(facts, s.Said())
		}
	}
	if len(facts) == 0 {
		t.Errorf("%v (%T) knows no fact", err, err)
	}
	return facts
}

// Kinds are the kinds the package in dir declares: its constants of type
// fact.Kind, in its files other than tests.
func Kinds(t testing.TB, dir string) []fact.Kind {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []fact.Kind
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok || !IsKind(spec.Type) {
				return true
			}
			for _, v := range spec.Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					kinds = append(kinds, fact.Kind(s))
				}
			}
			return true
		})
	}
	slices.Sort(kinds)
	return kinds
}

// IsKind reports whether a declared type is fact.Kind.
func IsKind(typ ast.Expr) bool {
	sel, ok := typ.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Kind" {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "fact"
}

// render is text, a message of kind k, with args, each value in English.
func render(t testing.TB, k fact.Kind, text string, args fact.Args) string {
	t.Helper()
	tmpl, err := template.New(string(k)).Parse(text)
	if err != nil {
		t.Fatalf("%s: %v", k, err)
	}
	data := map[string]any{}
	for name, v := range args {
		switch v := v.(type) {
		case fact.Fact:
			data[name] = v.String()
		case fact.List:
			data[name] = v.String()
		case error:
			data[name] = v.Error()
		default:
			data[name] = v
		}
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatalf("%s: %v", k, err)
	}
	return b.String()
}

// catalogue is the English catalogue, read once: message ID to its texts
// ("other", and "one" for a counted one).
var catalogue struct {
	once     sync.Once
	messages map[string]map[string]string
	err      error
}

// english is the English catalogue.
func english(t testing.TB) map[string]map[string]string {
	t.Helper()
	catalogue.once.Do(func() { catalogue.messages, catalogue.err = read() })
	if catalogue.err != nil {
		t.Fatalf("reading the English catalogue: %v", catalogue.err)
	}
	return catalogue.messages
}

// read reads theme/i18n/catalog/en/*.yaml of the module the test runs in.
func read() (map[string]map[string]string, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(root, "theme", "i18n", "catalog", "en", "*.yaml"))
	if err != nil {
		return nil, err
	}
	messages := map[string]map[string]string{}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var raw map[string]any
		if err := yaml.Unmarshal(data, &raw); err != nil {
			return nil, err
		}
		for id, v := range raw {
			switch v := v.(type) {
			case string:
				messages[id] = map[string]string{"other": v}
			case map[string]any:
				forms := map[string]string{}
				for form, s := range v {
					forms[form], _ = s.(string)
				}
				messages[id] = forms
			}
		}
	}
	return messages, nil
}

// moduleRoot is the directory of go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
