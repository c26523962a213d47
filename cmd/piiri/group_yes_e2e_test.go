package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/tui/tuitest"
)

// groupInFinnish sets a person's language to Finnish.
func groupInFinnish(t *testing.T, app *testApp, key gossh.Signer) {
	t.Helper()
	if _, err := app.Service.SetLang(context.Background(), mustActor(t, app, key), "fi"); err != nil {
		t.Fatal(err)
	}
}

// TestGroupRemovesAMemberWithKInFinnish: on the group's members tab the
// question is asked with (k/e); y is not yes in Finnish and removes
// nobody, k removes.
func TestGroupRemovesAMemberWithKInFinnish(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	groupInFinnish(t, app, f.fac)
	ft := tuitest.Open(t, app.addr, f.fac, tuitest.WithSize(60, 18))
	ft.WaitFor("Ryhmäsi")
	ft.Press("enter")
	ft.WaitFor("Tapaamiset")
	ft.Type("2")
	ft.WaitFor("Aino")
	g := mustMeetingGroup(t, app, f.meeting)
	d, err := app.Service.Group(context.Background(), mustActor(t, app, f.fac), g)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range d.Members {
		if m.Name == "Aino" {
			break
		}
		ft.Press("down")
	}
	ft.WaitFor("› Aino")
	ft.Press("x")
	ft.WaitFor("Poistetaanko Aino ryhmästä? (k/e)")
	ft.Press("y")
	ft.WaitForFunc("the question closed", func(s string) bool { return !strings.Contains(s, "Poistetaanko") })
	if d, err := app.Service.Group(context.Background(), mustActor(t, app, f.fac), g); err != nil || len(d.Members) != 3 {
		t.Fatalf("y removed someone: %v", err)
	}
	ft.Press("x")
	ft.WaitFor("Poistetaanko Aino ryhmästä? (k/e)")
	ft.Press("k")
	ft.WaitFor("Aino poistettiin ryhmästä.")
	if d, err := app.Service.Group(context.Background(), mustActor(t, app, f.fac), g); err != nil || len(d.Members) != 2 {
		t.Fatalf("k did not remove Aino: %v", err)
	}
}

// TestAssessmentSaveAnywayTakesKInFinnish: the self-assessment's "save
// with a statement unrated?" says k and takes k in Finnish; y goes back
// to the form with nothing saved.
func TestAssessmentSaveAnywayTakesKInFinnish(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	groupInFinnish(t, app, f.aino)
	at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(60, 30), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	at.WaitFor("● käynnissä")
	at.Press("A")
	at.WaitFor("Ohjaajat näkevät vain keskiarvot")
	at.Type("4")
	at.Press("ctrl+s")
	at.WaitFor("k = tallenna")
	at.Press("y")
	at.WaitForFunc("the question closed", func(s string) bool { return !strings.Contains(s, "k = tallenna") })
	gid := mustMeetingGroup(t, app, f.meeting)
	if mine, err := app.Service.MyAssessment(context.Background(), mustActor(t, app, f.aino), gid); err != nil || mine.Before != nil {
		t.Fatalf("y saved the assessment: %v", err)
	}
	at.Press("ctrl+s")
	at.WaitFor("k = tallenna")
	at.Press("k")
	at.WaitFor("Itsearviointi tallennettu")
	mine, err := app.Service.MyAssessment(context.Background(), mustActor(t, app, f.aino), gid)
	if err != nil || mine.Before == nil || mine.Before.Scores[0] != 4 {
		t.Fatalf("k did not save the 4: %+v %v", mine, err)
	}
}
