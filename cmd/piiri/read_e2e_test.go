package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// longReflection is about n characters of numbered paragraphs that start
// with ALKU and end with LOPPU, so that a test can tell the two ends.
func longReflection(n int) string {
	var b strings.Builder
	b.WriteString("ALKU: pitkä pohdinta mentoroinnista.\n")
	for i := 1; len([]rune(b.String())) < n-25; i++ {
		fmt.Fprintf(&b, "Kappale %d: ohjaaminen etätyössä vaatii kuuntelemista, luottamusta ja aikaa.\n", i)
		if i%4 == 0 {
			b.WriteString("\n")
		}
	}
	b.WriteString("Viimeinen rivi: LOPPU.")
	return b.String()
}

var positionRE = regexp.MustCompile(`(?:rivit|lines) (\d+)–(\d+)/(\d+)`)

// position reads the reading pane's "rivit 12–31/140".
func position(t *testing.T, screen string) (from, to, total int) {
	t.Helper()
	m := positionRE.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no position on screen:\n%s", screen)
	}
	from, _ = strconv.Atoi(m[1])
	to, _ = strconv.Atoi(m[2])
	total, _ = strconv.Atoi(m[3])
	return from, to, total
}

// textRows counts the rows of a reflection's text on the reading pane:
// those between its meta line (…#ID) and the position.
func textRows(screen string) int {
	rows, in := 0, false
	for _, l := range strings.Split(screen, "\n") {
		switch {
		case positionRE.MatchString(l):
			return rows
		case in && strings.TrimSpace(l) != "":
			rows++
		case regexp.MustCompile(`· #\d+$`).MatchString(strings.TrimSpace(l)):
			in = true
		}
	}
	return rows
}

// TestReadLongReflectionToItsEnd: a 5,000-character reflection is read
// to its last line with End, back with Home, a line and a page at a time,
// at 80×24 and at 60×20 (where at least 10 rows of text show); n and p go
// to the next and previous reflection, not ↓/↑.
func TestReadLongReflectionToItsEnd(t *testing.T) {
	t.Parallel()
	app := startApp(t, func(c *Config) { c.Lang = session.LangFI })
	f := newMeetingFixture(t, app, "mentor-group")
	add := func(key gossh.Signer, body string) {
		t.Helper()
		res := tuitest.Run(t, app.addr, key, fmt.Sprintf("reflection add --meeting %d --visibility group", f.meeting), tuitest.WithStdin(body))
		if res.ExitCode != 0 {
			t.Fatalf("reflection add: %d %s", res.ExitCode, res.Stderr)
		}
	}
	add(f.bertta, "Toinen pohdinta: lyhyt.")
	long := longReflection(5000)
	if n := len([]rune(long)); n < 4900 || n > 5100 {
		t.Fatalf("the text has %d characters", n)
	}
	add(f.aino, long)

	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		term := tuitest.Open(t, app.addr, f.bertta, tuitest.WithSize(size[0], size[1]))
		term.WaitFor("Hei, Bertta")
		term.Press("R")
		term.WaitFor("ALKU")
		term.Press("enter")
		scr := term.WaitFor("rivit 1–")
		if strings.Contains(scr, "LOPPU") {
			t.Fatalf("%v: the whole text fits?\n%s", size, scr)
		}
		if n := textRows(scr); n < 10 {
			t.Errorf("%v: %d rows of text:\n%s", size, n, scr)
		}
		if _, _, total := position(t, scr); total < 60 {
			t.Errorf("%v: %d lines in all", size, total)
		}
		for _, k := range []string{"seuraava/edellinen", "vieritä", "esc takaisin"} { // the way back is never cut
			if !strings.Contains(scr, k) {
				t.Errorf("%v: the help bar lacks %q:\n%s", size, k, scr)
			}
		}

		term.Press("end")
		scr = term.WaitFor("Viimeinen rivi: LOPPU.")
		if _, to, total := position(t, scr); to != total {
			t.Fatalf("%v: at the end, lines up to %d of %d:\n%s", size, to, total, scr)
		}
		term.Press("home")
		term.WaitFor("ALKU")
		term.WaitFor("rivit 1–")
		term.Press("down")
		term.WaitFor("rivit 2–")
		term.Press("space")
		term.WaitForFunc("a page down", func(s string) bool {
			from, _, _ := positionOr(s)
			return from > 2+size[1]/2
		})
		// Paging down to the end reaches the last line too.
		for i := 0; i < 40 && !strings.Contains(term.Screen(), "LOPPU."); i++ {
			before := term.Screen()
			term.Press("pgdown")
			term.WaitForFunc("the next page", func(s string) bool { return s != before || strings.Contains(s, "LOPPU.") })
		}
		term.WaitFor("Viimeinen rivi: LOPPU.")

		// n is the next reflection (the older, short one); p comes back.
		term.Press("n")
		term.WaitFor("Toinen pohdinta: lyhyt.")
		term.Press("p")
		term.WaitFor("ALKU")
		term.WaitFor("rivit 1–")
		term.Close()
	}
}

// positionOr is position without failing: zeros when there is none.
func positionOr(screen string) (from, to, total int) {
	m := positionRE.FindStringSubmatch(screen)
	if m == nil {
		return 0, 0, 0
	}
	from, _ = strconv.Atoi(m[1])
	to, _ = strconv.Atoi(m[2])
	total, _ = strconv.Atoi(m[3])
	return from, to, total
}

// TestReaderFiltersByGroup: a reader filters by every group with shared
// reflections, on screen with g and by command with --group, and is not
// offered the visibility filter or v.
func TestReaderFiltersByGroup(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	reader := app.join(t, session.RoleReader, "Lukija")
	var other groupJSON
	runJSON(t, app.addr, f.fac, "group create --template supervisor-peer --name Toinen --json", &other)
	add := func(key gossh.Signer, target, vis, body string) {
		t.Helper()
		res := tuitest.Run(t, app.addr, key, "reflection add "+target+" --visibility "+vis, tuitest.WithStdin(body))
		if res.ExitCode != 0 {
			t.Fatalf("reflection add: %d %s", res.ExitCode, res.Stderr)
		}
	}
	add(f.aino, fmt.Sprintf("--meeting %d", f.meeting), "shared", "Piirin jaettu pohdinta")
	add(f.aino, fmt.Sprintf("--meeting %d", f.meeting), "group", "Vain ryhmälle")
	add(f.fac, fmt.Sprintf("--group %d", other.ID), "shared", "Toisen ryhmän jaettu")

	seen := func(cmd string) []reflectionJSON {
		t.Helper()
		var out []reflectionJSON
		runJSON(t, app.addr, reader, cmd, &out)
		return out
	}
	if rs := seen("reflections --json --group Toinen"); len(rs) != 1 || rs[0].Body != "Toisen ryhmän jaettu" {
		t.Fatalf("--group Toinen: %+v", rs)
	}
	if rs := seen("reflections --json --group piiri"); len(rs) != 1 || rs[0].Body != "Piirin jaettu pohdinta" {
		t.Fatalf("--group piiri: %+v", rs)
	}
	if res := tuitest.Run(t, app.addr, reader, "reflections --group Kolmas"); res.ExitCode != 1 || !strings.Contains(res.Stderr, "No such") {
		t.Fatalf("--group of no group: %d %q", res.ExitCode, res.Stderr)
	}
	// A member of Piiri only is still refused the other group.
	if res := tuitest.Run(t, app.addr, f.bertta, "reflections --group Toinen"); res.ExitCode != 1 {
		t.Fatalf("a member filtered by another group: %d %q", res.ExitCode, res.Stdout)
	}

	term := tuitest.Open(t, app.addr, reader, tuitest.WithSize(60, 20))
	term.WaitFor("Hello, Lukija")
	term.Press("R")
	scr := term.WaitFor("Toisen ryhmän jaettu")
	if strings.Contains(scr, "Visibility") || strings.Contains(scr, "v visibility") || strings.Contains(scr, "Vain ryhmälle") {
		t.Fatalf("a reader offered the visibility filter, or shown a group text:\n%s", scr)
	}
	if !strings.Contains(scr, "Piirin jaettu pohdinta") || !strings.Contains(scr, "1/2") {
		t.Fatalf("reader's list:\n%s", scr)
	}
	term.Press("v") // does nothing for a reader
	term.Press("g")
	scr = term.WaitFor("Group: Piiri")
	term.WaitForFunc("only Piiri's", func(s string) bool {
		return strings.Contains(s, "Piirin jaettu") && !strings.Contains(s, "Toisen ryhmän") && strings.Contains(s, "1/1")
	})
	if strings.Contains(scr, "Visibility") {
		t.Fatalf("v changed a reader's filters:\n%s", scr)
	}
	term.Press("g")
	term.WaitFor("Group: Toinen")
	term.WaitForFunc("only Toinen's", func(s string) bool {
		return strings.Contains(s, "Toisen ryhmän jaettu") && !strings.Contains(s, "Piirin jaettu")
	})
	term.Press("enter")
	scr = term.WaitFor("lines 1–1/1")
	if strings.Contains(scr, "visibility") {
		t.Fatalf("a reader offered v on another's text:\n%s", scr)
	}
	term.Press("esc")
	term.WaitFor("Group: Toinen")
	term.Press("g")
	term.WaitFor("Group: all")
	term.WaitFor("1/2")
}

// TestBrowserCounterAndSnippet: the list counts ("1/50+", to the end with
// End: "61/61"), and a search shows the matching part of a long text
// with the search word highlighted.
func TestBrowserCounterAndSnippet(t *testing.T) {
	t.Parallel()
	app := startApp(t, func(c *Config) { c.Lang = session.LangFI })
	f := newMeetingFixture(t, app, "mentor-group")
	reader := app.join(t, session.RoleReader, "Lukija")
	aino := mustActor(t, app, f.aino)
	ctx := context.Background()
	long := "ALKU " + strings.Repeat("Tapaamisessa puhuttiin monesta asiasta. ", 12) +
		"Tänään harjoittelimme kuuntelutaitoja pareittain ja se auttoi. " + strings.Repeat("Loppuosa jatkuu vielä. ", 10)
	if _, err := app.Service.AddReflection(ctx, aino, session.ReflectionInput{MeetingID: f.meeting, Body: long, Visibility: session.VisShared}); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		in := session.ReflectionInput{MeetingID: f.meeting, Body: fmt.Sprintf("Lyhyt pohdinta %d", i+1), Visibility: session.VisShared}
		if _, err := app.Service.AddReflection(ctx, aino, in); err != nil {
			t.Fatal(err)
		}
	}
	term := tuitest.Open(t, app.addr, reader)
	term.WaitFor("Hei, Lukija")
	term.Press("R")
	term.WaitFor("Pohdinnat · 1/50+")
	term.Press("down")
	term.WaitFor("Pohdinnat · 2/50+")
	term.Press("end")
	scr := term.WaitFor("Pohdinnat · 61/61")
	if !strings.Contains(scr, "ALKU") {
		t.Fatalf("the last (oldest) is not in view:\n%s", scr)
	}
	term.Press("home")
	term.WaitFor("Pohdinnat · 1/61")

	term.Press("/")
	term.Type("kuuntelu*")
	term.Press("enter")
	scr = term.WaitFor("Pohdinnat · 1/1")
	if !strings.Contains(scr, "harjoittelimme kuuntelutaitoja pareittain") || strings.Contains(scr, "ALKU") {
		t.Fatalf("the snippet is not the matching part:\n%s", scr)
	}
	if u := term.Underlined(); !strings.Contains(u, "kuuntelutaitoja") || strings.Contains(u, "harjoittelimme") {
		t.Fatalf("highlighted: %q\n%s", u, scr)
	}
}

// TestMeetingSummaryRendered: an ended meeting's summary on screen is
// rendered Markdown (headings without #, a table without pipes), in
// Finnish and English; export meeting stays Markdown.
func TestMeetingSummaryRendered(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	for _, cmd := range []string{"meeting start %d", "meeting end %d"} {
		if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf(cmd, f.meeting)); res.ExitCode != 0 {
			t.Fatalf("%s: %s", cmd, res.Stderr)
		}
	}
	md := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("export meeting %d", f.meeting)).Stdout
	if !strings.Contains(md, "## Agenda") || !strings.Contains(md, "|---|") {
		t.Fatalf("export is not Markdown:\n%s", md)
	}
	for _, c := range []struct {
		lang, hello, meetings, agenda, attendance string
	}{
		{"en_US.UTF-8", "Hello, Aino", "Meetings", "Agenda", "Attendance"},
		{"fi_FI.UTF-8", "Hei, Aino", "Tapaamiset", "Asialista", "Läsnä"},
	} {
		// The person's language follows the client here: unset it first.
		term := tuitest.Open(t, app.addr, f.aino, tuitest.WithEnv("LANG", c.lang))
		term.WaitFor("Aino")
		if !strings.Contains(term.Screen(), c.hello) {
			term.Press("l") // the other language
			term.WaitFor(c.hello)
		}
		term.Press("enter")
		term.WaitFor(c.meetings)
		term.Press("enter")
		term.WaitForFunc("the meeting page", func(s string) bool { return strings.Contains(s, "v ") })
		term.Press("v")
		scr := term.WaitFor(c.attendance)
		if regexp.MustCompile(`(?m)^\s*#+ \pL`).MatchString(scr) || strings.Contains(scr, "|---") || strings.Contains(scr, "| # |") {
			t.Fatalf("%s: raw Markdown on screen:\n%s", c.lang, scr)
		}
		if !strings.Contains(scr, "│") && !strings.Contains(scr, "─") {
			t.Fatalf("%s: no table drawn:\n%s", c.lang, scr)
		}
		term.Press("end")
		term.WaitForFunc("the end", func(s string) bool {
			_, to, total := positionOr(s)
			return total > 0 && to == total
		})
		term.Press("home")
		term.WaitFor(c.agenda)
		term.Close()
	}
}

// TestRevealedWritingReadsWhole: a long silent-writing text, once
// revealed, is read from its first line to its last in the room with
// home/end and pgup/pgdn.
func TestRevealedWritingReadsWhole(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting))
	ft, bt := f.join(t, app, f.fac), f.join(t, app, f.bertta)
	for range 6 {
		ft.Press("n")
	}
	bt.WaitFor("▶ 7 ")
	items, err := app.DB.Agenda(context.Background(), f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	long := longReflection(2000)
	if _, err := app.Service.AddReflection(context.Background(), mustActor(t, app, f.aino), session.ReflectionInput{
		MeetingID: f.meeting, ItemID: items[6].ID, Body: long, Reveal: true}); err != nil {
		t.Fatal(err)
	}
	ft.Press("v")
	ft.WaitFor("(y/n)")
	ft.Press("y")
	bt.WaitFor("Viimeinen rivi: LOPPU.")
	bt.WaitFor("↑ more above")
	bt.Press("home")
	bt.WaitFor("✎ Aino:")
	bt.WaitFor("ALKU")
	for i := 0; i < 60 && !strings.Contains(bt.Screen(), "LOPPU."); i++ {
		before := bt.Screen()
		bt.Press("pgdown")
		bt.WaitForFunc("the text moves on", func(s string) bool { return s != before || strings.Contains(s, "LOPPU.") })
	}
	bt.WaitFor("Viimeinen rivi: LOPPU.")
	bt.Press("home")
	bt.WaitFor("ALKU")
	bt.Press("end")
	bt.WaitForFunc("back at the newest", func(s string) bool { return !strings.Contains(s, "ALKU") })
}
