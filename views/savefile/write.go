// Package savefile saves what a screen shows to a file, and is the one
// place cenroute writes such files: the results view's reports, the
// route-services view's routes files, and `cenroute export`'s. Files are
// data, never shell: a name must end in its format's extension, so that
// it can never be ~/.bashrc, a profile or anything a shell or a tool would
// run. A symbolic link is never written through. In a session of a server
// (a room) nothing names a path: files go into the room under names
// cenroute chooses.
//
// Saver is the part a view holds: the prompt that asks where (or the room
// that takes the file at once), the question before a file is
// overwritten, and the outcome of the last save.
package savefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxRoomNames is how many names InRoom tries for one base name.
const maxRoomNames = 100

// InRoom writes data in the room directory as base.ext (then base-2.ext,
// base-3.ext, ... when taken) and returns that name. The file is always a
// new one, private to the server's user: O_EXCL, so that neither a file
// nor a symbolic link already in the room is written through, and an
// os.Root, so that the name cannot lead out of the room.
func InRoom(room, base, ext string, data []byte) (string, error) {
	root, err := os.OpenRoot(room)
	if err != nil {
		return "", err
	}
	defer root.Close()
	base = fileSafe(base)
	for i := 1; i <= maxRoomNames; i++ {
		name := base + "." + ext
		if i > 1 {
			name = base + "-" + strconv.Itoa(i) + "." + ext
		}
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(data)
		return name, errors.Join(err, f.Close())
	}
	return "", &Error{Kind: RoomFull, Path: base, Max: maxRoomNames}
}

// fileSafe keeps the letters, digits, dots and dashes of s (a run ID, a
// CEN ID) and turns anything else into a dash, so that it can be part of
// a file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.') {
			return r
		}
		return '-'
	}, s)
}

// Local writes data to path on this machine, a file whose name ends in
// .ext. A new file is created with O_EXCL, which never follows a symbolic
// link; a file that exists is fs.ErrExist, left alone, unless overwrite
// (see Replace).
func Local(path, ext string, data []byte, overwrite bool) error {
	if path == "" {
		return &Error{Kind: NoName}
	}
	if !strings.EqualFold(filepath.Ext(path), "."+ext) {
		return &Error{Kind: WrongExtension, Path: path, Ext: ext}
	}
	if overwrite {
		return Replace(path, data)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return existing(path)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

// Replace writes data to path, a new file or a regular file it replaces,
// by renaming a new file over it: a symbolic link put there meanwhile is
// replaced rather than followed. A symbolic link or anything but a
// regular file already at path is refused.
func Replace(path string, data []byte) error {
	if err := existing(path); err != nil && !errors.Is(err, fs.ErrExist) && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".cenroute-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err = errors.Join(err, tmp.Close()); err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// existing says what is at path: fs.ErrExist for a regular file, which
// may be overwritten once asked; an error naming anything else, which
// never is; fs.ErrNotExist (or another error of Lstat) when there is
// nothing to say.
func existing(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return &Error{Kind: SymbolicLink, Path: path}
	case !fi.Mode().IsRegular():
		return &Error{Kind: NotRegular, Path: path}
	}
	return fs.ErrExist
}

// absolute is p from the current directory, as the file will be created;
// p itself when it is empty or has no absolute form.
func absolute(p string) string {
	if p == "" {
		return p
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// expandHome turns a leading "~/" into the home directory, as a shell would.
func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}
