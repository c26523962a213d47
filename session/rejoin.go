package session

import (
	"context"
	"sync"
	"time"
)

// ReturnWindow is how long after a dropped connection a plain `ssh HOST`
// lands the person back in the live room they were in. Someone who left
// the room themselves (esc or q) or quit piiri (ctrl+c) is not brought
// back; a connection that ends on its own is what this is for: a phone
// losing its network, a laptop lid closed.
const ReturnWindow = 15 * time.Minute

// roomReturns remembers, per person, the live room their last session was
// in when it dropped. It is kept in memory: after a restart the rooms go
// on, but people land on their home screen, where the live meeting shows
// at the top.
type roomReturns struct {
	mu       sync.Mutex
	byPerson map[int64]roomReturn
}

type roomReturn struct {
	meetingID int64
	at        time.Time
}

func newRoomReturns() *roomReturns { return &roomReturns{byPerson: map[int64]roomReturn{}} }

func (r *roomReturns) set(personID, meetingID int64, at time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byPerson[personID] = roomReturn{meetingID, at}
}

// take removes and returns the person's entry.
func (r *roomReturns) take(personID int64) (roomReturn, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rr, ok := r.byPerson[personID]
	delete(r.byPerson, personID)
	return rr, ok
}

// prune drops entries older than the window, so that the map holds at
// most the people who dropped in the last ReturnWindow.
func (r *roomReturns) prune(now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, rr := range r.byPerson {
		if now.Sub(rr.at) > ReturnWindow {
			delete(r.byPerson, id)
		}
	}
}

// NoteDropped records that the actor's session ended by itself while they
// were in a meeting's live room, so that their next connection can land
// there again (see ReturnRoom). Only a member of the room's group may,
// and only while the room is live.
func (s *Service) NoteDropped(ctx context.Context, a Actor, meetingID int64) (err error) {
	defer s.logRead(ctx, "NoteDropped", &err, "meeting", meetingID)
	if _, _, err := s.liveRoom(ctx, a, meetingID); err != nil {
		return err
	}
	now := s.Now()
	s.returns.prune(now)
	s.returns.set(a.Person.ID, meetingID, now)
	return nil
}

// ReturnRoom returns the live meeting whose room the actor's last session
// dropped out of within ReturnWindow, or 0. It answers once: the entry is
// used up whether or not the room is still live.
func (s *Service) ReturnRoom(ctx context.Context, a Actor) (_ int64, err error) {
	defer s.logRead(ctx, "ReturnRoom", &err)
	if !a.Known() {
		return 0, forbidden(a)
	}
	rr, ok := s.returns.take(a.Person.ID)
	if !ok || s.Now().Sub(rr.at) > ReturnWindow {
		return 0, nil
	}
	switch _, _, err := s.liveRoom(ctx, a, rr.meetingID); ErrorCode(err) {
	case "":
		return rr.meetingID, nil
	case EConflict, ENotFound, EForbidden:
		return 0, nil // ended since, or no longer their group's
	default:
		return 0, err
	}
}
