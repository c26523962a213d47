package tea

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// roomFrames are two screens of piiri's live room at 100×30, the one
// before an advance and the one after (testdata/room-*.txt).
func roomFrames(tb testing.TB) []string {
	var out []string
	for _, f := range []string{"testdata/room-a.txt", "testdata/room-b.txt"} {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// draw renders content as the program's next frame and returns what was
// written to the terminal for it.
func draw(s *cursedRenderer, out *bytes.Buffer, content string) []byte {
	out.Reset()
	v := NewView(content)
	v.AltScreen = true
	s.render(v)
	_ = s.flush(false)
	return out.Bytes()
}

// BenchmarkRoomFrame is the renderer's share of a room redraw after an
// advance: the new view diffed against what the terminal shows, written.
func BenchmarkRoomFrame(b *testing.B) {
	frames := roomFrames(b)
	var out bytes.Buffer
	s := newCursedRenderer(&out, []string{"TERM=xterm-256color"}, 100, 30)
	s.setColorProfile(colorprofile.TrueColor) // as BenchmarkRoomLines
	draw(s, &out, frames[0])
	b.ReportAllocs()
	n := 0
	for i := 0; b.Loop(); i++ {
		n += len(draw(s, &out, frames[(i+1)%2]))
	}
	b.ReportMetric(float64(n)/float64(b.N), "bytes/frame")
}

// frameSequence is a room's frames as a session sees them: an advance and
// back, a line edited, a wide character moving, the screen emptied.
func frameSequence(tb testing.TB) []string {
	fr := roomFrames(tb)
	a, b := fr[0], fr[1]
	edit := strings.Replace(b, "Osallistuja 4 ", "Osallistuja 4 ✋1", 1)
	wide := strings.Replace(edit, "Agenda item 5", "Agenda 日本 5", 1)
	return []string{a, b, a, edit, wide, b, "", a, a + "\n", wide}
}

// TestRoomFramesWriteTheSame: the bytes written for a sequence of room
// frames are those the renderer wrote before piiri's patches to the diff
// (testdata/room-frames.out, from the renderer before those patches).
// PIIRI_WRITE_FRAMES=1 writes the file anew.
func TestRoomFramesWriteTheSame(t *testing.T) {
	var out, all bytes.Buffer
	s := newCursedRenderer(&out, []string{"TERM=xterm-256color"}, 100, 30)
	for i, f := range frameSequence(t) {
		fmt.Fprintf(&all, "--- frame %d\n", i)
		all.Write(draw(s, &out, f))
		all.WriteString("\n")
	}
	const golden = "testdata/room-frames.out"
	if os.Getenv("PIIRI_WRITE_FRAMES") != "" {
		if err := os.WriteFile(golden, all.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(all.Bytes(), want) {
		t.Fatalf("the frames wrote %d bytes, want %d as before:\n%q", all.Len(), len(want), all.String())
	}
}

// TestLeavingOutUnchangedLinesWritesTheSame: frames that leave out the
// lines the terminal shows already write exactly what frames drawn whole
// write, over random edits of room screens: lines changed, swapped,
// styled without a reset (carried into the next line), hyperlinks, wide
// characters and combining marks.
func TestLeavingOutUnchangedLinesWritesTheSame(t *testing.T) {
	fr := roomFrames(t)
	pieces := []string{"\x1b[1m", "\x1b[m", "日本", "e\u0301", "\x1b[31m\u0301", "✋", "\x1b]8;;https://x.fi\x07link\x1b]8;;\x07",
		"\x1b]8;;https://y.fi\x07open", "plain", "\x1b[7m \x1b[m", "\t", "\x1b[", "🔗 "}
	rng := rand.New(rand.NewPCG(1, 2))
	var outA, outB bytes.Buffer
	skip := newCursedRenderer(&outA, []string{"TERM=xterm-256color"}, 100, 30)
	whole := newCursedRenderer(&outB, []string{"TERM=xterm-256color"}, 100, 30)
	lines := strings.Split(fr[0], "\n")
	for i := range 600 {
		switch rng.IntN(6) {
		case 0:
			lines = strings.Split(fr[rng.IntN(2)], "\n")
		case 1:
			j, k := rng.IntN(len(lines)), rng.IntN(len(lines))
			lines[j], lines[k] = lines[k], lines[j]
		case 2, 3:
			j := rng.IntN(len(lines))
			at := rng.IntN(len(lines[j]) + 1)
			lines[j] = lines[j][:at] + pieces[rng.IntN(len(pieces))] + lines[j][at:]
		case 4:
			j := rng.IntN(len(lines))
			lines[j] = strings.Split(fr[rng.IntN(2)], "\n")[rng.IntN(30)]
		}
		view := strings.Join(lines, "\n")
		whole.whole = nil // draws every line
		a, b := draw(skip, &outA, view), draw(whole, &outB, view)
		if !bytes.Equal(a, b) {
			t.Fatalf("frame %d wrote\n%q\nwant\n%q\nview:\n%q", i, a, b, view)
		}
	}
}
