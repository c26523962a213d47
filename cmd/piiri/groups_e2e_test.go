package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

type groupJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Template string `json:"template"`
	Role     string `json:"role"`
	NeedsAck bool   `json:"needs_ack"`
}

type meetingJSON struct {
	ID       int64   `json:"id"`
	Number   int     `json:"number"`
	Title    string  `json:"title"`
	StartsAt *string `json:"starts_at"`
	State    string  `json:"state"`
}

type agendaJSON struct {
	Items []struct {
		Title   string `json:"title"`
		Kind    string `json:"kind"`
		Minutes int    `json:"minutes"`
		Prompt  string `json:"prompt"`
	} `json:"items"`
}

// TestCreateInviteJoinAcknowledge is the story: a facilitator
// creates a Mepe! group in the TUI, edits meeting 2's agenda and invites
// two people; they join and acknowledge the agreement and see the five
// meetings.
func TestCreateInviteJoinAcknowledge(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	fac := app.join(t, session.RoleFacilitator, "Fasi")
	ft := tuitest.Open(t, app.addr, fac, tuitest.WithSize(100, 30))
	ft.WaitFor("Press n to create")
	ft.Press("n")
	ft.WaitFor("New group")
	ft.WaitFor("Mepe! mentor induction")
	ft.Press("tab")
	ft.Type("Spring mentors")
	ft.Press("enter")
	screen := ft.WaitFor("5. Wrap-up")
	for _, want := range []string{"[1 Meetings]", "1. Orientation", "2. Dialogue skills", "not scheduled"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("group screen lacks %q:\n%s", want, screen)
		}
	}

	// Meeting 2's agenda: add an item, move it up, schedule the meeting.
	ft.Press("down", "enter")
	ft.WaitFor("Agenda: 90 of 90 min")
	// Select the 6th item: the new one goes right after it.
	ft.Press("down", "down", "down", "down", "down")
	ft.WaitFor("›  6. Silent writing")
	ft.Press("a")
	ft.WaitFor("New agenda item")
	ft.Type("Role play")
	ft.Press("tab", "left", "tab", "backspace", "backspace")
	ft.Type("0")
	ft.Press("ctrl+s")
	ft.WaitFor("The time must be a whole number of minutes from 1 to 480")
	ft.Press("backspace")
	ft.Type("15")
	ft.Press("tab", "tab")
	ft.Type("Try the roles.")
	ft.Press("ctrl+s")
	ft.WaitFor("Agenda: 105 of 90 min")
	ft.WaitFor("15 min over the planned length")
	ft.WaitFor("›  7. Role play")
	ft.Press("K")
	ft.WaitFor("›  6. Role play")
	ft.Press("J")
	ft.WaitFor("›  7. Role play")
	ft.Press("s")
	ft.WaitFor("Meeting details")
	ft.Press("tab", "tab")
	ft.Type("2030-01-15 17:00")
	ft.Press("tab", "backspace", "backspace")
	ft.Type("105")
	ft.Press("ctrl+s") // the call link comes after the length
	ft.WaitFor("Agenda: 105 of 105 min")

	groups := []groupJSON{}
	runJSON(t, app.addr, fac, "groups --json", &groups)
	if len(groups) != 1 || groups[0].Template != "mepe" || groups[0].Role != "facilitator" {
		t.Fatalf("groups = %+v", groups)
	}
	var meetings []meetingJSON
	runJSON(t, app.addr, fac, fmt.Sprintf("meetings --group %d --json", groups[0].ID), &meetings)
	if len(meetings) != 5 || meetings[1].StartsAt == nil || !strings.HasPrefix(*meetings[1].StartsAt, "2030-01-15T17:00") {
		t.Fatalf("meetings = %+v", meetings)
	}
	var agenda agendaJSON
	runJSON(t, app.addr, fac, fmt.Sprintf("agenda %d --json", meetings[1].ID), &agenda)
	if n := len(agenda.Items); n != 8 || agenda.Items[6].Title != "Role play" || agenda.Items[6].Minutes != 15 ||
		agenda.Items[6].Kind != "talk" || agenda.Items[6].Prompt != "Try the roles." {
		t.Fatalf("agenda = %+v", agenda.Items)
	}

	// Invite two people from the members tab.
	ft.Press("esc")
	ft.WaitFor("[1 Meetings]")
	ft.Press("2")
	ft.WaitFor("[2 Members]")
	ft.Press("i")
	ft.WaitFor("Invite someone to the group")
	ft.Press("tab")
	ft.Press("backspace")
	ft.Type("2")
	ft.Press("enter", "enter")
	screen = ft.WaitFor("Invite code")
	code := codePattern.FindString(screen)
	if code == "" || !strings.Contains(screen, "mentor, 2 uses") {
		t.Fatalf("no invite code on screen:\n%s", screen)
	}
	// The message to send has all a newcomer needs, and switches language.
	fingerprint := gossh.FingerprintSHA256(app.Server.HostKey())
	for _, want := range []string{"ssh-keygen -t ed25519", app.Connect, fingerprint, "You are invited to the group Spring mentors"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("the invite message lacks %q:\n%s", want, screen)
		}
	}
	ft.Press("l")
	screen = ft.WaitFor("Sinut on kutsuttu piiriin ryhmään Spring mentors")
	if !strings.Contains(screen, "Message language: suomi") || !strings.Contains(screen, code) || !strings.Contains(screen, "guide --lang fi") {
		t.Fatalf("the Finnish message:\n%s", screen)
	}
	ft.Press("esc")
	ft.WaitFor("[2 Members]")

	// One joins on screen, with a Finnish terminal.
	aino := tuitest.NewKey(t)
	at := tuitest.Open(t, app.addr, aino, tuitest.WithEnv("LANG", "fi_FI.UTF-8"))
	at.WaitFor("Tervetuloa piiriin")
	at.Type(code)
	at.Press("tab")
	at.Type("Aino")
	at.Press("tab", "enter")
	at.WaitFor("Spring mentors")
	at.WaitFor("lue ja hyväksy sopimus")
	at.Press("enter")
	at.WaitFor("Lue ryhmän sopimus")
	at.Press("1") // other tabs stay closed until the agreement is acknowledged
	at.WaitFor("[3 Sopimus]")
	at.Press("a")
	at.WaitFor("Sopimus hyväksytty")
	at.Press("1")
	screen = at.WaitFor("[1 Tapaamiset]")
	if !strings.Contains(screen, "5. Wrap-up") {
		t.Fatalf("member does not see the five meetings:\n%s", screen)
	}

	// The other joins with the command.
	bertta := tuitest.NewKey(t)
	if res := tuitest.Run(t, app.addr, bertta, "redeem "+code+" --name Bertta"); res.ExitCode != 0 {
		t.Fatalf("redeem: %s", res.Stderr)
	}
	runJSON(t, app.addr, bertta, "groups --json", &groups)
	if len(groups) != 1 || !groups[0].NeedsAck || groups[0].Role != "mentor" {
		t.Fatalf("bertta's groups = %+v", groups)
	}
	// The agreement first: until then no meetings (issue 12).
	runJSON(t, app.addr, bertta, "meetings --json", &meetings)
	if len(meetings) != 0 {
		t.Fatalf("bertta sees %d meetings before the agreement", len(meetings))
	}

	// The facilitator sees who has acknowledged.
	ft.Press("1", "2")
	screen = ft.WaitFor("Bertta")
	if !regexpMatch(`Aino\s+mentor\s+✓ agreement acknowledged`, screen) || !regexpMatch(`Bertta\s+mentor\s+… not acknowledged yet`, screen) {
		t.Fatalf("facilitator's member list:\n%s", screen)
	}
	// A third person cannot use the spent invite.
	res := tuitest.Run(t, app.addr, tuitest.NewKey(t), "redeem "+code+" --name Kolmas")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "already been used") {
		t.Fatalf("third redeem: %d %s", res.ExitCode, res.Stderr)
	}
	// Bertta accepts the agreement: now the meetings are hers to see.
	if res := tuitest.Run(t, app.addr, bertta, fmt.Sprintf("agreement %d --ack", groups[0].ID)); res.ExitCode != 0 {
		t.Fatalf("agreement --ack: %s", res.Stderr)
	}
	runJSON(t, app.addr, bertta, "meetings --json", &meetings)
	if len(meetings) != 5 {
		t.Fatalf("bertta sees %d meetings after the agreement", len(meetings))
	}
}

// TestCrossGroupAccess: a member of group A can neither see nor change
// group B, through any command or on screen.
func TestCrossGroupAccess(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	ctx := context.Background()
	fa := app.join(t, session.RoleFacilitator, "FasiA")
	fb := app.join(t, session.RoleFacilitator, "FasiB")
	var ga, gb groupJSON
	runJSON(t, app.addr, fa, "group create --template mentor-group --name Ryhmä A --json", &ga)
	runJSON(t, app.addr, fb, "group create --template supervisor-peer --name Salainen B --json", &gb)
	if ga.Name != "Ryhmä A" || gb.ID == 0 {
		t.Fatalf("created %+v %+v", ga, gb)
	}
	codeRes := tuitest.Run(t, app.addr, fa, fmt.Sprintf("invite create --group %d --role participant", ga.ID))
	if codeRes.ExitCode != 0 {
		t.Fatalf("invite: %s", codeRes.Stderr)
	}
	ma := tuitest.NewKey(t)
	if res := tuitest.Run(t, app.addr, ma, "redeem "+strings.TrimSpace(codeRes.Stdout)+" --name JäsenA"); res.ExitCode != 0 ||
		!strings.Contains(res.Stdout, "You are in the group Ryhmä A as participant.") {
		t.Fatalf("redeem: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	var bMeetings []meetingJSON
	runJSON(t, app.addr, fb, "meetings --json", &bMeetings)
	before, _ := app.DB.Agenda(ctx, bMeetings[0].ID)

	for _, who := range []struct {
		name string
		key  gossh.Signer
	}{{"member of A", ma}, {"facilitator of A", fa}} {
		for _, cmd := range []string{
			fmt.Sprintf("meetings --group %d", gb.ID),
			"meetings --group Salainen B",
			fmt.Sprintf("agenda %d", bMeetings[0].ID),
			fmt.Sprintf("agenda %d --json", bMeetings[0].ID),
			fmt.Sprintf("invite create --group %d --role facilitator", gb.ID),
			fmt.Sprintf("invite create --group %d --role participant", gb.ID),
		} {
			res := tuitest.Run(t, app.addr, who.key, cmd)
			if res.ExitCode != 1 || strings.Contains(res.Stdout, "Salainen") || strings.Contains(res.Stdout, "Vertaistapaaminen") ||
				!strings.Contains(res.Stderr, "No such") {
				t.Errorf("%s: %s: exit %d, stdout %q, stderr %q", who.name, cmd, res.ExitCode, res.Stdout, res.Stderr)
			}
		}
		for _, cmd := range []string{"groups", "groups --json", "meetings", "meetings --json"} {
			res := tuitest.Run(t, app.addr, who.key, cmd)
			if res.ExitCode != 0 || strings.Contains(res.Stdout, "Salainen") || strings.Contains(res.Stdout, fmt.Sprintf(`"id": %d,`, bMeetings[0].ID)) {
				t.Errorf("%s: %s shows group B: %q", who.name, cmd, res.Stdout)
			}
		}
	}
	// A member of A cannot invite even into A, nor create groups.
	if res := tuitest.Run(t, app.addr, ma, fmt.Sprintf("invite create --group %d --role participant", ga.ID)); res.ExitCode != 1 {
		t.Errorf("member invited into A: %q", res.Stdout)
	}
	if res := tuitest.Run(t, app.addr, ma, "group create --template mepe --name Oma"); res.ExitCode != 1 || !strings.Contains(res.Stderr, "rights") {
		t.Errorf("member created a group: %d %q", res.ExitCode, res.Stderr)
	}

	// On screen: A's member sees A and nothing of B, in no byte sent.
	term := tuitest.Open(t, app.addr, ma)
	term.WaitFor("Ryhmä A")
	term.Press("enter")
	term.WaitFor("Read the group agreement")
	term.Press("a")
	term.WaitFor("Agreement acknowledged")
	term.Press("1", "enter")
	term.WaitFor("Agenda:")
	term.Press("a", "e", "d", "s") // leader keys do nothing for a member
	term.WaitFor("Agenda:")
	if bytes.Contains(term.Output(), []byte("Salainen")) {
		t.Fatal("group B's name reached A's member's terminal")
	}
	after, _ := app.DB.Agenda(ctx, bMeetings[0].ID)
	if len(after) != len(before) {
		t.Fatal("B's agenda changed")
	}
}

func TestGroupCommandsValidate(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	fac := app.join(t, session.RoleFacilitator, "Fasi")
	for _, tt := range []struct{ cmd, msg string }{
		{"group create --template scrum --name X", `Unknown template "scrum"`},
		{"group create --template mepe", "Type a name for the group"},
		{"group create --template mepe --name " + strings.Repeat("n", 81), "at most 80 characters"},
		{"invite create --group 999 --role mentor", "No such group"},
		{"agenda 999", "No such meeting"},
	} {
		res := tuitest.Run(t, app.addr, fac, tt.cmd)
		if res.ExitCode != 1 || !strings.Contains(res.Stderr, tt.msg) {
			t.Errorf("%s: exit %d, %q", tt.cmd, res.ExitCode, res.Stderr)
		}
	}
	if res := tuitest.Run(t, app.addr, fac, "agenda abc"); res.ExitCode != 2 {
		t.Errorf("agenda abc: exit %d", res.ExitCode)
	}
	if res := tuitest.Run(t, app.addr, fac, "groups"); !strings.Contains(res.Stdout, "no groups") {
		t.Errorf("groups after failed creates: %q", res.Stdout)
	}
	var g groupJSON
	runJSON(t, app.addr, fac, "group create --template supervisor-peer --name Esihenkilöt --json", &g)
	res := tuitest.Run(t, app.addr, fac, "invite create --group Esihenkilöt --role supervisor --uses 3 --expires 2d")
	if res.ExitCode != 0 || !codePattern.MatchString(res.Stdout) {
		t.Fatalf("invite by group name: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	res = tuitest.Run(t, app.addr, fac, "invite create --group Esihenkilöt --role boss")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, `Unknown group role "boss"`) {
		t.Fatalf("bad group role: %d %q", res.ExitCode, res.Stderr)
	}
}

// TestAgendaEditorEditAndDelete drives the agenda editor's edit and delete
// (with its confirmation) and checks what was stored.
func TestAgendaEditorEditAndDelete(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	fac := app.join(t, session.RoleFacilitator, "Fasi")
	var g groupJSON
	runJSON(t, app.addr, fac, "group create --template supervisor-peer --name Esihenkilöt --json", &g)
	var meetings []meetingJSON
	runJSON(t, app.addr, fac, "meetings --json", &meetings)

	term := tuitest.Open(t, app.addr, fac)
	term.WaitFor("Esihenkilöt")
	term.Press("enter")
	term.WaitFor("[1 Meetings]")
	term.Press("enter")
	term.WaitFor("Agenda: 90 of 90 min")
	// Edit the first item: a new title with an escape sequence in it, which
	// is stored without it.
	term.Press("e")
	term.WaitFor("Edit: ")
	for range 30 {
		term.Press("backspace")
	}
	term.Type("Kuulumiset\x1b[31m nyt")
	term.Press("ctrl+s")
	term.WaitFor("Item saved")
	// Delete the second item; "n" keeps it, "y" deletes.
	term.Press("down", "d")
	term.WaitFor("Delete the item")
	term.Press("n")
	term.WaitForFunc("question closed", func(s string) bool { return !strings.Contains(s, "Delete the item") })
	term.Press("d")
	term.WaitFor("Delete the item")
	term.Press("y")
	term.WaitFor("Deleted:")
	term.WaitFor("Agenda: 75 of 90 min")

	items, err := app.DB.Agenda(context.Background(), meetings[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 4 || items[0].Title != "Kuulumiset nyt" {
		t.Fatalf("stored agenda: %+v", items)
	}
	for i, it := range items {
		if it.Position != i+1 {
			t.Fatalf("positions not contiguous: %+v", items)
		}
	}
	// Bad input leaves nothing saved: an empty title.
	term.Press("a")
	term.WaitFor("New agenda item")
	term.Press("ctrl+s")
	term.WaitFor("Type a title")
	term.Press("esc")
	term.WaitFor("Agenda: 75 of 90 min")
	if items, _ := app.DB.Agenda(context.Background(), meetings[0].ID); len(items) != 4 {
		t.Fatalf("a refused item was saved: %d items", len(items))
	}
}

// TestAgreementOpensTheGroup: a member who joined by command has not yet
// accepted the group's agreement; until they do, no command shows them
// the group's meetings or reflections, nor lets them into its room.
// `agreement GROUP` shows the agreement; `--ack` opens the group.
func TestAgreementOpensTheGroup(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	gid := f.group
	if res := tuitest.Run(t, app.addr, f.aino, fmt.Sprintf("reflection add --group %d --visibility group", gid),
		tuitest.WithStdin("Ryhmän yhteinen havainto")); res.ExitCode != 0 {
		t.Fatalf("reflection add: %s", res.Stderr)
	}
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("meeting start: %s", res.Stderr)
	}

	code := strings.TrimSpace(tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("invite create --group %d --role participant", gid)).Stdout)
	newbie := tuitest.NewKey(t)
	res := tuitest.Run(t, app.addr, newbie, "redeem "+code+" --name Uusi")
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, fmt.Sprintf("agreement %d --ack", gid)) {
		t.Fatalf("redeem does not say how to open the group: %d %q", res.ExitCode, res.Stdout)
	}
	for _, cmd := range []string{
		fmt.Sprintf("meetings --group %d", gid),
		fmt.Sprintf("agenda %d", f.meeting),
		fmt.Sprintf("reflection add --group %d", gid),
	} {
		res := tuitest.Run(t, app.addr, newbie, cmd, tuitest.WithStdin("teksti"))
		if res.ExitCode != 1 || !strings.Contains(res.Stderr, "acknowledge the group's agreement first") {
			t.Errorf("%s before the agreement: %d %q %q", cmd, res.ExitCode, res.Stdout, res.Stderr)
		}
	}
	if res := tuitest.Run(t, app.addr, newbie, "reflections"); res.ExitCode != 0 || strings.Contains(res.Stdout, "yhteinen havainto") {
		t.Fatalf("reflections before the agreement: %d %q", res.ExitCode, res.Stdout)
	}
	term := tuitest.Open(t, app.addr, newbie, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	term.WaitFor("acknowledge the group's agreement first")

	res = tuitest.Run(t, app.addr, newbie, fmt.Sprintf("agreement %d", gid))
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "Agreement of Piiri (version 1)") || !strings.Contains(res.Stdout, "Confidentiality") ||
		!strings.Contains(res.Stdout, fmt.Sprintf("To accept it and open the group: agreement %d --ack", gid)) {
		t.Fatalf("agreement: %d %q", res.ExitCode, res.Stdout)
	}
	var ack struct {
		Version      int  `json:"version"`
		Acknowledged bool `json:"acknowledged"`
	}
	runJSON(t, app.addr, newbie, fmt.Sprintf("agreement %d --ack --json", gid), &ack)
	if ack.Version != 1 || !ack.Acknowledged {
		t.Fatalf("agreement --ack: %+v", ack)
	}
	if res := tuitest.Run(t, app.addr, newbie, "reflections"); res.ExitCode != 0 || !strings.Contains(res.Stdout, "yhteinen havainto") {
		t.Fatalf("reflections once admitted: %d %q", res.ExitCode, res.Stdout)
	}
	f.join(t, app, newbie)
}
