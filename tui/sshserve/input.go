package sshserve

import (
	"bytes"
	"io"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/hostlist"
)

// Bracketed paste markers, as terminals send them around a paste.
const (
	pasteStart = "\x1b[200~"
	pasteEnd   = "\x1b[201~"
)

// maxPaste is the longest paste a session's program is given: one byte
// more than a host list may hold, so that a paste cut here is still one
// the editor refuses whole, never a truncated list it would take.
const maxPaste = hostlist.MaxBytes + 1

// readChunk is the most one Read of the session's input hands the program:
// less than the 256 bytes Bubble Tea v1 reads at a time. When its read
// fills that buffer, Bubble Tea waits for more before it ends a run of
// characters or an escape sequence, and keeps everything read meanwhile,
// copying and searching it whole at each read: a client sending characters
// without pause made that grow without bound, at a cost that grew with its
// square. A shorter read is always taken as the end of what was sent.
const readChunk = 255

// sessionInput is a session's input as its program reads it. Keys come in
// reads of at most readChunk bytes that never end inside an escape
// sequence. Pastes never reach the reader: each is taken out whole and
// delivered as the key message Bubble Tea would make of it, at most
// maxPaste bytes of it (the rest of a longer one is dropped). Bubble Tea
// itself would keep a paste, however long, until its end marker, at a
// cost that grew with the square of its length: a paste of 512 KiB took
// seconds of a core.
type sessionInput struct {
	r   io.Reader
	buf []byte // what was read from r
	// deliver gives a paste to the program, after every key read before
	// it: the program's reader delivers what it read before it reads
	// again, into the same queue (the program's Send).
	deliver func(tea.Msg)

	queue   []inputItem // what the program is still to get, in order
	inPaste bool        // between a paste's start marker and its end
	paste   []byte      // the paste so far, at most maxPaste+1 bytes
	marker  []byte      // the bytes of a marker not yet seen whole
}

// inputItem is keys to read, or a whole paste to deliver.
type inputItem struct {
	data  []byte
	paste bool
}

func newSessionInput(r io.Reader) *sessionInput {
	return &sessionInput{r: r, buf: make([]byte, 4096)}
}

// Read hands the program the next keys, delivering the pastes on the way.
func (in *sessionInput) Read(p []byte) (int, error) {
	for {
		for len(in.queue) > 0 && in.queue[0].paste {
			in.deliver(pasteMsg(in.queue[0].data))
			in.queue = in.queue[1:]
		}
		if len(in.queue) > 0 {
			return in.readKeys(p), nil
		}
		n, err := in.r.Read(in.buf)
		for _, b := range in.buf[:n] {
			in.filter(b)
		}
		if !in.inPaste {
			// The end of what arrived ends a key, as it does for Bubble
			// Tea: an Esc pressed alone is not held back for a paste
			// marker that is not coming.
			in.release()
		}
		if err != nil && len(in.queue) == 0 {
			return 0, err
		}
	}
}

// readKeys copies the first item's keys to p, cut short of readChunk and
// of any escape sequence that would straddle the cut.
func (in *sessionInput) readKeys(p []byte) int {
	data := in.queue[0].data
	n := min(len(p), readChunk, len(data))
	if n < len(data) {
		n = sequenceSafe(data, n)
	}
	copy(p, data[:n])
	if in.queue[0].data = data[n:]; len(in.queue[0].data) == 0 {
		in.queue = in.queue[1:]
	}
	return n
}

// sequenceSafe moves a cut at n back to the escape sequence that would
// straddle it, so that the sequence goes whole to the next read. A
// sequence at the start of the data is left alone: nothing could be read
// otherwise.
func sequenceSafe(data []byte, n int) int {
	// Keys and terminal replies are short: 32 bytes cover the longest.
	const longestSequence = 32
	if i := bytes.LastIndexByte(data[:n], 0x1b); i > 0 && n-i < longestSequence {
		return i
	}
	return n
}

// pasteMsg is the message Bubble Tea makes of a paste: its characters,
// bytes that are not UTF-8 left out.
func pasteMsg(data []byte) tea.Msg {
	runes := make([]rune, 0, utf8.RuneCount(data))
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r != utf8.RuneError {
			runes = append(runes, r)
		}
		data = data[size:]
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: runes, Paste: true}
}

// filter takes one byte of input. Bytes that may be the start of a
// marker are held until they are one, or are not: then they go where the
// byte before them went.
func (in *sessionInput) filter(b byte) {
	want := pasteStart
	if in.inPaste {
		want = pasteEnd
	}
	if len(in.marker) < len(want) && want[len(in.marker)] == b {
		in.marker = append(in.marker, b)
		if len(in.marker) == len(want) {
			in.marker = in.marker[:0]
			in.endMarker()
		}
		return
	}
	// Not a marker after all. A marker starts with its only ESC, so only
	// this byte can start another.
	in.release()
	if b == want[0] {
		in.marker = append(in.marker, b)
		return
	}
	in.take(b)
}

// endMarker acts on a whole marker: a paste starts, or ends and is
// queued.
func (in *sessionInput) endMarker() {
	if !in.inPaste {
		in.inPaste, in.paste = true, nil
		return
	}
	in.queue = append(in.queue, inputItem{data: in.paste, paste: true})
	in.inPaste, in.paste = false, nil
}

// release gives the bytes held as a marker's start to where they go.
func (in *sessionInput) release() {
	for _, h := range in.marker {
		in.take(h)
	}
	in.marker = in.marker[:0]
}

// take gives a byte that is no marker's to the paste (up to one byte past
// maxPaste) or to the keys.
func (in *sessionInput) take(b byte) {
	switch {
	case in.inPaste && len(in.paste) <= maxPaste:
		in.paste = append(in.paste, b)
	case in.inPaste:
		// Beyond what a list may hold: dropped.
	case len(in.queue) > 0 && !in.queue[len(in.queue)-1].paste:
		last := &in.queue[len(in.queue)-1]
		last.data = append(last.data, b)
	default:
		in.queue = append(in.queue, inputItem{data: []byte{b}})
	}
}
