package tea

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"
)

// terminal is a renderer and the terminal emulator its output goes to.
type terminal struct {
	s   *cursedRenderer
	out bytes.Buffer
	emu *vt.Emulator
}

func newTerminal(p colorprofile.Profile, byLines bool) *terminal {
	tm := &terminal{emu: vt.NewEmulator(100, 30)}
	tm.s = newCursedRenderer(&tm.out, []string{"TERM=xterm-256color"}, 100, 30)
	tm.s.setColorProfile(p)
	tm.s.lines.on = byLines
	// No keyboard queries, so the emulator has nothing to answer: its
	// answers would wait for a reader (and x/vt's Close races its Read).
	tm.s.setNoInput(true)
	return tm
}

// show draws content as the next frame and hands what was written to the
// emulator.
func (tm *terminal) show(content string) int {
	b := draw(tm.s, &tm.out, content)
	_, _ = tm.emu.Write(b)
	return len(b)
}

// boundaries are the places in line where something can be put without
// breaking a character or an escape sequence.
func boundaries(line string) []int {
	at := []int{0}
	for i := 0; i < len(line); {
		n := 1
		if line[i] == 0x1b && i+1 < len(line) {
			switch line[i+1] {
			case '[':
				j := i + 2
				for j < len(line) && (line[j] < 0x40 || line[j] > 0x7e) {
					j++
				}
				n = j + 1 - i
			case ']':
				j := strings.IndexAny(line[i:], "\x07")
				if k := strings.Index(line[i:], "\x1b\\"); k >= 0 && (j < 0 || k < j) {
					j = k + 1
				}
				if j < 0 {
					j = len(line) - i - 1
				}
				n = j + 1
			default:
				n = 2
			}
		} else if _, size := utf8.DecodeRuneInString(line[i:]); size > 1 {
			n = size
		}
		i = min(i+n, len(line))
		if r, _ := utf8.DecodeRuneInString(line[i:]); !unicode.Is(unicode.Mn, r) {
			at = append(at, i) // not between a letter and its accent (see pieces)
		}
	}
	return at
}

// looks is what of a cell's style shows: on a blank, its background, a
// line through or under it, and its foreground only when reversed (the
// cell renderer writes blanks with whatever pen is cheapest).
func looks(c uv.Cell) uv.Style {
	st := c.Style
	if c.Content != " " && c.Content != "" {
		return st
	}
	shows := uv.Style{Bg: st.Bg, Underline: st.Underline, Attrs: st.Attrs & (uv.AttrReverse | uv.AttrStrikethrough)}
	if st.Underline != 0 {
		shows.UnderlineColor = st.UnderlineColor
	}
	if st.Attrs&(uv.AttrReverse|uv.AttrStrikethrough) != 0 {
		shows.Fg = st.Fg
	}
	return shows
}

func ptr[T any](v T) *T { return &v }

// diff describes the first cell two emulators show differently.
func diff(a, b *vt.Emulator) string {
	for y := range a.Height() {
		for x := range a.Width() {
			ca, cb := a.CellAt(x, y), b.CellAt(x, y)
			if ca == nil || cb == nil {
				if (ca == nil) != (cb == nil) {
					return fmt.Sprintf("(%d,%d): %v / %v", x, y, ca, cb)
				}
				continue
			}
			if ca.Content != cb.Content || ca.Width != cb.Width || !ptr(looks(*ca)).Equal(ptr(looks(*cb))) || ca.Link.URL != cb.Link.URL {
				return fmt.Sprintf("(%d,%d): cells %q %+v %q, lines %q %+v %q", x, y, ca.Content, ca.Style, ca.Link.URL, cb.Content, cb.Style, cb.Link.URL)
			}
		}
	}
	return ""
}

// TestLineFramesShowTheSame: a terminal shows the same, cell for cell
// (text, width, style, link), after each frame drawn by lines as after
// the same frame drawn whole through cells on a blank screen, over random
// edits of room screens: lines changed and swapped,
// styles left open into the next lines or reset halfway, truecolor and 256
// colours, hyperlinks left open, wide characters, combining marks, lines
// too wide, control characters, and the screen emptied.
func TestLineFramesShowTheSame(t *testing.T) {
	fr := roomFrames(t)
	// Not "\x1b[31m\u0301", a combining mark after a style change, as in
	// TestLeavingOutUnchangedLinesWritesTheSame: the cells join it to the
	// character before the style, a terminal given it by lines does not.
	// Nor a link left open at the end of a line: a terminal (and lines)
	// keep it on the next lines, the cells do not when those are unchanged.
	pieces := []string{"\x1b[1m", "\x1b[m", "日本", "e\u0301", "✋", "\x1b]8;;https://x.fi\x07link\x1b]8;;\x07",
		"plain", "\x1b[7m \x1b[m", "🔗 ", "\x1b[38;2;200;10;10mred", "\x1b[48;5;208m",
		"\x1b[0;4mu", "\x1b[38;5;0;1m", strings.Repeat("x", 120), "\x07", "\x1b[2J"}
	for _, p := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256} {
		t.Run(p.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			cells, lines := newTerminal(p, false), newTerminal(p, true)
			rows := strings.Split(fr[0], "\n")
			var wroteCells, wroteLines int
			for i := range 400 {
				switch rng.IntN(8) {
				case 0:
					rows = strings.Split(fr[rng.IntN(2)], "\n")
				case 1:
					j, k := rng.IntN(len(rows)), rng.IntN(len(rows))
					rows[j], rows[k] = rows[k], rows[j]
				case 2, 3:
					j := rng.IntN(len(rows))
					at := boundaries(rows[j])
					k := at[rng.IntN(len(at))]
					rows[j] = rows[j][:k] + pieces[rng.IntN(len(pieces))] + rows[j][k:]
				case 4:
					j := rng.IntN(len(rows))
					rows[j] = strings.Split(fr[rng.IntN(2)], "\n")[rng.IntN(30)]
				case 5:
					if rng.IntN(20) == 0 {
						rows = []string{""}
					}
				case 6:
					// A timer's tick, a name's accent: the end or the
					// middle of a row changes (writeTail).
					j := rng.IntN(len(rows))
					rows[j] = strings.NewReplacer("10", "09", "e\u0301", "e", "tauolla", "käynnissä", "●", "○").Replace(rows[j])
				}
				view := strings.Join(rows, "\n")
				// A control character or an escape sequence other than a
				// style or a link is left out by lines, but not as the cells
				// leave it out: such a view is only drawn, not compared.
				compare := !strings.ContainsAny(view, "\x07") || strings.Count(view, "\x07") == 2*strings.Count(view, "\x1b]8")
				compare = compare && !strings.Contains(view, "\x1b[2J")
				wroteCells += cells.show(view)
				wroteLines += lines.show(view)
				if !compare {
					cells.s.scr.Erase()
					lines.s.lines.valid = false
					continue
				}
				ref := newTerminal(p, false) // the frame drawn whole, on a blank screen
				ref.show(view)
				if d := diff(ref.emu, lines.emu); d != "" {
					t.Fatalf("frame %d: %s\nview:\n%q", i, d, view)
				}
			}
			t.Logf("%s: cells wrote %d bytes, lines %d", p, wroteCells, wroteLines)
			// A visible cursor ends where the view puts it.
			for _, tm := range []*terminal{cells, lines} {
				v := NewView(fr[0])
				v.AltScreen, v.Cursor = true, NewCursor(5, 3)
				tm.out.Reset()
				tm.s.render(v)
				_ = tm.s.flush(false)
				_, _ = tm.emu.Write(tm.out.Bytes())
				if at := tm.emu.CursorPosition(); at.X != 5 || at.Y != 3 {
					t.Fatalf("by lines %v: the cursor is at %v", tm.s.lines.on, at)
				}
			}
		})
	}
}

// BenchmarkRoomLines is BenchmarkRoomFrame drawn by lines: the renderer's
// share of a room redraw after an advance, as piiri's sessions draw it.
func BenchmarkRoomLines(b *testing.B) {
	frames := roomFrames(b)
	var out bytes.Buffer
	s := newCursedRenderer(&out, []string{"TERM=xterm-256color"}, 100, 30)
	s.setColorProfile(colorprofile.TrueColor)
	s.lines.on = true
	draw(s, &out, frames[0])
	b.ReportAllocs()
	n := 0
	for i := 0; b.Loop(); i++ {
		n += len(draw(s, &out, frames[(i+1)%2]))
	}
	b.ReportMetric(float64(n)/float64(b.N), "bytes/frame")
}
