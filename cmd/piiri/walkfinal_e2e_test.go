package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestRoomTalkBackToBack types two discussion messages without waiting
// between them, as a fast typist does. The message line stays open after
// a send, so the second message's letters never run as room commands: the
// facilitator's "hey" does not raise a hand, ask to end and confirm it.
func TestRoomTalkBackToBack(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	ft := f.join(t, app, f.fac)
	at := f.join(t, app, f.aino)
	at.WaitFor("Here (2)")

	ft.Press("enter")
	ft.WaitFor("esc close")
	ft.Type("First note\r")
	ft.Type("hey\r")
	for _, term := range []*tuitest.Term{ft, at} {
		term.WaitForFunc("both messages", func(s string) bool {
			return strings.Contains(s, "(leader): First note") && strings.Contains(s, "(leader): hey")
		})
	}
	// An empty line is not writing: the others no longer see the ✎.
	at.WaitForFunc("not writing", func(s string) bool { return !regexpMatch(`Fasi[^\n]*✎`, s) })
	screen := ft.Screen()
	if strings.Contains(screen, "hands up") || strings.Contains(screen, "End the meeting") {
		t.Fatalf("the second message ran as room keys:\n%s", screen)
	}
	// Still open and empty, ready for the next one; esc closes it.
	ft.WaitForFunc("line open, empty", func(s string) bool {
		return strings.Contains(s, "esc close") && !strings.Contains(s, "enter send")
	})
	ft.Press("esc")
	ft.WaitFor("enter say") // the room keys again
	if strings.Contains(at.Screen(), "meeting has ended") {
		t.Fatal("the meeting ended")
	}
}

// TestJournalPasteBeforeTheEditor: the journal opens on its group and
// visibility choices; a person who pastes their text straight away gets it
// in the editor (with the choices as they stand), not thrown away.
func TestJournalPasteBeforeTheEditor(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	text := prepared(3000)
	term := tuitest.Open(t, app.addr, f.aino)
	term.WaitFor("Hello, Aino")
	term.Press("w")
	term.WaitFor("no group (personal journal)")
	term.Type(bracketed(text))
	term.WaitFor("3000 / 20000 characters")
	term.Press("ctrl+s")
	term.WaitFor("Hello, Aino")
	if !hasBody(myBodies(t, app, f.aino), text) {
		t.Fatal("the paste made before the editor opened was not saved")
	}
}

// TestRoomEditorStatusOnAPhone: at 60×20 the room editor's count and the
// draft's state wrap whole under the text rather than ending in "…".
func TestRoomEditorStatusOnAPhone(t *testing.T) {
	t.Parallel()
	app := startApp(t, func(c *Config) { c.Lang = session.LangFI })
	f := newMeetingFixture(t, app, "mepe")
	f.start(t, app)
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)), tuitest.WithSize(60, 20))
	at.WaitFor("● käynnissä")
	at.Press("w")
	at.WaitFor("Pohdintasi")
	at.Type(bracketed(prepared(3000)))
	at.WaitFor("3000 / 20000 merkkiä")
	at.WaitForFunc("the draft's state whole", func(s string) bool {
		return strings.Contains(s, "tallessa") && !strings.Contains(s, "luonnos…")
	})
}

// TestEditKeepsTheReaderOnTheText: saving an edit of the second reflection
// in the list comes back to that reflection, not to the first one.
func TestEditKeepsTheReaderOnTheText(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	add := func(body string) {
		t.Helper()
		res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("reflection add --meeting %d --visibility group", f.meeting), tuitest.WithStdin(body))
		if res.ExitCode != 0 {
			t.Fatalf("reflection add: %s", res.Stderr)
		}
	}
	add("Vanhempi ajatus ohjaamisesta.")
	add("Uudempi ajatus mentoroinnista.")
	term := tuitest.Open(t, app.addr, f.aino)
	term.WaitFor("Hello, Aino")
	term.Press("R")
	term.WaitFor("Vanhempi ajatus")
	term.Press("down", "enter")
	term.WaitFor("e edit")
	term.Press("e")
	term.WaitFor("Edit reflection")
	term.Press("end")
	term.Type(" Lisäys.")
	term.WaitFor("Lisäys.")
	term.Press("ctrl+s")
	term.WaitFor("The earlier text is kept")
	scr := term.WaitFor("ohjaamisesta. Lisäys.") // reloaded
	if strings.Contains(scr, "Uudempi") {
		t.Fatalf("after the edit the reader is not on the edited text:\n%s", scr)
	}
}

// TestShareAddAudienceOfSeveralWords: unquoted words after --audience are
// refused with a clear message and nothing saved (they were added to what
// is shared while the audience kept only its first word); quoted, the
// whole name is the audience.
func TestShareAddAudienceOfSeveralWords(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	gid := f.group
	res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("share add --group %d --what Kiitokset --audience Kunnan nuorisotoimi --how training --when 2.12.2026", gid))
	if res.ExitCode == 0 || !strings.Contains(res.Stderr, "nuorisotoimi") || !strings.Contains(res.Stderr, "quotes") {
		t.Fatalf("stray words taken: %d %q", res.ExitCode, res.Stderr)
	}
	var shs sharesJSONOut
	runJSON(t, app.addr, f.fac, fmt.Sprintf("shares %d --json", gid), &shs)
	if len(shs) != 0 {
		t.Fatalf("a refused decision was saved: %+v", shs)
	}
	res = tuitest.Run(t, app.addr, f.fac, fmt.Sprintf(`share add --group %d --what "Kiitokset mentoreille" --audience "Kunnan nuorisotoimi" --how training --when 2.12.2026`, gid))
	if res.ExitCode != 0 {
		t.Fatalf("quoted: %s", res.Stderr)
	}
	runJSON(t, app.addr, f.fac, fmt.Sprintf("shares %d --json", gid), &shs)
	if len(shs) != 1 || shs[0].What != "Kiitokset mentoreille" || !strings.Contains(shs[0].AudienceText, "Kunnan nuorisotoimi") {
		t.Fatalf("shares: %+v", shs)
	}
}

// TestSharedQuoteInFinnishMarks: a Finnish reader sees an approved quote
// in Finnish quotation marks (”…”), an English one in English marks.
func TestSharedQuoteInFinnishMarks(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	ctx := context.Background()
	res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("reflection add --meeting %d --visibility group", f.meeting), tuitest.WithStdin("Kuuntelu kannattaa."))
	if res.ExitCode != 0 {
		t.Fatalf("reflection add: %s", res.Stderr)
	}
	rid, _ := strconv.ParseInt(strings.TrimSpace(res.Stdout), 10, 64)
	m, _, err := app.Service.Meeting(ctx, mustActor(t, app, f.fac), f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	sh, err := app.Service.CreateShare(ctx, mustActor(t, app, f.fac), session.ShareInput{GroupID: m.GroupID, What: "Opit",
		Audience: string(session.AudienceReaders), How: string(session.HowDocument), When: "1.12.2026", Quotes: []int64{rid}})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Service.AnswerQuote(ctx, mustActor(t, app, f.aino), sh.ID, rid, true); err != nil {
		t.Fatal(err)
	}
	reader := app.join(t, session.RoleReader, "Lukija")
	if out := tuitest.Run(t, app.addr, reader, "shared").Stdout; !strings.Contains(out, "“Kuuntelu kannattaa.”") {
		t.Fatalf("English marks: %s", out)
	}
	if _, err := app.Service.SetLang(ctx, mustActor(t, app, reader), "fi"); err != nil {
		t.Fatal(err)
	}
	if out := tuitest.Run(t, app.addr, reader, "shared").Stdout; !strings.Contains(out, "”Kuuntelu kannattaa.”") {
		t.Fatalf("Finnish marks: %s", out)
	}
}
