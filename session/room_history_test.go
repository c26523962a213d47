package session_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/piiri/piiri/session"
)

// TestItemMessagesHasTheWholeItem: the state carries recent messages (and
// says whether they are all there are); the item's history has all of
// them, that item's only, oldest first.
func TestItemMessagesHasTheWholeItem(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	say := func(a session.Actor, text string) {
		l.clk.Add(5e9) // past the rate limit
		l.act(t, a, session.Action{Kind: session.ActSay, Text: text})
	}
	if st := l.room(t); !st.MessagesWhole {
		t.Fatal("a room just started does not say it carries its whole discussion")
	}
	for i := range 120 {
		say(l.f, fmt.Sprintf("eka %d", i))
		if st := l.room(t); st.MessagesWhole != (i < session.RecentMessages) {
			t.Fatalf("after %d messages, carried %d, whole %v", i+1, len(st.Messages), st.MessagesWhole)
		}
	}
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	say(l.m1, "toka")
	if st := l.room(t); len(st.Messages) >= 121 {
		t.Fatalf("the state carries %d messages: the test needs it to forget some", len(st.Messages))
	}
	got, err := l.svc.ItemMessages(ctx, l.m1, l.id, l.items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 120 || got[0].Text != "eka 0" || got[119].Text != "eka 119" {
		t.Fatalf("first item's history: %d messages, %+v … ", len(got), got[:1])
	}
	got, err = l.svc.ItemMessages(ctx, l.m1, l.id, l.items[1].ID)
	if err != nil || len(got) != 1 || got[0].Text != "toka" {
		t.Fatalf("second item's history: %+v %v", got, err)
	}
	if _, err := l.svc.ItemMessages(ctx, l.out, l.id, l.items[0].ID); session.ErrorCode(err) != session.ENotFound {
		t.Fatalf("an outsider read the discussion: %v", err)
	}
}

// TestEditWritingUntilReveal: the author changes a submitted text until
// the reveal, and the reveal shows the changed one; afterwards it is
// refused; nobody else may edit it.
func TestEditWritingUntilReveal(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	writing := slices.IndexFunc(l.items, func(it session.AgendaItem) bool { return it.Kind == session.KindWriting })
	for range writing {
		l.act(t, l.f, session.Action{Kind: session.ActNext})
	}
	r, err := l.svc.AddReflection(ctx, l.m1, session.ReflectionInput{MeetingID: l.id, ItemID: l.items[writing].ID, Body: "Ensin", Reveal: false})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.EditWriting(ctx, l.f, r.ID, "Fasin versio", true); session.ErrorCode(err) != session.ENotFound {
		t.Fatalf("the facilitator edited another's text: %v", err)
	}
	if _, err := l.svc.EditWriting(ctx, l.m1, r.ID, "  ", true); session.ErrorCode(err) != session.EInvalid {
		t.Fatalf("an empty edit: %v", err)
	}
	if _, err := l.svc.EditWriting(ctx, l.m1, r.ID, "Sitten\x1b[31m näin", true); err != nil {
		t.Fatal(err)
	}
	// A second author, removed before the reveal, can no longer change
	// their text.
	r2, err := l.svc.AddReflection(ctx, l.m2, session.ReflectionInput{MeetingID: l.id, ItemID: l.items[writing].ID, Body: "Toinen", Reveal: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.svc.RemoveMember(ctx, l.f, l.g.ID, l.m2.Person.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.EditWriting(ctx, l.m2, r2.ID, "Poistettuna kirjoitettu", true); session.ErrorCode(err) != session.ENotFound {
		t.Fatalf("a removed member edited their writing: %v", err)
	}
	l.act(t, l.f, session.Action{Kind: session.ActReveal})
	st := l.room(t)
	if i := slices.IndexFunc(st.Writings, func(w session.RevealedWriting) bool { return w.Body == "Poistettuna kirjoitettu" }); i >= 0 {
		t.Fatalf("the reveal shows what a removed member wrote after: %+v", st.Writings)
	}
	st.Writings = slices.DeleteFunc(st.Writings, func(w session.RevealedWriting) bool { return w.Body == "Toinen" })
	if len(st.Writings) != 1 || st.Writings[0].Body != "Sitten näin" {
		t.Fatalf("revealed %+v", st.Writings)
	}
	_, err = l.svc.EditWriting(ctx, l.m1, r.ID, "Myöhässä", true)
	wantErr(t, err, session.EConflict, session.MsgWritingRevealed)
	if got, _ := l.svc.Reflection(ctx, l.m1, r.ID); got.Body != "Sitten näin" {
		t.Fatalf("stored after a refused edit: %q", got.Body)
	}
}
