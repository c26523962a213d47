package session_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// checkAgenda fails unless the agenda holds exactly the items ids, in
// that order, at positions 1..n.
func checkAgenda(t *testing.T, items []session.AgendaItem, ids []int64) {
	t.Helper()
	var got []int64
	for i, it := range items {
		if it.Position != i+1 {
			t.Fatalf("item %d (%q) at position %d; positions %v", i+1, it.Title, it.Position, positions(items))
		}
		got = append(got, it.ID)
	}
	if !slices.Equal(got, ids) {
		t.Fatalf("agenda ids = %v, want %v", got, ids)
	}
}

func positions(items []session.AgendaItem) []int {
	var out []int
	for _, it := range items {
		out = append(out, it.Position)
	}
	return out
}

func itemIDs(items []session.AgendaItem) []int64 {
	var out []int64
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// TestInsertAgendaItemAfterSelected: an editor's new item goes right after
// the selected one and the rest move down; an item of another meeting is
// not a place to insert after.
func TestInsertAgendaItemAfterSelected(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mepe")
	mid := g.Meetings[0].ID
	model := itemIDs(w.MustAgenda(t, f, mid))
	item := session.AgendaItem{Title: "Väliin", Kind: session.KindTalk, Minutes: 5}

	second, err := svc.InsertAgendaItem(ctx, f, mid, model[1], item)
	if err != nil {
		t.Fatal(err)
	}
	if second.Position != 3 {
		t.Fatalf("inserted at %d, want 3", second.Position)
	}
	model = slices.Insert(model, 2, second.ID)
	checkAgenda(t, w.MustAgenda(t, f, mid), model)

	first, err := svc.InsertAgendaItem(ctx, f, mid, 0, item)
	if err != nil {
		t.Fatal(err)
	}
	model = slices.Insert(model, 0, first.ID)
	last, err := svc.InsertAgendaItem(ctx, f, mid, model[len(model)-1], item)
	if err != nil {
		t.Fatal(err)
	}
	model = append(model, last.ID)
	checkAgenda(t, w.MustAgenda(t, f, mid), model)

	other := w.MustAgenda(t, f, g.Meetings[1].ID)
	_, err = svc.InsertAgendaItem(ctx, f, mid, other[0].ID, item)
	wantErr(t, err, session.ENotFound, session.MsgItemNotFound)
	_, err = svc.InsertAgendaItem(ctx, m, mid, model[0], item)
	if session.ErrorCode(err) != session.EForbidden {
		t.Fatalf("a member inserted: %v", err)
	}
	_, err = svc.InsertAgendaItem(ctx, f, mid, model[0], session.AgendaItem{Kind: session.KindTalk, Minutes: 5})
	wantErr(t, err, session.EInvalid, session.MsgTitleEmpty)
	checkAgenda(t, w.MustAgenda(t, f, mid), model)
}

func TestParseStart(t *testing.T) {
	t.Parallel()
	helsinki := time.FixedZone("EET", 2*60*60)
	dec1 := time.Date(2026, 12, 1, 14, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		in   string
		loc  *time.Location
		want time.Time
	}{
		{"2026-12-01 17:00", time.UTC, time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)},
		{"  2026-12-01 17:00\t", time.UTC, time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)},
		{"2026-12-01 17:00", helsinki, time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)},
		{"2027-01-01 00:30", helsinki, time.Date(2026, 12, 31, 22, 30, 0, 0, time.UTC)},
		// The way piiri shows dates in Finnish, with a dot or a colon.
		{"1.12.2026 14.30", time.UTC, dec1},
		{"1.12.2026 14:30", time.UTC, dec1},
		{"01.12.2026 14.30", time.UTC, dec1},
		{"1.12.2026 klo 14.30", time.UTC, dec1},
		{"1.12.2026  14.30", time.UTC, dec1},
		{"2026-12-01 14.30", time.UTC, dec1},
		{"2026-12-01T14:30", time.UTC, dec1},
		{"1.12.2026 9.05", time.UTC, time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC)},
		{"1.12.2026 16.30", helsinki, dec1},
		{"Tue 1 Dec 2026 14:30", time.UTC, dec1},
		{"1 Dec 2026 14:30", time.UTC, dec1},
	} {
		got, err := session.ParseStart(tt.in, tt.loc)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseStart(%q, %s) = %v, %v; want %v", tt.in, tt.loc, got, err, tt.want)
		}
	}
	for _, in := range []string{
		"", "2026-12-01", "17:00", "1.12.2026", "2026-12-01 17:00:00", "1.12. 14.30",
		"2026-13-01 10:00", "2026-12-32 10:00", "2026-12-01 25:00", "2026-12-01 5pm", "huomenna",
		"31.2.2026 10.00", "1.13.2026 10.00", "12/1/2026 10:00",
	} {
		_, err := session.ParseStart(in, time.UTC)
		wantErr(t, err, session.EInvalid, session.MsgTimeInvalid)
		if args := session.AsError(err).Args; len(args) != 0 {
			t.Errorf("ParseStart(%q) args = %v: the message gives its own example, not Go's layout", in, args)
		}
	}
	// What piiri shows in the form reads back as the same time.
	for _, layout := range []string{session.StartLayout, session.StartLayoutFI} {
		back, err := session.ParseStart(dec1.In(helsinki).Format(layout), helsinki)
		if err != nil || !back.Equal(dec1) {
			t.Errorf("%s does not read back: %v, %v", layout, back, err)
		}
	}
}

func TestUpdateMeeting(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mepe")
	co := w.MustMember(t, f, g.ID, session.GroupCoFacilitator, "Kofasi")
	mid := g.Meetings[0].ID
	before := w.MustMeeting(t, f, mid)

	tests := []struct {
		name      string
		actor     session.Actor
		u         session.MeetingUpdate
		code, msg string
	}{
		{"start a minute ago", f, session.MeetingUpdate{StartsAt: ptr(now.Now().Add(-time.Minute))}, session.EInvalid, session.MsgStartInPast},
		{"start a second ago", f, session.MeetingUpdate{StartsAt: ptr(now.Now().Add(-time.Second))}, session.EInvalid, session.MsgStartInPast},
		{"start last year", f, session.MeetingUpdate{StartsAt: ptr(now.Now().AddDate(-1, 0, 0))}, session.EInvalid, session.MsgStartInPast},
		{"minutes 0", f, session.MeetingUpdate{Minutes: ptr(0)}, session.EInvalid, session.MsgMinutesInvalid},
		{"minutes -5", f, session.MeetingUpdate{Minutes: ptr(-5)}, session.EInvalid, session.MsgMinutesInvalid},
		{"minutes 481", f, session.MeetingUpdate{Minutes: ptr(481)}, session.EInvalid, session.MsgMinutesInvalid},
		{"empty title", f, session.MeetingUpdate{Title: ptr(" \x1b[0m ")}, session.EInvalid, session.MsgTitleEmpty},
		{"title 81", f, session.MeetingUpdate{Title: ptr(strings.Repeat("å", session.MaxTitleLen+1))}, session.EInvalid, session.MsgTextTooLong},
		{"theme 201", f, session.MeetingUpdate{Theme: ptr(strings.Repeat("å", session.MaxThemeLen+1))}, session.EInvalid, session.MsgTextTooLong},
		{"valid title, bad minutes", f, session.MeetingUpdate{Title: ptr("Uusi"), Minutes: ptr(0)}, session.EInvalid, session.MsgMinutesInvalid},
		{"valid minutes, past start", f, session.MeetingUpdate{Minutes: ptr(60), StartsAt: ptr(now.Now().Add(-time.Hour))}, session.EInvalid, session.MsgStartInPast},
		{"member", m, session.MeetingUpdate{Title: ptr("Jäsenen")}, session.EForbidden, session.MsgForbidden},
		{"unknown meeting", f, session.MeetingUpdate{Title: ptr("x")}, session.ENotFound, session.MsgMeetingNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := mid
			if tt.name == "unknown meeting" {
				id = 1 << 40
			}
			got, err := svc.UpdateMeeting(ctx, tt.actor, id, tt.u)
			wantErr(t, err, tt.code, tt.msg)
			if got != nil {
				t.Fatalf("meeting returned with an error: %+v", got)
			}
			if after := w.MustMeeting(t, f, mid); after != before {
				t.Fatalf("refused update saved:\n%+v\n%+v", after, before)
			}
		})
	}

	// A valid start is stored in UTC to the minute, and shown to members.
	helsinki := time.FixedZone("EET", 2*60*60)
	start, err := session.ParseStart("2026-12-01 17:00", helsinki)
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.UpdateMeeting(ctx, co, mid, session.MeetingUpdate{
		StartsAt: ptr(start.Add(30 * time.Second)),
		Title:    ptr("  Aloitus\x1b[5m!\x1b[0m\n"),
		Theme:    ptr(strings.Repeat("å", session.MaxThemeLen)),
		Minutes:  ptr(session.MaxMeetingMinutes),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := before
	want.StartsAt = time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	want.Title, want.Theme, want.Minutes = "Aloitus!", strings.Repeat("å", session.MaxThemeLen), session.MaxMeetingMinutes
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("returned %+v\nwant     %+v", *got, want)
	}
	if stored := w.MustMeeting(t, m, mid); !reflect.DeepEqual(stored, want) || stored.StartsAt.IsZero() {
		t.Fatalf("stored %+v\nwant   %+v", stored, want)
	}
	// A nil field stays as it is.
	if got, err := svc.UpdateMeeting(ctx, f, mid, session.MeetingUpdate{Minutes: ptr(1)}); err != nil || got.Title != "Aloitus!" || !got.StartsAt.Equal(want.StartsAt) {
		t.Fatalf("minutes only: %+v, %v", got, err)
	}
	// Starting right now is not in the past.
	if _, err := svc.UpdateMeeting(ctx, f, mid, session.MeetingUpdate{StartsAt: ptr(now.Now())}); err != nil {
		t.Fatalf("start now: %v", err)
	}
	// The zero time unschedules.
	if got, err := svc.UpdateMeeting(ctx, f, mid, session.MeetingUpdate{StartsAt: &time.Time{}}); err != nil || got.Scheduled() {
		t.Fatalf("unschedule: %+v, %v", got, err)
	}
	if !w.MustMeeting(t, f, mid).StartsAt.IsZero() {
		t.Fatal("unscheduled meeting still has a start")
	}
	// Other meetings are untouched.
	if other := w.MustMeeting(t, f, g.Meetings[1].ID); other != g.Meetings[1] {
		t.Fatalf("meeting 2 changed: %+v", other)
	}
}

func TestOverviewMeetingsSortedByStart(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mepe")
	g2 := w.MustGroup(t, f, "mentor-group", "Toinen")
	d2 := w.MustDetail(t, f, g2.ID)
	at := func(h int) *time.Time { return ptr(now.Now().Add(time.Duration(h) * time.Hour)) }
	schedule := func(meetingID int64, h int) {
		t.Helper()
		if _, err := svc.UpdateMeeting(ctx, f, meetingID, session.MeetingUpdate{StartsAt: at(h)}); err != nil {
			t.Fatal(err)
		}
	}
	schedule(g.Meetings[2].ID, 48)  // mepe 3
	schedule(g.Meetings[0].ID, 120) // mepe 1
	schedule(g.Meetings[1].ID, 24)  // mepe 2
	schedule(d2.Meetings[0].ID, 36) // other group's 1

	type key struct {
		group  string
		number int
	}
	list := func(a session.Actor) []key {
		t.Helper()
		o, err := svc.Overview(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		var out []key
		var last time.Time
		unscheduled := false
		for _, u := range o.Meetings {
			out = append(out, key{u.GroupName, u.Number})
			switch {
			case !u.Scheduled():
				unscheduled = true
			case unscheduled:
				t.Fatalf("scheduled %+v after an unscheduled one", u)
			case u.StartsAt.Before(last):
				t.Fatalf("overview not sorted by start: %+v", o.Meetings)
			default:
				last = u.StartsAt
			}
		}
		return out
	}
	// The facilitator is in both groups; five meetings at most, the
	// scheduled ones first by start, then the unscheduled by number.
	want := []key{{"Ryhmä", 2}, {"Toinen", 1}, {"Ryhmä", 3}, {"Ryhmä", 1}, {"Ryhmä", 4}}
	if got := list(f); !reflect.DeepEqual(got, want) {
		t.Fatalf("facilitator's overview = %v, want %v", got, want)
	}
	want = []key{{"Ryhmä", 2}, {"Ryhmä", 3}, {"Ryhmä", 1}, {"Ryhmä", 4}, {"Ryhmä", 5}}
	if got := list(m); !reflect.DeepEqual(got, want) {
		t.Fatalf("member's overview = %v, want %v", got, want)
	}
	if gs := w.MustSummary(t, m, g.ID); !gs.NextStart.Equal(*at(24)) {
		t.Fatalf("NextStart = %v, want %v", gs.NextStart, *at(24))
	}

	// Half a day after a start the meeting drops off the overview.
	now.Add(37 * time.Hour)
	want = []key{{"Ryhmä", 3}, {"Ryhmä", 1}, {"Ryhmä", 4}, {"Ryhmä", 5}}
	if got := list(m); !reflect.DeepEqual(got, want) {
		t.Fatalf("member's overview a day later = %v, want %v", got, want)
	}
	if gs := w.MustSummary(t, m, g.ID); !gs.NextStart.Equal(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("NextStart a day later = %v", gs.NextStart)
	}
	if gs := w.MustSummary(t, f, g2.ID); !gs.NextStart.IsZero() {
		t.Fatalf("other group's NextStart after its only start = %v", gs.NextStart)
	}
}

func TestAddMeeting(t *testing.T) {
	t.Parallel()
	for _, lang := range session.Langs {
		for _, templateID := range []string{"mepe", "mentor-group", "supervisor-peer"} {
			t.Run(string(lang)+"/"+templateID, func(t *testing.T) {
				w := newWorld(t)
				svc := w.svc
				ctx := context.Background()
				f := w.MustPersonLang(t, session.RoleFacilitator, "Fasi", lang)
				g := w.MustGroup(t, f, templateID, "Ryhmä")
				// An English co-facilitator adds: texts follow the group's language.
				co := w.MustMember(t, f, g.ID, session.GroupCoFacilitator, "Kofasi")
				tp, _ := svc.Template(templateID)
				n := len(tp.Meetings)
				for i, a := range []session.Actor{f, co} {
					number := n + 1 + i
					m, err := svc.AddMeeting(ctx, a, g.ID)
					if err != nil {
						t.Fatal(err)
					}
					wantTitle := fmt.Sprintf("%d. %s", number, tp.Repeat.Title.In(lang))
					if m.Number != number || m.Title != wantTitle || m.GroupID != g.ID || m.Theme != tp.Repeat.Theme.In(lang) ||
						m.Minutes != tp.Repeat.Minutes || m.State != session.MeetingPlanned || m.Scheduled() {
						t.Fatalf("added %+v, want number %d titled %q", m, number, wantTitle)
					}
					if stored := w.MustMeeting(t, f, m.ID); stored != *m {
						t.Fatalf("stored %+v, returned %+v", stored, *m)
					}
					items := w.MustAgenda(t, f, m.ID)
					if len(items) != len(tp.Repeat.Items) {
						t.Fatalf("%d items, want %d", len(items), len(tp.Repeat.Items))
					}
					for j, it := range items {
						ti := tp.Repeat.Items[j]
						if it.Position != j+1 || it.Title != ti.Title.In(lang) || it.Kind != ti.Kind || it.Minutes != ti.Minutes || it.Prompt != ti.Prompt.In(lang) {
							t.Fatalf("item %d = %+v, want %+v", j+1, it, ti)
						}
					}
				}
				ms, err := svc.Meetings(ctx, f, g.ID)
				if err != nil || len(ms) != n+2 {
					t.Fatalf("meetings = %d, %v", len(ms), err)
				}
				for i, m := range ms {
					if m.Number != i+1 || !strings.HasPrefix(m.Title, fmt.Sprintf("%d. ", i+1)) {
						t.Fatalf("meeting %d = %+v", i+1, m)
					}
				}
			})
		}
	}
}

func TestAddMeetingRightsAndCap(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mentor-group")
	_, err := svc.AddMeeting(ctx, m, g.ID)
	wantErr(t, err, session.EForbidden, session.MsgForbidden)
	_, err = svc.AddMeeting(ctx, f, 1<<40)
	wantErr(t, err, session.ENotFound, session.MsgGroupNotFound)
	for i := len(g.Meetings); i < session.MaxMeetingsInGroup; i++ {
		if _, err := svc.AddMeeting(ctx, f, g.ID); err != nil {
			t.Fatalf("meeting %d: %v", i+1, err)
		}
	}
	_, err = svc.AddMeeting(ctx, f, g.ID)
	wantErr(t, err, session.EInvalid, session.MsgTooManyMeetings)
	ms, _ := svc.Meetings(ctx, f, g.ID)
	if len(ms) != session.MaxMeetingsInGroup || ms[len(ms)-1].Title != "100. Mentor group meeting" {
		t.Fatalf("%d meetings, last %+v", len(ms), ms[len(ms)-1])
	}
}

func TestAgendaEditingKeepsPositions(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mepe")
	co := w.MustMember(t, f, g.ID, session.GroupCoFacilitator, "Kofasi")
	mid := g.Meetings[0].ID
	otherBefore := w.MustAgenda(t, f, g.Meetings[1].ID)
	model := itemIDs(w.MustAgenda(t, f, mid))
	if len(model) != 8 {
		t.Fatalf("mepe 1 has %d items", len(model))
	}

	// Add appends, whatever position or meeting the caller sends.
	added, err := svc.AddAgendaItem(ctx, co, mid, session.AgendaItem{
		ID: 12345, MeetingID: g.Meetings[1].ID, Position: 1,
		Title: "Lisätty", Kind: session.KindWriting, Minutes: 7, Prompt: "Kirjoita",
	})
	if err != nil {
		t.Fatal(err)
	}
	if added.Position != 9 || added.MeetingID != mid || added.ID == 12345 || added.ID == 0 {
		t.Fatalf("added %+v", added)
	}
	model = append(model, added.ID)
	items := w.MustAgenda(t, m, mid)
	checkAgenda(t, items, model)
	if last := items[8]; last.Title != "Lisätty" || last.Kind != session.KindWriting || last.Minutes != 7 || last.Prompt != "Kirjoita" {
		t.Fatalf("stored %+v", last)
	}
	if session.TotalMinutes(items) != 97 {
		t.Fatalf("total %d minutes", session.TotalMinutes(items))
	}

	// Update changes the content, never the place.
	third := items[2]
	upd, err := svc.UpdateAgendaItem(ctx, f, session.AgendaItem{
		ID: third.ID, MeetingID: g.Meetings[1].ID, Position: 1,
		Title: "Muutettu", Kind: session.KindOther, Minutes: 480, Prompt: "",
	})
	if err != nil {
		t.Fatal(err)
	}
	if upd.Position != 3 || upd.MeetingID != mid {
		t.Fatalf("updated %+v", upd)
	}
	items = w.MustAgenda(t, f, mid)
	checkAgenda(t, items, model)
	if items[2] != *upd || items[2].Title != "Muutettu" || items[2].Prompt != "" || items[2].Minutes != 480 {
		t.Fatalf("stored %+v, returned %+v", items[2], *upd)
	}

	// Moves, checked against a model of the list.
	move := func(pos, delta int) {
		t.Helper()
		id := model[pos-1]
		if err := svc.MoveAgendaItem(ctx, f, id, delta); err != nil {
			t.Fatal(err)
		}
		model = slices.Delete(model, pos-1, pos)
		to := min(max(pos+delta, 1), len(model)+1)
		model = slices.Insert(model, to-1, id)
		checkAgenda(t, w.MustAgenda(t, f, mid), model)
	}
	move(3, -1)   // up one
	move(2, 2)    // down two
	move(1, -1)   // already first: clamps
	move(1, -100) // clamps
	move(9, 1)    // already last: clamps
	move(9, 100)  // clamps
	move(2, 100)  // to the end
	move(8, -100) // to the start
	move(5, 0)    // no move
	move(4, 1)
	move(5, -1)

	// Delete closes the gap: middle, first, last.
	for _, pos := range []int{4, 1, 0} {
		if pos == 0 {
			pos = len(model)
		}
		if err := svc.DeleteAgendaItem(ctx, co, model[pos-1]); err != nil {
			t.Fatal(err)
		}
		model = slices.Delete(model, pos-1, pos)
		checkAgenda(t, w.MustAgenda(t, f, mid), model)
	}
	// A deleted item is gone for every later call.
	gone := model[1]
	if err := svc.DeleteAgendaItem(ctx, f, gone); err != nil {
		t.Fatal(err)
	}
	model = slices.DeleteFunc(model, func(id int64) bool { return id == gone })
	checkAgenda(t, w.MustAgenda(t, f, mid), model)
	err = svc.DeleteAgendaItem(ctx, f, gone)
	wantErr(t, err, session.ENotFound, session.MsgItemNotFound)
	err = svc.MoveAgendaItem(ctx, f, gone, 1)
	wantErr(t, err, session.ENotFound, session.MsgItemNotFound)
	_, err = svc.UpdateAgendaItem(ctx, f, session.AgendaItem{ID: gone, Title: "x", Kind: session.KindTalk, Minutes: 1})
	wantErr(t, err, session.ENotFound, session.MsgItemNotFound)
	_, err = svc.AddAgendaItem(ctx, f, 1<<40, session.AgendaItem{Title: "x", Kind: session.KindTalk, Minutes: 1})
	wantErr(t, err, session.ENotFound, session.MsgMeetingNotFound)

	// Adding after deletes still appends at n+1.
	again, err := svc.AddAgendaItem(ctx, f, mid, session.AgendaItem{Title: "Loppuun", Kind: session.KindRound, Minutes: 5})
	if err != nil {
		t.Fatal(err)
	}
	model = append(model, again.ID)
	checkAgenda(t, w.MustAgenda(t, f, mid), model)

	// Another meeting's agenda was never touched.
	if got := w.MustAgenda(t, f, g.Meetings[1].ID); !reflect.DeepEqual(got, otherBefore) {
		t.Fatalf("meeting 2 agenda changed:\n%+v\n%+v", got, otherBefore)
	}
}

// TestMoveAgendaItemHugeDelta: MoveItem computes pos+delta before
// clamping, which overflows for a delta near math.MaxInt.
func TestMoveAgendaItemHugeDelta(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, _, g := w.MustLeaderAndMember(t, "mepe")
	mid := g.Meetings[0].ID
	model := itemIDs(w.MustAgenda(t, f, mid))
	id := model[1]
	if err := svc.MoveAgendaItem(ctx, f, id, math.MaxInt); err != nil {
		t.Fatal(err)
	}
	model = append(slices.Delete(model, 1, 2), id)
	checkAgenda(t, w.MustAgenda(t, f, mid), model)
}

func TestMoveAgendaItemExtremeUp(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, _, g := w.MustLeaderAndMember(t, "mepe")
	mid := g.Meetings[0].ID
	model := itemIDs(w.MustAgenda(t, f, mid))
	id := model[len(model)-1]
	if err := svc.MoveAgendaItem(ctx, f, id, math.MinInt); err != nil {
		t.Fatal(err)
	}
	model = append([]int64{id}, model[:len(model)-1]...)
	checkAgenda(t, w.MustAgenda(t, f, mid), model)
}

func TestAgendaItemValidation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, _, g := w.MustLeaderAndMember(t, "mepe")
	mid := g.Meetings[0].ID
	before := w.MustAgenda(t, f, mid)
	target := before[2]
	ok := session.AgendaItem{Title: "Kelpo", Kind: session.KindTalk, Minutes: 10, Prompt: "Kehote"}
	with := func(change func(it *session.AgendaItem)) session.AgendaItem {
		it := ok
		change(&it)
		return it
	}
	tests := []struct {
		name string
		it   session.AgendaItem
		msg  string
	}{
		{"empty title", with(func(it *session.AgendaItem) { it.Title = "" }), session.MsgTitleEmpty},
		{"blank title", with(func(it *session.AgendaItem) { it.Title = " \t\n " }), session.MsgTitleEmpty},
		{"escape-only title", with(func(it *session.AgendaItem) { it.Title = "\x1b[31m\x1b[0m\a" }), session.MsgTitleEmpty},
		{"title 81", with(func(it *session.AgendaItem) { it.Title = strings.Repeat("ä", session.MaxTitleLen+1) }), session.MsgTextTooLong},
		{"minutes 0", with(func(it *session.AgendaItem) { it.Minutes = 0 }), session.MsgMinutesInvalid},
		{"minutes -5", with(func(it *session.AgendaItem) { it.Minutes = -5 }), session.MsgMinutesInvalid},
		{"minutes 481", with(func(it *session.AgendaItem) { it.Minutes = 481 }), session.MsgMinutesInvalid},
		{"unknown kind", with(func(it *session.AgendaItem) { it.Kind = "lecture" }), session.MsgKindInvalid},
		{"empty kind", with(func(it *session.AgendaItem) { it.Kind = "" }), session.MsgKindInvalid},
		{"kind in capitals", with(func(it *session.AgendaItem) { it.Kind = "Round" }), session.MsgKindInvalid},
		{"prompt 1001", with(func(it *session.AgendaItem) { it.Prompt = strings.Repeat("ö", session.MaxPromptLen+1) }), session.MsgTextTooLong},
	}
	for _, tt := range tests {
		t.Run("add/"+tt.name, func(t *testing.T) {
			got, err := svc.AddAgendaItem(ctx, f, mid, tt.it)
			wantErr(t, err, session.EInvalid, tt.msg)
			if got != nil {
				t.Fatalf("item returned with an error: %+v", got)
			}
		})
		t.Run("update/"+tt.name, func(t *testing.T) {
			it := tt.it
			it.ID = target.ID
			_, err := svc.UpdateAgendaItem(ctx, f, it)
			wantErr(t, err, session.EInvalid, tt.msg)
		})
	}
	if after := w.MustAgenda(t, f, mid); !reflect.DeepEqual(after, before) {
		t.Fatalf("refused edits saved:\n%+v\n%+v", after, before)
	}
	// The limits themselves are fine.
	edge := session.AgendaItem{Title: strings.Repeat("ä", session.MaxTitleLen), Kind: session.KindAssessment,
		Minutes: session.MaxItemMinutes, Prompt: strings.Repeat("ö", session.MaxPromptLen)}
	if _, err := svc.AddAgendaItem(ctx, f, mid, edge); err != nil {
		t.Fatalf("item at the limits: %v", err)
	}
	for _, k := range session.ItemKinds {
		edge.Kind, edge.Minutes = k, 1
		edge.ID = target.ID
		if _, err := svc.UpdateAgendaItem(ctx, f, edge); err != nil {
			t.Fatalf("kind %s: %v", k, err)
		}
	}
}

func TestAgendaItemCap(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, _, g := w.MustLeaderAndMember(t, "mepe")
	mid := g.Meetings[0].ID
	n := len(w.MustAgenda(t, f, mid))
	for i := n; i < session.MaxAgendaItems; i++ {
		if _, err := svc.AddAgendaItem(ctx, f, mid, session.AgendaItem{Title: fmt.Sprint("Kohta ", i+1), Kind: session.KindOther, Minutes: 1}); err != nil {
			t.Fatalf("item %d: %v", i+1, err)
		}
	}
	items := w.MustAgenda(t, f, mid)
	if len(items) != session.MaxAgendaItems {
		t.Fatalf("%d items", len(items))
	}
	_, err := svc.AddAgendaItem(ctx, f, mid, session.AgendaItem{Title: "Liikaa", Kind: session.KindOther, Minutes: 1})
	wantErr(t, err, session.EInvalid, session.MsgTooManyItems)
	if got := w.MustAgenda(t, f, mid); !reflect.DeepEqual(got, items) {
		t.Fatal("41st item saved")
	}
	// Making room makes adding possible again.
	if err := svc.DeleteAgendaItem(ctx, f, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddAgendaItem(ctx, f, mid, session.AgendaItem{Title: "Mahtuu", Kind: session.KindOther, Minutes: 1}); err != nil {
		t.Fatal(err)
	}
	checkAgenda(t, w.MustAgenda(t, f, mid), append(itemIDs(items[1:]), w.MustAgenda(t, f, mid)[39].ID))
}

func TestMembersCannotEditMeetings(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, _, g := w.MustLeaderAndMember(t, "mepe")
	mid := g.Meetings[0].ID
	before := w.snapshot(t, f, f, g.ID)
	item := before.Agendas[0][1]
	for _, role := range []session.GroupRole{session.GroupMentor, session.GroupAktori, session.GroupSupervisor, session.GroupParticipant} {
		m := w.MustMember(t, f, g.ID, role, "Jäsen "+string(role))
		before = w.snapshot(t, f, f, g.ID)
		calls := map[string]func() error{
			"UpdateMeeting": func() error {
				_, err := svc.UpdateMeeting(ctx, m, mid, session.MeetingUpdate{Title: ptr("x")})
				return err
			},
			"AddMeeting": func() error { _, err := svc.AddMeeting(ctx, m, g.ID); return err },
			"AddAgendaItem": func() error {
				_, err := svc.AddAgendaItem(ctx, m, mid, session.AgendaItem{Title: "x", Kind: session.KindTalk, Minutes: 1})
				return err
			},
			"UpdateAgendaItem": func() error {
				_, err := svc.UpdateAgendaItem(ctx, m, session.AgendaItem{ID: item.ID, Title: "x", Kind: session.KindTalk, Minutes: 1})
				return err
			},
			"DeleteAgendaItem": func() error { return svc.DeleteAgendaItem(ctx, m, item.ID) },
			"MoveAgendaItem":   func() error { return svc.MoveAgendaItem(ctx, m, item.ID, 1) },
			"CreateTask": func() error {
				_, err := svc.CreateTask(ctx, m, session.Task{GroupID: g.ID, Title: "x"})
				return err
			},
			"UpdateAgreement": func() error {
				_, err := svc.UpdateAgreement(ctx, m, session.Agreement{GroupID: g.ID, Goals: "x"})
				return err
			},
			"CreateGroupInvite": func() error {
				_, err := svc.CreateGroupInvite(ctx, m, g.ID, session.GroupParticipant, 1, 0)
				return err
			},
		}
		for name, call := range calls {
			t.Run(string(role)+"/"+name, func(t *testing.T) {
				wantErr(t, call(), session.EForbidden, session.MsgForbidden)
			})
		}
		if after := w.snapshot(t, f, f, g.ID); !reflect.DeepEqual(after, before) {
			t.Fatalf("%s changed the group", role)
		}
		// Reading is fine.
		if items := w.MustAgenda(t, m, mid); len(items) != len(before.Agendas[0]) {
			t.Fatalf("member sees %d items", len(items))
		}
	}
}

func TestAgendaTextIsSanitised(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mepe")
	mid := g.Meetings[0].ID
	in := session.AgendaItem{
		Title:   "  \x1b[1mAvaus\x1b[0m\tkierros\n\u202e ",
		Kind:    session.KindRound,
		Minutes: 5,
		Prompt:  " Mieti:\r\n\x1b]0;pwned\x07- yksi\tkaksi\x1b[2J\a\u009b31m\n",
	}
	added, err := svc.AddAgendaItem(ctx, f, mid, in)
	if err != nil {
		t.Fatal(err)
	}
	const wantTitle, wantPrompt = "Avaus kierros", "Mieti:\n- yksi    kaksi"
	items := w.MustAgenda(t, m, mid)
	last := items[len(items)-1]
	if added.Title != wantTitle || added.Prompt != wantPrompt || last.Title != wantTitle || last.Prompt != wantPrompt {
		t.Fatalf("added %q / %q, stored %q / %q", added.Title, added.Prompt, last.Title, last.Prompt)
	}
	in.ID = items[0].ID
	in.Title = "Uusi\x1b[38;5;196m nimi\x1b\\"
	in.Prompt = "\x1bPq#0;2\x1b\\Kehote\u2028rivi"
	if _, err := svc.UpdateAgendaItem(ctx, f, in); err != nil {
		t.Fatal(err)
	}
	first := w.MustAgenda(t, m, mid)[0]
	if first.Title != "Uusi nimi" || first.Prompt != "Kehoterivi" {
		t.Fatalf("updated %q / %q", first.Title, first.Prompt)
	}
	// The length limit counts what is left after cleaning.
	long := "\x1b[31m" + strings.Repeat("ä", session.MaxTitleLen) + "\x1b[0m"
	if _, err := svc.AddAgendaItem(ctx, f, mid, session.AgendaItem{Title: long, Kind: session.KindTalk, Minutes: 1}); err != nil {
		t.Fatalf("80 characters wrapped in escapes: %v", err)
	}
}

func TestEndedMeetingIsReadOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, db, now := w.svc, w.db, w.clk
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mepe")
	for _, mt := range g.Meetings[:2] {
		if _, err := svc.UpdateMeeting(ctx, f, mt.ID, session.MeetingUpdate{StartsAt: ptr(now.Now().Add(time.Hour * time.Duration(mt.Number)))}); err != nil {
			t.Fatal(err)
		}
	}
	// No Service method ends a meeting yet: end meeting 1 in the store.
	ended := w.MustMeeting(t, f, g.Meetings[0].ID)
	ended.State = session.MeetingEnded
	if err := db.UpdateMeeting(ctx, &ended); err != nil {
		t.Fatal(err)
	}
	items := w.MustAgenda(t, f, ended.ID)
	before := w.snapshot(t, f, m, g.ID)
	calls := map[string]func(a session.Actor) error{
		"UpdateMeeting": func(a session.Actor) error {
			_, err := svc.UpdateMeeting(ctx, a, ended.ID, session.MeetingUpdate{Title: ptr("Jälkikäteen")})
			return err
		},
		"AddAgendaItem": func(a session.Actor) error {
			_, err := svc.AddAgendaItem(ctx, a, ended.ID, session.AgendaItem{Title: "x", Kind: session.KindTalk, Minutes: 1})
			return err
		},
		"UpdateAgendaItem": func(a session.Actor) error {
			_, err := svc.UpdateAgendaItem(ctx, a, session.AgendaItem{ID: items[0].ID, Title: "x", Kind: session.KindTalk, Minutes: 1})
			return err
		},
		"DeleteAgendaItem": func(a session.Actor) error { return svc.DeleteAgendaItem(ctx, a, items[0].ID) },
		"MoveAgendaItem":   func(a session.Actor) error { return svc.MoveAgendaItem(ctx, a, items[0].ID, 1) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			wantErr(t, call(f), session.EConflict, session.MsgMeetingEnded)
			// A member is refused for not leading, before the state matters.
			wantErr(t, call(m), session.EForbidden, session.MsgForbidden)
		})
	}
	if after := w.snapshot(t, f, m, g.ID); !reflect.DeepEqual(after, before) {
		t.Fatal("ended meeting changed")
	}
	// Still readable, but no longer upcoming.
	if got := w.MustMeeting(t, m, ended.ID); got.State != session.MeetingEnded {
		t.Fatalf("state = %s", got.State)
	}
	o, err := svc.Overview(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range o.Meetings {
		if u.ID == ended.ID {
			t.Fatal("ended meeting in the overview")
		}
	}
	if len(o.Meetings) != 4 || o.Meetings[0].Number != 2 {
		t.Fatalf("overview = %+v", o.Meetings)
	}
	if gs := w.MustSummary(t, m, g.ID); !gs.NextStart.Equal(now.Now().Add(2 * time.Hour)) {
		t.Fatalf("NextStart = %v, want meeting 2's", gs.NextStart)
	}
	// Other meetings stay editable.
	if _, err := svc.UpdateMeeting(ctx, f, g.Meetings[1].ID, session.MeetingUpdate{Title: ptr("Toinen")}); err != nil {
		t.Fatal(err)
	}
}

func TestCreateTask(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mepe")
	co := w.MustMember(t, f, g.ID, session.GroupCoFacilitator, "Kofasi")
	other := w.MustGroup(t, f, "mentor-group", "Toinen")
	otherMeeting := w.MustDetail(t, f, other.ID).Meetings[0]

	tk, err := svc.CreateTask(ctx, f, session.Task{
		GroupID: g.ID, Title: "  Lue\x1b[1m artikkeli ", Description: "Sivut 1–10.\r\n\x1b]0;x\x07Pohdi yhtä asiaa.",
		DueMeetingID: g.Meetings[1].ID, ID: 999, Done: 5, CreatedBy: m.Person.ID,
	})
	if err != nil {
		t.Fatal(err)
	}
	if tk.ID == 0 || tk.ID == 999 || tk.GroupID != g.ID || tk.Title != "Lue artikkeli" || tk.Description != "Sivut 1–10.\nPohdi yhtä asiaa." ||
		tk.DueMeetingID != g.Meetings[1].ID || tk.DueNumber != 2 || tk.CreatedBy != f.Person.ID || !tk.CreatedAt.Equal(now.Now()) {
		t.Fatalf("task = %+v", tk)
	}
	now.Add(time.Minute)
	tk2, err := svc.CreateTask(ctx, co, session.Task{GroupID: g.ID, Title: strings.Repeat("t", session.MaxTaskTitleLen),
		Description: strings.Repeat("d", session.MaxTaskTextLen)})
	if err != nil {
		t.Fatalf("co-facilitator, no due meeting, at the limits: %v", err)
	}
	if tk2.DueMeetingID != 0 || tk2.DueNumber != 0 {
		t.Fatalf("task 2 = %+v", tk2)
	}

	tests := []struct {
		name      string
		actor     session.Actor
		task      session.Task
		code, msg string
	}{
		{"member", m, session.Task{GroupID: g.ID, Title: "x"}, session.EForbidden, session.MsgForbidden},
		{"empty title", f, session.Task{GroupID: g.ID, Title: " \x1b[0m "}, session.EInvalid, session.MsgTitleEmpty},
		{"title 121", f, session.Task{GroupID: g.ID, Title: strings.Repeat("t", session.MaxTaskTitleLen+1)}, session.EInvalid, session.MsgTextTooLong},
		{"description 2001", f, session.Task{GroupID: g.ID, Title: "x", Description: strings.Repeat("d", session.MaxTaskTextLen+1)}, session.EInvalid, session.MsgTextTooLong},
		{"due at another group's meeting", f, session.Task{GroupID: g.ID, Title: "x", DueMeetingID: otherMeeting.ID}, session.ENotFound, session.MsgMeetingNotFound},
		{"due at no meeting", f, session.Task{GroupID: g.ID, Title: "x", DueMeetingID: 1 << 40}, session.ENotFound, session.MsgMeetingNotFound},
		{"no group", f, session.Task{Title: "x"}, session.ENotFound, session.MsgGroupNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.CreateTask(ctx, tt.actor, tt.task)
			wantErr(t, err, tt.code, tt.msg)
			if got != nil {
				t.Fatalf("task returned with an error: %+v", got)
			}
		})
	}
	// Only the two valid tasks exist, newest first; the other group has none.
	d := w.MustDetail(t, m, g.ID)
	if len(d.Tasks) != 2 || d.Tasks[0].ID != tk2.ID || d.Tasks[1].ID != tk.ID {
		t.Fatalf("tasks = %+v", d.Tasks)
	}
	if got := d.Tasks[1]; got.Title != tk.Title || got.Description != tk.Description || got.DueNumber != 2 || got.Done != 0 || got.DoneByMe {
		t.Fatalf("stored task = %+v", got)
	}
	if od := w.MustDetail(t, f, other.ID); len(od.Tasks) != 0 {
		t.Fatalf("other group's tasks = %+v", od.Tasks)
	}
}

func TestCompleteTask(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	f, m1, g := w.MustLeaderAndMember(t, "mepe")
	m2 := w.MustMember(t, f, g.ID, session.GroupAktori, "Aktori")
	t1, err := svc.CreateTask(ctx, f, session.Task{GroupID: g.ID, Title: "Ensimmäinen", DueMeetingID: g.Meetings[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	t2, err := svc.CreateTask(ctx, f, session.Task{GroupID: g.ID, Title: "Toinen"})
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
		for _, tk := range o.Tasks {
			if tk.GroupName != "Ryhmä" || tk.GroupID != g.ID {
				t.Fatalf("open task %+v", tk)
			}
			if tk.ID == t1.ID && (tk.DueNumber != 2 || tk.Title != "Ensimmäinen") {
				t.Fatalf("open task %+v", tk)
			}
			ids = append(ids, tk.ID)
		}
		return ids
	}
	task := func(a session.Actor, id int64) session.Task {
		t.Helper()
		for _, tk := range w.MustDetail(t, a, g.ID).Tasks {
			if tk.ID == id {
				return tk
			}
		}
		t.Fatalf("task %d not in the group", id)
		return session.Task{}
	}
	if got := open(m1); !slices.Equal(got, []int64{t1.ID, t2.ID}) {
		t.Fatalf("m1 open tasks = %v", got)
	}

	for _, tt := range []struct {
		name, response string
		msg            string
	}{
		{"empty", "", session.MsgResponseEmpty},
		{"blank", " \n\t ", session.MsgResponseEmpty},
		{"escapes only", "\x1b[2J\x1b]0;x\x07\a", session.MsgResponseEmpty},
		{"2001 characters", strings.Repeat("ö", session.MaxTaskTextLen+1), session.MsgTextTooLong},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := svc.CompleteTask(ctx, m1, t1.ID, tt.response)
			wantErr(t, err, session.EInvalid, tt.msg)
		})
	}
	if tk := task(m1, t1.ID); tk.Done != 0 || tk.DoneByMe {
		t.Fatalf("refused responses saved: %+v", tk)
	}
	err = svc.CompleteTask(ctx, m1, 1<<40, "x")
	wantErr(t, err, session.ENotFound, session.MsgTaskNotFound)

	// m1 answers: the task leaves m1's open list only.
	if err := svc.CompleteTask(ctx, m1, t1.ID, " Luin sen\x1b[31m.\r\nHyvä. "); err != nil {
		t.Fatal(err)
	}
	if got := open(m1); !slices.Equal(got, []int64{t2.ID}) {
		t.Fatalf("m1 open tasks after answering = %v", got)
	}
	if got := open(m2); !slices.Equal(got, []int64{t1.ID, t2.ID}) {
		t.Fatalf("m2 open tasks = %v", got)
	}
	if tk := task(m1, t1.ID); tk.Done != 1 || !tk.DoneByMe || tk.MyResponse != "Luin sen.\nHyvä." {
		t.Fatalf("m1 sees %+v", tk)
	}
	// Others see the count, never the response.
	for _, a := range []session.Actor{m2, f} {
		if tk := task(a, t1.ID); tk.Done != 1 || tk.DoneByMe || tk.MyResponse != "" {
			t.Fatalf("%s sees %+v", a.Person.Name, tk)
		}
	}

	// m2 answers at the limit.
	now.Add(time.Hour)
	if err := svc.CompleteTask(ctx, m2, t1.ID, strings.Repeat("ö", session.MaxTaskTextLen)); err != nil {
		t.Fatal(err)
	}
	if tk := task(f, t1.ID); tk.Done != 2 {
		t.Fatalf("done = %d, want 2", tk.Done)
	}
	// Completing again replaces the response and does not count twice.
	if err := svc.CompleteTask(ctx, m1, t1.ID, "Uusi vastaus"); err != nil {
		t.Fatal(err)
	}
	if tk := task(m1, t1.ID); tk.Done != 2 || tk.MyResponse != "Uusi vastaus" {
		t.Fatalf("after answering again: %+v", tk)
	}
	if tk := task(m2, t1.ID); tk.MyResponse != strings.Repeat("ö", session.MaxTaskTextLen) {
		t.Fatal("m2's response changed")
	}
	if got := open(m2); !slices.Equal(got, []int64{t2.ID}) {
		t.Fatalf("m2 open tasks = %v", got)
	}
	if tk := task(m1, t2.ID); tk.Done != 0 {
		t.Fatalf("task 2 done = %d", tk.Done)
	}
	// A leader may answer too.
	if err := svc.CompleteTask(ctx, f, t2.ID, "Ohjaajan vastaus"); err != nil {
		t.Fatal(err)
	}
	// Someone who joins later gets both as open tasks.
	late := w.MustMember(t, f, g.ID, session.GroupParticipant, "Myöhäinen")
	if got := open(late); !slices.Equal(got, []int64{t1.ID, t2.ID}) {
		t.Fatalf("late joiner's open tasks = %v", got)
	}
	// Leaving takes the open tasks away.
	if err := svc.LeaveGroup(ctx, late, g.ID); err != nil {
		t.Fatal(err)
	}
	if got := open(late); len(got) != 0 {
		t.Fatalf("open tasks after leaving = %v", got)
	}
	err = svc.CompleteTask(ctx, late, t1.ID, "x")
	wantErr(t, err, session.ENotFound, session.MsgTaskNotFound)
}

// TestTaskDoneCountsMembersOnly: Task.Done is documented as "members who
// marked it done".
func TestTaskDoneCountsMembersOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f, m, g := w.MustLeaderAndMember(t, "mentor-group")
	tk, err := svc.CreateTask(ctx, f, session.Task{GroupID: g.ID, Title: "Tehtävä"})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.CompleteTask(ctx, m, tk.ID, "Tehty"); err != nil {
		t.Fatal(err)
	}
	if err := svc.LeaveGroup(ctx, m, g.ID); err != nil {
		t.Fatal(err)
	}
	if got := w.MustDetail(t, f, g.ID).Tasks[0].Done; got != 0 {
		t.Fatalf("Done = %d after the only responder left, want 0", got)
	}
}
