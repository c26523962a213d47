package main

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestLiveMeeting runs a meeting with three simultaneous sessions: every
// advance, timer change, turn, hand and message reaches everyone; a
// participant drops and comes back to the same state; the summary exports.
func TestLiveMeeting(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")

	// Not live yet: join says so; a member cannot start it.
	res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("meeting start %d", f.meeting))
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "rights") {
		t.Fatalf("member started the meeting: %d %q", res.ExitCode, res.Stderr)
	}
	m, err := app.DB.MeetingByID(context.Background(), f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Service.CreateTask(context.Background(), mustActor(t, app, f.fac),
		session.Task{GroupID: m.GroupID, Title: "Kuuntele kollegaa", DueMeetingID: f.meeting}); err != nil {
		t.Fatal(err)
	}
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	ft := f.join(t, app, f.fac)
	ft.WaitFor("Interim tasks due at this meeting:")
	ft.WaitFor("• Kuuntele kollegaa · 0 of 2 done") // the facilitator gives it, not counted
	at := f.join(t, app, f.aino)
	bt := f.join(t, app, f.bertta)
	all := []*tuitest.Term{ft, at, bt}
	everyone := func(desc string, cond func(string) bool) {
		t.Helper()
		for _, term := range all {
			term.WaitForFunc(desc, cond)
		}
	}
	contains := func(s string) func(string) bool { return func(x string) bool { return strings.Contains(x, s) } }
	everyone("three here", contains("Here (3)"))
	everyone("first item, paused", contains("10:00  ⏸ paused"))

	// The timer starts for everyone.
	ft.Press("space")
	everyone("timer running", contains("▶ running"))

	// A round: the speaker passes the turn on; a participant may pass.
	ft.Press("r")
	everyone("round started", contains("Turn 1/3 · speaking: "))
	at.WaitForFunc("Aino's turn comes", func(s string) bool { return true })
	for i := 0; i < 3; i++ {
		screen := ft.Screen()
		switch {
		case strings.Contains(screen, "speaking: you"):
			ft.Press("d")
		case strings.Contains(screen, "speaking: Aino"):
			at.WaitFor("Your turn")
			at.Press("p")
		case strings.Contains(screen, "speaking: Bertta"):
			bt.WaitFor("Your turn")
			bt.Press("d")
		default:
			t.Fatalf("no speaker:\n%s", screen)
		}
		ft.WaitForFunc("turn moved on", func(s string) bool {
			return strings.Contains(s, fmt.Sprintf("Turn %d/3", i+2)) || strings.Contains(s, "The round is over")
		})
	}
	everyone("round over", contains("The round is over"))
	// Only the speaker or a leader passes the turn: Bertta pressing d now
	// changes nothing and says why.
	bt.Press("d")
	bt.WaitFor("No round is going on")

	// Hands: raised in order, the facilitator sees the queue and gives the word.
	bt.Press("h")
	ft.WaitFor("hands up: Bertta")
	at.Press("h")
	ft.WaitFor("hands up: Bertta, Aino")
	ft.Press("g")
	ft.WaitFor("» Bertta has the word")
	at.WaitFor("» Bertta has the word")
	bt.WaitFor("» You have the word")
	ft.WaitFor("hands up: Aino")

	// Discussion, sanitised, visible to all.
	at.Press("enter")
	at.Type("Hyvä \x1b[31mkysymys")
	bt.WaitForFunc("Aino is writing", func(s string) bool { return regexpMatch(`Aino[^\n]*✎`, s) })
	at.Press("enter")
	everyone("message", contains("Hyvä kysymys"))
	at.WaitFor("esc close") // the line stays open for the next message
	at.Press("esc")
	at.WaitFor("enter say") // the room keys again

	// Advance, step back, extend: all at once.
	ft.Press("n")
	everyone("item 2", contains("▶ 2 "))
	ft.Press("b")
	everyone("back at item 1", contains("▶ 1 "))
	ft.Press("space")
	everyone("paused", contains("⏸ paused"))
	paused := regexp.MustCompile(`⏱ (\d\d):\d\d  ⏸`).FindStringSubmatch(ft.Screen())
	ft.Press("+")
	everyone("a minute more", func(s string) bool {
		m := regexp.MustCompile(`⏱ (\d\d):\d\d  ⏸`).FindStringSubmatch(s)
		return m != nil && paused != nil && m[1] != paused[1]
	})

	// A participant browses (detached) and follows again.
	at.Press("right", "right")
	at.WaitFor("You are browsing; the meeting is at item 1")
	ft.Press("n")
	at.WaitFor("the meeting is at item 2")
	at.Press("f")
	at.WaitForFunc("following", func(s string) bool { return !strings.Contains(s, "You are browsing") && strings.Contains(s, "▶ 2 ") })

	// Bertta drops; the others see it; she comes back to the same state.
	bt.Close()
	ft.WaitFor("Here (2)")
	bt = f.join(t, app, f.bertta)
	all[2] = bt
	bt.WaitFor("▶ 2 ")
	bt.WaitFor("Here (3)")

	// A member cannot drive: n does nothing. The barrier: Aino then lowers
	// her hand, and keys are handled in order, so once the facilitator sees
	// the hand go down, the n has been handled too.
	ft.WaitFor("hands up: Aino")
	at.Press("n", "h")
	ft.WaitForFunc("Aino's hand down", func(s string) bool { return !strings.Contains(s, "hands up: Aino") })
	if strings.Contains(ft.Screen(), "▶ 3 ") || strings.Contains(at.Screen(), "▶ 3 ") {
		t.Fatal("a member advanced the meeting")
	}

	// End: everyone sees it; the summary exports for members only.
	ft.Press("e")
	ft.WaitFor("End the meeting for everyone?")
	ft.Press("y")
	everyone("ended", contains("The meeting has ended"))
	md := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("export meeting %d", f.meeting))
	if md.ExitCode != 0 {
		t.Fatalf("export: %s", md.Stderr)
	}
	for _, want := range []string{"# Piiri — 1. Orientation", "| 1 | Check-in round | round | 10 min |", "## Attendance (3)", "- Aino (mentor)",
		"## Rounds held (1)", "Check-in round: 2 people spoke, 1 passed", "**Aino**", "Hyvä kysymys"} {
		if !strings.Contains(md.Stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, md.Stdout)
		}
	}
	other := app.join(t, session.RoleFacilitator, "Muu")
	if res := tuitest.Run(t, app.addr, other, fmt.Sprintf("export meeting %d", f.meeting)); res.ExitCode != 1 || strings.Contains(res.Stdout, "Hyvä") {
		t.Fatalf("an outsider exported the summary: %d %q", res.ExitCode, res.Stdout)
	}
}

// TestMeetingSurvivesRestart: a server restart mid-meeting keeps the
// meeting live at the same item with the timer where it was.
func TestMeetingSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	app := startApp(t, func(c *Config) { c.Data = dir })
	f := newMeetingFixture(t, app, "supervisor-peer")
	tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting))
	ft := f.join(t, app, f.fac)
	ft.Press("n", "n")
	ft.WaitFor("▶ 3 ")
	ft.Press("+")
	ft.WaitFor("16:00  ⏸ paused")
	if err := app.Close(); err != nil {
		t.Fatal(err)
	}
	ft.WaitForExit()

	again := startApp(t, func(c *Config) { c.Data = dir })
	at := f.join(t, again, f.aino)
	at.WaitFor("▶ 3 ")
	at.WaitFor("16:00  ⏸ paused")
	ft = f.join(t, again, f.fac)
	ft.Press("n")
	at.WaitFor("▶ 4 ")
}

// TestRoomGoroutinesReturnToBaseline connects to a live room and leaves
// 200 times; afterwards the server runs as many goroutines as before.
func TestRoomGoroutinesReturnToBaseline(t *testing.T) {
	if testing.Short() {
		t.Skip("200 SSH sessions")
	}
	// Room for a batch still closing beside the next one.
	app := startApp(t, func(c *Config) { c.MaxSessionsPerPerson = 64 })
	f := newMeetingFixture(t, app, "mentor-group")
	tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting))
	client := tuitest.Dial(t, app.addr, f.aino)
	settle := func() int {
		runtime.GC()
		return runtime.NumGoroutine()
	}
	// One warm-up session, so that lazily started goroutines are counted.
	term := tuitest.OpenOn(t, client, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	term.WaitFor("● live")
	term.Close()
	waitFor(t, "room empty", func() bool { return app.Service.Hub().Stats().Subscriptions == 0 })
	base := settle()
	// Four at a time, so that the server draws one while the test waits
	// for another: 200 all the same.
	const sessions, batch = 200, 4
	for range sessions / batch {
		terms := make([]*tuitest.Term, batch)
		for i := range terms {
			terms[i] = tuitest.OpenOn(t, client, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
		}
		for _, term := range terms {
			term.WaitFor("● live")
		}
		for _, term := range terms {
			term.Close()
		}
	}
	waitFor(t, "room empty", func() bool { return app.Service.Hub().Stats().Subscriptions == 0 })
	var now int
	if !poll(10*time.Second, func() bool { now = settle(); return now <= base+5 }) {
		buf := make([]byte, 1<<20)
		t.Fatalf("goroutines: %d before, %d after 200 sessions\n%s", base, now, buf[:runtime.Stack(buf, true)])
	}
	st, err := app.Service.Room(context.Background(), mustActor(t, app, f.fac), f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	if p := st.Person(mustActor(t, app, f.aino).Person.ID); p == nil || p.Sessions != 0 {
		t.Fatalf("presence after leaving: %+v", p)
	}
}
