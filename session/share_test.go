package session_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

func TestSentences(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"", nil},
		{"Yksi virke", []string{"Yksi virke"}},
		{"Eka. Toka! Kolmas? Neljäs… Viides", []string{"Eka.", "Toka!", "Kolmas?", "Neljäs…", "Viides"}},
		{"Hän sanoi: ”Kuuntele.” Sitten lähti.", []string{"Hän sanoi: ”Kuuntele.”", "Sitten lähti."}},
		{"Klo 12.30 alkoi. Versio 1.2 toimi.", []string{"Klo 12.30 alkoi.", "Versio 1.2 toimi."}},
		{"Rivi yksi\n\n  Rivi kaksi.  \nKolme", []string{"Rivi yksi", "Rivi kaksi.", "Kolme"}},
	} {
		got := session.Sentences(tt.text)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Sentences(%q) = %q, want %q", tt.text, got, tt.want)
		}
		for _, s := range got {
			if !strings.Contains(tt.text, s) {
				t.Errorf("sentence %q is not in %q", s, tt.text)
			}
		}
	}
}

func TestExcerptBetween(t *testing.T) {
	t.Parallel()
	text := "Sama. Eri asia. Sama. Loppu!"
	for _, tt := range []struct {
		from, to int
		want     string
	}{
		{1, 1, "Sama."}, {2, 3, "Eri asia. Sama."}, {3, 4, "Sama. Loppu!"}, {1, 4, text},
	} {
		got, err := session.ExcerptBetween(text, tt.from, tt.to)
		if err != nil || got != tt.want {
			t.Errorf("ExcerptBetween(%d, %d) = %q, %v; want %q", tt.from, tt.to, got, err, tt.want)
		}
	}
	for _, r := range [][2]int{{0, 1}, {2, 1}, {1, 5}, {5, 5}} {
		_, err := session.ExcerptBetween(text, r[0], r[1])
		wantErr(t, err, session.EInvalid, session.MsgExcerptRange)
	}
}

func TestParseShareDateAndHow(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"1.12.2026": "2026-12-01", " 01.12.2026 ": "2026-12-01", "2026-12-01": "2026-12-01", "15.1.2027.": "2027-01-15"} {
		got, err := session.ParseShareDate(in)
		if err != nil || got.Format(time.DateOnly) != want {
			t.Errorf("ParseShareDate(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	_, err := session.ParseShareDate("")
	wantErr(t, err, session.EInvalid, session.MsgShareWhenEmpty)
	for _, in := range []string{"huomenna", "31.2.2026", "1/12/2026", "1.12.26", "1.12.1999", "2026-13-01"} {
		_, err := session.ParseShareDate(in)
		wantErr(t, err, session.EInvalid, session.MsgShareWhenInvalid)
	}
	if h, err := session.ParseShareHow("export"); err != nil || h != session.HowDocument {
		t.Errorf("export = %q, %v; want a document", h, err)
	}
}

// TestShareExcerptsAndNamedAudience: an excerpt must be found in the
// reflection as it is and is what the author is asked and the audience
// sees; a named audience is kept as typed; nothing is stored on a refusal.
func TestShareExcerptsAndNamedAudience(t *testing.T) {
	t.Parallel()
	w := newEvShareWorld(t)
	ctx := context.Background()
	long := w.MustReflect(t, w.m1, session.ReflectionInput{GroupID: w.g.ID, Body: "Alku on tässä. Keskellä kuuntelu! Lopussa arka asia.", Visibility: session.VisGroup})
	var many []int64
	for i := range session.MaxShareQuotes + 1 {
		r := w.MustReflect(t, w.m2, session.ReflectionInput{GroupID: w.g.ID, Body: "Monta " + strconv.Itoa(i), Visibility: session.VisGroup})
		many = append(many, r.ID, r.ID) // the same twice counts once
	}
	base := session.ShareInput{GroupID: w.g.ID, What: "Opit", Audience: "readers", How: "training", When: "1.12.2026", Quotes: []int64{long.ID}}
	with := func(f func(*session.ShareInput)) session.ShareInput { in := base; f(&in); return in }
	for _, tt := range []struct {
		name      string
		in        session.ShareInput
		code, msg string
	}{
		{"excerpt not in the text", with(func(in *session.ShareInput) { in.Excerpts = map[int64]string{long.ID: "Keskellä puhuminen!"} }), session.EInvalid, session.MsgExcerptNotInText},
		{"no date", with(func(in *session.ShareInput) { in.When = "" }), session.EInvalid, session.MsgShareWhenEmpty},
		{"bad date", with(func(in *session.ShareInput) { in.When = "ensi viikolla" }), session.EInvalid, session.MsgShareWhenInvalid},
		{"named without a name", with(func(in *session.ShareInput) { in.Audience = "named"; in.AudienceName = " \x1b[2J " }), session.EInvalid, session.MsgAudienceNameEmpty},
		{"name too long", with(func(in *session.ShareInput) {
			in.Audience = ""
			in.AudienceName = strings.Repeat("h", session.MaxAudienceNameLen+1)
		}), session.EInvalid, session.MsgAudienceNameLong},
		{"too many quotes", with(func(in *session.ShareInput) { in.Quotes = many }), session.EInvalid, session.MsgTooManyQuotes},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.svc.CreateShare(ctx, w.f, tt.in)
			wantErr(t, err, tt.code, tt.msg)
		})
	}
	if shs := w.shares(t, w.f); len(shs) != 0 {
		t.Fatalf("refusals stored: %+v", shs)
	}

	// An excerpt, with the control characters a paste may bring dropped;
	// to a named audience.
	sh := w.share(t, w.f, with(func(in *session.ShareInput) {
		in.Audience, in.AudienceName = "", "  Johto\x1b[31mryhmä "
		in.Excerpts = map[int64]string{long.ID: " Keskellä kuuntelu!\x07 "}
	}))
	if sh.Audience != session.AudienceNamed || sh.AudienceName != "Johtoryhmä" || sh.When.Format(time.DateOnly) != "2026-12-01" {
		t.Fatalf("share = %+v", sh)
	}
	rs := w.requests(t, w.m1)
	if len(rs) != 1 || rs[0].Excerpt != "Keskellä kuuntelu!" || rs[0].Whole || rs[0].AskedBy != "Fasi" || rs[0].AudienceName != "Johtoryhmä" || rs[0].How != session.HowTraining {
		t.Fatalf("request = %+v", rs)
	}
	// The whole text as the excerpt is the whole reflection.
	whole := w.share(t, w.f, with(func(in *session.ShareInput) { in.Excerpts = map[int64]string{long.ID: long.Body} }))
	// Editing is not possible through the Service, but a stored excerpt
	// is what is shown even if the reflection changed: the audience sees
	// what the author approved.
	if err := w.svc.AnswerQuote(ctx, w.m1, whole.ID, long.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.AnswerQuote(ctx, w.m1, sh.ID, long.ID, true); err != nil {
		t.Fatal(err)
	}
	got := w.sharedWithMe(t, w.reader)
	if len(got) != 1 || got[0].ID != whole.ID || len(got[0].Quotes) != 1 || got[0].Quotes[0].Body != long.Body || !got[0].Quotes[0].Whole {
		t.Fatalf("the readers see %+v (the named audience's share is for nobody in piiri)", got)
	}
	shs := w.shares(t, w.m2)
	if len(shs) != 2 || shs[1].Quotes[0].Body != "Keskellä kuuntelu!" || shs[1].AudienceName != "Johtoryhmä" {
		t.Fatalf("members see %+v", shs)
	}
}

// TestShareCandidatesAndTargets: the leader is offered the group's
// reflections they may read, not private ones, and the other groups.
func TestShareCandidatesAndTargets(t *testing.T) {
	t.Parallel()
	w := newEvShareWorld(t)
	ctx := context.Background()
	cs, err := w.svc.ShareCandidates(ctx, w.f, w.g.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range cs {
		ids = append(ids, strconv.FormatInt(c.ID, 10))
		if c.Body == "M1 YKSITYINEN" || c.Body == "FASIN OMA" || c.Body == "TOISEN RYHMÄN" {
			t.Errorf("offered %q", c.Body)
		}
	}
	if len(cs) != 2 || cs[0].ID != w.groupM2.ID || cs[0].AuthorName == "" || len(cs[0].Sentences) != 1 {
		t.Fatalf("candidates = %v %+v", ids, cs)
	}
	ts, err := w.svc.ShareTargets(ctx, w.f, w.g.ID)
	if err != nil || len(ts) != 1 || ts[0].ID != w.h || ts[0].Name != "Toinen ryhmä" {
		t.Fatalf("targets = %+v, %v", ts, err)
	}
	_, err = w.svc.ShareCandidates(ctx, w.m1, w.g.ID)
	wantErr(t, err, session.EForbidden, session.MsgForbidden)
}

// TestQuotesFollowTheEdit: the author edits a quoted reflection. A quote of
// the whole text shows the new text; an approved excerpt the new text still
// holds stays; one whose words are gone is withdrawn, not shown as it was.
func TestQuotesFollowTheEdit(t *testing.T) {
	t.Parallel()
	w := newEvShareWorld(t)
	ctx := context.Background()
	whole := w.MustReflect(t, w.m1, session.ReflectionInput{GroupID: w.g.ID, Body: "Koko teksti.", Visibility: session.VisGroup})
	kept := w.MustReflect(t, w.m1, session.ReflectionInput{GroupID: w.g.ID, Body: "Alku jää. Tämä pysyy.", Visibility: session.VisGroup})
	gone := w.MustReflect(t, w.m1, session.ReflectionInput{GroupID: w.g.ID, Body: "Alku jää. Tämä poistuu.", Visibility: session.VisGroup})
	sh := w.share(t, w.f, session.ShareInput{GroupID: w.g.ID, What: "Opit", Audience: "readers", How: "training", When: "1.12.2026",
		Quotes:   []int64{whole.ID, kept.ID, gone.ID},
		Excerpts: map[int64]string{kept.ID: "Tämä pysyy.", gone.ID: "Tämä poistuu."}})
	for _, id := range []int64{whole.ID, kept.ID, gone.ID} {
		if err := w.svc.AnswerQuote(ctx, w.m1, sh.ID, id, true); err != nil {
			t.Fatal(err)
		}
	}
	for id, body := range map[int64]string{whole.ID: "Koko teksti, korjattu.", kept.ID: "Uusi alku. Tämä pysyy.", gone.ID: "Alku jää. Muuta tilalle."} {
		if _, err := w.svc.EditReflection(ctx, w.m1, id, body); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[int64]string{}
	for _, s := range w.sharedWithMe(t, w.reader) {
		for _, q := range s.Quotes {
			seen[q.ReflectionID] = q.Body
		}
	}
	want := map[int64]string{whole.ID: "Koko teksti, korjattu.", kept.ID: "Tämä pysyy."}
	if len(seen) != len(want) || seen[whole.ID] != want[whole.ID] || seen[kept.ID] != want[kept.ID] {
		t.Fatalf("the reader sees %v, want %v", seen, want)
	}
	for _, q := range w.requestsAll(t, w.m1) {
		if q.ReflectionID == gone.ID && q.Status != session.QuoteWithdrawn {
			t.Fatalf("the excerpt whose words are gone is %s, want withdrawn", q.Status)
		}
	}
}

func (w *evShareWorld) requestsAll(t *testing.T, a session.Actor) []session.ApprovalRequest {
	t.Helper()
	rs, err := w.svc.MyQuotes(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
