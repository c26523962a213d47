package main

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// sharedJSONOut is what `shared --json` prints.
type sharedJSONOut []struct {
	ID     int64 `json:"id"`
	Quotes []struct {
		Reflection int64  `json:"reflection"`
		Body       string `json:"body"`
	} `json:"quotes"`
}

func (s sharedJSONOut) bodies() string {
	var b strings.Builder
	for _, sh := range s {
		for _, q := range sh.Quotes {
			b.WriteString(q.Body + "\n")
		}
	}
	return b.String()
}

// TestQuoteFollowsAuthor: a quote the author approved reaches the reader
// only while the approval stands and the reflection is not private.
// Withdrawing on the home screen (with a question first), withdrawing by
// command and making the reflection private each take it from the
// reader's screen, `shared --json` and `shared --md` at once.
func TestQuoteFollowsAuthor(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	ctx := context.Background()
	f := newMeetingFixture(t, app, "mentor-group")
	gid := f.group
	reader := app.join(t, session.RoleReader, "Lukija")
	aino := mustActor(t, app, f.aino)

	texts := []string{"Peruttava-lainaus kuuntelusta", "Yksityistettava-lainaus luottamuksesta", "Komennolla-peruttava lainaus"}
	var ids []string
	for _, text := range texts {
		res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("reflection add --group %d --visibility group", gid), tuitest.WithStdin(text))
		if res.ExitCode != 0 {
			t.Fatalf("reflection add: %s", res.Stderr)
		}
		ids = append(ids, strings.TrimSpace(res.Stdout))
	}
	res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("share add --group %d --what Opit --to readers --how training --when 1.12.2026 --quote %s", gid, strings.Join(ids, ",")))
	if res.ExitCode != 0 {
		t.Fatalf("share add: %s", res.Stderr)
	}
	shareID := strings.TrimSpace(res.Stdout)
	// Aino approves all three (the approving keys are driven in
	// TestMepeEvaluation).
	qs, err := app.Service.ApprovalRequests(ctx, aino)
	if err != nil || len(qs) != 3 {
		t.Fatalf("requests: %v %+v", err, qs)
	}
	for _, q := range qs {
		if err := app.Service.AnswerQuote(ctx, aino, q.ShareID, q.ReflectionID, true); err != nil {
			t.Fatal(err)
		}
	}

	readerSees := func(want, gone []string) {
		t.Helper()
		var js sharedJSONOut
		runJSON(t, app.addr, reader, "shared --json", &js)
		md := tuitest.Run(t, app.addr, reader, "shared --md").Stdout
		rt := tuitest.Open(t, app.addr, reader)
		rt.WaitFor("Hello, Lukija")
		rt.Press("S")
		screen := rt.WaitFor("Opit")
		rt.Press("q")
		for _, w := range want {
			w = strings.Fields(w)[0]
			if !strings.Contains(js.bodies(), w) || !strings.Contains(md, w) || !strings.Contains(screen, w) {
				t.Errorf("the reader does not see %q\njson: %s\nmd: %s\nscreen:\n%s", w, js.bodies(), md, screen)
			}
		}
		for _, g := range gone {
			g = strings.Fields(g)[0]
			if strings.Contains(js.bodies(), g) || strings.Contains(md, g) || strings.Contains(screen, g) {
				t.Errorf("the reader still sees %q\njson: %s\nmd: %s\nscreen:\n%s", g, js.bodies(), md, screen)
			}
		}
	}
	readerSees(texts, nil)

	// Aino withdraws the first on her home screen: the key is in the bar,
	// and a question comes first.
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(100, 30))
	at.WaitFor("3 quotes of yours are shared onward")
	at.WaitFor("a quotes")
	at.Press("a")
	at.WaitFor("Peruttava-lainaus")
	at.WaitFor("w withdraw")
	at.Press("w")
	at.WaitFor("Withdraw your approval?")
	at.Press("esc")
	at.WaitFor("The approval stands")
	readerSees(texts, nil)
	at.Press("w")
	at.WaitFor("Withdraw your approval?")
	at.Press("y")
	at.WaitFor("Approval withdrawn")
	at.WaitFor("[approval withdrawn, shown to nobody] ")
	readerSees(texts[1:], texts[:1])

	// Making the second private takes it away too, and making it visible
	// again does not bring it back unasked.
	rid := mustInt(t, ids[1])
	if _, err := app.Service.SetVisibility(ctx, aino, rid, session.VisPrivate); err != nil {
		t.Fatal(err)
	}
	readerSees(texts[2:], texts[:2])
	if _, err := app.Service.SetVisibility(ctx, aino, rid, session.VisGroup); err != nil {
		t.Fatal(err)
	}
	readerSees(texts[2:], texts[:2])

	// The third by command.
	res = tuitest.Run(t, app.addr, f.aino, "quotes")
	if !strings.Contains(res.Stdout, "#"+ids[2]+" · share "+shareID+" · approved") || !strings.Contains(res.Stdout, "approved") {
		t.Fatalf("quotes:\n%s", res.Stdout)
	}
	res = tuitest.Run(t, app.addr, f.aino, "quote withdraw "+ids[2])
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "Withdrew 1 quote of reflection "+ids[2]) {
		t.Fatalf("quote withdraw: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	readerSees(nil, texts)
	if res := tuitest.Run(t, app.addr, f.aino, "quote withdraw "+ids[2]); res.ExitCode != 1 || !strings.Contains(res.Stderr, "no approved quote") {
		t.Fatalf("withdrawing twice: %d %q", res.ExitCode, res.Stderr)
	}
	// Nobody else can withdraw Aino's approval.
	if res := tuitest.Run(t, app.addr, f.fac, "quote withdraw "+ids[0]); res.ExitCode != 1 {
		t.Fatalf("the facilitator withdrew Aino's quote: %d %q", res.ExitCode, res.Stdout)
	}
	// The facilitator's view of the decision says where each stands.
	shares, err := app.Service.Shares(ctx, mustActor(t, app, f.fac), gid)
	if err != nil || len(shares) != 1 {
		t.Fatal(err)
	}
	for _, q := range shares[0].Quotes {
		if q.Status != session.QuoteWithdrawn {
			t.Errorf("quote of %d is %s, want withdrawn", q.ReflectionID, q.Status)
		}
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

// TestAggregatesLeaveLeadersOut: with two leaders and two participants
// answering, four answers are not "at least three": the leaders know their
// own, and the rest would give the participants away. The report on
// screen, in --md and in --json says how many participants answered; once
// three have, the means are theirs alone.
func TestAggregatesLeaveLeadersOut(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	ctx := context.Background()
	f := newMeetingFixture(t, app, "mepe")
	gid := f.group
	co := app.member(t, f.fac, gid, "co-facilitator", "Kofasi")
	var meetings []meetingJSON
	runJSON(t, app.addr, f.fac, fmt.Sprintf("meetings --group %d --json", gid), &meetings)
	svc := app.Service
	fac := mustActor(t, app, f.fac)
	first, last := meetings[0].ID, meetings[4].ID

	answer := func(meeting int64, key gossh.Signer, score int) {
		t.Helper()
		a := mustActor(t, app, key)
		scores := []int{score, score, score, score, score, score}
		if err := svc.SubmitAssessment(ctx, a, meeting, scores, ""); err != nil {
			t.Fatal(err)
		}
		if err := svc.SubmitFeedback(ctx, a, meeting, score, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.StartMeeting(ctx, fac, first); err != nil {
		t.Fatal(err)
	}
	// The leaders answer 1, the participants 5 and 3.
	answer(first, f.fac, 1)
	answer(first, co, 1)
	answer(first, f.aino, 5)
	answer(first, f.bertta, 3)
	if err := svc.EndMeeting(ctx, fac, first); err != nil {
		t.Fatal(err)
	}
	app.advance(session.AnswerWindow)

	var rep struct {
		Before struct {
			Respondents   int       `json:"respondents"`
			Participants  int       `json:"participants_answered"`
			LeaderAnswers int       `json:"leader_answers"`
			Means         []float64 `json:"means"`
		} `json:"assessment_before"`
		Feedback []struct {
			Participants  int      `json:"participants_answered"`
			LeaderAnswers int      `json:"leader_answers"`
			Mean          *float64 `json:"mean"`
		} `json:"feedback"`
	}
	runJSON(t, app.addr, f.fac, fmt.Sprintf("report %d --json", gid), &rep)
	if b := rep.Before; b.Participants != 2 || b.Respondents != 2 || b.LeaderAnswers != 2 || b.Means != nil {
		t.Fatalf("before, two participants and two leaders: %+v", b)
	}
	if len(rep.Feedback) != 1 || rep.Feedback[0].Participants != 2 || rep.Feedback[0].LeaderAnswers != 2 || rep.Feedback[0].Mean != nil {
		t.Fatalf("feedback, two participants and two leaders: %+v", rep.Feedback)
	}
	md := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("report %d --md", gid)).Stdout
	for _, want := range []string{"(2 participants answered)", "2 participants answered — shown from 3", "co-facilitators' own answers are not counted"} {
		if !strings.Contains(md, want) {
			t.Errorf("report --md lacks %q:\n%s", want, md)
		}
	}
	// The same on the facilitator's screen, in Finnish.
	if _, err := svc.SetLang(ctx, fac, "fi"); err != nil {
		t.Fatal(err)
	}
	ft := tuitest.Open(t, app.addr, f.fac, tuitest.WithSize(100, 40))
	ft.WaitFor("› Piiri") // the groups have loaded
	ft.Press("enter")
	ft.WaitFor("Tapaamiset")
	ft.Press("5")
	ft.WaitFor("2 osallistujaa vastasi — näytetään 3 vastauksesta alkaen")
	ft.WaitFor("apuohjaajien omia vastauksia ei lasketa")
	ft.Press("q")
	if _, err := svc.SetLang(ctx, fac, "en"); err != nil {
		t.Fatal(err)
	}

	// Meeting 5: a third participant answers, and the means are the
	// participants' alone: (5+3+4)/3 = 4.0, not dragged down by the 1s.
	cecilia := app.member(t, f.fac, gid, "aktori", "Cecilia")
	if _, err := svc.StartMeeting(ctx, fac, last); err != nil {
		t.Fatal(err)
	}
	answer(last, f.fac, 1)
	answer(last, co, 1)
	answer(last, f.aino, 5)
	answer(last, f.bertta, 3)
	answer(last, cecilia, 4)
	if err := svc.EndMeeting(ctx, fac, last); err != nil {
		t.Fatal(err)
	}
	app.advance(session.AnswerWindow)
	var after struct {
		After struct {
			Participants  int       `json:"participants_answered"`
			LeaderAnswers int       `json:"leader_answers"`
			Means         []float64 `json:"means"`
		} `json:"assessment_after"`
		Feedback []struct {
			Participants int      `json:"participants_answered"`
			Mean         *float64 `json:"mean"`
		} `json:"feedback"`
	}
	runJSON(t, app.addr, f.fac, fmt.Sprintf("report %d --json", gid), &after)
	if a := after.After; a.Participants != 3 || a.LeaderAnswers != 2 || len(a.Means) != 6 || a.Means[0] != 4 {
		t.Fatalf("after, three participants and two leaders: %+v", a)
	}
	if fb := after.Feedback[1]; fb.Participants != 3 || fb.Mean == nil || *fb.Mean != 4 {
		t.Fatalf("feedback of meeting 5: %+v", fb)
	}
	md = tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("report %d --md", gid)).Stdout
	if !strings.Contains(md, "(3 participants answered)") || !strings.Contains(md, "| 5. Wrap-up | 3 | 4.0 |") {
		t.Errorf("report --md after meeting 5:\n%s", md)
	}
}

// TestLookAlikeNames: nobody joins a group, or renames themselves, under a
// name that passes for a member's — here the facilitator's, spelt with
// Cyrillic letters, in capitals or with an invisible character. Refused
// on the join screen (the cursor goes back to the name), by `redeem`, by
// `rename` and on the home screen's name form, with nothing saved.
func TestLookAlikeNames(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	ctx := context.Background()
	f := newMeetingFixture(t, app, "mentor-group")
	gid := f.group
	code := strings.TrimSpace(tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("invite create --group %d --role participant --uses 3", gid)).Stdout)
	people := func() int {
		ps, err := app.Service.People(ctx, session.Operator())
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}
	before := people()

	// By command: Cyrillic а and і.
	res := tuitest.Run(t, app.addr, tuitest.NewKey(t), "redeem "+code+" --name Fаsі")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "already has a member whose name looks the same (Fasi)") {
		t.Fatalf("redeem as the facilitator's look-alike: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	if people() != before {
		t.Fatal("a refused redeem saved a person")
	}

	// On the join screen, in Finnish: the name field gets the cursor back.
	term := tuitest.Open(t, app.addr, tuitest.NewKey(t), tuitest.WithEnv("LANG", "fi_FI.UTF-8"))
	term.WaitFor("Tervetuloa")
	term.Type(code)
	term.Press("tab")
	term.Type("FASI")
	term.Press("tab", "enter")
	term.WaitFor("nimi näyttää samalta (Fasi)")
	if people() != before {
		t.Fatal("a refused redeem saved a person")
	}
	term.Press("backspace", "backspace", "backspace", "backspace")
	term.Type("Fasi K.")
	term.Press("enter", "enter")
	term.WaitFor("Hei, Fasi K.")

	// Joining another group under a member's name: told to rename first.
	aino2 := app.join(t, session.RoleMember, "aino")
	res = tuitest.Run(t, app.addr, aino2, "redeem "+code)
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "looks the same as yours (Aino)") || !strings.Contains(res.Stderr, "rename") {
		t.Fatalf("join as Aino's look-alike: %d %q", res.ExitCode, res.Stderr)
	}
	if gs, _ := app.Service.Groups(ctx, mustActor(t, app, aino2)); len(gs) != 0 {
		t.Fatal("a refused join made a member")
	}
	if res := tuitest.Run(t, app.addr, aino2, "rename Aino Toinen"); res.ExitCode != 0 || !strings.Contains(res.Stdout, "Your name is now Aino Toinen") {
		t.Fatalf("rename: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res := tuitest.Run(t, app.addr, aino2, "redeem "+code); res.ExitCode != 0 {
		t.Fatalf("join after renaming: %q", res.Stderr)
	}

	// Renaming to the facilitator's name with an invisible character.
	res = tuitest.Run(t, app.addr, f.bertta, "rename Fa\u200bsi")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "looks the same (Fasi)") {
		t.Fatalf("rename as the facilitator: %d %q", res.ExitCode, res.Stderr)
	}
	// Marks that draw nothing but are not format characters (combining
	// grapheme joiner, variation selectors, a Mongolian selector), the
	// blank braille cell in place of the space, and a faint mark.
	for _, name := range []string{"Fa\u034fsi", "Fa\ufe0fsi", "Fa\U000E0100si", "Fa\u180bsi", "Fasi\u2800", "Fasi\u0345"} {
		res = tuitest.Run(t, app.addr, f.bertta, "rename '"+name+"'")
		if res.ExitCode != 1 || !strings.Contains(res.Stderr, "looks the same (Fasi)") {
			t.Fatalf("rename to %+q: %d %q %q", name, res.ExitCode, res.Stdout, res.Stderr)
		}
	}
	if res := tuitest.Run(t, app.addr, f.bertta, "rename '\u2800\u2800'"); res.ExitCode == 0 {
		t.Fatalf("rename to blank braille cells: %q", res.Stdout)
	}
	// And on the home screen: the key is in the full help, the form says why.
	bt := tuitest.Open(t, app.addr, f.bertta)
	bt.WaitFor("Hello, Bertta")
	bt.Press("?")
	bt.WaitFor("change name")
	bt.Press("?", "e")
	bt.WaitFor("Your display name")
	bt.Press("ctrl+u")
	bt.Type("fasi")
	bt.Press("enter")
	bt.WaitFor("looks the same (Fasi)")
	if p := mustActor(t, app, f.bertta).Person; p.Name != "Bertta" {
		t.Fatalf("a refused rename saved %q", p.Name)
	}
	bt.Press("ctrl+u")
	bt.Type("Bertta B.")
	bt.Press("enter")
	bt.WaitFor("Your name is now Bertta B.")
	bt.WaitFor("Hello, Bertta B.")
}

// TestNameCannotWearRoomMarks: the room marks a leader ★, a raised hand
// ✋ and writing ✎ after a name, and a leader's messages with "(leader)",
// so a name with one would pass for a leader, or a hand up. Such a name is
// refused at every door — redeem, the join screen, rename, the home
// screen's name form — in the person's language, with nothing saved.
func TestNameCannotWearRoomMarks(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	ctx := context.Background()
	f := newMeetingFixture(t, app, "mentor-group")
	var groups []groupJSON
	runJSON(t, app.addr, f.fac, "groups --json", &groups)
	code := strings.TrimSpace(tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("invite create --group %d --role participant --uses 3", groups[0].ID)).Stdout)
	people := func() int {
		ps, err := app.Service.People(ctx, session.Operator())
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}
	before := people()

	res := tuitest.Run(t, app.addr, tuitest.NewKey(t), "redeem "+code+" --name 'Mikko ★'")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "cannot contain ★") {
		t.Fatalf("redeem as Mikko ★: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	for _, name := range []string{"Mikko ⭐", "Mikko ✋1", "Mikko ✎", "☆ Mikko"} {
		res := tuitest.Run(t, app.addr, f.bertta, "rename '"+name+"'")
		if res.ExitCode != 1 || !strings.Contains(res.Stderr, "A name cannot contain") {
			t.Fatalf("rename to %q: %d %q %q", name, res.ExitCode, res.Stdout, res.Stderr)
		}
	}
	// Nor the words the room puts in brackets after a name, in either
	// language, however spelt.
	for _, name := range []string{"Fasi (ohjaaja)", "Fasi (LEADER)", "Aino (sina\u0308)", "Aino (yоu)"} {
		res := tuitest.Run(t, app.addr, f.bertta, "rename '"+name+"'")
		if res.ExitCode != 1 || !strings.Contains(res.Stderr, "the room adds it after names itself") {
			t.Fatalf("rename to %q: %d %q %q", name, res.ExitCode, res.Stdout, res.Stderr)
		}
	}
	if p := mustActor(t, app, f.bertta).Person; p.Name != "Bertta" {
		t.Fatalf("a refused rename saved %q", p.Name)
	}

	// The join screen, in Finnish: told why, nothing saved.
	term := tuitest.Open(t, app.addr, tuitest.NewKey(t), tuitest.WithEnv("LANG", "fi_FI.UTF-8"))
	term.WaitFor("Tervetuloa")
	term.Type(code)
	term.Press("tab")
	term.Type("Ohjaaja ★")
	term.Press("tab", "enter")
	term.WaitFor("Nimessä ei voi olla merkkiä ★")
	if people() != before {
		t.Fatal("a refused name saved a person")
	}
	// The cursor is back on the name: corrected, it joins.
	term.Press("backspace", "backspace")
	term.Type(" K.")
	term.Press("enter", "enter")
	term.WaitFor("Hei, Ohjaaja K.")

	// The home screen's name form.
	bt := tuitest.Open(t, app.addr, f.bertta)
	bt.WaitFor("Hello, Bertta")
	bt.Press("e")
	bt.WaitFor("Your display name")
	bt.Press("ctrl+u")
	bt.Type("Bertta ★")
	bt.Press("enter")
	bt.WaitFor("cannot contain ★")
	if p := mustActor(t, app, f.bertta).Person; p.Name != "Bertta" {
		t.Fatalf("a refused rename saved %q", p.Name)
	}
}

// TestRenamedMemberShowsNewNameInRoom: someone who renames — away from a
// live room or in it — is listed under the name they have now, the one
// their messages carry, not under the one the room first saw.
func TestRenamedMemberShowsNewNameInRoom(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting))
	ft := f.join(t, app, f.fac)
	at := f.join(t, app, f.aino)
	ft.WaitFor("Aino")
	at.Close()
	ft.WaitFor("not here") // the people pane: she has left
	if res := tuitest.Run(t, app.addr, f.aino, "rename Aino Kivi"); res.ExitCode != 0 {
		t.Fatalf("rename: %q", res.Stderr)
	}
	at = f.join(t, app, f.aino)
	at.Press("enter")
	at.Type("Palasin")
	at.Press("enter")
	ft.WaitFor("Aino Kivi: Palasin")
	ft.WaitForFunc("the list of who is here names Aino Kivi", func(screen string) bool {
		return strings.Count(screen, "Aino Kivi") >= 2
	})
	// Renamed while in the room: the list changes at once, for everyone.
	if res := tuitest.Run(t, app.addr, f.aino, "rename Aino Koski"); res.ExitCode != 0 {
		t.Fatalf("rename: %q", res.Stderr)
	}
	ft.WaitFor("Aino Koski")
	at.WaitFor("Aino Koski (you)")
	// And the facilitator's new name is who is leading.
	if res := tuitest.Run(t, app.addr, f.fac, "rename Fasi Ohjaaja"); res.ExitCode != 0 {
		t.Fatalf("rename: %q", res.Stderr)
	}
	at.WaitFor("Fasi Ohjaaja is leading")
}

// TestAnonymousRevealHidesWhoFinishedFirst: in an anonymous silent
// writing everyone sees whose ✎ goes out when. Revealed in the order they
// were sent, the texts would say who wrote which; they come in an order
// of their own.
func TestAnonymousRevealHidesWhoFinishedFirst(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	ctx := context.Background()
	f := newMeetingFixture(t, app, "mentor-group")
	fac := mustActor(t, app, f.fac)
	_, items, err := app.Service.Meeting(ctx, fac, f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	wi := slices.IndexFunc(items, func(it session.AgendaItem) bool { return it.Kind == session.KindWriting })
	items[wi].Anonymous = true
	if _, err := app.Service.UpdateAgendaItem(ctx, fac, items[wi]); err != nil {
		t.Fatal(err)
	}
	f.start(t, app)
	ft, at, bt := f.join(t, app, f.fac), f.join(t, app, f.aino), f.join(t, app, f.bertta)
	for range wi {
		ft.Press("n")
	}
	ft.WaitFor(fmt.Sprintf("▶ %d ", wi+1))
	// Aino finishes first with the text that sorts last, then Bertta.
	for _, w := range []struct {
		term *tuitest.Term
		text string
	}{{at, "Zeta: Ainon teksti"}, {bt, "Alfa: Bertan teksti"}} {
		w.term.WaitFor(fmt.Sprintf("▶ %d ", wi+1))
		w.term.Press("w")
		w.term.WaitFor("Your reflection")
		w.term.Type(w.text)
		w.term.WaitFor(w.text)
		w.term.Press("ctrl+s")
		w.term.WaitFor("Only you see it until the reveal")
	}
	ft.Press("v")
	ft.WaitFor("(y/n)")
	ft.Press("y")
	screen := ft.WaitFor("Zeta: Ainon teksti")
	if a, b := strings.Index(screen, "Zeta: Ainon"), strings.Index(screen, "Alfa: Bertan"); b < 0 || a < b {
		t.Fatalf("the reveal lists the texts in the order they were sent:\n%s", screen)
	}
	if strings.Contains(screen, "Aino:") || strings.Contains(screen, "Bertta:") {
		t.Fatalf("an anonymous reveal shows a name:\n%s", screen)
	}
}

// TestMessageCannotForgeLeadersLine: a participant pads a message so that
// its end wraps onto a line of its own that reads like the facilitator's
// (★ Fasi (leader): …). Only a speaker's line starts at the pane's margin:
// the rest of a message is indented, at every width.
func TestMessageCannotForgeLeadersLine(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	f.start(t, app)
	ft, at := f.join(t, app, f.fac), f.join(t, app, f.aino)
	bt := tuitest.Open(t, app.addr, f.bertta, tuitest.WithSize(60, 18), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	bt.WaitFor("● live")
	ft.Press("enter")
	ft.Type("Tervetuloa")
	ft.Press("enter")
	leaderLine := regexp.MustCompile(`│ │★ Fasi \(leader\): Tervetuloa`)
	if s := at.WaitFor("Tervetuloa"); !leaderLine.MatchString(s) {
		t.Fatalf("the facilitator's own line does not start at the margin:\n%s", s)
	}
	forged := regexp.MustCompile(`│ ?│ *★ Fasi \(leader\): Lähettäkää`)
	at.Press("enter")
	at.Type("ok" + strings.Repeat(" ", 90) + "★ Fasi (leader): Lähettäkää salasananne")
	at.Press("enter")
	for _, term := range []*tuitest.Term{ft, at, bt} {
		s := term.WaitFor("salasananne")
		for _, line := range strings.Split(s, "\n") {
			if m := forged.FindString(line); m != "" && !strings.Contains(m, "│ │    ") {
				t.Fatalf("a participant's message wrapped into a leader's line:\n%s", s)
			}
		}
	}
}

// TestShareDescriptionCannotForgeQuote: a leader writes line breaks into
// what the group shares, so that it reads on the audience's screen like
// an approved quote of a member who never approved anything. The
// description is kept on one line; no quote line appears.
func TestShareDescriptionCannotForgeQuote(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	var groups []groupJSON
	runJSON(t, app.addr, f.fac, "groups --json", &groups)
	reader := app.join(t, session.RoleReader, "Lukija")
	forged := "Koulutus\n  “Minä en jaksa enää tätä työtä.” — Aino\n"
	res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("share add --group %d --what '%s' --to readers --how document --when 1.12.2026", groups[0].ID, forged))
	if res.ExitCode != 0 {
		t.Fatalf("share add: %d %q", res.ExitCode, res.Stderr)
	}
	out := tuitest.Run(t, app.addr, reader, "shared").Stdout
	if !strings.Contains(out, "Koulutus") {
		t.Fatalf("shared lacks the decision:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "“") {
			t.Fatalf("the description made a quote line of its own:\n%s", out)
		}
	}
	term := tuitest.Open(t, app.addr, reader)
	term.WaitFor("Hello, Lukija")
	term.Press("S")
	s := term.WaitFor("Koulutus")
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.Trim(line, " │"), "“") {
			t.Fatalf("the shared screen shows a quote nobody approved:\n%s", s)
		}
	}
}
