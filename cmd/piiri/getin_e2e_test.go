package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestGuideHasServerDetails: `guide` prints the participant guide with
// this server's real connect command and host key, in both languages, to
// anyone, joined or not.
func TestGuideHasServerDetails(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	fingerprint := gossh.FingerprintSHA256(app.Server.HostKey())
	member := app.join(t, session.RoleMember, "Aino")
	for _, c := range []struct {
		key        gossh.Signer
		cmd, title string
	}{
		{tuitest.NewKey(t), "guide", "a guide for participants"},
		{tuitest.NewKey(t), "guide --lang fi", "opas osallistujalle"},
		{member, "guide --lang en", "a guide for participants"},
		{member, "guide --lang fi", "opas osallistujalle"},
	} {
		res := tuitest.Run(t, app.addr, c.key, c.cmd)
		if res.ExitCode != 0 {
			t.Fatalf("%s: exit %d: %s", c.cmd, res.ExitCode, res.Stderr)
		}
		for _, want := range []string{c.title, app.Connect, fingerprint, "ssh-keygen -t ed25519", app.Connect + " redeem "} {
			if !strings.Contains(res.Stdout, want) {
				t.Errorf("%s lacks %q", c.cmd, want)
			}
		}
		if strings.Contains(res.Stdout, "{{") || strings.Contains(res.Stdout, "<!--") {
			t.Errorf("%s leaves a placeholder or a note for the source's readers", c.cmd)
		}
	}
	if res := tuitest.Run(t, app.addr, member, "guide --lang sv"); res.ExitCode != 1 || res.Stdout != "" {
		t.Fatalf("guide --lang sv: exit %d, stdout %q", res.ExitCode, res.Stdout)
	}
}

// TestInviteCreateMessage: `invite create` still prints the code alone on
// stdout; the message for the person invited goes to stderr, or to stdout
// with --message, in the language --lang asks for.
func TestInviteCreateMessage(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	fingerprint := gossh.FingerprintSHA256(app.Server.HostKey())
	var g groupJSON
	var gs []groupJSON
	runJSON(t, app.addr, f.fac, "groups --json", &gs)
	g = gs[0]

	res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("invite create --group %d --role mentor", g.ID))
	code := strings.TrimSpace(res.Stdout)
	if res.ExitCode != 0 || !codePattern.MatchString(code) || len(code) != len("ABCD-EFGH-JKMN") {
		t.Fatalf("stdout is not the code alone: exit %d %q", res.ExitCode, res.Stdout)
	}
	for _, want := range []string{"You are invited to the group Piiri", "ssh-keygen -t ed25519", app.Connect, fingerprint, code, "guide --lang en"} {
		if !strings.Contains(res.Stderr, want) {
			t.Errorf("stderr message lacks %q:\n%s", want, res.Stderr)
		}
	}

	res = tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("invite create --group %d --role mentor --message --lang fi", g.ID))
	fiCode := codePattern.FindString(res.Stdout)
	if res.ExitCode != 0 || fiCode == "" || res.Stderr != "" {
		t.Fatalf("--message: exit %d\nstdout %q\nstderr %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	// The expiry reads as piiri writes times, its zone named.
	if !regexpMatch(`\(voimassa \d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2} \(UTC[^)]*\) asti\)`, res.Stdout) {
		t.Errorf("Finnish expiry not written the Finnish way with its zone:\n%s", res.Stdout)
	}
	for _, want := range []string{"Sinut on kutsuttu piiriin ryhmään Piiri", "Luo se", app.Connect, fingerprint, "guide --lang fi"} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("Finnish message lacks %q:\n%s", want, res.Stdout)
		}
	}
	// The code in the message works.
	if r := tuitest.Run(t, app.addr, tuitest.NewKey(t), "redeem "+fiCode+" --name Cecilia"); r.ExitCode != 0 {
		t.Fatalf("redeem the message's code: %s", r.Stderr)
	}
	// A bad language is refused before any invite is made.
	if r := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("invite create --group %d --role mentor --lang sv", g.ID)); r.ExitCode != 1 || r.Stdout != "" {
		t.Fatalf("--lang sv: exit %d %q", r.ExitCode, r.Stdout)
	}
}

// TestHomeShowsMeetingStartLive: a member sits on the home screen and a
// colleague on the group page; the facilitator starts the meeting by
// command; both screens show it within a second without a key, and j
// enters the room. Ending it clears the banner the same way.
func TestHomeShowsMeetingStartLive(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	at := tuitest.Open(t, app.addr, f.aino)
	at.WaitFor("Hello, Aino")
	bt := tuitest.Open(t, app.addr, f.bertta)
	bt.WaitFor("Hello, Bertta")
	bt.WaitFor("› ") // the groups have loaded
	bt.Press("enter")
	bt.WaitFor("[1 Meetings]")
	if strings.Contains(at.Screen(), "Live now") {
		t.Fatal("live before the start")
	}

	start := time.Now()
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("meeting start: %s", res.Stderr)
	}
	started := time.Now()
	at.WaitFor("Live now: Piiri")
	bt.WaitFor("[live]")
	if d := time.Since(started); d > time.Second {
		t.Errorf("the live banner took %v after the start (the command itself %v)", d, started.Sub(start))
	}
	at.Press("j")
	at.WaitFor("Here (1)")

	// Bertta's meeting page follows the end too.
	bt.Press("enter")
	bt.WaitFor("join the meeting")
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting end %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("meeting end: %s", res.Stderr)
	}
	ended := time.Now()
	bt.WaitFor("summary")
	if d := time.Since(ended); d > time.Second {
		t.Errorf("the meeting page took %v to show the end", d)
	}
}

// TestReconnectLandsInRoom: a connection that drops in a live room comes
// back to the room with a plain ssh; leaving the room with esc does not.
func TestReconnectLandsInRoom(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("meeting start: %s", res.Stderr)
	}
	ft := f.join(t, app, f.fac)
	at := tuitest.Open(t, app.addr, f.aino)
	at.WaitFor("Live now")
	at.Press("j")
	at.WaitFor("Here (2)")
	ft.WaitFor("Here (2)")

	// The client goes away without a word, as a phone losing its network.
	at.Close()
	ft.WaitFor("Here (1)")
	waitFor(t, "Aino's session gone", func() bool { return app.Service.Hub().Stats().Subscriptions == 1 })
	at = tuitest.Open(t, app.addr, f.aino)
	at.WaitFor("Here (2)")
	ft.WaitFor("Here (2)")

	// Leaving by choice and connecting again: home.
	at.Press("esc")
	at.WaitFor("Hello, Aino")
	ft.WaitFor("Here (1)")
	at.Close()
	waitFor(t, "Aino's session gone", func() bool { return app.Server.Stats().Sessions == 1 })
	at = tuitest.Open(t, app.addr, f.aino)
	screen := at.WaitFor("Hello, Aino")
	if !strings.Contains(screen, "Live now") {
		t.Fatalf("home lacks the live banner:\n%s", screen)
	}
}
