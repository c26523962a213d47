package tui

import (
	"slices"

	"charm.land/bubbles/v2/key"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
)

// momentKeys are the room's keys for what is going on now: the help bar
// (short) shows what matters at this moment, the help overlay (more) the
// rest. A key that would do nothing now is not in either.
func (r *roomScreen) momentKeys(cat i18n.Catalog) (short, more []key.Binding) {
	st := r.st
	if st == nil {
		return []key.Binding{binding(cat, "esc", "key.leave_room")}, nil
	}
	b := func(k, desc string) key.Binding { return binding(cat, k, desc) }
	leads := r.leads()
	it := st.CurrentItem()
	kind := session.ItemKind("")
	if it != nil {
		kind = it.Kind
	}
	rd := st.Round
	myTurn := rd != nil && rd.Speaking() == r.me
	roundOn := rd != nil && rd.Speaking() != 0

	// What this moment asks of the person comes first: taking back the
	// lead one handed away, then one's turn or word.
	if r.ownsLead() && st.Driver != r.me {
		// From a co-leader one takes the lead; from someone it was
		// handed to, one takes it back.
		if slices.Contains(st.Leaders, st.Driver) {
			short = append(short, b("L", "key.take_over"))
		} else {
			short = append(short, b("L", "key.take_lead"))
		}
	}
	if myTurn || (leads && roundOn) || st.Speaker == r.me {
		short = append(short, b("d", "key.done_speaking"))
	}
	if myTurn {
		short = append(short, b("p", "key.pass"))
	}
	if leads && roundOn && !myTurn {
		short = append(short, b("P", "key.pass_for"))
	}
	if leads && len(st.Hands) > 0 {
		short = append(short, b("g", "key.give_word"))
	}
	if leads && st.Speaker != 0 && st.Speaker != r.me {
		short = append(short, b("G", "key.take_word"))
	}
	if kind == session.KindWriting {
		short = append(short, b("w", "key.write"))
		if leads && it != nil && !st.IsRevealed(it.ID) {
			short = append(short, b("v", "key.reveal"))
		}
	}
	if kind == session.KindAssessment {
		short = append(short, b("A", "key.self_assessment"))
	}
	// A round item waits for its round: the leader sees how to start it.
	startRound := leads && kind == session.KindRound && rd == nil
	if startRound {
		short = append(short, b("r", "key.round"))
	}
	if !r.follow {
		short = append(short, b("f", "key.follow"))
	}
	scroll := bindingKeys(cat, "pgup/pgdn", "key.scroll", "pgup", "pgdown")
	// Once: it lays out the item pane to find out.
	canScroll := r.canScroll()
	if canScroll {
		short = append(short, scroll)
	}
	short = append(short, b("enter", "key.say"), b("h", "key.hand"))
	if leads {
		if st.Current+1 < len(st.Items) {
			short = append(short, b("n", "key.next_item"))
		}
		short = append(short, b("space", "key.timer"))
	}
	short = append(short, b("?", "key.help"))
	// The bar is one line: what does not fit moves to the help, and
	// "? help" always stays.
	for r.app != nil && len(short) > 2 && barWidth(short) > r.app.width {
		i := len(short) - 2
		more = append([]key.Binding{short[i]}, more...)
		short = slices.Delete(short, i, i+1)
	}

	// The rest: in the help overlay only.
	if leads {
		if st.Current > 0 {
			more = append(more, b("b", "key.back_item"))
		}
		more = append(more, b("+", "key.add_minute"))
		if !startRound {
			more = append(more, b("r", "key.round"))
		}
		if len(r.handoffChoices()) > 0 {
			more = append(more, b("H", "key.handoff"))
		}
		more = append(more, b("e", "key.end_meeting"))
	}
	if kind != session.KindWriting && it != nil {
		more = append(more, b("w", "key.write"))
	}
	if kind != session.KindAssessment && slices.ContainsFunc(st.Items, func(it session.AgendaItem) bool { return it.Kind == session.KindAssessment }) {
		more = append(more, b("A", "key.self_assessment"))
	}
	if len(st.Items) > 1 {
		more = append(more, bindingKeys(cat, "←/→", "key.browse", "left", "right"))
	}
	if canScroll {
		more = append(more, scroll, bindingKeys(cat, "home/end", "key.start_end", "home", "end"))
	}
	more = append(more, b("a", "key.away"), b("esc", "key.leave_room"))
	return short, more
}

// barWidth is how wide the help bar draws bindings: "key desc" joined
// by " • ".
func barWidth(bs []key.Binding) int { return component.BarWidth(bs) }
