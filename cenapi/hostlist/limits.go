package hostlist

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// The limits of one host list, wherever it comes from: the wizard's editor
// (typed or pasted), --host values, a --hosts-file or standard input. A CEN
// holds a few hundred route services, so no real list comes near them;
// they bound the work of checking a list (which the editor does on every
// keystroke) and the memory it takes, whoever sends it.
const (
	// MaxHosts is how many entries a list may hold.
	MaxHosts = 10_000
	// MaxLines is how many lines it may have, comments and blank lines
	// included.
	MaxLines = 2 * MaxHosts
	// MaxBytes is its size: room for MaxHosts entries with a comment each.
	MaxBytes = 512 << 10
	// MaxLineBytes is the length of one line: about 200 entries separated
	// by commas. A longer line is almost certainly not a list of hosts.
	MaxLineBytes = 4 << 10
)

// LimitError says which limit a host list goes beyond, in words.
type LimitError struct {
	msg string
}

// Error says which limit, and by how much when it is known.
func (e *LimitError) Error() string { return e.msg }

// ErrLimit is what every *LimitError is (errors.Is).
var ErrLimit = errors.New("host list beyond its limits")

// Is makes errors.Is(err, ErrLimit) hold for every *LimitError.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// limitError builds a *LimitError.
func limitError(format string, args ...any) error {
	return &LimitError{msg: fmt.Sprintf(format, args...)}
}

// tooBig is the error for a text of more than MaxBytes.
func tooBig(size string) error {
	return limitError("%s; a host list holds at most %d KiB", size, MaxBytes>>10)
}

// CheckLimits reports the first limit text goes beyond (size, then line
// length and line count, then entries), or nil when it is within them all.
// It reads text once and allocates nothing.
func CheckLimits(text string) error {
	if len(text) > MaxBytes {
		return tooBig(fmt.Sprintf("it is %d KiB", (len(text)+1023)>>10))
	}
	// A last newline ends the last line; it does not start another.
	for line, start := 1, 0; start < len(text); line++ {
		if line > MaxLines {
			return limitError("it has more than %d lines; a host list holds at most %d", MaxLines, MaxLines)
		}
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text) - start
		}
		if end > MaxLineBytes {
			return limitError("line %d is %d bytes long; a line holds at most %d bytes (about 200 hosts): put the hosts on lines of their own",
				line, end, MaxLineBytes)
		}
		start += end + 1
	}
	hosts := 0
	scan(text, func(Entry) bool {
		hosts++
		return hosts <= MaxHosts
	})
	if hosts > MaxHosts {
		return limitError("it has more than %d hosts; a host list holds at most %d: split it into several runs", MaxHosts, MaxHosts)
	}
	return nil
}

// ReadLimited reads a host list from r, never more than MaxBytes and one
// byte, so that an endless or huge input (/dev/zero, a runaway pipe) is
// refused at once rather than read to its end, and checks it against the
// limits (see CheckLimits).
func ReadLimited(r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return "", err
	}
	if len(data) > MaxBytes {
		return "", tooBig(fmt.Sprintf("it is more than %d KiB", MaxBytes>>10))
	}
	text := string(data)
	if err := CheckLimits(text); err != nil {
		return "", err
	}
	return text, nil
}
