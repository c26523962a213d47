package room

import (
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/tui/style"
)

// paints are the session's styles with each one's renderings remembered.
// The room is drawn for everyone on every change, and most of what a
// redraw styles (agenda lines, names, prompts, pane edges) is what the
// last one styled: lipgloss measures and rebuilds each string every time,
// which was half of a redraw. The styles are pure, so what View draws is
// the same without the memo.
type paints struct {
	style.Styles
	Title, Subtle, Accent, Error, OK, Focused *paint
	underlined, edge                          *paint
	dark                                      bool
}

// maxPainted bounds each style's memo: the timer's line changes every
// second, so some entries are drawn once only.
const maxPainted = 256

// paint is one style and what it has rendered.
type paint struct {
	style lipgloss.Style
	memo  map[string]string
}

// Render is the style's Render, remembered.
func (p *paint) Render(text string) string {
	if out, ok := p.memo[text]; ok {
		return out
	}
	out := p.style.Render(text)
	if len(p.memo) >= maxPainted {
		clear(p.memo)
	}
	p.memo[text] = out
	return out
}

func newPaint(s lipgloss.Style) *paint { return &paint{style: s, memo: map[string]string{}} }

// paints returns the room's styles, made again when the session's change.
func (r *Screen) paints() *paints {
	c := r.C
	if p := r.paint; p != nil && p.dark == c.IsDark {
		return p
	}
	s := c.Styles
	r.paint = &paints{Styles: s, dark: c.IsDark,
		Title: newPaint(s.Title), Subtle: newPaint(s.Subtle), Accent: newPaint(s.Accent), Error: newPaint(s.Error),
		OK: newPaint(s.OK), Focused: newPaint(s.Focused), underlined: newPaint(s.Accent.Underline(true)), edge: newPaint(s.BoxEdge)}
	return r.paint
}
