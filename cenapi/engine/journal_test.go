package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEndsFinished: only a journal whose last line is its complete
// finished record is skipped unread; a resume after it, a torn tail or a
// last line longer than the tail read are read in full.
func TestEndsFinished(t *testing.T) {
	t.Parallel()
	const (
		plan     = `{"type":"plan","time":"2026-01-02T03:04:05Z","run_id":"20260102-030405-a1b2c3","kind":"apply","plan":{"cen_id":"cen-1"}}` + "\n"
		finished = `{"type":"finished","time":"2026-01-02T03:04:06.123456789+08:00"}` + "\n"
		resume   = `{"type":"resume","time":"2026-01-02T03:04:07Z","pid":42}` + "\n"
	)
	long := `{"type":"host","time":"2026-01-02T03:04:05Z","host":"100.118.28.0/24","message":"` + strings.Repeat("x", finishedTail) + `"}` + "\n"
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"finished", plan + finished, true},
		{"resumed after finishing", plan + finished + resume, false},
		{"torn after finishing", plan + finished + `{"type":"res`, false},
		{"finished without its newline", plan + strings.TrimSuffix(finished, "\n"), false},
		{"a long last line", plan + long, false},
		{"a long line, then finished", plan + long + finished, true},
		{"empty", "", false},
	} {
		path := filepath.Join(t.TempDir(), "20260102-030405-a1b2c3"+journalExt)
		if err := os.WriteFile(path, []byte(tc.text), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := endsFinished(path); got != tc.want {
			t.Errorf("%s: endsFinished = %v, want %v", tc.name, got, tc.want)
		}
		// Skipping unread must never hide a run the full read calls
		// unfinished; the other way round only costs a full read.
		if recs, _, err := readJournal(path); tc.want && (err != nil || !replay(recs).finished) {
			t.Errorf("%s: skipped unread, but the full read says it is unfinished (%v)", tc.name, err)
		}
	}
}
