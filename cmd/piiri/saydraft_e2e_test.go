package main

import (
	"fmt"
	"testing"

	"github.com/piiri/piiri/tui/tuitest"
)

// TestMessageLineSurvivesADrop: a participant typing a message when the
// connection drops finds it in the message line when they are back in
// the room, ready to send; the facilitator never saw it.
func TestMessageLineSurvivesADrop(t *testing.T) {
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
	at.Press("enter")
	at.Type("Tämä on keskeneräinen viesti")
	at.WaitFor("keskeneräinen viesti")

	at.Close() // the phone loses its network mid-sentence
	ft.WaitFor("Here (1)")
	waitFor(t, "Aino's session gone", func() bool { return app.Server.Stats().Sessions == 1 })
	at = tuitest.Open(t, app.addr, f.aino)
	at.WaitFor("Here (2)")
	at.WaitFor("› Tämä on keskeneräinen viesti")
	at.Press("enter")
	ft.WaitFor("Tämä on keskeneräinen viesti")

}
