package session_test

import (
	"context"
	"slices"
	"testing"

	"github.com/piiri/piiri/session"
)

func TestHands(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	for _, a := range []session.Actor{l.f, l.m1, l.m2, l.co} {
		l.MustEnter(t, a, l.id)
	}
	for _, a := range []session.Actor{l.m1, l.m2, l.co} {
		l.act(t, a, session.Action{Kind: session.ActHand})
	}
	if h := l.room(t).Hands; !slices.Equal(h, ids(l.m1, l.m2, l.co)) {
		t.Fatalf("hands = %v", h)
	}
	l.act(t, l.m2, session.Action{Kind: session.ActHand})
	if h := l.room(t).Hands; !slices.Equal(h, ids(l.m1, l.co)) {
		t.Fatalf("after lowering: %v", h)
	}
	l.act(t, l.m2, session.Action{Kind: session.ActHand})
	if h := l.room(t).Hands; !slices.Equal(h, ids(l.m1, l.co, l.m2)) {
		t.Fatalf("raised again goes last: %v", h)
	}
	l.act(t, l.f, session.Action{Kind: session.ActGiveWord})
	if st := l.room(t); st.Speaker != l.m1.Person.ID || !slices.Equal(st.Hands, ids(l.co, l.m2)) {
		t.Fatalf("give word: speaker %d hands %v", st.Speaker, st.Hands)
	}
	// To someone named, out of the queue; their hand goes down if up.
	l.act(t, l.f, session.Action{Kind: session.ActGiveWord, Person: l.m2.Person.ID})
	if st := l.room(t); st.Speaker != l.m2.Person.ID || !slices.Equal(st.Hands, ids(l.co)) {
		t.Fatalf("give word to m2: speaker %d hands %v", st.Speaker, st.Hands)
	}
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActGiveWord, Person: l.out.Person.ID}), session.EInvalid, session.MsgRoomNoHands)
	l.act(t, l.co, session.Action{Kind: session.ActGiveWord}) // to their own hand
	if st := l.room(t); st.Speaker != l.co.Person.ID || len(st.Hands) != 0 {
		t.Fatalf("co gave the word: speaker %d hands %v", st.Speaker, st.Hands)
	}
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActGiveWord}), session.EInvalid, session.MsgRoomNoHands)
	// A hand stays up across items; the word does not.
	l.act(t, l.m1, session.Action{Kind: session.ActHand})
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	if st := l.room(t); st.Speaker != 0 || !slices.Equal(st.Hands, ids(l.m1)) {
		t.Fatalf("after next: speaker %d hands %v", st.Speaker, st.Hands)
	}
}

func TestHandoff(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	l.MustEnter(t, l.co, l.id)
	wantErr(t, l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActNext}), session.EForbidden, session.MsgForbidden)
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActHandoff, Person: l.m2.Person.ID}), session.EInvalid, session.MsgRoomNotHere)
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActHandoff, Person: l.out.Person.ID}), session.EInvalid, session.MsgRoomNotHere)
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActHandoff}), session.EInvalid, session.MsgRoomNotHere)
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActHandoff, Person: l.f.Person.ID}), session.EInvalid, session.MsgRoomHandoffSelf)
	if st := l.room(t); st.Driver != l.f.Person.ID || st.DriverName != l.f.Person.Name {
		t.Fatalf("the starter does not drive: %d %q", st.Driver, st.DriverName)
	}

	l.act(t, l.f, session.Action{Kind: session.ActHandoff, Person: l.m1.Person.ID})
	st := l.room(t)
	if !st.Leads(l.m1.Person.ID) || st.Driver != l.m1.Person.ID || st.DriverName != l.m1.Person.Name || !slices.Equal(st.Leaders, ids(l.f, l.co)) {
		t.Fatalf("after handoff: leaders %v driver %d", st.Leaders, st.Driver)
	}
	l.act(t, l.m1, session.Action{Kind: session.ActNext})
	l.act(t, l.m1, session.Action{Kind: session.ActTimer})
	if st := l.room(t); st.Current != 1 || !st.Timer.Running || st.Driver != l.m1.Person.ID {
		t.Fatalf("m1 drove: current %d timer %+v driver %d", st.Current, st.Timer, st.Driver)
	}
	// The group's leaders keep their keys meanwhile, without taking the lead.
	l.act(t, l.co, session.Action{Kind: session.ActAddMinute})
	if st := l.room(t); st.Driver != l.m1.Person.ID {
		t.Fatalf("a co-facilitator's minute took the lead: %d", st.Driver)
	}
	// Only the group's own leaders take it back; then m1 has no keys.
	wantErr(t, l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActTakeLead}), session.EForbidden, session.MsgForbidden)
	l.act(t, l.f, session.Action{Kind: session.ActTakeLead})
	if st := l.room(t); st.Driver != l.f.Person.ID || st.Leads(l.m1.Person.ID) {
		t.Fatalf("taken back: driver %d, m1 leads %v", st.Driver, st.Leads(l.m1.Person.ID))
	}
	wantErr(t, l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActNext}), session.EForbidden, session.MsgForbidden)
	wantErr(t, l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActHandoff, Person: l.co.Person.ID}), session.EForbidden, session.MsgForbidden)
	// Handed again, m1 hands it back; the one driving may end the meeting.
	l.act(t, l.f, session.Action{Kind: session.ActHandoff, Person: l.m1.Person.ID})
	l.act(t, l.m1, session.Action{Kind: session.ActHandoff, Person: l.f.Person.ID})
	if st := l.room(t); st.Driver != l.f.Person.ID || st.Leads(l.m1.Person.ID) {
		t.Fatalf("handed back: driver %d", st.Driver)
	}
	l.act(t, l.f, session.Action{Kind: session.ActHandoff, Person: l.m1.Person.ID})
	if err := l.svc.EndMeeting(ctx, l.m1, l.id); err != nil {
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

func TestAwayAndWriting(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	l.act(t, l.m1, session.Action{Kind: session.ActAway, Flag: true})
	l.act(t, l.m1, session.Action{Kind: session.ActWriting, Flag: true})
	p := l.room(t).Person(l.m1.Person.ID)
	if !p.Away || !p.Writing || !p.Here() {
		t.Fatalf("presence = %+v", p)
	}
	l.act(t, l.m1, session.Action{Kind: session.ActAway})
	l.act(t, l.m1, session.Action{Kind: session.ActWriting})
	if p := l.room(t).Person(l.m1.Person.ID); p.Away || p.Writing {
		t.Fatalf("presence = %+v", p)
	}
	// Only one's own flags.
	if p := l.room(t).Person(l.f.Person.ID); p.Away || p.Writing {
		t.Fatalf("facilitator = %+v", p)
	}
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
