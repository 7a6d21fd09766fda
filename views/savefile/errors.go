package savefile

import (
	"strings"

	"github.com/cenroute/cenroute/theme/i18n"
)

// ErrorKind is why a file was not saved, among the reasons of this
// package's own.
type ErrorKind int

// The reasons a file is refused.
const (
	NoName         ErrorKind = iota + 1 // the prompt was emptied
	WrongExtension                      // the name does not end in the format's extension
	SymbolicLink                        // a symbolic link is never written through
	NotRegular                          // a directory, a device...
	RoomFull                            // the room holds too many files of that name
)

// Error is why a file was not saved, as facts, so that the screen says it
// in its language (Text); Error says it in English, for the command line
// and logs.
type Error struct {
	Kind ErrorKind
	Path string // the file refused; for RoomFull, the base name
	Ext  string // WrongExtension: the extension required, without the dot
	Max  int    // RoomFull: how many names were tried
}

// Error implements error, in English.
func (e *Error) Error() string { return e.Text(nil) }

// Text says the error in lang's words (nil: English).
func (e *Error) Text(lang *i18n.Localizer) string {
	switch e.Kind {
	case NoName:
		return lang.T("save.error.no_name")
	case WrongExtension:
		return lang.T("save.error.extension", i18n.Args{"Format": strings.ToUpper(e.Ext), "Ext": e.Ext, "Path": e.Path})
	case SymbolicLink:
		return lang.T("save.error.symlink", i18n.Args{"Path": e.Path})
	case NotRegular:
		return lang.T("save.error.not_regular", i18n.Args{"Path": e.Path})
	}
	return lang.T("save.error.room_full", i18n.Args{"Max": e.Max, "Base": e.Path})
}
