package vtscreen

import (
	"bytes"
	"slices"

	"github.com/charmbracelet/x/ansi"
)

// Answers answers the queries bubbletea sends when it starts, without an
// emulator: the bench's light clients (thousands of sessions held) look
// for text in the raw output and have no screen. The answers are the ones
// a [Screen] gives (a test holds them to it), so the server treats a light
// client like any other. The cursor position is not answered: without a
// screen there is none.
type Answers struct {
	tail []byte // the end of the previous output, for a query split over two reads
}

type query struct{ ask, answer string }

// queries are what bubbletea asks a terminal, and what a Screen answers
// (an array value: no table anyone could change).
func queries() [5]query {
	return [...]query{
		{ansi.RequestModeSynchronizedOutput, "\x1b[?2026;2$y"},
		{ansi.RequestModeUnicodeCore, "\x1b[?2027;2$y"},
		{ansi.RequestBackgroundColor, "\x1b]11;rgb:0000/0000/0000\a"},
		{ansi.RequestForegroundColor, "\x1b]10;rgb:ffff/ffff/ffff\a"},
		{ansi.RequestPrimaryDeviceAttributes, "\x1b[?62;1;6;22c"},
	}
}

// maxQuery is the longest query's length.
const maxQuery = len(ansi.RequestModeSynchronizedOutput)

// Reply returns the answers to the queries in out, in the order they were
// asked. A query split over two calls is answered once, on the second.
func (a *Answers) Reply(out []byte) []byte {
	seen := append(a.tail, out...)
	type hit struct {
		at     int
		answer string
	}
	var hits []hit
	for _, q := range queries() {
		for from := 0; ; {
			i := bytes.Index(seen[from:], []byte(q.ask))
			if i < 0 {
				break
			}
			at := from + i
			// Only a query that ends in the new output: one wholly in the
			// tail was answered last time.
			if at+len(q.ask) > len(a.tail) {
				hits = append(hits, hit{at, q.answer})
			}
			from = at + len(q.ask)
		}
	}
	a.tail = append(a.tail[:0], seen[max(len(seen)-(maxQuery-1), 0):]...)
	if len(hits) == 0 {
		return nil
	}
	// In the order asked: bubbletea reads the answers as they come.
	slices.SortFunc(hits, func(x, y hit) int { return x.at - y.at })
	var reply []byte
	for _, h := range hits {
		reply = append(reply, h.answer...)
	}
	return reply
}
