package room

import (
	"strings"

	"github.com/piiri/piiri/tui/style"
)

// turnLines say whose turn it is in a round, and who has the word.
func (r *Screen) turnLines(w int) []string {
	s, st, cat := r.paints(), r.st, r.C.Cat
	name := func(id int64) string {
		if id == r.me {
			return cat.T("room.you")
		}
		if p := st.Person(id); p != nil {
			return p.Name
		}
		return "?"
	}
	var out []string
	if rd := st.Round; rd != nil {
		if sp := rd.Speaking(); sp != 0 {
			line := cat.T("room.round_turn", rd.Turn+1, len(rd.Order), r.speakerName(cat, sp, name(sp)))
			if nx := rd.Next(); nx != 0 {
				line += " · " + cat.T("room.round_next", name(nx))
			}
			// Two lines if need be: the one who is next must see it.
			out = append(out, r.twoLines(s.Focused.Render("➜ "+line), w)...)
			if sp == r.me {
				// Whole, never cut: it says what to press.
				out = append(out, r.wrapper(w)(s.OK.Render("➤ "+cat.T("room.your_turn")))...)
			}
		} else {
			out = append(out, s.Subtle.Render(cat.T("room.round_over")))
		}
		if len(rd.Skipped) > 0 {
			var names []string
			for _, id := range rd.Skipped {
				names = append(names, name(id))
			}
			out = append(out, r.twoLines(s.Subtle.Render("⤼ "+cat.T("room.round_skipped", strings.Join(names, ", "))), w)...)
		}
	}
	if l := r.writtenLine(st.CurrentItem()); l != "" {
		out = append(out, s.Accent.Render(style.Truncate(l, w)))
	}
	switch {
	case st.Speaker == r.me:
		out = append(out, r.wrapper(w)(s.OK.Render("» "+cat.T("room.you_have_word")))...)
	case st.Speaker != 0:
		out = append(out, s.Focused.Render(style.Truncate("» "+cat.T("room.has_word", name(st.Speaker)), w)))
	}
	if len(st.Hands) > 0 && r.leads() {
		var names []string
		for _, id := range st.Hands {
			names = append(names, name(id))
		}
		out = append(out, style.Truncate("✋ "+cat.T("room.hands", strings.Join(names, ", ")), w))
	}
	if r.mode == handingOff {
		out = append(out, cat.T("room.handoff_to"))
		for i, p := range r.handoffChoices() {
			line := "  " + p.Name
			if i == r.handoff-1 {
				line = s.Focused.Render("› " + p.Name)
			}
			out = append(out, line)
		}
	}
	return out
}
