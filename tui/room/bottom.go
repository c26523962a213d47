package room

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/style"
)

// The lines under the panes: the input, a question, or the status line,
// and the status line's fading.

// bottomLines are the lines under the panes: the input, a question, or
// the status line. There is always at least one, so the panes do not
// jump when a status comes and goes.
func (r *Screen) bottomLines(width int) []string {
	s, cat, st := r.paints(), r.C.Cat, r.st
	var out []string
	status := func() {
		if r.status == "" {
			return
		}
		line := s.Error.Render("✗ " + r.status)
		if r.statusOK {
			line = s.OK.Render("✓ " + r.status)
		}
		out = append(out, r.twoLines(line, width)...)
	}
	switch {
	case r.mode == typing:
		// Say where the message goes when another item is on screen.
		if it := st.CurrentItem(); it != nil && r.viewing != st.Current {
			out = append(out, r.twoLines(s.Accent.Render("→ "+cat.T("room.say_goes_to", st.Current+1, it.Title)), width)...)
		}
		status()
		if r.input.sending {
			out = append(out, style.Truncate(s.Subtle.Render(cat.T("room.sending")), width))
		}
		if n := session.RuneCount(r.input.value()); n > session.MaxMessageLen {
			out = append(out, style.Truncate(s.Error.Render("✗ "+cat.T("write.count", n, session.MaxMessageLen)), width))
		}
		out = append(out, r.input.View())
	case r.mode == confirmEnd:
		out = append(out, r.twoLines(s.Error.Render("? "+r.confirm.Question()), width)...)
	case r.mode == confirmReveal:
		out = append(out, style.Truncate(s.Error.Render("? "+r.confirm.Question()), width))
	default:
		status()
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// statusFade is how long a ✓/✗ line stays: long enough to read, never
// minutes.
const statusFade = 5 * time.Second

// roomStatusMsg fades the status line it was set with (by sequence
// number), so an old tick never clears a newer status.
type roomStatusMsg struct{ seq int }

// setStatus shows a ✓ (ok) or ✗ line and fades it after statusFade.
func (r *Screen) setStatus(ok bool, text string) tea.Cmd {
	r.statusSeq++
	r.status, r.statusOK = text, ok
	seq, to := r.statusSeq, r.ID()
	return tea.Tick(statusFade, func(time.Time) tea.Msg { return component.Result{To: to, Msg: roomStatusMsg{seq}} })
}
