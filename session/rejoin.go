package session

import (
	"context"
	"time"
)

// ReturnWindow is how long after a dropped connection a plain `ssh HOST`
// lands the person back in the live room they were in. Someone who left
// the room themselves (esc or q) or quit piiri (ctrl+c) is not brought
// back; a connection that ends on its own is what this is for: a phone
// losing its network, a laptop lid closed, a node stopping.
const ReturnWindow = 15 * time.Minute

// NoteDropped records that the actor's session ended by itself while they
// were in a meeting's live room, so that their next connection can land
// there again (see ReturnRoom). It is stored, not kept in this node's
// memory: behind a balancer the next connection may reach another node.
// Only a member of the room's group may, and only while the room is live.
func (s *Service) NoteDropped(ctx context.Context, a Actor, meetingID int64) (err error) {
	defer s.logChange(ctx, "NoteDropped", &err, "meeting", meetingID)
	if _, _, err := s.liveRoom(ctx, a, meetingID); err != nil {
		return err
	}
	now := s.Now()
	return s.store.NoteDropped(ctx, a.Person.ID, meetingID, now, now.Add(-ReturnWindow))
}

// ReturnRoom returns the live meeting whose room the actor's last session
// dropped out of within ReturnWindow, or 0. It answers once: the entry is
// used up whether or not the room is still live.
func (s *Service) ReturnRoom(ctx context.Context, a Actor) (_ int64, err error) {
	defer s.logRead(ctx, "ReturnRoom", &err)
	if !a.Known() {
		return 0, forbidden(a)
	}
	meetingID, err := s.store.TakeDropped(ctx, a.Person.ID, s.Now().Add(-ReturnWindow))
	if err != nil || meetingID == 0 {
		return 0, err
	}
	switch _, _, err := s.liveRoom(ctx, a, meetingID); ErrorCode(err) {
	case "":
		return meetingID, nil
	case EConflict, ENotFound, EForbidden:
		return 0, nil // ended since, or no longer their group's
	default:
		return 0, err
	}
}
