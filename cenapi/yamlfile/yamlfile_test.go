package yamlfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// doc is a small kind of file for the tests.
type doc struct {
	Name  string   `yaml:"name"`
	Items []string `yaml:"items"`
	Sub   struct {
		Value int `yaml:"value"`
	} `yaml:"sub"`
}

var testKind = Kind{What: fact.Verbatim("a test file"), Document: fact.Verbatim("a test"), MaxBytes: 64 << 10}

func TestDecodeReadsYAMLAndJSON(t *testing.T) {
	t.Parallel()
	for name, text := range map[string]string{
		"t.yaml": "name: x\nitems: [a, b]\nsub:\n  value: 3\n",
		"t.json": `{"name": "x", "items": ["a", "b"], "sub": {"value": 3}}`,
	} {
		var d doc
		file, err := Decode(name, []byte(text), testKind, &d)
		if err != nil || d.Name != "x" || len(d.Items) != 2 || d.Sub.Value != 3 {
			t.Errorf("%s: %+v, %v", name, d, err)
			continue
		}
		if l := Line(file, "$.sub.value"); name == "t.yaml" && l != 4 {
			t.Errorf("%s: $.sub.value on line %d, want 4", name, l)
		}
		if l := Line(file, "$.nothing.here"); l != 1 {
			t.Errorf("%s: a missing path is on line %d, want 1", name, l)
		}
	}
}

// TestDecodeRefuses: every refusal names the file and, when it can, the
// line; none panics or takes long (the bombs are refused from their tokens
// alone).
func TestDecodeRefuses(t *testing.T) {
	t.Parallel()
	bomb := "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	for _, c := range []struct{ name, text, want string }{
		{"unknown key", "name: x\ncolour: red\n", `t.yaml:2: unknown field "colour"`},
		{"wrong type", "name: x\nsub:\n  value: many\n", "t.yaml:3: cannot unmarshal"},
		{"syntax", "items: [\n", "t.yaml:1:"},
		{"alias bomb", bomb, "t.yaml:1: anchors and aliases are not accepted in a test file"},
		{"tag", "name: !!binary eA==\n", "t.yaml:1: tags (!…) are not accepted in a test file"},
		{"deep flow", strings.Repeat("[", 30000) + strings.Repeat("]", 30000), "t.yaml:1: nested more than 64 deep: not a test file"},
		{"deep flow map", "name: " + strings.Repeat("{a: ", 5000), "nested more than 64 deep"},
		{"deep dashes", strings.Repeat("- ", 20000), "t.yaml:1: nested or indented more than 1024 columns deep"},
		{"deep quoted flow", strings.Repeat(`[ "]" `, 5000), "nested more than 64 deep"},
		{"empty", "", "t.yaml: want one YAML or JSON document describing a test"},
		{"two documents", "name: a\n---\nname: b\n", "t.yaml: want one YAML or JSON document"},
		{"too large", "# " + strings.Repeat("x", 64<<10) + "\n", "t.yaml: larger than 64 KiB: not a test file"},
	} {
		var d doc
		_, err := Decode("t.yaml", []byte(c.text), testKind, &d)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Decode = %v, want %q", c.name, err, c.want)
		}
	}
}

func TestReadIsBounded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.yaml")
	if err := os.WriteFile(huge, []byte(strings.Repeat("#", 1<<20)), 0o600); err != nil {
		t.Fatal(err)
	}
	var d doc
	if _, err := Read(huge, testKind, &d); err == nil || !strings.Contains(err.Error(), "huge.yaml: larger than 64 KiB") {
		t.Errorf("Read of a huge file = %v", err)
	}
	if _, err := Read(filepath.Join(dir, "missing.yaml"), testKind, &d); err == nil {
		t.Error("a missing file read")
	}
}

// BenchmarkRefuseBombs measures how long the worst files of a routes
// file's size (512 KiB) take to be refused.
//
//	go test -run '^$' -bench RefuseBombs ./cenapi/yamlfile
func BenchmarkRefuseBombs(b *testing.B) {
	k := testKind
	k.MaxBytes = 512 << 10
	for _, c := range []struct{ name, text string }{
		{"flow", strings.Repeat("[", 1<<18) + strings.Repeat("]", 1<<18)},
		{"dashes", strings.Repeat("- ", 1<<18)},
		{"aliases", "a: &a [x]\n" + strings.Repeat("b: [*a,*a,*a,*a,*a,*a,*a,*a]\n", (512<<10)/30)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				var d doc
				if _, err := Decode("bomb.yaml", []byte(c.text), k, &d); err == nil {
					b.Fatal("a bomb was read")
				}
			}
		})
	}
}

// FuzzDecode: whatever a file holds, decoding ends in a value or in an
// error naming the file; never a panic.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("name: x\nitems: [a, b]\nsub:\n  value: 3\n"))
	f.Add([]byte(`{"name": "x", "items": ["a"]}`))
	f.Add([]byte("a: &a [x]\nb: *a\n"))
	f.Add([]byte("- - - [[{a: 1}]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d doc
		if _, err := Decode("fuzz.yaml", data, testKind, &d); err != nil && !strings.HasPrefix(err.Error(), "fuzz.yaml") {
			t.Fatalf("an error that does not name the file: %v", err)
		}
	})
}
