package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestFinnishMeetingSetUp: a Finnish facilitator types the date the way
// piiri shows it, sees it back with the zone, adds an agenda item after
// the selected one, answers a question with k/e, and after the meeting
// the group shows when it was really held.
func TestFinnishMeetingSetUp(t *testing.T) {
	t.Parallel()
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Skip("no zoneinfo:", err)
	}
	app := startApp(t, func(c *Config) { c.Loc = hel })
	fac := tuitest.NewKey(t)
	if res := tuitest.Run(t, app.addr, fac, "redeem "+app.invite(t, session.RoleFacilitator)+" --name Fasi --lang fi"); res.ExitCode != 0 {
		t.Fatalf("redeem: %s", res.Stderr)
	}
	var g groupJSON
	runJSON(t, app.addr, fac, "group create --template mentor-group --name Kevät --json", &g)
	var meetings []meetingJSON
	runJSON(t, app.addr, fac, fmt.Sprintf("meetings --group %d --json", g.ID), &meetings)
	mid := meetings[0].ID

	term := tuitest.Open(t, app.addr, fac)
	term.WaitFor("Kevät")
	term.Press("enter")
	term.WaitFor("[1 Tapaamiset]")
	term.Press("enter")
	// The key bar says how to set the time, at 80×24.
	if screen := term.WaitFor("Asialista:"); !strings.Contains(screen, "s aika ja tiedot") {
		t.Fatalf("the meeting page's key bar lacks s:\n%s", screen)
	}

	// A date that does not exist: the message gives an example, not Go's
	// layout.
	term.Press("s")
	term.WaitFor("Tapaamisen tiedot")
	term.Press("tab", "tab")
	term.Type("31.2.2030 14.30")
	term.Press("ctrl+s")
	screen := term.WaitFor("esim. 1.12.2026 14.30")
	if strings.Contains(screen, "2006") || strings.Contains(screen, "15:04") {
		t.Fatalf("Go's layout shown:\n%s", screen)
	}
	for range 20 {
		term.Press("backspace")
	}
	term.Type("1.12.2030 14.30")
	term.Press("ctrl+s")
	term.WaitFor("Tapaamisen tiedot tallennettu")
	term.WaitFor("1.12.2030 klo 14.30 (UTC+2)")
	m, err := app.DB.MeetingByID(context.Background(), mid)
	if err != nil || !m.StartsAt.Equal(time.Date(2030, 12, 1, 12, 30, 0, 0, time.UTC)) {
		t.Fatalf("stored start %v, %v", m.StartsAt, err)
	}
	// The form shows it back the same way, and 14:30 reads too.
	term.Press("s")
	term.WaitFor("1.12.2030 14.30")
	term.Press("tab", "tab")
	for range 20 {
		term.Press("backspace")
	}
	term.Type("2.12.2030 9:05")
	term.Press("ctrl+s")
	term.WaitFor("2.12.2030 klo 9.05 (UTC+2)")

	// A new item goes after the selected second one.
	term.Press("down")
	term.WaitFor("›  2. ")
	term.Press("a")
	term.WaitFor("Uusi asialistan kohta")
	term.Type("Väliin")
	term.Press("ctrl+s")
	term.WaitFor("›  3. Väliin")

	// Yes/no in Finnish: y is not yes, e says no, k deletes.
	term.Press("d")
	term.WaitFor("Poistetaanko kohta Väliin? (k/e)")
	term.WaitFor("k kyllä")
	term.Press("y")
	term.WaitForFunc("question closed", func(s string) bool { return !strings.Contains(s, "Poistetaanko") })
	term.Press("d")
	term.WaitFor("Poistetaanko kohta Väliin?")
	term.Press("e")
	term.WaitForFunc("question closed", func(s string) bool { return !strings.Contains(s, "Poistetaanko") })
	if !strings.Contains(term.Screen(), "3. Väliin") {
		t.Fatal("the item went without a yes")
	}
	term.Press("d")
	term.WaitFor("Poistetaanko kohta Väliin?")
	term.Press("k")
	term.WaitFor("Poistettu: Väliin")

	// Held: the group's list and the meeting's page show the real times.
	if res := tuitest.Run(t, app.addr, fac, fmt.Sprintf("meeting start %d", mid)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	if res := tuitest.Run(t, app.addr, fac, fmt.Sprintf("meeting end %d", mid)); res.ExitCode != 0 {
		t.Fatalf("end: %s", res.Stderr)
	}
	held := regexp.MustCompile(`pidetty \d{1,2}\.\d{1,2}\.\d{4} \d{1,2}\.\d{2}–\d{1,2}\.\d{2} \(UTC\+[23]\)`)
	term.Press("esc")
	term.WaitFor("[1 Tapaamiset]")
	term.Press("r")
	term.WaitForFunc("held times in the list", held.MatchString)
	if strings.Contains(term.Screen(), "2.12.2030") {
		t.Fatal("the ended meeting still shows its plan")
	}
	term.Press("enter")
	term.WaitForFunc("held times on the page", held.MatchString)
	res := tuitest.Run(t, app.addr, fac, fmt.Sprintf("meetings --group %d", g.ID))
	if !held.MatchString(res.Stdout) {
		t.Fatalf("meetings command: %s", res.Stdout)
	}
}

// TestBannerExpiryNamesTheZone: the first-start banner gives the admin
// code's expiry in the configured zone and says which.
func TestBannerExpiryNamesTheZone(t *testing.T) {
	t.Parallel()
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Skip("no zoneinfo:", err)
	}
	before := time.Now()
	app := startApp(t, func(c *Config) { c.Loc = kolkata })
	m := regexp.MustCompile(`valid until (\w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2}) \(UTC\+5:30\)`).FindStringSubmatch(app.banner)
	if m == nil {
		t.Fatalf("banner:\n%s", app.banner)
	}
	until, err := time.ParseInLocation("Mon 2 Jan 2006 15:04", m[1], kolkata)
	if err != nil {
		t.Fatal(err)
	}
	want := before.Add(session.DefaultInviteTTL)
	if d := until.Sub(want); d < -2*time.Minute || d > 2*time.Minute {
		t.Fatalf("banner says %v, the code expires about %v", until, want.In(kolkata))
	}
}

// TestInterimTasksOverSSH: the member who did a task sees ☑ in the room,
// the others ☐, the leader neither; the counts leave the leader out; the
// leader's home does not ask them to do their own task, and the leader
// reads the answers on the group's task tab.
func TestInterimTasksOverSSH(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	ctx := context.Background()
	m, err := app.DB.MeetingByID(ctx, f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	tk, err := app.Service.CreateTask(ctx, mustActor(t, app, f.fac), session.Task{GroupID: m.GroupID, Title: "Kuuntele kollegaa", DueMeetingID: f.meeting})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Service.CompleteTask(ctx, mustActor(t, app, f.aino), tk.ID, "Kuuntelin kolmea kollegaa."); err != nil {
		t.Fatal(err)
	}

	// Home: Bertta is asked, the facilitator who gave it is not.
	bt := tuitest.Open(t, app.addr, f.bertta)
	bt.WaitFor("Open tasks (1)")
	ft := tuitest.Open(t, app.addr, f.fac)
	ft.WaitFor("Your groups")
	if strings.Contains(ft.Screen(), "Open tasks") {
		t.Fatalf("the facilitator is asked to do their own task:\n%s", ft.Screen())
	}
	// The leader reads the answer.
	ft.Press("enter")
	ft.WaitFor("[1 Meetings]")
	ft.Press("4")
	ft.WaitFor("• Kuuntele kollegaa · due at meeting 1 · 1 of 2 done")
	ft.WaitFor("enter read responses")
	ft.Press("enter")
	ft.WaitFor("Responses: Kuuntele kollegaa")
	ft.WaitFor("Kuuntelin kolmea kollegaa.")

	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	at := f.join(t, app, f.aino)
	at.WaitFor("Interim tasks due at this meeting:")
	at.WaitFor("☑ Kuuntele kollegaa · 1 of 2 done")
	bt2 := f.join(t, app, f.bertta)
	bt2.WaitFor("☐ Kuuntele kollegaa · 1 of 2 done")
	// At 60×18 the heading and the count wrap rather than being cut.
	narrow := tuitest.Open(t, app.addr, f.bertta, tuitest.WithSize(60, 18), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	screen := narrow.WaitFor("Interim tasks")
	if !strings.Contains(screen, "│meeting:") || !strings.Contains(screen, "│done") {
		t.Fatalf("the tasks due are cut at 60×18:\n%s", screen)
	}
}

// TestMeetingScheduleCommand: the line-mode command takes dates as the
// TUI does, answers with the zone, and explains a bad date by example.
func TestMeetingScheduleCommand(t *testing.T) {
	t.Parallel()
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Skip("no zoneinfo:", err)
	}
	app := startApp(t, func(c *Config) { c.Loc = hel })
	fac := app.join(t, session.RoleFacilitator, "Fasi")
	var g groupJSON
	runJSON(t, app.addr, fac, "group create --template mentor-group --name Kevät --json", &g)
	var ms []meetingJSON
	runJSON(t, app.addr, fac, fmt.Sprintf("meetings --group %d --json", g.ID), &ms)
	id := ms[0].ID
	for in, want := range map[string]time.Time{
		"1.12.2030 14.30":  time.Date(2030, 12, 1, 12, 30, 0, 0, time.UTC),
		"1.12.2030 14:30":  time.Date(2030, 12, 1, 12, 30, 0, 0, time.UTC),
		"2030-12-02 09:05": time.Date(2030, 12, 2, 7, 5, 0, 0, time.UTC),
	} {
		res := tuitest.Run(t, app.addr, fac, fmt.Sprintf("meeting schedule %d %s", id, in))
		if res.ExitCode != 0 || !strings.Contains(res.Stdout, "(UTC+2)") {
			t.Fatalf("%s: exit %d %q %q", in, res.ExitCode, res.Stdout, res.Stderr)
		}
		m, err := app.DB.MeetingByID(context.Background(), id)
		if err != nil || !m.StartsAt.Equal(want) {
			t.Fatalf("%s: stored %v, want %v (%v)", in, m.StartsAt, want, err)
		}
	}
	res := tuitest.Run(t, app.addr, fac, fmt.Sprintf("meeting schedule %d 2030-12-01 25:00", id))
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "e.g. 1.12.2026 14.30") || strings.Contains(res.Stderr, "2006") {
		t.Fatalf("bad date: exit %d %q", res.ExitCode, res.Stderr)
	}
	res = tuitest.Run(t, app.addr, fac, fmt.Sprintf("meeting schedule %d --clear", id))
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "not scheduled") {
		t.Fatalf("clear: exit %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
}
