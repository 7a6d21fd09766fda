// Package fact carries cenroute's own sentences across its layers in a
// form no language is tied to. The layers below the screen (cenapi, the
// engine, hostlist, the file readers) know no language: where they find
// something to say, they keep its English text (what reports, journals,
// JSON and logs carry, unchanged) together with a Fact, a kind and the
// values it names, which the layer that shows it says in the chosen
// language (views.Say, through the message catalogue: the kind is the
// message's ID).
//
// The API's own codes, messages and RequestIds are never facts: they are
// shown as received.
package fact

import "strings"

// Kind names a sentence: the ID of the message that says it, which starts
// with the catalogue area of its words ("hostlist.duplicate").
type Kind string

// Args are the values a Fact names, by the names its message uses. A value
// is a string from outside or an ID (shown as it is, made printable), a
// number, a Fact (said in the same language), a List, or an error (said as
// views.ErrorText says errors).
type Args map[string]any

// List is several facts said one after another, as a list.
type List []Fact

// Fact is one sentence of cenroute's own: its kind, its values and its
// English text; or, without a kind, text from outside (the API's own
// message), said as it is in every language. The zero Fact says nothing.
type Fact struct {
	Kind Kind
	Args Args
	text string
}

// New is the fact of kind k with args, whose English text is english.
func New(k Kind, english string, args Args) Fact {
	return Fact{Kind: k, Args: args, text: english}
}

// Verbatim is text from outside, such as the API's own message, carried
// where a fact may be: it is said as it is, in every language.
func Verbatim(text string) Fact { return Fact{text: text} }

// String is the fact in English.
func (f Fact) String() string { return f.text }

// IsZero reports whether f says nothing.
func (f Fact) IsZero() bool { return f.Kind == "" && f.text == "" }

// String is the list in English, its facts separated by commas.
func (l List) String() string {
	parts := make([]string, len(l))
	for i, f := range l {
		parts[i] = f.text
	}
	return strings.Join(parts, ", ")
}

// Error is an error of cenroute's own whose text is a fact, and which may
// wrap a cause (errors.Is and errors.As see it).
type Error struct {
	Fact  Fact
	Cause error
}

// Errorf returns the *Error of kind k: english is its text, args its
// values. The error among args, if any (there is at most one), is its
// cause.
func Errorf(k Kind, english string, args Args) error {
	e := &Error{Fact: New(k, english, args)}
	for _, v := range args {
		if err, ok := v.(error); ok {
			e.Cause = err
		}
	}
	return e
}

// Error is the fact in English.
func (e *Error) Error() string { return e.Fact.String() }

// Unwrap is the cause.
func (e *Error) Unwrap() error { return e.Cause }

// Said is what an error that knows its fact gives: views.ErrorText says
// the fact of the outermost such error in a chain in the chosen language.
type Said interface {
	error
	Said() Fact
}

// Said is e's fact.
func (e *Error) Said() Fact { return e.Fact }
