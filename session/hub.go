package session

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Hub holds the live rooms and fans their state out to the sessions in
// them. Publishing never blocks: each subscription is a mailbox that keeps
// only the newest state (states are complete, not deltas), drained by one
// goroutine per session. A session whose mailbox has not drained for
// DrainTimeout is evicted and counted.
type Hub struct {
	mu    sync.Mutex
	rooms map[int64]*liveRoom

	// DrainTimeout is how long a published state may wait in a mailbox.
	DrainTimeout time.Duration
	// Now is the clock mailboxes are timed by; nil is time.Now. A
	// Service's hub follows the Service's Now, so a test that moves one
	// moves both.
	Now       func() time.Time
	evictions atomic.Int64
}

// liveRoom is one room: its current state and who is subscribed. mu
// serialises changes (apply, store, publish) so versions never interleave.
type liveRoom struct {
	mu    sync.Mutex
	state *RoomState
	subs  map[*Subscription]struct{}
	rate  map[int64]*TokenBucket
	now   func() time.Time // the hub's clock
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{rooms: map[int64]*liveRoom{}, DrainTimeout: 30 * time.Second}
}

// now reads the hub's clock.
func (h *Hub) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Hub) room(meetingID int64) *liveRoom {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.rooms[meetingID]
}

// open adds a room, or returns the one already open.
func (h *Hub) open(st *RoomState) *liveRoom {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r, ok := h.rooms[st.MeetingID]; ok {
		return r
	}
	r := &liveRoom{state: st, subs: map[*Subscription]struct{}{}, rate: map[int64]*TokenBucket{}, now: h.now}
	h.rooms[st.MeetingID] = r
	return r
}

// close removes a room; its subscribers keep their last state.
func (h *Hub) close(meetingID int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.rooms, meetingID)
}

// HubStats are the hub's counters.
type HubStats struct {
	Rooms         int
	Subscriptions int
	Evictions     int64
}

// Stats counts rooms, subscriptions and evictions.
func (h *Hub) Stats() HubStats {
	h.mu.Lock()
	rooms := make([]*liveRoom, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	st := HubStats{Rooms: len(rooms), Evictions: h.evictions.Load()}
	for _, r := range rooms {
		r.mu.Lock()
		st.Subscriptions += len(r.subs)
		r.mu.Unlock()
	}
	return st
}

// publish puts the room's state in every subscriber's mailbox. The caller
// holds r.mu.
func (r *liveRoom) publish() {
	st := r.state.Clone()
	now := r.now()
	for sub := range r.subs {
		sub.put(st, now)
	}
}

// Subscription is one session's mailbox for one room.
type Subscription struct {
	PersonID  int64
	MeetingID int64

	mu      sync.Mutex
	pending *RoomState
	since   time.Time // when the oldest undelivered state arrived
	ready   chan struct{}
	done    chan struct{}
	closed  bool
	removed bool // ended because the person left the group (see endRemoved)
	evict   func()
}

func newSubscription(meetingID, personID int64, evict func()) *Subscription {
	return &Subscription{MeetingID: meetingID, PersonID: personID, evict: evict,
		ready: make(chan struct{}, 1), done: make(chan struct{})}
}

// put replaces the pending state; it never blocks.
func (s *Subscription) put(st *RoomState, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.pending = st
	if s.since.IsZero() {
		s.since = now
	}
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

// Next waits for the newest state, or returns nil when the subscription
// ends or ctx does.
func (s *Subscription) Next(ctx context.Context) *RoomState {
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.done:
			return nil
		case <-s.ready:
			s.mu.Lock()
			st := s.pending
			s.pending, s.since = nil, time.Time{}
			s.mu.Unlock()
			if st != nil {
				return st
			}
		}
	}
}

// stale reports whether a state has waited longer than d.
func (s *Subscription) stale(now time.Time, d time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.closed && s.pending != nil && now.Sub(s.since) > d
}

func (s *Subscription) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// Done is closed when the subscription ends.
func (s *Subscription) Done() <-chan struct{} { return s.done }

// Watch evicts subscribers that cannot drain, until ctx ends. It looks
// every so often in real time, and measures the wait by the hub's clock,
// which also timed the mailboxes.
func (h *Hub) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			h.sweep()
		}
	}
}

// sweep evicts, once, the subscribers whose state has waited too long.
func (h *Hub) sweep() { h.evictStale(h.now()) }

func (h *Hub) evictStale(now time.Time) {
	h.mu.Lock()
	rooms := make([]*liveRoom, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	for _, r := range rooms {
		var stale []*Subscription
		r.mu.Lock()
		for sub := range r.subs {
			if sub.stale(now, h.DrainTimeout) {
				stale = append(stale, sub)
				delete(r.subs, sub) // evicted and counted once
			}
		}
		r.mu.Unlock()
		for _, sub := range stale {
			h.evictions.Add(1)
			if sub.evict != nil {
				sub.evict() // closes the session; its context ending unsubscribes it
			}
		}
	}
}
