package session

import (
	"context"
	"time"
)

// NodeSession is one person's room sessions on one node: what a node's
// lease stands for. When the lease runs out (the node was killed, or lost
// the database), the live nodes take those sessions out of the rooms.
type NodeSession struct {
	MeetingID int64
	PersonID  int64
	Sessions  int
}

// NodeStore keeps each node's lease: its room sessions and when it last
// said it was alive.
type NodeStore interface {
	// NodeBeat stores node's sessions as they are now, replacing those it
	// stored before, and renews its lease at at.
	NodeBeat(ctx context.Context, node string, at time.Time, sessions []NodeSession) error
	// ClaimExpiredNodes removes every other node whose lease was last
	// renewed before before and returns their sessions. Two nodes claiming
	// at once get each node's sessions once, not twice.
	ClaimExpiredNodes(ctx context.Context, self string, before time.Time) ([]NodeSession, error)
}

// nodeSessions counts this node's room sessions, per room and person.
// Sessions a removal has already taken out are not counted.
func (s *Service) nodeSessions() []NodeSession {
	s.hub.mu.Lock()
	rooms := make([]*liveRoom, 0, len(s.hub.rooms))
	for _, r := range s.hub.rooms {
		rooms = append(rooms, r)
	}
	s.hub.mu.Unlock()
	var out []NodeSession
	for _, r := range rooms {
		r.mu.Lock()
		count := map[int64]int{}
		for sub := range r.subs {
			if !sub.Removed() {
				count[sub.PersonID]++
			}
		}
		meetingID := r.state.MeetingID
		r.mu.Unlock()
		for person, n := range count {
			out = append(out, NodeSession{MeetingID: meetingID, PersonID: person, Sessions: n})
		}
	}
	return out
}

// NoteStopping is NoteDropped for everyone in a live room on this node:
// the node is stopping, so their sessions end without their choosing, and
// their next connection (to another node behind the balancer, or to this
// one once it is back) lands in the room. Only the operator may.
func (s *Service) NoteStopping(ctx context.Context, a Actor) (err error) {
	defer s.logChange(ctx, "NoteStopping", &err)
	if !a.operator {
		return forbidden(a)
	}
	now := s.Now()
	for _, ns := range s.nodeSessions() {
		if err := s.store.NoteDropped(ctx, ns.PersonID, ns.MeetingID, now, now.Add(-ReturnWindow)); err != nil {
			return err
		}
	}
	return nil
}

// NodeHeartbeat renews this node's lease with its room sessions as they
// are now, then takes the sessions of every node whose lease ran out
// (older than lease) out of the rooms: stored first, then published, with
// the version check of every room change, so the other nodes see those
// people gone. Their next connection lands in the room, as after any
// dropped connection. Only the operator (the node itself) may.
func (s *Service) NodeHeartbeat(ctx context.Context, a Actor, node string, lease time.Duration) (err error) {
	if !a.operator {
		return forbidden(a)
	}
	now := s.Now()
	if err := s.store.NodeBeat(ctx, node, now, s.nodeSessions()); err != nil {
		return err
	}
	gone, err := s.store.ClaimExpiredNodes(ctx, node, now.Add(-lease))
	if err != nil || len(gone) == 0 {
		return err
	}
	defer s.logChange(ctx, "NodeHeartbeat", &err, "gone_sessions", len(gone))
	for _, ns := range gone {
		if err := s.dropNodeSession(ctx, ns, now); err != nil {
			return err
		}
	}
	return nil
}

// dropNodeSession counts a dead node's sessions of one person out of a
// live room and notes the drop for their return.
func (s *Service) dropNodeSession(ctx context.Context, ns NodeSession, now time.Time) error {
	r := s.hub.room(ns.MeetingID)
	if r == nil {
		if r = s.openStored(ctx, ns.MeetingID); r == nil {
			return nil // ended
		}
	}
	err := s.change(ctx, r, RoomEvent{PersonID: ns.PersonID, Kind: "leave"}, nil, "", func(st *RoomState, _ time.Time) error {
		if st.Ended || st.Person(ns.PersonID) == nil {
			return noChange() // ended, or removed meanwhile: nothing to do
		}
		for range ns.Sessions {
			st.depart(ns.PersonID)
		}
		return nil
	})
	switch ErrorCode(err) {
	case "":
	case ENoChange:
		return nil
	case EConflict:
		// Other nodes kept changing the room: the drop is theirs to
		// see; the dead node's other sessions are still taken out.
		s.logger(ctx).Warn("drop node session", "meeting", ns.MeetingID, "person", ns.PersonID, "err", err)
		return nil
	default:
		return err
	}
	return s.store.NoteDropped(ctx, ns.PersonID, ns.MeetingID, now, now.Add(-ReturnWindow))
}
