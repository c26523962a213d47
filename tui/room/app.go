package room

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

// What the room asks of the app around it (leaving, going home, keeping
// the last view) and what the app asks of the room (drafts to save, the
// idle check, the drop note, drawing to size).

func (r *Screen) leave() tea.Cmd {
	r.closed = true
	if r.cancel != nil {
		r.cancel()
	}
	return r.C.Nav.Pop()
}

// homer is a navigator that can go back to the home screen with a notice,
// leaving every screen under the room.
type homer interface{ Home(notice string) tea.Cmd }

// removed takes someone the group no longer has out of the room, to home:
// every screen under the room belongs to the group.
func (r *Screen) removed() tea.Cmd {
	r.closed = true
	r.cancel()
	name := ""
	if r.st != nil {
		name = r.st.GroupName
	}
	if h, ok := r.C.Nav.(homer); ok {
		return h.Home(r.C.Cat.T("room.removed", name))
	}
	return r.C.Nav.Pop()
}

// unchanged tells the app that the message just handled changed nothing
// on screen, so the last view stands.
func (r *Screen) unchanged() {
	if u, ok := r.C.Nav.(interface{ Unchanged() }); ok {
		u.Unchanged()
	}
}

// Flush saves an open draft: the session is ending.
func (r *Screen) Flush() {
	r.gen++
	if r.writer != nil {
		r.writer.Flush(r.C)
	}
	// The message line's unsent text, for the return (see sayDraftMsg).
	if !r.input.empty() && r.DroppedFrom() != 0 {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.C.Ctx), 5*time.Second)
		defer cancel()
		_ = r.C.Service.SaveDraft(ctx, r.C.Actor, session.SayDraftKey(r.meetingID), r.input.value()) // the Service logs a failure
	}
}

// sayDraftMsg is the message line kept when the last session dropped.
type sayDraftMsg struct{ text string }

// loadSayDraft asks for the message line a dropped session left; it is
// deleted once it is back in the line (restoreSay).
func (r *Screen) loadSayDraft() tea.Cmd {
	key := session.SayDraftKey(r.meetingID)
	return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (string, error) {
		return svc.Draft(ctx, a, key)
	}, func(text string, _ error) tea.Msg { return sayDraftMsg{text} }) // on an error the line starts empty
}

// gotSayDraft keeps the text for the line until the room's first state
// is in.
func (r *Screen) gotSayDraft(msg sayDraftMsg) tea.Cmd {
	r.sayDraft = msg.text
	return r.restoreSay()
}

// restoreSay opens the message line with the kept text, unless the
// person has started another.
func (r *Screen) restoreSay() tea.Cmd {
	if strings.TrimSpace(r.sayDraft) == "" || r.st == nil {
		return nil
	}
	text := r.sayDraft
	r.sayDraft = ""
	if !r.input.empty() || r.mode != browsing || r.st.Ended {
		return nil
	}
	r.input.line.SetValue(text)
	r.input.line.CursorEnd()
	r.mode = typing
	key := session.SayDraftKey(r.meetingID)
	taken := component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.SaveDraft(ctx, a, key, "") // it is in the line now
	}, func(struct{}, error) tea.Msg { return nil })
	return tea.Batch(r.input.open(), r.setWriting(true), taken)
}

// KeepsAlive: a person in a live room is not idle, even without a key.
func (r *Screen) KeepsAlive() bool { return true }

// Exact: the live room's view is drawn to the size it is given.
func (r *Screen) Exact() bool { return r.st != nil && !r.st.Ended && r.evalForm == nil }

// DroppedFrom is the live meeting the person is still in, if the session
// ends now without leaving it; 0 otherwise.
func (r *Screen) DroppedFrom() int64 {
	if r.closed || r.sub == nil || (r.st != nil && r.st.Ended) {
		return 0
	}
	return r.meetingID
}
