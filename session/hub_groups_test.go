package session_test

import (
	"context"
	"testing"

	"github.com/piiri/piiri/session"
)

// pending reports whether a wake is waiting, without waiting: the Service
// wakes before its method returns.
func pending(w *session.GroupWatch) bool {
	done, cancel := context.WithCancel(context.Background())
	cancel()
	return w.Next(done)
}

// TestWatchGroupsWakesMembersOnly: starting, editing and ending a meeting
// wakes the group's members, once however many changes came, and nobody
// else; a removed member is not woken again; the watch ends with its
// context.
func TestWatchGroupsWakesMembersOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mepe")
	f2 := w.MustPerson(t, session.RoleFacilitator, "Toinen")
	g2 := w.MustGroup(t, f2, "mentor-group", "Toinen ryhmä")
	m2 := w.MustMember(t, f2, g2.ID, session.GroupParticipant, "Ulkopuolinen")

	watch := func(a session.Actor) *session.GroupWatch {
		w, err := svc.WatchGroups(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	wf, wm, wo := watch(f), watch(m), watch(m2)
	if _, err := svc.WatchGroups(ctx, session.Actor{Fingerprint: "SHA256:unknown"}); session.ErrorCode(err) != session.EUnauthorized {
		t.Fatalf("an unknown key watches: %v", err)
	}
	check := func(step string, want map[*session.GroupWatch]bool) {
		t.Helper()
		for w, name := range map[*session.GroupWatch]string{wf: "facilitator", wm: "member", wo: "other group's member"} {
			if got := pending(w); got != want[w] {
				t.Errorf("%s: %s woken = %v, want %v", step, name, got, want[w])
			}
		}
	}
	mt := g.Meetings[1].ID
	title := "Uusi otsikko"
	if _, err := svc.UpdateMeeting(ctx, f, mt, session.MeetingUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := svc.AddAgendaItem(ctx, f, mt, session.AgendaItem{Title: "Kohta", Kind: session.KindTalk, Minutes: 5}); err != nil {
			t.Fatal(err)
		}
	}
	check("edits", map[*session.GroupWatch]bool{wf: true, wm: true})
	check("edits, once", nil)

	// A refused change wakes nobody.
	if _, err := svc.UpdateMeeting(ctx, m, mt, session.MeetingUpdate{Title: &title}); session.ErrorCode(err) != session.EForbidden {
		t.Fatalf("a member edited: %v", err)
	}
	check("refused", nil)

	if _, err := svc.StartMeeting(ctx, f, g.Meetings[0].ID); err != nil {
		t.Fatal(err)
	}
	check("start", map[*session.GroupWatch]bool{wf: true, wm: true})
	if err := svc.EndMeeting(ctx, f, g.Meetings[0].ID); err != nil {
		t.Fatal(err)
	}
	check("end", map[*session.GroupWatch]bool{wf: true, wm: true})

	if err := svc.RemoveMember(ctx, f, g.ID, m.Person.ID); err != nil {
		t.Fatal(err)
	}
	pending(wf)
	if _, err := svc.AddMeeting(ctx, f, g.ID); err != nil {
		t.Fatal(err)
	}
	check("after the removal", map[*session.GroupWatch]bool{wf: true})

	// The watch ends with its context.
	wctx, cancel := context.WithCancel(ctx)
	gw, err := svc.WatchGroups(wctx, m2)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if gw.Next(context.Background()) {
		t.Fatal("a wake after the watch ended")
	}
}

// TestReturnRoomWindow: a drop brings the person back into a room that is
// still live, within ReturnWindow, once.
func TestReturnRoomWindow(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mepe")
	live := g.Meetings[0].ID
	if _, err := svc.StartMeeting(ctx, f, live); err != nil {
		t.Fatal(err)
	}
	back := func() int64 {
		t.Helper()
		id, err := svc.ReturnRoom(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	drop := func() {
		t.Helper()
		if err := svc.NoteDropped(ctx, m, live); err != nil {
			t.Fatal(err)
		}
	}
	if id := back(); id != 0 {
		t.Fatalf("a return without a drop: %d", id)
	}
	drop()
	now.Add(session.ReturnWindow - 1)
	if id := back(); id != live {
		t.Fatalf("within the window: %d, want %d", id, live)
	}
	if id := back(); id != 0 {
		t.Fatalf("a second return: %d", id)
	}
	drop()
	now.Add(session.ReturnWindow + 1)
	if id := back(); id != 0 {
		t.Fatalf("after the window: %d", id)
	}
	drop()
	if err := svc.EndMeeting(ctx, f, live); err != nil {
		t.Fatal(err)
	}
	if id := back(); id != 0 {
		t.Fatalf("into an ended meeting: %d", id)
	}
}
