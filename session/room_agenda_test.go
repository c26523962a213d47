package session_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

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
