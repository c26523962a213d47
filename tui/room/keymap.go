package room

import (
	"slices"

	"charm.land/bubbles/v2/key"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

// KeyMap is every key of the room. A binding is enabled when it does
// something in the room's mode (and the person's role) now: Update
// matches only enabled ones with key.Matches, the help bar and the help
// are built from them (momentKeys), and a test checks that no two enabled
// bindings share a key in any moment.
type KeyMap struct {
	// Browsing: everyone.
	Say, Hand, Done, Pass, Away, Write, Assess, Follow key.Binding
	Browse, Scroll, StartEnd                           key.Binding
	Help, Leave                                        key.Binding
	// Browsing: leaders.
	Next, Back, Timer, AddMinute, Round, GiveWord, TakeWord, PassFor key.Binding
	Reveal, Handoff, End, TakeLead                                   key.Binding
	// The help open: how to close it (the browsing keys work under it).
	CloseHelp key.Binding
	// The input line.
	Send, CloseInput key.Binding
	// The reflection pane.
	Save, ToggleReveal, CloseWriter key.Binding
	// Choosing who to hand the meeting to.
	Up, Down, Choose, Cancel key.Binding
	// The room gone or ended, or not joined: only the way out.
	Out key.Binding
	// A question (end, reveal): its own keys.
	Confirm component.ConfirmKeyMap
	// A form: the form widget takes the keys; these are its help.
	Form FormKeys
}

// FormKeys are the help of the self-assessment and feedback forms, whose
// keys the form widget handles.
type FormKeys struct {
	NextField, Submit, Cancel, PrevField, Choose, Enter key.Binding
}

// keymap is the room's keys for its mode and the person's role now.
func (r *Screen) keymap() KeyMap { return r.keymapFor(r.mode) }

// keymapFor is the room's keys in mode m.
func (r *Screen) keymapFor(m mode) KeyMap {
	km := r.baseKeys()
	if r.confirm != nil {
		km.Confirm = r.confirm.Keys()
	}
	if r.st != nil && slices.Contains(r.st.Leaders, r.st.Driver) {
		// From a co-leader one takes the lead; from someone it was
		// handed to, one takes it back.
		km.TakeLead = component.Bind(r.C.Cat, "L", "key.take_over")
	}
	r.enable(&km, m)
	return km
}

// baseKeys are the room's bindings in the session's language, all
// enabled. The help bar asks for the keys twice on every message, for
// everyone in the room: they are made once per language. A binding is a
// value; enable and withHelp change their copies only.
func (r *Screen) baseKeys() KeyMap {
	cat := r.C.Cat
	if r.keys != nil && r.keys.lang == cat.Lang() {
		return r.keys.km
	}
	b := func(label, desc string, keys ...string) key.Binding { return component.Bind(cat, label, desc, keys...) }
	km := KeyMap{
		Say: b("enter", "key.say", "enter", "t"), Hand: b("h", "key.hand"), Done: b("d", "key.done_speaking"),
		Pass: b("p", "key.pass"), Away: b("a", "key.away"), Write: b("w", "key.write"),
		Assess: b("A", "key.self_assessment"), Follow: b("f", "key.follow"),
		Browse: b("←/→", "key.browse", "left", "right"), Scroll: b("pgup/pgdn", "key.scroll", "pgup", "pgdown"),
		StartEnd: b("home/end", "key.start_end", "home", "end"),
		Help:     b("?", "key.help"), Leave: b("esc", "key.leave_room", "esc", "q"),

		Next: b("n", "key.next_item"), Back: b("b", "key.back_item"), Timer: b("space", "key.timer"),
		AddMinute: b("+", "key.add_minute"), Round: b("r", "key.round"), GiveWord: b("g", "key.give_word"),
		TakeWord: b("G", "key.take_word"), PassFor: b("P", "key.pass_for"), Reveal: b("v", "key.reveal"),
		Handoff: b("H", "key.handoff"), End: b("e", "key.end_meeting"), TakeLead: b("L", "key.take_lead"),

		CloseHelp: b("?/esc", "key.close_help", "?", "esc", "q"),
		// esc keeps the text for the next enter: it does not cancel it.
		Send: b("enter", "key.send"), CloseInput: b("esc", "key.close_keep_draft"),
		Save: b("ctrl+s", "key.save_reflection"), ToggleReveal: b("ctrl+r", "key.toggle_reveal"),
		CloseWriter: b("esc", "key.close_keep_draft"),
		Up:          b("↑/↓", "key.select", "up", "k"), Down: b("↓", "key.select", "down", "j"),
		Choose: b("enter", "key.handoff"), Cancel: b("esc", "key.cancel"),
		Out: b("esc", "key.back", "esc", "q"),
		Form: FormKeys{
			NextField: b("tab", "key.next_field"), Submit: b("ctrl+s", "key.save"), Cancel: b("esc", "key.cancel"),
			PrevField: b("shift+tab", "key.prev_field"), Choose: b("←/→", "key.choose", "left", "right"),
			Enter: b("enter", "key.next_or_save"),
		},
	}
	r.keys = &langKeys{cat.Lang(), km}
	return km
}

// langKeys are the bindings made for a language (baseKeys).
type langKeys struct {
	lang session.Lang
	km   KeyMap
}

// enable turns off the bindings that do nothing in mode m.
func (r *Screen) enable(km *KeyMap, m mode) {
	browse := r.st != nil && !r.st.Ended && (m == browsing || m == helping)
	set := func(yes bool, bs ...*key.Binding) {
		for _, b := range bs {
			b.SetEnabled(yes)
		}
	}
	set(r.st == nil || r.st.Ended && m != evaluating, &km.Out)
	set(m == helping, &km.CloseHelp)
	set(m == typing, &km.Send, &km.CloseInput)
	set(m == writing, &km.Save, &km.CloseWriter)
	set(m == writing && r.writerItem != nil && r.writerItem.Kind == session.KindWriting, &km.ToggleReveal)
	set(m == handingOff, &km.Up, &km.Down, &km.Choose, &km.Cancel)
	set(browse, &km.Say, &km.Hand, &km.Done, &km.Pass, &km.Away, &km.Write, &km.Assess,
		&km.Follow, &km.Browse, &km.Scroll, &km.StartEnd)
	// Under the open help, ?, esc and q close it.
	set(browse && m == browsing, &km.Help, &km.Leave)
	leads := browse && r.leads()
	set(leads, &km.Next, &km.Back, &km.Timer, &km.AddMinute, &km.Round, &km.GiveWord,
		&km.TakeWord, &km.PassFor, &km.Reveal, &km.Handoff, &km.End)
	set(leads && r.ownsLead(), &km.TakeLead)
	confirming := m == confirmEnd || m == confirmReveal
	km.Confirm.Yes.SetEnabled(confirming)
	km.Confirm.No.SetEnabled(confirming)
	for _, b := range []*key.Binding{&km.Form.NextField, &km.Form.Submit, &km.Form.Cancel, &km.Form.PrevField,
		&km.Form.Choose, &km.Form.Enter} {
		b.SetEnabled(m == evaluating)
	}
}

// KeyMap is the help bar and the full help for the moment.
func (r *Screen) KeyMap() component.KeyMap {
	if m := &r.keyMemo; m.ok && m.gen == r.gen {
		return m.km
	}
	km := r.keyMap()
	r.keyMemo.gen, r.keyMemo.ok, r.keyMemo.km = r.gen, true, km
	return km
}

// keyMap are the keys for the room as it is now (KeyMap keeps them).
func (r *Screen) keyMap() component.KeyMap {
	km := r.keymap()
	keys := component.Keys
	switch {
	case r.mode == evaluating && r.evalForm != nil && r.evalForm.Asking != "":
		return keys(r.evalForm.QuestionKeys(r.C.Cat))
	case r.mode == evaluating:
		f := km.Form
		return keys([]key.Binding{f.NextField, f.Submit, f.Cancel}, f.PrevField, f.Choose, f.Enter)
	case r.st != nil && r.st.Ended:
		return keys([]key.Binding{km.Out})
	case r.mode == writing:
		// Who will read the text comes before closing: ctrl+r second.
		return keys([]key.Binding{km.Save, km.ToggleReveal, km.CloseWriter})
	case r.mode == typing:
		// The line stays open after a send, so an empty one just closes.
		// Enter on an empty line does nothing: it shows with the text.
		if r.input.empty() {
			return keys([]key.Binding{withHelp(km.CloseInput, "esc", r.C.Cat.T("key.close_input"))})
		}
		return keys([]key.Binding{km.Send, km.CloseInput})
	case r.mode == confirmEnd || r.mode == confirmReveal:
		return r.confirm.KeyMap()
	case r.mode == helping:
		// How to close the help comes first: the bar was fitted with the
		// shorter "? help", and what is cut is at the end.
		short, _ := r.momentKeys(km)
		return keys(append([]key.Binding{km.CloseHelp}, short[:len(short)-1]...))
	case r.mode == handingOff:
		return keys([]key.Binding{km.Up, km.Choose, km.Cancel})
	}
	short, more := r.momentKeys(km)
	return keys(short, more...)
}

// withHelp is b with another help text.
func withHelp(b key.Binding, label, desc string) key.Binding {
	b.SetHelp(label, desc)
	return b
}

// momentKeys are the room's keys for what is going on now: the help bar
// (short) shows what matters at this moment, the help overlay (more) the
// rest. A key that would do nothing now is not in either.
func (r *Screen) momentKeys(km KeyMap) (short, more []key.Binding) {
	st := r.st
	if st == nil {
		return []key.Binding{withHelp(km.Out, "esc", r.C.Cat.T("key.leave_room"))}, nil
	}
	leads := r.leads()
	it := st.CurrentItem()
	kind := session.ItemKind("")
	if it != nil {
		kind = it.Kind
	}
	rd := st.Round
	myTurn := rd != nil && rd.Speaking() == r.me
	roundOn := rd != nil && rd.Speaking() != 0

	// What this moment asks of the person comes first: coming back from
	// away, taking back the lead one handed away, then one's turn or word.
	away := false
	if p := st.Person(r.me); p != nil && p.Away {
		away = true
		short = append(short, withHelp(km.Away, "a", r.C.Cat.T("key.come_back")))
	}
	if r.ownsLead() && st.Driver != r.me {
		short = append(short, km.TakeLead)
	}
	if myTurn || (leads && roundOn) || st.Speaker == r.me {
		short = append(short, km.Done)
	}
	if myTurn {
		short = append(short, km.Pass)
	}
	if leads && roundOn && !myTurn {
		short = append(short, km.PassFor)
	}
	if leads && len(st.Hands) > 0 {
		short = append(short, km.GiveWord)
	}
	if leads && st.Speaker != 0 && st.Speaker != r.me {
		short = append(short, km.TakeWord)
	}
	if kind == session.KindWriting {
		short = append(short, km.Write)
		if leads && it != nil && !st.IsRevealed(it.ID) {
			short = append(short, km.Reveal)
		}
	}
	if kind == session.KindAssessment {
		short = append(short, km.Assess)
	}
	// A round item waits for its round: the leader sees how to start it.
	startRound := leads && kind == session.KindRound && rd == nil
	if startRound {
		short = append(short, km.Round)
	}
	if !r.follow {
		short = append(short, km.Follow)
	}
	// Once: it lays out the item pane to find out.
	canScroll := r.canScroll()
	if canScroll {
		short = append(short, km.Scroll)
	}
	short = append(short, km.Say, km.Hand)
	if leads {
		if st.Current+1 < len(st.Items) {
			short = append(short, km.Next)
		}
		short = append(short, km.Timer)
	}
	short = append(short, withHelp(km.Help, "?", r.C.Cat.T("key.help")))
	// The bar is one line: what does not fit moves to the help, and
	// "? help" always stays.
	for len(short) > 2 && component.BarWidth(short) > r.Width() {
		i := len(short) - 2
		more = append([]key.Binding{short[i]}, more...)
		short = slices.Delete(short, i, i+1)
	}

	// The rest: in the help overlay only.
	if leads {
		if st.Current > 0 {
			more = append(more, km.Back)
		}
		more = append(more, km.AddMinute)
		if !startRound {
			more = append(more, km.Round)
		}
		if r.canHandOff() {
			more = append(more, km.Handoff)
		}
		more = append(more, km.End)
	}
	if kind != session.KindWriting && it != nil {
		more = append(more, km.Write)
	}
	if kind != session.KindAssessment && slices.ContainsFunc(st.Items, func(it session.AgendaItem) bool { return it.Kind == session.KindAssessment }) {
		more = append(more, km.Assess)
	}
	if len(st.Items) > 1 {
		more = append(more, km.Browse)
	}
	if canScroll {
		more = append(more, km.Scroll, km.StartEnd)
	}
	if !away {
		more = append(more, km.Away)
	}
	more = append(more, withHelp(km.Leave, "esc", r.C.Cat.T("key.leave_room")))
	return short, more
}
