package room

import (
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/tui/style"
)

// layout is the room's split of its size, computed in Update and SetSize
// (see Screen.layout); View only reads it.
type layout struct {
	heads  []string // the header's lines
	bottom []string // the lines under the panes
	width  int
	bodyH  int  // the panes' height
	wide   bool // the help covers the whole body: it does not fit the item pane
}

// layout sizes the panes for the state and size now, after every message.
func (r *Screen) layout() {
	r.lay = layout{}
	if r.evalForm != nil && r.st != nil {
		// The form's room: under the ended note, or under the header.
		if r.st.Ended {
			r.evalForm.SetSize(min(r.Width(), 80), r.Height()-6)
		} else {
			r.evalForm.SetSize(min(r.Width(), 90), r.Height()-2)
		}
	}
	if r.st == nil || r.st.Ended || r.evalForm != nil || r.Width() <= 0 {
		return
	}
	w, h := r.Width(), r.Height()
	r.input.setWidth(w - 4)
	heads := r.roomHead(w)
	h -= len(heads) - 1 // a link on a line of its own
	bottom := r.bottomLines(w)
	leftW, rightW, bodyH := roomLayout(w, h, len(bottom))
	peopleH := min(len(r.st.People)+3, bodyH/2)
	r.agenda.SetSize(leftW, bodyH-peopleH)
	r.people.SetSize(leftW, peopleH)
	r.item.SetSize(rightW, bodyH)
	r.lay = layout{heads: heads, bottom: bottom, width: w, bodyH: bodyH,
		wide: r.mode == helping && !r.helpFits(rightW, bodyH)}
	r.item.layout()
}

// roomLayout splits the screen: the left column (agenda, people), the
// item pane, and the panes' height above the bottom lines.
func roomLayout(width, height, bottom int) (leftW, rightW, bodyH int) {
	leftW = min(max(width/3, 24), 34)
	return leftW, width - leftW - 1, max(height-1-bottom, 4)
}

// View draws the room: the header, the panes side by side, the lines
// under them; or the ended room with its form, or the form alone.
func (r *Screen) View() string {
	s, cat := r.paints(), r.C.Cat
	width := r.Width()
	if r.st == nil {
		if r.err != "" {
			return s.Error.Render("✗ "+r.err) + "\n\n" + s.Subtle.Render(cat.T("room.esc_back"))
		}
		return s.Subtle.Render(cat.T("app.loading"))
	}
	st := r.st
	head := st.GroupName + " · " + st.Title
	if st.Ended {
		out := s.Header.Width(width).Render(style.Truncate(head, width-2)) + "\n\n" + s.Title.Render(cat.T("room.ended")) + "\n"
		if note := r.keptNote(width); note != "" {
			out += "\n" + note + "\n"
		}
		switch {
		case r.evalForm != nil:
			out += "\n" + r.evalForm.RenderFit(s.Styles)
		case r.thanks != "":
			out += "\n" + s.OK.Render("✓ "+r.thanks) + "\n"
		}
		return out + "\n" + s.Subtle.Render(cat.T("room.ended_hint"))
	}
	if r.evalForm != nil {
		return s.Header.Width(width).Render(style.Truncate(head, width-2)) + "\n\n" + r.evalForm.RenderFit(s.Styles)
	}
	lay := r.lay
	if lay.width == 0 {
		return "" // not sized yet
	}
	b := strings.Builder{}
	for _, h := range lay.heads {
		b.WriteString(s.header(h, width))
		b.WriteByte('\n')
	}
	if lay.wide {
		// Too many keys for the item pane: the help covers the body for
		// now, in two columns, and the layout stays as it was under it.
		b.WriteString(pane(s, cat.T("room.help_title"), width, lay.bodyH, r.helpLines(width-2, paneRows(lay.bodyH))) + "\n")
		b.WriteString(strings.Join(lay.bottom, "\n"))
		return b.String()
	}
	// The panes are exactly their size: put them side by side line by line.
	agenda, people, item := r.agenda.View(), r.people.View(), r.item.View()
	left := append(strings.Split(agenda, "\n"), strings.Split(people, "\n")...)
	right := strings.Split(item, "\n")
	leftW := r.agenda.Width()
	b.Grow(len(agenda) + len(people) + len(item) + 2*len(right) + leftW + 2)
	for i := range max(len(left), len(right)) {
		if i < len(left) {
			b.WriteString(left[i])
		} else {
			b.WriteString(strings.Repeat(" ", leftW))
		}
		b.WriteByte(' ')
		if i < len(right) {
			b.WriteString(right[i])
		}
		b.WriteByte('\n')
	}
	b.WriteString(strings.Join(lay.bottom, "\n"))
	return b.String()
}

// size is a pane's size, given by layout.
type size struct{ w, h int }

func (z *size) SetSize(w, h int) { z.w, z.h = w, h }
func (z *size) Width() int       { return z.w }
func (z *size) Height() int      { return z.h }

// pane draws a titled box of exactly w×h cells. The border is drawn here
// rather than by lipgloss, which would measure, wrap and align every line
// again: this runs for every participant on every change of the room.
// Lines that do not fit are dropped from the top; callers fit their lines
// to paneRows first when the top matters.
func pane(s *paints, title string, w, h int, lines []string) string {
	if w < 2 || h < 2 {
		return ""
	}
	inner := h - 2
	if len(lines) > inner {
		lines = lines[len(lines)-inner:]
	}
	for len(lines) < inner {
		lines = append(lines, "")
	}
	cw := w - 2
	bc, side := s.edge, s.BoxSide
	top, bottom := bc.Render("╭"+strings.Repeat("─", cw)+"╮"), bc.Render("╰"+strings.Repeat("─", cw)+"╯")
	// One allocation for the pane: the builder grows to what it will hold.
	size := len(top) + len(bottom) + len(s.Subtle.Render(title)) + inner*(1+2*len(side)+cw)
	for _, l := range lines {
		size += len(l)
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(top)
	row := func(l string) {
		lw := s.width(l)
		if lw > cw {
			l = style.Truncate(l, cw)
			lw = s.width(l)
		}
		b.WriteString("\n")
		b.WriteString(side)
		b.WriteString(l)
		for range max(cw-lw, 0) {
			b.WriteByte(' ')
		}
		b.WriteString(side)
	}
	if inner > 0 {
		row(s.Subtle.Render(title))
	}
	for _, l := range lines[:max(inner-1, 0)] {
		row(l)
	}
	b.WriteString("\n")
	b.WriteString(bottom)
	return b.String()
}

// paneRows is how many lines a pane of height h shows under its title.
func paneRows(h int) int { return max(h-3, 0) }

// twoLines wraps a line under the panes to at most two lines: a reason is
// read whole, and the panes keep their room.
func (r *Screen) twoLines(line string, width int) []string {
	ls := r.wrapper(width)(line)
	if len(ls) > 2 {
		ls = append(ls[:1:1], ansi.Truncate(strings.TrimRight(ls[1], " "), max(width-1, 0), "")+"…")
	}
	return ls
}

type wrapKey struct {
	width int
	text  string
}

// wrapCache remembers wrapped text: prompts and messages stay the same
// from one state to the next, and the room is drawn for everyone on every
// change. It is a memo, not state: what View draws is the same without it.
type wrapCache struct{ m map[wrapKey][]string }

// wrapper returns a function that wraps text to width.
func (r *Screen) wrapper(width int) func(string) []string {
	c := r.wrap
	return func(text string) []string {
		k := wrapKey{width, text}
		if l, ok := c.m[k]; ok {
			return slices.Clone(l)
		}
		if c.m == nil || len(c.m) > 1024 {
			c.m = map[wrapKey][]string{}
		}
		l := strings.Split(lipgloss.NewStyle().Width(width).Render(text), "\n")
		c.m[k] = l
		return slices.Clone(l)
	}
}

// hangingIndent starts every line of a message after its first: only the
// speaker's line starts at the margin (with ★ for a leader), so text
// cannot wrap into a line that passes for someone else's, the leader's
// above all.
const hangingIndent = "    "

// hangingWrapper wraps a message or a revealed text to width with the
// lines after the first indented by hangingIndent.
func (r *Screen) hangingWrapper(width int) func(string) []string {
	wrap := r.wrapper(max(width-len(hangingIndent), 1))
	return func(text string) []string {
		ls := wrap(text)
		for i := 1; i < len(ls); i++ {
			ls[i] = hangingIndent + ls[i]
		}
		return ls
	}
}
