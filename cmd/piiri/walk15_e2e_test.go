package main

import (
	"context"
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestTaskAnswerSurvivesADroppedConnection: an answer to an interim task
// being typed when the connection drops is there when the person opens
// the task again, and is gone once the answer is saved.
func TestTaskAnswerSurvivesADroppedConnection(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	ctx := context.Background()
	task, err := app.Service.CreateTask(ctx, mustActor(t, app, f.fac), session.Task{GroupID: f.group, Title: "Kuuntele kollegaa"})
	if err != nil {
		t.Fatal(err)
	}
	open := func() *tuitest.Term {
		at := tuitest.Open(t, app.addr, f.aino)
		at.WaitFor("Your groups")
		at.Press("enter")
		at.WaitFor("[1 Meetings]")
		at.Press("4")
		at.WaitFor("Kuuntele kollegaa")
		at.Press("enter")
		at.WaitFor("Mark done: Kuuntele kollegaa")
		return at
	}
	at := open()
	at.Type("Kuuntelin kolmea kollegaa ja")
	at.WaitFor("Kuuntelin kolmea kollegaa ja")
	at.Close() // the connection drops while the answer is half written
	aino, key := mustActor(t, app, f.aino), session.TaskDraftKey(task.ID)
	waitFor(t, "the session ended and kept the answer", func() bool {
		d, _ := app.Service.Draft(ctx, aino, key)
		return d == "Kuuntelin kolmea kollegaa ja"
	})

	at = open()
	at.WaitFor("Kuuntelin kolmea kollegaa ja")
	at.Type(" opin paljon.")
	at.Press("ctrl+s")
	at.WaitFor("Task marked done")
	if d, err := app.Service.Draft(ctx, aino, key); err != nil || d != "" {
		t.Fatalf("the draft is left after the answer was saved: %q %v", d, err)
	}
	_, rs, err := app.Service.TaskResponses(ctx, mustActor(t, app, f.fac), task.ID)
	if err != nil || len(rs) != 1 || rs[0].Response != "Kuuntelin kolmea kollegaa ja opin paljon." {
		t.Fatalf("the answer: %+v %v", rs, err)
	}
}
