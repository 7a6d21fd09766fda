// Package yamlfile reads the YAML (or JSON, which is YAML too) files an
// operator hands cenroute: the emulator's world files and the routes files
// of export, plan and sync. It holds them to one set of rules, whoever
// reads them: a bounded size; one plain document (no anchors, aliases or
// tags: a few nested aliases can stand for billions of nodes, and tags
// lead the YAML library down paths where it has been seen to panic); no
// nesting deeper than any such file needs (the library's parser takes time
// in the square of the depth); no key the Go type lacks; and every mistake
// named with its file and line, "routes.yaml:12: unknown field "colour"".
package yamlfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Kind is one kind of file: how errors name it and how large it may be.
type Kind struct {
	// What names the kind in errors, with its article: "a world file".
	What string
	// Document says what the one document describes: "a world".
	Document string
	// MaxBytes is the largest file read.
	MaxBytes int
}

// Nesting bounds. No file cenroute reads nests flow collections ([…],
// {…}) more than a few levels deep, nor puts a block indicator (-, ?, :)
// far to the right; a document that does is refused before the parser,
// whose time grows with the square of the depth, sees it.
const (
	maxFlowDepth   = 64
	maxBlockColumn = 1024
)

// Read reads the file at path, at most k.MaxBytes (one byte more is read
// to tell a larger file), and decodes it as Decode does.
func Read(path string, k Kind, v any) (*ast.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(k.MaxBytes)+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return Decode(path, data, k, v)
}

// Decode reads data, one YAML or JSON document, into v (a pointer to a
// value whose struct fields carry yaml tags); name is what errors call the
// file. It returns the syntax tree, so that a caller judging the values
// afterwards can name the line of one it refuses (see Line).
func Decode(name string, data []byte, k Kind, v any) (*ast.File, error) {
	if len(data) > k.MaxBytes {
		return nil, fmt.Errorf("%s: larger than %s: not %s", name, size(k.MaxBytes), k.What)
	}
	var tokens token.Tokens
	if err := unpanicked(func() error { tokens = lexer.Tokenize(string(data)); return nil }); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if err := plain(tokens, k); err != nil {
		return nil, located(name, err)
	}
	var file *ast.File
	err := unpanicked(func() (err error) {
		file, err = parser.Parse(tokens, 0)
		return err
	})
	if err != nil {
		return nil, located(name, err)
	}
	if len(file.Docs) != 1 || file.Docs[0].Body == nil {
		return nil, fmt.Errorf("%s: want one YAML or JSON document describing %s", name, k.Document)
	}
	body := file.Docs[0].Body
	if err := unpanicked(func() error { return yaml.NodeToValue(body, v, yaml.DisallowUnknownField()) }); err != nil {
		return nil, located(name, err)
	}
	return file, nil
}

// size words a byte count: "4 MiB", "512 KiB".
func size(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

// plain refuses, from the tokens alone (before any parsing), anchors,
// aliases and tags, and nesting beyond the bounds above.
func plain(tokens token.Tokens, k Kind) error {
	depth := 0
	for _, tk := range tokens {
		switch tk.Type {
		case token.AnchorType, token.AliasType:
			return syntaxError("anchors and aliases are not accepted in "+k.What, tk)
		case token.TagType:
			return syntaxError("tags (!…) are not accepted in "+k.What, tk)
		case token.SequenceStartType, token.MappingStartType:
			if depth++; depth > maxFlowDepth {
				return syntaxError(fmt.Sprintf("nested more than %d deep: not %s", maxFlowDepth, k.What), tk)
			}
		case token.SequenceEndType, token.MappingEndType:
			depth = max(0, depth-1)
		case token.SequenceEntryType, token.MappingKeyType, token.MappingValueType:
			if depth == 0 && tk.Position != nil && tk.Position.Column > maxBlockColumn {
				return syntaxError(fmt.Sprintf("nested or indented more than %d columns deep: not %s", maxBlockColumn, k.What), tk)
			}
		}
	}
	return nil
}

// syntaxError is a refusal located at tk.
func syntaxError(msg string, tk *token.Token) error {
	return &yaml.SyntaxError{Message: msg, Token: tk}
}

// located words a YAML error as "NAME:LINE: message".
func located(name string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
		return fmt.Errorf("%s:%d: %s", name, ye.GetToken().Position.Line, ye.GetMessage())
	}
	return fmt.Errorf("%s: %v", name, err)
}

// errUnreadable stands for a panic of the YAML library: a file it cannot
// cope with must not take the program down.
var errUnreadable = errors.New("the file could not be read as YAML or JSON")

// unpanicked runs fn, turning a panic into errUnreadable.
func unpanicked(fn func() error) (err error) {
	defer func() {
		if recover() != nil {
			err = errUnreadable
		}
	}()
	return fn()
}

// Line is the line of the value at path (a YAML path such as
// $.cens[2].name) in file, or of the nearest enclosing value that exists;
// 1 if none does. It looks the path up anew each time: for the few values
// an error names, not for every value of a large file.
func Line(file *ast.File, path string) int {
	for p := path; p != ""; p = parentPath(p) {
		yp, err := yaml.PathString(p)
		if err != nil {
			continue
		}
		if n, err := yp.FilterFile(file); err == nil && n != nil && n.GetToken() != nil {
			return n.GetToken().Position.Line
		}
	}
	return 1
}

// parentPath drops the last step of a path: $.cens[2].name → $.cens[2] →
// $.cens → $; "" after $.
func parentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i > 0 {
		return p[:i]
	}
	return ""
}

// NodeLine is the line a node starts on, or 0 for none.
func NodeLine(n ast.Node) int {
	if n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		return 0
	}
	return n.GetToken().Position.Line
}
