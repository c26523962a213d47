package room

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/tui/style"
)

// paints are the session's styles with their renderings remembered. The
// room is drawn for everyone on every change, and most of what a redraw
// styles (agenda lines, names, prompts, pane edges) is what the last one
// styled: lipgloss measures and rebuilds each string every time, which
// was half of a redraw. The styles are pure, so what View draws is the
// same without the memo.
type paints struct {
	style.Styles
	Title, Subtle, Accent, Error, OK, Focused paint
	underlined, edge                          paint
	underline                                 lipgloss.Style // Accent underlined
	dark                                      bool
	memo                                      map[paintKey]string
	widths                                    map[string]int
	cuts, headers                             map[cutKey]string
}

// cutKey is a text and the width it is cut or laid out to.
type cutKey struct {
	text  string
	width int
}

// maxPainted bounds the memo: the timer's line changes every second, so
// some entries are drawn once only.
const maxPainted = 128

type paintKey struct {
	style uint8
	text  string
}

// paint is one of the styles, rendering through the memo.
type paint struct {
	p     *paints
	id    uint8
	style *lipgloss.Style
}

// Render is the style's Render, remembered.
func (p paint) Render(text string) string {
	m, k := p.p.memo, paintKey{p.id, text}
	if out, ok := m[k]; ok {
		return out
	}
	out := p.style.Render(text)
	if len(m) >= maxPainted {
		clear(m)
	}
	m[k] = out
	return out
}

// paints returns the room's styles, made again when the session's change.
func (r *Screen) paints() *paints {
	c := r.C
	if p := r.paint; p != nil && p.dark == c.IsDark {
		return p
	}
	p := &paints{Styles: c.Styles, underline: c.Styles.Accent.Underline(true), dark: c.IsDark,
		memo: map[paintKey]string{}, widths: map[string]int{}, cuts: map[cutKey]string{}, headers: map[cutKey]string{}}
	s := &p.Styles
	for i, d := range []struct {
		to *paint
		st *lipgloss.Style
	}{{&p.Title, &s.Title}, {&p.Subtle, &s.Subtle}, {&p.Accent, &s.Accent}, {&p.Error, &s.Error}, {&p.OK, &s.OK},
		{&p.Focused, &s.Focused}, {&p.underlined, &p.underline}, {&p.edge, &s.BoxEdge}} {
		*d.to = paint{p, uint8(i), d.st}
	}
	r.paint = p
	return p
}

// width is ansi.StringWidth, remembered: every line of every pane is
// measured on every redraw, and most are the lines the last one measured.
func (p *paints) width(s string) int {
	if w, ok := p.widths[s]; ok {
		return w
	}
	w := ansi.StringWidth(s)
	if len(p.widths) >= maxPainted {
		clear(p.widths)
	}
	p.widths[s] = w
	return w
}

// truncate is style.Truncate, remembered: the agenda's lines, the
// header and the item's title are cut again on every redraw.
func (p *paints) truncate(s string, width int) string {
	return remember(p.cuts, cutKey{s, width}, func() string { return style.Truncate(s, width) })
}

// header is a line of the room's header, laid out to the width.
func (p *paints) header(s string, width int) string {
	return remember(p.headers, cutKey{s, width}, func() string { return p.Header.Width(width).Render(s) })
}

func remember(m map[cutKey]string, k cutKey, make func() string) string {
	if out, ok := m[k]; ok {
		return out
	}
	out := make()
	if len(m) >= maxPainted {
		clear(m)
	}
	m[k] = out
	return out
}

// blockWidth is lipgloss.Width (the widest line), remembered for a line.
func (p *paints) blockWidth(s string) int {
	if strings.Contains(s, "\n") {
		return lipgloss.Width(s)
	}
	return p.width(s)
}
