package session_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/storage/storagetest"
)

// node is a second piiri node on the same PostgreSQL database as a live
// fixture's Service: its own store, Service and hub, listening for the
// other node's changes. synced receives one value per notification or
// resync it has handled.
type node struct {
	svc    *session.Service
	db     *storage.DB
	synced chan int64
	stop   context.CancelFunc
}

func listen(t *testing.T, svc *session.Service, db *storage.DB) *node {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	n := &node{svc: svc, db: db, synced: make(chan int64, 1000), stop: stop}
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.ListenRooms(ctx, func(id, v int64) {
			if err := svc.RoomChanged(ctx, session.Operator(), id, v); err != nil && ctx.Err() == nil {
				t.Errorf("RoomChanged(%d, v%d): %v", id, v, err)
			}
			n.synced <- v
		}, func() {
			if err := svc.ReloadRooms(ctx, session.Operator()); err != nil && ctx.Err() == nil {
				t.Errorf("ReloadRooms: %v", err)
			}
			n.synced <- 0
		})
	}()
	t.Cleanup(func() { stop(); <-done })
	n.wait(t, 0) // listening, and caught up
	return n
}

// wait blocks until the node has handled a notification of version v (0:
// a resync).
func (n *node) wait(t *testing.T, v int64) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case got := <-n.synced:
			if got == v {
				return
			}
		case <-timeout:
			t.Fatalf("node never handled version %d", v)
		}
	}
}

// until receives states from sub until one satisfies cond.
func until(t *testing.T, sub *session.Subscription, what string, cond func(*session.RoomState) bool) *session.RoomState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		st := sub.Next(ctx)
		if st == nil {
			t.Fatalf("never saw %s", what)
		}
		if cond(st) {
			return st
		}
	}
}

// TestTwoNodesShareALiveRoom: the facilitator on node A and a mentor on
// node B are in one room. Each node's changes reach the other's sessions
// through the store and LISTEN/NOTIFY; a change made on a node that had not
// yet heard of the other's is applied again to the newer state instead of
// overwriting it; a node that was cut off catches up when it listens
// again, and learns that the meeting ended.
func TestTwoNodesShareALiveRoom(t *testing.T) {
	t.Parallel()
	storagetest.RequirePostgres(t)
	ctx := context.Background()
	l := newLive(t) // node A
	nodeB := l.MustNode(t, l.MustReopen(t))
	dbB, svcB := nodeB.db, nodeB.svc
	l.svc.Shared, svcB.Shared = true, true
	if n, err := svcB.RestoreRooms(ctx, session.Operator()); err != nil || n != 1 {
		t.Fatalf("node B restored %d rooms: %v", n, err)
	}
	a := listen(t, l.svc, l.db)
	b := listen(t, svcB, dbB)

	subA, _ := l.MustEnter(t, l.f, l.id)
	b.wait(t, recv(t, subA).Version)
	subB, _ := nodeB.MustEnter(t, l.m1, l.id)
	joined := recv(t, subB)
	present := func(st *session.RoomState, who session.Actor) bool {
		i := slices.IndexFunc(st.People, func(p session.Presence) bool { return p.PersonID == who.Person.ID })
		return i >= 0 && st.People[i].Sessions > 0
	}
	if !present(joined, l.f) || !present(joined, l.m1) {
		t.Fatalf("node B's room lacks someone: %+v", joined.People)
	}
	until(t, subA, "the mentor arrive on node A", func(st *session.RoomState) bool { return present(st, l.m1) })

	// The facilitator moves on at A; the mentor at B sees it.
	start := time.Now()
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	st := until(t, subB, "the next item on node B", func(st *session.RoomState) bool { return st.Current == 1 })
	t.Logf("a change on node A reached node B's session in %v", time.Since(start))
	// The mentor speaks at B; the facilitator at A reads it.
	if err := svcB.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActSay, Text: "Hei solmulta B"}); err != nil {
		t.Fatal(err)
	}
	until(t, subA, "the message on node A", func(st *session.RoomState) bool {
		return len(st.Messages) > 0 && st.Messages[len(st.Messages)-1].Text == "Hei solmulta B"
	})
	a.wait(t, st.Version+1)

	// Node B stops hearing A. A moves on; B's hand, raised on its older
	// state, is applied to A's newer one rather than undoing A's step.
	b.stop()
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	if err := svcB.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActHand}); err != nil {
		t.Fatalf("hand on the node that missed a change: %v", err)
	}
	stored := l.stored(t)
	if stored.Current != 2 || !slices.Contains(stored.Hands, l.m1.Person.ID) {
		t.Fatalf("stored state: item %d, hands %v; want item 2 with the mentor's hand", stored.Current, stored.Hands)
	}
	seen := until(t, subB, "both changes on node B", func(st *session.RoomState) bool {
		return st.Current == 2 && slices.Contains(st.Hands, l.m1.Person.ID)
	})
	if seen.Version != stored.Version {
		t.Fatalf("node B shows v%d, the store has v%d", seen.Version, stored.Version)
	}
	until(t, subA, "the hand on node A", func(st *session.RoomState) bool { return slices.Contains(st.Hands, l.m1.Person.ID) })

	// While B is deaf the meeting ends at A; listening again, B learns it.
	if err := l.svc.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	listen(t, svcB, dbB)
	until(t, subB, "the end on node B", func(st *session.RoomState) bool { return st.Ended })
	if _, err := svcB.Room(ctx, l.m1, l.id); session.ErrorCode(err) != session.EConflict {
		t.Fatalf("node B still holds the ended room: %v", err)
	}
}
