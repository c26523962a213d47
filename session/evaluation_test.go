package session_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

// evWorld is the room tests' mepe group (facilitator f, co-facilitator co,
// mentor m1, aktori m2) plus a participant m3, and the outsider's
// mentor-group h with one member hm of its own.
type evWorld struct {
	*live
	m3       session.Actor
	hm       session.Actor
	h        int64   // the outsider's group
	hMeeting int64   // its first meeting
	meetings []int64 // the mepe group's meetings 1..5
}

func newEvWorld(t *testing.T) *evWorld {
	t.Helper()
	l := newRoomGroup(t)
	w := &evWorld{live: l}
	w.m3 = l.MustMember(t, l.f, l.g.ID, session.GroupParticipant, "Osallistuja")
	gs, err := l.svc.Groups(context.Background(), l.out)
	if err != nil || len(gs) != 1 {
		t.Fatalf("outsider's groups = %+v, %v", gs, err)
	}
	w.h = gs[0].ID
	w.hm = l.MustMember(t, l.out, w.h, session.GroupMentor, "Toisen jäsen")
	w.hMeeting = l.MustDetail(t, l.out, w.h).Meetings[0].ID
	for _, m := range l.g.Meetings {
		w.meetings = append(w.meetings, m.ID)
	}
	if len(w.meetings) != 5 {
		t.Fatalf("mepe group has %d meetings", len(w.meetings))
	}
	return w
}

func (w *evWorld) assess(t *testing.T, a session.Actor, meetingID int64, scores []int, note string) {
	t.Helper()
	if err := w.svc.SubmitAssessment(context.Background(), a, meetingID, scores, note); err != nil {
		t.Fatalf("SubmitAssessment(%s, %d, %v): %v", a.Person.Name, meetingID, scores, err)
	}
}

func (w *evWorld) feedback(t *testing.T, a session.Actor, meetingID int64, score int, word string) {
	t.Helper()
	if err := w.svc.SubmitFeedback(context.Background(), a, meetingID, score, word); err != nil {
		t.Fatalf("SubmitFeedback(%s, %d, %d, %q): %v", a.Person.Name, meetingID, score, word, err)
	}
}

func (w *evWorld) share(t *testing.T, a session.Actor, in session.ShareInput) *session.Share {
	t.Helper()
	if in.When == "" {
		in.When = "1.12.2026"
	}
	sh, err := w.svc.CreateShare(context.Background(), a, in)
	if err != nil {
		t.Fatalf("CreateShare(%s, %+v): %v", a.Person.Name, in, err)
	}
	return sh
}

func (w *evWorld) myAssessment(t *testing.T, a session.Actor) *session.MyAssessment {
	t.Helper()
	my, err := w.svc.MyAssessment(context.Background(), a, w.g.ID)
	if err != nil {
		t.Fatalf("MyAssessment(%s): %v", a.Person.Name, err)
	}
	return my
}

func (w *evWorld) assessmentAggs(t *testing.T) []session.AssessmentAggregate {
	t.Helper()
	aggs, err := w.svc.AssessmentAggregates(context.Background(), w.f, w.g.ID)
	if err != nil {
		t.Fatalf("AssessmentAggregates: %v", err)
	}
	return aggs
}

func (w *evWorld) feedbackAggs(t *testing.T) []session.FeedbackAggregate {
	t.Helper()
	aggs, err := w.svc.FeedbackAggregates(context.Background(), w.f, w.g.ID)
	if err != nil {
		t.Fatalf("FeedbackAggregates: %v", err)
	}
	return aggs
}

func evAggOf(aggs []session.AssessmentAggregate, meetingID int64) *session.AssessmentAggregate {
	for i := range aggs {
		if aggs[i].MeetingID == meetingID {
			return &aggs[i]
		}
	}
	return nil
}

func evFeedbackOf(aggs []session.FeedbackAggregate, meetingID int64) *session.FeedbackAggregate {
	for i := range aggs {
		if aggs[i].MeetingID == meetingID {
			return &aggs[i]
		}
	}
	return nil
}

func evClose(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func evMeans(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: means = %v, want %v", what, got, want)
	}
	for i := range want {
		if !evClose(got[i], want[i]) {
			t.Fatalf("%s: means = %v, want %v", what, got, want)
		}
	}
}

func evScores(n, v int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func evShareIDs(shs []session.Share) []int64 {
	var out []int64
	for _, sh := range shs {
		out = append(out, sh.ID)
	}
	return out
}

func evShareByID(shs []session.Share, id int64) *session.Share {
	for i := range shs {
		if shs[i].ID == id {
			return &shs[i]
		}
	}
	return nil
}

func evQuoteOf(sh *session.Share, reflectionID int64) *session.Quote {
	for i := range sh.Quotes {
		if sh.Quotes[i].ReflectionID == reflectionID {
			return &sh.Quotes[i]
		}
	}
	return nil
}

// --- self-assessment statements ---

func TestEvalAssessmentItemsDefaultFromTemplateLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range session.Langs {
		for _, templateID := range []string{"mepe", "mentor-group", "supervisor-peer"} {
			t.Run(string(lang)+"/"+templateID, func(t *testing.T) {
				w := newWorld(t)
				svc := w.svc
				ctx := context.Background()
				f := w.MustPersonLang(t, session.RoleFacilitator, "Fasi", lang)
				g := w.MustGroup(t, f, templateID, "Ryhmä")
				// The member's own language does not matter: the group's does.
				m := w.MustMember(t, f, g.ID, session.GroupMentor, "Mentori")
				tp, err := svc.Template(templateID)
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, it := range tp.Assessment {
					want = append(want, it.Text.In(lang))
				}
				if len(want) == 0 {
					t.Fatal("template has no assessment")
				}
				for _, a := range []session.Actor{f, m} {
					got, err := svc.AssessmentItems(ctx, a, g.ID)
					if err != nil || !slices.Equal(got, want) {
						t.Fatalf("AssessmentItems(%s) = %q, %v; want %q", a.Person.Name, got, err, want)
					}
				}
			})
		}
	}
	// Spot check: a Finnish mepe group gets Finnish statements.
	w := newWorld(t)
	svc := w.svc
	f := w.MustPersonLang(t, session.RoleFacilitator, "Fasi", session.LangFI)
	g := w.MustGroup(t, f, "mepe", "Ryhmä")
	got, err := svc.AssessmentItems(context.Background(), f, g.ID)
	if err != nil || len(got) == 0 || got[0] != "Kuunteleminen" {
		t.Fatalf("Finnish mepe statements = %q, %v", got, err)
	}
}

func TestEvalAssessmentItemsRights(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	_, err := w.svc.AssessmentItems(ctx, w.out, w.g.ID)
	wantErr(t, err, session.ENotFound, session.MsgGroupNotFound)
	_, err = w.svc.AssessmentItems(ctx, w.MustUnknown(t), w.g.ID)
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)
}

func TestEvalSetAssessmentItems(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	defaults, err := w.svc.AssessmentItems(ctx, w.m1, w.g.ID)
	if err != nil {
		t.Fatal(err)
	}
	unknown := w.MustUnknown(t)
	for _, tt := range []struct {
		name      string
		a         session.Actor
		code, msg string
	}{
		{"mentor", w.m1, session.EForbidden, session.MsgForbidden},
		{"aktori", w.m2, session.EForbidden, session.MsgForbidden},
		{"participant", w.m3, session.EForbidden, session.MsgForbidden},
		{"outsider", w.out, session.ENotFound, session.MsgGroupNotFound},
		{"unknown key", unknown, session.EUnauthorized, session.MsgNotJoined},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, w.svc.SetAssessmentItems(ctx, tt.a, w.g.ID, []string{"Oma väite"}), tt.code, tt.msg)
		})
	}

	thirteen := make([]string, session.MaxAssessmentItems+1)
	for i := range thirteen {
		thirteen[i] = fmt.Sprint("Väite ", i+1)
	}
	for _, tt := range []struct {
		name  string
		items []string
		msg   string
	}{
		{"none", nil, session.MsgAssessmentItems},
		{"empty list", []string{}, session.MsgAssessmentItems},
		{"only blanks", []string{"", "  ", "\t", "\x1b[2J\a"}, session.MsgAssessmentItems},
		{"13 items", thirteen, session.MsgAssessmentItems},
		{"121 characters", []string{"Hyvä", strings.Repeat("ä", session.MaxAssessmentTextLen+1)}, session.MsgTextTooLong},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, w.svc.SetAssessmentItems(ctx, w.f, w.g.ID, tt.items), session.EInvalid, tt.msg)
		})
	}
	if got, err := w.svc.AssessmentItems(ctx, w.m1, w.g.ID); err != nil || !slices.Equal(got, defaults) {
		t.Fatalf("items after refusals = %q, %v; want the defaults", got, err)
	}

	// The limits are inclusive; blanks do not count towards 12.
	twelve := append(slices.Clone(thirteen[:session.MaxAssessmentItems]), " ", "")
	twelve[0] = strings.Repeat("ö", session.MaxAssessmentTextLen)
	if err := w.svc.SetAssessmentItems(ctx, w.co, w.g.ID, twelve); err != nil {
		t.Fatalf("12 items, one of 120 characters, and blanks: %v", err)
	}
	if got, err := w.svc.AssessmentItems(ctx, w.m2, w.g.ID); err != nil || !slices.Equal(got, twelve[:session.MaxAssessmentItems]) {
		t.Fatalf("items = %q, %v", got, err)
	}

	// Control characters stripped, blanks dropped, order kept.
	err = w.svc.SetAssessmentItems(ctx, w.f, w.g.ID, []string{
		"  \x1b[31mKuuntelu\x1b[0m\a ", "", "   ", "\x1b]0;title\x07", "Kysyminen\ttaito", "Palaute\u202e",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Kuuntelu", "Kysyminen taito", "Palaute"}
	for _, a := range []session.Actor{w.f, w.m1, w.m3} {
		if got, err := w.svc.AssessmentItems(ctx, a, w.g.ID); err != nil || !slices.Equal(got, want) {
			t.Fatalf("AssessmentItems(%s) = %q, %v; want %q", a.Person.Name, got, err, want)
		}
	}
	my := w.myAssessment(t, w.m1)
	if !slices.Equal(my.Items, want) {
		t.Fatalf("MyAssessment items = %q", my.Items)
	}
	// Another group keeps its template's statements.
	other, err := w.svc.AssessmentItems(ctx, w.out, w.h)
	if err != nil || len(other) == 0 || slices.Equal(other, want) {
		t.Fatalf("other group's items = %q, %v", other, err)
	}
	// The statements now decide how many scores an answer has.
	wantErr(t, w.svc.SubmitAssessment(ctx, w.m1, w.meetings[0], evScores(len(defaults), 3), ""), session.EInvalid, session.MsgScoreInvalid)
	w.assess(t, w.m1, w.meetings[0], []int{1, 2, 3}, "")
}

// --- submitting a self-assessment ---

func TestEvalSubmitAssessmentOnlyWhereAsked(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	n := len(w.myAssessment(t, w.m1).Items)
	asks := map[int]bool{1: true, 5: true}
	for i, id := range w.meetings {
		number := i + 1
		has := slices.ContainsFunc(w.MustAgenda(t, w.f, id), func(it session.AgendaItem) bool { return it.Kind == session.KindAssessment })
		if has != asks[number] {
			t.Fatalf("meeting %d has an assessment item: %v", number, has)
		}
		err := w.svc.SubmitAssessment(ctx, w.m1, id, evScores(n, 3), "")
		if asks[number] {
			if err != nil {
				t.Fatalf("meeting %d: %v", number, err)
			}
		} else {
			wantErr(t, err, session.EInvalid, session.MsgNoAssessment)
		}
	}
	// The mentor group's meeting asks for none.
	hn := len(func() []string {
		items, err := w.svc.AssessmentItems(ctx, w.hm, w.h)
		if err != nil {
			t.Fatal(err)
		}
		return items
	}())
	wantErr(t, w.svc.SubmitAssessment(ctx, w.hm, w.hMeeting, evScores(hn, 3), ""), session.EInvalid, session.MsgNoAssessment)

	aggs := w.assessmentAggs(t)
	if len(aggs) != 2 || aggs[0].MeetingID != w.meetings[0] || aggs[1].MeetingID != w.meetings[4] {
		t.Fatalf("aggregates = %+v; want meetings 1 and 5 only", aggs)
	}
}

func TestEvalSubmitAssessmentValidation(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	m1 := w.meetings[0]
	n := len(w.myAssessment(t, w.m1).Items)
	if n != 6 {
		t.Fatalf("mepe has %d statements", n)
	}
	bad := func(i, v int) []int { s := evScores(n, 3); s[i] = v; return s }
	for _, tt := range []struct {
		name      string
		a         session.Actor
		meeting   int64
		scores    []int
		note      string
		code, msg string
	}{
		{"no scores", w.m1, m1, nil, "", session.EInvalid, session.MsgScoreInvalid},
		{"one too few", w.m1, m1, evScores(n-1, 3), "", session.EInvalid, session.MsgScoreInvalid},
		{"one too many", w.m1, m1, evScores(n+1, 3), "", session.EInvalid, session.MsgScoreInvalid},
		{"nothing chosen", w.m1, m1, evScores(n, 0), "", session.EInvalid, session.MsgNothingAnswered},
		{"nothing chosen, blank note", w.m1, m1, evScores(n, 0), " \n ", session.EInvalid, session.MsgNothingAnswered},
		{"score 6", w.m1, m1, bad(n-1, 6), "", session.EInvalid, session.MsgScoreInvalid},
		{"negative", w.m1, m1, bad(0, -1), "", session.EInvalid, session.MsgScoreInvalid},
		{"note 2001", w.m1, m1, evScores(n, 3), strings.Repeat("ä", session.MaxNoteLen+1), session.EInvalid, session.MsgTextTooLong},
		{"outsider", w.out, m1, evScores(n, 3), "", session.ENotFound, session.MsgMeetingNotFound},
		{"member of the other group", w.hm, m1, evScores(n, 3), "", session.ENotFound, session.MsgMeetingNotFound},
		{"unknown key", w.MustUnknown(t), m1, evScores(n, 3), "", session.EUnauthorized, session.MsgNotJoined},
		{"no such meeting", w.m1, 987654, evScores(n, 3), "", session.ENotFound, session.MsgMeetingNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, w.svc.SubmitAssessment(ctx, tt.a, tt.meeting, tt.scores, tt.note), tt.code, tt.msg)
		})
	}
	if my := w.myAssessment(t, w.m1); my.Before != nil || my.After != nil {
		t.Fatalf("refusals stored something: %+v", my)
	}
	if aggs := w.assessmentAggs(t); len(aggs) != 0 {
		t.Fatalf("refusals stored something: %+v", aggs)
	}

	// 2000 characters are fine; the note is sanitised.
	w.assess(t, w.m1, m1, []int{1, 1, 1, 1, 1, 1}, strings.Repeat("ä", session.MaxNoteLen))
	// Resubmitting replaces.
	w.clk.Add(time.Hour)
	w.assess(t, w.m1, m1, []int{5, 4, 3, 2, 1, 5}, "  \x1b[31mToinen\x1b[0m\a kerta\r\nrivi ")
	my := w.myAssessment(t, w.m1)
	if my.Before == nil || my.After != nil {
		t.Fatalf("after a resubmit: before %+v after %+v", my.Before, my.After)
	}
	b := my.Before
	if b.MeetingID != m1 || b.PersonID != w.m1.Person.ID || !slices.Equal(b.Scores, []int{5, 4, 3, 2, 1, 5}) ||
		b.Note != "Toinen kerta\nrivi" || !b.At.Equal(w.clk.Now().Truncate(time.Second)) {
		t.Fatalf("answer = %+v", b)
	}
	aggs := w.assessmentAggs(t)
	if len(aggs) != 1 || aggs[0].Respondents != 1 || aggs[0].Means != nil {
		t.Fatalf("aggregates after a resubmit = %+v", aggs)
	}
}

func TestEvalMyAssessmentBeforeAndAfter(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	first, last := w.meetings[0], w.meetings[4]

	// Nothing answered yet.
	my := w.myAssessment(t, w.m1)
	if my.Before != nil || my.After != nil || len(my.Items) != 6 {
		t.Fatalf("empty = %+v", my)
	}
	// m1 answers the last meeting first, an hour later the first one.
	w.assess(t, w.m1, last, []int{4, 4, 4, 4, 4, 4}, "m1 lopussa")
	if my := w.myAssessment(t, w.m1); my.Before == nil || my.Before.MeetingID != last || my.After != nil {
		t.Fatalf("one answer: %+v / %+v", my.Before, my.After)
	}
	w.clk.Add(time.Hour)
	w.assess(t, w.m1, first, []int{2, 2, 2, 2, 2, 2}, "m1 alussa")
	// Others answer too, with other scores.
	w.assess(t, w.m2, first, []int{5, 5, 5, 5, 5, 5}, "m2 alussa")
	w.assess(t, w.m2, last, []int{1, 1, 1, 1, 1, 1}, "m2 lopussa")
	w.assess(t, w.f, first, []int{3, 3, 3, 3, 3, 3}, "fasi alussa")

	my = w.myAssessment(t, w.m1)
	if my.Before == nil || my.After == nil {
		t.Fatalf("m1: %+v", my)
	}
	if my.Before.MeetingID != first || !slices.Equal(my.Before.Scores, []int{2, 2, 2, 2, 2, 2}) || my.Before.Note != "m1 alussa" {
		t.Fatalf("before is not the earliest meeting: %+v", my.Before)
	}
	if my.After.MeetingID != last || !slices.Equal(my.After.Scores, []int{4, 4, 4, 4, 4, 4}) || my.After.Note != "m1 lopussa" {
		t.Fatalf("after is not the latest meeting: %+v", my.After)
	}
	for _, a := range []*session.AssessmentAnswer{my.Before, my.After} {
		if a.PersonID != w.m1.Person.ID {
			t.Fatalf("someone else's answer: %+v", a)
		}
	}
	if b, _ := json.Marshal(my); strings.Contains(string(b), "m2 ") || strings.Contains(string(b), "fasi ") {
		t.Fatalf("MyAssessment carries another person's answers: %s", b)
	}

	// One answer only: no after. Not even a leader sees another's answers.
	my = w.myAssessment(t, w.f)
	if my.Before == nil || my.Before.PersonID != w.f.Person.ID || my.Before.Note != "fasi alussa" || my.After != nil {
		t.Fatalf("facilitator: %+v / %+v", my.Before, my.After)
	}
	if my := w.myAssessment(t, w.m3); my.Before != nil || my.After != nil {
		t.Fatalf("m3 answered nothing: %+v", my)
	}
	_, err := w.svc.MyAssessment(ctx, w.out, w.g.ID)
	wantErr(t, err, session.ENotFound, session.MsgGroupNotFound)
	_, err = w.svc.MyAssessment(ctx, w.MustUnknown(t), w.g.ID)
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)
}

// --- aggregates ---

func TestEvalAssessmentAggregates(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	first, last := w.meetings[0], w.meetings[4]
	if err := w.svc.SetAssessmentItems(ctx, w.f, w.g.ID, []string{"Yksi", "Kaksi", "Kolme"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		a         session.Actor
		code, msg string
	}{
		{w.m1, session.EForbidden, session.MsgForbidden},
		{w.m3, session.EForbidden, session.MsgForbidden},
		{w.out, session.ENotFound, session.MsgGroupNotFound},
		{w.MustUnknown(t), session.EUnauthorized, session.MsgNotJoined},
	} {
		_, err := w.svc.AssessmentAggregates(ctx, tt.a, w.g.ID)
		wantErr(t, err, tt.code, tt.msg)
	}
	if aggs := w.assessmentAggs(t); len(aggs) != 0 {
		t.Fatalf("no answers: %+v", aggs)
	}
	// respondents are the participants who answered; the co-facilitator's
	// own answers are counted apart and never in the means.
	check := func(meetingID int64, respondents, leaders int, means []float64) {
		t.Helper()
		for _, leader := range []session.Actor{w.f, w.co} {
			aggs, err := w.svc.AssessmentAggregates(ctx, leader, w.g.ID)
			if err != nil {
				t.Fatal(err)
			}
			agg := evAggOf(aggs, meetingID)
			if agg == nil || agg.Respondents != respondents || agg.LeaderAnswers != leaders {
				t.Fatalf("aggregate of meeting %d = %+v, want %d respondents and %d leaders", meetingID, agg, respondents, leaders)
			}
			if means == nil {
				if agg.Means != nil {
					t.Fatalf("%d respondents, means shown: %v", respondents, agg.Means)
				}
			} else {
				evMeans(t, fmt.Sprint(respondents, " respondents"), agg.Means, means)
			}
		}
	}
	// While answers are taken only the count shows, however many answer:
	// otherwise the step from three answers to four would give the
	// fourth away.
	w.assess(t, w.m1, first, []int{1, 2, 3}, "ensimmäinen")
	check(first, 1, 0, nil)
	w.assess(t, w.co, first, []int{1, 1, 1}, "neljäs")
	check(first, 1, 1, nil)
	w.assess(t, w.m2, first, []int{3, 4, 5}, "toinen")
	check(first, 2, 1, nil)
	w.assess(t, w.m3, first, []int{5, 5, 4}, "kolmas")
	check(first, 3, 1, nil)
	// A resubmit replaces, it does not add a respondent.
	w.assess(t, w.co, first, []int{5, 5, 5}, "neljäs uudestaan")
	check(first, 3, 1, nil)
	w.assess(t, w.m1, last, []int{5, 5, 5}, "")
	w.assess(t, w.m2, last, []int{4, 4, 4}, "")
	w.assess(t, w.f, last, []int{1, 1, 1}, "")
	check(last, 2, 1, nil)

	// Held and ended: answers are still taken for a day.
	w.MustHold(t, w.f, first, last)
	w.clk.Add(session.AnswerWindow - time.Second)
	check(first, 3, 1, nil)
	w.assess(t, w.m2, first, []int{3, 4, 5}, "toinen uudestaan")
	// Then answering closes, and the participants' means show: they never
	// change again. Two participants and a leader are not three.
	w.clk.Add(time.Second)
	check(first, 3, 1, []float64{3, 11.0 / 3, 4})
	check(last, 2, 1, nil)
	wantErr(t, w.svc.SubmitAssessment(ctx, w.m3, first, []int{1, 1, 1}, ""), session.EConflict, session.MsgAnswersClosed)
	wantErr(t, w.svc.SubmitAssessment(ctx, w.m3, last, []int{1, 1, 1}, ""), session.EConflict, session.MsgAnswersClosed)
	check(first, 3, 1, []float64{3, 11.0 / 3, 4})
	check(last, 2, 1, nil)

	aggs := w.assessmentAggs(t)
	if len(aggs) != 2 || aggs[0].MeetingID != first || aggs[0].Number != 1 || aggs[1].MeetingID != last || aggs[1].Number != 5 {
		t.Fatalf("aggregates = %+v", aggs)
	}
	if aggs[0].Title != w.g.Meetings[0].Title || aggs[1].Title != w.g.Meetings[4].Title {
		t.Fatalf("titles = %q, %q", aggs[0].Title, aggs[1].Title)
	}
	b, _ := json.Marshal(aggs)
	for _, secret := range []string{"ensimmäinen", "toinen", "kolmas", "neljäs"} {
		if strings.Contains(string(b), secret) {
			t.Fatalf("aggregates carry %q: %s", secret, b)
		}
	}
	if strings.Contains(string(b), "Person") || strings.Contains(string(b), "Note") {
		t.Fatalf("aggregates name a person or a note: %s", b)
	}
}

// --- meeting feedback ---

func TestEvalSubmitFeedback(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	id := w.meetings[0]
	wantErr(t, w.svc.SubmitFeedback(ctx, w.m1, id, 4, "hyvä"), session.EConflict, session.MsgFeedbackNotYet)
	if _, err := w.svc.StartMeeting(ctx, w.f, id); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		a         session.Actor
		meeting   int64
		score     int
		word      string
		code, msg string
	}{
		{"neither score nor word", w.m1, id, 0, "", session.EInvalid, session.MsgNothingAnswered},
		{"score -1", w.m1, id, -1, "hyvä", session.EInvalid, session.MsgScoreInvalid},
		{"score 6", w.m1, id, 6, "hyvä", session.EInvalid, session.MsgScoreInvalid},
		{"two words", w.m1, id, 4, "hyvä kokous", session.EInvalid, session.MsgOneWord},
		{"tab between", w.m1, id, 4, "hyvä\tkokous", session.EInvalid, session.MsgOneWord},
		{"newline between", w.m1, id, 4, "hyvä\nkokous", session.EInvalid, session.MsgOneWord},
		{"41 characters", w.m1, id, 4, strings.Repeat("ä", session.MaxFeedbackWordLen+1), session.EInvalid, session.MsgTextTooLong},
		{"planned meeting", w.m1, w.meetings[1], 4, "hyvä", session.EConflict, session.MsgFeedbackNotYet},
		{"outsider", w.out, id, 4, "hyvä", session.ENotFound, session.MsgMeetingNotFound},
		{"unknown key", w.MustUnknown(t), id, 4, "hyvä", session.EUnauthorized, session.MsgNotJoined},
		{"no such meeting", w.m1, 987654, 4, "hyvä", session.ENotFound, session.MsgMeetingNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, w.svc.SubmitFeedback(ctx, tt.a, tt.meeting, tt.score, tt.word), tt.code, tt.msg)
		})
	}
	if aggs := w.feedbackAggs(t); len(aggs) != 0 {
		t.Fatalf("refusals stored something: %+v", aggs)
	}

	// Live: 1, 2, then 3 answers; a word is optional, trimmed and sanitised.
	w.feedback(t, w.m1, id, 4, "  \x1b[1mtylsä\x1b[0m\a ")
	w.feedback(t, w.m2, id, 2, "")
	fb := evFeedbackOf(w.feedbackAggs(t), id)
	if fb == nil || fb.Respondents != 2 || fb.Mean != 0 || len(fb.Words) != 0 {
		t.Fatalf("two answers: %+v", fb)
	}
	if err := w.svc.EndMeeting(ctx, w.f, id); err != nil {
		t.Fatal(err)
	}
	// Ended: still fine. The limits are inclusive. Three answers, but
	// answering is still open: only the count shows.
	long := strings.Repeat("ö", session.MaxFeedbackWordLen)
	w.feedback(t, w.m3, id, 5, long)
	fb = evFeedbackOf(w.feedbackAggs(t), id)
	if fb == nil || fb.Respondents != 3 || fb.Closed || fb.Shown() || fb.Mean != 0 || len(fb.Words) != 0 {
		t.Fatalf("three answers while open: %+v", fb)
	}
	// A resubmit replaces: the count stays, the mean and the word change.
	w.feedback(t, w.m1, id, 1, "Antoisa")
	w.clk.Add(session.AnswerWindow)
	fb = evFeedbackOf(w.feedbackAggs(t), id)
	if fb == nil || fb.Respondents != 3 || !fb.Closed || !evClose(fb.Mean, 8.0/3) || !slices.Equal(fb.Words, []string{"Antoisa", long}) {
		t.Fatalf("after a resubmit, closed: %+v", fb)
	}
	wantErr(t, w.svc.SubmitFeedback(ctx, w.m2, id, 5, "myöhässä"), session.EConflict, session.MsgAnswersClosed)
	wantErr(t, w.svc.SubmitFeedback(ctx, w.co, id, 5, ""), session.EConflict, session.MsgAnswersClosed)
	if fb.Number != 1 || fb.Title != w.g.Meetings[0].Title {
		t.Fatalf("meeting of the aggregate: %+v", fb)
	}
}

func TestEvalFeedbackAggregates(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	for _, tt := range []struct {
		a         session.Actor
		code, msg string
	}{
		{w.m1, session.EForbidden, session.MsgForbidden},
		{w.m2, session.EForbidden, session.MsgForbidden},
		{w.out, session.ENotFound, session.MsgGroupNotFound},
		{w.MustUnknown(t), session.EUnauthorized, session.MsgNotJoined},
	} {
		_, err := w.svc.FeedbackAggregates(ctx, tt.a, w.g.ID)
		wantErr(t, err, tt.code, tt.msg)
	}
	first, second := w.meetings[0], w.meetings[1]
	for _, id := range []int64{first, second} {
		if _, err := w.svc.StartMeeting(ctx, w.f, id); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.EndMeeting(ctx, w.f, id); err != nil {
			t.Fatal(err)
		}
	}
	// Meeting 1: one answer; meeting 2: answered in an order that is not
	// the alphabetical one.
	w.feedback(t, w.m1, first, 5, "yksin")
	// The facilitator's own pulse is counted apart, never in the mean.
	steps := []struct {
		a       session.Actor
		score   int
		word    string
		n, lead int // participants and leaders answered so far
		mean    float64
		words   []string
	}{
		{w.m3, 4, "zeta", 1, 0, 0, nil},
		{w.f, 1, "johtaja", 1, 1, 0, nil},
		{w.m1, 2, "alfa", 2, 1, 0, nil},
		{w.m2, 5, "Beta", 3, 1, 11.0 / 3, []string{"Beta", "alfa", "zeta"}},
	}
	check := func(n, lead int, closed bool, mean float64, words []string) {
		t.Helper()
		for _, leader := range []session.Actor{w.f, w.co} {
			aggs, err := w.svc.FeedbackAggregates(ctx, leader, w.g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(aggs) != 2 || aggs[0].MeetingID != first || aggs[1].MeetingID != second {
				t.Fatalf("aggregates = %+v", aggs)
			}
			one := aggs[0]
			if one.Respondents != 1 || one.Closed != closed || one.Mean != 0 || len(one.Words) != 0 {
				t.Fatalf("one answer shows more than the count: %+v", one)
			}
			two := aggs[1]
			if two.Respondents != n || two.LeaderAnswers != lead || two.Closed != closed || !evClose(two.Mean, mean) || !slices.Equal(two.Words, words) {
				t.Fatalf("%d answers, closed %v: %+v; want mean %v words %q", n, closed, two, mean, words)
			}
			if !slices.IsSorted(two.Words) {
				t.Fatalf("words not sorted: %q", two.Words)
			}
		}
	}
	// While answering is open, only the count shows, from any number.
	for _, st := range steps {
		w.feedback(t, st.a, second, st.score, st.word)
		check(st.n, st.lead, false, 0, nil)
	}
	// Closed: the last step's mean and words, in alphabetical order.
	w.clk.Add(session.AnswerWindow)
	last := steps[len(steps)-1]
	check(last.n, last.lead, true, last.mean, last.words)
	b, _ := json.Marshal(w.feedbackAggs(t))
	if strings.Contains(string(b), "yksin") || strings.Contains(string(b), "johtaja") || strings.Contains(string(b), "Person") {
		t.Fatalf("aggregates: %s", b)
	}
}

// --- sharing onward ---

// evShareWorld adds reflections and makes the facilitator a member of the
// other group h too.
type evShareWorld struct {
	*evWorld
	reader      session.Actor // a global reader in no group
	privM1      *session.Reflection
	groupM1     *session.Reflection
	groupM2     *session.Reflection
	privF       *session.Reflection
	otherGroupH *session.Reflection // hm's, in h, readable by f
}

func newEvShareWorld(t *testing.T) *evShareWorld {
	t.Helper()
	w := &evShareWorld{evWorld: newEvWorld(t)}
	w.reader = w.MustPerson(t, session.RoleReader, "Lukija")
	w.MustJoinAlso(t, w.out, w.h, session.GroupMentor, w.f)
	w.privM1 = w.MustReflect(t, w.m1, session.ReflectionInput{GroupID: w.g.ID, Body: "M1 YKSITYINEN"})
	w.groupM1 = w.MustReflect(t, w.m1, session.ReflectionInput{MeetingID: w.meetings[0], Body: "M1 RYHMÄLLE", Visibility: session.VisGroup})
	w.groupM2 = w.MustReflect(t, w.m2, session.ReflectionInput{GroupID: w.g.ID, Body: "M2 RYHMÄLLE", Visibility: session.VisGroup})
	w.privF = w.MustReflect(t, w.f, session.ReflectionInput{GroupID: w.g.ID, Body: "FASIN OMA"})
	w.otherGroupH = w.MustReflect(t, w.hm, session.ReflectionInput{GroupID: w.h, Body: "TOISEN RYHMÄN", Visibility: session.VisShared})
	return w
}

func (w *evShareWorld) sharedWithMe(t *testing.T, a session.Actor) []session.Share {
	t.Helper()
	shs, err := w.svc.SharedWithMe(context.Background(), a)
	if err != nil {
		t.Fatalf("SharedWithMe(%s): %v", a.Person.Name, err)
	}
	return shs
}

func (w *evShareWorld) requests(t *testing.T, a session.Actor) []session.ApprovalRequest {
	t.Helper()
	rs, err := w.svc.ApprovalRequests(context.Background(), a)
	if err != nil {
		t.Fatalf("ApprovalRequests(%s): %v", a.Person.Name, err)
	}
	return rs
}

func (w *evShareWorld) shares(t *testing.T, a session.Actor) []session.Share {
	t.Helper()
	shs, err := w.svc.Shares(context.Background(), a, w.g.ID)
	if err != nil {
		t.Fatalf("Shares(%s): %v", a.Person.Name, err)
	}
	return shs
}

func TestEvalCreateShareValidation(t *testing.T) {
	t.Parallel()
	w := newEvShareWorld(t)
	ctx := context.Background()
	hID := strconv.FormatInt(w.h, 10)
	ok := session.ShareInput{GroupID: w.g.ID, What: "Mentoroinnin malli", Audience: "readers", How: string(session.HowTraining), When: "1.12.2026"}
	with := func(f func(*session.ShareInput)) session.ShareInput { in := ok; f(&in); return in }

	for _, tt := range []struct {
		name      string
		a         session.Actor
		in        session.ShareInput
		code, msg string
	}{
		{"mentor", w.m1, ok, session.EForbidden, session.MsgForbidden},
		{"participant", w.m3, ok, session.EForbidden, session.MsgForbidden},
		{"reader outside", w.reader, ok, session.ENotFound, session.MsgGroupNotFound},
		{"outsider", w.out, ok, session.ENotFound, session.MsgGroupNotFound},
		{"unknown key", w.MustUnknown(t), ok, session.EUnauthorized, session.MsgNotJoined},
		{"empty what", w.f, with(func(in *session.ShareInput) { in.What = "" }), session.EInvalid, session.MsgShareWhatEmpty},
		{"blank what", w.f, with(func(in *session.ShareInput) { in.What = " \n\t\x1b[2J " }), session.EInvalid, session.MsgShareWhatEmpty},
		{"what too long", w.f, with(func(in *session.ShareInput) { in.What = strings.Repeat("ä", session.MaxShareTextLen+1) }), session.EInvalid, session.MsgTextTooLong},
		{"empty how", w.f, with(func(in *session.ShareInput) { in.How = "" }), session.EInvalid, session.MsgHowInvalid},
		{"bad how", w.f, with(func(in *session.ShareInput) { in.How = "email" }), session.EInvalid, session.MsgHowInvalid},
		{"how in capitals", w.f, with(func(in *session.ShareInput) { in.How = "EXPORT" }), session.EInvalid, session.MsgHowInvalid},
		{"own group", w.f, with(func(in *session.ShareInput) { in.Audience = strconv.FormatInt(w.g.ID, 10) }), session.EInvalid, session.MsgAudienceInvalid},
		{"unknown group", w.f, with(func(in *session.ShareInput) { in.Audience = "987654" }), session.EInvalid, session.MsgAudienceInvalid},
		{"group zero", w.f, with(func(in *session.ShareInput) { in.Audience = "0" }), session.EInvalid, session.MsgAudienceInvalid},
		{"garbage", w.f, with(func(in *session.ShareInput) { in.Audience = "kaikille" }), session.EInvalid, session.MsgAudienceInvalid},
		{"empty audience", w.f, with(func(in *session.ShareInput) { in.Audience = "" }), session.EInvalid, session.MsgAudienceInvalid},
		{"stored form", w.f, with(func(in *session.ShareInput) { in.Audience = "group:" + hID }), session.EInvalid, session.MsgAudienceInvalid},
		{"private of another", w.f, with(func(in *session.ShareInput) { in.Quotes = []int64{w.privM1.ID} }), session.EInvalid, session.MsgQuoteNotReadable},
		{"reflection of another group", w.f, with(func(in *session.ShareInput) { in.Quotes = []int64{w.otherGroupH.ID} }), session.EInvalid, session.MsgQuoteNotReadable},
		{"nonexistent reflection", w.f, with(func(in *session.ShareInput) { in.Quotes = []int64{987654} }), session.EInvalid, session.MsgQuoteNotReadable},
		{"one good, one bad", w.f, with(func(in *session.ShareInput) { in.Quotes = []int64{w.groupM1.ID, w.privM1.ID} }), session.EInvalid, session.MsgQuoteNotReadable},
		{"co quotes the facilitator's private", w.co, with(func(in *session.ShareInput) { in.Quotes = []int64{w.privF.ID} }), session.EInvalid, session.MsgQuoteNotReadable},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sh, err := w.svc.CreateShare(ctx, tt.a, tt.in)
			wantErr(t, err, tt.code, tt.msg)
			if sh != nil {
				t.Fatalf("share returned with an error: %+v", sh)
			}
		})
	}
	if shs := w.shares(t, w.f); len(shs) != 0 {
		t.Fatalf("refusals stored shares: %+v", shs)
	}
	if rs := w.requests(t, w.m1); len(rs) != 0 {
		t.Fatalf("refusals asked m1: %+v", rs)
	}
	// f can read the other group's reflection: the refusal was about the group.
	if _, err := w.svc.Reflection(ctx, w.f, w.otherGroupH.ID); err != nil {
		t.Fatalf("f cannot read h's reflection: %v", err)
	}

	// Readers, trimmed and sanitised; the own reflection approved at once,
	// another's asked.
	w.clk.Add(time.Minute)
	sh := w.share(t, w.f, session.ShareInput{GroupID: w.g.ID, What: " \x1b[1mMalli\x1b[0m\a koulutukseen ", Audience: " readers ",
		How: " training ", Quotes: []int64{w.groupM1.ID, w.privF.ID}})
	if sh.ID == 0 || sh.GroupID != w.g.ID || sh.What != "Malli koulutukseen" || sh.Audience != session.AudienceReaders ||
		sh.How != session.HowTraining || sh.CreatedBy != w.f.Person.ID || !sh.CreatedAt.Equal(w.clk.Now().Truncate(time.Second)) {
		t.Fatalf("share = %+v", sh)
	}
	if q := evQuoteOf(sh, w.groupM1.ID); q == nil || q.Status != session.QuoteAsked || q.AuthorID != w.m1.Person.ID || q.ShareID != sh.ID {
		t.Fatalf("m1's quote = %+v", q)
	}
	if q := evQuoteOf(sh, w.privF.ID); q == nil || q.Status != session.QuoteApproved || q.AuthorID != w.f.Person.ID {
		t.Fatalf("f's own quote = %+v", q)
	}
	// Another group, by id; the co-facilitator may; each way works.
	for _, how := range session.ShareHows {
		sh := w.share(t, w.co, session.ShareInput{GroupID: w.g.ID, What: "Kokemukset", Audience: " " + hID + " ", How: string(how)})
		if sh.Audience != session.ShareAudience("group:"+hID) || sh.How != how || len(sh.Quotes) != 0 {
			t.Fatalf("share to h = %+v", sh)
		}
	}
	shs := w.shares(t, w.m3)
	last := len(session.ShareHows)
	if len(shs) != last+1 || shs[last].ID != sh.ID {
		t.Fatalf("shares = %v, want %d, newest first", evShareIDs(shs), last+1)
	}
	if shs[0].AudienceName != "Toinen ryhmä" || shs[last].AudienceName != "" || shs[last].GroupName != "Ryhmä" {
		t.Fatalf("audience names %q, %q; group %q", shs[0].AudienceName, shs[last].AudienceName, shs[last].GroupName)
	}
}

func TestEvalQuoteApprovalAndSharedWithMe(t *testing.T) {
	t.Parallel()
	w := newEvShareWorld(t)
	ctx := context.Background()
	hID := strconv.FormatInt(w.h, 10)
	toReaders := w.share(t, w.f, session.ShareInput{GroupID: w.g.ID, What: "Lukijoille", Audience: "readers", How: "export",
		Quotes: []int64{w.groupM1.ID, w.groupM2.ID, w.privF.ID}})
	toH := w.share(t, w.f, session.ShareInput{GroupID: w.g.ID, What: "Toiselle ryhmälle", Audience: hID, How: "follow-up",
		Quotes: []int64{w.groupM1.ID}})

	// Requests: only the author's own asked quotes.
	rs := w.requests(t, w.m1)
	if len(rs) != 2 {
		t.Fatalf("m1's requests = %+v", rs)
	}
	for _, r := range rs {
		if r.AuthorID != w.m1.Person.ID || r.ReflectionID != w.groupM1.ID || r.Status != session.QuoteAsked || r.GroupName != "Ryhmä" {
			t.Fatalf("m1's request = %+v", r)
		}
	}
	if rs[0].ShareID != toReaders.ID || rs[0].What != "Lukijoille" || rs[0].Audience != "readers" || rs[0].Excerpt != "M1 RYHMÄLLE" ||
		rs[1].ShareID != toH.ID || rs[1].AudienceName != "Toinen ryhmä" || rs[1].AskedBy != "Fasi" {
		t.Fatalf("m1's requests = %+v", rs)
	}
	if rs := w.requests(t, w.m2); len(rs) != 1 || rs[0].ReflectionID != w.groupM2.ID || rs[0].Excerpt != "M2 RYHMÄLLE" {
		t.Fatalf("m2's requests = %+v", rs)
	}
	for _, a := range []session.Actor{w.f, w.co, w.m3, w.reader, w.hm} {
		if rs := w.requests(t, a); len(rs) != 0 {
			t.Fatalf("%s's requests = %+v", a.Person.Name, rs)
		}
	}
	_, err := w.svc.ApprovalRequests(ctx, w.MustUnknown(t))
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)

	// Nothing asked is shown yet, nor f's own quote of a reflection that
	// is private: private is the author alone, whoever quotes it.
	got := w.sharedWithMe(t, w.reader)
	if !slices.Equal(evShareIDs(got), []int64{toReaders.ID}) {
		t.Fatalf("reader sees %v", evShareIDs(got))
	}
	if qs := got[0].Quotes; len(qs) != 0 {
		t.Fatalf("reader's quotes before approval = %+v", qs)
	}

	// Someone who is not the author cannot answer, and changes nothing.
	for _, a := range []session.Actor{w.f, w.co, w.m2, w.reader, w.hm} {
		for _, approve := range []bool{true, false} {
			wantErr(t, w.svc.AnswerQuote(ctx, a, toReaders.ID, w.groupM1.ID, approve), session.ENotFound, session.MsgShareNotFound)
		}
	}
	wantErr(t, w.svc.AnswerQuote(ctx, w.m1, toReaders.ID, w.groupM2.ID, true), session.ENotFound, session.MsgShareNotFound)
	wantErr(t, w.svc.AnswerQuote(ctx, w.m1, 987654, w.groupM1.ID, true), session.ENotFound, session.MsgShareNotFound)
	wantErr(t, w.svc.AnswerQuote(ctx, w.MustUnknown(t), toReaders.ID, w.groupM1.ID, true), session.EUnauthorized, session.MsgNotJoined)
	if rs := w.requests(t, w.m1); len(rs) != 2 {
		t.Fatalf("refused answers changed m1's requests: %+v", rs)
	}
	if q := evQuoteOf(evShareByID(w.shares(t, w.f), toReaders.ID), w.groupM1.ID); q.Status != session.QuoteAsked {
		t.Fatalf("refused answers changed the quote: %+v", q)
	}
	if got := w.sharedWithMe(t, w.reader); len(got[0].Quotes) != 0 {
		t.Fatalf("refused answers released a quote: %+v", got[0].Quotes)
	}

	// m1 approves for the readers, m2 declines.
	if err := w.svc.AnswerQuote(ctx, w.m1, toReaders.ID, w.groupM1.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.AnswerQuote(ctx, w.m2, toReaders.ID, w.groupM2.ID, false); err != nil {
		t.Fatal(err)
	}
	if rs := w.requests(t, w.m1); len(rs) != 1 || rs[0].ShareID != toH.ID {
		t.Fatalf("m1's requests after approving = %+v", rs)
	}
	if rs := w.requests(t, w.m2); len(rs) != 0 {
		t.Fatalf("m2's requests after declining = %+v", rs)
	}
	got = w.sharedWithMe(t, w.reader)
	if len(got) != 1 || got[0].ID != toReaders.ID || got[0].What != "Lukijoille" || got[0].GroupName != "Ryhmä" || got[0].How != session.HowDocument {
		t.Fatalf("reader sees %+v", got)
	}
	qs := got[0].Quotes
	if len(qs) != 1 || qs[0].ReflectionID != w.groupM1.ID || qs[0].Body != "M1 RYHMÄLLE" || qs[0].AuthorName != "Mentori" {
		t.Fatalf("reader's quotes after answers = %+v", qs)
	}
	for _, q := range qs {
		if q.Status != session.QuoteApproved {
			t.Fatalf("unapproved quote shown: %+v", q)
		}
	}

	// The target group's members see the decision to it, without the asked quote.
	for _, a := range []session.Actor{w.hm, w.out} {
		got := w.sharedWithMe(t, a)
		if !slices.Equal(evShareIDs(got), []int64{toH.ID}) || len(got[0].Quotes) != 0 || got[0].AudienceName != "Toinen ryhmä" {
			t.Fatalf("%s sees %+v", a.Person.Name, got)
		}
	}
	// Members of the sharing group who are not readers see neither.
	for _, a := range []session.Actor{w.m1, w.m2, w.m3, w.co} {
		if got := w.sharedWithMe(t, a); len(got) != 0 {
			t.Fatalf("%s sees %v", a.Person.Name, evShareIDs(got))
		}
	}
	// f is also in h: sees the decision to h, not the readers' one.
	if got := w.sharedWithMe(t, w.f); !slices.Equal(evShareIDs(got), []int64{toH.ID}) {
		t.Fatalf("f sees %v", evShareIDs(got))
	}
	_, err = w.svc.SharedWithMe(ctx, w.MustUnknown(t))
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)

	// Approving for h shows the body to h's members.
	if err := w.svc.AnswerQuote(ctx, w.m1, toH.ID, w.groupM1.ID, true); err != nil {
		t.Fatal(err)
	}
	if got := w.sharedWithMe(t, w.hm); len(got[0].Quotes) != 1 || got[0].Quotes[0].Body != "M1 RYHMÄLLE" {
		t.Fatalf("hm sees %+v", got[0].Quotes)
	}
	// Withdrawing an approval hides the quote again; a decline can be undone.
	if err := w.svc.AnswerQuote(ctx, w.m1, toReaders.ID, w.groupM1.ID, false); err != nil {
		t.Fatal(err)
	}
	got = w.sharedWithMe(t, w.reader)
	if len(got[0].Quotes) != 0 {
		t.Fatalf("after withdrawing, reader sees %+v", got[0].Quotes)
	}
	b, _ := json.Marshal(got)
	if strings.Contains(string(b), "M1 RYHMÄLLE") || strings.Contains(string(b), "M2 RYHMÄLLE") || strings.Contains(string(b), "FASIN OMA") {
		t.Fatalf("withdrawn or declined text reaches the reader: %s", b)
	}
	if q := evQuoteOf(evShareByID(w.shares(t, w.f), toReaders.ID), w.groupM1.ID); q.Status != session.QuoteDeclined {
		t.Fatalf("withdrawn quote = %+v", q)
	}
	if err := w.svc.AnswerQuote(ctx, w.m2, toReaders.ID, w.groupM2.ID, true); err != nil {
		t.Fatal(err)
	}
	if got := w.sharedWithMe(t, w.reader); len(got[0].Quotes) != 1 || got[0].Quotes[0].Body != "M2 RYHMÄLLE" {
		t.Fatalf("after m2 changed their mind: %+v", got[0].Quotes)
	}
}

func TestEvalSharesForMembers(t *testing.T) {
	t.Parallel()
	w := newEvShareWorld(t)
	ctx := context.Background()
	// A private reflection of the co-facilitator, quoted by herself.
	privCo := w.MustReflect(t, w.co, session.ReflectionInput{GroupID: w.g.ID, Body: "KOFASIN OMA"})
	sh := w.share(t, w.f, session.ShareInput{GroupID: w.g.ID, What: "Lukijoille", Audience: "readers", How: "export",
		Quotes: []int64{w.groupM1.ID, w.privF.ID}})
	sh2 := w.share(t, w.co, session.ShareInput{GroupID: w.g.ID, What: "Toinen", Audience: "readers", How: "export",
		Quotes: []int64{privCo.ID}})

	bodies := func(a session.Actor) map[int64]string {
		t.Helper()
		out := map[int64]string{}
		shs := w.shares(t, a)
		if !slices.Equal(evShareIDs(shs), []int64{sh2.ID, sh.ID}) {
			t.Fatalf("%s: shares %v", a.Person.Name, evShareIDs(shs))
		}
		for _, s := range shs {
			for _, q := range s.Quotes {
				out[q.ReflectionID] = q.Body
			}
		}
		return out
	}
	for _, tt := range []struct {
		a    session.Actor
		want map[int64]string
	}{
		{w.f, map[int64]string{w.groupM1.ID: "M1 RYHMÄLLE", w.privF.ID: "FASIN OMA", privCo.ID: ""}},
		{w.co, map[int64]string{w.groupM1.ID: "M1 RYHMÄLLE", w.privF.ID: "", privCo.ID: "KOFASIN OMA"}},
		{w.m1, map[int64]string{w.groupM1.ID: "M1 RYHMÄLLE", w.privF.ID: "", privCo.ID: ""}},
		{w.m3, map[int64]string{w.groupM1.ID: "M1 RYHMÄLLE", w.privF.ID: "", privCo.ID: ""}},
	} {
		got := bodies(tt.a)
		if len(got) != len(tt.want) {
			t.Fatalf("%s: bodies %v", tt.a.Person.Name, got)
		}
		for id, body := range tt.want {
			if got[id] != body {
				t.Fatalf("%s: quote of %d has body %q, want %q", tt.a.Person.Name, id, got[id], body)
			}
		}
	}
	// Once m1 makes the reflection private, other members lose its text.
	if _, err := w.svc.SetVisibility(ctx, w.m1, w.groupM1.ID, session.VisPrivate); err != nil {
		t.Fatal(err)
	}
	if got := bodies(w.m3); got[w.groupM1.ID] != "" {
		t.Fatalf("m3 still sees the now private text: %v", got)
	}
	if got := bodies(w.m1); got[w.groupM1.ID] != "M1 RYHMÄLLE" {
		t.Fatalf("the author lost their own text: %v", got)
	}
	for _, tt := range []struct {
		a         session.Actor
		code, msg string
	}{
		{w.out, session.ENotFound, session.MsgGroupNotFound},
		{w.hm, session.ENotFound, session.MsgGroupNotFound},
		{w.reader, session.ENotFound, session.MsgGroupNotFound},
		{w.MustUnknown(t), session.EUnauthorized, session.MsgNotJoined},
	} {
		_, err := w.svc.Shares(ctx, tt.a, w.g.ID)
		wantErr(t, err, tt.code, tt.msg)
	}
}

// --- the report ---

func TestEvalReport(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	refused := func() {
		t.Helper()
		for _, tt := range []struct {
			a         session.Actor
			code, msg string
		}{
			{w.m1, session.EForbidden, session.MsgForbidden},
			{w.m2, session.EForbidden, session.MsgForbidden},
			{w.m3, session.ENotFound, session.MsgGroupNotFound},
			{w.out, session.ENotFound, session.MsgGroupNotFound},
			{w.MustUnknown(t), session.EUnauthorized, session.MsgNotJoined},
		} {
			rep, err := w.svc.Report(ctx, tt.a, w.g.ID)
			wantErr(t, err, tt.code, tt.msg)
			if rep != nil {
				t.Fatalf("report with an error: %+v", rep)
			}
		}
	}

	// A task, done by two.
	tk, err := w.svc.CreateTask(ctx, w.f, session.Task{GroupID: w.g.ID, Title: "Lue artikkeli"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []session.Actor{w.m1, w.m2} {
		if err := w.svc.CompleteTask(ctx, a, tk.ID, "VASTAUS-SALAINEN"); err != nil {
			t.Fatal(err)
		}
	}

	// Meeting 1: f, m1 and m2 attend; 10 + 20 minutes.
	first, second, last := w.meetings[0], w.meetings[1], w.meetings[4]
	if _, err := w.svc.StartMeeting(ctx, w.f, first); err != nil {
		t.Fatal(err)
	}
	w.MustEnter(t, w.f, first)
	w.MustEnter(t, w.m1, first)
	_, leave := w.MustEnter(t, w.m2, first)
	w.clk.Add(10 * time.Minute)
	if err := w.svc.Act(ctx, w.f, first, session.Action{Kind: session.ActNext}); err != nil {
		t.Fatal(err)
	}
	leave() // m2 attended even though gone before the end
	w.clk.Add(20 * time.Minute)
	if err := w.svc.EndMeeting(ctx, w.f, first); err != nil {
		t.Fatal(err)
	}
	// Meeting 2: only co attends; 5 minutes.
	if _, err := w.svc.StartMeeting(ctx, w.co, second); err != nil {
		t.Fatal(err)
	}
	w.MustEnter(t, w.co, second)
	w.clk.Add(5 * time.Minute)
	if err := w.svc.EndMeeting(ctx, w.co, second); err != nil {
		t.Fatal(err)
	}

	// Feedback: three participants and the facilitator at meeting 1, one
	// participant and the co-facilitator at meeting 2. The leaders' own
	// answers are counted apart and never in a mean or among the words.
	w.feedback(t, w.m3, first, 5, "Antoisa")
	w.feedback(t, w.f, first, 1, "JOHTAJAN-SANA")
	w.feedback(t, w.m1, first, 4, "selkeä")
	w.feedback(t, w.m2, first, 3, "")
	w.feedback(t, w.co, second, 2, "SANASALAINENYKSI")
	w.feedback(t, w.m1, second, 1, "SANASALAINENKAKSI")

	// Self-assessment: two at meeting 1, three participants and the
	// facilitator at meeting 5.
	w.assess(t, w.m1, first, []int{1, 2, 3, 4, 5, 1}, "MUISTIINPANO-SALAINEN-1")
	w.assess(t, w.m2, first, []int{3, 3, 3, 3, 3, 3}, "MUISTIINPANO-SALAINEN-2")
	w.assess(t, w.m3, last, []int{5, 5, 5, 5, 5, 5}, "MUISTIINPANO-SALAINEN-3")
	w.assess(t, w.f, last, []int{1, 1, 1, 1, 1, 1}, "MUISTIINPANO-SALAINEN-6")
	w.assess(t, w.m1, last, []int{4, 4, 4, 4, 4, 4}, "MUISTIINPANO-SALAINEN-4")
	w.assess(t, w.m2, last, []int{3, 2, 1, 3, 2, 1}, "MUISTIINPANO-SALAINEN-5")
	// Meeting 5 is held; a day later answering has closed everywhere.
	w.MustHold(t, w.f, last)
	w.clk.Add(session.AnswerWindow)

	// Reflections: two of the group shared, others not, one shared elsewhere.
	w.MustReflect(t, w.m1, session.ReflectionInput{MeetingID: first, Body: "POHDINTA-SALAINEN-JAETTU", Visibility: session.VisShared})
	w.MustReflect(t, w.co, session.ReflectionInput{GroupID: w.g.ID, Body: "POHDINTA-SALAINEN-JAETTU-2", Visibility: session.VisShared})
	w.MustReflect(t, w.m2, session.ReflectionInput{GroupID: w.g.ID, Body: "POHDINTA-SALAINEN-RYHMÄ", Visibility: session.VisGroup})
	w.MustReflect(t, w.f, session.ReflectionInput{GroupID: w.g.ID, Body: "POHDINTA-SALAINEN-OMA"})
	w.MustReflect(t, w.m1, session.ReflectionInput{Body: "POHDINTA-SALAINEN-PÄIVÄKIRJA", Visibility: session.VisShared})
	w.MustReflect(t, w.hm, session.ReflectionInput{GroupID: w.h, Body: "POHDINTA-SALAINEN-TOINEN", Visibility: session.VisShared})
	g2 := w.MustReflect(t, w.m2, session.ReflectionInput{GroupID: w.g.ID, Body: "POHDINTA-SALAINEN-LAINATTU", Visibility: session.VisGroup})

	// Two decisions on sharing onward, one quoting m2.
	w.share(t, w.f, session.ShareInput{GroupID: w.g.ID, What: "Päätös lukijoille", Audience: "readers", How: "export", Quotes: []int64{g2.ID}})
	w.share(t, w.co, session.ShareInput{GroupID: w.g.ID, What: "Toiselle", Audience: strconv.FormatInt(w.h, 10), How: "training"})
	// A decision of the other group does not count.
	w.share(t, w.out, session.ShareInput{GroupID: w.h, What: "Toisen päätös", Audience: "readers", How: "export"})

	// m3 leaves the four members the room tests expect: f, co, m1, m2. Her
	// answers stay in the participants' aggregates.
	if err := w.svc.LeaveGroup(ctx, w.m3, w.g.ID); err != nil {
		t.Fatal(err)
	}
	refused()

	for _, leader := range []session.Actor{w.f, w.co} {
		rep, err := w.svc.Report(ctx, leader, w.g.ID)
		if err != nil {
			t.Fatalf("Report(%s): %v", leader.Person.Name, err)
		}
		if rep.Group.ID != w.g.ID || rep.Group.Name != "Ryhmä" || rep.Members != 4 {
			t.Fatalf("group %+v, %d members", rep.Group, rep.Members)
		}
		if len(rep.Meetings) != 5 {
			t.Fatalf("meetings = %+v", rep.Meetings)
		}
		want := []struct {
			state                     session.MeetingState
			attended, actual, planned int
		}{
			{session.MeetingEnded, 3, 30, w.g.Meetings[0].Minutes},
			{session.MeetingEnded, 1, 5, w.g.Meetings[1].Minutes},
			{session.MeetingPlanned, 0, 0, w.g.Meetings[2].Minutes},
			{session.MeetingPlanned, 0, 0, w.g.Meetings[3].Minutes},
			{session.MeetingEnded, 0, 0, w.g.Meetings[4].Minutes},
		}
		for i, rm := range rep.Meetings {
			wm := want[i]
			if rm.Number != i+1 || rm.Title != w.g.Meetings[i].Title || rm.State != wm.state || rm.Attended+rm.LeadersAttended != wm.attended ||
				rm.ActualMinutes != wm.actual || rm.PlannedMinutes != wm.planned || rm.PlannedMinutes != 90 {
				t.Fatalf("meeting %d = %+v, want %+v", i+1, rm, wm)
			}
		}
		// Tasks are for the members: the two leaders are not counted.
		if len(rep.Tasks) != 1 || rep.Tasks[0] != (session.ReportTask{Title: "Lue artikkeli", Done: 2, Members: 2}) {
			t.Fatalf("tasks = %+v", rep.Tasks)
		}
		if len(rep.Assessment) != 6 || rep.Assessment[0] != "Listening" {
			t.Fatalf("assessment items = %q", rep.Assessment)
		}
		if rep.Before == nil || rep.Before.MeetingID != first || rep.Before.Respondents != 2 || rep.Before.Means != nil {
			t.Fatalf("before = %+v; want meeting 1, 2 respondents, no means", rep.Before)
		}
		if rep.After == nil || rep.After.MeetingID != last || rep.After.Number != 5 || rep.After.Respondents != 3 || rep.After.LeaderAnswers != 1 {
			t.Fatalf("after = %+v", rep.After)
		}
		evMeans(t, "after", rep.After.Means, []float64{4, 11.0 / 3, 10.0 / 3, 4, 11.0 / 3, 10.0 / 3})
		if len(rep.Feedback) != 2 {
			t.Fatalf("feedback = %+v", rep.Feedback)
		}
		if fb := rep.Feedback[0]; fb.MeetingID != first || fb.Respondents != 3 || fb.LeaderAnswers != 1 || !evClose(fb.Mean, 4) || !slices.Equal(fb.Words, []string{"Antoisa", "selkeä"}) {
			t.Fatalf("feedback of meeting 1 = %+v", fb)
		}
		if fb := rep.Feedback[1]; fb.MeetingID != second || fb.Respondents != 1 || fb.LeaderAnswers != 1 || fb.Mean != 0 || len(fb.Words) != 0 {
			t.Fatalf("feedback of meeting 2 = %+v", fb)
		}
		if rep.Shared != 2 || rep.ShareCount != 2 {
			t.Fatalf("shared %d, share count %d; want 2 and 2", rep.Shared, rep.ShareCount)
		}

		// Nothing private in it, however it is printed.
		js, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		text := fmt.Sprintf("%+v\n%+v\n%+v\n%s", *rep, *rep.Before, *rep.After, js)
		if !strings.Contains(text, "Antoisa") {
			t.Fatal("the check below would prove nothing: the report's text lacks the visible word")
		}
		for _, secret := range []string{"SALAINEN", "SANASALAINEN", "MUISTIINPANO", "POHDINTA", "VASTAUS", "JOHTAJAN"} {
			if strings.Contains(text, secret) {
				t.Fatalf("report carries %q:\n%s", secret, text)
			}
		}
	}
}

// --- bugs ---

// BUG: Report gives a live meeting a hugely negative ActualMinutes. The
// current item's visit has a zero To while the meeting runs, and
// RoomState.ActualMinutes sums To.Sub(From) without minding it.
func TestEvalReportLiveMeetingMinutes(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	if _, err := w.svc.StartMeeting(ctx, w.f, w.meetings[0]); err != nil {
		t.Fatal(err)
	}
	w.MustEnter(t, w.f, w.meetings[0])
	w.MustEnter(t, w.m1, w.meetings[0])
	w.clk.Add(7 * time.Minute)
	if err := w.svc.Act(ctx, w.f, w.meetings[0], session.Action{Kind: session.ActNext}); err != nil {
		t.Fatal(err)
	}
	w.clk.Add(3 * time.Minute)
	rep, err := w.svc.Report(ctx, w.f, w.g.ID)
	if err != nil {
		t.Fatal(err)
	}
	rm := rep.Meetings[0]
	if rm.State != session.MeetingLive || rm.Attended+rm.LeadersAttended != 2 {
		t.Fatalf("live meeting = %+v", rm)
	}
	if rm.ActualMinutes != 10 {
		t.Fatalf("live meeting, 10 minutes in: ActualMinutes = %d", rm.ActualMinutes)
	}
}

// BUG: Report rounds each item's time to whole minutes before adding them,
// so a meeting of three 40-second items is reported as 3 minutes, not 2
// (and eight 29-second items as 0).
func TestEvalReportMinutesRoundedOnce(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	id := w.meetings[0]
	if _, err := w.svc.StartMeeting(ctx, w.f, id); err != nil {
		t.Fatal(err)
	}
	w.MustEnter(t, w.f, id)
	for range 2 {
		w.clk.Add(40 * time.Second)
		if err := w.svc.Act(ctx, w.f, id, session.Action{Kind: session.ActNext}); err != nil {
			t.Fatal(err)
		}
	}
	w.clk.Add(40 * time.Second)
	if err := w.svc.EndMeeting(ctx, w.f, id); err != nil {
		t.Fatal(err)
	}
	rep, err := w.svc.Report(ctx, w.f, w.g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Meetings[0].ActualMinutes; got != 2 {
		t.Fatalf("a 2-minute meeting reported as %d minutes", got)
	}
}

// BUG: after the statements change, answers given to the old ones are
// still averaged position by position, with the first answer's length:
// the means no longer match the statements shown beside them, and a mean
// can fall below 1. Either SetAssessmentItems should refuse once the group
// has answers, or the aggregates should leave out answers of another shape.
func TestEvalAggregatesAfterStatementsChange(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	first := w.meetings[0]
	// The lower person ids answer the six template statements.
	for _, a := range []session.Actor{w.f, w.co, w.m1} {
		w.assess(t, a, first, evScores(6, 1), "")
	}
	if err := w.svc.SetAssessmentItems(ctx, w.f, w.g.ID, []string{"Uusi yksi", "Uusi kaksi"}); err != nil {
		if session.ErrorCode(err) == session.EConflict {
			return // refusing the change is a fix
		}
		t.Fatal(err)
	}
	w.assess(t, w.m2, first, []int{1, 1}, "")
	items, err := w.svc.AssessmentItems(ctx, w.f, w.g.ID)
	if err != nil {
		t.Fatal(err)
	}
	agg := evAggOf(w.assessmentAggs(t), first)
	if agg == nil {
		t.Fatal("no aggregate")
	}
	for _, m := range agg.Means {
		if m < 1 || m > 5 {
			t.Fatalf("means %v outside 1–5", agg.Means)
		}
	}
	if agg.Means != nil && len(agg.Means) != len(items) {
		t.Fatalf("%d means for %d statements", len(agg.Means), len(items))
	}
}

// BUG: the one-word check looks only for ' ' and '\t', so "hyvä\u00a0kokous"
// (a no-break space, or any other Unicode space) is accepted as one word.
func TestEvalFeedbackWordUnicodeSpace(t *testing.T) {
	t.Parallel()
	w := newEvWorld(t)
	ctx := context.Background()
	if _, err := w.svc.StartMeeting(ctx, w.f, w.meetings[0]); err != nil {
		t.Fatal(err)
	}
	for _, word := range []string{"hyvä\u00a0kokous", "hyvä\u3000kokous", "hyvä\u2003kokous"} {
		wantErr(t, w.svc.SubmitFeedback(ctx, w.m1, w.meetings[0], 4, word), session.EInvalid, session.MsgOneWord)
	}
}

// TestEvalQuoteFollowsAuthor: an approved quote reaches its audience only
// while the approval stands and the reflection is not private; the author
// alone withdraws, in one share or all, and making the reflection private
// withdraws everywhere at once.
func TestEvalQuoteFollowsAuthor(t *testing.T) {
	t.Parallel()
	w := newEvShareWorld(t)
	ctx := context.Background()
	toReaders := w.share(t, w.f, session.ShareInput{GroupID: w.g.ID, What: "Lukijoille", Audience: "readers", How: "export",
		Quotes: []int64{w.groupM1.ID}})
	toH := w.share(t, w.f, session.ShareInput{GroupID: w.g.ID, What: "Toiselle", Audience: strconv.FormatInt(w.h, 10), How: "follow-up",
		Quotes: []int64{w.groupM1.ID}})
	for _, sh := range []int64{toReaders.ID, toH.ID} {
		if err := w.svc.AnswerQuote(ctx, w.m1, sh, w.groupM1.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	sees := func(a session.Actor) bool {
		t.Helper()
		for _, sh := range w.sharedWithMe(t, a) {
			for _, q := range sh.Quotes {
				if q.Body == "M1 RYHMÄLLE" {
					return true
				}
			}
		}
		return false
	}
	if !sees(w.reader) || !sees(w.hm) {
		t.Fatal("approved quote not shown")
	}

	// Nobody but the author withdraws; nothing changes when they try.
	for _, a := range []session.Actor{w.f, w.co, w.m2, w.reader, w.hm} {
		_, err := w.svc.WithdrawQuote(ctx, a, w.groupM1.ID, 0)
		wantErr(t, err, session.ENotFound, session.MsgNoApprovedQuote)
	}
	_, err := w.svc.WithdrawQuote(ctx, w.MustUnknown(t), w.groupM1.ID, 0)
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)
	if !sees(w.reader) || !sees(w.hm) {
		t.Fatal("a refused withdrawal hid the quote")
	}

	// Withdrawn from the readers' share only.
	if n, err := w.svc.WithdrawQuote(ctx, w.m1, w.groupM1.ID, toReaders.ID); err != nil || n != 1 {
		t.Fatalf("WithdrawQuote = %d, %v", n, err)
	}
	if sees(w.reader) || !sees(w.hm) {
		t.Fatalf("after withdrawing from the readers: reader %v, h %v", sees(w.reader), sees(w.hm))
	}
	_, err = w.svc.WithdrawQuote(ctx, w.m1, w.groupM1.ID, toReaders.ID)
	wantErr(t, err, session.ENotFound, session.MsgNoApprovedQuote)

	// Made private: gone from h too, and its leaders see why.
	if _, err := w.svc.SetVisibility(ctx, w.m1, w.groupM1.ID, session.VisPrivate); err != nil {
		t.Fatal(err)
	}
	if sees(w.hm) {
		t.Fatal("a private reflection's quote still shown")
	}
	for _, sh := range w.shares(t, w.f) {
		if q := evQuoteOf(&sh, w.groupM1.ID); q != nil && (q.Status != session.QuoteWithdrawn || q.Body != "") {
			t.Fatalf("leader's view of the quote after making it private: %+v", q)
		}
	}
	// Approving it again is refused while it is private…
	wantErr(t, w.svc.AnswerQuote(ctx, w.m1, toH.ID, w.groupM1.ID, true), session.EConflict, session.MsgQuotePrivate)
	// …and making it visible again does not bring the quote back unasked.
	if _, err := w.svc.SetVisibility(ctx, w.m1, w.groupM1.ID, session.VisGroup); err != nil {
		t.Fatal(err)
	}
	if sees(w.hm) || sees(w.reader) {
		t.Fatal("making the reflection visible again brought the quote back")
	}
	qs, err := w.svc.MyQuotes(ctx, w.m1)
	if err != nil || len(qs) != 2 {
		t.Fatalf("MyQuotes = %+v, %v", qs, err)
	}
	for _, q := range qs {
		if q.Status != session.QuoteWithdrawn {
			t.Fatalf("m1's quote = %+v", q)
		}
	}
	// The author may approve again.
	if err := w.svc.AnswerQuote(ctx, w.m1, toH.ID, w.groupM1.ID, true); err != nil {
		t.Fatal(err)
	}
	if !sees(w.hm) || sees(w.reader) {
		t.Fatal("approving again: wrong audience")
	}
	// A self-quote of a private reflection is never shown.
	own := w.share(t, w.f, session.ShareInput{GroupID: w.g.ID, What: "Oma", Audience: "readers", How: "export", Quotes: []int64{w.privF.ID}})
	for _, sh := range w.sharedWithMe(t, w.reader) {
		if sh.ID == own.ID && len(sh.Quotes) != 0 {
			t.Fatalf("a private reflection reaches the readers: %+v", sh.Quotes)
		}
	}
}
