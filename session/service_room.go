package session

import (
	"context"
	"slices"
	"time"
)

// Discussion rate per person: a burst of 5, then one message every 2 s.
const (
	messageBurst = 5
	messageRate  = 0.5 // per second
)

// liveMeeting loads a meeting the actor belongs to and its open room.
func (s *Service) liveRoom(ctx context.Context, a Actor, meetingID int64) (*liveRoom, *Member, error) {
	m, err := s.meetingOf(ctx, a, meetingID, false)
	if err != nil {
		return nil, nil, err
	}
	me, err := s.member(ctx, a, m.GroupID)
	if err != nil {
		return nil, nil, err
	}
	r := s.hub.room(meetingID)
	if r == nil && m.State == MeetingLive && s.Shared {
		// Started on another node, whose notice is still on its way.
		r = s.openStored(ctx, meetingID)
	}
	if r == nil || m.State != MeetingLive {
		return nil, nil, Errorf(EConflict, MsgRoomNotLive)
	}
	return r, me, nil
}

// change applies fn to a copy of the room's state, stores the result with
// an event and only then publishes it. Nothing is published or kept when
// fn or the store fails.
func (s *Service) change(ctx context.Context, r *liveRoom, ev RoomEvent, msg *Message, meetingState MeetingState,
	fn func(st *RoomState, now time.Time) error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	try := func() error {
		next := r.state.Clone()
		now := s.Now().UTC()
		if err := fn(next, now); err != nil {
			return err
		}
		next.Version++
		ev.MeetingID, ev.Version, ev.At = next.MeetingID, next.Version, now
		var m *Message
		if msg != nil {
			mm := *msg
			mm.At = now
			m = &mm
			// The stored state carries the message too; SaveRoom gives it
			// its id in both places.
			next.addMessage(mm)
		}
		if err := s.store.SaveRoom(ctx, next, ev, m, meetingState); err != nil {
			return err
		}
		if m != nil {
			*msg = *m
		}
		r.state = next
		r.publish()
		return nil
	}
	err := try()
	if lostRace(err) { // another node changed the room first
		err = s.changeAgain(ctx, r, try)
	}
	return err
}

// StartMeeting opens a planned meeting's live room. The group's leaders may.
func (s *Service) StartMeeting(ctx context.Context, a Actor, meetingID int64) (_ *RoomState, err error) {
	defer s.logChange(ctx, "StartMeeting", &err, "meeting", meetingID)
	m, err := s.meetingOf(ctx, a, meetingID, true)
	if err != nil {
		return nil, err
	}
	switch m.State {
	case MeetingEnded:
		return nil, Errorf(EConflict, MsgMeetingAlreadyHeld)
	case MeetingLive:
		return nil, Errorf(EConflict, MsgRoomAlreadyLive)
	}
	items, err := s.store.Agenda(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	g, err := s.store.GroupByID(ctx, m.GroupID)
	if err != nil {
		return nil, err
	}
	members, err := s.store.Members(ctx, m.GroupID)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	st := &RoomState{MeetingID: m.ID, GroupID: m.GroupID, GroupName: g.Name, Title: m.Title, Link: m.Link, Items: items,
		Started: now, Driver: a.Person.ID, DriverName: a.Person.Name, Version: 1,
		MessagesWhole: true} // a planned meeting has no discussion yet
	for _, mem := range members {
		if mem.Role.Leads() {
			st.Leaders = append(st.Leaders, mem.PersonID)
		}
	}
	tasks, err := s.store.Tasks(ctx, m.GroupID, a.Person.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		if t.DueMeetingID == m.ID {
			ts, err := s.taskStatus(ctx, t)
			if err != nil {
				return nil, err
			}
			st.Tasks = append(st.Tasks, ts)
		}
	}
	st.goTo(0, now)
	if err := s.store.SaveRoom(ctx, st, RoomEvent{MeetingID: m.ID, Version: 1, At: now, PersonID: a.Person.ID, Kind: "start"}, nil, MeetingLive); err != nil {
		return nil, err
	}
	s.hub.open(st)
	s.groupChanged(ctx, m.GroupID)
	return st.Clone(), nil
}

// EndMeeting closes a live meeting. Its final state stays as the meeting's
// history and its summary.
func (s *Service) EndMeeting(ctx context.Context, a Actor, meetingID int64) (err error) {
	defer s.logChange(ctx, "EndMeeting", &err, "meeting", meetingID)
	r, _, err := s.liveRoom(ctx, a, meetingID)
	if err != nil {
		return err
	}
	r.mu.Lock()
	leads := r.state.Leads(a.Person.ID)
	r.mu.Unlock()
	if !leads {
		return Errorf(EForbidden, MsgForbidden)
	}
	var absent []int64
	err = s.change(ctx, r, RoomEvent{PersonID: a.Person.ID, Kind: "end"}, nil, MeetingEnded, func(st *RoomState, now time.Time) error {
		st.close(now)
		absent = []int64{}
		for _, p := range st.People {
			if !p.Here() {
				absent = append(absent, p.PersonID)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.hub.close(meetingID)
	s.meetingChanged(ctx, meetingID)
	// What those who had dropped were writing goes to their journal; those
	// still here keep theirs from their own session (KeepMeetingDrafts),
	// which holds the newest text.
	if len(absent) > 0 {
		if _, err := s.store.KeepMeetingDrafts(ctx, meetingID, JournalDraftKey(r.state.GroupID), absent, s.Now()); err != nil {
			s.logChange(ctx, "KeepMeetingDrafts", &err, "meeting", meetingID)
		}
	}
	return nil
}

// KeepMeetingDrafts moves what the actor left unfinished in an ended
// meeting's items to their journal draft on its group, where the journal
// opens it, and reports whether there was any.
func (s *Service) KeepMeetingDrafts(ctx context.Context, a Actor, meetingID int64) (_ bool, err error) {
	defer s.logChange(ctx, "KeepMeetingDrafts", &err, "meeting", meetingID)
	m, err := s.meetingOf(ctx, a, meetingID, false)
	if err != nil {
		return false, err
	}
	if m.State != MeetingEnded {
		return false, Errorf(EConflict, MsgRoomNotEnded)
	}
	moved, err := s.store.KeepMeetingDrafts(ctx, meetingID, JournalDraftKey(m.GroupID), []int64{a.Person.ID}, s.Now())
	return len(moved) > 0, err
}

// JoinRoom enters a live meeting: the actor's presence is stored and
// published, and the returned subscription delivers every new state (the
// current one at once). When ctx ends the actor leaves. evict is called
// if the session cannot keep up.
func (s *Service) JoinRoom(ctx context.Context, a Actor, meetingID int64, evict func()) (_ *Subscription, err error) {
	defer s.logChange(ctx, "JoinRoom", &err, "meeting", meetingID)
	r, me, err := s.liveRoom(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	sub := newSubscription(meetingID, a.Person.ID, evict)
	err = s.change(ctx, r, RoomEvent{PersonID: a.Person.ID, Kind: "join"}, nil, "", func(st *RoomState, now time.Time) error {
		if st.Ended {
			return Errorf(EConflict, MsgRoomNotLive)
		}
		st.arrive(Presence{PersonID: a.Person.ID, Name: a.Person.Name, Role: me.Role}, now)
		return nil
	})
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.subs[sub] = struct{}{}
	sub.put(r.state.Clone(), r.now())
	groupID := r.state.GroupID
	r.mu.Unlock()
	s.leaving.Add(1)
	context.AfterFunc(ctx, func() {
		defer s.leaving.Done()
		s.leaveRoom(ctx, r, sub)
	})
	// A removal that stored itself while this join was on its way has
	// not seen this subscription: look again, now that it is in.
	switch _, err := s.store.Membership(ctx, groupID, a.Person.ID); ErrorCode(err) {
	case ENotFound:
		s.dropFromRooms(ctx, groupID, a.Person.ID)
	case EInternal:
		// The join stands; a removal racing it is caught at their next act.
		s.logger(ctx).Error("recheck membership", "meeting", meetingID, "person", a.Person.ID, "err", err)
	}
	return sub, nil
}

// leaveRoom records the departure, then closes the subscription, so that
// Done means "left": whoever waits on it sees a room without this person.
// ctx is the session's own, which has ended; the departure is stored under
// a fresh deadline with its values (the session's logger) kept.
func (s *Service) leaveRoom(ctx context.Context, r *liveRoom, sub *Subscription) {
	r.mu.Lock()
	delete(r.subs, sub)
	meetingID := r.state.MeetingID
	r.mu.Unlock()
	defer sub.end()
	if sub.Removed() {
		return // dropFromRooms has taken them out of the state
	}
	ctx, cancel := afterCommit(ctx)
	defer cancel()
	err := s.change(ctx, r, RoomEvent{PersonID: sub.PersonID, Kind: "leave"}, nil, "", func(st *RoomState, _ time.Time) error {
		if st.Ended {
			return noChange() // nothing to record: the meeting is over
		}
		st.depart(sub.PersonID)
		return nil
	})
	if err != nil && !IsNoChange(err) {
		s.logChange(ctx, "leaveRoom", &err, "meeting", meetingID, "person", sub.PersonID)
	}
}

// Act does something in a live room: advance, time, rounds, hands,
// discussion. Rights are checked against the room: leaders drive, the
// speaker passes the turn, everyone raises hands and talks.
func (s *Service) Act(ctx context.Context, a Actor, meetingID int64, act Action) (err error) {
	if act.Kind == ActWriting {
		// Typing on and off is presence, not an action worth a line.
		defer s.logRead(ctx, "Act", &err, "meeting", meetingID, "kind", act.Kind)
	} else {
		defer s.logChange(ctx, "Act", &err, "meeting", meetingID, "kind", act.Kind)
	}
	r, _, err := s.liveRoom(ctx, a, meetingID)
	if err != nil {
		return err
	}
	var msg *Message
	if act.Kind == ActSay {
		text := CleanText(act.Text)
		switch {
		case text == "":
			return Errorf(EInvalid, MsgMessageEmpty)
		case RuneCount(text) > MaxMessageLen:
			return Errorf(EInvalid, MsgTextTooLong, MaxMessageLen)
		}
		r.mu.Lock()
		b := r.rate[a.Person.ID]
		if b == nil {
			b = &TokenBucket{}
			r.rate[a.Person.ID] = b
		}
		ok := b.Take(s.Now(), messageRate, messageBurst)
		r.mu.Unlock()
		if !ok {
			return Errorf(ELimit, MsgTooFast)
		}
		msg = &Message{MeetingID: meetingID, PersonID: a.Person.ID, Name: a.Person.Name, Text: text}
	}
	return s.change(ctx, r, RoomEvent{PersonID: a.Person.ID, Kind: string(act.Kind)}, msg, "", func(st *RoomState, now time.Time) error {
		if err := st.apply(a.Person.ID, act, now); err != nil {
			return err
		}
		// A reveal brings the item's texts into the state that everyone
		// gets; until then they are not in it at all. Loaded here, under
		// the room's lock, so they belong to the item being revealed.
		if act.Kind == ActReveal {
			it := st.CurrentItem()
			writings, err := s.revealedWritings(ctx, st, meetingID, it.ID)
			if err != nil {
				return err
			}
			st.setWritings(it.ID, writings)
		}
		if msg != nil {
			if it := st.CurrentItem(); it != nil {
				msg.ItemID = it.ID
			}
		}
		return nil
	})
}

// RestoreRooms reopens every live meeting after a start, at the item and
// timer where it was; nobody is connected yet. Only the operator may.
func (s *Service) RestoreRooms(ctx context.Context, a Actor) (_ int, err error) {
	defer s.logChange(ctx, "RestoreRooms", &err)
	if !a.operator {
		return 0, forbidden(a)
	}
	rooms, err := s.store.LiveRooms(ctx)
	if err != nil {
		return 0, err
	}
	for _, st := range rooms {
		for i := range st.People {
			st.People[i].Sessions = 0
			st.People[i].Writing = false
		}
		st.Hands = nil
		st.Speaker = 0 // nobody is here to use the word
		s.hub.open(st)
	}
	return len(rooms), nil
}

// roomWritten recounts, in a live room, who has submitted a text in an
// item, and brings the item's texts into the state if it is revealed.
// The meeting going on without a room is fine: nothing to count. A
// failure is logged: the text is stored, and the count is right again at
// the item's next text or the room's next start.
func (s *Service) roomWritten(ctx context.Context, meetingID, itemID int64) {
	r := s.hub.room(meetingID)
	if r == nil {
		return
	}
	// The writer's session may end right after saving; the count is for
	// everyone else in the room.
	ctx, cancel := afterCommit(ctx)
	defer cancel()
	err := s.change(ctx, r, RoomEvent{Kind: "written"}, nil, "", func(st *RoomState, _ time.Time) error {
		if st.Ended {
			return noChange()
		}
		n, err := s.store.ItemWriters(ctx, meetingID, itemID)
		if err != nil {
			return err
		}
		if st.Written == nil {
			st.Written = map[int64]int{}
		}
		st.Written[itemID] = n
		if st.IsRevealed(itemID) {
			writings, err := s.revealedWritings(ctx, st, meetingID, itemID)
			if err != nil {
				return err
			}
			st.setWritings(itemID, writings)
		}
		return nil
	})
	if err != nil && !IsNoChange(err) {
		s.logger(ctx).Error("count room writings", "meeting", meetingID, "item", itemID, "err", err)
	}
}

// SetMeetingLink sets or (with "") removes the voice or video call link of
// a meeting that has not ended. The group's leaders may; a live room shows
// the new link at once.
func (s *Service) SetMeetingLink(ctx context.Context, a Actor, meetingID int64, link string) (_ *Meeting, err error) {
	defer s.logChange(ctx, "SetMeetingLink", &err, "meeting", meetingID)
	m, err := s.meetingOf(ctx, a, meetingID, true)
	if err != nil {
		return nil, err
	}
	if m.State == MeetingEnded {
		return nil, Errorf(EConflict, MsgMeetingEnded)
	}
	if link, err = CleanLink(link); err != nil {
		return nil, err
	}
	if err := s.store.SetMeetingLink(ctx, meetingID, link); err != nil {
		return nil, err
	}
	m.Link = link
	if r := s.hub.room(meetingID); r != nil && m.State == MeetingLive {
		err := s.change(ctx, r, RoomEvent{PersonID: a.Person.ID, Kind: "link"}, nil, "", func(st *RoomState, _ time.Time) error {
			st.Link = link
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Hub returns the live rooms' hub, for its counters and watchdog.
func (s *Service) Hub() *Hub { return s.hub }

// Summary is what remains of a meeting that ended.
type Summary struct {
	State    *RoomState
	Actual   map[int64]time.Duration
	Attended []Presence
	Messages []Message
	Tasks    []Task // tasks due at the next meeting
	Ended    time.Time
}

// MeetingSummary returns an ended meeting's summary: agenda with planned
// and actual durations, attendance, rounds, the discussion and the interim
// task. Only the group's members may read it.
func (s *Service) MeetingSummary(ctx context.Context, a Actor, meetingID int64) (_ *Summary, err error) {
	defer s.logRead(ctx, "MeetingSummary", &err, "meeting", meetingID)
	m, err := s.meetingOf(ctx, a, meetingID, false)
	if err != nil {
		return nil, err
	}
	if m.State != MeetingEnded {
		return nil, Errorf(EConflict, MsgRoomNotEnded)
	}
	st, err := s.store.RoomState(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	sum := &Summary{State: st, Actual: st.ActualMinutes(st.EndedAt), Ended: st.EndedAt}
	for _, p := range st.People {
		if !p.JoinedAt.IsZero() {
			sum.Attended = append(sum.Attended, p)
		}
	}
	if sum.Messages, err = s.store.RoomMessages(ctx, meetingID); err != nil {
		return nil, err
	}
	tasks, err := s.store.Tasks(ctx, m.GroupID, a.Person.ID)
	if err != nil {
		return nil, err
	}
	meetings, err := s.store.Meetings(ctx, m.GroupID)
	if err != nil {
		return nil, err
	}
	next := slices.IndexFunc(meetings, func(x Meeting) bool { return x.Number > m.Number })
	for _, t := range tasks {
		// Task times are whole seconds; the room's are finer.
		during := !t.CreatedAt.Before(st.Started.Truncate(time.Second)) && !t.CreatedAt.After(sum.Ended)
		if (next >= 0 && t.DueMeetingID == meetings[next].ID) || during {
			t.MyResponse = ""
			sum.Tasks = append(sum.Tasks, t)
		}
	}
	return sum, nil
}

// Room returns the current state of a live room the actor belongs to.
func (s *Service) Room(ctx context.Context, a Actor, meetingID int64) (_ *RoomState, err error) {
	defer s.logRead(ctx, "Room", &err, "meeting", meetingID)
	r, _, err := s.liveRoom(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state.Clone(), nil
}
