package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

type reflectionJSON struct {
	ID         int64  `json:"id"`
	Author     string `json:"author"`
	Visibility string `json:"visibility"`
	Body       string `json:"body"`
}

// TestSilentWritingHiddenUntilReveal: three people write in a silent-writing
// item; until the facilitator reveals, no byte of anyone's text reaches
// another person's terminal; after the reveal everyone sees all three.
func TestSilentWritingHiddenUntilReveal(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting))
	ft, at, bt := f.join(t, app, f.fac), f.join(t, app, f.aino), f.join(t, app, f.bertta)
	terms := []*tuitest.Term{ft, at, bt}
	for range 6 {
		ft.Press("n")
	}
	for _, term := range terms {
		term.WaitFor("▶ 7 ")
		term.WaitFor("nobody sees the texts until the")
	}
	texts := []string{"Fasin salainen ajatus", "Ainon oma tavoite", "Bertan hiljainen kirjoitus"}
	for i, term := range terms {
		term.Press("w")
		term.WaitFor("Shown to the group with your name")
		term.Type(texts[i])
		term.Press("ctrl+s")
		term.WaitForFunc("editor closed", func(s string) bool { return !strings.Contains(s, "Your reflection:") })
	}
	// Nothing revealed yet: each terminal has received its own text (typed
	// there) and no one else's.
	for i, term := range terms {
		for j, text := range texts {
			if i != j && bytes.Contains(term.Output(), []byte(text)) {
				t.Fatalf("terminal %d received %q before the reveal", i, text)
			}
		}
	}
	ft.Press("v")
	ft.WaitFor("Reveal the silent writing to everyone? (y/n)") // the reveal asks first
	ft.Press("y")
	for _, term := range terms {
		for _, text := range texts {
			term.WaitFor(text)
		}
	}
	screen := at.Screen()
	if !strings.Contains(screen, "✎ Bertta:") || !strings.Contains(screen, "✎ Fasi:") {
		t.Fatalf("revealed writing without names:\n%s", screen)
	}
}

// TestReflectionsVisibilityAndSearch: a private reflection stays invisible to
// the facilitator; once shared it reaches a reader; search finds a Finnish
// word by its beginning; a dropped connection mid-sentence resumes.
func TestReflectionsVisibilityAndSearch(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	reader := app.join(t, session.RoleReader, "Lukija")

	res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("reflection add --meeting %d", f.meeting),
		tuitest.WithStdin("Kuuntelutaidot kehittyivät.\nOpin kysymään avoimesti.\x1b[2J"))
	if res.ExitCode != 0 {
		t.Fatalf("reflection add: %d %s", res.ExitCode, res.Stderr)
	}
	seen := func(key gossh.Signer, cmd string) []reflectionJSON {
		t.Helper()
		var out []reflectionJSON
		runJSON(t, app.addr, key, cmd, &out)
		return out
	}
	if mine := seen(f.aino, "reflections --json"); len(mine) != 1 || mine[0].Visibility != "private" || strings.Contains(mine[0].Body, "\x1b") {
		t.Fatalf("author's view: %+v", mine)
	}
	for name, key := range map[string]gossh.Signer{"facilitator": f.fac, "reader": reader, "co-member": f.bertta} {
		if rs := seen(key, "reflections --json"); len(rs) != 0 {
			t.Fatalf("%s sees a private reflection: %+v", name, rs)
		}
	}

	// The author shares it on screen: private → group → shared, confirmed.
	term := tuitest.Open(t, app.addr, f.aino)
	term.WaitFor("Hello, Aino")
	term.Press("R")
	term.WaitFor("Kuuntelutaidot kehittyivät")
	term.Press("enter")
	term.WaitFor("Opin kysymään avoimesti")
	// One stray key changes nothing: every change asks.
	term.Press("v")
	term.WaitFor("Show this reflection to the members of Piiri? (y/n)")
	term.Press("n")
	term.WaitForFunc("question gone", func(s string) bool { return !strings.Contains(s, "Show this reflection") })
	if rs := seen(f.fac, "reflections --json"); len(rs) != 0 {
		t.Fatalf("a declined change still changed it: %+v", rs)
	}
	term.Press("v")
	term.WaitFor("Show this reflection to the members of Piiri? (y/n)")
	term.Press("y")
	term.WaitFor("Visibility now: group")
	if rs := seen(f.fac, "reflections --json"); len(rs) != 1 {
		t.Fatalf("facilitator does not see the group reflection: %+v", rs)
	}
	if rs := seen(reader, "reflections --json"); len(rs) != 0 {
		t.Fatalf("reader sees a group reflection: %+v", rs)
	}
	term.Press("v")
	term.WaitFor("Release this reflection to the organisation's readers?")
	term.Press("y")
	term.WaitFor("Visibility now: shared")
	for _, q := range []string{"kuuntelu*", "KUUNTELUTAIDOT", "kysymaan", "avoim*"} {
		rs := seen(reader, "reflections --json --search "+q)
		if len(rs) != 1 || rs[0].Author != "Aino" {
			t.Fatalf("reader's search %q: %+v", q, rs)
		}
	}
	if rs := seen(reader, "reflections --json --search ohjaus"); len(rs) != 0 {
		t.Fatalf("search found what is not there: %+v", rs)
	}
	if res := tuitest.Run(t, app.addr, reader, `reflections --search "broken`); res.ExitCode == 0 && strings.Contains(res.Stderr, "internal") {
		t.Fatalf("bad search: %q", res.Stderr)
	}
	md := tuitest.Run(t, app.addr, reader, "reflections --md")
	if !strings.Contains(md.Stdout, "> Kuuntelutaidot kehittyivät.") {
		t.Fatalf("markdown export: %q", md.Stdout)
	}
	// Withdrawing is always possible, and asks too.
	term.Press("v")
	term.WaitFor("Make this reflection private?")
	term.Press("y")
	term.WaitFor("Visibility now: private")
	if rs := seen(reader, "reflections --json"); len(rs) != 0 {
		t.Fatalf("withdrawn reflection still visible: %+v", rs)
	}

	// A journal entry typed halfway, then the connection drops before the
	// draft's timer: the text is there on return.
	term.Press("esc")
	term.WaitFor("Group: all")
	term.WaitForFunc("list", func(s string) bool { return !strings.Contains(s, "change visibility") })
	term.Press("esc")
	term.WaitFor("Hello, Aino")
	term.Press("w")
	term.WaitFor("Write a reflection")
	term.Press("enter", "enter")
	term.WaitFor("0 / 20000 characters")
	term.Type("Kesken jäänyt lause")
	term.WaitFor("19 / 20000 characters")
	term.Close()
	term = tuitest.Open(t, app.addr, f.aino)
	term.WaitFor("Hello, Aino")
	term.Press("w")
	term.WaitFor("Write a reflection")
	term.Press("enter", "enter")
	term.WaitFor("Kesken jäänyt lause")
	term.Type(" loppuun.")
	term.Press("ctrl+s")
	term.WaitFor("Hello, Aino")
	if mine := seen(f.aino, "reflections --json --search loppuun"); len(mine) != 1 || mine[0].Body != "Kesken jäänyt lause loppuun." {
		t.Fatalf("resumed reflection: %+v", mine)
	}
}
