package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

func has(s string) func(string) bool { return func(x string) bool { return strings.Contains(x, s) } }

func hasNot(s string) func(string) bool {
	return func(x string) bool { return !strings.Contains(x, s) }
}

// startMeeting starts the fixture's meeting over SSH.
func (f meetingFixture) start(t *testing.T, app *testApp) {
	t.Helper()
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
}

// TestTheWordEndsAndIsTakenBack: g gives the word to the first hand and
// lowers it; the speaker ends it with d; a leader takes it back with G.
// Nobody's screen stays on "has the word".
func TestTheWordEndsAndIsTakenBack(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	f.start(t, app)
	ft, at, bt := f.join(t, app, f.fac), f.join(t, app, f.aino), f.join(t, app, f.bertta)
	all := []*tuitest.Term{ft, at, bt}
	everyone := func(desc string, cond func(string) bool) {
		t.Helper()
		for _, term := range all {
			term.WaitForFunc(desc, cond)
		}
	}
	everyone("three here", has("Here (3)"))

	bt.Press("h")
	ft.WaitFor("hands up: Bertta")
	at.Press("h")
	ft.WaitFor("hands up: Bertta, Aino")
	ft.Press("g")
	for _, term := range []*tuitest.Term{ft, at} {
		term.WaitFor("» Bertta has the word")
	}
	bt.WaitFor("» You have the word")
	ft.WaitFor("hands up: Aino")

	// Bertta is done: d ends the word for everyone.
	bt.Press("d")
	everyone("the word ended", func(s string) bool {
		return !strings.Contains(s, "has the word") && !strings.Contains(s, "You have the word")
	})
	ft.WaitFor("hands up: Aino")

	// The next hand; the facilitator takes the word back.
	ft.Press("g")
	at.WaitFor("» You have the word")
	ft.WaitForFunc("Aino's hand down", hasNot("hands up"))
	ft.Press("G")
	everyone("the word taken back", func(s string) bool {
		return !strings.Contains(s, "has the word") && !strings.Contains(s, "You have the word")
	})

	// A member's G does nothing to someone else's word.
	ft.Press("g")
	ft.WaitFor("Nobody has a hand up")
	bt.Press("h")
	ft.WaitFor("hands up: Bertta")
	ft.Press("g")
	at.WaitFor("» Bertta has the word")
	at.Press("d")
	at.WaitFor("No round is going on")
	bt.WaitFor("» You have the word")
}

// TestUndoKeepsTimeOverSSH: b after an accidental advance returns to the
// item with its time as it was, not its timebox; forward again resumes
// the next item; the summary's actual minutes count every visit.
func TestUndoKeepsTimeOverSSH(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	f.start(t, app)
	ft, at := f.join(t, app, f.fac), f.join(t, app, f.aino)
	ft.WaitFor("10:00  ⏸ paused")
	ft.Press("+", "+")
	at.WaitFor("12:00  ⏸ paused")
	app.ahead.Add(int64(4 * time.Minute))
	ft.Press("n") // the accident
	at.WaitFor("▶ 2 ")
	app.ahead.Add(int64(time.Minute))
	ft.Press("+")
	at.WaitFor("⏱ 11:00  ⏸ paused")
	item2 := timerOf(t, at.Screen())
	ft.Press("b")
	at.WaitFor("▶ 1 ")
	// Back at item 1 with its 12:00, not a fresh 10:00.
	for _, term := range []*tuitest.Term{ft, at} {
		term.WaitFor("⏱ 12:00  ⏸ paused")
	}
	app.ahead.Add(int64(3 * time.Minute))
	ft.Press("n")
	at.WaitFor("▶ 2 ")
	if got := timerOf(t, at.WaitFor("⏸ paused")); got != item2 {
		t.Fatalf("item 2 resumed at %s, left at %s", got, item2)
	}
	app.ahead.Add(int64(2 * time.Minute))
	ft.Press("e")
	ft.WaitFor("End the meeting for everyone? (y/n)")
	ft.Press("y")
	at.WaitFor("The meeting has ended")
	md := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("export meeting %d", f.meeting))
	if md.ExitCode != 0 {
		t.Fatalf("export: %s", md.Stderr)
	}
	for _, want := range []string{"| 1 | Check-in round | round | 10 min | 7 min |", "| 3 min |"} {
		if !strings.Contains(md.Stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, md.Stdout)
		}
	}
}

// timerOf reads the current item's timer, mm:ss, off a room screen.
func timerOf(t *testing.T, screen string) string {
	t.Helper()
	i := strings.Index(screen, "⏱ ")
	if i < 0 {
		t.Fatalf("no timer on the screen:\n%s", screen)
	}
	return strings.Fields(screen[i+len("⏱ "):])[0]
}

// TestHandoffIsVisible: everyone sees who leads; the handoff list leaves
// oneself out; the one handed the meeting has the leader's keys only while
// leading; the facilitator takes it back with L.
func TestHandoffIsVisible(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	f.start(t, app)
	ft, at, bt := f.join(t, app, f.fac), f.join(t, app, f.aino), f.join(t, app, f.bertta)
	ft.WaitFor("you are leading")
	at.WaitFor("Fasi is leading")
	bt.WaitFor("Fasi is leading")
	bt.WaitFor("Here (3)")
	if s := at.Screen(); strings.Contains(s, "n next") {
		t.Fatalf("a member has the leader's keys:\n%s", s)
	}

	ft.Press("H")
	s := ft.WaitFor("Hand the meeting over to:")
	// The list is in the right pane: "│› Aino", "│  Bertta".
	if !strings.Contains(s, "│› Aino") || !strings.Contains(s, "│  Bertta") || strings.Contains(s, "│› Fasi") || strings.Contains(s, "│  Fasi") {
		t.Fatalf("handoff list:\n%s", s)
	}
	ft.Press("enter") // the first: Aino
	at.WaitFor("you are leading")
	ft.WaitFor("Aino is leading")
	bt.WaitFor("Aino is leading")
	at.WaitFor("n next")
	at.Press("n")
	for _, term := range []*tuitest.Term{ft, at, bt} {
		term.WaitFor("▶ 2 ")
	}
	// Her handoff list leaves her out and offers the facilitator.
	at.Press("H")
	s = at.WaitFor("Hand the meeting over to:")
	if !strings.Contains(s, "│› Fasi") || strings.Contains(s, "│› Aino") || strings.Contains(s, "│  Aino") {
		t.Fatalf("Aino's handoff list:\n%s", s)
	}
	at.Press("esc")

	// The facilitator takes it back: Aino's keys go.
	ft.WaitFor("L take the lead back")
	ft.Press("L")
	ft.WaitFor("you are leading")
	at.WaitFor("Fasi is leading")
	at.WaitForFunc("Aino's leader keys gone", hasNot("n next"))
	at.Press("n")
	at.WaitForFunc("the key did nothing visible", has("▶ 2 "))
	ft.Press("n")
	at.WaitFor("▶ 3 ")
}

// TestEndingWhileWriting: the leader is warned of those still writing;
// ending anyway keeps what they wrote as a journal draft and tells them
// where; the draft opens in the journal.
func TestEndingWhileWriting(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	// The facilitator works in Finnish: the question's keys are k/e.
	fac := mustActor(t, app, f.fac)
	if _, err := app.Service.SetLang(context.Background(), fac, "fi"); err != nil {
		t.Fatal(err)
	}
	f.start(t, app)
	ft := tuitest.Open(t, app.addr, f.fac, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	ft.WaitFor("● käynnissä")
	at, bt := f.join(t, app, f.aino), f.join(t, app, f.bertta)
	bt.WaitFor("Here (3)")
	at.Press("w")
	at.WaitFor("Your reflection")
	at.Type("Kesken jäänyt ajatus")
	bt.Press("enter")
	bt.Type("puolikas viesti")
	ft.WaitForFunc("both writing", func(s string) bool {
		return regexpMatch(`Aino[^\n]*✎`, s) && regexpMatch(`Bertta[^\n]*✎`, s)
	})
	ft.Press("e")
	ft.WaitFor("2 kirjoittaa vielä — lopetetaanko silti? (k/e)")
	ft.Press("e") // ei
	ft.WaitForFunc("question gone", hasNot("lopetetaanko"))
	at.Type(" ja loppu")
	at.WaitFor("ajatus ja loppu") // on her screen before the meeting ends
	ft.Press("e")
	ft.WaitFor("2 kirjoittaa vielä")
	ft.Press("k")
	ft.WaitFor("Tapaaminen on päättynyt")
	at.WaitFor("The meeting has ended")
	at.WaitFor("What you were writing is kept as a journal draft")
	bt.WaitFor("What you were writing is kept as a journal draft")

	aino := mustActor(t, app, f.aino)
	m, err := app.DB.MeetingByID(context.Background(), f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Aino's draft kept", func() bool {
		d, _ := app.Service.Draft(context.Background(), aino, session.JournalDraftKey(m.GroupID))
		return d == "Kesken jäänyt ajatus ja loppu"
	})

	// Opening the journal on the group finds it.
	at.Close()
	home := tuitest.Open(t, app.addr, f.aino)
	home.WaitFor("Piiri")
	home.Press("w")
	home.WaitFor("‹ (•) Piiri") // the journal starts where the draft is
	home.Press("ctrl+s")
	home.WaitFor("Kesken jäänyt ajatus ja loppu")
}

// TestMeetingLinkShown: a leader sets a call link; it is refused unless
// https; meetings lists it and the room shows it at the top, also on a
// small screen.
func TestMeetingLinkShown(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	link := "https://meet.jit.si/Piiri-ryhma"
	res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting link %d http://meet.jit.si/x", f.meeting))
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "https address") {
		t.Fatalf("http link: %d %q", res.ExitCode, res.Stderr)
	}
	if res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("meeting link %d %s", f.meeting, link)); res.ExitCode != 1 {
		t.Fatalf("a member set the link: %q", res.Stdout)
	}
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting link %d %s", f.meeting, link)); res.ExitCode != 0 || !strings.Contains(res.Stdout, link) {
		t.Fatalf("meeting link: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	if out := tuitest.Run(t, app.addr, f.aino, "meetings").Stdout; !strings.Contains(out, link) {
		t.Fatalf("meetings lacks the link:\n%s", out)
	}
	var ms []struct {
		ID   int64  `json:"id"`
		Link string `json:"link"`
	}
	runJSON(t, app.addr, f.aino, "meetings --json", &ms)
	if len(ms) == 0 || ms[0].ID != f.meeting || ms[0].Link != link {
		t.Fatalf("meetings --json: %+v", ms)
	}
	f.start(t, app)
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(120, 30), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	at.WaitFor("Fasi is leading  🔗 " + link)
	small := tuitest.Open(t, app.addr, f.bertta, tuitest.WithSize(60, 18), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	s := small.WaitFor("🔗 https://")
	if first := strings.SplitN(s, "\n", 2)[0]; !strings.Contains(first, "● live") {
		t.Fatalf("the header wrapped at 60 columns:\n%s", s)
	}
	// Changed while live: the room shows the new one.
	zoom := "https://zoom.us/j/123456789"
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting link %d %s", f.meeting, zoom)); res.ExitCode != 0 {
		t.Fatalf("meeting link live: %q", res.Stderr)
	}
	at.WaitFor("🔗 " + zoom)
}

// TestDroppedWritersDraftKept: someone whose connection drops while
// writing finds the text in their journal after the meeting ended without
// them.
func TestDroppedWritersDraftKept(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	f.start(t, app)
	ft, at := f.join(t, app, f.fac), f.join(t, app, f.aino)
	at.Press("w")
	at.WaitFor("Your reflection")
	at.Type("Ajatus ennen katkosta")
	at.WaitFor("Ajatus ennen katkosta")
	ft.WaitForFunc("Aino writing", func(s string) bool { return regexpMatch(`Aino[^\n]*✎`, s) })
	at.Close() // the connection drops; the session saves the draft
	ft.WaitFor("Here (1)")
	ft.Press("e")
	ft.WaitFor("End the meeting for everyone? (y/n)")
	ft.Press("y")
	ft.WaitFor("The meeting has ended")

	home := tuitest.Open(t, app.addr, f.aino)
	home.WaitFor("Piiri")
	home.Press("w")
	home.WaitFor("‹ (•) Piiri") // the journal starts where the draft is
	home.Press("ctrl+s")
	home.WaitFor("Ajatus ennen katkosta")
}

// TestRoundSkipsAndMarkedPass: someone who dropped is skipped and shown
// so; the leader marks a pass for someone with P; the summary says so.
func TestRoundSkipsAndMarkedPass(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	f.start(t, app)
	ft, at, bt := f.join(t, app, f.fac), f.join(t, app, f.aino), f.join(t, app, f.bertta)
	ft.WaitFor("Here (3)")
	ft.Press("r")
	at.WaitFor("Turn 1/3 · speaking: Fasi")
	bt.Close()
	ft.WaitFor("Here (2)")
	ft.Press("d")
	at.WaitFor("Your turn")
	ft.WaitFor("Turn 2/3 · speaking: Aino")
	ft.Press("P")
	for _, term := range []*tuitest.Term{ft, at} {
		term.WaitFor("The round is over")
		term.WaitFor("skipped, not here: Bertta")
	}
	ft.Press("e")
	ft.WaitFor("End the meeting for everyone? (y/n)")
	ft.Press("y")
	ft.WaitFor("The meeting has ended")
	md := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("export meeting %d", f.meeting)).Stdout
	if want := "Introduction round: 1 person spoke, 1 passed, 1 skipped (not here)"; !strings.Contains(md, want) {
		t.Fatalf("summary lacks %q:\n%s", want, md)
	}
}
