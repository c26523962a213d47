package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

func startMeeting(t *testing.T, app *testApp, f meetingFixture) {
	t.Helper()
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
}

// TestRoomRefusedMessageStays: a message the room refuses (too fast)
// stays in the input with the reason; the reason fades; the same text
// goes once the room takes it again.
func TestRoomRefusedMessageStays(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	startMeeting(t, app, f)
	at := f.join(t, app, f.aino)

	// Use up Aino's burst of five at once, so that the next message from
	// her terminal is refused however slowly this machine runs the test
	// (the bucket refills one message in two seconds).
	aino := mustActor(t, app, f.aino)
	for i := range 5 {
		_ = app.Service.Act(context.Background(), aino, f.meeting, session.Action{Kind: session.ActSay, Text: fmt.Sprintf("Alkuun %d", i)})
	}
	// Send until the rate limit refuses one.
	var refused, screen string
	for i := 1; i <= 20 && refused == ""; i++ {
		text := fmt.Sprintf("Viesti numero %d jää talteen", i)
		at.Press("enter")
		at.Type(text)
		at.Press("enter")
		screen = at.WaitForFunc("sent or refused", func(s string) bool {
			return strings.Contains(s, "you: "+text) || strings.Contains(s, "too fast")
		})
		if strings.Contains(screen, "too fast") {
			refused = text
		}
	}
	if refused == "" {
		t.Fatal("the rate limit never refused a message")
	}
	// The text is still in the input, nothing lost.
	if !strings.Contains(screen, "› "+refused) || strings.Contains(screen, "you: "+refused) {
		t.Fatalf("refused message not kept in the input:\n%s", screen)
	}
	// The reason fades by itself; the text stays.
	screen = at.WaitForFunc("reason faded", func(s string) bool { return !strings.Contains(s, "too fast") })
	if !strings.Contains(screen, "› "+refused) {
		t.Fatalf("the text went with the reason:\n%s", screen)
	}
	// Later the same text goes through, once, and the input empties.
	app.advance(time.Minute)
	at.Press("enter")
	screen = at.WaitFor("you: " + refused)
	if strings.Contains(screen, "› "+refused) || strings.Count(screen, refused) != 1 {
		t.Fatalf("after sending:\n%s", screen)
	}
}

// TestRoomScrollbackForLateJoiner: a late joiner reads the whole item's
// discussion, older than the state carries, by scrolling back; the marker
// counts what is above; the leader's lines carry the mark.
func TestRoomScrollbackForLateJoiner(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	startMeeting(t, app, f)
	ft := f.join(t, app, f.fac)
	// Bertta is there all along: the messages that scroll out of the
	// state while she watches stay in her view too.
	bt := f.join(t, app, f.bertta)
	fac := mustActor(t, app, f.fac)
	const n = 130 // more than the room's state carries
	for i := 1; i <= n; i++ {
		app.advance(3 * time.Second) // past the rate limit
		if err := app.Service.Act(context.Background(), fac, f.meeting, session.Action{Kind: session.ActSay, Text: fmt.Sprintf("Viesti %03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	ft.WaitFor(fmt.Sprintf("Viesti %03d", n))

	at := f.join(t, app, f.aino)
	screen := at.WaitFor(fmt.Sprintf("★ Fasi (leader): Viesti %03d", n))
	if !regexpMatch(`↑ \d+ earlier messages \(pgup\)`, screen) {
		t.Fatalf("no marker for earlier messages:\n%s", screen)
	}
	if !strings.Contains(screen, "pgup/pgdn scroll") {
		t.Fatalf("the help bar does not show how to scroll:\n%s", screen)
	}
	for range n/5 + 2 {
		at.Press("pgup")
	}
	screen = at.WaitFor("★ Fasi (leader): Viesti 001")
	if strings.Contains(screen, "earlier message") || !regexpMatch(`↓ \d+ newer messages \(pgdn\)`, screen) {
		t.Fatalf("at the top:\n%s", screen)
	}
	for range n/5 + 2 {
		at.Press("pgdown")
	}
	at.WaitForFunc("back at the newest", func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("Viesti %03d", n)) && !strings.Contains(s, "newer message")
	})

	bt.WaitFor(fmt.Sprintf("Viesti %03d", n))
	for range n/5 + 2 {
		bt.Press("pgup")
	}
	bt.WaitFor("★ Fasi (leader): Viesti 001")
}

// TestRoomNarrowPanesCountTheHidden: at 60×18 the presence and agenda
// panes say how many are left out instead of dropping them silently.
func TestRoomNarrowPanesCountTheHidden(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	more := []gossh.Signer{app.member(t, f.fac, f.group, "mentor", "Cecilia"), app.member(t, f.fac, f.group, "mentor", "Daniel")}
	startMeeting(t, app, f)
	for _, key := range append([]gossh.Signer{f.fac, f.bertta}, more...) {
		f.join(t, app, key)
	}
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(60, 18), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	screen := at.WaitFor("Here (5)")
	if !strings.Contains(screen, "+2 more") {
		t.Fatalf("presence pane drops people silently at 60×18:\n%s", screen)
	}
	if !regexpMatch(`\+\d+ more[^\n]*\n[^\n]*╰`, screen) || strings.Count(screen, " more") < 2 {
		t.Fatalf("agenda pane drops items silently at 60×18:\n%s", screen)
	}
}

// TestRoomSilentWritingEditUntilReveal: saving says so; the writer sees
// and edits what they submitted until the facilitator, asked first,
// reveals it; the key bar offers w and, to the leader, v.
func TestRoomSilentWritingEditUntilReveal(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	startMeeting(t, app, f)
	ft := f.join(t, app, f.fac)
	at := f.join(t, app, f.aino)
	// The mentor group's fourth item is silent writing.
	ft.Press("n", "n", "n")
	ft.WaitFor("▶ 4 ")
	ft.WaitFor("w write • v reveal writing")
	screen := at.WaitFor("silent writing")
	if !strings.Contains(screen, "w write") || strings.Contains(screen, "v reveal") {
		t.Fatalf("participant's key bar at silent writing:\n%s", screen)
	}

	at.Press("w")
	at.WaitFor("Shown to the group with your name")
	at.Type("Ensimmäinen ajatus.")
	at.Press("ctrl+s")
	screen = at.WaitFor("✓ saved")
	if !strings.Contains(screen, "Only you see it until the reveal") || !strings.Contains(screen, "Ensimmäinen ajatus.") {
		t.Fatalf("submitted text not in view:\n%s", screen)
	}
	if strings.Contains(ft.Screen(), "Ensimmäinen") {
		t.Fatal("the facilitator sees the text before the reveal")
	}

	// Edit: the editor opens with the text submitted.
	at.Press("w")
	at.WaitFor("┃ Ensimmäinen ajatus.")
	at.Press("end")
	at.Type(" Toinen.")
	at.Press("ctrl+s")
	at.WaitForFunc("edited text in view", func(s string) bool {
		return strings.Contains(s, "Ensimmäinen ajatus. Toinen.") && !strings.Contains(s, "┃")
	})

	// The reveal asks first; n keeps it hidden.
	ft.Press("v")
	ft.WaitFor("Reveal the silent writing to everyone? (y/n)")
	ft.Press("n")
	ft.WaitForFunc("question gone", func(s string) bool { return !strings.Contains(s, "Reveal the silent writing") })
	if strings.Contains(ft.Screen(), "Toinen.") {
		t.Fatal("revealed without a yes")
	}
	ft.Press("v")
	ft.WaitFor("(y/n)")
	ft.Press("y")
	ft.WaitFor("✎ Aino: Ensimmäinen ajatus. Toinen.")
	at.WaitFor("✎ Aino: Ensimmäinen ajatus. Toinen.")
	if strings.Count(ft.Screen(), "Ensimmäinen") != 1 {
		t.Fatalf("the text shows more than once:\n%s", ft.Screen())
	}
}

// TestRoomOverlongPasteKept: a paste longer than a message may be is not
// cut short in the input and sent: it stays whole, counted, and the room
// refuses it with the limit, so the writer can shorten it.
func TestRoomOverlongPasteKept(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	startMeeting(t, app, f)
	at := f.join(t, app, f.aino)

	text := strings.Repeat("pitkä ", session.MaxMessageLen/6) + "LOPPU123"
	at.Press("enter")
	at.Type(text)
	n := session.RuneCount(text)
	at.WaitFor(fmt.Sprintf("%d / %d characters", n, session.MaxMessageLen))
	at.WaitFor("LOPPU123") // the end of the paste is in the input
	at.Press("enter")
	screen := at.WaitFor(fmt.Sprintf("at most %d characters", session.MaxMessageLen))
	if !strings.Contains(screen, "› ") || !strings.Contains(screen, "LOPPU123") {
		t.Fatalf("refused text not kept whole in the input:\n%s", screen)
	}
	if strings.Contains(screen, "you: pitkä") {
		t.Fatalf("an over-long message was sent:\n%s", screen)
	}
}

// TestRoomTallMessageShows: a message taller than the discussion pane
// shows its end, not an empty pane between two markers; and what is
// above a participant's own silent-writing text at 60×18 is "more above",
// never "0 earlier messages".
func TestRoomTallMessageShows(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	startMeeting(t, app, f)
	ft := f.join(t, app, f.fac)
	at := f.join(t, app, f.aino)
	narrow := tuitest.Open(t, app.addr, f.bertta, tuitest.WithSize(60, 18), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	narrow.WaitFor("● live")

	fac := mustActor(t, app, f.fac)
	long := strings.Repeat("pitkä viesti ", 70) + "LOPPUSANA"
	if err := app.Service.Act(context.Background(), fac, f.meeting, session.Action{Kind: session.ActSay, Text: long}); err != nil {
		t.Fatal(err)
	}
	screen := at.WaitFor("LOPPUSANA")
	if !strings.Contains(screen, "↑ more above (pgup)") || strings.Contains(screen, "earlier message") {
		t.Fatalf("a tall message's marker:\n%s", screen)
	}
	// Scrolled back to its beginning, it still shows.
	at.Press("pgup", "pgup", "pgup", "pgup", "pgup")
	at.WaitFor("★ Fasi (leader): pitkä viesti")

	// Silent writing at 60×18: one's own text above the discussion.
	ft.Press("n", "n", "n")
	ft.WaitFor("▶ 4 ")
	narrow.WaitFor("silent writ")
	narrow.Press("w")
	if screen := narrow.WaitFor("(ctrl+r)"); !strings.Contains(screen, "esc close (draft kept)") {
		t.Fatalf("the writer's key bar hides how to close at 60×18:\n%s", screen)
	}
	narrow.Type("Oma teksti.")
	narrow.Press("ctrl+s")
	screen = narrow.WaitFor("✓ saved")
	if strings.Contains(screen, "↑ 0 ") {
		t.Fatalf("a marker counts no messages:\n%s", screen)
	}
}

// TestRoomNextInRoundSeenNarrow: at 60×18 the round line wraps rather
// than cutting off who is next, so the next one sees it is them.
func TestRoomNextInRoundSeenNarrow(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	startMeeting(t, app, f)
	ft := f.join(t, app, f.fac)
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(60, 18), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	at.WaitFor("Here (2)")
	ft.WaitFor("Here (2)")
	ft.Press("r")
	ft.WaitFor("Turn 1/2")
	screen := at.WaitFor("Turn 1/2")
	if !strings.Contains(screen, "next: you") {
		t.Fatalf("the next one does not see it is them at 60×18:\n%s", screen)
	}
}

// TestRoomCallLinkWhole: a call link that does not fit beside the title
// at 80×24 or 60×18 gets a line of its own under it, whole, so people can
// copy it; the first line still says who leads.
func TestRoomCallLinkWhole(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	link := "https://meet.jit.si/mepe-syksy-2026-ryhma"
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting link %d %s", f.meeting, link)); res.ExitCode != 0 {
		t.Fatalf("meeting link: %q", res.Stderr)
	}
	startMeeting(t, app, f)
	for _, size := range [][2]int{{80, 24}, {60, 18}} {
		term := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(size[0], size[1]), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
		screen := term.WaitFor("🔗 " + link)
		lines := strings.Split(screen, "\n")
		if !strings.Contains(lines[0], "● live") || !strings.Contains(lines[1], link) {
			t.Fatalf("%dx%d header:\n%s", size[0], size[1], screen)
		}
		if !strings.Contains(screen, "╰") || !strings.Contains(screen, "enter say") {
			t.Fatalf("%dx%d: the panes or the key bar went off screen:\n%s", size[0], size[1], screen)
		}
		term.Close()
	}
}

// TestHomeNarrowSaysWhatToPress: at 60×18 the home screen's live banner
// and a group's "acknowledge the agreement" wrap instead of being cut, so
// the key to press is on screen.
func TestHomeNarrowSaysWhatToPress(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	fac := app.join(t, session.RoleFacilitator, "Fasi")
	var g groupJSON
	runJSON(t, app.addr, fac, `group create --template mepe --name "Mepe syksy 2026 Helsinki" --json`, &g)
	code := strings.TrimSpace(tuitest.Run(t, app.addr, fac, fmt.Sprintf("invite create --group %d --role mentor --uses 2", g.ID)).Stdout)
	aino, newcomer := tuitest.NewKey(t), tuitest.NewKey(t)
	for key, name := range map[gossh.Signer]string{aino: "Aino", newcomer: "Cecilia"} {
		if res := tuitest.Run(t, app.addr, key, "redeem "+code+" --name "+name); res.ExitCode != 0 {
			t.Fatalf("redeem: %s", res.Stderr)
		}
	}
	app.admit(t, aino, g.ID)
	// Cecilia has not acknowledged the agreement yet.
	ct := tuitest.Open(t, app.addr, newcomer, tuitest.WithSize(60, 18))
	// Hello comes before the groups: wait until they have loaded.
	screen := ct.WaitForFunc("home with its groups loaded", func(s string) bool {
		return strings.Contains(s, "Hello, Cecilia") && !strings.Contains(s, "Loading…")
	})
	if !regexpMatch(`read and acknowledge\s+the\s+agreement`, screen) {
		t.Fatalf("the agreement notice is cut at 60 columns:\n%s", screen)
	}

	at := tuitest.Open(t, app.addr, aino, tuitest.WithSize(60, 18))
	at.WaitFor("Hello, Aino")
	var meetings []meetingJSON
	runJSON(t, app.addr, fac, "meetings --json", &meetings)
	if res := tuitest.Run(t, app.addr, fac, fmt.Sprintf("meeting start %d", meetings[0].ID)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	screen = at.WaitFor("Live now")
	if !regexpMatch(`press\s+j\s+to\s+join`, screen) {
		t.Fatalf("the live banner is cut at 60 columns:\n%s", screen)
	}
	// With a task too, the group list stays on screen: the next meetings
	// give way.
	if _, err := app.Service.CreateTask(context.Background(), mustActor(t, app, fac), session.Task{GroupID: g.ID, Title: "Kuuntele kollegaa", DueMeetingID: meetings[1].ID}); err != nil {
		t.Fatal(err)
	}
	at.Press("r")
	screen = at.WaitFor("Open tasks (1)")
	if !strings.Contains(screen, "› Mepe syksy 2026 Helsinki") || !strings.Contains(screen, "Next meetings") {
		t.Fatalf("the groups fell off the home screen at 60×18:\n%s", screen)
	}
}

// TestSelfAssessmentScaleWholeNarrow: at 60×18 the self-assessment form
// says its whole scale, wrapped, not cut at the edge.
func TestSelfAssessmentScaleWholeNarrow(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	startMeeting(t, app, f)
	ft := f.join(t, app, f.fac)
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(60, 18), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	at.WaitFor("● live")
	// Mepe's first meeting has its self-assessment as the fifth item.
	ft.Press("n", "n", "n", "n")
	ft.WaitFor("▶ 5 ")
	at.WaitFor("A self-assessment")
	at.Press("A")
	// The focused scale shows its anchors, whole.
	screen := at.WaitFor("not yet")
	if !regexpMatch(`5\s+strongly`, screen) {
		t.Fatalf("the scale is cut at 60 columns:\n%s", screen)
	}
}

// TestEscClosesHelpFirst: on a screen outside the room, esc with the
// full help open closes the help and stays on the screen, as in the room.
func TestEscClosesHelpFirst(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	term := tuitest.Open(t, app.addr, f.fac)
	term.WaitFor("Hello, Fasi")
	term.WaitFor("› ") // the groups have loaded
	term.Press("enter")
	term.WaitFor("[1 Meetings]")
	term.Press("enter")
	term.WaitFor("Agenda:")
	term.Press("?")
	term.WaitFor("move")
	term.Press("esc")
	screen := term.WaitForFunc("help closed", func(s string) bool { return !strings.Contains(s, "K/J") })
	if !strings.Contains(screen, "Agenda:") {
		t.Fatalf("esc left the meeting page instead of closing the help:\n%s", screen)
	}
	term.Press("esc")
	term.WaitFor("[1 Meetings]")
}

// TestGroupTabsFitNarrow: at 60 columns the group page's tabs all show,
// the last one whole.
func TestGroupTabsFitNarrow(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(60, 18))
	at.WaitFor("Hello, Aino")
	at.WaitFor("› ") // the groups have loaded
	at.Press("enter")
	screen := at.WaitFor("[1 Meetings]")
	if !strings.Contains(screen, "5 Evaluation") {
		t.Fatalf("the tabs are cut at 60 columns:\n%s", screen)
	}
}

// TestMeetingThemeWholeNarrow: a meeting's theme wraps on its page at
// 60 columns rather than being cut.
func TestMeetingThemeWholeNarrow(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(60, 18))
	at.WaitFor("Hello, Aino")
	at.WaitFor("› ") // the groups have loaded
	at.Press("enter")
	at.WaitFor("[1 Meetings]")
	at.Press("down", "down", "enter")
	screen := at.WaitFor("Theme:")
	if !regexpMatch(`group's\s+first\s+meeting`, screen) {
		t.Fatalf("the theme is cut at 60 columns:\n%s", screen)
	}
	// Started, the page says so as two facts.
	at.Press("esc")
	at.WaitFor("[1 Meetings]")
	at.Press("up", "up", "enter")
	at.WaitFor("Theme:")
	startMeeting(t, app, f)
	screen = at.WaitFor("● live · started")
	if !regexpMatch(`planned\s+(duration\s+)?90\s+min`, screen) {
		t.Fatalf("the planned length is cut at 60 columns:\n%s", screen)
	}
}

// TestHomeOffersEnterOnlyWithGroups: a new facilitator with no groups is
// not offered enter, which would open nothing; with a group it is.
func TestHomeOffersEnterOnlyWithGroups(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	fac := app.join(t, session.RoleFacilitator, "Fasi")
	term := tuitest.Open(t, app.addr, fac)
	screen := term.WaitFor("n new group")
	if strings.Contains(screen, "enter open") {
		t.Fatalf("enter offered with no groups:\n%s", screen)
	}
	var g groupJSON
	runJSON(t, app.addr, fac, "group create --template mepe --name Kevät --json", &g)
	term.Press("r")
	term.WaitFor("enter open")
}

// TestRoomPromptWholeNarrow: at 60×18 an item's prompt gives way only to
// what the discussion needs: with no messages yet it shows whole.
func TestRoomPromptWholeNarrow(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	// A prompt as long as a Finnish one.
	ctx, fac := context.Background(), mustActor(t, app, f.fac)
	_, items, err := app.Service.Meeting(ctx, fac, f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	it := items[1]
	it.Prompt = "Ohjaaja esittelee vertaismentoroinnin periaatteet: mentori ja aktori ovat tasavertaisia ja oppivat toisiltaan. Kirjaa itsellesi kysymyksiä, jotka come up."
	if _, err := app.Service.UpdateAgendaItem(ctx, fac, it); err != nil {
		t.Fatal(err)
	}
	startMeeting(t, app, f)
	ft := f.join(t, app, f.fac)
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(60, 18), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	at.WaitFor("● live")
	ft.Press("n")
	ft.WaitFor("▶ 2 ")
	screen := at.WaitFor("2. What is peer")
	if !strings.Contains(screen, "come up.") || !strings.Contains(screen, "No messages on this item yet.") {
		t.Fatalf("the prompt is cut at 60×18 with room to spare:\n%s", screen)
	}
}
