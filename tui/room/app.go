package room

import (
	tea "charm.land/bubbletea/v2"
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
	if r.writer != nil {
		r.writer.Flush(r.C)
	}
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
