package main

import (
	"fmt"
	"net"
	"os"
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
	time.Sleep(100 * time.Millisecond)
	_ = conn.(*net.TCPConn).SetLinger(0) // a reset, not a goodbye
	_ = conn.Close()

	// The person comes back once the dropped session has ended (the
	// server noticed the reset and kept what it had received).
	deadline := time.Now().Add(10 * time.Second)
	for app.Server.Stats().Sessions > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the dropped session did not end")
		}
		time.Sleep(10 * time.Millisecond)
	}
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
