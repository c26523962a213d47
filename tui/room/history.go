package room

import (
	"context"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

type roomHistoryMsg struct {
	itemID int64
	msgs   []session.Message
	err    error
}

type roomMineMsg struct {
	rs  []session.Reflection
	err error
}

// loadHistory loads the whole discussion of the item being viewed, once.
func (r *Screen) loadHistory() tea.Cmd {
	if r.st == nil || r.viewing < 0 || r.viewing >= len(r.st.Items) {
		return nil
	}
	item := r.st.Items[r.viewing].ID
	if r.histLoaded[item] {
		return nil
	}
	if r.histLoaded == nil {
		r.histLoaded, r.history = map[int64]bool{}, map[int64][]session.Message{}
	}
	r.histLoaded[item] = true
	if r.st.MessagesWhole {
		// The state carries the whole discussion: nothing to load
		// (keepMessages fills the item's history from the state). On an
		// advance this was every participant's store read at once.
		if _, ok := r.history[item]; !ok {
			r.history[item] = nil
		}
		r.keepMessages()
		return nil
	}
	id := r.meetingID
	return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Message, error) {
		return svc.ItemMessages(ctx, a, id, item)
	}, func(msgs []session.Message, err error) tea.Msg { return roomHistoryMsg{item, msgs, err} })
}

func (r *Screen) gotHistory(msg roomHistoryMsg) tea.Cmd {
	if msg.err != nil {
		delete(r.histLoaded, msg.itemID) // try again when the item is looked at again
		return r.setStatus(false, r.C.Cat.Err(msg.err))
	}
	before := r.itemMessages(msg.itemID)
	r.history[msg.itemID] = msg.msgs
	r.keepMessages()
	// A new item's empty history, or one the state already carried
	// whole, shows nothing new: no second redraw for everyone in the
	// room after each advance.
	if sameMessages(before, r.itemMessages(msg.itemID)) {
		r.unchanged()
	}
	return nil
}

// sameMessages reports whether two discussions show the same.
func sameMessages(a, b []session.Message) bool {
	return slices.EqualFunc(a, b, func(x, y session.Message) bool {
		return x.ID == y.ID && x.Text == y.Text && x.Name == y.Name && x.PersonID == y.PersonID
	})
}

// keepMessages adds the state's new messages to the loaded histories. The
// state carries only the recent ones: a message that scrolls out of it
// while the person is in the room stays here.
func (r *Screen) keepMessages() {
	if r.st == nil || len(r.st.Messages) == 0 {
		return
	}
	msgs := r.st.Messages
	// States are complete, so the mailbox may skip some. When the state
	// is full and begins after the newest message seen, some were never
	// seen here: load the histories again.
	if len(msgs) >= session.RecentMessages && msgs[0].ID > r.seenID && r.seenID != 0 {
		r.history, r.histLoaded = map[int64][]session.Message{}, map[int64]bool{}
	}
	r.seenID = max(r.seenID, msgs[len(msgs)-1].ID)
	for _, msg := range msgs {
		h, ok := r.history[msg.ItemID]
		if !ok {
			continue // not loaded (or still loading): the load brings it
		}
		if n := len(h); n == 0 || msg.ID > h[n-1].ID {
			h = append(h, msg)
			if len(h) > session.MaxItemHistory {
				h = slices.Clone(h[len(h)-session.MaxItemHistory:])
			}
			r.history[msg.ItemID] = h
		}
	}
}

// itemMessages is an item's discussion: the loaded history and the
// state's recent messages, once each, oldest first.
// It runs on every redraw: the loaded history, up to MaxItemHistory
// messages, is copied only when the state has some to add to it.
// Callers must not change what it returns.
func (r *Screen) itemMessages(itemID int64) []session.Message {
	h := r.history[itemID]
	var last int64
	if n := len(h); n > 0 {
		last = h[n-1].ID
	}
	newer := func(msg session.Message) bool {
		return msg.ItemID == itemID && (msg.ID > last || msg.ID == 0)
	}
	if !slices.ContainsFunc(r.st.Messages, newer) {
		return h
	}
	out := slices.Clip(slices.Clone(h))
	for _, msg := range r.st.Messages {
		if newer(msg) {
			out = append(out, msg)
		}
	}
	return out
}

// loadMine loads what the person has written in this meeting, so a
// silent-writing text they submitted stays in view until the reveal.
func (r *Screen) loadMine() tea.Cmd {
	id, me := r.meetingID, r.me
	return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Reflection, error) {
		return svc.Reflections(ctx, a, session.ReflectionFilter{MeetingID: id, AuthorID: me, Limit: session.MaxPageSize})
	}, func(rs []session.Reflection, err error) tea.Msg { return roomMineMsg{rs, err} })
}

// keepMine remembers the newest text the person wrote for an item.
func (r *Screen) keepMine(ref *session.Reflection) {
	if ref == nil || ref.ItemID == 0 {
		return
	}
	if r.mine == nil {
		r.mine = map[int64]*session.Reflection{}
	}
	if old := r.mine[ref.ItemID]; old == nil || old.ID <= ref.ID {
		c := *ref
		r.mine[ref.ItemID] = &c
	}
}

// saveEdit stores the changed text of one's silent writing; the draft of
// the edit goes once it is stored.
func (r *Screen) saveEdit(body, key string, reveal bool) tea.Cmd {
	id := r.editing
	return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
		ref, err := svc.EditWriting(ctx, a, id, body, reveal)
		if err == nil {
			_ = svc.SaveDraft(ctx, a, key, "")
		}
		return ref, err
	}, func(ref *session.Reflection, err error) tea.Msg { return reflectionSavedMsg{ref, err} })
}
