package sshserve

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	tea "github.com/charmbracelet/bubbletea"
)

// program is what a session's program gets from its input: the reads,
// and the pastes delivered between them, in order.
type program struct {
	got    []string // "keys:..." and "paste:..." in order
	pastes []tea.KeyMsg
}

// readAll reads in to its end, as a program's reader would, recording
// every read and every delivered paste.
func (pr *program) readAll(t *testing.T, r io.Reader) {
	t.Helper()
	in := newSessionInput(r)
	in.deliver = func(msg tea.Msg) {
		k := msg.(tea.KeyMsg)
		pr.pastes = append(pr.pastes, k)
		pr.got = append(pr.got, "paste:"+string(k.Runes))
	}
	p := make([]byte, 256)
	for {
		n, err := in.Read(p)
		if n > 0 {
			pr.got = append(pr.got, "keys:"+string(p[:n]))
		}
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatal("a read of nothing")
		}
	}
}

// keys is what the reads gave, joined.
func (pr *program) keys() string {
	var b strings.Builder
	for _, g := range pr.got {
		if k, ok := strings.CutPrefix(g, "keys:"); ok {
			b.WriteString(k)
		}
	}
	return b.String()
}

// Keys go on unchanged, however they arrive, in reads shorter than Bubble
// Tea's buffer; of what arrives at once, no read cuts an escape sequence.
func TestSessionInputPassesKeysInShortReadsOfWholeSequences(t *testing.T) {
	t.Parallel()
	keys := strings.Repeat("a", 250) + "\x1b[A" + strings.Repeat("b", 600) + "\x1b[1;5C" + strings.Repeat("\x1b[B", 200) + "\x1b"
	for name, r := range map[string]io.Reader{
		"at once":     strings.NewReader(keys),
		"a byte each": iotest.OneByteReader(strings.NewReader(keys)),
	} {
		var pr program
		pr.readAll(t, r)
		if pr.keys() != keys || len(pr.pastes) != 0 {
			t.Fatalf("%s: keys changed: %d bytes, want %d; %d pastes", name, len(pr.keys()), len(keys), len(pr.pastes))
		}
		for _, g := range pr.got {
			if len(g)-len("keys:") > readChunk {
				t.Errorf("%s: a read of %d bytes", name, len(g)-len("keys:"))
			}
		}
	}
	var pr program
	pr.readAll(t, strings.NewReader(keys))
	for _, g := range pr.got[:len(pr.got)-1] {
		if i := strings.LastIndexByte(g, 0x1b); i >= 0 && !strings.ContainsAny(g[i+1:], "ABC") {
			t.Errorf("a read ends inside a sequence: %q", g[i:])
		}
	}
}

// A paste is delivered whole, as Bubble Tea's own message, between the
// keys sent before and after it; bytes that are not UTF-8 are left out,
// as Bubble Tea leaves them out.
func TestSessionInputDeliversPastesInOrder(t *testing.T) {
	t.Parallel()
	paste := strings.Repeat("100.64.0.1\n", 1000) + "\x1b[2J\xff" + "\x1b[20"
	var pr program
	pr.readAll(t, strings.NewReader("x\x1b[A"+pasteStart+paste+pasteEnd+"y"))
	want := []string{"keys:x\x1b[A", "paste:" + strings.ToValidUTF8(paste, ""), "keys:y"}
	if len(pr.got) != len(want) {
		t.Fatalf("got %d items, want %v", len(pr.got), len(want))
	}
	for i := range want {
		if pr.got[i] != want[i] {
			t.Errorf("item %d: %.40q, want %.40q", i, pr.got[i], want[i])
		}
	}
	if k := pr.pastes[0]; !k.Paste || k.Type != tea.KeyRunes {
		t.Errorf("the paste came as %+v", k)
	}
}

// A paste beyond the limit is cut one byte past it, still too long for a
// list, and the rest dropped; what follows it goes on.
func TestSessionInputCutsAPasteBeyondTheLimit(t *testing.T) {
	t.Parallel()
	var pr program
	pr.readAll(t, strings.NewReader(pasteStart+strings.Repeat("1", 3*maxPaste)+pasteEnd+"q"))
	if len(pr.pastes) != 1 || len(pr.pastes[0].Runes) != maxPaste+1 || pr.keys() != "q" {
		t.Fatalf("%d pastes (the first of %d runes), keys %q", len(pr.pastes), len(pr.pastes[0].Runes), pr.keys())
	}
}

// A paste that never ends costs no more than the limit, and reaches the
// program never.
func TestSessionInputKeepsAnEndlessPasteBounded(t *testing.T) {
	t.Parallel()
	in := newSessionInput(io.MultiReader(strings.NewReader(pasteStart), io.LimitReader(endlessOnes{}, 4*maxPaste)))
	in.deliver = func(tea.Msg) { t.Error("an unfinished paste was delivered") }
	if n, err := in.Read(make([]byte, 256)); n != 0 || !errors.Is(err, io.EOF) {
		t.Fatalf("read %d, %v", n, err)
	}
	if cap(in.paste) > 2*maxPaste {
		t.Errorf("kept a buffer of %d bytes", cap(in.paste))
	}
}

type endlessOnes struct{}

func (endlessOnes) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '1'
	}
	return len(p), nil
}
