package session_test

import (
	"context"
	"slices"
	"testing"

	"github.com/piiri/piiri/session"
)

// TestRefusedRoundKeepsTheOpenOne: a round nobody can take is refused
// through the Service without closing the round that is open (apply
// itself closes it first: see TestApplyRound).
func TestRefusedRoundKeepsTheOpenOne(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	for _, a := range []session.Actor{l.f, l.m1} {
		l.MustEnter(t, a, l.id)
	}
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	for _, a := range []session.Actor{l.f, l.m1} {
		l.act(t, a, session.Action{Kind: session.ActAway, Flag: true})
	}
	before := l.room(t)
	wantErr(t, l.svc.Act(context.Background(), l.f, l.id, session.Action{Kind: session.ActRound}), session.EInvalid, session.MsgRoomNobodyHere)
	if st := l.room(t); asJSON(t, st) != asJSON(t, before) || st.Round == nil || len(st.Rounds) != 0 {
		t.Fatalf("refused round changed the open one: %+v %+v", st.Round, st.Rounds)
	}
	if st := l.stored(t); st.Version != before.Version {
		t.Fatalf("stored v%d, want v%d", st.Version, before.Version)
	}
}

func TestRoundLeavesOutThoseWhoLeft(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	l.MustEnter(t, l.f, l.id)
	_, leave := l.MustEnter(t, l.m1, l.id)
	l.MustEnter(t, l.m2, l.id)
	leave()
	waitUntil(t, "m1 left", func() bool { return l.sessionsOf(t, l.m1) == 0 })
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	if r := l.room(t).Round; !slices.Equal(r.Order, ids(l.f, l.m2)) {
		t.Fatalf("order = %v", r.Order)
	}
}

// TestRoundCountsTruthfully: who spoke, passed (themselves or marked by a
// leader) and was skipped for not being here is what the record says.
func TestRoundCountsTruthfully(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	_, leaveM2 := l.MustEnter(t, l.m2, l.id)
	_, leaveCo := l.MustEnter(t, l.co, l.id)
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	if r := l.room(t).Round; !slices.Equal(r.Order, ids(l.f, l.m1, l.m2, l.co)) {
		t.Fatalf("order %v", r.Order)
	}
	l.act(t, l.f, session.Action{Kind: session.ActTurn}) // f spoke
	// A member cannot pass for another; a leader marks m1's pass.
	wantErr(t, l.svc.Act(ctx, l.m2, l.id, session.Action{Kind: session.ActPass}), session.EForbidden, session.MsgRoomNotYourTurn)
	leaveM2() // gone before their turn: skipped when it comes
	waitUntil(t, "m2 left", func() bool { return l.sessionsOf(t, l.m2) == 0 })
	// A leader's own p is for their own turn; a pass for someone names them.
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActPass}), session.EForbidden, session.MsgRoomNotYourTurn)
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActPass, Person: l.co.Person.ID}), session.EForbidden, session.MsgRoomNotYourTurn)
	l.act(t, l.f, session.Action{Kind: session.ActPass, Person: l.m1.Person.ID})
	r := l.room(t).Round
	if r.Speaking() != l.co.Person.ID || !slices.Equal(r.Passed, ids(l.m1)) || !slices.Equal(r.Skipped, ids(l.m2)) {
		t.Fatalf("after the marked pass: %+v", r)
	}
	// co drops during their own turn; the leader moves on: skipped, not spoke.
	leaveCo()
	waitUntil(t, "co left", func() bool { return l.sessionsOf(t, l.co) == 0 })
	l.act(t, l.f, session.Action{Kind: session.ActTurn})
	r = l.room(t).Round
	if r.Speaking() != 0 || !slices.Equal(r.Spoke, ids(l.f)) || !slices.Equal(r.Skipped, ids(l.m2, l.co)) {
		t.Fatalf("finished: %+v", r)
	}
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	if rs := l.room(t).Rounds; !slices.Equal(rs, []session.RoundRecord{{ItemID: l.items[0].ID, Speakers: 1, Passed: 1, Skipped: 2}}) {
		t.Fatalf("record %+v", rs)
	}
	// A round cut short counts only the turns held.
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	if rs := l.room(t).Rounds; len(rs) != 2 || rs[1] != (session.RoundRecord{ItemID: l.items[1].ID}) {
		t.Fatalf("cut short: %+v", rs)
	}
}
