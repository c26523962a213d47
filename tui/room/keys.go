package room

import (
	"context"
	"math"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/writer"
)

// key handles a key press in the room's mode.
func (r *Screen) key(k tea.KeyPressMsg) tea.Cmd {
	km := r.keymap()
	switch r.mode {
	case evaluating:
		res, cmd := r.evalForm.Update(k)
		switch res {
		case form.Cancel:
			if r.evalKind == "assessment" {
				// Closed, not thrown away: A opens it again as it was.
				r.shelved = r.evalForm
			}
			r.evalForm, r.mode = nil, browsing
			return r.afterAssessment()
		case form.Submit:
			return r.submitEval()
		}
		return cmd
	case writing:
		return r.writerKey(km, k)
	case typing:
		switch {
		case key.Matches(k, km.CloseInput):
			r.input.close()
			r.mode = browsing
			return r.setWriting(false)
		case key.Matches(k, km.Send):
			return r.send()
		}
		return tea.Batch(r.input.update(k), r.typed())
	}
	if key.Matches(k, km.Out) {
		return r.leave()
	}
	if r.st == nil || r.st.Ended {
		return nil
	}
	switch r.mode {
	case confirmEnd, confirmReveal:
		_, cmd := r.confirm.Update(k)
		r.confirm, r.mode = nil, browsing
		return cmd
	case handingOff:
		return r.handoffKey(km, k)
	case helping:
		if key.Matches(k, km.CloseHelp) {
			r.mode = browsing
			return nil
		}
	}
	r.status = "" // the next action clears the last one's result
	if cmd, ok := r.browseKey(km, k); ok {
		return cmd
	}
	return r.leadKey(km, k)
}

// writerKey handles a key while the reflection pane is open.
func (r *Screen) writerKey(km KeyMap, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, km.CloseWriter):
		// Saved before the editor goes, typing since a save in flight
		// included.
		r.writer.Flush(r.C)
		r.closeWriter()
		return r.setWriting(false)
	case key.Matches(k, km.ToggleReveal):
		r.reveal = !r.reveal
		return nil
	case key.Matches(k, km.Save):
		it, body, dkey, reveal := r.writerItem, r.writer.Text(), r.writer.Key, r.reveal
		id := r.meetingID
		if r.editing != 0 {
			return r.saveEdit(body, dkey, reveal)
		}
		return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
			return svc.AddReflection(ctx, a, session.ReflectionInput{MeetingID: id, ItemID: it.ID, Body: body,
				Reveal: reveal && it.Kind == session.KindWriting, DraftKey: dkey})
		}, func(ref *session.Reflection, err error) tea.Msg { return reflectionSavedMsg{ref, err} })
	}
	_, cmd := r.writer.Update(r.C, k)
	return cmd
}

// handoffKey moves the choice of who to hand the meeting to, or hands it.
func (r *Screen) handoffKey(km KeyMap, k tea.KeyPressMsg) tea.Cmd {
	here := r.handoffChoices()
	switch {
	case key.Matches(k, km.Up):
		r.handoff = max(r.handoff-1, 1)
	case key.Matches(k, km.Down):
		r.handoff = min(r.handoff+1, len(here))
	case key.Matches(k, km.Choose):
		to := here[r.handoff-1].PersonID
		r.handoff, r.mode = 0, browsing
		return r.act(session.Action{Kind: session.ActHandoff, Person: to})
	case key.Matches(k, km.Cancel):
		r.handoff, r.mode = 0, browsing
	}
	return nil
}

// browseKey handles everyone's keys; ok reports that k was one of them.
func (r *Screen) browseKey(km KeyMap, k tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	switch {
	case key.Matches(k, km.Leave):
		return r.leave(), true
	case key.Matches(k, km.Help):
		r.mode = helping
	case key.Matches(k, km.Scroll):
		if k.String() == "pgup" {
			r.scroll += r.page()
		} else {
			r.scroll = max(r.scroll-r.page(), 0)
		}
	case key.Matches(k, km.StartEnd):
		r.scroll = 0
		if k.String() == "home" { // the item's start: revealed texts and the first messages
			r.scroll = math.MaxInt32
		}
	case key.Matches(k, km.Say):
		r.mode = typing
		return tea.Batch(r.input.open(), r.setWriting(true)), true
	case key.Matches(k, km.Assess):
		return r.askAssessment(), true
	case key.Matches(k, km.Write):
		return r.openWriter(), true
	case key.Matches(k, km.Hand):
		return r.act(session.Action{Kind: session.ActHand}), true
	case key.Matches(k, km.Done):
		return r.act(session.Action{Kind: r.doneKey()}), true
	case key.Matches(k, km.Pass):
		return r.act(session.Action{Kind: session.ActPass}), true
	case key.Matches(k, km.Away):
		me := r.st.Person(r.me)
		return r.act(session.Action{Kind: session.ActAway, Flag: me == nil || !me.Away}), true
	case key.Matches(k, km.Follow):
		r.follow, r.viewing, r.scroll = true, r.st.Current, 0
	case key.Matches(k, km.Browse):
		if k.String() == "left" {
			r.viewing = max(r.viewing-1, 0)
		} else {
			r.viewing = min(r.viewing+1, len(r.st.Items)-1)
		}
		r.follow, r.scroll = r.viewing == r.st.Current, 0
		return r.loadHistory(), true
	default:
		return nil, false
	}
	return nil, true
}

// leadKey handles the leaders' keys (disabled for everyone else).
func (r *Screen) leadKey(km KeyMap, k tea.KeyPressMsg) tea.Cmd {
	act := func(kind session.ActionKind) tea.Cmd { return r.act(session.Action{Kind: kind}) }
	switch {
	case key.Matches(k, km.Next):
		return act(session.ActNext)
	case key.Matches(k, km.Back):
		return act(session.ActBack)
	case key.Matches(k, km.Timer):
		return act(session.ActTimer)
	case key.Matches(k, km.AddMinute):
		return act(session.ActAddMinute)
	case key.Matches(k, km.Round):
		return act(session.ActRound)
	case key.Matches(k, km.GiveWord):
		return act(session.ActGiveWord)
	case key.Matches(k, km.TakeWord):
		return act(session.ActEndWord)
	case key.Matches(k, km.PassFor):
		return r.act(session.Action{Kind: session.ActPass, Person: r.st.Round.Speaking()})
	case key.Matches(k, km.TakeLead):
		return act(session.ActTakeLead)
	case key.Matches(k, km.Reveal):
		if it := r.st.CurrentItem(); it != nil && it.Kind == session.KindWriting && !r.st.IsRevealed(it.ID) {
			r.mode, r.confirm = confirmReveal, r.revealQuestion()
			return nil
		}
		return act(session.ActReveal)
	case key.Matches(k, km.Handoff):
		if len(r.handoffChoices()) > 0 {
			r.handoff, r.mode = 1, handingOff
		}
	case key.Matches(k, km.End):
		r.mode, r.confirm = confirmEnd, r.endQuestion()
	}
	return nil
}

// endQuestion asks whether to end, warning when others still write.
func (r *Screen) endQuestion() *component.Confirm {
	cat := r.C.Cat
	q := cat.T("room.confirm_end")
	if n := r.st.WritingOthers(r.me); n > 0 {
		q = cat.N("room.confirm_end_writing", n)
	}
	id := r.meetingID
	return component.NewConfirm(r.C, q, func() tea.Cmd {
		return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.EndMeeting(ctx, a, id)
		}, func(_ struct{}, err error) tea.Msg { return roomActedMsg{err} })
	})
}

// revealQuestion asks whether to reveal the silent writing.
func (r *Screen) revealQuestion() *component.Confirm {
	return component.NewConfirm(r.C, r.C.Cat.T("room.confirm_reveal"), func() tea.Cmd {
		return r.act(session.Action{Kind: session.ActReveal})
	})
}

// askAssessment loads the group's self-assessment to open it.
func (r *Screen) askAssessment() tea.Cmd {
	if f := r.shelved; f != nil {
		r.shelved = nil
		return r.openForm(f, "assessment")
	}
	if !slices.ContainsFunc(r.st.Items, func(it session.AgendaItem) bool { return it.Kind == session.KindAssessment }) {
		return r.setStatus(false, r.C.Cat.T("err.no_assessment"))
	}
	gid := r.st.GroupID
	return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) ([]string, error) {
		return svc.AssessmentItems(ctx, a, gid)
	}, func(items []string, err error) tea.Msg { return assessmentItemsMsg{items, err} })
}

// openWriter opens the reflection pane for the current item.
func (r *Screen) openWriter() tea.Cmd {
	it := r.st.CurrentItem()
	if it == nil {
		return nil
	}
	item := *it
	r.writerItem, r.reveal, r.editing = &item, true, 0
	r.writer = writer.New(session.MeetingDraftKey(r.meetingID, it.ID), 6)
	r.mode = writing
	// Until the reveal, one's submitted text opens to be edited.
	if mine := r.mine[it.ID]; mine != nil && it.Kind == session.KindWriting && !r.st.IsRevealed(it.ID) {
		r.editing, r.reveal = mine.ID, mine.Reveal
		r.writer.SetValue(mine.Body)
	}
	return tea.Batch(r.writer.Open(r.C), r.setWriting(true))
}

// closeWriter closes the reflection pane.
func (r *Screen) closeWriter() {
	r.writer, r.writerItem = nil, nil
	if r.mode == writing {
		r.mode = browsing
	}
}

// page is how far pgup and pgdown scroll the discussion.
func (r *Screen) page() int { return 5 }
