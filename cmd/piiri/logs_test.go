package main

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestLogsNameActionsNeverText: with the most verbose log level, a meeting
// with discussion, a reflection written in the room, reflections and a
// share added by command, feedback and a refused request all appear in the
// log as actions with a session id and a short key fingerprint — and no
// word anyone typed reaches the log.
func TestLogsNameActionsNeverText(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	app := startAppLogged(t, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	f := newMeetingFixture(t, app, "mepe")
	ctx := context.Background()

	// Every text below carries a marker that must never be logged.
	secrets := []string{"Kaislikko", "Sammalpolku", "Routaraja", "Kuuraparta", "Jäkäläkivi", "Tervaleppä", "Ahomansikka"}
	mustRun := func(cmd, stdin string) {
		t.Helper()
		if res := tuitest.Run(t, app.addr, f.aino, cmd, tuitest.WithStdin(stdin)); res.ExitCode != 0 {
			t.Fatalf("%s: %d %s", cmd, res.ExitCode, res.Stderr)
		}
	}
	m, err := app.DB.MeetingByID(ctx, f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	mustRun(fmt.Sprintf("reflection add --group %d --visibility private", m.GroupID), "Yksityinen "+secrets[0])
	mustRun(fmt.Sprintf("reflections --search %s", secrets[0]), "")
	// Bad input is logged as such, without the input.
	long := strings.Repeat(secrets[1]+" ", session.MaxReflectionLen/len(secrets[1]))
	if res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("reflection add --group %d", m.GroupID), tuitest.WithStdin(long)); res.ExitCode != 1 {
		t.Fatalf("too long reflection: %d %s", res.ExitCode, res.Stderr)
	}
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("share add --group %d --what %s --to readers --how export --when 1.12.2026", m.GroupID, secrets[2])); res.ExitCode != 0 {
		t.Fatalf("share add: %s", res.Stderr)
	}
	// A refusal: a member may not start the meeting.
	if res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 1 {
		t.Fatalf("member started the meeting: %s", res.Stdout)
	}

	// The live meeting: a discussion message and a reflection written in
	// the room.
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	ft, at := f.join(t, app, f.fac), f.join(t, app, f.aino)
	at.Press("enter")
	at.Type("Keskustelua " + secrets[3])
	at.Press("enter")
	ft.WaitFor(secrets[3])
	at.WaitFor("you: Keskustelua") // her own screen is past the send
	at.Press("esc")                // the message line stays open until esc
	at.WaitFor("enter say")        // the room keys again
	at.Press("w")
	at.WaitFor("Your reflection:")
	at.Type("Pohdinta " + secrets[4])
	at.WaitFor("saved")
	at.Press("ctrl+s")
	at.WaitForFunc("editor closed", func(s string) bool { return !strings.Contains(s, "Your reflection:") })

	// Feedback through the Service, whose fallback logger is the server's.
	aino := mustActor(t, app, f.aino)
	if err := app.Service.SubmitFeedback(ctx, aino, f.meeting, 4, secrets[5]); err != nil {
		t.Fatalf("feedback: %v", err)
	}
	ft.Press("e")
	ft.WaitFor("End the meeting for everyone?")
	ft.Press("y")
	at.WaitFor("The meeting has ended")
	// A name typed at joining is text too.
	key := tuitest.NewKey(t)
	if res := tuitest.Run(t, app.addr, key, "redeem "+app.invite(t, session.RoleMember)+" --name "+secrets[6]); res.ExitCode != 0 {
		t.Fatalf("redeem: %s", res.Stderr)
	}

	waitFor(t, "the meeting's end logged", func() bool { return strings.Contains(logs.String(), "action=EndMeeting") })
	out := logs.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("the log contains typed text %q", s)
		}
	}
	for _, want := range []string{
		`level=INFO msg=action session=\S+ key=\S+ person=\d+ action=AddReflection group=\d+ meeting=0 visibility=private`,
		`level=INFO msg=action session=\S+ key=\S+ person=\d+ action=AddReflection .* code=invalid`,
		`level=DEBUG msg=action session=\S+ key=\S+ person=\d+ action=Reflections`,
		`level=INFO msg=action session=\S+ key=\S+ person=\d+ action=CreateShare`,
		`level=WARN msg=action session=\S+ key=\S+ person=\d+ action=StartMeeting meeting=\d+ code=forbidden`,
		`level=INFO msg=action session=\S+ key=\S+ person=\d+ action=Act meeting=\d+ kind=say`,
		`level=INFO msg=action session=\S+ key=\S+ person=\d+ action=JoinRoom`,
		`level=DEBUG msg=action session=\S+ key=\S+ person=\d+ action=SaveDraft`,
		`level=DEBUG msg=action session=\S+ key=\S+ person=\d+ action=Act meeting=\d+ kind=writing`,
		`level=INFO msg=action action=SubmitFeedback meeting=\d+`,
		`level=INFO msg=action session=\S+ key=\S+ action=Redeem`,
		`level=INFO msg=command session=\S+ key=\S+ person=\d+ cmd=reflection exit=0`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("no log line matches %s", want)
		}
	}
	if t.Failed() {
		t.Logf("log:\n%s", out)
	}
}
