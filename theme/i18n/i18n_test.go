package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/cenroute/cenroute/cenapi/fact/facttest"
)

// dynamicPrefixes are the message IDs code builds at run time (a prefix
// and a word from a closed set) rather than naming them whole: the
// completeness test cannot see their uses, so it does not call them
// unused. Each such set is tested where it is built.
var dynamicPrefixes = []string{
	"status.", // theme.Styles.StatusWord; tested in theme
}

func TestDetect(t *testing.T) {
	t.Parallel()
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		flag string
		env  func(string) string
		want Lang
	}{
		{"", env(), English},
		{"", env("LANG", "zh_CN.UTF-8"), Chinese},
		{"", env("LANG", "zh_TW.UTF-8"), Chinese},
		{"", env("LANG", "C.UTF-8"), English},
		{"", env("LANG", "zh_CN.UTF-8", "LC_MESSAGES", "en_US.UTF-8"), English},
		{"", env("LANG", "en_US.UTF-8", "LC_MESSAGES", "zh_CN.UTF-8"), Chinese},
		{"", env("LC_ALL", "en_GB.UTF-8", "LC_MESSAGES", "zh_CN.UTF-8"), English},
		{"", env("LANG", "zh_CN.UTF-8", "CENROUTE_LANG", "en"), English},
		{"en", env("LANG", "zh_CN.UTF-8", "CENROUTE_LANG", "zh"), English},
		{"zh", env(), Chinese},
		{"zh-CN", env(), Chinese},
	} {
		if got, err := Detect(c.flag, c.env); err != nil || got != c.want {
			t.Errorf("Detect(%q, …) = %q, %v; want %q", c.flag, got, err, c.want)
		}
	}
	if _, err := Detect("fr", env()); err == nil || !strings.Contains(err.Error(), "--lang") || !strings.Contains(err.Error(), "en or zh") {
		t.Errorf("--lang fr: %v", err)
	}
	if _, err := Detect("", env("CENROUTE_LANG", "klingon")); err == nil || !strings.Contains(err.Error(), "CENROUTE_LANG") {
		t.Errorf("CENROUTE_LANG=klingon: %v", err)
	}
}

func TestPluralsAndArgs(t *testing.T) {
	t.Parallel()
	en, zh := New(English), New(Chinese)
	if got := en.T("common.hosts", Args{"Count": 1}); got != "1 host" {
		t.Errorf("en one: %q", got)
	}
	if got := en.T("common.hosts", Args{"Count": 2}); got != "2 hosts" {
		t.Errorf("en other: %q", got)
	}
	if got := zh.T("common.hosts", Args{"Count": 1}); !strings.HasPrefix(got, "1 ") || strings.Contains(got, "host") {
		t.Errorf("zh: %q", got)
	}
	if got := en.T("no.such.message"); got != "no.such.message" {
		t.Errorf("a missing message says %q, want its id", got)
	}
	var none *Localizer
	if got := none.T("common.hosts", Args{"Count": 2}); got != "2 hosts" {
		t.Errorf("a nil localizer says %q", got)
	}
	if en.APILanguage() != "en-US" || zh.APILanguage() != "zh-CN" {
		t.Errorf("API languages %q, %q", en.APILanguage(), zh.APILanguage())
	}
}

// raw is one catalogue file as written: ID to text, or to plural forms.
type raw map[string]any

func readRaw(t *testing.T, name string) raw {
	t.Helper()
	data, err := fs.ReadFile(catalogFS, name)
	if err != nil {
		t.Fatal(err)
	}
	var r raw
	if err := yaml.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

// forms are a message's texts: "" for a plain one, else by plural form.
func forms(v any) map[string]string {
	switch m := v.(type) {
	case string:
		return map[string]string{"": m}
	case map[string]any:
		out := map[string]string{}
		for k, s := range m {
			out[k], _ = s.(string)
		}
		return out
	}
	return nil
}

var fieldPattern = regexp.MustCompile(`\{\{\s*\.(\w+)`)

// fields are the {{.Name}} a text uses, sorted, without repeats.
func fields(s string) []string {
	var out []string
	for _, m := range fieldPattern.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestCatalogueIsComplete: every message is in both languages, in the file
// of its area, with the same named values and, where one language counts,
// plural forms in both; the catalogue parses.
func TestCatalogueIsComplete(t *testing.T) {
	t.Parallel()
	for _, lang := range Langs() {
		if _, err := catalogues[lang](); err != nil {
			t.Fatalf("the %s catalogue does not parse: %v", lang, err)
		}
	}
	en, err := catalogueFiles(catalogFS, English)
	if err != nil || len(en) == 0 {
		t.Fatalf("no English catalogue: %v", err)
	}
	zh, _ := catalogueFiles(catalogFS, Chinese)
	base := func(files []string) []string {
		var out []string
		for _, f := range files {
			out = append(out, path.Base(f))
		}
		return out
	}
	if !slices.Equal(base(en), base(zh)) {
		t.Fatalf("the languages have different files: en %v, zh %v", base(en), base(zh))
	}
	for _, name := range base(en) {
		area := strings.TrimSuffix(name, ".yaml") + "."
		e, z := readRaw(t, "catalog/en/"+name), readRaw(t, "catalog/zh/"+name)
		for id, v := range e {
			if !strings.HasPrefix(id, area) {
				t.Errorf("%s: %s is not of this file's area (its IDs start with %q)", name, id, area)
			}
			zv, ok := z[id]
			if !ok {
				t.Errorf("%s: %s is in English but not in Chinese", name, id)
				continue
			}
			ef, zf := forms(v), forms(zv)
			_, ePlural := ef["other"]
			_, zPlural := zf["other"]
			if ePlural != zPlural {
				t.Errorf("%s: %s counts in one language only", name, id)
			}
			if ePlural && (ef["one"] == "" || zf["other"] == "") {
				t.Errorf("%s: %s lacks a plural form (English needs one and other, Chinese other)", name, id)
			}
			var want []string
			for _, s := range ef {
				want = append(want, fields(s)...)
			}
			slices.Sort(want)
			want = slices.Compact(want)
			for form, s := range zf {
				if got := fields(s); !slices.Equal(got, want) && !(ePlural && slices.Equal(append(got, "Count"), want)) {
					t.Errorf("%s: %s (zh %s) uses %v, English %v", name, id, form, got, want)
				}
			}
			for form, s := range ef {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s: %s (en %s) is empty", name, id, form)
				}
			}
			for form, s := range zf {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s: %s (zh %s) is empty", name, id, form)
				}
			}
		}
		for id := range z {
			if _, ok := e[id]; !ok {
				t.Errorf("%s: %s is in Chinese but not in English", name, id)
			}
		}
	}
}

// TestEveryMessageUsedExists reads the program's Go files for calls of
// T("id", …) and for the kinds of facts (constants of type fact.Kind,
// which views.Say says by their kind: see package fact), tests aside, and
// finds each id in the catalogue; and every message of the catalogue is
// said somewhere (or built from a dynamic prefix).
func TestEveryMessageUsedExists(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	files, _ := catalogueFiles(catalogFS, English)
	for _, f := range files {
		for id := range readRaw(t, f) {
			known[id] = false
		}
	}
	root := moduleRoot(t)
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && p != root {
			return filepath.SkipDir
		}
		// Tests say messages to check them; only the program's own
		// files count as uses.
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		said := func(lit *ast.BasicLit) {
			id, _ := strconv.Unquote(lit.Value)
			if _, ok := known[id]; !ok && strings.Contains(id, ".") {
				t.Errorf("%s: message %q is not in the catalogue", fset.Position(lit.Pos()), id)
			}
			known[id] = true
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if spec, ok := n.(*ast.ValueSpec); ok && facttest.IsKind(spec.Type) {
				for _, v := range spec.Values {
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						said(lit)
					}
				}
				return true
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "T" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			said(lit)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, used := range known {
		if !used && !slices.ContainsFunc(dynamicPrefixes, func(p string) bool { return strings.HasPrefix(id, p) }) {
			t.Errorf("message %q is never said (remove it, or name its dynamic prefix in dynamicPrefixes)", id)
		}
	}
}

// moduleRoot is the directory of go.mod above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
}
