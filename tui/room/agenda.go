package room

import (
	"fmt"
	"strings"
	"time"
)

// agendaPane is the agenda: every item, the current one with its timer,
// the one browsed to marked.
type agendaPane struct {
	size
	r *Screen
}

// View draws the agenda at its size.
func (p *agendaPane) View() string {
	r, w, h := p.r, p.w, p.h
	s, st, cat := r.paints(), r.st, r.C.Cat
	var lines []string
	now := r.C.Now()
	for i, it := range st.Items {
		mark := "  "
		switch {
		case i == st.Current:
			mark = "▶ "
		case i < st.Current:
			mark = "✓ "
		}
		right := fmt.Sprintf("%d′", it.Minutes)
		if i == st.Current {
			right = formatLeft(st.Timer.Left(now))
		}
		titleW := w - 3 - s.blockWidth(right)
		title := s.truncate(fmt.Sprintf("%s%d %s", mark, i+1, it.Title), titleW)
		line := title + strings.Repeat(" ", max(titleW-s.blockWidth(title), 0)) + " " + right
		switch {
		case i == st.Current:
			line = s.Focused.Render(line)
		case i == r.viewing && !r.follow:
			line = s.underlined.Render(line)
		case i < st.Current:
			line = s.Subtle.Render(line)
		}
		lines = append(lines, line)
	}
	// Keep the current item in view; say how many items are out of it.
	rows := max(paneRows(h), 1)
	if len(lines) > rows {
		show := max(rows-1, 1) // one row for the "+N more" marker
		start := min(max(st.Current-show/2, 0), len(lines)-show)
		hidden := len(lines) - show
		lines = append(lines[start:start+show:start+show], s.Subtle.Render(cat.N("room.more", hidden)))
	}
	return pane(s, cat.T("room.agenda"), w, h, append(lines, ""))
}

// formatLeft shows the timer as mm:ss, or +mm:ss in overtime.
func formatLeft(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "+", -d
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%s%02d:%02d", sign, int(d.Minutes()), int(d.Seconds())%60)
}
