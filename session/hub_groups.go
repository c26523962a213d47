package session

import (
	"context"
	"sync"
	"time"
)

// groupHub wakes the screens that show a group's meetings (home, group,
// meeting page) when those meetings change: one starts, ends, is
// scheduled or its agenda is edited. A wake carries nothing: the screen
// reloads through the Service, which checks the viewer's rights, so a
// wake can never show anyone more than a reload would.
type groupHub struct {
	mu       sync.Mutex
	watchers map[int64]map[*GroupWatch]struct{} // by person
}

func newGroupHub() *groupHub {
	return &groupHub{watchers: map[int64]map[*GroupWatch]struct{}{}}
}

// GroupWatch is one session's wake-up for its person's groups. Like a
// room's mailbox it never blocks the publisher and coalesces: any number
// of changes before the session looks are one wake.
type GroupWatch struct {
	personID int64
	ready    chan struct{}
	done     chan struct{}
}

// Next waits for a change in one of the person's groups. A wake already
// pending is returned at once; otherwise Next returns false when ctx ends
// (the session is gone).
func (w *GroupWatch) Next(ctx context.Context) bool {
	select {
	case <-w.ready:
		return true
	default:
	}
	select {
	case <-ctx.Done():
		return false
	case <-w.done:
		return false
	case <-w.ready:
		return true
	}
}

func (w *GroupWatch) wake() {
	select {
	case w.ready <- struct{}{}:
	default: // a wake is pending already
	}
}

func (h *groupHub) add(w *GroupWatch) {
	h.mu.Lock()
	defer h.mu.Unlock()
	set := h.watchers[w.personID]
	if set == nil {
		set = map[*GroupWatch]struct{}{}
		h.watchers[w.personID] = set
	}
	set[w] = struct{}{}
}

func (h *groupHub) remove(w *GroupWatch) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if set := h.watchers[w.personID]; set != nil {
		delete(set, w)
		if len(set) == 0 {
			delete(h.watchers, w.personID)
		}
	}
	close(w.done)
}

// wake wakes every watch of the given people; it never blocks.
func (h *groupHub) wake(people []int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, id := range people {
		for w := range h.watchers[id] {
			w.wake()
		}
	}
}

func (h *groupHub) empty() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.watchers) == 0
}

// WatchGroups returns a wake-up for changes to the meetings of the
// actor's groups, which lasts until ctx ends. Anyone who has joined may
// watch; only the groups they are a member of at the time of a change
// wake them.
func (s *Service) WatchGroups(ctx context.Context, a Actor) (_ *GroupWatch, err error) {
	defer s.logRead(ctx, "WatchGroups", &err)
	if !a.Known() {
		return nil, forbidden(a)
	}
	w := &GroupWatch{personID: a.Person.ID, ready: make(chan struct{}, 1), done: make(chan struct{})}
	s.groups.add(w)
	context.AfterFunc(ctx, func() { s.groups.remove(w) })
	return w, nil
}

// groupChanged wakes the group's members after a change was stored. The
// members are read at this moment, so someone removed a moment ago is not
// woken. It runs on the caller's goroutine but never waits for a session.
func (s *Service) groupChanged(ctx context.Context, groupID int64) {
	if s.groups.empty() {
		return
	}
	// The change is stored: waking must not fail because the caller's
	// context ends now.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	members, err := s.store.Members(ctx, groupID)
	if err != nil {
		return // the screens still reload on their next visit or r
	}
	people := make([]int64, 0, len(members))
	for _, m := range members {
		people = append(people, m.PersonID)
	}
	s.groups.wake(people)
}

// meetingChanged is groupChanged for the group a meeting belongs to.
func (s *Service) meetingChanged(ctx context.Context, meetingID int64) {
	if s.groups.empty() {
		return
	}
	m, err := s.store.MeetingByID(context.WithoutCancel(ctx), meetingID)
	if err != nil {
		return
	}
	s.groupChanged(ctx, m.GroupID)
}
