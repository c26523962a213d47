package session

import (
	"context"
	"slices"
	"time"
)

// Removed means removed: someone taken out of a group leaves its live
// rooms at once. Their subscriptions end, marked removed (so their screen
// can say why), and the room publishes a state without them.

// dropFromRooms takes a person out of the live rooms of a group, after the
// store has ended their membership. A failure to record the departure is
// logged: the membership is already gone, and their sessions are already
// cut off.
func (s *Service) dropFromRooms(ctx context.Context, groupID, personID int64) {
	ctx, cancel := afterCommit(ctx)
	defer cancel()
	for _, r := range s.hub.roomsOf(groupID) {
		for _, sub := range r.unsubscribe(personID) {
			sub.endRemoved()
		}
		err := s.change(ctx, r, RoomEvent{PersonID: personID, Kind: "remove"}, nil, "", func(st *RoomState, _ time.Time) error {
			if st.Ended || st.Person(personID) == nil {
				return noChange()
			}
			st.drop(personID)
			return nil
		})
		if err != nil && !IsNoChange(err) {
			s.logger(ctx).Error("drop from room", "meeting", r.meetingID(), "person", personID, "err", err)
		}
	}
}

// renameInRooms shows a person's new name in the live rooms they are in,
// so that the list of who is here names them as their messages do (and
// as the look-alike check knew them). A failure is logged: the name is
// saved, and the room shows it on their next arrival.
func (s *Service) renameInRooms(ctx context.Context, personID int64, name string) {
	ctx, cancel := afterCommit(ctx)
	defer cancel()
	for _, r := range s.hub.roomsWith(personID) {
		err := s.change(ctx, r, RoomEvent{PersonID: personID, Kind: "rename"}, nil, "", func(st *RoomState, _ time.Time) error {
			p := st.Person(personID)
			if st.Ended || p == nil || p.Name == name {
				return noChange()
			}
			p.Name = name
			if st.Driver == personID {
				st.DriverName = name
			}
			return nil
		})
		if err != nil && !IsNoChange(err) {
			s.logger(ctx).Error("rename in room", "meeting", r.meetingID(), "person", personID, "err", err)
		}
	}
}

// roomsWith returns the open rooms whose state lists the person.
func (h *Hub) roomsWith(personID int64) []*liveRoom {
	h.mu.Lock()
	rooms := make([]*liveRoom, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	var out []*liveRoom
	for _, r := range rooms {
		r.mu.Lock()
		if r.state.Person(personID) != nil {
			out = append(out, r)
		}
		r.mu.Unlock()
	}
	return out
}

// roomsOf returns the open rooms of a group.
func (h *Hub) roomsOf(groupID int64) []*liveRoom {
	h.mu.Lock()
	rooms := make([]*liveRoom, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	// One lock at a time, as Stats and evictStale take them.
	var out []*liveRoom
	for _, r := range rooms {
		r.mu.Lock()
		if r.state.GroupID == groupID {
			out = append(out, r)
		}
		r.mu.Unlock()
	}
	return out
}

func (r *liveRoom) meetingID() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state.MeetingID
}

// unsubscribe takes all of a person's subscriptions out of the room and
// returns them.
func (r *liveRoom) unsubscribe(personID int64) []*Subscription {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*Subscription
	for sub := range r.subs {
		if sub.PersonID == personID {
			delete(r.subs, sub)
			out = append(out, sub)
		}
	}
	return out
}

// endRemoved ends the subscription because its person was removed.
func (s *Subscription) endRemoved() {
	s.mu.Lock()
	s.removed = true
	s.pending = nil // nothing more reaches them, not even a state in flight
	s.mu.Unlock()
	s.end()
}

// Removed reports whether the subscription ended because its person is
// no longer in the group.
func (s *Subscription) Removed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.removed
}

// drop takes a person out of the room's state: presence, hands, the word,
// the round and the right to drive.
func (s *RoomState) drop(personID int64) {
	s.People = slices.DeleteFunc(s.People, func(p Presence) bool { return p.PersonID == personID })
	s.Hands = slices.DeleteFunc(s.Hands, func(id int64) bool { return id == personID })
	s.Leaders = slices.DeleteFunc(s.Leaders, func(id int64) bool { return id == personID })
	if s.Speaker == personID {
		s.Speaker = 0
	}
	if r := s.Round; r != nil {
		if i := slices.Index(r.Order, personID); i >= 0 {
			r.Order = slices.Delete(r.Order, i, i+1)
			if i < r.Turn {
				r.Turn-- // the same person keeps the turn
			}
		}
		r.Passed = slices.DeleteFunc(r.Passed, func(id int64) bool { return id == personID })
	}
}
