package session_test

import (
	"context"
	"slices"
	"testing"

	"github.com/piiri/piiri/session"
)

// TestHandoff: the meeting handed over through the Service is stored and
// published, the one driving acts and may end it (the rules of handing
// over are TestApplyHandoff's).
func TestHandoff(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	watch, _ := l.MustEnter(t, l.co, l.id)
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	l.act(t, l.f, session.Action{Kind: session.ActHandoff, Person: l.m1.Person.ID})
	if st := l.stored(t); st.Driver != l.m1.Person.ID || st.DriverName != l.m1.Person.Name {
		t.Fatalf("stored driver %d %q", st.Driver, st.DriverName)
	}
	l.act(t, l.m1, session.Action{Kind: session.ActNext})
	if st := recv(t, watch); st.Current != 1 || st.Driver != l.m1.Person.ID {
		t.Fatalf("published: current %d driver %d", st.Current, st.Driver)
	}
	if err := l.svc.EndMeeting(context.Background(), l.m1, l.id); err != nil {
		t.Fatalf("EndMeeting by the one driving: %v", err)
	}
}

func TestLeaderWhoDropsKeepsTheLead(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	l.MustEnter(t, l.m1, l.id)
	_, leave := l.MustEnter(t, l.f, l.id)
	leave()
	waitUntil(t, "the facilitator left", func() bool { return l.sessionsOf(t, l.f) == 0 })
	st := l.room(t)
	if !st.Leads(l.f.Person.ID) || !slices.Equal(st.Leaders, ids(l.f, l.co)) {
		t.Fatalf("leaders after the facilitator dropped: %v", st.Leaders)
	}
	wantErr(t, l.svc.Act(context.Background(), l.m1, l.id, session.Action{Kind: session.ActNext}), session.EForbidden, session.MsgForbidden)
	l.MustEnter(t, l.f, l.id)
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	if st := l.room(t); st.Current != 1 {
		t.Fatalf("current %d", st.Current)
	}
}

// TestOnlyThoseHereAct: someone who has left the room — a member or the
// facilitator — cannot act in it through the Service until they are back,
// and nothing is stored or published for the attempt.
func TestOnlyThoseHereAct(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	watch, _ := l.MustEnter(t, l.co, l.id)
	for _, who := range []session.Actor{l.m1, l.f} {
		_, leave := l.MustEnter(t, who, l.id)
		leave()
		waitUntil(t, who.Person.Name+" left", func() bool { return l.sessionsOf(t, who) == 0 })
	}
	before := recv(t, watch)
	for _, tc := range []struct {
		who session.Actor
		act session.Action
	}{
		{l.m1, session.Action{Kind: session.ActHand}},
		{l.m1, session.Action{Kind: session.ActSay, Text: "Poissa mutta puhun"}},
		{l.m1, session.Action{Kind: session.ActWriting, Flag: true}},
		{l.f, session.Action{Kind: session.ActNext}},
		{l.f, session.Action{Kind: session.ActTimer}},
	} {
		wantErr(t, l.svc.Act(context.Background(), tc.who, l.id, tc.act), session.EForbidden, session.MsgForbidden)
	}
	quiet(t, watch)
	if st := l.room(t); st.Version != before.Version || len(st.Messages) != 0 {
		t.Fatalf("a refused act changed the room: version %d→%d, %d messages", before.Version, st.Version, len(st.Messages))
	}
	l.MustEnter(t, l.m1, l.id)
	l.act(t, l.m1, session.Action{Kind: session.ActHand})
}

// TestTheWord: the word goes to the first hand, whose hand goes down; the
// one who has it ends it, a leader takes it back; nobody keeps it after
// leaving.
func TestTheWord(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	_, leaveM1 := l.MustEnter(t, l.m1, l.id)
	l.MustEnter(t, l.m2, l.id)
	wantErr(t, l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActEndWord}), session.EInvalid, session.MsgRoomNoWord)
	l.act(t, l.m2, session.Action{Kind: session.ActHand})
	l.act(t, l.m1, session.Action{Kind: session.ActHand})
	l.act(t, l.f, session.Action{Kind: session.ActGiveWord})
	if st := l.room(t); st.Speaker != l.m2.Person.ID || !slices.Equal(st.Hands, ids(l.m1)) {
		t.Fatalf("word to the first hand: speaker %d hands %v", st.Speaker, st.Hands)
	}
	// Someone else cannot end it; the one who has it can.
	wantErr(t, l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActEndWord}), session.EForbidden, session.MsgForbidden)
	l.act(t, l.m2, session.Action{Kind: session.ActEndWord})
	if st := l.room(t); st.Speaker != 0 || !slices.Equal(st.Hands, ids(l.m1)) {
		t.Fatalf("after done: speaker %d hands %v", st.Speaker, st.Hands)
	}
	// The next hand; the leader takes the word back.
	l.act(t, l.f, session.Action{Kind: session.ActGiveWord})
	if st := l.room(t); st.Speaker != l.m1.Person.ID || len(st.Hands) != 0 {
		t.Fatalf("word to m1: speaker %d hands %v", st.Speaker, st.Hands)
	}
	l.act(t, l.f, session.Action{Kind: session.ActEndWord})
	if st := l.room(t); st.Speaker != 0 {
		t.Fatalf("taken back: speaker %d", st.Speaker)
	}
	// Given by name, then the speaker drops: the word does not stay stuck.
	l.act(t, l.f, session.Action{Kind: session.ActGiveWord, Person: l.m1.Person.ID})
	leaveM1()
	waitUntil(t, "m1 left", func() bool { return l.sessionsOf(t, l.m1) == 0 })
	if st := l.room(t); st.Speaker != 0 {
		t.Fatalf("the word stayed with someone gone: %d", st.Speaker)
	}
	if st := l.stored(t); st.Speaker != 0 {
		t.Fatalf("stored speaker %d", st.Speaker)
	}
}
