package session_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
)

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
