package session_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// drain reads states until the subscription ends and returns the last
// one; it fails if the subscription is still going after a few seconds.
func drain(t *testing.T, sub *session.Subscription) *session.RoomState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var last *session.RoomState
	for {
		st := sub.Next(ctx)
		if st == nil {
			if ctx.Err() != nil {
				t.Fatal("the subscription did not end")
			}
			return last
		}
		last = st
	}
}

// A member removed while in the room: all their sessions end, marked
// removed; they are out of the presence list, the hands and the round;
// nothing later reaches them and they cannot act or come back.
func TestRemoveMemberDropsThemFromTheRoom(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	fsub, _ := l.MustEnter(t, l.f, l.id)
	s1, _ := l.MustEnter(t, l.m1, l.id)
	s2, _ := l.MustEnter(t, l.m1, l.id) // a second terminal of the mentor's
	l.MustEnter(t, l.m2, l.id)
	l.act(t, l.m1, session.Action{Kind: session.ActHand})
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	before := l.room(t)
	if before.Person(l.m1.Person.ID).Sessions != 2 || !slices.Contains(before.Hands, l.m1.Person.ID) {
		t.Fatalf("before: %+v", before)
	}

	if err := l.svc.RemoveMember(ctx, l.f, l.g.ID, l.m1.Person.ID); err != nil {
		t.Fatalf("RemoveMember: %v", err)
	}
	for i, sub := range []*session.Subscription{s1, s2} {
		last := drain(t, sub)
		if !sub.Removed() {
			t.Errorf("session %d: ended, but not as removed", i)
		}
		if last != nil && last.Person(l.m1.Person.ID) == nil {
			t.Errorf("session %d got the state without them (v%d)", i, last.Version)
		}
	}
	st := l.room(t)
	switch {
	case st.Person(l.m1.Person.ID) != nil:
		t.Errorf("still present: %+v", st.People)
	case slices.Contains(st.Hands, l.m1.Person.ID):
		t.Errorf("hand still up: %v", st.Hands)
	case st.Round == nil || slices.Contains(st.Round.Order, l.m1.Person.ID) || len(st.Round.Order) != len(before.Round.Order)-1:
		t.Errorf("round: %+v", st.Round)
	}
	if stored := l.stored(t); stored.Version != st.Version || stored.Person(l.m1.Person.ID) != nil {
		t.Errorf("stored v%d has them: %v; published v%d", stored.Version, stored.Person(l.m1.Person.ID) != nil, st.Version)
	}
	// The others get the state without them.
	waitUntil(t, "the facilitator sees them gone", func() bool {
		got := fsub.Next(ctx)
		return got != nil && got.Person(l.m1.Person.ID) == nil
	})

	// Later changes never reach them; they cannot act or rejoin.
	l.act(t, l.m2, session.Action{Kind: session.ActSay, Text: "Poiston jälkeen"})
	if st := s1.Next(ctx); st != nil {
		t.Fatalf("a state after the removal reached them: v%d", st.Version)
	}
	if err := l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActSay, Text: "Vielä täällä"}); session.ErrorCode(err) != session.ENotFound {
		t.Errorf("Act after removal: %v", err)
	}
	if _, err := l.svc.JoinRoom(ctx, l.m1, l.id, nil); session.ErrorCode(err) != session.ENotFound {
		t.Errorf("JoinRoom after removal: %v", err)
	}
	// Their sessions closing later records no departure of someone gone.
	v := l.room(t).Version
	for _, sub := range []*session.Subscription{s1, s2} {
		<-sub.Done()
	}
	if got := l.room(t).Version; got != v {
		t.Errorf("version %d → %d after their sessions ended", v, got)
	}
}

// A co-facilitator removed mid-meeting loses the right to drive it.
func TestRemovedLeaderStopsLeading(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	l.MustEnter(t, l.co, l.id)
	if !l.room(t).Leads(l.co.Person.ID) {
		t.Fatal("the co-facilitator does not lead")
	}
	if err := l.svc.RemoveMember(context.Background(), l.f, l.g.ID, l.co.Person.ID); err != nil {
		t.Fatalf("RemoveMember: %v", err)
	}
	if st := l.room(t); st.Leads(l.co.Person.ID) || st.Person(l.co.Person.ID) != nil {
		t.Fatalf("still leads or present: %v %+v", st.Leaders, st.People)
	}
}

// Leaving the group oneself ends one's sessions in its room the same way.
func TestLeaveGroupLeavesTheRoom(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	sub, _ := l.MustEnter(t, l.m2, l.id)
	if err := l.svc.LeaveGroup(context.Background(), l.m2, l.g.ID); err != nil {
		t.Fatalf("LeaveGroup: %v", err)
	}
	drain(t, sub)
	if !sub.Removed() || l.room(t).Person(l.m2.Person.ID) != nil {
		t.Fatalf("removed %v, present %v", sub.Removed(), l.room(t).Person(l.m2.Person.ID) != nil)
	}
}

// Joins racing a removal: whichever comes first, no subscription of the
// removed person outlives it.
func TestRemovalRacingJoins(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	subs := make(chan *session.Subscription, 20)
	start := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-start
		for range 20 {
			sub, err := l.svc.JoinRoom(ctx, l.m1, l.id, nil)
			if err != nil {
				return // removed: refused from here on
			}
			subs <- sub
		}
	}()
	close(start)
	if err := l.svc.RemoveMember(ctx, l.f, l.g.ID, l.m1.Person.ID); err != nil {
		t.Fatalf("RemoveMember: %v", err)
	}
	<-done
	close(subs)
	for sub := range subs {
		select {
		case <-sub.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("a subscription outlived the removal")
		}
	}
	if p := l.room(t).Person(l.m1.Person.ID); p != nil {
		t.Fatalf("still in the room: %+v", p)
	}
}
