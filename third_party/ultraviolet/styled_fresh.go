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
