package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// prepared is a text of exactly n characters, in lines as a person writes
// them, ending in a marker that shows it arrived whole.
func prepared(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n*2; i++ {
		fmt.Fprintf(&b, "Kappale %d: ohjaamisessa opin kuuntelemaan ryhmää tarkemmin.\n", i)
	}
	r := []rune(b.String())[:n-6]
	return strings.TrimRight(string(r), "\n ") + strings.Repeat(".", n-6-len([]rune(strings.TrimRight(string(r), "\n ")))) + " LOPPU"
}

func bracketed(s string) string { return "\x1b[200~" + s + "\x1b[201~" }

func myBodies(t *testing.T, app *testApp, key gossh.Signer) []string {
	t.Helper()
	var rs []reflectionJSON
	runJSON(t, app.addr, key, "reflections --json", &rs)
	var out []string
	for _, r := range rs {
		out = append(out, r.Body)
	}
	return out
}

func hasBody(bodies []string, want string) bool {
	for _, b := range bodies {
		if b == want {
			return true
		}
	}
	return false
}

// openJournal opens the journal editor on no group, private.
func openJournal(t *testing.T, term *tuitest.Term) {
	t.Helper()
	term.Press("w")
	term.WaitFor("Write a reflection")
	term.Press("enter", "enter")
	term.WaitFor("/ 20000 characters")
}

// TestPasteIntoJournalAndRoom: a bracketed paste of 3,000 and of 20,000
// characters arrives whole in the journal and in the room's editor and is
// saved whole; a paste past the limit says how much did not fit.
func TestPasteIntoJournalAndRoom(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	for _, n := range []int{3000, session.MaxReflectionLen} {
		text := prepared(n)
		term := tuitest.Open(t, app.addr, f.aino)
		term.WaitFor("Hello, Aino")
		openJournal(t, term)
		term.Type(bracketed(text))
		term.WaitFor(fmt.Sprintf("%d / 20000 characters", n))
		term.Press("ctrl+s")
		term.WaitFor("Hello, Aino")
		if !hasBody(myBodies(t, app, f.aino), text) {
			t.Fatalf("journal: the %d-character paste was not saved whole", n)
		}
		term.Close()
	}

	tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting))
	at := f.join(t, app, f.aino)
	for _, n := range []int{3000, session.MaxReflectionLen} {
		text := prepared(n)
		at.Press("w")
		at.WaitFor("Your reflection:")
		at.Type(bracketed(text))
		at.WaitFor(fmt.Sprintf("%d / 20000 characters", n))
		at.Press("ctrl+s")
		at.WaitForFunc("editor closed", func(s string) bool { return !strings.Contains(s, "Your reflection:") })
		if !hasBody(myBodies(t, app, f.aino), text) {
			t.Fatalf("room: the %d-character paste was not saved whole", n)
		}
	}

	// The room's message line takes a paste too.
	at.Press("enter")
	at.WaitFor("esc close")
	at.Type(bracketed("Liitetty viesti keskusteluun"))
	at.WaitFor("Liitetty viesti keskusteluun")
	at.Press("enter")
	at.WaitFor("you: Liitetty viesti keskusteluun")

	// Too long: what is cut is said.
	term := tuitest.Open(t, app.addr, f.bertta)
	term.WaitFor("Hello, Bertta")
	openJournal(t, term)
	term.Type(bracketed(prepared(session.MaxReflectionLen) + strings.Repeat("x", 50)))
	term.WaitFor("50 characters of the paste left out")
	term.WaitFor("20000 / 20000 characters")
}

// TestDropKeepsTypedText: keys typed as plain keystrokes, then the TCP
// connection is cut abruptly 100 ms later (the scenario, not a wait): the
// draft holds all of them on return.
func TestDropKeepsTypedText(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	key := app.join(t, session.RoleMember, "Aino")
	conn, err := net.Dial("tcp", app.addr)
	if err != nil {
		t.Fatal(err)
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, app.addr, &gossh.ClientConfig{
		User: "piiri", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), //nolint:gosec // loopback test server
	})
	if err != nil {
		t.Fatal(err)
	}
	client := gossh.NewClient(c, chans, reqs)
	term := tuitest.OpenOn(t, client)
	term.WaitFor("Hello, Aino")
	openJournal(t, term)
	typed := strings.Repeat("Kirjoitin juuri tätä lausetta, kun yhteys katkesi. ", 8) + "VIIMEINEN"
	term.Type(typed)
	term.WaitFor("VIIMEINEN")            // the server has it all: its echo is on the screen
	_ = conn.(*net.TCPConn).SetLinger(0) // a reset, not a goodbye
	_ = conn.Close()

	// The person comes back once the dropped session has ended (the
	// server noticed the reset and kept what it had received).
	waitFor(t, "the dropped session to end", func() bool { return app.Server.Stats().Sessions == 0 })
	back := tuitest.Open(t, app.addr, key)
	back.WaitFor("Hello, Aino")
	back.Press("w")
	back.WaitFor("Write a reflection")
	back.Press("enter", "enter")
	screen := back.WaitFor("/ 20000 characters")
	var got int
	for _, line := range strings.Split(screen, "\n") {
		if i := strings.Index(line, " / 20000 characters"); i >= 0 {
			fields := strings.Fields(line[:i])
			fmt.Sscan(fields[len(fields)-1], &got)
		}
	}
	want := len([]rune(typed))
	t.Logf("typed %d characters, the draft kept %d after a drop 100 ms later", want, got)
	if got != want {
		t.Fatalf("lost %d of %d characters typed 100 ms before the drop\n%s", want-got, want, screen)
	}
}

// TestTypingRate measures the characters per second a real SSH session
// with a PTY takes as plain keystrokes (a paste without bracketed paste),
// from the first write until the screen shows the last; PIIRI_TYPING_N
// sets how many (default 2000). Run with -v to see the figure.
func TestTypingRate(t *testing.T) {
	if testing.Short() {
		t.Skip("measures")
	}
	n := 2000
	if v := os.Getenv("PIIRI_TYPING_N"); v != "" {
		fmt.Sscan(v, &n)
	}
	app := startApp(t)
	key := app.join(t, session.RoleMember, "Aino")
	term := tuitest.Open(t, app.addr, key, tuitest.WithTimeout(2*time.Minute))
	term.WaitFor("Hello, Aino")
	openJournal(t, term)
	text := strings.Repeat("abcdefghij", n/10)
	start := time.Now()
	for i := 0; i < len(text); i += 64 {
		term.Type(text[i:min(i+64, len(text))])
	}
	term.WaitFor(fmt.Sprintf("%d / 20000 characters", len(text)))
	d := time.Since(start)
	t.Logf("%d characters typed in %v: %.0f characters per second", len(text), d.Round(time.Millisecond), float64(len(text))/d.Seconds())
}

// TestEditAndDeleteOwnReflection: the author edits a group reflection on
// screen; the other member and search see the new text, the author alone
// its history. Then she deletes it (asked first): gone from the other
// member's list, from search and from the quotes shared onward.
func TestEditAndDeleteOwnReflection(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	reader := app.join(t, session.RoleReader, "Lukija")
	res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("reflection add --meeting %d --visibility group", f.meeting),
		tuitest.WithStdin("Alkuperäinen ajatus kuuntelemisesta."))
	if res.ExitCode != 0 {
		t.Fatalf("reflection add: %s", res.Stderr)
	}
	id := strings.TrimSpace(res.Stdout)
	seen := func(key gossh.Signer, cmd string) []reflectionJSON {
		t.Helper()
		var out []reflectionJSON
		runJSON(t, app.addr, key, cmd, &out)
		return out
	}
	// A quote of it, approved, shared with the readers.
	ctx := context.Background()
	m, _, err := app.Service.Meeting(ctx, mustActor(t, app, f.fac), f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	rid, _ := strconv.ParseInt(id, 10, 64)
	sh, err := app.Service.CreateShare(ctx, mustActor(t, app, f.fac), session.ShareInput{GroupID: m.GroupID, What: "Mitä opimme",
		Audience: string(session.AudienceReaders), How: string(session.HowDocument), When: "1.12.2026", Quotes: []int64{rid}})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Service.AnswerQuote(ctx, mustActor(t, app, f.aino), sh.ID, rid, true); err != nil {
		t.Fatal(err)
	}
	if out := tuitest.Run(t, app.addr, reader, "shared --json").Stdout; !strings.Contains(out, "Alkuperäinen ajatus") {
		t.Fatalf("the quote is not shared: %s", out)
	}

	term := tuitest.Open(t, app.addr, f.aino)
	term.WaitFor("Hello, Aino")
	term.Press("R")
	term.WaitFor("Alkuperäinen ajatus")
	term.Press("enter")
	term.WaitFor("e edit")
	term.Press("e")
	term.WaitFor("Edit reflection #" + id)
	term.WaitFor("visible to: the group's members")
	term.Press("end")
	term.Type(" Lisäsin jälkikäteen esimerkin.")
	term.WaitFor("Lisäsin jälkikäteen")
	term.Press("ctrl+s")
	term.WaitFor("The earlier text is kept")

	if rs := seen(f.bertta, "reflections --json"); len(rs) != 1 || rs[0].Body != "Alkuperäinen ajatus kuuntelemisesta. Lisäsin jälkikäteen esimerkin." {
		t.Fatalf("the other member does not see the edit: %+v", rs)
	}
	if rs := seen(f.bertta, "reflections --json --search esimerkin"); len(rs) != 1 {
		t.Fatalf("search does not find the edited text: %+v", rs)
	}
	if out := tuitest.Run(t, app.addr, reader, "shared --json").Stdout; !strings.Contains(out, "Lisäsin jälkikäteen") {
		t.Fatalf("the quote does not follow the edit: %s", out)
	}
	var hist []map[string]string
	runJSON(t, app.addr, f.aino, "reflection history --json "+id, &hist)
	if len(hist) != 1 || hist[0]["body"] != "Alkuperäinen ajatus kuuntelemisesta." {
		t.Fatalf("history: %+v", hist)
	}
	if res := tuitest.Run(t, app.addr, f.bertta, "reflection history "+id); res.ExitCode == 0 || strings.Contains(res.Stdout, "Alkuperäinen") {
		t.Fatalf("another member reads the history: %+v", res)
	}
	term.Press("h")
	term.WaitFor("Earlier texts of reflection #" + id)
	term.WaitFor("Alkuperäinen ajatus kuuntelemisesta.")
	term.Press("esc")

	// Delete: a stray key keeps it, y deletes it.
	term.WaitFor("d delete")
	term.Press("d")
	term.WaitFor("Delete this reflection for good?")
	term.Press("x")
	term.WaitFor("d delete")
	if rs := seen(f.bertta, "reflections --json"); len(rs) != 1 {
		t.Fatalf("a stray key deleted it: %+v", rs)
	}
	term.Press("d")
	term.WaitFor("Delete this reflection for good?")
	term.Press("y")
	term.WaitFor("Reflection deleted.")
	for _, cmd := range []string{"reflections --json", "reflections --json --search esimerkin", "reflections --json --search alkuperäinen"} {
		if rs := seen(f.bertta, cmd); len(rs) != 0 {
			t.Fatalf("%s after the deletion: %+v", cmd, rs)
		}
	}
	if out := tuitest.Run(t, app.addr, reader, "shared --json").Stdout; strings.Contains(out, "ajatus") {
		t.Fatalf("the quote outlived the deletion: %s", out)
	}
	if res := tuitest.Run(t, app.addr, f.aino, "reflection edit "+id, tuitest.WithStdin("x")); res.ExitCode == 0 {
		t.Fatalf("edited a deleted reflection")
	}
}

// TestDraftNoticeOnHome: an unfinished journal entry shows on home with
// where it is; w leads back to it; the editor on another topic says a
// draft waits elsewhere; the editor says where the text goes, to whom.
func TestDraftNoticeOnHome(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	term := tuitest.Open(t, app.addr, f.aino)
	term.WaitFor("Hello, Aino")
	if strings.Contains(term.Screen(), "unfinished draft") {
		t.Fatalf("a draft notice without a draft:\n%s", term.Screen())
	}
	term.Press("w")
	term.WaitFor("Write a reflection")
	term.Press("right") // the group Piiri
	term.WaitFor("‹ (•) Piiri ›")
	term.Press("enter", "right") // visibility: group
	term.WaitFor("‹ (•) group ›")
	term.Press("enter")
	term.WaitFor("Piiri · visible to: the group's members")
	term.Type("Keskeneräinen ajatus")
	term.WaitFor("20 / 20000 characters")
	term.Press("esc")
	term.WaitFor("You have an unfinished draft: Piiri, journal — press w")

	term.Press("w")
	term.WaitFor("‹ (•) Piiri ›") // the form starts where the draft is
	term.Press("enter", "enter")
	term.WaitFor("Keskeneräinen ajatus")
	term.WaitFor("Piiri · visible to: you only")
	term.Press("esc")
	term.WaitFor("You have an unfinished draft")

	term.Press("w")
	term.WaitFor("‹ (•) Piiri ›")
	term.Press("left")
	term.WaitFor("‹ (•) no group (personal journal) ›")
	term.Press("enter", "enter")
	term.WaitFor("You also have a draft elsewhere: Piiri, journal.")
	term.WaitFor("no group (personal journal) · visible to: you only")
}
