package session_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
)

// rfWorld is a group g with a facilitator, a co-facilitator, two members, a
// global reader in it and one who left; a second group h with its own
// facilitator; a global reader and an admin in no group.
type rfWorld struct {
	*world
	g, h    *session.Group
	meeting int64 // g's first meeting
	p       map[string]session.Actor
}

func newRfWorld(t *testing.T) *rfWorld {
	t.Helper()
	w := &rfWorld{world: newWorld(t), p: map[string]session.Actor{}}
	fac := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	w.g = w.MustGroup(t, fac, "mepe", "Ryhmä G")
	w.p["fac"] = fac
	w.p["co"] = w.MustMember(t, fac, w.g.ID, session.GroupCoFacilitator, "Kofasi")
	w.p["m1"] = w.MustMember(t, fac, w.g.ID, session.GroupMentor, "Mentori")
	w.p["m2"] = w.MustMember(t, fac, w.g.ID, session.GroupAktori, "Aktori")
	w.p["former"] = w.MustMember(t, fac, w.g.ID, session.GroupParticipant, "Entinen")
	w.p["reader"] = w.MustPerson(t, session.RoleReader, "Lukija")
	readerIn := w.MustPerson(t, session.RoleReader, "Lukija ryhmässä")
	w.MustJoinAlso(t, fac, w.g.ID, session.GroupParticipant, readerIn)
	w.p["readerIn"] = readerIn
	w.p["admin"] = w.MustPerson(t, session.RoleAdmin, "Admin")
	other := w.MustPerson(t, session.RoleFacilitator, "Toinen")
	w.h = w.MustGroup(t, other, "mentor-group", "Ryhmä H")
	w.p["other"] = other
	w.meeting = w.MustDetail(t, fac, w.g.ID).Meetings[0].ID
	return w
}

func (w *rfWorld) tick(d time.Duration) { w.clk.Add(d) }

func (w *rfWorld) list(t *testing.T, a session.Actor, f session.ReflectionFilter) []session.Reflection {
	t.Helper()
	rs, err := w.svc.Reflections(context.Background(), a, f)
	if err != nil {
		t.Fatalf("Reflections(%s, %+v): %v", a.Person.Name, f, err)
	}
	for i := 1; i < len(rs); i++ {
		if rs[i].ID >= rs[i-1].ID {
			t.Fatalf("not newest first: %v", refIDs(rs))
		}
	}
	return rs
}

func refIDs(rs []session.Reflection) []int64 {
	out := make([]int64, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

// desc returns ids newest first.
func desc(ids ...int64) []int64 {
	out := slices.Clone(ids)
	sort.Slice(out, func(i, j int) bool { return out[i] > out[j] })
	if out == nil {
		out = []int64{}
	}
	return out
}

func wantIDs(t *testing.T, what string, rs []session.Reflection, want ...int64) {
	t.Helper()
	if got, w := refIDs(rs), desc(want...); !slices.Equal(got, w) {
		t.Fatalf("%s: ids = %v, want %v", what, got, w)
	}
}

// wantFound checks search results as a set: they come best match first.
func wantFound(t *testing.T, what string, rs []session.Reflection, want ...int64) {
	t.Helper()
	got, w := refIDs(rs), desc(want...)
	slices.Sort(got)
	slices.Sort(w)
	if !slices.Equal(got, w) {
		t.Fatalf("%s: ids = %v, want %v", what, got, w)
	}
}

func TestAddReflectionValidation(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	m1, other := w.p["m1"], w.p["other"]
	unknown, _ := w.svc.Identify(ctx, w.MustKey())
	items := w.MustAgenda(t, w.p["fac"], w.meeting)
	d := w.MustDetail(t, w.p["fac"], w.g.ID)
	if len(d.Meetings) < 2 {
		t.Fatalf("mepe group has %d meetings", len(d.Meetings))
	}
	otherItems := w.MustAgenda(t, w.p["fac"], d.Meetings[1].ID)
	hMeeting := w.MustDetail(t, other, w.h.ID).Meetings[0].ID

	tests := []struct {
		name      string
		actor     session.Actor
		in        session.ReflectionInput
		code, msg string
	}{
		{"empty", m1, session.ReflectionInput{Body: ""}, session.EInvalid, session.MsgReflectionEmpty},
		{"blank", m1, session.ReflectionInput{Body: " \n\t \r\n "}, session.EInvalid, session.MsgReflectionEmpty},
		{"escapes only", m1, session.ReflectionInput{Body: "\x1b[2J\x1b]0;otsikko\x07\a\u202e\u009b31m\u009d8;;x\u009c"}, session.EInvalid, session.MsgReflectionEmpty},
		{"20001 characters", m1, session.ReflectionInput{Body: strings.Repeat("ä", session.MaxReflectionLen+1)}, session.EInvalid, session.MsgTextTooLong},
		{"bad visibility", m1, session.ReflectionInput{Body: "x", Visibility: "public"}, session.EInvalid, session.MsgVisibilityInvalid},
		{"group visibility without a group", m1, session.ReflectionInput{Body: "x", Visibility: session.VisGroup}, session.EInvalid, session.MsgVisibilityNeedsGroup},
		{"item of another meeting", m1, session.ReflectionInput{Body: "x", MeetingID: w.meeting, ItemID: otherItems[0].ID}, session.EInvalid, session.MsgItemNotInMeeting},
		{"item of another group's meeting", other, session.ReflectionInput{Body: "x", MeetingID: hMeeting, ItemID: items[0].ID}, session.EInvalid, session.MsgItemNotInMeeting},
		{"no such item", m1, session.ReflectionInput{Body: "x", MeetingID: w.meeting, ItemID: 1 << 40}, session.EInvalid, session.MsgItemNotInMeeting},
		{"not a member of the group", other, session.ReflectionInput{Body: "x", GroupID: w.g.ID}, session.ENotFound, session.MsgGroupNotFound},
		{"no such group", m1, session.ReflectionInput{Body: "x", GroupID: 1 << 40}, session.ENotFound, session.MsgGroupNotFound},
		{"not a member of the meeting", other, session.ReflectionInput{Body: "x", MeetingID: w.meeting}, session.ENotFound, session.MsgMeetingNotFound},
		{"not a member, with an item", w.p["reader"], session.ReflectionInput{Body: "x", MeetingID: w.meeting, ItemID: items[0].ID}, session.ENotFound, session.MsgMeetingNotFound},
		{"admin outside the group", w.p["admin"], session.ReflectionInput{Body: "x", GroupID: w.g.ID}, session.ENotFound, session.MsgGroupNotFound},
		{"no such meeting", m1, session.ReflectionInput{Body: "x", MeetingID: 1 << 40}, session.ENotFound, session.MsgMeetingNotFound},
		{"invalid draft key", m1, session.ReflectionInput{Body: "x", DraftKey: "luonnos"}, session.EInvalid, session.MsgDraftKeyInvalid},
		{"unknown key", unknown, session.ReflectionInput{Body: "x"}, session.EUnauthorized, session.MsgNotJoined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := w.svc.AddReflection(ctx, tt.actor, tt.in)
			wantErr(t, err, tt.code, tt.msg)
			if r != nil {
				t.Fatalf("reflection returned with an error: %+v", r)
			}
		})
	}
	for _, name := range []string{"m1", "other", "reader", "admin"} {
		if rs := w.list(t, w.p[name], session.ReflectionFilter{}); len(rs) != 0 {
			t.Fatalf("refusals stored %d reflections visible to %s", len(rs), name)
		}
	}

	// The limit is inclusive and counts characters after sanitising.
	long := w.MustReflect(t, m1, session.ReflectionInput{Body: "\x1b[1m" + strings.Repeat("ä", session.MaxReflectionLen) + "\x1b[0m\a"})
	if long.Body != strings.Repeat("ä", session.MaxReflectionLen) {
		t.Fatalf("20000-character body came back with %d characters", session.RuneCount(long.Body))
	}
	// Escapes, controls and bidi overrides go; line breaks stay.
	r := w.MustReflect(t, m1, session.ReflectionInput{Body: "  Hei\x1b[31m punainen\x1b[0m\a maailma\u202e\r\nToinen\x1b]0;title\x07 rivi\x00  "})
	if want := "Hei punainen maailma\nToinen rivi"; r.Body != want {
		t.Fatalf("body = %q, want %q", r.Body, want)
	}
	if got, err := w.svc.Reflection(ctx, m1, r.ID); err != nil || got.Body != r.Body {
		t.Fatalf("stored body = %+v, %v", got, err)
	}
	// Private by default, with the author's name and the time.
	if r.Visibility != session.VisPrivate || r.AuthorID != m1.Person.ID || r.AuthorName != "Mentori" ||
		r.GroupID != 0 || r.MeetingID != 0 || !r.CreatedAt.Equal(w.clk.Now()) {
		t.Fatalf("journal entry = %+v", r)
	}
	// Visibility names are case-insensitive; shared needs no group.
	if r := w.MustReflect(t, m1, session.ReflectionInput{Body: "jaettu", Visibility: "SHARED"}); r.Visibility != session.VisShared || r.GroupID != 0 {
		t.Fatalf("shared journal entry = %+v", r)
	}
	// A meeting implies its group, and the item must be the meeting's.
	r = w.MustReflect(t, m1, session.ReflectionInput{Body: "kokouksessa", MeetingID: w.meeting, ItemID: items[1].ID, Visibility: session.VisGroup})
	if r.GroupID != w.g.ID || r.MeetingID != w.meeting || r.ItemID != items[1].ID {
		t.Fatalf("meeting reflection = %+v", r)
	}
	got, err := w.svc.Reflection(ctx, m1, r.ID)
	if err != nil || got.GroupID != w.g.ID || got.GroupName != "Ryhmä G" || got.MeetingID != w.meeting || got.MeetingTitle == "" ||
		got.ItemID != items[1].ID || got.Visibility != session.VisGroup || got.AuthorName != "Mentori" {
		t.Fatalf("stored meeting reflection = %+v, %v", got, err)
	}
	// A journal entry on a group.
	r = w.MustReflect(t, m1, session.ReflectionInput{Body: "ryhmän päiväkirja", GroupID: w.g.ID, Visibility: session.VisGroup})
	if r.GroupID != w.g.ID || r.MeetingID != 0 {
		t.Fatalf("group journal = %+v", r)
	}
}

func TestAddReflectionDeletesItsDraft(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	m1, m2 := w.p["m1"], w.p["m2"]
	items := w.MustAgenda(t, m1, w.meeting)
	key := session.MeetingDraftKey(w.meeting, items[0].ID)
	other := session.JournalDraftKey(0)
	for _, a := range []session.Actor{m1, m2} {
		if err := w.svc.SaveDraft(ctx, a, key, "luonnos "+a.Person.Name); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.svc.SaveDraft(ctx, m1, other, "toinen luonnos"); err != nil {
		t.Fatal(err)
	}
	// A refused reflection keeps the draft.
	_, err := w.svc.AddReflection(ctx, m1, session.ReflectionInput{Body: "", DraftKey: key})
	wantErr(t, err, session.EInvalid, session.MsgReflectionEmpty)
	_, err = w.svc.AddReflection(ctx, m1, session.ReflectionInput{Body: "x", MeetingID: w.meeting, ItemID: 1 << 40, DraftKey: key})
	wantErr(t, err, session.EInvalid, session.MsgItemNotInMeeting)
	if d, _ := w.svc.Draft(ctx, m1, key); d != "luonnos Mentori" {
		t.Fatalf("draft after refusals = %q", d)
	}

	w.MustReflect(t, m1, session.ReflectionInput{Body: "valmis", MeetingID: w.meeting, ItemID: items[0].ID, DraftKey: key})
	if d, err := w.svc.Draft(ctx, m1, key); err != nil || d != "" {
		t.Fatalf("draft after submitting = %q, %v", d, err)
	}
	// Only that draft of that person.
	if d, _ := w.svc.Draft(ctx, m2, key); d != "luonnos Aktori" {
		t.Fatalf("other person's draft = %q", d)
	}
	if d, _ := w.svc.Draft(ctx, m1, other); d != "toinen luonnos" {
		t.Fatalf("other draft = %q", d)
	}
	// Submitting with a key that has no draft is fine.
	w.MustReflect(t, m1, session.ReflectionInput{Body: "ilman luonnosta", DraftKey: session.JournalDraftKey(w.g.ID)})
}

// viewerNames are the kinds of people whose reading the matrix checks.
var viewerNames = []string{"fac", "co", "m1", "m2", "readerIn", "former", "other", "reader", "admin"}

func TestReflectionAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	gMembers := []string{"fac", "co", "m1", "m2", "readerIn"} // after former leaves
	readers := []string{"reader", "readerIn"}

	type written struct {
		r       *session.Reflection
		marker  string
		readers []string // who may read it
	}
	var all []written
	n := 0
	write := func(author string, in session.ReflectionInput, readable []string) {
		n++
		marker := fmt.Sprintf("tunniste%d", n)
		in.Body = fmt.Sprintf("Yhteinen sana ja %s: %s kirjoitti (%s).", marker, author, in.Visibility)
		w.tick(time.Minute)
		r := w.MustReflect(t, w.p[author], in)
		all = append(all, written{r, marker, append(slices.Clone(readable), author)})
	}
	plus := func(a []string, b ...string) []string { return append(slices.Clone(a), b...) }
	items := w.MustAgenda(t, w.p["fac"], w.meeting)
	for _, author := range []string{"m1", "fac", "former"} {
		// In the group, as a journal entry and in a meeting.
		for _, in := range []session.ReflectionInput{{GroupID: w.g.ID}, {MeetingID: w.meeting, ItemID: items[0].ID}} {
			in.Visibility = session.VisPrivate
			write(author, in, nil)
			in.Visibility = session.VisGroup
			write(author, in, gMembers)
			in.Visibility = session.VisShared
			write(author, in, plus(gMembers, readers...))
		}
	}
	// Journal entries on nothing.
	for _, author := range []string{"m1", "other", "readerIn"} {
		write(author, session.ReflectionInput{Visibility: session.VisPrivate}, nil)
		write(author, session.ReflectionInput{Visibility: session.VisShared}, readers)
	}
	// Another group's reflections.
	write("other", session.ReflectionInput{GroupID: w.h.ID, Visibility: session.VisGroup}, nil)
	write("other", session.ReflectionInput{GroupID: w.h.ID, Visibility: session.VisShared}, readers)
	// The former member leaves after writing; they still read their own.
	if err := w.svc.LeaveGroup(ctx, w.p["former"], w.g.ID); err != nil {
		t.Fatal(err)
	}

	for _, viewer := range viewerNames {
		t.Run(viewer, func(t *testing.T) {
			a := w.p[viewer]
			var want []int64
			for _, x := range all {
				ok := slices.Contains(x.readers, viewer)
				got, err := w.svc.Reflection(ctx, a, x.r.ID)
				if ok {
					want = append(want, x.r.ID)
					if err != nil || got.ID != x.r.ID || got.Body != x.r.Body {
						t.Errorf("%s cannot read %q: %+v, %v", viewer, x.r.Body, got, err)
					}
				} else if session.ErrorCode(err) != session.ENotFound || session.AsError(err).Message != session.MsgReflectionNotFound || got != nil {
					t.Errorf("%s reads %q: %+v, %v", viewer, x.r.Body, got, err)
				}
				// Searching for its own word finds it exactly when it may be read.
				rs, err := w.svc.Reflections(ctx, a, session.ReflectionFilter{Search: x.marker})
				if err != nil {
					t.Fatal(err)
				}
				if ok && (len(rs) != 1 || rs[0].ID != x.r.ID) || !ok && len(rs) != 0 {
					t.Errorf("%s searching %s: %v (readable %v)", viewer, x.marker, refIDs(rs), ok)
				}
			}
			if t.Failed() {
				return
			}
			wantIDs(t, "list", w.list(t, a, session.ReflectionFilter{Limit: session.MaxPageSize}), want...)
			wantIDs(t, "search", w.list(t, a, session.ReflectionFilter{Search: "yhteinen", Limit: session.MaxPageSize}), want...)
			wantIDs(t, "prefix search", w.list(t, a, session.ReflectionFilter{Search: "tunnist*", Limit: session.MaxPageSize}), want...)
			wantIDs(t, "search OR", w.list(t, a, session.ReflectionFilter{Search: "yhteinen OR kirjoitti", Limit: session.MaxPageSize}), want...)
			// Filtering never widens what one sees.
			for _, vis := range session.Visibilities {
				var wv []int64
				for _, x := range all {
					if x.r.Visibility == vis && slices.Contains(want, x.r.ID) {
						wv = append(wv, x.r.ID)
					}
				}
				wantIDs(t, "list "+string(vis), w.list(t, a, session.ReflectionFilter{Visibility: vis, Limit: session.MaxPageSize}), wv...)
				wantIDs(t, "search "+string(vis), w.list(t, a, session.ReflectionFilter{Visibility: vis, Search: "sana", Limit: session.MaxPageSize}), wv...)
			}
			for _, gid := range []int64{w.g.ID, w.h.ID} {
				var wg []int64
				for _, x := range all {
					if x.r.GroupID == gid && slices.Contains(want, x.r.ID) {
						wg = append(wg, x.r.ID)
					}
				}
				wantIDs(t, "list by group", w.list(t, a, session.ReflectionFilter{GroupID: gid, Limit: session.MaxPageSize}), wg...)
				wantIDs(t, "search by group", w.list(t, a, session.ReflectionFilter{GroupID: gid, Search: "yhteinen", Limit: session.MaxPageSize}), wg...)
			}
		})
	}

	// A nonexistent reflection looks the same as an unreadable one.
	_, err := w.svc.Reflection(ctx, w.p["m1"], 1<<40)
	wantErr(t, err, session.ENotFound, session.MsgReflectionNotFound)
	unknown, _ := w.svc.Identify(ctx, w.MustKey())
	_, err = w.svc.Reflection(ctx, unknown, all[0].r.ID)
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)
	_, err = w.svc.Reflections(ctx, unknown, session.ReflectionFilter{})
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)
	_, err = w.svc.Reflections(ctx, w.p["m1"], session.ReflectionFilter{Visibility: "public"})
	wantErr(t, err, session.EInvalid, session.MsgVisibilityInvalid)
}

func TestSetVisibilityAndLog(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	m1, fac, m2, reader, other := w.p["m1"], w.p["fac"], w.p["m2"], w.p["reader"], w.p["other"]
	unknown, _ := w.svc.Identify(ctx, w.MustKey())
	r := w.MustReflect(t, m1, session.ReflectionInput{GroupID: w.g.ID, Body: "näkyvyys vaihtuu", Visibility: session.VisGroup})

	// Others: forbidden if they can read it, not found if they cannot.
	_, err := w.svc.SetVisibility(ctx, fac, r.ID, session.VisShared)
	wantErr(t, err, session.EForbidden, session.MsgForbidden)
	_, err = w.svc.SetVisibility(ctx, m2, r.ID, session.VisPrivate)
	wantErr(t, err, session.EForbidden, session.MsgForbidden)
	for _, a := range []session.Actor{reader, other, w.p["admin"]} {
		_, err = w.svc.SetVisibility(ctx, a, r.ID, session.VisShared)
		wantErr(t, err, session.ENotFound, session.MsgReflectionNotFound)
	}
	_, err = w.svc.SetVisibility(ctx, unknown, r.ID, session.VisShared)
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)
	_, err = w.svc.SetVisibility(ctx, m1, r.ID, "public")
	wantErr(t, err, session.EInvalid, session.MsgVisibilityInvalid)
	_, err = w.svc.SetVisibility(ctx, m1, 1<<40, session.VisShared)
	wantErr(t, err, session.ENotFound, session.MsgReflectionNotFound)
	if log, err := w.svc.VisibilityLog(ctx, m1, r.ID); err != nil || len(log) != 0 {
		t.Fatalf("log after refusals = %+v, %v", log, err)
	}

	canRead := func(a session.Actor) bool {
		_, err := w.svc.Reflection(ctx, a, r.ID)
		if err != nil && session.ErrorCode(err) != session.ENotFound {
			t.Fatal(err)
		}
		return err == nil
	}
	t0 := w.clk.Now()
	steps := []struct {
		to                      session.Visibility
		fac, reader, m2, author bool
	}{
		{session.VisShared, true, true, true, true},
		{session.VisGroup, true, false, true, true}, // withdrawn from readers
		{session.VisPrivate, false, false, false, true},
		{session.VisShared, true, true, true, true}, // straight from private
		{session.VisPrivate, false, false, false, true},
	}
	for i, s := range steps {
		w.tick(time.Hour)
		got, err := w.svc.SetVisibility(ctx, m1, r.ID, s.to)
		if err != nil || got.Visibility != s.to {
			t.Fatalf("step %d to %s: %+v, %v", i, s.to, got, err)
		}
		if canRead(fac) != s.fac || canRead(reader) != s.reader || canRead(m2) != s.m2 || canRead(m1) != s.author {
			t.Fatalf("step %d (%s): fac %v reader %v m2 %v author %v", i, s.to, canRead(fac), canRead(reader), canRead(m2), canRead(m1))
		}
		if stored, _ := w.svc.Reflection(ctx, m1, r.ID); stored.Visibility != s.to {
			t.Fatalf("stored visibility %s, want %s", stored.Visibility, s.to)
		}
		// Listing and search follow the change at once.
		for _, x := range []struct {
			a    session.Actor
			want bool
		}{{fac, s.fac}, {reader, s.reader}, {m2, s.m2}, {m1, s.author}} {
			for _, f := range []session.ReflectionFilter{{}, {Search: "näkyvyys"}, {Search: "näky*"}, {Visibility: s.to}} {
				rs := w.list(t, x.a, f)
				if found := slices.ContainsFunc(rs, func(y session.Reflection) bool { return y.ID == r.ID }); found != x.want {
					t.Fatalf("step %d (%s): %s finds it with %+v: %v, want %v", i, s.to, x.a.Person.Name, f, found, x.want)
				}
			}
		}
	}
	// Setting what it already is changes nothing and logs nothing.
	w.tick(time.Hour)
	if got, err := w.svc.SetVisibility(ctx, m1, r.ID, "Private"); err != nil || got.Visibility != session.VisPrivate {
		t.Fatalf("same visibility: %+v, %v", got, err)
	}
	log, err := w.svc.VisibilityLog(ctx, m1, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != len(steps) {
		t.Fatalf("log has %d entries, want %d: %+v", len(log), len(steps), log)
	}
	from := session.VisGroup
	for i, c := range log {
		want := session.VisibilityChange{ReflectionID: r.ID, PersonID: m1.Person.ID, At: t0.Add(time.Duration(i+1) * time.Hour), From: from, To: steps[i].to}
		if c != want {
			t.Fatalf("log[%d] = %+v, want %+v", i, c, want)
		}
		from = steps[i].to
	}

	// Only the author reads the log.
	if _, err := w.svc.SetVisibility(ctx, m1, r.ID, session.VisShared); err != nil {
		t.Fatal(err)
	}
	for _, a := range []session.Actor{fac, m2, reader} {
		_, err = w.svc.VisibilityLog(ctx, a, r.ID)
		wantErr(t, err, session.EForbidden, session.MsgForbidden)
	}
	for _, a := range []session.Actor{other, w.p["admin"]} {
		_, err = w.svc.VisibilityLog(ctx, a, r.ID)
		wantErr(t, err, session.ENotFound, session.MsgReflectionNotFound)
	}
	_, err = w.svc.VisibilityLog(ctx, unknown, r.ID)
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)

	// A journal entry without a group cannot be made group-visible.
	j := w.MustReflect(t, m1, session.ReflectionInput{Body: "päiväkirja"})
	_, err = w.svc.SetVisibility(ctx, m1, j.ID, session.VisGroup)
	wantErr(t, err, session.EInvalid, session.MsgVisibilityNeedsGroup)
	for _, to := range []session.Visibility{session.VisShared, session.VisPrivate} {
		if got, err := w.svc.SetVisibility(ctx, m1, j.ID, to); err != nil || got.Visibility != to {
			t.Fatalf("journal to %s: %+v, %v", to, got, err)
		}
	}
	if log, _ := w.svc.VisibilityLog(ctx, m1, j.ID); len(log) != 2 || log[0].From != session.VisPrivate || log[1].To != session.VisPrivate {
		t.Fatalf("journal log = %+v", log)
	}

	// An author who left the group still controls their reflection.
	f := w.p["former"]
	fr := w.MustReflect(t, f, session.ReflectionInput{GroupID: w.g.ID, Body: "lähtijän", Visibility: session.VisPrivate})
	if err := w.svc.LeaveGroup(ctx, f, w.g.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SetVisibility(ctx, f, fr.ID, session.VisGroup); err != nil {
		t.Fatalf("former member sharing with the group: %v", err)
	}
	if _, err := w.svc.Reflection(ctx, m2, fr.ID); err != nil {
		t.Fatalf("member cannot read it: %v", err)
	}
}

// rfFilterWorld: m1 belongs to g and h; fac leads both.
func TestReflectionFilters(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	fac := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, fac, "mepe", "G")
	h := w.MustGroup(t, fac, "mentor-group", "H")
	m1 := w.MustMember(t, fac, g.ID, session.GroupMentor, "Mentori")
	w.MustJoinAlso(t, fac, h.ID, session.GroupParticipant, m1)
	gm := w.MustDetail(t, fac, g.ID).Meetings
	day := 24 * time.Hour
	t0 := now.Now()
	add := func(a session.Actor, in session.ReflectionInput) int64 {
		t.Helper()
		in.Body = "yhteinen " + in.Body
		r, err := svc.AddReflection(ctx, a, in)
		if err != nil {
			t.Fatal(err)
		}
		now.Add(day)
		return r.ID
	}
	a := add(m1, session.ReflectionInput{Body: "a", MeetingID: gm[0].ID, Visibility: session.VisGroup})
	b := add(m1, session.ReflectionInput{Body: "b", MeetingID: gm[1].ID})
	c := add(m1, session.ReflectionInput{Body: "c", GroupID: h.ID, Visibility: session.VisShared})
	d := add(fac, session.ReflectionInput{Body: "d", MeetingID: gm[0].ID, Visibility: session.VisShared})
	e := add(fac, session.ReflectionInput{Body: "e", GroupID: h.ID, Visibility: session.VisGroup})
	f := add(m1, session.ReflectionInput{Body: "f"})
	_ = add(fac, session.ReflectionInput{Body: "hidden", GroupID: g.ID}) // private: never m1's

	list := func(f session.ReflectionFilter) []session.Reflection {
		t.Helper()
		rs, err := svc.Reflections(ctx, m1, f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		return rs
	}
	for _, tt := range []struct {
		name string
		f    session.ReflectionFilter
		want []int64
	}{
		{"all", session.ReflectionFilter{}, []int64{a, b, c, d, e, f}},
		{"group g", session.ReflectionFilter{GroupID: g.ID}, []int64{a, b, d}},
		{"group h", session.ReflectionFilter{GroupID: h.ID}, []int64{c, e}},
		{"meeting 1", session.ReflectionFilter{MeetingID: gm[0].ID}, []int64{a, d}},
		{"meeting 2", session.ReflectionFilter{MeetingID: gm[1].ID}, []int64{b}},
		{"author fac", session.ReflectionFilter{AuthorID: fac.Person.ID}, []int64{d, e}},
		{"author m1", session.ReflectionFilter{AuthorID: m1.Person.ID}, []int64{a, b, c, f}},
		{"private", session.ReflectionFilter{Visibility: session.VisPrivate}, []int64{b, f}},
		{"group", session.ReflectionFilter{Visibility: session.VisGroup}, []int64{a, e}},
		{"shared", session.ReflectionFilter{Visibility: session.VisShared}, []int64{c, d}},
		{"days 2-4", session.ReflectionFilter{From: t0.Add(2 * day), To: t0.Add(5 * day)}, []int64{c, d, e}},
		{"from day 3", session.ReflectionFilter{From: t0.Add(3 * day)}, []int64{d, e, f}},
		{"to day 1", session.ReflectionFilter{To: t0.Add(day)}, []int64{a}},
		{"empty range", session.ReflectionFilter{From: t0.Add(day), To: t0.Add(day)}, nil},
		{"combined", session.ReflectionFilter{GroupID: g.ID, AuthorID: m1.Person.ID, Visibility: session.VisPrivate}, []int64{b}},
		{"before d", session.ReflectionFilter{Before: d}, []int64{a, b, c}},
		{"limit 2", session.ReflectionFilter{Limit: 2}, []int64{e, f}},
		{"other group's id", session.ReflectionFilter{GroupID: 1 << 40}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantIDs(t, "list", list(tt.f), tt.want...)
			tt.f.Search = "yhteinen"
			wantIDs(t, "search", list(tt.f), tt.want...)
		})
	}
}

func TestReflectionPaging(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	authors := []string{"m1", "m2", "fac", "other", "reader"}
	type rec struct {
		id     int64
		author string
		vis    session.Visibility
		group  bool
	}
	var recs []rec
	for i := range 120 {
		author := authors[i%len(authors)]
		vis := session.Visibilities[(i/len(authors))%3]
		in := session.ReflectionInput{Body: fmt.Sprintf("Sivutus numero %d", i), Visibility: vis}
		inG := author == "m1" || author == "m2" || author == "fac"
		if inG {
			in.GroupID = w.g.ID
		} else if vis == session.VisGroup {
			in.Visibility = session.VisShared
		}
		w.tick(time.Minute)
		r := w.MustReflect(t, w.p[author], in)
		recs = append(recs, rec{r.ID, author, r.Visibility, inG})
	}
	visible := func(viewer string) []int64 {
		var out []int64
		inG := slices.Contains([]string{"fac", "co", "m1", "m2", "readerIn"}, viewer)
		reader := viewer == "reader" || viewer == "readerIn"
		for _, r := range recs {
			if r.author == viewer || r.group && r.vis != session.VisPrivate && inG || r.vis == session.VisShared && reader {
				out = append(out, r.id)
			}
		}
		return desc(out...)
	}
	for _, viewer := range []string{"m2", "reader", "readerIn", "other", "co"} {
		for _, search := range []string{"", "sivutus", "numero OR sivu*"} {
			t.Run(viewer+"/"+search, func(t *testing.T) {
				want := visible(viewer)
				var got []int64
				f := session.ReflectionFilter{Limit: 50, Search: search}
				for page := 0; ; page++ {
					rs := w.list(t, w.p[viewer], f)
					if page > 10 {
						t.Fatal("paging does not end")
					}
					if len(rs) > 50 {
						t.Fatalf("page of %d", len(rs))
					}
					if len(rs) == 0 {
						break
					}
					got = append(got, refIDs(rs)...)
					f.Before = rs[len(rs)-1].ID
					if len(rs) < 50 {
						break
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("pages = %v (%d), want %v (%d)", got, len(got), want, len(want))
				}
			})
		}
	}
	if len(visible("m2")) <= 50 {
		t.Fatalf("test needs more than one page: %d", len(visible("m2")))
	}
	_ = ctx
}

func TestReflectionPageSize(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	m1 := w.p["m1"]
	for i := range session.MaxPageSize + 10 {
		w.MustReflect(t, m1, session.ReflectionInput{Body: fmt.Sprintf("rivi %d", i)})
	}
	for _, tt := range []struct {
		limit, want int
	}{{0, session.DefaultPageSize}, {-5, session.DefaultPageSize}, {1, 1}, {session.MaxPageSize, session.MaxPageSize},
		{session.MaxPageSize + 1, session.MaxPageSize}, {1 << 30, session.MaxPageSize}} {
		for _, search := range []string{"", "rivi"} {
			rs, err := w.svc.Reflections(ctx, m1, session.ReflectionFilter{Limit: tt.limit, Search: search})
			if err != nil || len(rs) != tt.want {
				t.Fatalf("Limit %d search %q: %d, %v; want %d", tt.limit, search, len(rs), err, tt.want)
			}
		}
	}
}

func TestReflectionSearch(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	m1, m2 := w.p["m1"], w.p["m2"]
	bodies := []string{
		"Ohjaaja kertoi ryhmän tavoitteista.",                         // 0
		"Ohjaaminen vaatii kärsivällisyyttä.",                         // 1
		"Äänestys meni hyvin ja kaikki osallistuivat.",                // 2
		"Aanestys was typed without dots in the mentor group.",        // 3
		"The mentor listened carefully to the feedback.",              // 4
		"Hyvin meni äänestys toisella kerralla.",                      // 5
		"Ohjaus on taitolaji; kuunteleminen (listening) auttaa.",      // 6
		"Mentorointi-ilta: ohjaajan rooli ja vertaisryhmä-tapaaminen", // 7
	}
	var id []int64
	for _, b := range bodies {
		w.tick(time.Minute)
		id = append(id, w.MustReflect(t, m1, session.ReflectionInput{GroupID: w.g.ID, Body: b, Visibility: session.VisGroup}).ID)
	}
	// Invisible to m2: never found by m2.
	hidden := w.MustReflect(t, m1, session.ReflectionInput{GroupID: w.g.ID, Body: "Ohjaaja äänestys mentor feedback yksityinen", Visibility: session.VisPrivate})

	for _, tt := range []struct {
		q    string
		want []int64
	}{
		{"ohjaa*", []int64{id[0], id[1], id[7]}},
		{"Ohjaaja", []int64{id[0], id[7]}}, // and its other forms
		{"ohjaajan", []int64{id[0], id[7]}},
		{"OHJAAMINEN", []int64{id[1]}},
		{"ohjaamisessa", []int64{id[1]}},
		{"tavoite", []int64{id[0]}},
		{"kuunteleminen", []int64{id[6]}},
		{"listen", []int64{id[4], id[6]}},
		{"aanestys", []int64{id[2], id[3], id[5]}},
		{"äänestys", []int64{id[2], id[3], id[5]}},
		{"ÄÄNESTYS", []int64{id[2], id[3], id[5]}},
		{"äänes*", []int64{id[2], id[3], id[5]}},
		{"karsivallisyytta", []int64{id[1]}},
		{"ryhman", []int64{id[0]}},
		{`"meni hyvin"`, []int64{id[2]}},
		{`"hyvin meni"`, []int64{id[5]}},
		{`"hyvin meni äänestys"`, []int64{id[5]}},
		{"mentor", []int64{id[3], id[4]}},
		{"mentor*", []int64{id[3], id[4], id[7]}},
		{"listen*", []int64{id[4], id[6]}},
		{"mentor AND feedback", []int64{id[4]}},
		{"mentor feedback", []int64{id[4]}},
		{"mentor NOT feedback", []int64{id[3]}},
		{"ohjaus OR feedback", []int64{id[4], id[6]}},
		{"mentorointi-ilta", []int64{id[7]}}, // a hyphen is not syntax to a person
		{"vertaisryhmä-tapaaminen", []int64{id[7]}},
		{"tavoitteista.", []int64{id[0]}},
		{"nothingmatches", nil},
	} {
		t.Run(tt.q, func(t *testing.T) {
			rs, err := w.svc.Reflections(ctx, m2, session.ReflectionFilter{Search: tt.q})
			if err != nil {
				t.Fatalf("search %q: %v", tt.q, err)
			}
			wantFound(t, tt.q, rs, tt.want...)
		})
	}
	// The author finds the private one too.
	rs, err := w.svc.Reflections(ctx, m1, session.ReflectionFilter{Search: "ohjaaja"})
	if err != nil {
		t.Fatal(err)
	}
	wantFound(t, "author", rs, id[0], id[7], hidden.ID)

	// Whatever is typed, the answer is results or "invalid search", never
	// an internal error, and never something the viewer may not read.
	bad := []string{`"unterminated`, `AND OR`, `NEAR(`, `a:b`, `(`, `)`, `"`, `-`, `NOT`, `OR`, `AND`,
		`body:`, `body:ohjaaja`, `{body`, `{body}: mentor`, `{nosuch}: x`, `^`, `^ohjaaja`, `ohjaa**`, `"a" + "b"`, `+`,
		`NEAR(a b, -1)`, `NEAR(ohjaaja mentor, 99999999999999999999)`, `NEAR(ohjaaja mentor, 5)`, `nosuch:foo`, `rank:1`,
		`rowid:1`, `reflections_fts:x`, `x*y`, `"ohjaaja`, `ohjaaja"`, `:`, `.`, `\`, `%`, `?`, `[`, `]`, `'`, `;`,
		`'; DROP TABLE reflections; --`, `ohjaaja OR`, `AND ohjaaja`, `mentor NOT`, `(ohjaaja`, `ohjaaja)`, `""`, `"" ""`,
		`a:`, `:a`, `a *`, `-ohjaaja`, `ohjaaja -mentor`, `mentor:`, `NEAR`, `near(ohjaaja)`, `"ohjaaja" *`, `\x00`,
		strings.Repeat("a AND ", 300) + "a", strings.Repeat("(", 300) + "a" + strings.Repeat(")", 300),
		strings.Repeat("ohjaaja ", 2000), strings.Repeat("x", 10000) + "*"}
	hiddenBody := map[int64]bool{hidden.ID: true}
	for _, q := range bad {
		name := q
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run("bad/"+name, func(t *testing.T) {
			rs, err := w.svc.Reflections(ctx, m2, session.ReflectionFilter{Search: q})
			if err != nil {
				wantErr(t, err, session.EInvalid, session.MsgSearchInvalid)
				return
			}
			for _, r := range rs {
				if hiddenBody[r.ID] {
					t.Fatalf("%q found a private reflection of another", q)
				}
			}
		})
	}
	// The database is still fine afterwards.
	if rs, err := w.svc.Reflections(ctx, m2, session.ReflectionFilter{}); err != nil || len(rs) != len(bodies) {
		t.Fatalf("list after bad searches: %d, %v", len(rs), err)
	}
}

func TestDrafts(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	m1, m2 := w.p["m1"], w.p["m2"]
	unknown, _ := w.svc.Identify(ctx, w.MustKey())
	k1 := session.MeetingDraftKey(w.meeting, 7)
	k2 := session.JournalDraftKey(w.g.ID)
	k3 := session.JournalDraftKey(0)

	for k, body := range map[string]string{k1: "kokousluonnos", k2: "ryhmän päiväkirja", k3: "oma päiväkirja"} {
		if err := w.svc.SaveDraft(ctx, m1, k, body); err != nil {
			t.Fatalf("SaveDraft(%s): %v", k, err)
		}
	}
	for k, want := range map[string]string{k1: "kokousluonnos", k2: "ryhmän päiväkirja", k3: "oma päiväkirja"} {
		if got, err := w.svc.Draft(ctx, m1, k); err != nil || got != want {
			t.Fatalf("Draft(%s) = %q, %v", k, got, err)
		}
		// Nobody else sees it: their draft under the same key is empty.
		if got, err := w.svc.Draft(ctx, m2, k); err != nil || got != "" {
			t.Fatalf("m2 Draft(%s) = %q, %v", k, got, err)
		}
	}
	// Saving again replaces; control characters go.
	if err := w.svc.SaveDraft(ctx, m1, k1, "uusi\x1b[31m versio\a\nrivi 2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.svc.Draft(ctx, m1, k1); got != "uusi versio\nrivi 2" {
		t.Fatalf("replaced draft = %q", got)
	}
	// Another person's draft under the same key is their own.
	if err := w.svc.SaveDraft(ctx, m2, k1, "m2:n luonnos"); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.svc.Draft(ctx, m1, k1); got != "uusi versio\nrivi 2" {
		t.Fatalf("m1's draft after m2 saved = %q", got)
	}
	// Empty (or escape-only) deletes.
	for _, empty := range []string{"", "\x1b[2J"} {
		if err := w.svc.SaveDraft(ctx, m1, k2, "jotain"); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SaveDraft(ctx, m1, k2, empty); err != nil {
			t.Fatalf("SaveDraft(%q): %v", empty, err)
		}
		if got, err := w.svc.Draft(ctx, m1, k2); err != nil || got != "" {
			t.Fatalf("deleted draft = %q, %v", got, err)
		}
	}
	if err := w.svc.SaveDraft(ctx, m1, k3, ""); err != nil { // deleting twice is fine
		t.Fatal(err)
	}
	if err := w.svc.SaveDraft(ctx, m1, k3, ""); err != nil {
		t.Fatal(err)
	}
	// Length: 20000 characters fit, 20001 do not, and the old draft stays.
	if err := w.svc.SaveDraft(ctx, m1, k2, strings.Repeat("ö", session.MaxReflectionLen)); err != nil {
		t.Fatalf("20000 characters: %v", err)
	}
	wantErr(t, w.svc.SaveDraft(ctx, m1, k2, strings.Repeat("ö", session.MaxReflectionLen+1)), session.EInvalid, session.MsgTextTooLong)
	if got, _ := w.svc.Draft(ctx, m1, k2); got != strings.Repeat("ö", session.MaxReflectionLen) {
		t.Fatalf("draft after refused save has %d characters", session.RuneCount(got))
	}
	// Keys.
	for _, k := range []string{"", "luonnos", "journal", "journal:", "journal:x", "journal:1 ", " journal:1", "journal:01",
		"journal:1:2", "meeting:1", "meeting:1:item:", "meeting:1:item:2:x", "meeting:01:item:2", "meeting:1:item:2\n",
		"journal:99999999999999999999", "JOURNAL:1", "meeting:1:ITEM:2", "../journal:1"} {
		wantErr(t, w.svc.SaveDraft(ctx, m1, k, "x"), session.EInvalid, session.MsgDraftKeyInvalid)
		_, err := w.svc.Draft(ctx, m1, k)
		wantErr(t, err, session.EInvalid, session.MsgDraftKeyInvalid)
	}
	// Unknown keys have no drafts.
	wantErr(t, w.svc.SaveDraft(ctx, unknown, k1, "x"), session.EUnauthorized, session.MsgNotJoined)
	_, err := w.svc.Draft(ctx, unknown, k1)
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)
}

func TestDraftKeepsTextAsTyped(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	m1 := w.p["m1"]
	k := session.JournalDraftKey(0)
	for _, body := range []string{"Hei ", "Ensimmäinen rivi\n", "\n\nsisennetty", "loppuu kahteen väliin  "} {
		if err := w.svc.SaveDraft(ctx, m1, k, body); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.svc.Draft(ctx, m1, k); got != body {
			t.Errorf("draft %q came back as %q", body, got)
		}
	}
}

// drain reads every state a subscription has pending until it has been
// quiet a moment, and fails if any of them contains one of the texts.
func drainWithout(t *testing.T, sub *session.Subscription, texts ...string) *session.RoomState {
	t.Helper()
	var last *session.RoomState
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		st := sub.Next(ctx)
		cancel()
		if st == nil {
			return last
		}
		js := asJSON(t, st)
		for _, x := range texts {
			if strings.Contains(js, x) {
				t.Fatalf("state v%d contains %q before the reveal", st.Version, x)
			}
		}
		last = st
	}
}

func writingsOf(st *session.RoomState, itemID int64) map[string]string {
	out := map[string]string{}
	for _, w := range st.Writings {
		if w.ItemID == itemID {
			out[w.Body] = w.Name
		}
	}
	return out
}

func TestSilentWritingReveal(t *testing.T) {
	t.Parallel()
	for _, anonymous := range []bool{false, true} {
		t.Run(fmt.Sprintf("anonymous=%v", anonymous), func(t *testing.T) {
			l := newRoomGroup(t)
			ctx := context.Background()
			wi := slices.IndexFunc(l.items, func(it session.AgendaItem) bool { return it.Kind == session.KindWriting })
			if wi < 1 {
				t.Fatalf("no writing item in %+v", l.items)
			}
			item := l.items[wi]
			if anonymous {
				item.Anonymous = true
				if _, err := l.svc.UpdateAgendaItem(ctx, l.f, item); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := l.svc.StartMeeting(ctx, l.f, l.id); err != nil {
				t.Fatal(err)
			}
			writers := []session.Actor{l.m1, l.m2, l.co}
			var subs []*session.Subscription
			for _, a := range append([]session.Actor{l.f}, writers...) {
				sub, _ := l.MustEnter(t, a, l.id)
				subs = append(subs, sub)
			}
			texts := []string{"Mentorin salainen ajatus", "Aktorin hiljainen teksti", "Kofasin kirjoitus"}
			never := "Tätä ei näytetä koskaan"
			otherItem := "Toisen kohdan teksti"
			secret := append(slices.Clone(texts), never, otherItem)
			check := func() {
				t.Helper()
				for _, s := range subs {
					drainWithout(t, s, secret...)
				}
				if js := asJSON(t, l.room(t)); slices.ContainsFunc(secret, func(x string) bool { return strings.Contains(js, x) }) {
					t.Fatalf("room state has a text before the reveal: %s", js)
				}
				if js := asJSON(t, l.stored(t)); slices.ContainsFunc(secret, func(x string) bool { return strings.Contains(js, x) }) {
					t.Fatalf("stored state has a text before the reveal: %s", js)
				}
			}
			check()
			for range wi {
				l.act(t, l.f, session.Action{Kind: session.ActNext})
				check()
			}
			if cur := l.room(t).CurrentItem(); cur.ID != item.ID {
				t.Fatalf("at %+v, want the writing item", cur)
			}
			for i, a := range writers {
				l.act(t, a, session.Action{Kind: session.ActWriting, Flag: true})
				check()
				vis := session.Visibilities[i%3]
				w, err := l.svc.AddReflection(ctx, a, session.ReflectionInput{MeetingID: l.id, ItemID: item.ID, Body: texts[i], Visibility: vis, Reveal: true,
					DraftKey: session.MeetingDraftKey(l.id, item.ID)})
				if err != nil {
					t.Fatal(err)
				}
				if w.GroupID != l.g.ID || !w.Reveal {
					t.Fatalf("writing = %+v", w)
				}
				l.act(t, a, session.Action{Kind: session.ActWriting, Flag: false})
				check()
			}
			if _, err := l.svc.AddReflection(ctx, l.m1, session.ReflectionInput{MeetingID: l.id, ItemID: item.ID, Body: never, Visibility: session.VisShared}); err != nil {
				t.Fatal(err)
			}
			if _, err := l.svc.AddReflection(ctx, l.m2, session.ReflectionInput{MeetingID: l.id, ItemID: l.items[0].ID, Body: otherItem, Reveal: true}); err != nil {
				t.Fatal(err)
			}
			check()

			l.act(t, l.f, session.Action{Kind: session.ActReveal})
			wantNames := map[string]string{}
			for i, a := range writers {
				wantNames[texts[i]] = a.Person.Name
				if anonymous {
					wantNames[texts[i]] = ""
				}
			}
			for i, s := range subs {
				st := recv(t, s)
				if got := writingsOf(st, item.ID); fmt.Sprint(got) != fmt.Sprint(wantNames) || len(st.Writings) != len(texts) {
					t.Fatalf("sub %d after reveal: writings %+v, want %v", i, st.Writings, wantNames)
				}
				js := asJSON(t, st)
				if strings.Contains(js, never) || strings.Contains(js, otherItem) {
					t.Fatalf("a text not for the reveal is in the state: %s", js)
				}
			}
			if got := writingsOf(l.stored(t), item.ID); fmt.Sprint(got) != fmt.Sprint(wantNames) {
				t.Fatalf("stored writings %v", got)
			}
			// Revealing shows the text in the room; it does not make a
			// private reflection readable elsewhere.
			rs, err := l.svc.Reflections(ctx, l.m2, session.ReflectionFilter{MeetingID: l.id})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.Body == texts[0] {
					t.Fatal("m1's private writing listed for m2 after the reveal")
				}
			}

			// Written after the reveal: shown too; without Reveal: never.
			late := "Myöhässä kirjoitettu"
			if _, err := l.svc.AddReflection(ctx, l.m2, session.ReflectionInput{MeetingID: l.id, ItemID: item.ID, Body: late, Reveal: true}); err != nil {
				t.Fatal(err)
			}
			wantNames[late] = l.m2.Person.Name
			if anonymous {
				wantNames[late] = ""
			}
			for i, s := range subs {
				st := recv(t, s)
				if got := writingsOf(st, item.ID); fmt.Sprint(got) != fmt.Sprint(wantNames) {
					t.Fatalf("sub %d after a late writing: %v, want %v", i, got, wantNames)
				}
			}
			if _, err := l.svc.AddReflection(ctx, l.co, session.ReflectionInput{MeetingID: l.id, ItemID: item.ID, Body: never + " 2"}); err != nil {
				t.Fatal(err)
			}
			// The room counts it (the count only) and shows nothing more.
			for i, s := range subs {
				st := recv(t, s)
				if got := writingsOf(st, item.ID); fmt.Sprint(got) != fmt.Sprint(wantNames) || st.Written[item.ID] == 0 {
					t.Fatalf("sub %d after a private writing: %v, written %v", i, got, st.Written)
				}
				if strings.Contains(asJSON(t, st), never) {
					t.Fatal("a private writing in the published state")
				}
			}
			if js := asJSON(t, l.room(t)); strings.Contains(js, never) {
				t.Fatal("unrevealed text in the room")
			}
			// Moving on keeps them.
			l.act(t, l.f, session.Action{Kind: session.ActNext})
			if got := writingsOf(l.room(t), item.ID); fmt.Sprint(got) != fmt.Sprint(wantNames) {
				t.Fatalf("after next: %v", got)
			}
		})
	}
}

// revealHookStore runs a hook after the store has loaded an item's
// revealed writings, before the Service uses them.
type revealHookStore struct {
	*storage.DB
	afterRevealedWritings func(ctx context.Context)
}

func (s *revealHookStore) RevealedWritings(ctx context.Context, meetingID, itemID int64) ([]session.Reflection, error) {
	rs, err := s.DB.RevealedWritings(ctx, meetingID, itemID)
	if s.afterRevealedWritings != nil {
		s.afterRevealedWritings(ctx)
	}
	return rs, err
}

func TestRevealKeepsTextWrittenDuringIt(t *testing.T) {
	t.Parallel()
	l := newRoomGroup(t)
	ctx := context.Background()
	hs := &revealHookStore{DB: l.db}
	svc := l.MustNode(t, hs).svc
	l.svc = svc
	wi := slices.IndexFunc(l.items, func(it session.AgendaItem) bool { return it.Kind == session.KindWriting })
	item := l.items[wi]
	if _, err := svc.StartMeeting(ctx, l.f, l.id); err != nil {
		t.Fatal(err)
	}
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	l.MustEnter(t, l.m2, l.id)
	for range wi {
		l.act(t, l.f, session.Action{Kind: session.ActNext})
	}
	if _, err := svc.AddReflection(ctx, l.m1, session.ReflectionInput{MeetingID: l.id, ItemID: item.ID, Body: "ajoissa", Reveal: true}); err != nil {
		t.Fatal(err)
	}
	done := false
	var wg sync.WaitGroup
	hs.afterRevealedWritings = func(hctx context.Context) {
		if done || hctx.Value(tagKey{}) != "reveal" {
			return
		}
		done = true
		// m2 presses enter just as the facilitator reveals: the text is
		// stored between the reveal's read and its publish.
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := svc.AddReflection(ctx, l.m2, session.ReflectionInput{MeetingID: l.id, ItemID: item.ID, Body: "juuri samalla hetkellä", Reveal: true}); err != nil {
				t.Error(err)
			}
		}()
	}
	if err := svc.Act(tagged("reveal"), l.f, l.id, session.Action{Kind: session.ActReveal}); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if !done {
		t.Fatal("hook did not run")
	}
	got := writingsOf(l.room(t), item.ID)
	if _, ok := got["juuri samalla hetkellä"]; !ok || len(got) != 2 {
		t.Fatalf("writings after the reveal = %v; the one written during it is missing", got)
	}
}

func TestReflectionsVisibilityFilterIsNormalised(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	m1 := w.p["m1"]
	r := w.MustReflect(t, m1, session.ReflectionInput{Body: "jaettu", Visibility: session.VisShared})
	for _, v := range []session.Visibility{"shared", "Shared", "SHARED", " shared "} {
		rs, err := w.svc.Reflections(ctx, m1, session.ReflectionFilter{Visibility: v})
		if err != nil {
			t.Fatal(err)
		}
		wantIDs(t, string(v), rs, r.ID)
	}
}

func TestSearchStartingWithStar(t *testing.T) {
	t.Parallel()
	w := newRfWorld(t)
	ctx := context.Background()
	m1 := w.p["m1"]
	w.MustReflect(t, m1, session.ReflectionInput{Body: "ohjaaja"})
	for _, q := range []string{"*", "*ohjaa", "* *", "*reads", "*id", "**", "*ohjaaja"} {
		rs, err := w.svc.Reflections(ctx, m1, session.ReflectionFilter{Search: q})
		if err != nil && (session.ErrorCode(err) != session.EInvalid || session.AsError(err).Message != session.MsgSearchInvalid) {
			t.Errorf("search %q: %v", q, err)
		}
		for _, r := range rs {
			if r.Body != "ohjaaja" {
				t.Errorf("search %q found %+v", q, r)
			}
		}
	}
}
