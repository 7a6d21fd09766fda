package hostlist

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cenroute/cenroute/cenapi/fact"
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

// The kinds of a LimitError's fact.
const (
	KindLimitSize     fact.Kind = "hostlist.limit.size"      // KiB: its size; Max: the limit, in KiB
	KindLimitSizeOver fact.Kind = "hostlist.limit.size_over" // KiB, Max: more than the limit, in KiB
	KindLimitLines    fact.Kind = "hostlist.limit.lines"     // Max: lines
	KindLimitLineLong fact.Kind = "hostlist.limit.line_long" // Line, Bytes, Max: the line's length
	KindLimitHosts    fact.Kind = "hostlist.limit.hosts"     // Max: entries
)

// LimitError says which limit a host list goes beyond, in words.
type LimitError struct {
	said fact.Fact
}

// Error says which limit, and by how much when it is known.
func (e *LimitError) Error() string { return e.said.String() }

// Said is the error as a fact.
func (e *LimitError) Said() fact.Fact { return e.said }

// ErrLimit is what every *LimitError is (errors.Is).
var ErrLimit = errors.New("host list beyond its limits")

// Is makes errors.Is(err, ErrLimit) hold for every *LimitError.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// limitError builds a *LimitError of kind k, worded by format with
// values, named in args.
func limitError(k fact.Kind, args fact.Args, format string, values ...any) error {
	return &LimitError{said: fact.New(k, fmt.Sprintf(format, values...), args)}
}

// tooBig is the error for a text of kib KiB, more than MaxBytes (over:
// more than kib KiB).
func tooBig(kib int, over bool) error {
	limit := MaxBytes >> 10
	args := fact.Args{"KiB": kib, "Max": limit}
	if over {
		return limitError(KindLimitSizeOver, args, "it is more than %d KiB; a host list holds at most %d KiB", kib, limit)
	}
	return limitError(KindLimitSize, args, "it is %d KiB; a host list holds at most %d KiB", kib, limit)
}

// CheckLimits reports the first limit text goes beyond (size, then line
// length and line count, then entries), or nil when it is within them all.
// It reads text once and allocates nothing.
func CheckLimits(text string) error {
	if len(text) > MaxBytes {
		return tooBig((len(text)+1023)>>10, false)
	}
	// A last newline ends the last line; it does not start another.
	for line, start := 1, 0; start < len(text); line++ {
		if line > MaxLines {
			return limitError(KindLimitLines, fact.Args{"Max": MaxLines},
				"it has more than %d lines; a host list holds at most %d", MaxLines, MaxLines)
		}
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text) - start
		}
		if end > MaxLineBytes {
			return limitError(KindLimitLineLong, fact.Args{"Line": line, "Bytes": end, "Max": MaxLineBytes},
				"line %d is %d bytes long; a line holds at most %d bytes (about 200 hosts): put the hosts on lines of their own",
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
		return limitError(KindLimitHosts, fact.Args{"Max": MaxHosts},
			"it has more than %d hosts; a host list holds at most %d: split it into several runs", MaxHosts, MaxHosts)
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
		return "", tooBig(MaxBytes>>10, true)
	}
	text := string(data)
	if err := CheckLimits(text); err != nil {
		return "", err
	}
	return text, nil
}
