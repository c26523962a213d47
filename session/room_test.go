// The live room through the Service, by topic: this file has the room
// helpers and starting and joining; room_store_test.go storing before
// publishing and races, room_agenda, room_round, room_hands,
// room_writing, room_say, room_restore and room_end the rest. The rules of
// the state machine itself are table tests in room_apply_test.go.
package session_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// recv returns the newest state the subscription delivers.
func recv(t *testing.T, sub *session.Subscription) *session.RoomState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st := sub.Next(ctx)
	if st == nil {
		t.Fatal("no state delivered")
	}
	return st
}

// quiet fails if the subscription delivers anything within a short while.
func quiet(t *testing.T, sub *session.Subscription) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if st := sub.Next(ctx); st != nil {
		t.Fatalf("state v%d published", st.Version)
	}
}

func (l *live) act(t *testing.T, a session.Actor, act session.Action) {
	t.Helper()
	if err := l.svc.Act(context.Background(), a, l.id, act); err != nil {
		t.Fatalf("%s %s: %v", a.Person.Name, act.Kind, err)
	}
}

func (l *live) room(t *testing.T) *session.RoomState {
	t.Helper()
	st, err := l.svc.Room(context.Background(), l.f, l.id)
	if err != nil {
		t.Fatalf("Room: %v", err)
	}
	return st
}

func (l *live) stored(t *testing.T) *session.RoomState {
	t.Helper()
	st, err := l.db.RoomState(context.Background(), l.id)
	if err != nil {
		t.Fatalf("stored RoomState: %v", err)
	}
	return st
}

// waitUntil polls cond for a few seconds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if !poll(5*time.Second, cond) {
		t.Fatalf("timed out waiting until %s", what)
	}
}

// poll asks cond until it holds or d has passed, and says whether it
// held: the one polling loop of these tests, for what has no event to
// wait on (goroutine counts, counters bumped on another goroutine).
func poll(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond) // allowed: the polling helper
	}
	return true
}

// sessionsOf returns how many sessions a person has in the room (-1: not
// known to the room).
func (l *live) sessionsOf(t *testing.T, a session.Actor) int {
	t.Helper()
	p := l.room(t).Person(a.Person.ID)
	if p == nil {
		return -1
	}
	return p.Sessions
}

func ids(as ...session.Actor) []int64 {
	var out []int64
	for _, a := range as {
		out = append(out, a.Person.ID)
	}
	return out
}

func asJSON(t *testing.T, st *session.RoomState) string {
	t.Helper()
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (w *world) meetingState(t *testing.T, a session.Actor, meetingID int64) session.MeetingState {
	t.Helper()
	return w.MustMeeting(t, a, meetingID).State
}

func TestStartMeetingRights(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	ctx := context.Background()
	unknown, _ := l.svc.Identify(ctx, l.MustKey())
	for _, tt := range []struct {
		name      string
		actor     session.Actor
		code, msg string
	}{
		{"mentor", l.m1, session.EForbidden, session.MsgForbidden},
		{"aktori", l.m2, session.EForbidden, session.MsgForbidden},
		{"outsider", l.out, session.ENotFound, session.MsgMeetingNotFound},
		{"unknown key", unknown, session.EUnauthorized, session.MsgNotJoined},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st, err := l.svc.StartMeeting(ctx, tt.actor, l.id)
			wantErr(t, err, tt.code, tt.msg)
			if st != nil {
				t.Fatalf("state returned with an error: %+v", st)
			}
		})
	}
	_, err := l.svc.StartMeeting(ctx, l.f, 1<<40)
	wantErr(t, err, session.ENotFound, session.MsgMeetingNotFound)
	if got := l.meetingState(t, l.f, l.id); got != session.MeetingPlanned {
		t.Fatalf("meeting %s after refusals", got)
	}
	if _, err := l.db.RoomState(ctx, l.id); session.ErrorCode(err) != session.ENotFound {
		t.Fatalf("room stored after refusals: %v", err)
	}
	if n := l.svc.Hub().Stats().Rooms; n != 0 {
		t.Fatalf("%d rooms open after refusals", n)
	}

	// A co-facilitator may start; starting again is a conflict, for anyone.
	if _, err := l.svc.StartMeeting(ctx, l.co, l.id); err != nil {
		t.Fatalf("co-facilitator: %v", err)
	}
	for _, a := range []session.Actor{l.f, l.co} {
		_, err := l.svc.StartMeeting(ctx, a, l.id)
		wantErr(t, err, session.EConflict, session.MsgRoomAlreadyLive)
	}
	if n := l.svc.Hub().Stats().Rooms; n != 1 {
		t.Fatalf("%d rooms open", n)
	}
}

func TestStartMeetingState(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	ctx := context.Background()
	start := l.clk.Now()
	st, err := l.svc.StartMeeting(ctx, l.f, l.id)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.meetingState(t, l.m1, l.id); got != session.MeetingLive {
		t.Fatalf("meeting state %s, want live", got)
	}
	ms, err := l.svc.Meetings(ctx, l.m1, l.g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].State != session.MeetingLive || ms[1].State != session.MeetingPlanned {
		t.Fatalf("Meetings states = %s, %s", ms[0].State, ms[1].State)
	}
	if st.MeetingID != l.id || st.GroupID != l.g.ID || st.GroupName != l.g.Name || st.Title != l.g.Meetings[0].Title {
		t.Fatalf("room = %+v", st)
	}
	if st.Version != 1 || st.Current != 0 || st.Ended || !st.Started.Equal(start) || st.Driver != l.f.Person.ID {
		t.Fatalf("room version %d current %d ended %v started %v driver %d", st.Version, st.Current, st.Ended, st.Started, st.Driver)
	}
	if !slices.Equal(itemIDs(st.Items), itemIDs(l.items)) || st.CurrentItem().ID != l.items[0].ID {
		t.Fatalf("room agenda %v, want %v", itemIDs(st.Items), itemIDs(l.items))
	}
	want := session.Timer{Remaining: time.Duration(l.items[0].Minutes) * time.Minute}
	if st.Timer != want || st.Timer.Left(start.Add(time.Hour)) != want.Remaining {
		t.Fatalf("timer = %+v, want paused at %v", st.Timer, want.Remaining)
	}
	if !slices.Equal(st.Leaders, ids(l.f, l.co)) {
		t.Fatalf("leaders = %v, want facilitator and co-facilitator %v", st.Leaders, ids(l.f, l.co))
	}
	if !st.Leads(l.co.Person.ID) || st.Leads(l.m1.Person.ID) {
		t.Fatal("Leads wrong")
	}
	if len(st.People) != 0 || len(st.Hands) != 0 || st.Round != nil || len(st.Messages) != 0 {
		t.Fatalf("fresh room not empty: %+v", st)
	}
	if len(st.Timeline) != 1 || st.Timeline[0].ItemID != l.items[0].ID || !st.Timeline[0].From.Equal(start) || !st.Timeline[0].To.IsZero() {
		t.Fatalf("timeline = %+v", st.Timeline)
	}
	// It is what is stored, and what a member sees.
	if got := l.stored(t); asJSON(t, got) != asJSON(t, st) {
		t.Fatalf("stored %s\nreturned %s", asJSON(t, got), asJSON(t, st))
	}
	seen, err := l.svc.Room(ctx, l.m2, l.id)
	if err != nil || asJSON(t, seen) != asJSON(t, st) {
		t.Fatalf("Room = %+v, %v", seen, err)
	}
}

func TestJoinRoomRights(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	unknown, _ := l.svc.Identify(ctx, l.MustKey())
	for _, tt := range []struct {
		name      string
		actor     session.Actor
		meeting   int64
		code, msg string
	}{
		{"outsider", l.out, l.id, session.ENotFound, session.MsgMeetingNotFound},
		{"unknown key", unknown, l.id, session.EUnauthorized, session.MsgNotJoined},
		{"no such meeting", l.m1, 1 << 40, session.ENotFound, session.MsgMeetingNotFound},
		{"planned meeting", l.m1, l.g.Meetings[1].ID, session.EConflict, session.MsgRoomNotLive},
		{"planned meeting, leader", l.f, l.g.Meetings[1].ID, session.EConflict, session.MsgRoomNotLive},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sub, err := l.svc.JoinRoom(ctx, tt.actor, tt.meeting, nil)
			wantErr(t, err, tt.code, tt.msg)
			if sub != nil {
				t.Fatal("subscription returned with an error")
			}
			_, err = l.svc.Room(ctx, tt.actor, tt.meeting)
			wantErr(t, err, tt.code, tt.msg)
		})
	}
	wantErr(t, l.svc.Act(ctx, l.out, l.id, session.Action{Kind: session.ActHand}), session.ENotFound, session.MsgMeetingNotFound)
	if st := l.stored(t); st.Version != 1 || len(st.People) != 0 {
		t.Fatalf("refused joins stored: v%d people %+v", st.Version, st.People)
	}
	if n := l.svc.Hub().Stats().Subscriptions; n != 0 {
		t.Fatalf("%d subscriptions after refusals", n)
	}
	// Every member may join, whatever their role.
	for _, a := range []session.Actor{l.m1, l.m2, l.co, l.f} {
		l.MustEnter(t, a, l.id)
	}
	st := l.room(t)
	if len(st.People) != 4 || st.Version != 5 {
		t.Fatalf("after 4 joins: v%d %+v", st.Version, st.People)
	}
	for _, tt := range []struct {
		a    session.Actor
		role session.GroupRole
	}{{l.m1, session.GroupMentor}, {l.m2, session.GroupAktori}, {l.co, session.GroupCoFacilitator}, {l.f, session.GroupFacilitator}} {
		p := st.Person(tt.a.Person.ID)
		if p == nil || p.Role != tt.role || p.Name != tt.a.Person.Name || p.Sessions != 1 || !p.JoinedAt.Equal(l.clk.Now()) {
			t.Fatalf("presence of %s = %+v", tt.a.Person.Name, p)
		}
	}
	if n := l.svc.Hub().Stats().Subscriptions; n != 4 {
		t.Fatalf("%d subscriptions, want 4", n)
	}
}

func TestJoinRoomDeliversCurrentStateAtOnce(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	fsub, _ := l.MustEnter(t, l.f, l.id)
	if st := recv(t, fsub); st.Version != 2 || st.Person(l.f.Person.ID) == nil {
		t.Fatalf("first state v%d", st.Version)
	}
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	// A late joiner sees where the meeting is, including their own arrival.
	msub, _ := l.MustEnter(t, l.m1, l.id)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	st := msub.Next(ctx)
	if st == nil {
		t.Fatal("late joiner got nothing at once")
	}
	if st.Version != 5 || st.Current != 1 || !st.Timer.Running || st.Person(l.m1.Person.ID).Sessions != 1 {
		t.Fatalf("late joiner's state: v%d current %d timer %+v", st.Version, st.Current, st.Timer)
	}
	// The others are told of the arrival.
	if st := recv(t, fsub); st.Version != 5 || st.Person(l.m1.Person.ID) == nil {
		t.Fatalf("facilitator's state v%d", st.Version)
	}
	quiet(t, msub)
	quiet(t, fsub)
}

func TestPresenceCountsSessions(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	fsub, _ := l.MustEnter(t, l.f, l.id)
	_, leave1 := l.MustEnter(t, l.m1, l.id)
	sub2, leave2 := l.MustEnter(t, l.m1, l.id)
	if n := l.sessionsOf(t, l.m1); n != 2 {
		t.Fatalf("sessions = %d, want 2", n)
	}
	if st := recv(t, fsub); st.Person(l.m1.Person.ID).Sessions != 2 || len(st.People) != 2 {
		t.Fatalf("published presence = %+v", st.People)
	}
	joined := l.room(t).Person(l.m1.Person.ID).JoinedAt
	l.clk.Add(time.Minute)
	l.act(t, l.m1, session.Action{Kind: session.ActHand})
	l.act(t, l.m1, session.Action{Kind: session.ActWriting, Flag: true})

	leave1()
	waitUntil(t, "one session left", func() bool { return l.sessionsOf(t, l.m1) == 1 })
	st := l.room(t)
	if !slices.Equal(st.Hands, ids(l.m1)) || !st.Person(l.m1.Person.ID).Writing {
		t.Fatalf("one session left, but hand %v writing %v", st.Hands, st.Person(l.m1.Person.ID).Writing)
	}
	select {
	case <-sub2.Done():
		t.Fatal("the other session's subscription ended")
	default:
	}

	leave2()
	waitUntil(t, "nobody of m1 left", func() bool { return l.sessionsOf(t, l.m1) == 0 })
	<-sub2.Done()
	st = l.room(t)
	p := st.Person(l.m1.Person.ID)
	if len(st.Hands) != 0 || p.Writing || p.Here() || !p.JoinedAt.Equal(joined) {
		t.Fatalf("after leaving: hands %v presence %+v", st.Hands, p)
	}
	// The departure is stored and published like any change.
	if s := l.stored(t); s.Version != st.Version || s.Person(l.m1.Person.ID).Sessions != 0 {
		t.Fatalf("stored v%d, room v%d", s.Version, st.Version)
	}
	if got := recv(t, fsub); got.Version != st.Version {
		t.Fatalf("published v%d, room v%d", got.Version, st.Version)
	}
	if n := l.svc.Hub().Stats().Subscriptions; n != 1 {
		t.Fatalf("%d subscriptions, want the facilitator's only", n)
	}

	// Coming back counts in again, keeps the first arrival and clears away.
	l.act(t, l.f, session.Action{Kind: session.ActAway, Flag: true})
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	st = l.room(t)
	if p := st.Person(l.m1.Person.ID); p.Sessions != 1 || !p.JoinedAt.Equal(joined) {
		t.Fatalf("back: %+v", p)
	}
	if p := st.Person(l.f.Person.ID); p.Sessions != 2 || p.Away {
		t.Fatalf("facilitator's second session: %+v", p)
	}
}
