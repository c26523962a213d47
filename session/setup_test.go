package session_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// TestInterimTasksAreForMembers: leaders give tasks and read the answers;
// the done counts, the open tasks on home and the room count the members
// who do them, and each doer sees their own ☑ in the room.
func TestInterimTasksAreForMembers(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mentor-group")
	co := w.MustMember(t, f, g.ID, session.GroupCoFacilitator, "Kofasi")
	m2 := w.MustMember(t, f, g.ID, session.GroupParticipant, "Toinen")
	due := g.Meetings[0].ID
	tk, err := svc.CreateTask(ctx, f, session.Task{GroupID: g.ID, Title: "Kuuntele", DueMeetingID: due})
	if err != nil {
		t.Fatal(err)
	}
	open := func(a session.Actor) []int64 {
		t.Helper()
		o, err := svc.Overview(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, ot := range o.Tasks {
			ids = append(ids, ot.ID)
		}
		return ids
	}
	// Home nags those who do tasks, not the one who gave it nor a co-leader.
	for _, a := range []session.Actor{f, co} {
		if got := open(a); len(got) != 0 {
			t.Errorf("%s is asked to do %v", a.Person.Name, got)
		}
	}
	for _, a := range []session.Actor{m, m2} {
		if got := open(a); !slices.Equal(got, []int64{tk.ID}) {
			t.Errorf("%s's open tasks = %v", a.Person.Name, got)
		}
	}

	// A leader's answer is not counted; a member's is.
	if err := svc.CompleteTask(ctx, co, tk.ID, "Kokeilin itsekin"); err != nil {
		t.Fatal(err)
	}
	now.Add(time.Minute)
	if err := svc.CompleteTask(ctx, m, tk.ID, "Kuuntelin\x1b[31m kolmea kollegaa."); err != nil {
		t.Fatal(err)
	}
	got := w.MustDetail(t, f, g.ID).Tasks[0]
	if got.Done != 1 || got.Members != 2 {
		t.Fatalf("done %d of %d, want 1 of 2", got.Done, got.Members)
	}

	// The leaders read the answers, first done first, cleaned; members
	// may not.
	for _, a := range []session.Actor{f, co} {
		task, rs, err := svc.TaskResponses(ctx, a, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if task.ID != tk.ID || len(rs) != 2 || rs[0].Name != "Kofasi" || rs[1].Name != "Mentori" ||
			rs[1].Response != "Kuuntelin kolmea kollegaa." || rs[1].PersonID != m.Person.ID {
			t.Fatalf("%s reads %+v", a.Person.Name, rs)
		}
	}
	for _, a := range []session.Actor{m, m2} {
		_, rs, err := svc.TaskResponses(ctx, a, tk.ID)
		if session.ErrorCode(err) != session.EForbidden || rs != nil {
			t.Fatalf("%s read the responses: %v %v", a.Person.Name, rs, err)
		}
	}
	outsider := w.MustPerson(t, session.RoleMember, "Ulkopuolinen")
	_, _, err = svc.TaskResponses(ctx, outsider, tk.ID)
	wantErr(t, err, session.ENotFound, session.MsgTaskNotFound)
	_, _, err = svc.TaskResponses(ctx, f, 1<<40)
	wantErr(t, err, session.ENotFound, session.MsgTaskNotFound)

	// The room lists the task due at it: 1 of 2, ☑ for the one who did it.
	st, err := svc.StartMeeting(ctx, f, due)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Tasks) != 1 {
		t.Fatalf("room tasks %+v", st.Tasks)
	}
	ts := st.Tasks[0]
	if ts.Done != 1 || ts.Members != 2 || st.TaskBox(ts, m.Person.ID) != "☑" || st.TaskBox(ts, m2.Person.ID) != "☐" || st.TaskBox(ts, f.Person.ID) != "•" {
		t.Fatalf("room task %+v: boxes %s %s %s", ts, st.TaskBox(ts, m.Person.ID), st.TaskBox(ts, m2.Person.ID), st.TaskBox(ts, f.Person.ID))
	}
}

// TestEndedMeetingShowsWhenHeld: an ended meeting carries when it really
// started and ended, not only its plan; planned and live ones have no end.
func TestEndedMeetingShowsWhenHeld(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mentor-group")
	id := g.Meetings[0].ID
	if _, err := svc.AddMeeting(ctx, f, g.ID); err != nil {
		t.Fatal(err)
	}
	plan := now.Now().Add(48 * time.Hour)
	if _, err := svc.UpdateMeeting(ctx, f, id, session.MeetingUpdate{StartsAt: &plan}); err != nil {
		t.Fatal(err)
	}
	now.Add(2*time.Hour + 32*time.Minute)
	started := now.Now()
	if _, err := svc.StartMeeting(ctx, f, id); err != nil {
		t.Fatal(err)
	}
	live, _, err := svc.Meeting(ctx, m, id)
	if err != nil {
		t.Fatal(err)
	}
	if !live.HeldFrom.Equal(started) || !live.HeldTo.IsZero() || live.Held() {
		t.Fatalf("live meeting: from %v to %v", live.HeldFrom, live.HeldTo)
	}
	now.Add(89 * time.Minute)
	if err := svc.EndMeeting(ctx, f, id); err != nil {
		t.Fatal(err)
	}
	ms, err := svc.Meetings(ctx, m, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	ended := ms[0]
	if !ended.Held() || !ended.HeldFrom.Equal(started) || !ended.HeldTo.Equal(now.Now()) || !ended.StartsAt.Equal(plan) {
		t.Fatalf("ended meeting: planned %v, held %v–%v", ended.StartsAt, ended.HeldFrom, ended.HeldTo)
	}
	if ms[1].Held() || !ms[1].HeldFrom.IsZero() {
		t.Fatalf("a planned meeting has held times: %+v", ms[1])
	}
}
