package tui

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
)

// statusFade is how long a ✓/✗ line stays: long enough to read, never
// minutes.
const statusFade = 5 * time.Second

// roomStatusMsg fades the status line it was set with (by sequence
// number), so an old tick never clears a newer status.
type roomStatusMsg struct {
	meetingID int64
	seq       int
}

type roomHistoryMsg struct {
	itemID int64
	msgs   []session.Message
	err    error
}

type roomMineMsg struct {
	rs  []session.Reflection
	err error
}

// setStatus shows a ✓ (ok) or ✗ line and fades it after statusFade.
func (r *roomScreen) setStatus(ok bool, text string) tea.Cmd {
	r.statusSeq++
	r.status, r.statusOK = text, ok
	seq, id := r.statusSeq, r.meetingID
	return tea.Tick(statusFade, func(time.Time) tea.Msg { return roomStatusMsg{id, seq} })
}

// send puts the typed text into the discussion. The input keeps it until
// the room has stored it: a refused message stays, with the reason shown.
func (r *roomScreen) send(m *App) tea.Cmd {
	if strings.TrimSpace(r.input.Value()) == "" {
		return nil // nothing to send: enter on an empty line does nothing
	}
	if r.sending {
		// A fast typist's next message: sent when the first is stored.
		r.sendNext = true
		return nil
	}
	r.sending = true
	text, id := r.input.Value(), r.meetingID
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.Act(ctx, a, id, session.Action{Kind: session.ActSay, Text: text})
	}, func(_ struct{}, err error) tea.Msg { return roomSaidMsg{text, err} })
}

// said handles the room's answer to a message sent.
func (r *roomScreen) said(m *App, msg roomSaidMsg) tea.Cmd {
	r.sending = false
	next := r.sendNext
	r.sendNext = false
	if msg.err != nil {
		return r.setStatus(false, m.cat.Err(msg.err))
	}
	// What was typed while it was on its way stays; the sent text goes.
	// The input stays open, as a chat box does: keys typed right after
	// enter are the next message, never room commands.
	rest, ok := strings.CutPrefix(r.input.Value(), msg.text)
	if ok {
		r.input.SetValue(rest)
	}
	// The message went to the meeting's current item: show it there, so
	// it never vanishes from the sender's view.
	if r.st != nil {
		r.follow, r.viewing, r.scroll = true, r.st.Current, 0
	}
	if r.typing && r.input.Value() != "" {
		if next && ok {
			return r.send(m) // enter was pressed again while this one went
		}
		return nil // still writing the rest
	}
	// An empty input is not writing: the ✎ comes back with the next key.
	r.quiet = r.typing
	return m.setWriting(r, false)
}

// typed tells the room the person writes again after a message was sent.
func (r *roomScreen) typed(m *App) tea.Cmd {
	if !r.quiet || r.input.Value() == "" {
		return nil
	}
	r.quiet = false
	return m.setWriting(r, true)
}

// page is how far pgup and pgdown scroll the discussion.
func (r *roomScreen) page() int { return 5 }

// loadHistory loads the whole discussion of the item being viewed, once.
func (r *roomScreen) loadHistory(m *App) tea.Cmd {
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
	id := r.meetingID
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Message, error) {
		return svc.ItemMessages(ctx, a, id, item)
	}, func(msgs []session.Message, err error) tea.Msg { return roomHistoryMsg{item, msgs, err} })
}

func (r *roomScreen) gotHistory(m *App, msg roomHistoryMsg) tea.Cmd {
	if msg.err != nil {
		delete(r.histLoaded, msg.itemID) // try again when the item is looked at again
		return r.setStatus(false, m.cat.Err(msg.err))
	}
	before := r.itemMessages(msg.itemID)
	r.history[msg.itemID] = msg.msgs
	r.keepMessages()
	// A new item's empty history, or one the state already carried
	// whole, shows nothing new: no second redraw for everyone in the
	// room after each advance.
	if sameMessages(before, r.itemMessages(msg.itemID)) {
		m.unchanged = true
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
func (r *roomScreen) keepMessages() {
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
func (r *roomScreen) itemMessages(itemID int64) []session.Message {
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
func (r *roomScreen) loadMine(m *App) tea.Cmd {
	id, me := r.meetingID, r.me
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Reflection, error) {
		return svc.Reflections(ctx, a, session.ReflectionFilter{MeetingID: id, AuthorID: me, Limit: session.MaxPageSize})
	}, func(rs []session.Reflection, err error) tea.Msg { return roomMineMsg{rs, err} })
}

// keepMine remembers the newest text the person wrote for an item.
func (r *roomScreen) keepMine(ref *session.Reflection) {
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
func (r *roomScreen) saveEdit(m *App, body, key string, reveal bool) tea.Cmd {
	id := r.editing
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
		ref, err := svc.EditWriting(ctx, a, id, body, reveal)
		if err == nil {
			_ = svc.SaveDraft(ctx, a, key, "")
		}
		return ref, err
	}, func(ref *session.Reflection, err error) tea.Msg { return reflectionSavedMsg{ref, err} })
}
