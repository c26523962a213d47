package session_test

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// TestJoinLeaveLeaksNoGoroutines counts the process's goroutines, so it
// is the one session test that does not run in parallel with the others.
func TestJoinLeaveLeaksNoGoroutines(t *testing.T) {
	l := newLive(t)
	ctx := context.Background()
	fsub, _ := l.MustEnter(t, l.f, l.id)
	// Warm up the connection pools, then measure.
	_, leave := l.MustEnter(t, l.m1, l.id)
	leave()
	waitUntil(t, "the warm-up left", func() bool { return l.sessionsOf(t, l.m1) == 0 })
	v0 := l.room(t).Version
	base := runtime.NumGoroutine()

	const n = 200
	var subs []*session.Subscription
	for range n {
		jctx, cancel := context.WithCancel(ctx)
		sub, err := l.svc.JoinRoom(jctx, l.m1, l.id, nil)
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		subs = append(subs, sub)
		cancel()
	}
	// Done means left: the departure is stored before the subscription
	// ends, so once every Done has closed the room shows them all gone.
	for i, sub := range subs {
		select {
		case <-sub.Done():
		case <-time.After(10 * time.Second):
			t.Fatalf("subscription %d not ended", i)
		}
	}
	if st := l.room(t); st.Version != v0+2*n || st.Person(l.m1.Person.ID).Sessions != 0 {
		t.Fatalf("after every Done: v%d (want v%d), %d sessions", st.Version, v0+2*n, st.Person(l.m1.Person.ID).Sessions)
	}
	if st := l.svc.Hub().Stats(); st.Subscriptions != 1 || st.Rooms != 1 {
		t.Fatalf("stats = %+v, want the facilitator's subscription only", st)
	}
	if s := l.stored(t); s.Version != v0+2*n {
		t.Fatalf("stored v%d, want v%d: a join and a leave each", s.Version, v0+2*n)
	}
	const slack = 3
	var got int
	if !poll(5*time.Second, func() bool { got = runtime.NumGoroutine(); return got <= base+slack }) {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines, baseline %d:\n%s", got, base, buf[:runtime.Stack(buf, true)])
	}
	// The facilitator's session still works.
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	if st := recv(t, fsub); st.Current != 1 {
		t.Fatalf("current %d", st.Current)
	}
}

func TestSlowSessionIsEvicted(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	hub := l.svc.Hub()
	hub.DrainTimeout = 50 * time.Millisecond
	wctx, stopWatch := context.WithCancel(context.Background())
	watched := make(chan struct{})
	defer func() { stopWatch(); <-watched }()
	// Watching starts at once, so that a failure below cannot leave the
	// deferred wait above hanging.
	go func() { hub.Watch(wctx, 10*time.Millisecond); close(watched) }()

	// The facilitator's session reads every state; the mentor's never does.
	fctx, fcancel := context.WithCancel(context.Background())
	var fastEvicted atomic.Int32
	fsub, err := l.svc.JoinRoom(fctx, l.f, l.id, func() { fastEvicted.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for fsub.Next(fctx) != nil {
		}
	}()
	t.Cleanup(func() { fcancel(); wg.Wait() })

	mctx, mcancel := context.WithCancel(context.Background())
	t.Cleanup(mcancel)
	var slowEvicted atomic.Int32
	msub, err := l.svc.JoinRoom(mctx, l.m1, l.id, func() {
		slowEvicted.Add(1)
		mcancel() // as closing the SSH session does
	})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the slow session is evicted", func() bool { l.clk.Add(10 * time.Millisecond); return slowEvicted.Load() > 0 })
	<-msub.Done() // by then the departure is stored
	if n := l.sessionsOf(t, l.m1); n != 0 {
		t.Fatalf("the slow session has not left when its subscription is done: %d sessions", n)
	}
	if n := hub.Stats().Evictions; n < 1 {
		t.Fatalf("Evictions = %d", n)
	}
	// Meanwhile the room goes on, and the session that keeps up stays.
	for range 5 {
		l.act(t, l.f, session.Action{Kind: session.ActAddMinute})
		// Allowed: the watcher must get real time in which it could evict
		// wrongly; nothing marks an eviction that does not happen.
		time.Sleep(20 * time.Millisecond)
	}
	if fastEvicted.Load() != 0 {
		t.Fatal("a session that keeps up was evicted")
	}
	if l.sessionsOf(t, l.f) != 1 || hub.Stats().Subscriptions != 1 {
		t.Fatalf("facilitator sessions %d, subscriptions %d", l.sessionsOf(t, l.f), hub.Stats().Subscriptions)
	}
}

func TestDeliveredStateIsASnapshot(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	l.MustEnter(t, l.f, l.id)
	sub, _ := l.MustEnter(t, l.m1, l.id)
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	l.act(t, l.m1, session.Action{Kind: session.ActHand})
	l.act(t, l.m1, session.Action{Kind: session.ActSay, Text: "eka"})
	got := recv(t, sub)
	before := asJSON(t, got)
	// Everything that follows changes the room, not what was delivered.
	l.act(t, l.f, session.Action{Kind: session.ActTurn})
	l.act(t, l.m1, session.Action{Kind: session.ActHand})
	l.act(t, l.m1, session.Action{Kind: session.ActAway, Flag: true})
	l.act(t, l.f, session.Action{Kind: session.ActSay, Text: "toka"})
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	l.act(t, l.f, session.Action{Kind: session.ActHandoff, Person: l.m1.Person.ID})
	if after := asJSON(t, got); after != before {
		t.Fatalf("a delivered state changed:\n%s\n%s", before, after)
	}
	// And changing a state one has does not change the room.
	st := l.room(t)
	st.People[0].Name = "x"
	st.Leaders[0] = 0
	st.Messages[0].Text = "x"
	st.Timeline[0].ItemID = 0
	if again := l.room(t); again.People[0].Name == "x" || again.Leaders[0] == 0 || again.Messages[0].Text == "x" || again.Timeline[0].ItemID == 0 {
		t.Fatal("Room returned the room's own state")
	}
}

func TestHubStatsCountRoomsAndSubscriptions(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	ctx := context.Background()
	hub := l.svc.Hub()
	if st := hub.Stats(); st != (session.HubStats{}) {
		t.Fatalf("empty hub stats = %+v", st)
	}
	if _, err := l.svc.StartMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.StartMeeting(ctx, l.f, l.g.Meetings[1].ID); err != nil {
		t.Fatal(err)
	}
	l.MustEnter(t, l.f, l.id)
	_, leave := l.MustEnter(t, l.m1, l.id)
	l.MustEnter(t, l.m1, l.g.Meetings[1].ID)
	if st := hub.Stats(); st.Rooms != 2 || st.Subscriptions != 3 {
		t.Fatalf("stats = %+v", st)
	}
	leave()
	waitUntil(t, "one subscription fewer", func() bool { return hub.Stats().Subscriptions == 2 })
	if err := l.svc.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	if st := hub.Stats(); st.Rooms != 1 || st.Subscriptions != 1 {
		t.Fatalf("after one end: %+v", st)
	}
}
