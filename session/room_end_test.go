package session_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

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
	wantErr(t, err, session.EConflict, session.MsgMeetingAlreadyHeld) // held, not "already started"

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
