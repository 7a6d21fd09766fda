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

	"github.com/cenroute/cenroute/cenapi/fact"
)

// Kind is one kind of file: how errors name it and how large it may be.
type Kind struct {
	// What names the kind in errors, with its article: "a world file".
	What fact.Fact
	// Document says what the one document describes: "a world".
	Document fact.Fact
	// MaxBytes is the largest file read.
	MaxBytes int
}

// The kinds of the errors of this package, and of every error that names
// a file and a line (see package fact). What and Document are a Kind's.
const (
	KindAt           fact.Kind = "files.at"           // File, Line, Why: "FILE:LINE: why"
	KindIn           fact.Kind = "files.in"           // File, Why: "FILE: why"
	KindTooLarge     fact.Kind = "files.too_large"    // Size, What
	KindAnchors      fact.Kind = "files.anchors"      // What
	KindTags         fact.Kind = "files.tags"         // What
	KindNested       fact.Kind = "files.nested"       // Depth, What
	KindIndented     fact.Kind = "files.indented"     // Columns, What
	KindOneDocument  fact.Kind = "files.one_document" // Document
	KindUnreadable   fact.Kind = "files.unreadable"
	KindUnknownField fact.Kind = "files.unknown_field" // Field, quoted
)

// At is the error "FILE:LINE: why", of a mistake on line line of the file
// called name (line 1 when it is not known). why is a fact, or an error
// said as it says itself.
func At(name string, line int, why any) error {
	line = max(line, 1)
	return fact.Errorf(KindAt, fmt.Sprintf("%s:%d: %s", name, line, why), fact.Args{"File": name, "Line": line, "Why": why})
}

// In is the error "FILE: why", of a mistake in the file called name as a
// whole. why is a fact, or an error said as it says itself.
func In(name string, why any) error {
	return fact.Errorf(KindIn, fmt.Sprintf("%s: %s", name, why), fact.Args{"File": name, "Why": why})
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
		return nil, In(path, err)
	}
	return Decode(path, data, k, v)
}

// Decode reads data, one YAML or JSON document, into v (a pointer to a
// value whose struct fields carry yaml tags); name is what errors call the
// file. It returns the syntax tree, so that a caller judging the values
// afterwards can name the line of one it refuses (see Line).
func Decode(name string, data []byte, k Kind, v any) (*ast.File, error) {
	if len(data) > k.MaxBytes {
		limit := size(k.MaxBytes)
		return nil, In(name, fact.New(KindTooLarge, fmt.Sprintf("larger than %s: not %s", limit, k.What), fact.Args{"Size": limit, "What": k.What}))
	}
	var tokens token.Tokens
	if err := unpanicked(func() error { tokens = lexer.Tokenize(string(data)); return nil }); err != nil {
		return nil, In(name, err)
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
		return nil, In(name, fact.New(KindOneDocument, fmt.Sprintf("want one YAML or JSON document describing %s", k.Document),
			fact.Args{"Document": k.Document}))
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
	what := fact.Args{"What": k.What}
	depth := 0
	for _, tk := range tokens {
		switch tk.Type {
		case token.AnchorType, token.AliasType:
			return refused(tk, fact.New(KindAnchors, "anchors and aliases are not accepted in "+k.What.String(), what))
		case token.TagType:
			return refused(tk, fact.New(KindTags, "tags (!…) are not accepted in "+k.What.String(), what))
		case token.SequenceStartType, token.MappingStartType:
			if depth++; depth > maxFlowDepth {
				return refused(tk, fact.New(KindNested, fmt.Sprintf("nested more than %d deep: not %s", maxFlowDepth, k.What),
					fact.Args{"Depth": maxFlowDepth, "What": k.What}))
			}
		case token.SequenceEndType, token.MappingEndType:
			depth = max(0, depth-1)
		case token.SequenceEntryType, token.MappingKeyType, token.MappingValueType:
			if depth == 0 && tk.Position != nil && tk.Position.Column > maxBlockColumn {
				return refused(tk, fact.New(KindIndented, fmt.Sprintf("nested or indented more than %d columns deep: not %s", maxBlockColumn, k.What),
					fact.Args{"Columns": maxBlockColumn, "What": k.What}))
			}
		}
	}
	return nil
}

// refusal is a file refused before the parser: why, at tk.
type refusal struct {
	why fact.Fact
	tk  *token.Token
}

func (r *refusal) Error() string { return r.why.String() }

// refused is the refusal of a file for why, located at tk.
func refused(tk *token.Token, why fact.Fact) error { return &refusal{why: why, tk: tk} }

// located words an error of reading the file name as "NAME:LINE: why", or
// "NAME: why" when it has no place. The YAML library's messages are passed
// on as it words them, but for an unknown key.
func located(name string, err error) error {
	var r *refusal
	if errors.As(err, &r) && r.tk != nil && r.tk.Position != nil {
		return At(name, r.tk.Position.Line, r.why)
	}
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
		return At(name, ye.GetToken().Position.Line, yamlMessage(ye))
	}
	if _, ours := err.(fact.Said); ours {
		return In(name, err)
	}
	// The YAML library's own errors are passed on as words, not wrapped:
	// the program does not act on them.
	return In(name, fact.Verbatim(err.Error()))
}

// yamlMessage is the message of the YAML library's error e, as a fact
// where it is one cenroute knows.
func yamlMessage(e yaml.Error) fact.Fact {
	msg := e.GetMessage()
	var unknown *yaml.UnknownFieldError
	if errors.As(e, &unknown) && strings.HasPrefix(msg, `unknown field "`) && strings.HasSuffix(msg, `"`) {
		return fact.New(KindUnknownField, msg, fact.Args{"Field": strings.TrimPrefix(msg, "unknown field ")})
	}
	return fact.Verbatim(msg)
}

// errUnreadable stands for a panic of the YAML library: a file it cannot
// cope with must not take the program down.
var errUnreadable = fact.Errorf(KindUnreadable, "the file could not be read as YAML or JSON", nil)

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
