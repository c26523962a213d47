package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
	"github.com/piiri/piiri/tui/tuitest"
)

// The authorization matrix through the command surface: every command of
// tui/cli, run over a real SSH server, against the same eleven kinds of
// actor as the Service matrix (session/authz_matrix_test.go). Each cell
// checks the exit code and the kind of refusal, and then what the output
// carries: unique markers sit in group A's and group B's names and meeting
// titles and in reflections of each visibility, and no cell may show an
// actor a marker the rules in DESIGN.md "Identity and access" keep from
// them — no cross-group reading, no private reflection reaching anyone but
// its author, reports and exports only where the rights allow.

// cxKind is the kind of actor a matrix row stands for.
type cxKind int

const (
	cxUnknown     cxKind = iota // an unknown key (a fresh one in every cell)
	cxAdmin                     // global admin outside group A
	cxReader                    // global reader outside group A
	cxGlobalFac                 // global facilitator outside group A
	cxFacilitator               // group A's facilitator (created it)
	cxCoFac                     // group A's co-facilitator
	cxMentor                    // group A's mentor, author of the reflections
	cxAktori                    // group A's aktori
	cxSupervisor                // group A's supervisor
	cxParticipant               // group A's participant
	cxOtherGroup                // a participant of group B
)

func (k cxKind) inA() bool   { return k >= cxFacilitator && k <= cxParticipant }
func (k cxKind) leads() bool { return k == cxFacilitator || k == cxCoFac }

// Markers: none can occur by chance in a fingerprint (base64 has no "-")
// or an invite code (upper case).
const (
	cxMarkA      = "alfa-orkki"           // group A's name and meeting titles
	cxMarkB      = "beta-saaski"          // group B's name, meeting titles and reflection
	cxMarkPriv   = "yksityinen-hamahakki" // the mentor's private reflections
	cxMarkGroup  = "ryhman-karppa"        // the mentor's group-visible reflection
	cxMarkShared = "jaettu-karhama"       // the mentor's shared reflection
	cxSearchWord = "kuuntelu"             // in every marked reflection
	// cxMarkC is in group C's meeting titles and themes: a cell's row
	// joins C without accepting its agreement, and must not see them.
	cxMarkC = "gamma-sirkka"
)

var cxMarks = []string{cxMarkA, cxMarkB, cxMarkPriv, cxMarkGroup, cxMarkShared, cxMarkC}

// cxSees is what an actor may ever be shown: A's members see A and its
// group and shared reflections, the author also her private ones, the
// reader shared reflections, B's member B.
func cxSees(k cxKind) []string {
	switch {
	case k == cxMentor:
		return []string{cxMarkA, cxMarkGroup, cxMarkShared, cxMarkPriv}
	case k.inA():
		return []string{cxMarkA, cxMarkGroup, cxMarkShared}
	case k == cxReader:
		return []string{cxMarkShared}
	case k == cxOtherGroup:
		return []string{cxMarkB}
	}
	return nil
}

// cxListed is what a listing of all the reflections an actor may read
// must show them: cxSees without the group name.
func cxListed(k cxKind) []string {
	var out []string
	for _, m := range cxSees(k) {
		if m != cxMarkA {
			out = append(out, m)
		}
	}
	return out
}

// cxIf returns marks for the kinds cond holds for.
func cxIf(cond func(cxKind) bool, marks ...string) func(cxKind) []string {
	return func(k cxKind) []string {
		if cond(k) {
			return marks
		}
		return nil
	}
}

func cxInA(k cxKind) bool    { return k.inA() }
func cxJoinsA(k cxKind) bool { return k == cxUnknown || cxOutside(k) }
func cxLeads(k cxKind) bool  { return k.leads() }
func cxIsB(k cxKind) bool    { return k == cxOtherGroup }
func cxOutside(k cxKind) bool {
	return k == cxAdmin || k == cxReader || k == cxGlobalFac || k == cxOtherGroup
}

// cxOutcome is what a cell must end with: the exit code and, for a
// refusal, words of the message that tell which refusal it was.
type cxOutcome struct {
	exit int
	says string
}

var (
	cxOK        = cxOutcome{cli.ExitOK, ""}
	cxUnjoined  = cxOutcome{cli.ExitError, "have not joined piiri"}
	cxForbidden = cxOutcome{cli.ExitError, "do not have the rights"}
	cxNotFound  = cxOutcome{cli.ExitError, "No such"}
	cxUsage     = cxOutcome{cli.ExitUsage, "Usage: "}
)

func cxRefused(says string) cxOutcome { return cxOutcome{cli.ExitError, says} }

func (o cxOutcome) String() string {
	if o.says == "" {
		return fmt.Sprintf("exit %d", o.exit)
	}
	return fmt.Sprintf("exit %d saying %q", o.exit, o.says)
}

// Expectations, by kind of actor, as in the Service matrix.

func cxPublic(cxKind) cxOutcome { return cxOK }

// cxKnown: anyone who has joined.
func cxKnown(k cxKind) cxOutcome {
	if k == cxUnknown {
		return cxUnjoined
	}
	return cxOK
}

// cxMember: A's members may; outsiders learn nothing.
func cxMember(k cxKind) cxOutcome {
	switch {
	case k == cxUnknown:
		return cxUnjoined
	case k.inA():
		return cxOK
	}
	return cxNotFound
}

// cxMemberOrReader: A's members and the organisation's readers may.
func cxMemberOrReader(k cxKind) cxOutcome {
	if k == cxReader {
		return cxOK
	}
	return cxMember(k)
}

// cxLeader: A's leaders may; its other members are forbidden.
func cxLeader(k cxKind) cxOutcome {
	if k.inA() && !k.leads() {
		return cxForbidden
	}
	return cxMember(k)
}

// cxLeaderRefused: a leader operation the state or the input forbids.
func cxLeaderRefused(says string) func(cxKind) cxOutcome {
	return func(k cxKind) cxOutcome {
		if k.leads() {
			return cxRefused(says)
		}
		return cxLeader(k)
	}
}

// cxMemberRefused: a member operation the state forbids.
func cxMemberRefused(says string) func(cxKind) cxOutcome {
	return func(k cxKind) cxOutcome {
		if k.inA() {
			return cxRefused(says)
		}
		return cxMember(k)
	}
}

// cxBMember and cxBLeader are cxMember and cxLeader for group B, whose
// only actor is its participant.
func cxBMember(k cxKind) cxOutcome {
	switch k {
	case cxUnknown:
		return cxUnjoined
	case cxOtherGroup:
		return cxOK
	}
	return cxNotFound
}

func cxBLeader(k cxKind) cxOutcome {
	if k == cxOtherGroup {
		return cxForbidden
	}
	return cxBMember(k)
}

// cxAdminOnly: global administration.
func cxAdminOnly(k cxKind) cxOutcome {
	switch k {
	case cxUnknown:
		return cxUnjoined
	case cxAdmin:
		return cxOK
	}
	return cxForbidden
}

// cxCreator: people whose global role is facilitator or admin make groups.
func cxCreator(k cxKind) cxOutcome {
	switch k {
	case cxUnknown:
		return cxUnjoined
	case cxAdmin, cxGlobalFac, cxFacilitator:
		return cxOK
	}
	return cxForbidden
}

// cxUsageIfKnown: a bad invocation, once the key has joined.
func cxUsageIfKnown(k cxKind) cxOutcome {
	if k == cxUnknown {
		return cxUnjoined
	}
	return cxUsage
}

type cxActor struct {
	name string
	kind cxKind
	key  gossh.Signer // nil for the unknown key: a fresh one per cell
}

// cxWorld is group A with a live, an ended and a planned meeting and the
// mentor's reflections, and group B with its own, all made through the
// command surface except meeting titles (no command sets them).
type cxWorld struct {
	app                     *testApp
	fac, bFac               session.Actor // the facilitators of groups A and B
	actors                  []cxActor
	gA, gB                  int64
	aLive, aEnded, aPlanned int64
	bEnded, bPlanned        int64
	rPrivate, rGroup        int64
	gC                      int64 // bFac's group C, its first meeting live
	tA, tB                  int64 // interim tasks, each with a response
}

func cxID(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscan(s, &id); err != nil || id == 0 {
		t.Fatalf("not an id: %q", s)
	}
	return id
}

func cxTitle(t *testing.T, app *testApp, a session.Actor, meeting int64, title string) {
	t.Helper()
	if _, err := app.Service.UpdateMeeting(context.Background(), a, meeting, session.MeetingUpdate{Title: &title}); err != nil {
		t.Fatalf("setup UpdateMeeting: %v", err)
	}
}

func newCxWorld(t *testing.T) *cxWorld {
	t.Helper()
	app := startApp(t)
	w := &cxWorld{app: app}

	admin := app.redeem(t, app.adminCode(t), "Admin")
	reader := app.redeem(t, app.mustRun(t, admin, "invite create --role reader"), "Lukija")
	facCode := app.mustRun(t, admin, "invite create --role facilitator --uses 3")
	globalFac := app.redeem(t, facCode, "Ulkofasi")
	fac := app.redeem(t, facCode, "Fasi")
	bFac := app.redeem(t, facCode, "B-fasi")

	var g groupJSON
	runJSON(t, app.addr, fac, "group create --template mepe --name Alfa "+cxMarkA+" --json", &g)
	w.gA = g.ID
	inA := func(role session.GroupRole, name string) gossh.Signer {
		key := app.redeem(t, app.mustRun(t, fac, fmt.Sprintf("invite create --group %d --role %s", w.gA, role)), name)
		app.admit(t, key, w.gA)
		return key
	}
	co := inA(session.GroupCoFacilitator, "Kofasi")
	mentor := inA(session.GroupMentor, "Mentori")
	aktori := inA(session.GroupAktori, "Aktori")
	sup := inA(session.GroupSupervisor, "Tyonohjaaja")
	part := inA(session.GroupParticipant, "Osallistuja")

	runJSON(t, app.addr, bFac, "group create --template mepe --name Beta "+cxMarkB+" --json", &g)
	w.gB = g.ID
	bMember := app.redeem(t, app.mustRun(t, bFac, fmt.Sprintf("invite create --group %d --role participant", w.gB)), "B-jasen")
	app.admit(t, bMember, w.gB)

	w.actors = []cxActor{
		{"unknown", cxUnknown, nil},
		{"admin", cxAdmin, admin},
		{"reader", cxReader, reader},
		{"global-facilitator", cxGlobalFac, globalFac},
		{"facilitator", cxFacilitator, fac},
		{"co-facilitator", cxCoFac, co},
		{"mentor", cxMentor, mentor},
		{"aktori", cxAktori, aktori},
		{"supervisor", cxSupervisor, sup},
		{"participant", cxParticipant, part},
		{"other-group", cxOtherGroup, bMember},
	}

	// Group A: meeting 1 live, 2 ended, 3 planned; 2 and 3 carry A's marker.
	w.fac = mustActor(t, app, fac)
	var ms []meetingJSON
	runJSON(t, app.addr, fac, fmt.Sprintf("meetings --group %d --json", w.gA), &ms)
	if len(ms) < 3 {
		t.Fatalf("group A has %d meetings", len(ms))
	}
	w.aLive, w.aEnded, w.aPlanned = ms[0].ID, ms[1].ID, ms[2].ID
	cxTitle(t, app, w.fac, w.aEnded, "Alfan tapaaminen "+cxMarkA)
	cxTitle(t, app, w.fac, w.aPlanned, "Alfan suunniteltu "+cxMarkA)
	app.mustRun(t, fac, fmt.Sprintf("meeting start %d", w.aEnded))
	app.mustRun(t, fac, fmt.Sprintf("meeting end %d", w.aEnded))
	app.mustRun(t, fac, fmt.Sprintf("meeting start %d", w.aLive))

	// Group B: meeting 1 ended, 2 planned, both with B's marker.
	w.bFac = mustActor(t, app, bFac)
	runJSON(t, app.addr, bFac, fmt.Sprintf("meetings --group %d --json", w.gB), &ms)
	if len(ms) < 2 {
		t.Fatalf("group B has %d meetings", len(ms))
	}
	w.bEnded, w.bPlanned = ms[0].ID, ms[1].ID
	cxTitle(t, app, w.bFac, w.bEnded, "Betan tapaaminen "+cxMarkB)
	cxTitle(t, app, w.bFac, w.bPlanned, "Betan suunniteltu "+cxMarkB)
	app.mustRun(t, bFac, fmt.Sprintf("meeting start %d", w.bEnded))
	app.mustRun(t, bFac, fmt.Sprintf("meeting end %d", w.bEnded))

	// Group C: every meeting marked, the first one live.
	runJSON(t, app.addr, bFac, "group create --template mepe --name Gamma --json", &g)
	w.gC = g.ID
	runJSON(t, app.addr, bFac, fmt.Sprintf("meetings --group %d --json", w.gC), &ms)
	for _, m := range ms {
		title, theme := "Gamman tapaaminen "+cxMarkC, "Teema "+cxMarkC
		if _, err := app.Service.UpdateMeeting(context.Background(), w.bFac, m.ID,
			session.MeetingUpdate{Title: &title, Theme: &theme}); err != nil {
			t.Fatalf("setup UpdateMeeting(C): %v", err)
		}
	}
	app.mustRun(t, bFac, fmt.Sprintf("meeting start %d", ms[0].ID))

	// The mentor's reflections: on the group and on the ended meeting.
	reflect := func(key gossh.Signer, target, vis, body string) int64 {
		return cxID(t, app.mustRun(t, key, "reflection add "+target+" --visibility "+vis, tuitest.WithStdin(body)))
	}
	w.rPrivate = reflect(mentor, fmt.Sprintf("--group %d", w.gA), "private", cxSearchWord+" "+cxMarkPriv)
	w.rGroup = reflect(mentor, fmt.Sprintf("--group %d", w.gA), "group", cxSearchWord+" "+cxMarkGroup)
	reflect(mentor, fmt.Sprintf("--meeting %d", w.aEnded), "shared", cxSearchWord+" "+cxMarkShared)
	reflect(mentor, fmt.Sprintf("--meeting %d", w.aEnded), "private", cxSearchWord+" "+cxMarkPriv+" toinen")
	reflect(bMember, fmt.Sprintf("--group %d", w.gB), "group", cxSearchWord+" "+cxMarkB)

	// An interim task in each group, done by a member.
	task := func(leader session.Actor, group int64, doer gossh.Signer, mark string) int64 {
		ctx := context.Background()
		tk, err := app.Service.CreateTask(ctx, leader, session.Task{GroupID: group, Title: "Tehtävä " + mark})
		if err != nil {
			t.Fatalf("CreateTask: %v", err)
		}
		if err := app.Service.CompleteTask(ctx, mustActor(t, app, doer), tk.ID, "Vastaus "+mark); err != nil {
			t.Fatalf("CompleteTask: %v", err)
		}
		return tk.ID
	}
	w.tA = task(w.fac, w.gA, mentor, cxMarkA)
	w.tB = task(w.bFac, w.gB, bMember, cxMarkB)
	return w
}

// pendingInC brings the row into group C without accepting its agreement;
// unpendC takes them out again.
func (w *cxWorld) pendingInC(t *testing.T, _ *cxWorld, x cxActor) string {
	t.Helper()
	if x.key == nil {
		return ""
	}
	ctx := context.Background()
	inv, err := w.app.Service.CreateGroupInvite(ctx, w.bFac, w.gC, session.GroupParticipant, 1, 0)
	if err != nil {
		t.Fatalf("prep CreateGroupInvite(C): %v", err)
	}
	if _, err := w.app.Service.JoinGroup(ctx, mustActor(t, w.app, x.key), inv.Code); err != nil {
		t.Fatalf("prep JoinGroup(C): %v", err)
	}
	return ""
}

func (w *cxWorld) unpendC(t *testing.T, key gossh.Signer) {
	t.Helper()
	a := mustActor(t, w.app, key)
	if !a.Known() {
		return
	}
	if err := w.app.Service.LeaveGroup(context.Background(), a, w.gC); err != nil {
		t.Fatalf("done LeaveGroup(C): %v", err)
	}
}

// freshMeeting adds a planned meeting to group A for one cell.
func (w *cxWorld) freshMeeting(t *testing.T) int64 {
	t.Helper()
	m, err := w.app.Service.AddMeeting(context.Background(), w.fac, w.gA)
	if err != nil {
		t.Fatalf("prep AddMeeting: %v", err)
	}
	return m.ID
}

// endIfLive ends a cell's own meeting if it is still live.
func (w *cxWorld) endIfLive(t *testing.T, id int64) {
	t.Helper()
	err := w.app.Service.EndMeeting(context.Background(), w.fac, id)
	if c := session.ErrorCode(err); c != "" && c != session.EConflict {
		t.Fatalf("done EndMeeting: %v", err)
	}
}

// cxCell is one column of the matrix: a command line, built from the
// world and what prep returned (with the facilitator's rights, so that it
// cannot fail for the row's reasons); done restores the shared state.
type cxCell struct {
	name  string // the column, e.g. "reflections --group A"
	of    string // the tui/cli command it runs
	cmd   func(w *cxWorld, arg string) string
	stdin *string
	want  func(cxKind) cxOutcome
	json  bool // stdout is JSON when the command succeeds

	// Content: the markers the actor may see are cxSees plus allow, minus
	// deny; those in shows must be there when the command succeeds.
	allow func(cxKind) []string
	deny  []string
	shows func(cxKind) []string

	prep func(t *testing.T, w *cxWorld, x cxActor) string
	done func(t *testing.T, w *cxWorld, key gossh.Signer, arg string, res tuitest.Result)
}

// cxBugs lists cells where the code breaks the rules, as "column/actor":
// they are skipped with the reason rather than enshrined.
var cxBugs = map[string]string{}

func cxFixed(s string) func(*cxWorld, string) string {
	return func(*cxWorld, string) string { return s }
}

func cxStr(s string) *string { return &s }

func cxCells() []cxCell {
	reflNoA := []string{cxMarkPriv, cxMarkGroup, cxMarkShared, cxMarkB}
	return []cxCell{
		{name: "help", of: "help", cmd: cxFixed("help"), want: cxPublic},
		{name: "guide --lang fi", of: "guide", cmd: cxFixed("guide --lang fi"), want: cxPublic},
		{name: "whoami", of: "whoami", cmd: cxFixed("whoami --json"), json: true, want: cxKnown},
		{name: "settings plain", of: "settings plain", cmd: cxFixed("settings plain"), want: cxKnown},

		// Redeeming is by the code: whoever holds a group invite joins with
		// it (and is taken out again), a member is already in.
		{name: "redeem (A's invite)", of: "redeem", want: func(k cxKind) cxOutcome {
			if k.inA() {
				return cxRefused("already a member")
			}
			return cxOK
		},
			// Whoever joins A is told its name.
			allow: cxIf(cxJoinsA, cxMarkA), shows: cxIf(cxJoinsA, cxMarkA),
			prep: func(t *testing.T, w *cxWorld, _ cxActor) string {
				inv, err := w.app.Service.CreateGroupInvite(context.Background(), w.fac, w.gA, session.GroupParticipant, 1, 0)
				if err != nil {
					t.Fatalf("prep CreateGroupInvite: %v", err)
				}
				return session.FormatCode(inv.Code)
			},
			cmd: func(_ *cxWorld, code string) string { return "redeem " + code + " --name Uusi" },
			done: func(t *testing.T, w *cxWorld, key gossh.Signer, _ string, res tuitest.Result) {
				if res.ExitCode != 0 {
					return
				}
				a := mustActor(t, w.app, key)
				if a.Person == nil {
					t.Fatalf("redeemed, yet the key is unknown")
				}
				if err := w.app.Service.RemoveMember(context.Background(), w.fac, w.gA, a.Person.ID); err != nil {
					t.Fatalf("done RemoveMember: %v", err)
				}
			}},
		{name: "redeem (global invite)", of: "redeem", want: func(k cxKind) cxOutcome {
			if k == cxUnknown {
				return cxOK
			}
			return cxRefused("already joined")
		},
			prep: func(t *testing.T, w *cxWorld, _ cxActor) string {
				return w.app.invite(t, session.RoleMember)
			},
			cmd: func(_ *cxWorld, code string) string { return "redeem " + code + " --name Uusi" }},

		{name: "invite create (global)", of: "invite create", cmd: cxFixed("invite create --role member"), want: cxAdminOnly},
		{name: "invite create --group A mentor", of: "invite create", want: cxLeader,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("invite create --group %d --role mentor", w.gA) }},
		{name: "invite create --group A co-facilitator", of: "invite create",
			// Only a facilitator invites another leader.
			want: func(k cxKind) cxOutcome {
				if k == cxCoFac {
					return cxRefused("Only a facilitator can invite")
				}
				return cxLeader(k)
			},
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("invite create --group %d --role co-facilitator", w.gA)
			}},
		{name: "invite create --group B", of: "invite create", want: cxBLeader,
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("invite create --group %d --role participant", w.gB)
			}},

		{name: "groups", of: "groups", cmd: cxFixed("groups"), want: cxKnown,
			shows: func(k cxKind) []string { return append(cxIf(cxInA, cxMarkA)(k), cxIf(cxIsB, cxMarkB)(k)...) }},
		{name: "groups --json", of: "groups", cmd: cxFixed("groups --json"), json: true, want: cxKnown,
			shows: func(k cxKind) []string { return append(cxIf(cxInA, cxMarkA)(k), cxIf(cxIsB, cxMarkB)(k)...) }},
		// The agreement is the door into a group: its members read it and
		// accept it (again: --ack is idempotent); others learn nothing.
		{name: "agreement A", of: "agreement", want: cxMember, shows: cxIf(cxInA, cxMarkA),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("agreement %d", w.gA) }},
		{name: "agreement A --ack --json", of: "agreement", want: cxMember, json: true,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("agreement %d --ack --json", w.gA) }},
		{name: "agreement B", of: "agreement", want: cxBMember, shows: cxIf(cxIsB, cxMarkB),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("agreement %d", w.gB) }},
		{name: "group create", of: "group create", want: cxCreator,
			cmd: cxFixed("group create --template mentor-group --name Uusi ryhma --json"), json: true},

		{name: "meetings", of: "meetings", cmd: cxFixed("meetings"), want: cxKnown,
			shows: func(k cxKind) []string { return append(cxIf(cxInA, cxMarkA)(k), cxIf(cxIsB, cxMarkB)(k)...) }},
		// Before its agreement a group shows its name, not its meetings or
		// how many are in it.
		{name: "meetings --json (before C's agreement)", of: "meetings", cmd: cxFixed("meetings --json"), json: true,
			want: cxKnown, prep: func(t *testing.T, w *cxWorld, x cxActor) string { return w.pendingInC(t, w, x) },
			done: func(t *testing.T, w *cxWorld, key gossh.Signer, _ string, _ tuitest.Result) { w.unpendC(t, key) }},
		{name: "groups --json (before C's agreement)", of: "groups", cmd: cxFixed("groups --json"), json: true,
			want: cxKnown, prep: func(t *testing.T, w *cxWorld, x cxActor) string { return w.pendingInC(t, w, x) },
			done: func(t *testing.T, w *cxWorld, key gossh.Signer, _ string, res tuitest.Result) {
				w.unpendC(t, key)
				if res.ExitCode != 0 {
					return
				}
				var gs []map[string]any
				if err := json.Unmarshal([]byte(res.Stdout), &gs); err != nil {
					t.Fatalf("groups --json: %v", err)
				}
				for _, g := range gs {
					if g["id"] == float64(w.gC) && g["members"] != nil {
						t.Errorf("group C before its agreement shows %v members", g["members"])
					}
				}
			}},
		{name: "meetings --group A --json", of: "meetings", want: cxMember, json: true, shows: cxIf(cxInA, cxMarkA),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("meetings --group %d --json", w.gA) }},
		{name: "meetings --group B", of: "meetings", want: cxBMember, shows: cxIf(cxIsB, cxMarkB),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("meetings --group %d", w.gB) }},

		{name: "agenda A", of: "agenda", want: cxMember, shows: cxIf(cxInA, cxMarkA),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("agenda %d", w.aPlanned) }},
		{name: "agenda B --json", of: "agenda", want: cxBMember, json: true, shows: cxIf(cxIsB, cxMarkB),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("agenda %d --json", w.bPlanned) }},
		{name: "agenda (no meeting)", of: "agenda", cmd: cxFixed("agenda"), want: cxUsageIfKnown},

		// Editing an agenda: leaders of a planned meeting, by the numbers
		// `agenda` prints; each cell edits a fresh meeting of its own.
		{name: "agenda add (planned)", of: "agenda add", want: cxLeader, prep: cxFreshMeeting,
			cmd: func(_ *cxWorld, id string) string {
				return "agenda add " + id + " --title Uusi kohta --kind kierros --minutes 5"
			}},
		{name: "agenda add --after 1", of: "agenda add", want: cxLeader, prep: cxFreshMeeting,
			cmd: func(_ *cxWorld, id string) string {
				return "agenda add " + id + " --title Tauko --kind break --minutes 5 --after 1"
			}},
		{name: "agenda add (live)", of: "agenda add", want: cxLeaderRefused("live"),
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("agenda add %d --title Uusi --kind talk --minutes 5", w.aLive)
			}},
		{name: "agenda add (bad kind)", of: "agenda add", want: cxUnjoinedOr(cxRefused("Kinds: round")),
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("agenda add %d --title Uusi --kind juhla --minutes 5", w.bPlanned)
			}},
		{name: "agenda add (no kind)", of: "agenda add", want: cxUsageIfKnown,
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("agenda add %d --title Uusi --minutes 5", w.aPlanned)
			}},
		{name: "agenda edit (planned)", of: "agenda edit", want: cxLeader, prep: cxFreshMeeting,
			cmd: func(_ *cxWorld, id string) string { return "agenda edit " + id + " 1 --minutes 7 --title Alkuun" }},
		{name: "agenda edit B", of: "agenda edit", want: cxBLeader,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("agenda edit %d 1 --kind talk", w.bPlanned) }},
		{name: "agenda edit (no item 99)", of: "agenda edit", want: cxMemberRefused("there is no item 99"),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("agenda edit %d 99 --minutes 7", w.aPlanned) }},
		{name: "agenda delete (planned)", of: "agenda delete", want: cxLeader, prep: cxFreshMeeting,
			cmd: func(_ *cxWorld, id string) string { return "agenda delete " + id + " 1 --yes" }},
		{name: "agenda delete (no --yes)", of: "agenda delete",
			want: func(k cxKind) cxOutcome {
				if k.inA() {
					return cxUsage
				}
				return cxMember(k)
			},
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("agenda delete %d 1", w.aPlanned) }},
		{name: "agenda move (planned)", of: "agenda move", want: cxLeader, prep: cxFreshMeeting,
			cmd: func(_ *cxWorld, id string) string { return "agenda move " + id + " 2 ylös" }},
		{name: "agenda move (ended)", of: "agenda move", want: cxLeaderRefused("ended"),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("agenda move %d 1 down", w.aEnded) }},

		{name: "tasks", of: "tasks", cmd: cxFixed("tasks"), want: cxKnown,
			shows: func(k cxKind) []string { return append(cxIf(cxInA, cxMarkA)(k), cxIf(cxIsB, cxMarkB)(k)...) }},
		{name: "tasks --group A --json", of: "tasks", want: cxMember, json: true, shows: cxIf(cxInA, cxMarkA),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("tasks --group %d --json", w.gA) }},
		{name: "task responses A", of: "task responses", want: cxLeader, shows: cxIf(cxLeads, cxMarkA),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("task responses %d", w.tA) }},
		{name: "task responses B --json", of: "task responses", want: cxBLeader, json: true,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("task responses %d --json", w.tB) }},
		{name: "task responses (no task)", of: "task responses", cmd: cxFixed("task responses"), want: cxUsageIfKnown},

		// Without a terminal there is no room to open: a usage error for
		// everyone who has joined, whatever the meeting.
		{name: "join (no pty)", of: "join", want: cxUsageIfKnown,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("join %d", w.aLive) }},

		{name: "meeting start (planned)", of: "meeting start", want: cxLeader,
			prep: func(t *testing.T, w *cxWorld, _ cxActor) string { return fmt.Sprint(w.freshMeeting(t)) },
			cmd:  func(_ *cxWorld, id string) string { return "meeting start " + id },
			done: func(t *testing.T, w *cxWorld, _ gossh.Signer, id string, _ tuitest.Result) {
				w.endIfLive(t, cxID(t, id))
			}},
		{name: "meeting start (live)", of: "meeting start", want: cxLeaderRefused("already been started"),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("meeting start %d", w.aLive) }},
		{name: "meeting start B", of: "meeting start", want: cxBLeader,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("meeting start %d", w.bPlanned) },
			done: func(t *testing.T, w *cxWorld, _ gossh.Signer, _ string, res tuitest.Result) {
				if res.ExitCode == 0 {
					if err := w.app.Service.EndMeeting(context.Background(), w.bFac, w.bPlanned); err != nil {
						t.Errorf("done EndMeeting: %v", err)
					}
				}
			}},
		{name: "meeting schedule (planned)", of: "meeting schedule", want: cxLeader,
			prep: func(t *testing.T, w *cxWorld, _ cxActor) string { return fmt.Sprint(w.freshMeeting(t)) },
			cmd:  func(_ *cxWorld, id string) string { return "meeting schedule " + id + " 1.12.2030 14.30" }},
		{name: "meeting schedule B --clear", of: "meeting schedule", want: cxBLeader,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("meeting schedule %d --clear", w.bPlanned) }},
		{name: "meeting schedule (bad date)", of: "meeting schedule",
			// The date is read before anything is looked up: everyone who
			// has joined gets the example, nobody learns of the meeting.
			want: func(k cxKind) cxOutcome {
				if k == cxUnknown {
					return cxUnjoined
				}
				return cxRefused("e.g. 1.12.2026 14.30")
			},
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("meeting schedule %d 31.2.2030 14.30", w.bPlanned)
			}},
		{name: "meeting schedule (no time)", of: "meeting schedule", want: cxUsageIfKnown,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("meeting schedule %d", w.aPlanned) }},
		{name: "meeting end (live)", of: "meeting end", want: cxLeader,
			prep: func(t *testing.T, w *cxWorld, _ cxActor) string {
				id := w.freshMeeting(t)
				if _, err := w.app.Service.StartMeeting(context.Background(), w.fac, id); err != nil {
					t.Fatalf("prep StartMeeting: %v", err)
				}
				return fmt.Sprint(id)
			},
			cmd: func(_ *cxWorld, id string) string { return "meeting end " + id },
			done: func(t *testing.T, w *cxWorld, _ gossh.Signer, id string, _ tuitest.Result) {
				w.endIfLive(t, cxID(t, id))
			}},
		{name: "meeting end (ended)", of: "meeting end", want: cxMemberRefused("not live"),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("meeting end %d", w.aEnded) }},

		{name: "meeting link (planned)", of: "meeting link", want: cxLeader,
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("meeting link %d https://meet.jit.si/alfa", w.aPlanned)
			}},
		{name: "meeting link (bad url)", of: "meeting link", want: cxLeaderRefused("https"),
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("meeting link %d http://meet.jit.si/alfa", w.aPlanned)
			}},
		{name: "meeting link (ended)", of: "meeting link", want: cxLeaderRefused("ended"),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("meeting link %d --clear", w.aEnded) }},

		// The summary: A's members, of an ended meeting, without anyone's
		// reflections.
		{name: "export meeting A", of: "export meeting", want: cxMember, deny: reflNoA, shows: cxIf(cxInA, cxMarkA),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("export meeting %d", w.aEnded) }},
		{name: "export meeting (live)", of: "export meeting", want: cxMemberRefused("has not ended"),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("export meeting %d", w.aLive) }},
		{name: "export meeting B", of: "export meeting", want: cxBMember, shows: cxIf(cxIsB, cxMarkB),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("export meeting %d", w.bEnded) }},

		{name: "reflection add --group A", of: "reflection add", want: cxMember, stdin: cxStr("Lisatty pohdinta"),
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("reflection add --group %d --visibility group", w.gA)
			}},
		{name: "reflection add --meeting A", of: "reflection add", want: cxMember, stdin: cxStr("Lisatty pohdinta"),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("reflection add --meeting %d", w.aEnded) }},
		{name: "reflection add --group B", of: "reflection add", want: cxBMember, stdin: cxStr("Lisatty pohdinta"),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("reflection add --group %d", w.gB) }},

		// The mentor's own group reflection, fresh for each cell: only its
		// author edits, deletes (with --yes) and reads its history.
		{name: "reflection edit (mentor's)", of: "reflection edit", want: cxAuthorOnlyA, stdin: cxStr("Korjattu pohdinta"),
			prep: cxFreshReflection, done: cxDropReflection,
			cmd: func(_ *cxWorld, id string) string { return "reflection edit " + id }},
		{name: "reflection delete (mentor's)", of: "reflection delete", want: cxAuthorOnlyA,
			prep: cxFreshReflection, done: cxDropReflection,
			cmd: func(_ *cxWorld, id string) string { return "reflection delete " + id + " --yes" }},
		{name: "reflection delete (no --yes)", of: "reflection delete", want: cxUnjoinedOr(cxUsage),
			prep: cxFreshReflection, done: cxDropReflection,
			cmd: func(_ *cxWorld, id string) string { return "reflection delete " + id }},
		{name: "reflection history (mentor's)", of: "reflection history", want: cxAuthorOnlyA, json: true,
			prep: cxFreshReflection, done: cxDropReflection,
			cmd: func(_ *cxWorld, id string) string { return "reflection history --json " + id }},

		// Reading: each sees exactly what the visibility rules give them.
		{name: "reflections", of: "reflections", cmd: cxFixed("reflections"), want: cxKnown, shows: cxListed},
		{name: "reflections --json", of: "reflections", cmd: cxFixed("reflections --json"), json: true, want: cxKnown, shows: cxListed},
		{name: "reflections --md", of: "reflections", cmd: cxFixed("reflections --md"), want: cxKnown, shows: cxListed,
			// The Markdown export says where a reflection was written: a
			// shared one comes to readers with its group's name.
			allow: cxIf(func(k cxKind) bool { return k == cxReader }, cxMarkA)},
		{name: "reflections --search", of: "reflections", cmd: cxFixed("reflections --json --search " + cxSearchWord),
			json: true, want: cxKnown, shows: cxListed},
		// A reader filters by any group with shared reflections (A has
		// one), and sees its name with them.
		{name: "reflections --group A", of: "reflections", want: cxMemberOrReader, deny: []string{cxMarkB}, shows: cxListed,
			allow: cxIf(func(k cxKind) bool { return k == cxReader }, cxMarkA),
			cmd:   func(w *cxWorld, _ string) string { return fmt.Sprintf("reflections --group %d --md", w.gA) }},
		{name: "reflections --group B", of: "reflections", want: cxBMember, shows: cxListed,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("reflections --group %d --json", w.gB) }},
		{name: "reflections --meeting", of: "reflections", want: cxKnown,
			// Only the ended meeting's: the shared one and the author's
			// second private one; not the group's, not B's.
			deny: []string{cxMarkGroup, cxMarkB},
			shows: func(k cxKind) []string {
				switch {
				case k == cxMentor:
					return []string{cxMarkShared, cxMarkPriv}
				case k.inA(), k == cxReader:
					return []string{cxMarkShared}
				}
				return nil
			},
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("reflections --meeting %d", w.aEnded) }},

		// Reports are for A's leaders and carry no reflection's text.
		{name: "report A", of: "report", want: cxLeader, deny: reflNoA, shows: cxIf(cxLeads, cxMarkA),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("report %d", w.gA) }},
		{name: "report A --md", of: "report", want: cxLeader, deny: reflNoA, shows: cxIf(cxLeads, cxMarkA),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("report %d --md", w.gA) }},
		{name: "report A --json", of: "report", want: cxLeader, json: true, deny: reflNoA, shows: cxIf(cxLeads, cxMarkA),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("report %d --json", w.gA) }},
		{name: "report B", of: "report", want: cxBLeader,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("report %d", w.gB) }},
		{name: "evaluation A", of: "evaluation", want: cxMember, shows: cxIf(cxInA, cxMarkA),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("evaluation %d", w.gA) }},
		{name: "evaluation B --json", of: "evaluation", want: cxBMember, json: true, shows: cxIf(cxIsB, cxMarkB),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("evaluation %d --json", w.gB) }},
		{name: "evaluation (no group)", of: "evaluation", cmd: cxFixed("evaluation"), want: cxUsageIfKnown},

		{name: "share add", of: "share add", want: cxLeader,
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("share add --group %d --what Mita opimme --to readers --how document --when 1.12.2026 --quote %d:1", w.gA, w.rGroup)
			}},
		{name: "share add --quote private", of: "share add", want: cxLeaderRefused("cannot be quoted"),
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("share add --group %d --what Mita opimme --to readers --how training --when 2026-12-01 --quote %d", w.gA, w.rPrivate)
			}},
		{name: "share add --group B", of: "share add", want: cxBLeader,
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("share add --group %d --what 'Mita opimme' --audience HR --how export --when 1.12.2026", w.gB)
			}},

		// share: the reflections to quote are listed for A's leaders; the
		// decisions and their quotes' states for A's members.
		{name: "share candidates A", of: "share candidates", want: cxLeader, shows: cxIf(cxLeads, cxMarkGroup),
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("share candidates %d", w.gA) }},
		{name: "share candidates A --json", of: "share candidates", want: cxLeader, json: true,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("share candidates %d --json", w.gA) }},
		{name: "shares A", of: "shares", want: cxMember,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("shares %d", w.gA) }},
		{name: "shares A --json", of: "shares", want: cxMember, json: true,
			cmd: func(w *cxWorld, _ string) string { return fmt.Sprintf("shares %d --json", w.gA) }},
		{name: "share add --audience", of: "share add", want: cxLeader,
			cmd: func(w *cxWorld, _ string) string {
				return fmt.Sprintf("share add --group %d --what Malli --audience johtoryhma --how electronic --when 1.12.2026", w.gA)
			}},

		// A name that passes for a member's of one's groups is refused;
		// one's own name, or one nobody near has, is fine.
		{name: "rename (own name)", of: "rename", want: cxKnown, prep: cxNameOf, done: cxRenameBack,
			cmd: func(_ *cxWorld, name string) string { return "rename " + name }},
		{name: "rename (like A's facilitator)", of: "rename", prep: cxNameOf, done: cxRenameBack,
			want: func(k cxKind) cxOutcome {
				switch {
				case k == cxUnknown:
					return cxUnjoined
				case k.inA() && k != cxFacilitator:
					return cxRefused("looks the same")
				}
				return cxOK
			},
			cmd: cxFixed("rename FASI")},
		// Quotes of one's reflections: only the author has any, and only
		// the author withdraws them. The readers see which group shared.
		{name: "quotes --json", of: "quotes", cmd: cxFixed("quotes --json"), json: true, want: cxKnown},
		{name: "quote withdraw (mentor's)", of: "quote withdraw", prep: cxApprovedQuote, done: cxWithdrawAll,
			want: func(k cxKind) cxOutcome {
				switch k {
				case cxUnknown:
					return cxUnjoined
				case cxMentor:
					return cxOK
				}
				return cxRefused("no approved quote")
			},
			cmd: func(w *cxWorld, share string) string {
				return fmt.Sprintf("quote withdraw %d --share %s", w.rGroup, share)
			}},
		{name: "quote approve (mentor's)", of: "quote approve", prep: cxAskedQuote, done: cxWithdrawAll, want: cxAuthorOnly,
			cmd: func(w *cxWorld, share string) string { return fmt.Sprintf("quote approve %s %d", share, w.rGroup) }},
		{name: "quote decline (mentor's)", of: "quote decline", prep: cxAskedQuote, want: cxAuthorOnly,
			cmd: func(w *cxWorld, share string) string { return fmt.Sprintf("quote decline %s %d", share, w.rGroup) }},
		{name: "shared --json", of: "shared", cmd: cxFixed("shared --json"), json: true, want: cxKnown,
			allow: cxIf(func(k cxKind) bool { return k == cxReader }, cxMarkA)},
		{name: "shared --md", of: "shared", cmd: cxFixed("shared --md"), want: cxKnown,
			allow: cxIf(func(k cxKind) bool { return k == cxReader }, cxMarkA)},
	}
}

// cxNameOf is the row's display name ("Nimeton" for the unknown key).
func cxNameOf(t *testing.T, w *cxWorld, x cxActor) string {
	t.Helper()
	if x.key == nil {
		return "Nimeton"
	}
	return mustActor(t, w.app, x.key).Person.Name
}

// cxRenameBack gives the row its name back.
func cxRenameBack(t *testing.T, w *cxWorld, key gossh.Signer, name string, _ tuitest.Result) {
	t.Helper()
	a, err := w.app.Service.Identify(context.Background(), tuitest.Fingerprint(key))
	if err != nil || !a.Known() {
		return
	}
	if _, err := w.app.Service.SetName(context.Background(), a, name); err != nil {
		t.Fatalf("done SetName: %v", err)
	}
}

// cxApprovedQuote shares the mentor's group reflection with the readers and
// has the mentor approve the quote; it returns the share's id.
func cxApprovedQuote(t *testing.T, w *cxWorld, _ cxActor) string {
	t.Helper()
	ctx := context.Background()
	sh, err := w.app.Service.CreateShare(ctx, w.fac, session.ShareInput{GroupID: w.gA, What: "Lainaus",
		Audience: string(session.AudienceReaders), How: string(session.HowDocument), When: "1.12.2026", Quotes: []int64{w.rGroup}})
	if err != nil {
		t.Fatalf("prep CreateShare: %v", err)
	}
	if err := w.app.Service.AnswerQuote(ctx, w.mentor(t), sh.ID, w.rGroup, true); err != nil {
		t.Fatalf("prep AnswerQuote: %v", err)
	}
	return fmt.Sprint(sh.ID)
}

// cxAskedQuote asks the mentor to let the readers see an excerpt of her
// group reflection; it returns the share's id.
func cxAskedQuote(t *testing.T, w *cxWorld, _ cxActor) string {
	t.Helper()
	sh, err := w.app.Service.CreateShare(context.Background(), w.fac, session.ShareInput{GroupID: w.gA, What: "Ote",
		Audience: string(session.AudienceReaders), How: string(session.HowTraining), When: "1.12.2026", Quotes: []int64{w.rGroup}})
	if err != nil {
		t.Fatalf("prep CreateShare: %v", err)
	}
	return fmt.Sprint(sh.ID)
}

// cxAuthorOnly: only the quoted reflection's author answers; to anyone
// else the quote does not exist.
func cxAuthorOnly(k cxKind) cxOutcome {
	switch k {
	case cxUnknown:
		return cxUnjoined
	case cxMentor:
		return cxOK
	}
	return cxNotFound
}

// cxWithdrawAll takes back what cxApprovedQuote approved, whoever's cell it was.
func cxWithdrawAll(t *testing.T, w *cxWorld, _ gossh.Signer, share string, _ tuitest.Result) {
	t.Helper()
	_, err := w.app.Service.WithdrawQuote(context.Background(), w.mentor(t), w.rGroup, cxID(t, share))
	if c := session.ErrorCode(err); c != "" && c != session.ENotFound {
		t.Fatalf("done WithdrawQuote: %v", err)
	}
}

func (w *cxWorld) mentor(t *testing.T) session.Actor {
	for _, x := range w.actors {
		if x.kind == cxMentor {
			return mustActor(t, w.app, x.key)
		}
	}
	t.Fatal("no mentor")
	return session.Actor{}
}

func (w *cxWorld) runCell(t *testing.T, c cxCell, x cxActor) {
	if why, ok := cxBugs[c.name+"/"+x.name]; ok {
		t.Skip("BUG: " + why)
	}
	key := x.key
	if key == nil {
		key = tuitest.NewKey(t)
	}
	var arg string
	if c.prep != nil {
		arg = c.prep(t, w, x)
	}
	line := c.cmd(w, arg)
	if !strings.HasPrefix(line+" ", c.of+" ") {
		t.Fatalf("column %q runs %q, not %q", c.name, line, c.of)
	}
	var opts []tuitest.Option
	if c.stdin != nil {
		opts = append(opts, tuitest.WithStdin(*c.stdin))
	}
	res := tuitest.Run(t, w.app.addr, key, line, opts...)
	if c.done != nil {
		c.done(t, w, key, arg, res)
	}
	out := res.Stdout + res.Stderr
	report := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s as %s: %s\nexit %d\nstdout: %q\nstderr: %q", line, x.name, fmt.Sprintf(format, args...), res.ExitCode, res.Stdout, res.Stderr)
	}

	want := c.want(x.kind)
	switch {
	case res.ExitCode != want.exit:
		report("want %v", want)
	case want.says != "" && !strings.Contains(res.Stderr, want.says):
		report("want %v", want)
	case res.ExitCode != 0 && res.Stdout != "":
		report("a refusal printed on stdout")
	case res.ExitCode == 0 && c.json && !json.Valid([]byte(res.Stdout)):
		report("stdout is not JSON")
	}

	may := map[string]bool{}
	for _, m := range cxSees(x.kind) {
		may[m] = true
	}
	if c.allow != nil {
		for _, m := range c.allow(x.kind) {
			may[m] = true
		}
	}
	for _, m := range c.deny {
		delete(may, m)
	}
	for _, m := range cxMarks {
		if !may[m] && strings.Contains(out, m) {
			report("leaks %q (%s)", m, cxMarkName(m))
		}
	}
	if res.ExitCode == 0 && c.shows != nil {
		for _, m := range c.shows(x.kind) {
			if !may[m] {
				t.Fatalf("column %q expects %s to show %q, which it may not see", c.name, x.name, m)
			}
			if !strings.Contains(out, m) {
				report("does not show %q (%s)", m, cxMarkName(m))
			}
		}
	}
}

func cxMarkName(m string) string {
	switch m {
	case cxMarkA:
		return "group A's name or meeting title"
	case cxMarkB:
		return "group B's name, meeting title or reflection"
	case cxMarkPriv:
		return "the mentor's private reflection"
	case cxMarkGroup:
		return "a group-visible reflection of A"
	case cxMarkShared:
		return "a shared reflection of A"
	case cxMarkC:
		return "group C's meeting, before its agreement"
	}
	return "?"
}

func TestCommandSurfaceMatrix(t *testing.T) {
	t.Parallel()
	w := newCxWorld(t)
	cells := cxCells()

	// Every command of the surface has at least one column.
	covered := map[string]bool{}
	for _, c := range cells {
		covered[c.of] = true
	}
	for _, c := range cli.Commands() {
		if !covered[c.Name] {
			t.Errorf("command %q has no column in the matrix", c.Name)
		}
	}

	start := time.Now()
	var ran atomic.Int64 // fewer than all when -run picks columns
	for _, c := range cells {
		t.Run(c.name, func(t *testing.T) {
			// The actors of one column run side by side, each with its own
			// prep and cleanup; the columns run one after another.
			for _, x := range w.actors {
				t.Run(x.name, func(t *testing.T) {
					t.Parallel()
					ran.Add(1)
					w.runCell(t, c, x)
				})
			}
		})
	}
	t.Logf("command-surface matrix: %d commands × %d actors = %d cells (%d distinct commands; %d cells ran in %v)",
		len(cells), len(w.actors), len(cells)*len(w.actors), len(covered), ran.Load(), time.Since(start).Round(time.Millisecond))
}

// cxAuthorOnlyA: the mentor alone; A's others may read it and are
// forbidden; outsiders learn nothing.
func cxAuthorOnlyA(k cxKind) cxOutcome {
	switch {
	case k == cxMentor:
		return cxOK
	case k.inA():
		return cxForbidden
	}
	return cxMember(k)
}

// cxUnjoinedOr is o for everyone who has joined.
func cxUnjoinedOr(o cxOutcome) func(cxKind) cxOutcome {
	return func(k cxKind) cxOutcome {
		if k == cxUnknown {
			return cxUnjoined
		}
		return o
	}
}

// cxFreshMeeting is a new planned meeting of group A, with the template's
// agenda.
func cxFreshMeeting(t *testing.T, w *cxWorld, _ cxActor) string {
	t.Helper()
	return fmt.Sprint(w.freshMeeting(t))
}

// cxFreshReflection is a new group reflection of the mentor's.
func cxFreshReflection(t *testing.T, w *cxWorld, _ cxActor) string {
	t.Helper()
	r, err := w.app.Service.AddReflection(context.Background(), w.mentor(t), session.ReflectionInput{GroupID: w.gA, Body: "Muokattava pohdinta", Visibility: session.VisGroup})
	if err != nil {
		t.Fatalf("prep AddReflection: %v", err)
	}
	return fmt.Sprint(r.ID)
}

// cxDropReflection removes a cell's fresh reflection if it is still there.
func cxDropReflection(t *testing.T, w *cxWorld, _ gossh.Signer, id string, _ tuitest.Result) {
	t.Helper()
	n, _ := strconv.ParseInt(id, 10, 64)
	err := w.app.Service.DeleteReflection(context.Background(), w.mentor(t), n)
	if c := session.ErrorCode(err); c != "" && c != session.ENotFound {
		t.Fatalf("done DeleteReflection: %v", err)
	}
}
