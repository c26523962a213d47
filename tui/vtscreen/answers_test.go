package vtscreen

import (
	"bytes"
	"testing"
	"time"
)

// answer is what a Screen answers to p.
func answer(t *testing.T, p string) string {
	t.Helper()
	s := New(20, 5, false)
	got := make(chan []byte, 1)
	go func() {
		var all []byte
		buf := make([]byte, 256)
		for {
			n, err := s.Read(buf)
			all = append(all, buf[:n]...)
			if err != nil {
				got <- all
				return
			}
		}
	}()
	_, _ = s.Write([]byte(p)) // returns once every answer has been read
	s.Close()
	select {
	case a := <-got:
		return string(a)
	case <-time.After(5 * time.Second):
		t.Fatalf("%q: the answers never ended", p)
		return ""
	}
}

// TestAnswersAreTheScreens: a light client answers each query bubbletea
// sends as an emulated one does, so the server cannot tell them apart.
func TestAnswersAreTheScreens(t *testing.T) {
	for _, q := range queries() {
		var a Answers
		if got, want := string(a.Reply([]byte(q.ask))), answer(t, q.ask); got != want || got == "" {
			t.Errorf("%q: light answer %q, screen %q", q.ask, got, want)
		}
	}
}

// TestAnswersSplitAndRepeated: a query split over two reads is answered
// once, and two in one read in the order asked.
func TestAnswersSplitAndRepeated(t *testing.T) {
	var a Answers
	stream := "frame\x1b]11;?\afoo\x1b[?2026$p\x1b[?2027$pbar"
	var got []byte
	for i := 0; i < len(stream); i += 3 {
		got = append(got, a.Reply([]byte(stream[i:min(i+3, len(stream))]))...)
	}
	want := "\x1b]11;rgb:0000/0000/0000\a\x1b[?2026;2$y\x1b[?2027;2$y"
	if string(got) != want {
		t.Errorf("split: %q, want %q", got, want)
	}
	var b Answers
	if got := b.Reply([]byte(stream)); !bytes.Equal(got, []byte(want)) {
		t.Errorf("whole: %q, want %q", got, want)
	}
	if got := b.Reply([]byte("more")); len(got) != 0 {
		t.Errorf("answered again: %q", got)
	}
}
