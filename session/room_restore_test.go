package session_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

func TestRestoreRooms(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	l.MustEnter(t, l.m2, l.id)
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	l.act(t, l.f, session.Action{Kind: session.ActNext}) // item 3
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	l.clk.Add(4*time.Minute + 10*time.Second)
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	l.act(t, l.m1, session.Action{Kind: session.ActHand})
	l.act(t, l.m2, session.Action{Kind: session.ActWriting, Flag: true})
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	l.act(t, l.f, session.Action{Kind: session.ActTurn})
	l.clk.Add(time.Second)
	l.act(t, l.m1, session.Action{Kind: session.ActSay, Text: "ennen katkoa"})
	l.act(t, l.f, session.Action{Kind: session.ActHandoff, Person: l.m2.Person.ID})
	before := l.room(t)
	wantLeft := time.Duration(l.items[2].Minutes)*time.Minute - 4*time.Minute - 10*time.Second
	if before.Current != 2 || before.Timer.Running || before.Timer.Remaining != wantLeft {
		t.Fatalf("before the restart: current %d timer %+v", before.Current, before.Timer)
	}

	// A new server over the same file.
	n2 := l.MustNode(t, l.MustReopen(t))
	db2, svc2 := n2.db, n2.svc
	l.clk.Add(10 * time.Minute)
	_, err := svc2.Room(ctx, l.m1, l.id)
	wantErr(t, err, session.EConflict, session.MsgRoomNotLive)
	unknown, _ := svc2.Identify(ctx, n2.MustKey())
	for _, tt := range []struct {
		a    session.Actor
		code string
	}{{l.f, session.EForbidden}, {n2.MustPerson(t, session.RoleAdmin, "Admin"), session.EForbidden}, {unknown, session.EUnauthorized}} {
		n, err := svc2.RestoreRooms(ctx, tt.a)
		if session.ErrorCode(err) != tt.code || n != 0 {
			t.Fatalf("RestoreRooms by %+v = %d, %v; want %s", tt.a.Person, n, err, tt.code)
		}
	}
	if n := svc2.Hub().Stats().Rooms; n != 0 {
		t.Fatalf("%d rooms restored by refused calls", n)
	}
	n, err := svc2.RestoreRooms(ctx, session.Operator())
	if err != nil || n != 1 {
		t.Fatalf("RestoreRooms = %d, %v", n, err)
	}
	_, err = svc2.StartMeeting(ctx, l.f, l.id)
	wantErr(t, err, session.EConflict, session.MsgRoomAlreadyLive)

	st, err := svc2.Room(ctx, l.m1, l.id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Version != before.Version || st.Current != 2 || st.Timer != before.Timer || st.Timer.Left(l.clk.Now()) != wantLeft {
		t.Fatalf("restored v%d current %d timer %+v; before v%d timer %+v", st.Version, st.Current, st.Timer, before.Version, before.Timer)
	}
	if !slices.Equal(st.Leaders, ids(l.f, l.co)) || st.Driver != l.m2.Person.ID || !st.Leads(l.m2.Person.ID) || st.Round == nil || st.Round.Turn != 1 || !slices.Equal(st.Round.Order, ids(l.f, l.m1, l.m2)) {
		t.Fatalf("restored leaders %v round %+v", st.Leaders, st.Round)
	}
	if len(st.People) != 3 || len(st.Hands) != 0 {
		t.Fatalf("restored people %+v hands %v", st.People, st.Hands)
	}
	for _, p := range st.People {
		was := before.Person(p.PersonID)
		if p.Here() || p.Writing || !p.JoinedAt.Equal(was.JoinedAt) || p.Role != was.Role {
			t.Fatalf("restored presence %+v, was %+v", p, was)
		}
	}
	// People come back to where they were.
	sub, _ := n2.MustEnter(t, l.m1, l.id)
	got := recv(t, sub)
	if got.Version != before.Version+1 || got.Current != 2 || got.Person(l.m1.Person.ID).Sessions != 1 || got.Timer != before.Timer {
		t.Fatalf("after rejoin: v%d current %d presence %+v", got.Version, got.Current, got.Person(l.m1.Person.ID))
	}
	if s, err := db2.RoomState(ctx, l.id); err != nil || s.Version != got.Version {
		t.Fatalf("stored after rejoin: %v, %v", s, err)
	}
	n2.MustEnter(t, l.f, l.id)
	if err := svc2.Act(ctx, l.f, l.id, session.Action{Kind: session.ActNext}); err != nil {
		t.Fatalf("next after restart: %v", err)
	}
	// Restoring again changes nothing.
	v := recv(t, sub).Version
	if n, err := svc2.RestoreRooms(ctx, session.Operator()); err != nil || n != 1 {
		t.Fatalf("second restore = %d, %v", n, err)
	}
	if st, _ := svc2.Room(ctx, l.m1, l.id); st.Version != v || st.Person(l.m1.Person.ID).Sessions != 1 {
		t.Fatalf("second restore reset the room: v%d", st.Version)
	}
}

func TestRestoreKeepsRunningTimer(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	deadline := l.room(t).Timer.Deadline
	l.clk.Add(3 * time.Minute)

	n2 := l.MustNode(t, l.db)
	svc2 := n2.svc
	if n, err := svc2.RestoreRooms(ctx, session.Operator()); err != nil || n != 1 {
		t.Fatalf("RestoreRooms = %d, %v", n, err)
	}
	st, err := svc2.Room(ctx, l.m1, l.id)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Timer.Running || !st.Timer.Deadline.Equal(deadline) || st.Current != 1 {
		t.Fatalf("restored timer %+v, want running to %v", st.Timer, deadline)
	}
	want := time.Duration(l.items[1].Minutes)*time.Minute - 3*time.Minute
	if got := st.Timer.Left(l.clk.Now()); got != want {
		t.Fatalf("left %v, want %v", got, want)
	}
	// Ended and planned meetings are not restored.
	n2.MustEnter(t, l.f, l.id)
	if err := svc2.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	svc3 := l.MustNode(t, l.db).svc
	if n, err := svc3.RestoreRooms(ctx, session.Operator()); err != nil || n != 0 {
		t.Fatalf("RestoreRooms after the end = %d, %v", n, err)
	}
}
