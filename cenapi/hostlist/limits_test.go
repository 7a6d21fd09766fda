package hostlist

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// hosts returns n distinct valid hosts, one per line.
func hosts(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "100.%d.%d.%d/32\n", 64+i/65536, i/256%256, i%256)
	}
	return b.String()
}

func TestListsWithinTheLimitsPass(t *testing.T) {
	t.Parallel()
	for name, text := range map[string]string{
		"empty":                     "",
		"the most hosts":            hosts(MaxHosts),
		"the most lines":            strings.Repeat("# note\n", MaxLines),
		"the most lines, no end":    strings.Repeat("\n", MaxLines-1) + "100.64.0.1",
		"the longest line":          strings.Repeat("1", MaxLineBytes) + "\n",
		"the most bytes":            strings.Repeat(strings.Repeat(" ", MaxLineBytes-1)+"\n", MaxBytes/MaxLineBytes),
		"the most hosts on a line":  strings.Repeat("100.64.0.1,", 200),
		"the most hosts, commented": strings.ReplaceAll(hosts(MaxHosts), "\n", " # oss-cn-hangzhou, rack 12\n"),
	} {
		if err := CheckLimits(text); err != nil {
			t.Errorf("%s (%d bytes): %v", name, len(text), err)
		}
		if got, err := ReadLimited(strings.NewReader(text)); err != nil || got != text {
			t.Errorf("%s: ReadLimited = %d bytes, %v", name, len(got), err)
		}
	}
}

func TestSecurityListsBeyondTheLimitsAreRefusedWithTheReason(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text, want string
	}{
		{"one host too many", hosts(MaxHosts + 1), "more than 10000 hosts; a host list holds at most 10000"},
		{"one host too many on the last line", hosts(MaxHosts) + "100.127.0.1", "more than 10000 hosts"},
		{"one line too many", strings.Repeat("\n", MaxLines+1), "more than 20000 lines"},
		{"a line one byte too long", "100.64.0.1\n" + strings.Repeat("1", MaxLineBytes+1), "line 2 is 4097 bytes long; a line holds at most 4096 bytes"},
		{"a 256 KiB line", strings.Repeat("100.64.0.1,", 256<<10/11), "line 1 is 262141 bytes long"},
		{"one byte too many", strings.Repeat("\n", MaxBytes+1), "it is 513 KiB; a host list holds at most 512 KiB"},
	} {
		err := CheckLimits(tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrLimit) {
			t.Errorf("%s: CheckLimits = %v, want %q", tc.name, err, tc.want)
		}
		if got, err := ReadLimited(strings.NewReader(tc.text)); err == nil || got != "" {
			t.Errorf("%s: ReadLimited = %d bytes, %v", tc.name, len(got), err)
		}
	}
}

// endless is /dev/zero as a reader, counting what was read.
type endless struct{ read int }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.read += len(p)
	return len(p), nil
}

// An endless input is refused after one read past the limit, not read
// until memory runs out.
func TestSecurityReadLimitedStopsAnEndlessInput(t *testing.T) {
	t.Parallel()
	src := &endless{}
	_, err := ReadLimited(src)
	if err == nil || !strings.Contains(err.Error(), "more than 512 KiB") {
		t.Fatalf("err = %v", err)
	}
	if src.read > MaxBytes+64<<10 {
		t.Errorf("read %d bytes of an endless input", src.read)
	}
}

func TestReadLimitedPassesReadErrorsOn(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	if _, err := ReadLimited(io.MultiReader(strings.NewReader("100.64.0.1\n"), errReader{boom})); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
