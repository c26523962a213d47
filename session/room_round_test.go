package session_test

import (
	"context"
	"slices"
	"testing"

	"github.com/piiri/piiri/session"
)

func TestRound(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	for _, a := range []session.Actor{l.f, l.m1, l.m2, l.co} {
		l.MustEnter(t, a, l.id)
	}
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActTurn}), session.EInvalid, session.MsgRoomNoRound)
	// Away people are left out of the round.
	l.act(t, l.co, session.Action{Kind: session.ActAway, Flag: true})
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	r := l.room(t).Round
	if r == nil || r.ItemID != l.items[0].ID || !slices.Equal(r.Order, ids(l.f, l.m1, l.m2)) || r.Speaking() != l.f.Person.ID || r.Next() != l.m1.Person.ID {
		t.Fatalf("round = %+v", r)
	}
	notYours := func(a session.Actor, k session.ActionKind) {
		t.Helper()
		wantErr(t, l.svc.Act(ctx, a, l.id, session.Action{Kind: k}), session.EForbidden, session.MsgRoomNotYourTurn)
	}
	notYours(l.m2, session.ActTurn)
	notYours(l.m1, session.ActPass)
	l.act(t, l.f, session.Action{Kind: session.ActTurn}) // the speaker, who also leads
	if r := l.room(t).Round; r.Speaking() != l.m1.Person.ID || r.Next() != l.m2.Person.ID {
		t.Fatalf("after the first turn: %+v", r)
	}
	notYours(l.m2, session.ActTurn)
	notYours(l.m2, session.ActPass)
	l.act(t, l.m1, session.Action{Kind: session.ActPass})
	if r := l.room(t).Round; r.Speaking() != l.m2.Person.ID || !slices.Equal(r.Passed, ids(l.m1)) || r.Next() != 0 {
		t.Fatalf("after the pass: %+v", r)
	}
	l.act(t, l.co, session.Action{Kind: session.ActTurn}) // a leader who is away still leads
	r = l.room(t).Round
	if r == nil || r.Speaking() != 0 || r.Turn != 3 {
		t.Fatalf("finished round = %+v", r)
	}
	wantErr(t, l.svc.Act(ctx, l.m2, l.id, session.Action{Kind: session.ActTurn}), session.EInvalid, session.MsgRoomNoRound)
	if rs := l.room(t).Rounds; len(rs) != 0 {
		t.Fatalf("rounds recorded before the item changed: %+v", rs)
	}
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	st := l.room(t)
	if st.Round != nil || !slices.Equal(st.Rounds, []session.RoundRecord{{ItemID: l.items[0].ID, Speakers: 2, Passed: 1}}) {
		t.Fatalf("after next: round %+v rounds %+v", st.Round, st.Rounds)
	}
	// A new round replaces an open one and records it.
	l.act(t, l.co, session.Action{Kind: session.ActAway, Flag: false})
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	l.act(t, l.f, session.Action{Kind: session.ActTurn})
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	st = l.room(t)
	if !slices.Equal(st.Round.Order, ids(l.f, l.m1, l.m2, l.co)) || st.Round.Turn != 0 || st.Round.ItemID != l.items[1].ID {
		t.Fatalf("second round = %+v", st.Round)
	}
	if len(st.Rounds) != 2 || st.Rounds[1] != (session.RoundRecord{ItemID: l.items[1].ID, Speakers: 1}) {
		t.Fatalf("rounds = %+v", st.Rounds)
	}
	// Nobody here and not away: no round.
	for _, a := range []session.Actor{l.f, l.m1, l.m2, l.co} {
		l.act(t, a, session.Action{Kind: session.ActAway, Flag: true})
	}
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActRound}), session.EInvalid, session.MsgRoomNobodyHere)
	if st := l.room(t); st.Round == nil || st.Round.Turn != 0 || len(st.Rounds) != 2 {
		t.Fatalf("refused round changed the open one: %+v %+v", st.Round, st.Rounds)
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
