package session_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
)

// TestEditKeepsHistoryAndDeleteRemovesEverywhere: edits keep the newest
// earlier texts for the author; an empty or overlong edit changes
// nothing; a deletion takes the text out of search and the history.
func TestEditKeepsHistoryAndDeleteRemovesEverywhere(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	m1, m2 := w.p["m1"], w.p["m2"]
	r, err := w.svc.AddReflection(ctx, m1, session.ReflectionInput{GroupID: w.g.ID, Body: "Ensimmäinen versio", Visibility: session.VisGroup})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "   ", strings.Repeat("ä", session.MaxReflectionLen+1)} {
		if _, err := w.svc.EditReflection(ctx, m1, r.ID, bad); session.ErrorCode(err) != session.EInvalid {
			t.Fatalf("edit to %d characters: %v", len(bad), err)
		}
	}
	for i := 2; i <= session.MaxHistoryVersions+3; i++ {
		if _, err := w.svc.EditReflection(ctx, m1, r.ID, fmt.Sprintf("Versio %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	last := fmt.Sprintf("Versio %d", session.MaxHistoryVersions+3)
	got, err := w.svc.Reflection(ctx, m2, r.ID)
	if err != nil || got.Body != last {
		t.Fatalf("the other member reads %+v, %v", got, err)
	}
	hist, err := w.svc.ReflectionHistory(ctx, m1, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != session.MaxHistoryVersions || hist[0].Body != fmt.Sprintf("Versio %d", session.MaxHistoryVersions+2) {
		t.Fatalf("history: %d versions, newest %q", len(hist), hist[0].Body)
	}
	if _, err := w.svc.ReflectionHistory(ctx, m2, r.ID); session.ErrorCode(err) != session.EForbidden {
		t.Fatalf("another member's history: %v", err)
	}
	if rs, _ := w.svc.Reflections(ctx, m2, session.ReflectionFilter{Search: "ensimmäinen"}); len(rs) != 0 {
		t.Fatalf("search finds the replaced text: %+v", rs)
	}
	if err := w.svc.DeleteReflection(ctx, m2, r.ID); session.ErrorCode(err) != session.EForbidden {
		t.Fatalf("another member deletes: %v", err)
	}
	if err := w.svc.DeleteReflection(ctx, m1, r.ID); err != nil {
		t.Fatal(err)
	}
	if rs, _ := w.svc.Reflections(ctx, m1, session.ReflectionFilter{Search: "versio"}); len(rs) != 0 {
		t.Fatalf("search finds a deleted text: %+v", rs)
	}
	if _, err := w.svc.ReflectionHistory(ctx, m1, r.ID); session.ErrorCode(err) != session.ENotFound {
		t.Fatalf("history of a deleted reflection: %v", err)
	}
}
