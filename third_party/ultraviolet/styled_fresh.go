package uv

import "strings"

// piiri patch: drawing a program's frame. The frame buffer has just been
// cleared (every cell empty, every line marked changed), so clearing the
// area again cell by cell, and comparing every cell written with the one
// it replaces to mark its line changed, did nothing but cost a third of
// the drawing. The cells drawn are the same as with [StyledString.Draw].

// DrawCleared draws s into b, which [RenderBuffer.Clear] has just cleared,
// measuring with m.
func (s *StyledString) DrawCleared(b *RenderBuffer, m WidthMethod) {
	str := strings.ReplaceAll(s.Text, "\r\n", "\n")
	area := b.Bounds()
	printString(clearedBuffer{b, m}, m, area.Min.X, area.Min.Y, area, str, !s.Wrap, s.Tail)
}

// clearedBuffer writes cells straight into a cleared buffer's lines: they
// are all marked changed already.
type clearedBuffer struct {
	b *RenderBuffer
	m WidthMethod
}

func (c clearedBuffer) Bounds() Rectangle          { return c.b.Bounds() }
func (c clearedBuffer) CellAt(x, y int) *Cell      { return c.b.CellAt(x, y) }
func (c clearedBuffer) SetCell(x, y int, cl *Cell) { c.b.Buffer.SetCell(x, y, cl) }
func (c clearedBuffer) WidthMethod() WidthMethod   { return c.m }

// DrawClearedSkipping is DrawCleared line by line, leaving out the lines
// the terminal shows already. A line is left out when it begins with
// nothing carried over from the line before (no style, link or pending
// text) and same(y, line) says that row y shows that line, drawn whole
// from such a start, as it is now: then fill(y) fills row y of b itself
// (from what the terminal shows) and the line is neither parsed nor, as
// it is left unmarked, compared again. whole reports, by row, the lines
// that began and ended with nothing carried over, for the next frame's
// same. When the text is wrapped, or a line ends inside an escape
// sequence, or a combining mark begins a line after one left out, it
// draws everything as DrawCleared does and reports ok false.
func (s *StyledString) DrawClearedSkipping(b *RenderBuffer, m WidthMethod,
	same func(y int, line string) bool, fill func(y int), whole []bool,
) (ok bool) {
	if s.Wrap {
		s.DrawCleared(b, m)
		return false
	}
	str := strings.ReplaceAll(s.Text, "\r\n", "\n")
	area := b.Bounds()
	st := printState{lastX: -1, lastY: -1}
	for y := area.Min.Y; ; y++ {
		line, rest, more := strings.Cut(str, "\n")
		str = rest
		if y >= area.Max.Y {
			break
		}
		start := st.clean()
		if start && same(y, line) {
			fill(y)
			whole[y] = true
			st.lastX, st.lastY = -1, foldUnknownRow
		} else {
			printStringFrom(clearedBuffer{b, m}, m, area.Min.X, y, area, line, true, s.Tail, &st, !more)
			if st.state != 0 || st.foldUnknown {
				b.Clear()
				s.DrawCleared(b, m)
				return false
			}
			whole[y] = start && st.clean()
			if st.folded {
				// The row above holds a mark from this line: it is not
				// that line's alone.
				if st.foldedRow >= 0 && st.foldedRow < len(whole) {
					whole[st.foldedRow] = false
				}
				st.folded = false
			}
		}
		if !more {
			break
		}
	}
	return true
}
