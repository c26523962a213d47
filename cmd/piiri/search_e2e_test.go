package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestSearchFindsOtherForms: over the real server, a group text with
// "ohjaamisessa" is found by its base form "ohjaaminen", by the command and
// in the browser on a phone-sized screen; a search that finds nothing says
// what to try, on stderr for the command, in the person's language.
func TestSearchFindsOtherForms(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	text := "Kärsivällisyys auttaa ohjaamisessa."
	res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("reflection add --meeting %d --visibility group", f.meeting),
		tuitest.WithStdin(text))
	if res.ExitCode != 0 {
		t.Fatalf("reflection add: %d %s", res.ExitCode, res.Stderr)
	}
	var found []reflectionJSON
	runJSON(t, app.addr, f.bertta, "reflections --json --search ohjaaminen", &found)
	if len(found) != 1 || found[0].Body != text {
		t.Fatalf("ohjaaminen finds %+v", found)
	}
	if res := tuitest.Run(t, app.addr, f.bertta, "reflections --search ohjaaminen"); res.ExitCode != 0 || !strings.Contains(res.Stdout, text) || res.Stderr != "" {
		t.Fatalf("plain search: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}

	// Nothing found: stdout stays empty (or [] with --json), the hint goes to stderr.
	res = tuitest.Run(t, app.addr, f.bertta, "reflections --search kvanttifysiikka")
	if res.ExitCode != 0 || res.Stdout != "" || !strings.Contains(res.Stderr, "No matches. Try a shorter word, or * at the end of a word.") {
		t.Fatalf("no match: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	res = tuitest.Run(t, app.addr, f.bertta, "reflections --json --search kvanttifysiikka")
	if strings.TrimSpace(res.Stdout) != "[]" || !strings.Contains(res.Stderr, "No matches.") {
		t.Fatalf("no match --json: %q %q", res.Stdout, res.Stderr)
	}
	reader := tuitest.NewKey(t)
	if res := tuitest.Run(t, app.addr, reader, "redeem "+app.invite(t, session.RoleReader)+" --name Lukija --lang fi"); res.ExitCode != 0 {
		t.Fatalf("redeem: %s", res.Stderr)
	}
	res = tuitest.Run(t, app.addr, reader, "reflections --search ohjaaminen") // a group text: not a reader's
	if res.Stdout != "" || !strings.Contains(res.Stderr, "Ei osumia. Kokeile lyhyempää sanaa tai *-merkkiä sanan lopussa.") {
		t.Fatalf("Finnish reader: %q %q", res.Stdout, res.Stderr)
	}

	// The browser, 60 columns wide.
	term := tuitest.Open(t, app.addr, f.bertta, tuitest.WithSize(60, 18))
	term.WaitFor("Hello, Bertta")
	term.Press("R")
	term.WaitFor("Kärsivällisyys autt")
	term.Press("/")
	term.Type("kvanttifysiikka")
	term.Press("enter")
	term.WaitFor("No matches. Try a shorter word, or * at")
	term.WaitFor("the end of a word.")
	term.Press("/")
	term.Press("ctrl+u")
	term.Type("ohjaaminen")
	term.Press("enter")
	term.WaitFor("search: ohjaaminen")
	term.WaitFor("auttaa ohjaamisessa.") // the snippet of the match
}
