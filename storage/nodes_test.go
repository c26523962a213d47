package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/storage/storagetest"
)

// TestRoomReturnsAndNodeLeases: on both engines, a person's return to a
// room is used once and only within the window, and an expired node's
// sessions are handed out once, to the first node that claims them, never
// to the node itself.
func TestRoomReturnsAndNodeLeases(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		storage.SearchWorld(t, db)
		if err := storage.Exec(ctx, db, "INSERT INTO meetings (id, group_id, number, title, minutes, state) VALUES (1, 1, 1, 'Tapaaminen', 90, 'live')"); err != nil {
			t.Fatal(err)
		}
		now := time.Unix(1_790_000_000, 0)
		window := 15 * time.Minute

		if err := db.NoteDropped(ctx, 2, 1, now.Add(-20*time.Minute), now.Add(-20*time.Minute-window)); err != nil {
			t.Fatal(err)
		}
		if id, err := db.TakeDropped(ctx, 2, now.Add(-window)); err != nil || id != 0 {
			t.Fatalf("a drop 20 minutes ago: %d, %v; want none", id, err)
		}
		if err := db.NoteDropped(ctx, 2, 1, now, now.Add(-window)); err != nil {
			t.Fatal(err)
		}
		if id, err := db.TakeDropped(ctx, 2, now.Add(-window)); err != nil || id != 1 {
			t.Fatalf("a drop just now: %d, %v; want meeting 1", id, err)
		}
		if id, err := db.TakeDropped(ctx, 2, now.Add(-window)); err != nil || id != 0 {
			t.Fatalf("taken again: %d, %v; want it used up", id, err)
		}

		mine := []session.NodeSession{{MeetingID: 1, PersonID: 1, Sessions: 2}, {MeetingID: 1, PersonID: 2, Sessions: 1}}
		if err := db.NodeBeat(ctx, "a", now.Add(-time.Minute), mine); err != nil {
			t.Fatal(err)
		}
		if err := db.NodeBeat(ctx, "b", now, nil); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ClaimExpiredNodes(ctx, "a", now.Add(-10*time.Second)); err != nil || len(got) != 0 {
			t.Fatalf("node a claimed %v, %v: its own sessions", got, err)
		}
		got, err := db.ClaimExpiredNodes(ctx, "b", now.Add(-10*time.Second))
		if err != nil || !slices.Equal(got, mine) {
			t.Fatalf("node b claimed %v, %v; want %v", got, err, mine)
		}
		if got, err := db.ClaimExpiredNodes(ctx, "c", now.Add(-10*time.Second)); err != nil || len(got) != 0 {
			t.Fatalf("claimed twice: %v, %v", got, err)
		}
		// A node that beats again after being claimed starts over.
		if err := db.NodeBeat(ctx, "a", now, mine[:1]); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ClaimExpiredNodes(ctx, "b", now.Add(-10*time.Second)); err != nil || len(got) != 0 {
			t.Fatalf("a live node claimed: %v, %v", got, err)
		}
	})
}
