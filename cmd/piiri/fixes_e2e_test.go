package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestReflectionsSearchPrintsSnippets: a plain `reflections --search`
// prints a line around the match, not a 3,000-character body; --json
// keeps the whole text.
func TestReflectionsSearchPrintsSnippets(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	var groups []groupJSON
	runJSON(t, app.addr, f.fac, "groups --json", &groups)
	body := "Alussa " + strings.Repeat("puhuimme monesta asiasta pitkään ja rauhassa, ", 60) +
		"Lopuksi harjoittelimme kuuntelutaitoja yhdessä. " + strings.Repeat("Sitten kotiin. ", 20)
	add := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("reflection add --group %d --visibility group", groups[0].ID), tuitest.WithStdin(body))
	if add.ExitCode != 0 {
		t.Fatalf("reflection add: %s", add.Stderr)
	}
	res := tuitest.Run(t, app.addr, f.aino, "reflections --search kuuntelutaitoja")
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "harjoittelimme kuuntelutaitoja yhdessä") {
		t.Fatalf("search: exit %d, stdout %q, stderr %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	if line := strings.TrimSpace(res.Stdout); strings.Contains(line, "\n") || utf8.RuneCountInString(line) > 160 ||
		strings.Contains(line, "Alussa") || !strings.Contains(line, "…") {
		t.Errorf("search printed more than a snippet of the match: %q", line)
	}
	// Without a search, the text's beginning, also bounded.
	res = tuitest.Run(t, app.addr, f.aino, "reflections")
	if line := strings.TrimSpace(res.Stdout); !strings.Contains(line, "Alussa puhuimme") || utf8.RuneCountInString(line) > 160 {
		t.Errorf("list printed more than a line: %q", line)
	}
	// A leader picking quotes sees the text's beginning on its line, and
	// its sentences below it.
	cands := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("share candidates %d", groups[0].ID)).Stdout
	if head, _, _ := strings.Cut(cands, "\n"); !strings.Contains(head, "Alussa puhuimme") || utf8.RuneCountInString(head) > 160 ||
		!strings.Contains(cands, "Lopuksi harjoittelimme kuuntelutaitoja yhdessä.") {
		t.Errorf("share candidates: %q", cands)
	}
	var out []struct{ Body string }
	runJSON(t, app.addr, f.aino, "reflections --json --search kuuntelutaitoja", &out)
	if len(out) != 1 || strings.TrimSpace(out[0].Body) != strings.TrimSpace(body) {
		t.Errorf("--json did not keep the whole body: %d results", len(out))
	}
}

// TestLeaderTaskTabUpdatesLive: the facilitator's Tasks tab (Finnish,
// 100×30) counts a member's task as done as soon as the member marks it in
// their own session, without a reload.
func TestLeaderTaskTabUpdatesLive(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mepe")
	ctx := context.Background()
	m, err := app.DB.MeetingByID(ctx, f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Service.CreateTask(ctx, mustActor(t, app, f.fac), session.Task{GroupID: m.GroupID, Title: "Kuuntele kollegaa"}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Service.SetLang(ctx, mustActor(t, app, f.fac), "fi"); err != nil {
		t.Fatal(err)
	}
	ft := tuitest.Open(t, app.addr, f.fac, tuitest.WithSize(100, 30))
	ft.WaitFor("Ryhmäsi")
	ft.Press("enter")
	ft.WaitFor("[1 Tapaamiset]")
	ft.Press("4")
	ft.WaitFor("• Kuuntele kollegaa · 0/2 tehnyt")

	at := tuitest.Open(t, app.addr, f.aino)
	at.WaitFor("Your groups")
	at.Press("enter")
	at.WaitFor("[1 Meetings]")
	at.Press("4")
	at.WaitFor("Kuuntele kollegaa")
	at.Press("enter")
	at.WaitFor("Mark done: Kuuntele kollegaa")
	at.Type("Kuuntelin kolmea kollegaa.")
	at.Press("ctrl+s")
	at.WaitFor("Task marked done")

	// No key pressed on the leader's side: the wake reloads the tab.
	ft.WaitFor("• Kuuntele kollegaa · 1/2 tehnyt")
}
