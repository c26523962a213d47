package session_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
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

func TestStoreBeforePublish(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	fsub, _ := l.MustEnter(t, l.f, l.id)
	msub, _ := l.MustEnter(t, l.m1, l.id)
	l.MustEnter(t, l.m2, l.id)
	watch, _ := l.MustEnter(t, l.co, l.id)
	recv(t, fsub)
	recv(t, msub)
	recv(t, watch)
	steps := []struct {
		who session.Actor
		act session.Action
	}{
		{l.f, session.Action{Kind: session.ActTimer}},
		{l.f, session.Action{Kind: session.ActAddMinute}},
		{l.m1, session.Action{Kind: session.ActHand}},
		{l.m2, session.Action{Kind: session.ActHand}},
		{l.f, session.Action{Kind: session.ActGiveWord}},
		{l.m2, session.Action{Kind: session.ActHand}},
		{l.f, session.Action{Kind: session.ActRound}},
		{l.f, session.Action{Kind: session.ActTurn}},
		{l.m1, session.Action{Kind: session.ActPass}},
		{l.f, session.Action{Kind: session.ActNext}},
		{l.f, session.Action{Kind: session.ActBack}},
		{l.m2, session.Action{Kind: session.ActAway, Flag: true}},
		{l.m2, session.Action{Kind: session.ActAway, Flag: false}},
		{l.m1, session.Action{Kind: session.ActWriting, Flag: true}},
		{l.f, session.Action{Kind: session.ActHandoff, Person: l.m1.Person.ID}},
		{l.m1, session.Action{Kind: session.ActNext}},
	}
	version := l.room(t).Version
	for i, s := range steps {
		l.clk.Add(7 * time.Second)
		l.act(t, s.who, s.act)
		got := recv(t, watch)
		if got.Version != version+1 {
			t.Fatalf("step %d (%s): published v%d, want v%d", i, s.act.Kind, got.Version, version+1)
		}
		version = got.Version
		stored := l.stored(t)
		if stored.Version != got.Version {
			t.Fatalf("step %d (%s): stored v%d, published v%d", i, s.act.Kind, stored.Version, got.Version)
		}
		if a, b := asJSON(t, stored), asJSON(t, got); a != b {
			t.Fatalf("step %d (%s): stored state differs from published\nstored    %s\npublished %s", i, s.act.Kind, a, b)
		}
		// Every subscriber has the same newest state.
		for _, sub := range []*session.Subscription{fsub, msub} {
			if st := recv(t, sub); asJSON(t, st) != asJSON(t, got) {
				t.Fatalf("step %d: subscribers disagree", i)
			}
		}
	}
	// A say stores its message and the new version too.
	l.act(t, l.m2, session.Action{Kind: session.ActSay, Text: "hei"})
	got := recv(t, watch)
	if got.Version != version+1 || l.stored(t).Version != got.Version {
		t.Fatalf("say: published v%d, stored v%d, want v%d", got.Version, l.stored(t).Version, version+1)
	}
}

// BUG: the say's message is added to the room state after it is stored,
// so the stored state of version N lacks the message that version N
// published. A restart in between loses the newest message(s) from the
// live room (they remain only in room_messages).
func TestStoredStateHasPublishedMessage(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	l.MustEnter(t, l.f, l.id)
	watch, _ := l.MustEnter(t, l.m1, l.id)
	l.act(t, l.m1, session.Action{Kind: session.ActSay, Text: "viimeinen sana"})
	got := recv(t, watch)
	stored := l.stored(t)
	if stored.Version != got.Version || asJSON(t, stored) != asJSON(t, got) {
		t.Fatalf("v%d: stored messages %+v, published %+v", got.Version, stored.Messages, got.Messages)
	}
	// And so after a restart the message is still in the room.
	n2 := l.MustNode(t, l.db)
	svc2 := n2.svc
	if _, err := svc2.RestoreRooms(context.Background(), session.Operator()); err != nil {
		t.Fatal(err)
	}
	st, err := svc2.Room(context.Background(), l.m1, l.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Messages) != 1 || st.Messages[0].Text != "viimeinen sana" {
		t.Fatalf("messages after restart = %+v", st.Messages)
	}
}

func TestRefusedActionPublishesAndStoresNothing(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	watch, _ := l.MustEnter(t, l.m1, l.id)
	recv(t, watch)
	before := l.room(t)
	for _, tt := range []struct {
		name      string
		who       session.Actor
		act       session.Action
		code, msg string
	}{
		{"member next", l.m1, session.Action{Kind: session.ActNext}, session.EForbidden, session.MsgForbidden},
		{"back at the first", l.f, session.Action{Kind: session.ActBack}, session.EInvalid, session.MsgRoomFirstItem},
		{"turn without round", l.f, session.Action{Kind: session.ActTurn}, session.EInvalid, session.MsgRoomNoRound},
		{"give word without hands", l.f, session.Action{Kind: session.ActGiveWord}, session.EInvalid, session.MsgRoomNoHands},
		{"reveal a round", l.f, session.Action{Kind: session.ActReveal}, session.EInvalid, session.MsgRoomNotWriting},
		{"handoff to the absent", l.f, session.Action{Kind: session.ActHandoff, Person: l.m2.Person.ID}, session.EInvalid, session.MsgRoomNotHere},
		{"empty say", l.m1, session.Action{Kind: session.ActSay, Text: " "}, session.EInvalid, session.MsgMessageEmpty},
		{"unknown action", l.f, session.Action{Kind: "dance"}, session.EInvalid, session.MsgInternal},
		// A member who has not joined the room is not in it.
		{"not in the room", l.m2, session.Action{Kind: session.ActHand}, session.EForbidden, session.MsgForbidden},
		{"leader not in the room", l.co, session.Action{Kind: session.ActNext}, session.EForbidden, session.MsgForbidden},
		{"outsider", l.out, session.Action{Kind: session.ActHand}, session.ENotFound, session.MsgMeetingNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, l.svc.Act(ctx, tt.who, l.id, tt.act), tt.code, tt.msg)
			quiet(t, watch)
			if st := l.stored(t); st.Version != before.Version {
				t.Fatalf("stored v%d, want v%d", st.Version, before.Version)
			}
		})
	}
	if after := l.room(t); asJSON(t, after) != asJSON(t, before) {
		t.Fatalf("room changed by refusals:\n%s\n%s", asJSON(t, before), asJSON(t, after))
	}
}

func TestLeaderActionsRefusedForOthers(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	l.MustEnter(t, l.m2, l.id)
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	l.act(t, l.m2, session.Action{Kind: session.ActHand})
	before := l.room(t)
	for _, act := range []session.Action{
		{Kind: session.ActNext},
		{Kind: session.ActBack},
		{Kind: session.ActTimer},
		{Kind: session.ActAddMinute},
		{Kind: session.ActRound},
		{Kind: session.ActGiveWord},
		{Kind: session.ActGiveWord, Person: l.m1.Person.ID},
		{Kind: session.ActReveal},
		{Kind: session.ActHandoff, Person: l.m1.Person.ID},
	} {
		for _, a := range []session.Actor{l.m1, l.m2} {
			wantErr(t, l.svc.Act(ctx, a, l.id, act), session.EForbidden, session.MsgForbidden)
		}
	}
	if after := l.room(t); asJSON(t, after) != asJSON(t, before) || l.stored(t).Version != before.Version {
		t.Fatal("refused leader actions changed the room")
	}
	if l.room(t).Driver != l.f.Person.ID {
		t.Fatal("driver changed")
	}
}

func TestNextAndBackStayInTheAgenda(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActBack}), session.EInvalid, session.MsgRoomFirstItem)
	for i := 1; i < len(l.items); i++ {
		l.act(t, l.f, session.Action{Kind: session.ActNext})
		if st := l.room(t); st.Current != i || st.CurrentItem().ID != l.items[i].ID {
			t.Fatalf("after %d nexts at %d", i, st.Current)
		}
	}
	last := l.room(t)
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActNext}), session.EInvalid, session.MsgRoomLastItem)
	if st := l.room(t); st.Version != last.Version || st.Current != len(l.items)-1 {
		t.Fatalf("next at the last item moved to %d (v%d)", st.Current, st.Version)
	}
	l.act(t, l.f, session.Action{Kind: session.ActBack})
	if st := l.room(t); st.Current != len(l.items)-2 {
		t.Fatalf("back from the last: at %d", st.Current)
	}
}

func TestTimer(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	l.MustEnter(t, l.f, l.id)
	left := func() time.Duration { return l.room(t).Timer.Left(l.clk.Now()) }
	box := func(i int) time.Duration { return time.Duration(l.items[i].Minutes) * time.Minute }

	if left() != box(0) || l.room(t).Timer.Running {
		t.Fatalf("start: %+v", l.room(t).Timer)
	}
	l.clk.Add(time.Minute)
	if left() != box(0) {
		t.Fatal("a paused timer ran")
	}
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	if tm := l.room(t).Timer; !tm.Running || !tm.Deadline.Equal(l.clk.Now().Add(box(0))) {
		t.Fatalf("started: %+v", tm)
	}
	l.clk.Add(90 * time.Second)
	if got := left(); got != box(0)-90*time.Second {
		t.Fatalf("running: left %v", got)
	}
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	want := box(0) - 90*time.Second
	if tm := l.room(t).Timer; tm.Running || tm.Remaining != want {
		t.Fatalf("paused: %+v, want %v left", tm, want)
	}
	l.clk.Add(5 * time.Minute)
	if got := left(); got != want {
		t.Fatalf("paused, later: left %v, want %v", got, want)
	}
	l.act(t, l.f, session.Action{Kind: session.ActAddMinute})
	want += time.Minute
	if tm := l.room(t).Timer; tm.Running || left() != want {
		t.Fatalf("paused + minute: %+v, want %v", tm, want)
	}
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	l.clk.Add(30 * time.Second)
	l.act(t, l.f, session.Action{Kind: session.ActAddMinute})
	want += 30 * time.Second
	if tm := l.room(t).Timer; !tm.Running || left() != want {
		t.Fatalf("running + minute: %+v, left %v, want %v", tm, left(), want)
	}

	// A new item starts from its own timebox and keeps running.
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	if tm := l.room(t).Timer; !tm.Running || left() != box(1) {
		t.Fatalf("next while running: %+v left %v, want %v running", tm, left(), box(1))
	}
	l.clk.Add(box(1) + 3*time.Minute)
	if got := left(); got != -3*time.Minute {
		t.Fatalf("overtime: left %v, want -3m", got)
	}
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	if tm := l.room(t).Timer; tm.Running || tm.Remaining != -3*time.Minute {
		t.Fatalf("paused in overtime: %+v", tm)
	}
	l.act(t, l.f, session.Action{Kind: session.ActAddMinute})
	if got := left(); got != -2*time.Minute {
		t.Fatalf("overtime + minute: %v", got)
	}
	// Paused stays paused across items, back included.
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	if tm := l.room(t).Timer; tm.Running || tm.Remaining != box(2) {
		t.Fatalf("next while paused: %+v", tm)
	}
	// Back returns to the item's timer as it was left, not its timebox.
	l.act(t, l.f, session.Action{Kind: session.ActBack})
	if tm := l.room(t).Timer; tm.Running || tm.Remaining != -2*time.Minute {
		t.Fatalf("back while paused: %+v", tm)
	}
	// The co-facilitator drives the timer too, without taking the lead.
	l.MustEnter(t, l.co, l.id)
	l.act(t, l.co, session.Action{Kind: session.ActTimer})
	if st := l.room(t); !st.Timer.Running || st.Driver != l.f.Person.ID {
		t.Fatalf("co-facilitator's timer: %+v driver %d", st.Timer, st.Driver)
	}
}

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

func TestReveal(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	writing := slices.IndexFunc(l.items, func(it session.AgendaItem) bool { return it.Kind == session.KindWriting })
	if writing < 1 {
		t.Fatalf("no writing item in %+v", l.items)
	}
	for i := 0; i < writing; i++ {
		wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActReveal}), session.EInvalid, session.MsgRoomNotWriting)
		l.act(t, l.f, session.Action{Kind: session.ActNext})
	}
	wantErr(t, l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActReveal}), session.EForbidden, session.MsgForbidden)
	if st := l.room(t); st.IsRevealed(l.items[writing].ID) {
		t.Fatal("revealed before reveal")
	}
	l.act(t, l.f, session.Action{Kind: session.ActReveal})
	l.act(t, l.f, session.Action{Kind: session.ActReveal})
	st := l.room(t)
	if !st.IsRevealed(l.items[writing].ID) || !slices.Equal(st.Revealed, []int64{l.items[writing].ID}) {
		t.Fatalf("revealed = %v", st.Revealed)
	}
	// Stays revealed when moving on.
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	if !l.room(t).IsRevealed(l.items[writing].ID) {
		t.Fatal("reveal forgotten")
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

func TestSay(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	watch, _ := l.MustEnter(t, l.m1, l.id)
	recv(t, watch)
	version := l.room(t).Version
	for _, tt := range []struct {
		name, text string
		code, msg  string
	}{
		{"empty", "", session.EInvalid, session.MsgMessageEmpty},
		{"blank", " \n\t ", session.EInvalid, session.MsgMessageEmpty},
		{"escapes only", "\x1b[2J\x1b]0;title\x07\x1b[31m\a", session.EInvalid, session.MsgMessageEmpty},
		{"1001 characters", strings.Repeat("ä", session.MaxMessageLen+1), session.EInvalid, session.MsgTextTooLong},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActSay, Text: tt.text})
			wantErr(t, err, tt.code, tt.msg)
			quiet(t, watch)
		})
	}
	if e := session.AsError(l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActSay, Text: strings.Repeat("x", 1001)})); len(e.Args) != 1 || e.Args[0] != session.MaxMessageLen {
		t.Fatalf("too long args = %v", e.Args)
	}
	if st := l.stored(t); st.Version != version {
		t.Fatalf("refused says stored v%d", st.Version)
	}
	// The limit counts characters after cleaning.
	l.act(t, l.m1, session.Action{Kind: session.ActSay, Text: "\x1b[1m" + strings.Repeat("ä", session.MaxMessageLen) + "\x1b[0m"})
	l.act(t, l.f, session.Action{Kind: session.ActSay, Text: "  Hei\x1b[31m kaikki\x1b[0m!\a\r\nToinen\x1b]0;pwned\x07 rivi\u202e  "})
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	l.clk.Add(time.Second)
	l.act(t, l.m1, session.Action{Kind: session.ActSay, Text: "kakkoskohta"})
	st := recv(t, watch)
	if len(st.Messages) != 3 {
		t.Fatalf("messages = %+v", st.Messages)
	}
	m0, m1, m2 := st.Messages[0], st.Messages[1], st.Messages[2]
	if m0.Text != strings.Repeat("ä", session.MaxMessageLen) || m0.ItemID != l.items[0].ID || m0.PersonID != l.m1.Person.ID || m0.Name != "Mentori" {
		t.Fatalf("message 0 = %+v", m0)
	}
	if m1.Text != "Hei kaikki!\nToinen rivi" || m1.ItemID != l.items[0].ID || m1.PersonID != l.f.Person.ID || m1.Name != "Fasi" || m1.MeetingID != l.id {
		t.Fatalf("message 1 = %+v", m1)
	}
	if m2.ItemID != l.items[1].ID || !m2.At.Equal(l.clk.Now()) || m2.ID == 0 || m2.ID <= m1.ID {
		t.Fatalf("message 2 = %+v (1: %+v)", m2, m1)
	}
	// The history holds the same messages.
	all, err := l.db.RoomMessages(ctx, l.id)
	if err != nil || len(all) != 3 {
		t.Fatalf("stored messages %+v, %v", all, err)
	}
	for i := range all {
		if all[i].ID != st.Messages[i].ID || all[i].Text != st.Messages[i].Text || all[i].ItemID != st.Messages[i].ItemID || !all[i].At.Equal(st.Messages[i].At) {
			t.Fatalf("stored message %d = %+v, published %+v", i, all[i], st.Messages[i])
		}
	}
}

func TestSayRateLimit(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	say := func(a session.Actor, text string) error {
		return l.svc.Act(ctx, a, l.id, session.Action{Kind: session.ActSay, Text: text})
	}
	for i := range 5 {
		if err := say(l.m1, fmt.Sprint("viesti ", i)); err != nil {
			t.Fatalf("message %d of the burst: %v", i, err)
		}
	}
	version := l.room(t).Version
	wantErr(t, say(l.m1, "liikaa"), session.ELimit, session.MsgTooFast)
	l.clk.Add(time.Second)
	wantErr(t, say(l.m1, "vieläkin liikaa"), session.ELimit, session.MsgTooFast)
	if st := l.stored(t); st.Version != version {
		t.Fatalf("limited says stored v%d, want v%d", st.Version, version)
	}
	// The limit is per person.
	if err := say(l.f, "minä saan"); err != nil {
		t.Fatalf("another person limited: %v", err)
	}
	l.clk.Add(time.Second) // 2 s since the burst: one more
	if err := say(l.m1, "nyt saa"); err != nil {
		t.Fatalf("after 2 s: %v", err)
	}
	wantErr(t, say(l.m1, "taas liikaa"), session.ELimit, session.MsgTooFast)
	// Other actions are not limited.
	for range 10 {
		l.act(t, l.m1, session.Action{Kind: session.ActHand})
	}
	all, err := l.db.RoomMessages(ctx, l.id)
	if err != nil || len(all) != 7 {
		t.Fatalf("%d messages stored, want 7: %v", len(all), err)
	}
}

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

func TestEndMeeting(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	unknown, _ := l.svc.Identify(ctx, l.MustKey())
	fsub, _ := l.MustEnter(t, l.f, l.id)
	msub, leave := l.MustEnter(t, l.m1, l.id)
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	recv(t, fsub)
	recv(t, msub)
	version := l.room(t).Version
	for _, tt := range []struct {
		a         session.Actor
		code, msg string
	}{
		{l.m1, session.EForbidden, session.MsgForbidden},
		{l.m2, session.EForbidden, session.MsgForbidden},
		{l.out, session.ENotFound, session.MsgMeetingNotFound},
		{unknown, session.EUnauthorized, session.MsgNotJoined},
	} {
		wantErr(t, l.svc.EndMeeting(ctx, tt.a, l.id), tt.code, tt.msg)
	}
	wantErr(t, l.svc.EndMeeting(ctx, l.f, l.g.Meetings[1].ID), session.EConflict, session.MsgRoomNotLive)
	if st := l.stored(t); st.Version != version || l.meetingState(t, l.f, l.id) != session.MeetingLive {
		t.Fatal("refused ends changed something")
	}
	quiet(t, msub)

	l.clk.Add(time.Minute)
	// A leader need not be in the room to end it.
	if err := l.svc.EndMeeting(ctx, l.co, l.id); err != nil {
		t.Fatal(err)
	}
	if got := l.meetingState(t, l.m1, l.id); got != session.MeetingEnded {
		t.Fatalf("meeting %s after the end", got)
	}
	final := recv(t, msub)
	if !final.Ended || final.Version != version+1 || final.Timer.Running || !final.Timeline[0].To.Equal(l.clk.Now()) {
		t.Fatalf("final state: ended %v v%d timer %+v timeline %+v", final.Ended, final.Version, final.Timer, final.Timeline)
	}
	if st := l.stored(t); asJSON(t, st) != asJSON(t, final) {
		t.Fatal("stored final state differs from published")
	}
	if n := l.svc.Hub().Stats().Rooms; n != 0 {
		t.Fatalf("%d rooms open after the end", n)
	}
	wantErr(t, l.svc.Act(ctx, l.f, l.id, session.Action{Kind: session.ActNext}), session.EConflict, session.MsgRoomNotLive)
	wantErr(t, l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActSay, Text: "hei?"}), session.EConflict, session.MsgRoomNotLive)
	_, err := l.svc.JoinRoom(ctx, l.m2, l.id, nil)
	wantErr(t, err, session.EConflict, session.MsgRoomNotLive)
	_, err = l.svc.Room(ctx, l.m1, l.id)
	wantErr(t, err, session.EConflict, session.MsgRoomNotLive)
	wantErr(t, l.svc.EndMeeting(ctx, l.f, l.id), session.EConflict, session.MsgRoomNotLive)
	_, err = l.svc.StartMeeting(ctx, l.f, l.id)
	wantErr(t, err, session.EConflict, session.MsgRoomAlreadyLive)

	// Leaving after the end stores nothing more.
	leave()
	<-msub.Done()
	if st := l.stored(t); st.Version != final.Version {
		t.Fatalf("leave after the end stored v%d", st.Version)
	}
}

func TestMeetingSummary(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	// Tasks: due at the next meeting (in), due later (out), without a due
	// meeting made before (out), during (in) and after (out) the meeting.
	task := func(title string, due int64) *session.Task {
		t.Helper()
		tk, err := l.svc.CreateTask(ctx, l.f, session.Task{GroupID: l.g.ID, Title: title, DueMeetingID: due})
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	l.clk.Add(-time.Hour)
	dueNext := task("Seuraavaan", l.g.Meetings[1].ID)
	task("Myöhemmin", l.g.Meetings[2].ID)
	task("Ennen", 0)
	l.clk.Add(time.Hour)
	if err := l.svc.CompleteTask(ctx, l.m1, dueNext.ID, "oma vastaus"); err != nil {
		t.Fatal(err)
	}

	_, err := l.svc.MeetingSummary(ctx, l.m1, l.id)
	wantErr(t, err, session.EConflict, session.MsgRoomNotEnded)
	_, err = l.svc.MeetingSummary(ctx, l.m1, l.g.Meetings[1].ID)
	wantErr(t, err, session.EConflict, session.MsgRoomNotEnded)

	start := l.clk.Now()
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	_, leave := l.MustEnter(t, l.m2, l.id)
	// Item 0: 3 min, with a round.
	l.act(t, l.f, session.Action{Kind: session.ActRound})
	l.act(t, l.f, session.Action{Kind: session.ActTurn})
	l.act(t, l.m1, session.Action{Kind: session.ActPass})
	l.act(t, l.m2, session.Action{Kind: session.ActTurn})
	l.clk.Add(3 * time.Minute)
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	// Item 1: 7 min, then 1 min on item 2, back for 2 min, on for 4 min.
	leave() // m2 attended, and still counts when gone
	waitUntil(t, "m2 left", func() bool { return l.sessionsOf(t, l.m2) == 0 })
	l.clk.Add(7 * time.Minute)
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	duringTask := task("Kokouksessa", 0)
	l.clk.Add(time.Minute)
	l.act(t, l.f, session.Action{Kind: session.ActBack})
	l.clk.Add(2 * time.Minute)
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	// 105 messages, more than the room keeps.
	for i := range 105 {
		l.clk.Add(2 * time.Second)
		l.act(t, l.m1, session.Action{Kind: session.ActSay, Text: fmt.Sprint("viesti ", i)})
	}
	l.clk.Add(4*time.Minute - 210*time.Second)
	l.act(t, l.f, session.Action{Kind: session.ActRound}) // open at the end
	l.act(t, l.f, session.Action{Kind: session.ActTurn})
	end := l.clk.Now()
	if err := l.svc.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	l.clk.Add(time.Minute)
	task("Jälkeen", 0)

	unknown, _ := l.svc.Identify(ctx, l.MustKey())
	_, err = l.svc.MeetingSummary(ctx, l.out, l.id)
	wantErr(t, err, session.ENotFound, session.MsgMeetingNotFound)
	_, err = l.svc.MeetingSummary(ctx, unknown, l.id)
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)

	for _, a := range []session.Actor{l.m1, l.co} {
		sum, err := l.svc.MeetingSummary(ctx, a, l.id)
		if err != nil {
			t.Fatalf("summary for %s: %v", a.Person.Name, err)
		}
		wantActual := map[int64]time.Duration{
			l.items[0].ID: 3 * time.Minute,
			l.items[1].ID: 9 * time.Minute,
			l.items[2].ID: 5 * time.Minute,
		}
		if len(sum.Actual) != len(wantActual) {
			t.Fatalf("actual = %v", sum.Actual)
		}
		for id, d := range wantActual {
			if sum.Actual[id] != d {
				t.Fatalf("actual of item %d = %v, want %v (all %v)", id, sum.Actual[id], d, sum.Actual)
			}
		}
		if !sum.Ended.Equal(end) || !sum.State.Started.Equal(start) || !sum.State.Ended {
			t.Fatalf("started %v ended %v, want %v–%v", sum.State.Started, sum.Ended, start, end)
		}
		var attended []int64
		for _, p := range sum.Attended {
			attended = append(attended, p.PersonID)
		}
		if !slices.Equal(attended, ids(l.f, l.m1, l.m2)) {
			t.Fatalf("attended %v", attended)
		}
		wantRounds := []session.RoundRecord{{ItemID: l.items[0].ID, Speakers: 2, Passed: 1}, {ItemID: l.items[2].ID, Speakers: 1}}
		if !slices.Equal(sum.State.Rounds, wantRounds) {
			t.Fatalf("rounds = %+v, want %+v", sum.State.Rounds, wantRounds)
		}
		if len(sum.Messages) != 105 || len(sum.State.Messages) != 100 {
			t.Fatalf("%d messages in the summary, %d in the state", len(sum.Messages), len(sum.State.Messages))
		}
		for i, m := range sum.Messages {
			if m.Text != fmt.Sprint("viesti ", i) || m.ItemID != l.items[2].ID || m.PersonID != l.m1.Person.ID {
				t.Fatalf("message %d = %+v", i, m)
			}
		}
		if sum.State.Messages[0].Text != "viesti 5" || sum.State.Messages[99].Text != "viesti 104" {
			t.Fatal("state keeps the wrong messages")
		}
		var tasks []string
		for _, tk := range sum.Tasks {
			tasks = append(tasks, tk.Title)
			if tk.MyResponse != "" {
				t.Fatalf("summary task carries a response: %+v", tk)
			}
		}
		slices.Sort(tasks)
		if want := []string{duringTask.Title, dueNext.Title}; !slices.Equal(tasks, want) {
			t.Fatalf("summary tasks = %v, want %v", tasks, want)
		}
	}
}

// BUG: a task made in the first second of a meeting is left out of its
// summary. Task.CreatedAt is truncated to the second (Service.now) while
// RoomState.Started is not (StartMeeting uses s.Now().UTC()), so a task
// created at 12:00:00.7 in a meeting started at 12:00:00.3 gets CreatedAt
// 12:00:00, "before" the start.
func TestSummaryTaskInFirstSecond(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	ctx := context.Background()
	l.clk.Add(300 * time.Millisecond)
	if _, err := l.svc.StartMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	l.MustEnter(t, l.f, l.id)
	l.clk.Add(400 * time.Millisecond)
	if _, err := l.svc.CreateTask(ctx, l.f, session.Task{GroupID: l.g.ID, Title: "Heti alussa"}); err != nil {
		t.Fatal(err)
	}
	l.clk.Add(time.Minute)
	if err := l.svc.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	sum, err := l.svc.MeetingSummary(ctx, l.f, l.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Tasks) != 1 {
		t.Fatalf("summary tasks = %+v, want the one made during the meeting", sum.Tasks)
	}
}

func TestConcurrentActsKeepVersionsInOrder(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	actors := []session.Actor{l.f, l.m1, l.m2, l.co}
	for _, a := range actors {
		l.MustEnter(t, a, l.id)
	}
	watch, _ := l.MustEnter(t, l.m1, l.id)
	start := recv(t, watch).Version
	const each = 25
	seen := make(chan []int64, 1)
	stop := make(chan struct{})
	go func() {
		var vs []int64
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			st := watch.Next(ctx)
			cancel()
			if st != nil {
				vs = append(vs, st.Version)
			}
			select {
			case <-stop:
				if st == nil {
					seen <- vs
					return
				}
			default:
			}
		}
	}()
	var wg sync.WaitGroup
	for _, a := range actors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				act := session.Action{Kind: session.ActHand}
				if a.Person.ID == l.f.Person.ID && i%5 == 0 {
					act = session.Action{Kind: session.ActAddMinute}
				}
				if err := l.svc.Act(ctx, a, l.id, act); err != nil {
					t.Errorf("%s: %v", a.Person.Name, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	vs := <-seen
	final := start + int64(len(actors)*each)
	if st := l.room(t); st.Version != final || l.stored(t).Version != final {
		t.Fatalf("room v%d, stored v%d, want v%d", st.Version, l.stored(t).Version, final)
	}
	if len(vs) == 0 || vs[len(vs)-1] != final || !slices.IsSorted(vs) || len(slices.Compact(slices.Clone(vs))) != len(vs) {
		t.Fatalf("versions seen %v, want increasing up to %d", vs, final)
	}
	// The facilitator raised and lowered 20 times; the others 25: their
	// hands are up, in whatever order they went.
	hands := slices.Sorted(slices.Values(l.room(t).Hands))
	if want := slices.Sorted(slices.Values(ids(l.m1, l.m2, l.co))); !slices.Equal(hands, want) {
		t.Fatalf("hands %v, want %v", hands, want)
	}
	wantMinutes := time.Duration(l.items[0].Minutes)*time.Minute + 5*time.Minute
	if got := l.room(t).Timer.Remaining; got != wantMinutes {
		t.Fatalf("timer %v, want %v", got, wantMinutes)
	}
}

// hookStore is the real store with hooks, to make a race happen in one
// order every time. Callers tag their contexts with tagKey.
type hookStore struct {
	*storage.DB
	onMeetingByID func(ctx context.Context)
	onMembership  func(ctx context.Context)
	onSaveRoom    func(ctx context.Context, ev session.RoomEvent)
}

type tagKey struct{}

func tagged(tag string) context.Context {
	return context.WithValue(context.Background(), tagKey{}, tag)
}

func (s *hookStore) MeetingByID(ctx context.Context, id int64) (*session.Meeting, error) {
	m, err := s.DB.MeetingByID(ctx, id)
	if s.onMeetingByID != nil {
		s.onMeetingByID(ctx)
	}
	return m, err
}

func (s *hookStore) Membership(ctx context.Context, groupID, personID int64) (*session.Member, error) {
	m, err := s.DB.Membership(ctx, groupID, personID)
	if s.onMembership != nil {
		s.onMembership(ctx)
	}
	return m, err
}

func (s *hookStore) SaveRoom(ctx context.Context, st *session.RoomState, ev session.RoomEvent, msg *session.Message, ms session.MeetingState) error {
	if s.onSaveRoom != nil {
		s.onSaveRoom(ctx, ev)
	}
	return s.DB.SaveRoom(ctx, st, ev, msg, ms)
}

// overHooks replaces the group's Service with one over a hookStore.
func (l *live) overHooks(t *testing.T) *hookStore {
	t.Helper()
	hs := &hookStore{DB: l.db}
	l.svc = l.MustNode(t, hs).svc
	return hs
}

// waitOrTimeout waits for ch, but not forever: a fixed Service may never
// get to the point the hook waits for.
func waitOrTimeout(ch <-chan struct{}) {
	select {
	case <-ch:
	case <-time.After(2 * time.Second):
	}
}

// BUG: StartMeeting checks that the meeting is planned, then saves the
// room with the meeting live, without making the save conditional on the
// meeting still being planned. Two leaders starting at once both succeed;
// the second save overwrites the stored room while the hub keeps the
// first one (hub.open returns the room already open), so stored and live
// state differ (Driver, Started) and the second caller gets a state that
// is not the room's.
func TestConcurrentStartMeeting(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	hs := l.overHooks(t)
	// Each start saves only after both have seen the meeting planned.
	read := map[string]chan struct{}{"first": make(chan struct{}), "second": make(chan struct{})}
	other := map[string]string{"first": "second", "second": "first"}
	var mu sync.Mutex
	hs.onMeetingByID = func(ctx context.Context) {
		mu.Lock()
		defer mu.Unlock()
		if tag, _ := ctx.Value(tagKey{}).(string); read[tag] != nil {
			select {
			case <-read[tag]:
			default:
				close(read[tag])
			}
		}
	}
	hs.onSaveRoom = func(ctx context.Context, ev session.RoomEvent) {
		if tag, _ := ctx.Value(tagKey{}).(string); ev.Kind == "start" && other[tag] != "" {
			waitOrTimeout(read[other[tag]])
		}
	}
	errs := make(chan error, 2)
	go func() {
		_, err := l.svc.StartMeeting(tagged("first"), l.f, l.id)
		errs <- err
	}()
	go func() {
		_, err := l.svc.StartMeeting(tagged("second"), l.co, l.id)
		errs <- err
	}()
	var ok, conflict int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			ok++
		case session.AsError(err).Message == session.MsgRoomAlreadyLive:
			conflict++
		default:
			t.Errorf("StartMeeting: %v", err)
		}
	}
	if ok != 1 || conflict != 1 {
		t.Fatalf("%d starts succeeded, %d refused; want 1 and 1", ok, conflict)
	}
	st := l.room(t)
	if s := l.stored(t); asJSON(t, s) != asJSON(t, st) {
		t.Fatalf("stored room differs from the live one:\nstored %s\nlive   %s", asJSON(t, s), asJSON(t, st))
	}
}

// BUG: JoinRoom's change does not check that the room has ended. A join
// that passed liveRoom just before EndMeeting took the room's lock is
// applied to the ended state afterwards: it stores a new version of the
// ended meeting with one more person present (changing its history and
// attendance) and returns a subscription to a closed room.
func TestJoinRacingEndMeeting(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	hs := l.overHooks(t)
	ctx := context.Background()
	if _, err := l.svc.StartMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	l.MustEnter(t, l.f, l.id)
	// The joiner finds the room live while EndMeeting holds the room's
	// lock, and asks for the lock just before EndMeeting lets go of it.
	passed, ending := make(chan struct{}), make(chan struct{})
	var checks atomic.Int32
	hs.onMembership = func(ctx context.Context) {
		// liveRoom checks membership twice (meetingOf, then member).
		if ctx.Value(tagKey{}) == "joiner" && checks.Add(1) == 2 {
			close(passed)
			waitOrTimeout(ending)
		}
	}
	hs.onSaveRoom = func(ctx context.Context, ev session.RoomEvent) {
		if ev.Kind == "end" {
			close(ending)
			waitOrTimeout(passed)
			// Allowed: lets the joiner reach the room's lock; a goroutine
			// waiting on a mutex sends no event (synctest cannot see it either).
			time.Sleep(20 * time.Millisecond)
		}
	}
	type result struct {
		sub *session.Subscription
		err error
	}
	joined := make(chan result, 1)
	jctx, cancel := context.WithCancel(tagged("joiner"))
	t.Cleanup(cancel)
	go func() {
		sub, err := l.svc.JoinRoom(jctx, l.m1, l.id, nil)
		joined <- result{sub, err}
	}()
	if err := l.svc.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	res := <-joined
	stored := l.stored(t)
	if res.err == nil || stored.Version != 3 || stored.Person(l.m1.Person.ID) != nil {
		t.Fatalf("JoinRoom after the end: err %v; stored v%d (want v3, the end) with %+v", res.err, stored.Version, stored.Person(l.m1.Person.ID))
	}
	wantErr(t, res.err, session.EConflict, session.MsgRoomNotLive)
}

func TestEmptyAgenda(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	ctx := context.Background()
	id := l.g.Meetings[1].ID
	for _, it := range l.MustAgenda(t, l.f, id) {
		if err := l.svc.DeleteAgendaItem(ctx, l.f, it.ID); err != nil {
			t.Fatal(err)
		}
	}
	st, err := l.svc.StartMeeting(ctx, l.f, id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CurrentItem() != nil || st.Timer != (session.Timer{}) || len(st.Timeline) != 0 {
		t.Fatalf("empty room: %+v", st)
	}
	l.id = id
	l.MustEnter(t, l.f, id)
	wantErr(t, l.svc.Act(ctx, l.f, id, session.Action{Kind: session.ActNext}), session.EInvalid, session.MsgRoomLastItem)
	wantErr(t, l.svc.Act(ctx, l.f, id, session.Action{Kind: session.ActBack}), session.EInvalid, session.MsgRoomFirstItem)
	wantErr(t, l.svc.Act(ctx, l.f, id, session.Action{Kind: session.ActRound}), session.EInvalid, session.MsgRoomNobodyHere)
	wantErr(t, l.svc.Act(ctx, l.f, id, session.Action{Kind: session.ActReveal}), session.EInvalid, session.MsgRoomNotWriting)
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	l.act(t, l.f, session.Action{Kind: session.ActSay, Text: "ei asialistaa"})
	if st := l.room(t); len(st.Messages) != 1 || st.Messages[0].ItemID != 0 {
		t.Fatalf("messages = %+v", st.Messages)
	}
	l.clk.Add(time.Minute)
	if err := l.svc.EndMeeting(ctx, l.f, id); err != nil {
		t.Fatal(err)
	}
	sum, err := l.svc.MeetingSummary(ctx, l.m1, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Actual) != 0 || len(sum.Messages) != 1 || len(sum.Attended) != 1 {
		t.Fatalf("summary = %+v", sum)
	}
}

// BUG: MeetingSummary takes the end time from the last timeline visit, so
// a meeting with an empty agenda has a zero Summary.Ended, and the tasks
// made during it (created between Started and Ended) are all left out.
func TestSummaryEndOfEmptyAgenda(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	ctx := context.Background()
	id := l.g.Meetings[1].ID
	for _, it := range l.MustAgenda(t, l.f, id) {
		if err := l.svc.DeleteAgendaItem(ctx, l.f, it.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.svc.StartMeeting(ctx, l.f, id); err != nil {
		t.Fatal(err)
	}
	l.clk.Add(time.Minute)
	if _, err := l.svc.CreateTask(ctx, l.f, session.Task{GroupID: l.g.ID, Title: "Kokouksessa"}); err != nil {
		t.Fatal(err)
	}
	l.clk.Add(time.Minute)
	end := l.clk.Now()
	if err := l.svc.EndMeeting(ctx, l.f, id); err != nil {
		t.Fatal(err)
	}
	sum, err := l.svc.MeetingSummary(ctx, l.f, id)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Ended.Equal(end) || len(sum.Tasks) != 1 {
		t.Fatalf("summary ended %v (want %v), tasks %+v", sum.Ended, end, sum.Tasks)
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

// TestUndoKeepsTime: back after an accidental advance returns to the item
// with its time left and running as it was; forward again resumes the
// next item's time; the summary's actual minutes add up every visit.
func TestUndoKeepsTime(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	box := func(i int) time.Duration { return time.Duration(l.items[i].Minutes) * time.Minute }
	left := func() time.Duration { return l.room(t).Timer.Left(l.clk.Now()) }

	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	l.clk.Add(4 * time.Minute)
	l.act(t, l.f, session.Action{Kind: session.ActNext}) // the accident
	if got := left(); got != box(1) {
		t.Fatalf("new item: %v left, want its timebox %v", got, box(1))
	}
	l.clk.Add(time.Minute)
	l.act(t, l.f, session.Action{Kind: session.ActBack})
	if st := l.room(t); st.Current != 0 || !st.Timer.Running || left() != box(0)-4*time.Minute {
		t.Fatalf("back: current %d timer %+v left %v, want %v running", st.Current, st.Timer, left(), box(0)-4*time.Minute)
	}
	l.clk.Add(3 * time.Minute)
	// Paused now: forward resumes item 1's own time, paused.
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	if st := l.room(t); st.Current != 1 || st.Timer.Running || st.Timer.Remaining != box(1)-time.Minute {
		t.Fatalf("forward again: current %d timer %+v, want %v paused", st.Current, st.Timer, box(1)-time.Minute)
	}
	// Survives a restart: the parked times are in the stored state.
	if p := l.stored(t).Parked[l.items[0].ID]; p != box(0)-7*time.Minute {
		t.Fatalf("stored parked time of item 0: %v", p)
	}
	l.act(t, l.f, session.Action{Kind: session.ActTimer})
	l.clk.Add(2 * time.Minute)
	if err := l.svc.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	sum, err := l.svc.MeetingSummary(ctx, l.f, l.id)
	if err != nil {
		t.Fatal(err)
	}
	if a0, a1 := sum.Actual[l.items[0].ID], sum.Actual[l.items[1].ID]; a0 != 7*time.Minute || a1 != 3*time.Minute {
		t.Fatalf("actual minutes: item 0 %v (want 7m), item 1 %v (want 3m)", a0, a1)
	}
	if _, ok := sum.Actual[l.items[2].ID]; ok {
		t.Fatal("an item never reached has actual time")
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

// TestWrittenCount: the room counts who has submitted a text in a
// silent-writing item, never carrying the texts before the reveal.
func TestWrittenCount(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	for _, a := range []session.Actor{l.f, l.m1, l.m2} {
		l.MustEnter(t, a, l.id)
	}
	w := slices.IndexFunc(l.items, func(it session.AgendaItem) bool { return it.Kind == session.KindWriting })
	for range w {
		l.act(t, l.f, session.Action{Kind: session.ActNext})
	}
	item := l.items[w].ID
	write := func(a session.Actor, body string, reveal bool) {
		t.Helper()
		if _, err := l.svc.AddReflection(ctx, a, session.ReflectionInput{MeetingID: l.id, ItemID: item, Body: body, Reveal: reveal}); err != nil {
			t.Fatalf("AddReflection: %v", err)
		}
	}
	write(l.m1, "Salainen ajatus yksi", true)
	write(l.m2, "Yksityinen ajatus kaksi", false)
	write(l.m1, "Toinen teksti samalta", true)
	st := l.room(t)
	if st.Written[item] != 2 {
		t.Fatalf("written %v, want 2 people", st.Written)
	}
	for _, body := range []string{"Salainen", "Yksityinen", "Toinen teksti"} {
		if js := asJSON(t, st); strings.Contains(js, body) {
			t.Fatalf("unrevealed text %q in the room's state", body)
		}
	}
	if l.stored(t).Written[item] != 2 {
		t.Fatal("count not stored")
	}
	l.act(t, l.f, session.Action{Kind: session.ActReveal})
	if st := l.room(t); len(st.Writings) != 2 || st.Written[item] != 2 {
		t.Fatalf("revealed %d texts, written %v", len(st.Writings), st.Written)
	}
}

// TestWritingOthers counts who else is still writing, for the end warning.
func TestWritingOthers(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	_, leave := l.MustEnter(t, l.m2, l.id)
	l.act(t, l.f, session.Action{Kind: session.ActWriting, Flag: true})
	l.act(t, l.m1, session.Action{Kind: session.ActWriting, Flag: true})
	l.act(t, l.m2, session.Action{Kind: session.ActWriting, Flag: true})
	if n := l.room(t).WritingOthers(l.f.Person.ID); n != 2 {
		t.Fatalf("others writing: %d", n)
	}
	leave()
	waitUntil(t, "m2 left", func() bool { return l.sessionsOf(t, l.m2) == 0 })
	if n := l.room(t).WritingOthers(l.f.Person.ID); n != 1 {
		t.Fatalf("others writing after one left: %d", n)
	}
}

// TestMeetingLink: leaders set an https call link, checked and sanitised;
// the room shows it from the start and when it changes live.
func TestMeetingLink(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	ctx := context.Background()
	for _, bad := range []string{"http://meet.jit.si/ryhma", "javascript:alert(1)", "https://", "meet.jit.si/ryhma",
		"https://user:pw@evil.example/x", "https://meet.jit.si/a b", "https://meet.jit.si/" + strings.Repeat("a", session.MaxLinkLen)} {
		_, err := l.svc.SetMeetingLink(ctx, l.f, l.id, bad)
		wantErr(t, err, session.EInvalid, session.MsgLinkInvalid)
	}
	if m := l.MustMeeting(t, l.f, l.id); m.Link != "" {
		t.Fatalf("a refused link was saved: %q", m.Link)
	}
	_, err := l.svc.SetMeetingLink(ctx, l.m1, l.id, "https://meet.jit.si/ryhma")
	wantErr(t, err, session.EForbidden, session.MsgForbidden)
	m, err := l.svc.SetMeetingLink(ctx, l.f, l.id, "  https://meet.jit.si/Piiri\x1b[31m-ryhma  ")
	if err != nil || m.Link != "https://meet.jit.si/Piiri-ryhma" {
		t.Fatalf("SetMeetingLink = %+v, %v", m, err)
	}
	if got := l.MustMeeting(t, l.m1, l.id).Link; got != m.Link {
		t.Fatalf("stored link %q", got)
	}
	st, err := l.svc.StartMeeting(ctx, l.f, l.id)
	if err != nil || st.Link != m.Link {
		t.Fatalf("room link %q, %v", st.Link, err)
	}
	sub, _ := l.MustEnter(t, l.m1, l.id)
	recv(t, sub)
	teams := "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%22Tid%22%3a%221%22%7d"
	if _, err := l.svc.SetMeetingLink(ctx, l.co, l.id, teams); err != nil {
		t.Fatal(err)
	}
	if got := recv(t, sub).Link; got != teams {
		t.Fatalf("published link %q", got)
	}
	if _, err := l.svc.SetMeetingLink(ctx, l.f, l.id, ""); err != nil {
		t.Fatal(err)
	}
	if got := recv(t, sub).Link; got != "" {
		t.Fatalf("cleared link published as %q", got)
	}
	if err := l.svc.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	_, err = l.svc.SetMeetingLink(ctx, l.f, l.id, teams)
	wantErr(t, err, session.EConflict, session.MsgMeetingEnded)
}

// TestDraftsKeptAtTheEnd: drafts left in a meeting's items go to their
// writers' journal drafts on the group when it ends: at once for those who
// had dropped, on their own request for those still in the room.
func TestDraftsKeptAtTheEnd(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	_, leave := l.MustEnter(t, l.m1, l.id)
	l.MustEnter(t, l.m2, l.id)
	key := func(i int) string { return session.MeetingDraftKey(l.id, l.items[i].ID) }
	journal := session.JournalDraftKey(l.g.ID)
	draft := func(a session.Actor, k string) string {
		t.Helper()
		d, err := l.svc.Draft(ctx, a, k)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	save := func(a session.Actor, k, body string) {
		t.Helper()
		if err := l.svc.SaveDraft(ctx, a, k, body); err != nil {
			t.Fatal(err)
		}
	}
	save(l.m1, key(0), "Yhteys katkesi kesken")
	save(l.m2, key(0), "Ensimmäinen kohta")
	save(l.m2, key(1), "Toinen kohta")
	save(l.m2, journal, "Vanha päiväkirjaluonnos")
	_, err := l.svc.KeepMeetingDrafts(ctx, l.m2, l.id)
	wantErr(t, err, session.EConflict, session.MsgRoomNotEnded)
	leave()
	waitUntil(t, "m1 left", func() bool { return l.sessionsOf(t, l.m1) == 0 })
	if err := l.svc.EndMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	if got := draft(l.m1, journal); got != "Yhteys katkesi kesken" || draft(l.m1, key(0)) != "" {
		t.Fatalf("m1's journal draft %q, item draft %q", got, draft(l.m1, key(0)))
	}
	// m2 was here: their session keeps theirs, with the newest text.
	if draft(l.m2, key(1)) != "Toinen kohta" {
		t.Fatal("a present writer's draft moved under them")
	}
	save(l.m2, key(1), "Toinen kohta, loppuun")
	_, err = l.svc.KeepMeetingDrafts(ctx, l.out, l.id)
	wantErr(t, err, session.ENotFound, session.MsgMeetingNotFound)
	kept, err := l.svc.KeepMeetingDrafts(ctx, l.m2, l.id)
	if err != nil || !kept {
		t.Fatalf("KeepMeetingDrafts = %v, %v", kept, err)
	}
	if got, want := draft(l.m2, journal), "Vanha päiväkirjaluonnos\n\nEnsimmäinen kohta\n\nToinen kohta, loppuun"; got != want {
		t.Fatalf("m2's journal draft %q, want %q", got, want)
	}
	if kept, err := l.svc.KeepMeetingDrafts(ctx, l.m2, l.id); err != nil || kept {
		t.Fatalf("a second keep = %v, %v", kept, err)
	}
	if draft(l.m1, journal) != "Yhteys katkesi kesken" {
		t.Fatal("m2's keep touched m1's drafts")
	}
}
