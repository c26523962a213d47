package session

import "context"

// MaxItemHistory is the most messages of one item a room's screen loads:
// enough for any real discussion, bounded for anyone who asks.
const MaxItemHistory = 1000

// ItemMessages returns the discussion held under one agenda item of a
// meeting, oldest first, at most the newest MaxItemHistory. The room's
// state carries only recent messages; this is the rest, for scrolling back
// and for late joiners. The group's members may read it.
func (s *Service) ItemMessages(ctx context.Context, a Actor, meetingID, itemID int64) (_ []Message, err error) {
	defer s.logRead(ctx, "ItemMessages", &err, "meeting", meetingID, "item", itemID)
	if _, err := s.meetingOf(ctx, a, meetingID, false); err != nil {
		return nil, err
	}
	all, err := s.store.RoomMessages(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, m := range all {
		if m.ItemID == itemID {
			out = append(out, m)
		}
	}
	if len(out) > MaxItemHistory {
		out = out[len(out)-MaxItemHistory:]
	}
	return out, nil
}

// MsgWritingRevealed: a silent-writing text cannot change once revealed.
const MsgWritingRevealed = "err.writing_revealed"

// EditWriting changes the text its author submitted in a live meeting's
// silent-writing item, and whether the reveal may show it, until the
// facilitator reveals the item. Only the author may; to anyone else the
// text does not exist.
func (s *Service) EditWriting(ctx context.Context, a Actor, id int64, body string, reveal bool) (_ *Reflection, err error) {
	defer s.logChange(ctx, "EditWriting", &err, "reflection", id)
	if !a.Known() {
		return nil, forbidden(a)
	}
	r, err := s.store.ReflectionByID(ctx, id)
	if ErrorCode(err) == ENotFound || (err == nil && r.AuthorID != a.Person.ID) {
		return nil, Errorf(ENotFound, MsgReflectionNotFound)
	} else if err != nil {
		return nil, err
	}
	if body, err = cleanBody(body); err != nil {
		return nil, err
	}
	if body == "" {
		return nil, Errorf(EInvalid, MsgReflectionEmpty)
	}
	room := s.hub.room(r.MeetingID)
	if r.MeetingID == 0 || r.ItemID == 0 || room == nil {
		return nil, Errorf(EConflict, MsgRoomNotLive)
	}
	// Removed means removed: an author no longer in the group cannot
	// change what its reveal will show.
	if _, err := s.meetingOf(ctx, a, r.MeetingID, false); err != nil {
		return nil, Errorf(ENotFound, MsgReflectionNotFound)
	}
	// Under the room's lock: a reveal loads the texts under it too, so an
	// edit is either in the reveal or refused.
	room.mu.Lock()
	defer room.mu.Unlock()
	if room.state.Ended {
		return nil, Errorf(EConflict, MsgRoomNotLive)
	}
	if room.state.IsRevealed(r.ItemID) {
		return nil, Errorf(EConflict, MsgWritingRevealed)
	}
	r.Body, r.Reveal, r.UpdatedAt = body, reveal, s.now()
	if err := s.store.UpdateWriting(ctx, r.ID, body, reveal, r.UpdatedAt); err != nil {
		return nil, err
	}
	return r, nil
}

// RecentMessages is how many messages a room's state carries; a screen
// that missed more than these between two states loads the history again.
const RecentMessages = recentMessages
