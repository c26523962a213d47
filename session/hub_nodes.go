package session

import (
	"context"
	"math/rand/v2"
	"time"
)

// Several nodes on one database. Every change to a room is stored with the
// version it follows (SaveRoom refuses a state whose predecessor is not
// the stored one, MsgRoomChanged); on PostgreSQL the same transaction
// notifies the other nodes, which call RoomChanged. A node that lost its
// notifications for a while calls ReloadRooms.

// MsgRoomChanged: another node stored a newer state of the room first.
const MsgRoomChanged = "err.room_changed"

// roomRetries is how often a change that lost the race to another node is
// applied again to the newer state: ten people arriving in one room
// through two nodes at once lost a join with 3.
const roomRetries = 10

// RoomChanged hands the stored state of a live room to this node's
// sessions once, when it is newer than the one they have (version 0: look
// anyway). A meeting started on another node opens here; one that ended
// there closes. Only the operator (the node itself) may.
func (s *Service) RoomChanged(ctx context.Context, a Actor, meetingID, version int64) error {
	if !a.operator {
		return forbidden(a)
	}
	r := s.hub.room(meetingID)
	if r == nil {
		m, err := s.store.MeetingByID(ctx, meetingID)
		if err != nil || m.State != MeetingLive {
			return err
		}
		s.openStored(ctx, meetingID)
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if version != 0 && version <= r.state.Version {
		return nil // this node wrote it, or already has it
	}
	if err := s.reload(ctx, r); err != nil {
		return err
	}
	if r.state.Ended {
		s.hub.close(meetingID)
	}
	return nil
}

// ReloadRooms is RoomChanged for every room this node holds and every
// meeting that is live: after the node's notifications were cut off, it
// cannot know what it missed.
func (s *Service) ReloadRooms(ctx context.Context, a Actor) error {
	if !a.operator {
		return forbidden(a)
	}
	rooms, err := s.store.LiveRooms(ctx)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, st := range rooms {
		seen[st.MeetingID] = true
		if err := s.RoomChanged(ctx, a, st.MeetingID, 0); err != nil {
			return err
		}
	}
	s.hub.mu.Lock()
	var gone []int64
	for id := range s.hub.rooms {
		if !seen[id] {
			gone = append(gone, id)
		}
	}
	s.hub.mu.Unlock()
	for _, id := range gone { // ended elsewhere meanwhile
		if err := s.RoomChanged(ctx, a, id, 0); err != nil {
			return err
		}
	}
	return nil
}

// WaitLeft waits until every room session that has ended has stored its
// leaving, or ctx ends: a node stopping for maintenance calls it before
// closing its store, so that the other nodes do not go on showing its
// people as here.
func (s *Service) WaitLeft(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.leaving.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		// The caller is stopping anyway: say so here, once.
		s.logger(ctx).Warn("stopping before every departure was stored", "err", ctx.Err())
		return ctx.Err()
	}
}

// openStored opens a live room from its stored state (nil when there is
// none, or it has ended): a meeting another node started.
func (s *Service) openStored(ctx context.Context, meetingID int64) *liveRoom {
	st, err := s.store.RoomState(ctx, meetingID)
	if err != nil {
		if ErrorCode(err) != ENotFound {
			s.logger(ctx).Error("open stored room", "meeting", meetingID, "err", err)
		}
		return nil
	}
	if st.Ended {
		return nil
	}
	return s.hub.open(st)
}

// reload replaces the room's state with the stored one, if newer, and
// publishes it. The caller holds r.mu.
func (s *Service) reload(ctx context.Context, r *liveRoom) error {
	st, err := s.store.RoomState(ctx, r.state.MeetingID)
	if err != nil {
		return err
	}
	if st.Version > r.state.Version {
		r.state = st
		r.publish()
	}
	return nil
}

// lostRace reports a SaveRoom refused because another node stored a newer
// state first.
func lostRace(err error) bool {
	e := AsError(err)
	return e.Code == EConflict && e.Message == MsgRoomChanged
}

// changeAgain is change's retry after lostRace: the newer state is loaded
// and fn applied to it. The caller holds r.mu.
func (s *Service) changeAgain(ctx context.Context, r *liveRoom, try func() error) error {
	var err error
	for i := 0; i < roomRetries; i++ {
		if err = s.reload(ctx, r); err != nil {
			return err
		}
		if err = try(); !lostRace(err) {
			return err
		}
		time.Sleep(raceBackoff(i))
	}
	return err
}

// raceBackoff is the wait before try i+2 of a room change that lost the
// race: doubling from 5 ms up to 200 ms, a random part of it, so that the
// nodes that collided do not collide again in step.
func raceBackoff(i int) time.Duration {
	d := min(5*time.Millisecond<<min(i, 6), 200*time.Millisecond)
	return d/2 + rand.N(d/2)
}
