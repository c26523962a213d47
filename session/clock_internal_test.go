package session

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestHubClockTimesMailboxes: how long a state has waited is measured by
// the hub's clock, from publishing to the watcher's look, so eviction is
// tested by moving the clock.
func TestHubClockTimesMailboxes(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	h := NewHub()
	h.Now = func() time.Time { return now }
	r := h.open(&RoomState{MeetingID: 1})
	var evicted atomic.Int32
	sub := newSubscription(1, 10, func() { evicted.Add(1) })
	r.mu.Lock()
	r.subs[sub] = struct{}{}
	r.publish()
	r.mu.Unlock()

	now = now.Add(h.DrainTimeout)
	h.sweep()
	if evicted.Load() != 0 {
		t.Fatal("evicted when the state had waited only DrainTimeout")
	}
	now = now.Add(time.Second)
	h.sweep()
	if evicted.Load() != 1 || h.Stats().Evictions != 1 {
		t.Fatalf("evicted %d times, counted %d", evicted.Load(), h.Stats().Evictions)
	}
}
