package session

import (
	"slices"
	"time"
)

// ActionKind is something someone does in a live room.
type ActionKind string

const (
	ActNext      ActionKind = "next"       // leader: next item
	ActBack      ActionKind = "back"       // leader: back one item (undo an accidental advance)
	ActTimer     ActionKind = "timer"      // leader: start or pause the timer
	ActAddMinute ActionKind = "add_minute" // leader: one more minute
	ActRound     ActionKind = "round"      // leader: start a round with who is present
	ActTurn      ActionKind = "turn"       // the speaker or a leader: the turn goes on
	ActPass      ActionKind = "pass"       // the speaker, or a leader naming them (Person): pass without speaking
	ActHand      ActionKind = "hand"       // anyone: raise or lower one's hand
	ActGiveWord  ActionKind = "give_word"  // leader: give the word to the first raised hand (or Person)
	ActEndWord   ActionKind = "end_word"   // who has the word: done; a leader: take the word back
	ActSay       ActionKind = "say"        // anyone: a discussion message
	ActReveal    ActionKind = "reveal"     // leader: reveal the silent writing of the current item
	ActHandoff   ActionKind = "handoff"    // leader: let Person drive the meeting
	ActTakeLead  ActionKind = "take_lead"  // the group's leader: drive the meeting again
	ActAway      ActionKind = "away"       // anyone: mark oneself away or back (Flag)
	ActWriting   ActionKind = "writing"    // anyone: show that one is writing (Flag)
)

// Action is one thing done in a room.
type Action struct {
	Kind   ActionKind
	Person int64  // for give_word, handoff, and a leader's pass for the speaker
	Text   string // for say
	Flag   bool   // for away and writing
}

// leaderActions may only be done by people who drive the meeting.
var leaderActions = []ActionKind{ActNext, ActBack, ActTimer, ActAddMinute, ActRound, ActGiveWord, ActReveal, ActHandoff}

// apply changes the state for an action by actor at now. It checks the
// actor's rights in the room and returns an error without changing
// anything when the action is not allowed or makes no sense now.
func (s *RoomState) apply(actor int64, act Action, now time.Time) error {
	if s.Ended {
		return Errorf(EConflict, MsgMeetingEnded)
	}
	// Only people in the room act: someone who has left, leader or not,
	// comes back first.
	me := s.Person(actor)
	if me == nil || !me.Here() {
		return Errorf(EForbidden, MsgForbidden)
	}
	if slices.Contains(leaderActions, act.Kind) && !s.Leads(actor) {
		return Errorf(EForbidden, MsgForbidden)
	}
	switch act.Kind {
	case ActNext:
		if s.Current+1 >= len(s.Items) {
			return Errorf(EInvalid, MsgRoomLastItem)
		}
		s.goTo(s.Current+1, now)
	case ActBack:
		if s.Current == 0 {
			return Errorf(EInvalid, MsgRoomFirstItem)
		}
		s.goTo(s.Current-1, now)
	case ActTimer:
		s.setTimer(s.Timer.Left(now), !s.Timer.Running, now)
	case ActAddMinute:
		s.setTimer(s.Timer.Left(now)+time.Minute, s.Timer.Running, now)
	case ActRound:
		it := s.CurrentItem()
		if it == nil {
			return Errorf(EInvalid, MsgRoomNobodyHere)
		}
		var order []int64
		for _, p := range s.People {
			if p.Here() && !p.Away {
				order = append(order, p.PersonID)
			}
		}
		if len(order) == 0 {
			// Refused before anything changes: the open round stays.
			return Errorf(EInvalid, MsgRoomNobodyHere)
		}
		s.finishRound()
		s.Round = &Round{ItemID: it.ID, Order: order}
	case ActTurn, ActPass:
		// The speaker ends their own turn; a leader may end it for them,
		// or mark that they pass.
		r := s.Round
		if r == nil || r.Speaking() == 0 {
			return Errorf(EInvalid, MsgRoomNoRound)
		}
		// A leader passing for someone names them, so that a pass meant
		// for one speaker never lands on the next.
		mine := actor == r.Speaking()
		forThem := s.Leads(actor) && (act.Kind == ActTurn || act.Person == r.Speaking())
		if !mine && !forThem {
			return Errorf(EForbidden, MsgRoomNotYourTurn)
		}
		s.endTurn(act.Kind == ActPass)
	case ActHand:
		if i := slices.Index(s.Hands, actor); i >= 0 {
			s.Hands = slices.Delete(s.Hands, i, i+1)
		} else {
			s.Hands = append(s.Hands, actor)
		}
	case ActGiveWord:
		who := act.Person
		if who == 0 && len(s.Hands) > 0 {
			who = s.Hands[0]
		}
		if who == 0 || s.Person(who) == nil {
			return Errorf(EInvalid, MsgRoomNoHands)
		}
		if i := slices.Index(s.Hands, who); i >= 0 {
			s.Hands = slices.Delete(s.Hands, i, i+1)
		}
		s.Speaker = who
	case ActEndWord:
		if s.Speaker == 0 {
			return Errorf(EInvalid, MsgRoomNoWord)
		}
		if actor != s.Speaker && !s.Leads(actor) {
			return Errorf(EForbidden, MsgForbidden)
		}
		s.Speaker = 0
	case ActReveal:
		it := s.CurrentItem()
		if it == nil || it.Kind != KindWriting {
			return Errorf(EInvalid, MsgRoomNotWriting)
		}
		if !s.IsRevealed(it.ID) {
			s.Revealed = append(s.Revealed, it.ID)
		}
	case ActHandoff:
		p := s.Person(act.Person)
		switch {
		case p == nil || !p.Here():
			return Errorf(EInvalid, MsgRoomNotHere)
		case p.PersonID == actor:
			return Errorf(EInvalid, MsgRoomHandoffSelf)
		}
		s.Driver, s.DriverName = p.PersonID, p.Name
	case ActTakeLead:
		// The group's own leaders take the meeting back from whoever
		// drives; someone handed it hands it on instead.
		if !slices.Contains(s.Leaders, actor) {
			return Errorf(EForbidden, MsgForbidden)
		}
		s.Driver, s.DriverName = actor, me.Name
	case ActAway:
		me.Away = act.Flag
	case ActWriting:
		me.Writing = act.Flag
	case ActSay:
		// The message itself is added by the Service, which stores it.
	default:
		return Errorf(EInvalid, MsgInternal)
	}
	return nil
}

// arrive counts a session of a member in.
func (s *RoomState) arrive(p Presence, now time.Time) {
	if me := s.Person(p.PersonID); me != nil {
		me.Sessions++
		me.Away = false
		me.Name = p.Name // as it is now: they may have renamed since
		return
	}
	p.Sessions, p.JoinedAt = 1, now
	s.People = append(s.People, p)
}

// depart counts a session out; the last one leaving lowers the hand. A
// leader who drops keeps the right to drive.
func (s *RoomState) depart(personID int64) {
	me := s.Person(personID)
	if me == nil || me.Sessions == 0 {
		return
	}
	me.Sessions--
	if me.Sessions == 0 {
		me.Writing = false
		// Nobody keeps the word they cannot use.
		if s.Speaker == personID {
			s.Speaker = 0
		}
		if i := slices.Index(s.Hands, personID); i >= 0 {
			s.Hands = slices.Delete(s.Hands, i, i+1)
		}
	}
}

// addMessage appends a discussion message, keeping the recent ones.
func (s *RoomState) addMessage(m Message) {
	s.Messages = append(s.Messages, m)
	if n := len(s.Messages); n > recentMessages {
		s.Messages = slices.Clone(s.Messages[n-recentMessages:])
		s.MessagesWhole = false
	}
}
