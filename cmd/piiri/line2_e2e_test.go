package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/tuitest"
)

// agendaOf reads a meeting's agenda through the command surface.
func agendaOf(t *testing.T, app *testApp, key gossh.Signer, meeting int64) agendaJSON {
	t.Helper()
	var a agendaJSON
	runJSON(t, app.addr, key, fmt.Sprintf("agenda %d --json", meeting), &a)
	return a
}

func agendaTitles(a agendaJSON) []string {
	out := make([]string, len(a.Items))
	for i, it := range a.Items {
		out[i] = it.Title
	}
	return out
}

// secondMeeting is the fixture group's second meeting, still planned.
func secondMeeting(t *testing.T, app *testApp, key gossh.Signer) int64 {
	t.Helper()
	var ms []meetingJSON
	runJSON(t, app.addr, key, "meetings --json", &ms)
	if len(ms) < 2 {
		t.Fatalf("only %d meetings", len(ms))
	}
	return ms[1].ID
}

// TestAgendaEditingByCommand: a facilitator adds, inserts, edits, moves
// and deletes agenda items with `ssh HOST agenda …`, titles of several
// words unquoted as ssh passes them; a mistyped number, an unknown kind
// and a delete without --yes change nothing; a mentor is refused every
// change and the agenda stays as it was.
func TestAgendaEditingByCommand(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixtureIn(t, app, "mepe", session.LangEN)
	m := secondMeeting(t, app, f.fac)
	run := func(key gossh.Signer, cmd string, exit int, says string) {
		t.Helper()
		res := tuitest.Run(t, app.addr, key, cmd)
		if res.ExitCode != exit || !strings.Contains(res.Stdout+res.Stderr, says) {
			t.Fatalf("%s: exit %d, want %d saying %q:\n%s%s", cmd, res.ExitCode, exit, says, res.Stdout, res.Stderr)
		}
	}
	start := agendaOf(t, app, f.fac, m)
	n := len(start.Items)

	run(f.fac, fmt.Sprintf("agenda add %d --title What we learnt --kind discussion --minutes 12 --prompt What did you try since last time?", m),
		0, "Added: What we learnt (discussion, 12 min).")
	a := agendaOf(t, app, f.fac, m)
	last := a.Items[len(a.Items)-1]
	if len(a.Items) != n+1 || last.Title != "What we learnt" || last.Kind != "discussion" || last.Minutes != 12 || last.Prompt != "What did you try since last time?" {
		t.Fatalf("after add: %+v", a.Items)
	}
	// Finnish kind names are taken too; --after puts it after item 1.
	run(f.fac, fmt.Sprintf("agenda add %d --title Tauko --kind tauko --minutes 5 --after 1", m), 0, "Added: Tauko (break, 5 min).")
	a = agendaOf(t, app, f.fac, m)
	if a.Items[1].Title != "Tauko" || a.Items[1].Kind != "break" || a.Items[0].Title != start.Items[0].Title {
		t.Fatalf("after insert: %v", agendaTitles(a))
	}
	run(f.fac, fmt.Sprintf("agenda edit %d 2 --title Short break --minutes 7", m), 0, "Item 2 changed.")
	a = agendaOf(t, app, f.fac, m)
	if it := a.Items[1]; it.Title != "Short break" || it.Minutes != 7 || it.Kind != "break" {
		t.Fatalf("after edit: %+v", it)
	}
	run(f.fac, fmt.Sprintf("agenda move %d 2 down", m), 0, "Short break is now item 3.")
	a = agendaOf(t, app, f.fac, m)
	if a.Items[2].Title != "Short break" || a.Items[1].Title != start.Items[1].Title {
		t.Fatalf("after move: %v", agendaTitles(a))
	}
	run(f.fac, fmt.Sprintf("agenda move %d 1 up", m), 0, "Item 1 is already first.")

	before := agendaTitles(agendaOf(t, app, f.fac, m))
	run(f.fac, fmt.Sprintf("agenda delete %d 3", m), 2, "This deletes item 3 (Short break) from the agenda; add --yes")
	run(f.fac, fmt.Sprintf("agenda edit %d 99 --minutes 5", m), 1, fmt.Sprintf("The agenda has %d items; there is no item 99.", len(before)))
	run(f.fac, fmt.Sprintf("agenda add %d --title Juhla --kind party --minutes 5", m), 1, "There is no item kind “party”. Kinds: round")
	run(f.fac, fmt.Sprintf("agenda add %d --title Juhla --minutes 5", m), 2, "give the item's kind")
	run(f.fac, fmt.Sprintf("agenda edit %d 1 --minutes 9999", m), 1, "480")
	if got := agendaTitles(agendaOf(t, app, f.fac, m)); strings.Join(got, "|") != strings.Join(before, "|") {
		t.Fatalf("refused commands changed the agenda: %v, was %v", got, before)
	}

	// A mentor reads the agenda and may change none of it.
	for _, cmd := range []string{
		fmt.Sprintf("agenda add %d --title Oma --kind round --minutes 5", m),
		fmt.Sprintf("agenda add %d --title Oma --kind round --minutes 5 --after 1", m),
		fmt.Sprintf("agenda edit %d 1 --title Oma", m),
		fmt.Sprintf("agenda move %d 1 down", m),
		fmt.Sprintf("agenda delete %d 1 --yes", m),
	} {
		run(f.aino, cmd, 1, "You do not have the rights to do that.")
	}
	if got := agendaTitles(agendaOf(t, app, f.fac, m)); strings.Join(got, "|") != strings.Join(before, "|") {
		t.Fatalf("the mentor changed the agenda: %v, was %v", got, before)
	}

	run(f.fac, fmt.Sprintf("agenda delete %d 3 --yes", m), 0, "Item 3 (Short break) deleted.")
	if got := agendaTitles(agendaOf(t, app, f.fac, m)); len(got) != len(before)-1 || strings.Contains(strings.Join(got, "|"), "Short break") {
		t.Fatalf("after delete: %v", got)
	}
	// A live meeting's agenda is changed in the room.
	run(f.fac, fmt.Sprintf("meeting start %d", f.meeting), 0, "")
	run(f.fac, fmt.Sprintf("agenda add %d --title Uusi --kind round --minutes 5", f.meeting), 1, "The meeting is live")
}

// TestAgendaEditingInLineMode: the same commands as lines in Finnish, with
// the Finnish words; without --kind the line mode asks for it by number.
// A mentor's line is refused in Finnish and the agenda is as it was.
func TestAgendaEditingInLineMode(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixtureIn(t, app, "mepe", session.LangFI)
	cat := i18n.For(session.LangFI)
	m := secondMeeting(t, app, f.fac)
	n := len(agendaOf(t, app, f.fac, m).Items)

	fasi := openLine(t, app.addr, f.fac, "plain")
	fasi.waitFor("piiri")
	fasi.send(fmt.Sprintf(`asialista lisää %d --title "Loppukierros ja kiitos" --minutes 10`, m))
	fasi.waitFor(cat.T("cli.agenda_edit.choose_kind"))
	fasi.send("1")
	fasi.waitFor("Lisätty: Loppukierros ja kiitos (kierros, 10 min).")
	fasi.waitFor(fmt.Sprintf("%2d. Loppukierros ja kiitos", n+1))
	fasi.send(fmt.Sprintf("asialista siirrä %d %d ylös", m, n+1))
	fasi.waitFor(cat.T("cli.agenda_move.done", "Loppukierros ja kiitos", n))
	fasi.send(fmt.Sprintf("asialista muokkaa %d %d --kind keskustelu --prompt Mikä jäi mieleen?", m, n))
	fasi.waitFor(cat.T("cli.agenda_edit.done", n))
	a := agendaOf(t, app, f.fac, m)
	if it := a.Items[n-1]; it.Title != "Loppukierros ja kiitos" || it.Kind != "discussion" || it.Prompt != "Mikä jäi mieleen?" {
		t.Fatalf("after the line-mode edit: %+v", it)
	}
	fasi.send(fmt.Sprintf("asialista poista %d %d", m, n))
	fasi.waitFor(cat.T("cli.agenda_delete.need_yes", n, "Loppukierros ja kiitos"))
	fasi.send(fmt.Sprintf("asialista poista %d %d --yes", m, n))
	fasi.waitFor(cat.T("cli.agenda_delete.done", n, "Loppukierros ja kiitos"))
	if got := len(agendaOf(t, app, f.fac, m).Items); got != n {
		t.Fatalf("after the line-mode delete: %d items, want %d", got, n)
	}

	aino := openLine(t, app.addr, f.aino, "plain")
	aino.waitFor("piiri")
	aino.send(fmt.Sprintf("asialista lisää %d --title Oma --kind kierros --minutes 5", m))
	aino.waitFor(cat.T("err.forbidden"))
	aino.send(fmt.Sprintf("agenda move %d 1 alas", m))
	aino.waitFor(cat.T("err.forbidden"))
	aino.send(fmt.Sprintf("asialista %d", m))
	aino.waitFor(cat.T("agenda.total", 0, 0)[:len("Yhteensä")])
	if got := len(agendaOf(t, app, f.fac, m).Items); got != n {
		t.Fatalf("the mentor's lines changed the agenda: %d items, want %d", got, n)
	}
	for _, c := range []*lineClient{fasi, aino} {
		if strings.ContainsRune(c.output(), 0x1b) {
			t.Fatal("escape byte in line-mode output")
		}
	}
}

// assessAll answers a meeting's self-assessment for each key with one
// score for every statement, the meeting live meanwhile.
func assessAll(t *testing.T, app *testApp, fac gossh.Signer, meeting int64, items int, scores map[gossh.Signer]int) {
	t.Helper()
	ctx := context.Background()
	if res := tuitest.Run(t, app.addr, fac, fmt.Sprintf("meeting start %d", meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	for key, sc := range scores {
		s := make([]int, items)
		for i := range s {
			s[i] = sc
		}
		if err := app.Service.SubmitAssessment(ctx, mustActor(t, app, key), meeting, s, ""); err != nil {
			t.Fatalf("SubmitAssessment: %v", err)
		}
	}
	if res := tuitest.Run(t, app.addr, fac, fmt.Sprintf("meeting end %d", meeting)); res.ExitCode != 0 {
		t.Fatalf("end: %s", res.Stderr)
	}
}

// TestEvaluationOwnAnswers: Aino and Bertta answer the self-assessment at
// two meetings (the second one's asked for with `agenda add --kind
// assessment`); `evaluation GROUP` shows Aino her own answers before and
// after per statement and nothing of Bertta's, in English over ssh and in
// Finnish as a line; the facilitator gets the anonymous group part, which
// says why there are no means with two participants.
func TestEvaluationOwnAnswers(t *testing.T) {
	t.Parallel()
	for _, lang := range []session.Lang{session.LangEN, session.LangFI} {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			evaluationOwn(t, lang)
		})
	}
}

func evaluationOwn(t *testing.T, lang session.Lang) {
	app := startApp(t)
	f := newMeetingFixtureIn(t, app, "mepe", lang)
	cat := i18n.For(lang)
	var gs []groupJSON
	runJSON(t, app.addr, f.fac, "groups --json", &gs)
	gid := gs[0].ID
	items, err := app.Service.AssessmentItems(context.Background(), mustActor(t, app, f.fac), gid)
	if err != nil || len(items) == 0 {
		t.Fatalf("assessment items: %v %v", items, err)
	}
	m2 := secondMeeting(t, app, f.fac)
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("agenda add %d --title Itsearviointi --kind assessment --minutes 10", m2)); res.ExitCode != 0 {
		t.Fatalf("agenda add: %s", res.Stderr)
	}
	assessAll(t, app, f.fac, f.meeting, len(items), map[gossh.Signer]int{f.aino: 2, f.bertta: 5})
	assessAll(t, app, f.fac, m2, len(items), map[gossh.Signer]int{f.aino: 4, f.bertta: 1})

	mine := func(out string) {
		t.Helper()
		for i, it := range items {
			want := fmt.Sprintf("%d. %s\n   %s 2/5, %s 4/5\n", i+1, it, cat.T("assessment.before"), cat.T("assessment.after"))
			if !strings.Contains(out, want) {
				t.Fatalf("evaluation lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "5/5") || strings.Contains(out, "1/5") {
			t.Fatalf("evaluation shows Bertta's answers:\n%s", out)
		}
		if strings.Contains(out, cat.N("assessment.group", session.MinAggregate)) {
			t.Fatalf("a mentor is shown the group's part:\n%s", out)
		}
	}
	if lang == session.LangEN {
		res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("evaluation %d", gid))
		if res.ExitCode != 0 {
			t.Fatalf("evaluation: %s", res.Stderr)
		}
		mine(res.Stdout)
		var js struct {
			Mine []struct {
				Statement string `json:"statement"`
				Before    *int   `json:"before"`
				After     *int   `json:"after"`
			} `json:"mine"`
			GroupMeans []any `json:"group_means"`
		}
		runJSON(t, app.addr, f.aino, fmt.Sprintf("evaluation %d --json", gid), &js)
		if len(js.Mine) != len(items) || js.Mine[0].Before == nil || *js.Mine[0].Before != 2 || *js.Mine[0].After != 4 || js.GroupMeans != nil {
			t.Fatalf("evaluation --json: %+v", js)
		}
	} else {
		aino := openLine(t, app.addr, f.aino, "plain")
		aino.waitFor("piiri")
		aino.send(fmt.Sprintf("arviointi %d", gid))
		aino.waitFor(cat.T("cli.evaluation.only_you"))
		mine(aino.output())
	}

	// The facilitator answered nothing; the group's part has no means yet.
	res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("evaluation %d", gid))
	if res.ExitCode != 0 {
		t.Fatalf("evaluation (facilitator): %s", res.Stderr)
	}
	for _, want := range []string{cat.T("assessment.none_yet"), cat.N("assessment.group", session.MinAggregate), cat.N("report.too_few", 2, session.MinAggregate)} {
		if !strings.Contains(res.Stdout, want) {
			t.Fatalf("facilitator's evaluation lacks %q:\n%s", want, res.Stdout)
		}
	}
	if strings.Contains(res.Stdout, "2/5") || strings.Contains(res.Stdout, "4/5") {
		t.Fatalf("the facilitator sees a participant's own answers:\n%s", res.Stdout)
	}
}

// TestLineWriterShownWriting: while Aino collects lines with `write` in
// the line mode, Bertta's TUI room shows her as writing (✎); the mark goes
// when the text is saved, and when a second text is abandoned.
func TestLineWriterShownWriting(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixtureIn(t, app, "mepe", session.LangEN)
	cat := i18n.For(session.LangEN)
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	aino := openLine(t, app.addr, f.aino, fmt.Sprintf("plain join %d", f.meeting))
	aino.waitFor(cat.T("line.status.here", 1, cat.T("line.you")))
	bertta := tuitest.Open(t, app.addr, f.bertta, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	aino.waitFor(cat.T("line.ev.arrived", "Bertta"))
	bertta.WaitFor("Aino")
	if strings.Contains(bertta.Screen(), "Aino ✎") {
		t.Fatal("Aino shown writing before she writes")
	}
	notWriting := func(screen string) bool {
		return strings.Contains(screen, "Aino") && !strings.Contains(screen, "Aino ✎")
	}

	aino.send("write")
	aino.waitFor(cat.T("line.room.write_lines"))
	bertta.WaitFor("Aino ✎")
	aino.send("Kuuntelin tänään enemmän.")
	aino.send(".")
	aino.waitFor(cat.T("line.room.reflection_saved"))
	bertta.WaitForFunc("Aino no longer writing", notWriting)

	aino.send("kirjoita")
	aino.waitFor(cat.T("line.room.write_lines"))
	bertta.WaitFor("Aino ✎")
	aino.send(".")
	aino.waitFor(cat.T("line.room.not_done"))
	bertta.WaitForFunc("Aino no longer writing after giving up", notWriting)
}
