package line

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/piiri/piiri/session"
)

// read prints the messages counted but not shown, or the item's last few.
func (r *room) read(st *session.RoomState) {
	r.mu.Lock()
	msgs := r.unread
	r.unread = nil
	r.mu.Unlock()
	if len(msgs) == 0 {
		if it := st.CurrentItem(); it != nil {
			for _, m := range st.Messages {
				if m.ItemID == it.ID {
					msgs = append(msgs, m)
				}
			}
		}
		if n := len(msgs); n > 10 {
			msgs = msgs[n-10:]
		}
	}
	if len(msgs) == 0 {
		r.say("line.room.no_messages")
		return
	}
	for _, m := range msgs {
		r.s.p.say(r.messageLine(m))
	}
}

// write submits the person's text for the current item: silent writing
// (shown with their name at the reveal) or a reflection of their own.
// With no text on the line, lines are read until one with only a dot.
func (r *room) write(ctx context.Context, st *session.RoomState, text string) {
	it := st.CurrentItem()
	if it == nil {
		return
	}
	if text == "" {
		r.say("line.room.write_lines")
		// Others see ✎ while the lines are collected, as with a TUI writer;
		// it goes when the text is sent or abandoned.
		r.setWriting(ctx, true)
		defer r.setWriting(context.WithoutCancel(ctx), false)
		text = r.s.readText()
		if strings.TrimSpace(text) == "" {
			r.say("line.room.not_done")
			return
		}
	}
	writing := it.Kind == session.KindWriting
	a := r.s.o.Env.Actor
	var err error
	edited := false
	if mine := r.mine(ctx, it.ID); writing && mine != nil && !st.IsRevealed(it.ID) {
		// Until the reveal, writing again replaces one's text, as in the TUI.
		_, err = r.svc.EditWriting(ctx, a, mine.ID, text, mine.Reveal)
		edited = true
	} else {
		_, err = r.svc.AddReflection(ctx, a, session.ReflectionInput{MeetingID: r.id, ItemID: it.ID, Body: text,
			Reveal: writing, DraftKey: session.MeetingDraftKey(r.id, it.ID)})
	}
	switch {
	case err != nil:
		r.s.p.say(r.cat.Err(err))
	case edited:
		r.say("line.room.rewritten")
	case writing:
		r.say("line.room.written")
	default:
		r.say("line.room.reflection_saved")
	}
}

// setWriting shows or hides the person's ✎ in the room. It is only a
// mark: a refusal (the meeting ended meanwhile) is not worth a line.
func (r *room) setWriting(ctx context.Context, on bool) {
	_ = r.svc.Act(ctx, r.s.o.Env.Actor, r.id, session.Action{Kind: session.ActWriting, Flag: on})
}

// mine is the newest text the person wrote for the item, or nil.
func (r *room) mine(ctx context.Context, itemID int64) *session.Reflection {
	rs, err := r.svc.Reflections(ctx, r.s.o.Env.Actor, session.ReflectionFilter{MeetingID: r.id, AuthorID: r.me, Limit: session.MaxPageSize})
	if err != nil {
		return nil
	}
	var newest *session.Reflection
	for i := range rs {
		if rs[i].ItemID == itemID && (newest == nil || rs[i].ID > newest.ID) {
			newest = &rs[i]
		}
	}
	return newest
}

// assess asks the self-assessment one numbered question at a time.
func (r *room) assess(ctx context.Context, st *session.RoomState) {
	items, err := r.svc.AssessmentItems(ctx, r.s.o.Env.Actor, st.GroupID)
	if err != nil {
		r.s.p.say(r.cat.Err(err))
		return
	}
	r.say("line.assess.intro."+plural(len(items)), len(items))
	scores := make([]int, len(items))
	for i, q := range items {
		n, ok := r.score(fmt.Sprintf("%d/%d. %s", i+1, len(items), session.CleanLine(q)))
		if !ok {
			r.say("line.room.not_done")
			return
		}
		scores[i] = n
	}
	note, err := r.s.ed.ask(r.cat.T("line.assess.note") + " ")
	if err != nil {
		return
	}
	if err := r.svc.SubmitAssessment(ctx, r.s.o.Env.Actor, r.id, scores, note); err != nil {
		r.s.p.say(r.cat.Err(err))
		return
	}
	r.say("assessment.saved")
}

// feedback asks the meeting's pulse: a score and a word.
func (r *room) feedback(ctx context.Context) {
	n, ok := r.score(r.cat.T("line.feedback.score"))
	if !ok {
		r.say("line.room.not_done")
		return
	}
	word, err := r.s.ed.ask(r.cat.T("line.feedback.word") + " ")
	if err != nil {
		return
	}
	if err := r.svc.SubmitFeedback(ctx, r.s.o.Env.Actor, r.id, n, strings.TrimSpace(word)); err != nil {
		r.s.p.say(r.cat.Err(err))
		return
	}
	r.say("feedback.thanks")
}

// score asks for 1–5 until given one; an empty line gives up.
func (r *room) score(question string) (int, bool) {
	r.s.p.say(question)
	for {
		a, err := r.s.ed.ask(r.cat.T("line.choose", 5) + " ")
		if err != nil || strings.TrimSpace(a) == "" {
			return 0, false
		}
		if n, err := strconv.Atoi(strings.TrimSpace(a)); err == nil && n >= 1 && n <= 5 {
			return n, true
		}
		r.say("line.choose", 5)
	}
}
