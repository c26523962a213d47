package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/tui/tuitest"
)

// TestRemovedMemberLeavesRoom: the facilitator removes Aino from the group
// on the group screen while she is in its live meeting. Her screen says so
// within a second and takes her home; nothing said afterwards reaches her
// terminal; the others' presence list no longer has her.
func TestRemovedMemberLeavesRoom(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	at := f.join(t, app, f.aino)
	bt := f.join(t, app, f.bertta)
	bt.WaitForFunc("Aino here", func(s string) bool { return strings.Contains(s, "Here (2)") && strings.Contains(s, "Aino") })

	// The facilitator, on the group's members tab: Fasi, Aino, Bertta.
	ft := tuitest.Open(t, app.addr, f.fac)
	ft.WaitFor("Piiri")
	ft.Press("enter")
	ft.WaitFor("Members")
	ft.Press("tab")
	ft.WaitFor("Bertta")
	ft.Press("down", "x")
	ft.WaitFor("Remove Aino from the group?")
	removed := time.Now()
	ft.Press("y")
	at.WaitFor("You have been removed from Piiri")
	if d := time.Since(removed); d > time.Second {
		t.Errorf("the removal reached Aino's screen after %v", d)
	}
	ft.WaitFor("Aino was removed from the group.")
	bt.WaitForFunc("Aino gone from the room", func(s string) bool {
		return strings.Contains(s, "Here (1)") && !strings.Contains(s, "Aino")
	})

	// Said after the removal: Bertta sees it, Aino's terminal never gets it.
	const after = "poiston-jalkeen"
	bt.Press("enter")
	bt.Type(after)
	bt.Press("enter")
	bt.WaitFor(after)
	bt.Press("esc")         // the message line stays open until esc
	bt.WaitFor("enter say") // the room keys again
	// Another change after the message, seen by Bertta, so that anything
	// still on its way to Aino would have arrived by now.
	bt.Press("h")
	bt.WaitFor("Bertta (you) ✋1")
	if bytes.Contains(at.Output(), []byte(after)) {
		t.Fatalf("a message said after the removal reached Aino's terminal")
	}
	if scr := at.Screen(); strings.Contains(scr, "● live") {
		t.Fatalf("Aino is still in the room:\n%s", scr)
	}
	// And she cannot come back in.
	res := tuitest.Run(t, app.addr, f.aino, "meetings --json")
	if res.ExitCode != 0 || strings.Contains(res.Stdout, fmt.Sprintf(`"id": %d,`, f.meeting)) {
		t.Fatalf("Aino still lists the meeting: %d %s %s", res.ExitCode, res.Stdout, res.Stderr)
	}
}
