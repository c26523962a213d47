package session_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/piiri/piiri/session"
)

// The authorization matrix: every Service method that takes an Actor,
// against every kind of actor, on one group A with a live and a planned
// meeting. Expectations come from the rules in DESIGN.md "Identity and
// access": leaders edit and see aggregates and reports, members read
// their group, outsiders are told nothing exists, unknown keys must join
// first, and only admins manage people and invites.

// mxKind is the kind of actor a matrix row stands for.
type mxKind int

const (
	mxUnknown     mxKind = iota // an unknown key
	mxAdmin                     // global admin outside group A
	mxReader                    // global reader outside group A
	mxGlobalFac                 // global facilitator outside group A
	mxFacilitator               // group A's facilitator (created it)
	mxCoFac                     // group A's co-facilitator
	mxMentor                    // group A's mentor, author of the reflections
	mxAktori                    // group A's aktori
	mxSupervisor                // group A's supervisor
	mxParticipant               // group A's participant
	mxOtherGroup                // a participant of group B
)

func (k mxKind) inA() bool   { return k >= mxFacilitator && k <= mxParticipant }
func (k mxKind) leads() bool { return k == mxFacilitator || k == mxCoFac }

type mxActor struct {
	name string
	kind mxKind
	a    session.Actor
}

// mxWorld is group A with everything the matrix needs, and group B.
type mxWorld struct {
	svc                             *session.Service
	actors                          []mxActor
	fac, mentor, aktori             session.Actor
	gA, gB                          int64
	live, planned                   int64
	liveItem                        int64
	task                            int64
	rGroup, rPrivate, rShared, rVis int64
}

// Expectations, by kind of actor.

// member: A's members may; outsiders learn nothing.
func mxMember(k mxKind) string {
	switch {
	case k == mxUnknown:
		return session.EUnauthorized
	case k.inA():
		return ""
	}
	return session.ENotFound
}

// leader: A's leaders may; its other members are forbidden.
func mxLeader(k mxKind) string {
	if k.inA() && !k.leads() {
		return session.EForbidden
	}
	return mxMember(k)
}

// leaderConflict: a leader operation the state forbids.
func mxLeaderConflict(k mxKind) string {
	if k.leads() {
		return session.EConflict
	}
	return mxLeader(k)
}

// memberConflict: a member operation the state forbids.
func mxMemberConflict(k mxKind) string {
	if k.inA() {
		return session.EConflict
	}
	return mxMember(k)
}

// admin: global administration.
func mxAdminOnly(k mxKind) string {
	switch k {
	case mxUnknown:
		return session.EUnauthorized
	case mxAdmin:
		return ""
	}
	return session.EForbidden
}

// known: anyone who has joined.
func mxKnown(k mxKind) string {
	if k == mxUnknown {
		return session.EUnauthorized
	}
	return ""
}

// mxCell is one column of the matrix. prep runs before the operation
// (with the facilitator's rights, so that it cannot fail for the row's
// reasons) and returns the argument; done runs after it, with its error,
// to restore the shared state.
type mxCell struct {
	op   string
	want func(mxKind) string
	prep func(t *testing.T, w *mxWorld, x mxActor) int64
	run  func(ctx context.Context, w *mxWorld, x mxActor, arg int64) error
	done func(t *testing.T, w *mxWorld, x mxActor, arg int64, err error)
}

// mxBugs lists cells where the code breaks the rules, as "op/actor":
// they are skipped with the reason rather than enshrined.
var mxBugs = map[string]string{}

func newMxWorld(t *testing.T) *mxWorld {
	t.Helper()
	ctx := context.Background()
	svc, _ := newService(t)
	w := &mxWorld{svc: svc}

	admin := join(t, svc, session.RoleAdmin, "Admin")
	reader := join(t, svc, session.RoleReader, "Lukija")
	globalFac := join(t, svc, session.RoleFacilitator, "Ulkofasi")
	w.fac = join(t, svc, session.RoleFacilitator, "Fasi")
	gA := newGroup(t, svc, w.fac, "mepe", "Ryhmä A")
	w.gA = gA.ID
	co := joinGroup(t, svc, w.fac, w.gA, session.GroupCoFacilitator, "Kofasi")
	w.mentor = joinGroup(t, svc, w.fac, w.gA, session.GroupMentor, "Mentori")
	w.aktori = joinGroup(t, svc, w.fac, w.gA, session.GroupAktori, "Aktori")
	sup := joinGroup(t, svc, w.fac, w.gA, session.GroupSupervisor, "Työnohjaaja")
	part := joinGroup(t, svc, w.fac, w.gA, session.GroupParticipant, "Osallistuja")
	bFac := join(t, svc, session.RoleFacilitator, "B-fasi")
	w.gB = newGroup(t, svc, bFac, "mepe", "Ryhmä B").ID
	bMember := joinGroup(t, svc, bFac, w.gB, session.GroupParticipant, "B-jäsen")
	unknown, err := svc.Identify(ctx, newKey())
	if err != nil || unknown.Known() {
		t.Fatalf("unknown key: %+v, %v", unknown, err)
	}
	w.actors = []mxActor{
		{"unknown", mxUnknown, unknown},
		{"admin", mxAdmin, admin},
		{"reader", mxReader, reader},
		{"global-facilitator", mxGlobalFac, globalFac},
		{"facilitator", mxFacilitator, w.fac},
		{"co-facilitator", mxCoFac, co},
		{"mentor", mxMentor, w.mentor},
		{"aktori", mxAktori, w.aktori},
		{"supervisor", mxSupervisor, sup},
		{"participant", mxParticipant, part},
		{"other-group", mxOtherGroup, bMember},
	}

	d := groupDetail(t, svc, w.fac, w.gA)
	w.live = d.Meetings[0].ID
	m, err := svc.AddMeeting(ctx, w.fac, w.gA)
	if err != nil {
		t.Fatalf("AddMeeting: %v", err)
	}
	w.planned = m.ID
	if _, err := svc.AddAgendaItem(ctx, w.fac, w.planned, mxItem()); err != nil {
		t.Fatalf("AddAgendaItem: %v", err)
	}
	task, err := svc.CreateTask(ctx, w.fac, session.Task{GroupID: w.gA, Title: "Tehtävä", DueMeetingID: w.planned})
	if err != nil {
		t.Fatalf("CreateTask: %v", err)
	}
	w.task = task.ID
	if _, err := svc.StartMeeting(ctx, w.fac, w.live); err != nil {
		t.Fatalf("StartMeeting: %v", err)
	}
	items := agenda(t, svc, w.fac, w.live)
	if len(items) < 2 {
		t.Fatalf("live meeting has %d items; Act(next) needs two", len(items))
	}
	w.liveItem = items[0].ID

	reflect := func(vis session.Visibility, body string) int64 {
		r, err := svc.AddReflection(ctx, w.mentor, session.ReflectionInput{GroupID: w.gA, Body: body, Visibility: vis})
		if err != nil {
			t.Fatalf("AddReflection(%s): %v", vis, err)
		}
		return r.ID
	}
	w.rGroup = reflect(session.VisGroup, "Ryhmälle")
	w.rPrivate = reflect(session.VisPrivate, "Vain minulle")
	w.rShared = reflect(session.VisShared, "Lukijoille")
	w.rVis = reflect(session.VisGroup, "Näkyvyys vaihtuu")
	return w
}

func mxItem() session.AgendaItem {
	return session.AgendaItem{Title: "Kohta", Kind: session.KindTalk, Minutes: 5}
}

// freshItem adds an agenda item to the planned meeting for one cell; the
// cell's done deletes it again, keeping the agenda under its cap.
func (w *mxWorld) freshItem(t *testing.T, _ *mxWorld, _ mxActor) int64 {
	t.Helper()
	it, err := w.svc.AddAgendaItem(context.Background(), w.fac, w.planned, mxItem())
	if err != nil {
		t.Fatalf("prep AddAgendaItem: %v", err)
	}
	return it.ID
}

func (w *mxWorld) dropItem(t *testing.T, _ *mxWorld, _ mxActor, id int64, _ error) {
	t.Helper()
	err := w.svc.DeleteAgendaItem(context.Background(), w.fac, id)
	if c := session.ErrorCode(err); c != "" && c != session.ENotFound {
		t.Fatalf("done DeleteAgendaItem: %v", err)
	}
}

// freshMeeting adds a planned meeting for one cell.
func (w *mxWorld) freshMeeting(t *testing.T) int64 {
	t.Helper()
	m, err := w.svc.AddMeeting(context.Background(), w.fac, w.gA)
	if err != nil {
		t.Fatalf("prep AddMeeting: %v", err)
	}
	return m.ID
}

// endIfLive ends a cell's own meeting if it is still live.
func (w *mxWorld) endIfLive(t *testing.T, id int64) {
	t.Helper()
	err := w.svc.EndMeeting(context.Background(), w.fac, id)
	if c := session.ErrorCode(err); c != "" && c != session.EConflict {
		t.Fatalf("done EndMeeting: %v", err)
	}
}

func mxCells(w *mxWorld) []mxCell {
	svc := w.svc
	return []mxCell{
		{op: "Group", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.Group(ctx, x.a, w.gA)
			return err
		}},
		{op: "Groups", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			gs, err := svc.Groups(ctx, x.a)
			for _, g := range gs {
				if (g.ID == w.gB) != (x.kind == mxOtherGroup) || (g.ID == w.gA) != x.kind.inA() {
					return fmt.Errorf("Groups leaks group %d (%s)", g.ID, g.Name)
				}
			}
			return err
		}},
		{op: "Meetings", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.Meetings(ctx, x.a, w.gA)
			return err
		}},
		{op: "Meeting", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, _, err := svc.Meeting(ctx, x.a, w.planned)
			return err
		}},
		{op: "AddMeeting", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.AddMeeting(ctx, x.a, w.gA)
			return err
		}},
		{op: "UpdateMeeting(planned)", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.UpdateMeeting(ctx, x.a, w.planned, session.MeetingUpdate{Title: ptr("Uusi otsikko")})
			return err
		}},
		{op: "UpdateMeeting(live)", want: mxLeaderConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.UpdateMeeting(ctx, x.a, w.live, session.MeetingUpdate{Title: ptr("Uusi otsikko")})
			return err
		}},
		{op: "AddAgendaItem(planned)", want: mxLeader,
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				it, err := svc.AddAgendaItem(ctx, x.a, w.planned, mxItem())
				if err == nil {
					return svc.DeleteAgendaItem(ctx, w.fac, it.ID)
				}
				return err
			}},
		{op: "AddAgendaItem(live)", want: mxLeaderConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.AddAgendaItem(ctx, x.a, w.live, mxItem())
			return err
		}},
		{op: "UpdateAgendaItem", want: mxLeader, prep: w.freshItem, done: w.dropItem,
			run: func(ctx context.Context, w *mxWorld, x mxActor, id int64) error {
				it := mxItem()
				it.ID, it.Title = id, "Muutettu"
				_, err := svc.UpdateAgendaItem(ctx, x.a, it)
				return err
			}},
		{op: "UpdateAgendaItem(live)", want: mxLeaderConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			it := mxItem()
			it.ID = w.liveItem
			_, err := svc.UpdateAgendaItem(ctx, x.a, it)
			return err
		}},
		{op: "DeleteAgendaItem", want: mxLeader, prep: w.freshItem, done: w.dropItem,
			run: func(ctx context.Context, w *mxWorld, x mxActor, id int64) error {
				return svc.DeleteAgendaItem(ctx, x.a, id)
			}},
		{op: "MoveAgendaItem", want: mxLeader, prep: w.freshItem, done: w.dropItem,
			run: func(ctx context.Context, w *mxWorld, x mxActor, id int64) error {
				return svc.MoveAgendaItem(ctx, x.a, id, -1)
			}},
		{op: "CreateTask", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.CreateTask(ctx, x.a, session.Task{GroupID: w.gA, Title: "Uusi tehtävä"})
			return err
		}},
		{op: "CompleteTask", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return svc.CompleteTask(ctx, x.a, w.task, "Tehty")
		}},
		{op: "CreateGroupInvite(mentor)", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.CreateGroupInvite(ctx, x.a, w.gA, session.GroupMentor, 1, 0)
			return err
		}},
		{op: "RemoveMember(aktori)",
			// Leaders remove others; anyone may remove themselves.
			want: func(k mxKind) string {
				if k == mxAktori {
					return ""
				}
				return mxLeader(k)
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				return svc.RemoveMember(ctx, x.a, w.gA, w.aktori.Person.ID)
			},
			done: func(t *testing.T, w *mxWorld, _ mxActor, _ int64, err error) {
				if err == nil {
					joinAlso(t, svc, w.fac, w.gA, session.GroupAktori, w.aktori)
				}
			}},
		{op: "UpdateAgreement", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			d, err := svc.Group(ctx, w.fac, w.gA)
			if err != nil {
				return fmt.Errorf("prep Group: %w", err)
			}
			ag := d.Agreement
			ag.Goals += " " + x.name
			_, err = svc.UpdateAgreement(ctx, x.a, ag)
			return err
		}},
		{op: "AcknowledgeAgreement", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			d, err := svc.Group(ctx, w.fac, w.gA)
			if err != nil {
				return fmt.Errorf("prep Group: %w", err)
			}
			return svc.AcknowledgeAgreement(ctx, x.a, w.gA, d.Agreement.Version)
		}},
		{op: "StartMeeting(planned)", want: mxLeader,
			prep: func(t *testing.T, w *mxWorld, _ mxActor) int64 { return w.freshMeeting(t) },
			run: func(ctx context.Context, w *mxWorld, x mxActor, id int64) error {
				_, err := svc.StartMeeting(ctx, x.a, id)
				return err
			},
			done: func(t *testing.T, w *mxWorld, _ mxActor, id int64, err error) {
				if err == nil {
					w.endIfLive(t, id)
				}
			}},
		{op: "StartMeeting(live)", want: mxLeaderConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.StartMeeting(ctx, x.a, w.live)
			return err
		}},
		{op: "EndMeeting(own live)", want: mxLeader,
			prep: func(t *testing.T, w *mxWorld, _ mxActor) int64 {
				id := w.freshMeeting(t)
				if _, err := svc.StartMeeting(context.Background(), w.fac, id); err != nil {
					t.Fatalf("prep StartMeeting: %v", err)
				}
				return id
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, id int64) error {
				return svc.EndMeeting(ctx, x.a, id)
			},
			done: func(t *testing.T, w *mxWorld, _ mxActor, id int64, _ error) { w.endIfLive(t, id) }},
		{op: "Act(next, never in room)",
			// Only people the room knows act; leaders too.
			want: func(k mxKind) string {
				if k.inA() {
					return session.EForbidden
				}
				return mxMember(k)
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				return svc.Act(ctx, x.a, w.live, session.Action{Kind: session.ActNext})
			}},
		{op: "Act(next, in room)", want: mxLeader,
			prep: func(t *testing.T, w *mxWorld, x mxActor) int64 {
				if !x.kind.inA() {
					return 0
				}
				_, cancel := enter(t, svc, x.a, w.live)
				t.Cleanup(func() {
					cancel()
					waitUntil(t, x.name+" left the room", func() bool {
						st, err := svc.Room(context.Background(), w.fac, w.live)
						if err != nil {
							return true // ended
						}
						p := st.Person(x.a.Person.ID)
						return p == nil || !p.Here()
					})
				})
				return 0
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				return svc.Act(ctx, x.a, w.live, session.Action{Kind: session.ActNext})
			},
			done: func(t *testing.T, w *mxWorld, x mxActor, _ int64, err error) {
				if err == nil {
					if err := svc.Act(context.Background(), x.a, w.live, session.Action{Kind: session.ActBack}); err != nil {
						t.Fatalf("done Act(back): %v", err)
					}
				}
			}},
		{op: "MeetingSummary(live)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.MeetingSummary(ctx, x.a, w.live)
			return err
		}},
		{op: "Reflection(group)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.Reflection(ctx, x.a, w.rGroup)
			return err
		}},
		{op: "Reflection(private)",
			// The author alone; not even the facilitator.
			want: func(k mxKind) string {
				switch k {
				case mxUnknown:
					return session.EUnauthorized
				case mxMentor:
					return ""
				}
				return session.ENotFound
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				_, err := svc.Reflection(ctx, x.a, w.rPrivate)
				return err
			}},
		{op: "Reflection(shared)",
			want: func(k mxKind) string {
				if k == mxReader {
					return ""
				}
				return mxMember(k)
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				_, err := svc.Reflection(ctx, x.a, w.rShared)
				return err
			}},
		{op: "SetVisibility(mentor's)",
			// The author alone; those who may read it are forbidden,
			// those who may not learn nothing.
			want: func(k mxKind) string {
				switch {
				case k == mxMentor:
					return ""
				case k.inA():
					return session.EForbidden
				}
				return mxMember(k)
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				_, err := svc.SetVisibility(ctx, x.a, w.rVis, session.VisShared)
				return err
			},
			done: func(t *testing.T, w *mxWorld, _ mxActor, _ int64, err error) {
				if err == nil {
					if _, err := svc.SetVisibility(context.Background(), w.mentor, w.rVis, session.VisGroup); err != nil {
						t.Fatalf("done SetVisibility: %v", err)
					}
				}
			}},
		{op: "AssessmentAggregates", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.AssessmentAggregates(ctx, x.a, w.gA)
			return err
		}},
		{op: "FeedbackAggregates", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.FeedbackAggregates(ctx, x.a, w.gA)
			return err
		}},
		{op: "Report", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.Report(ctx, x.a, w.gA)
			return err
		}},
		{op: "CreateShare", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.CreateShare(ctx, x.a, session.ShareInput{GroupID: w.gA, What: "Mitä opimme",
				Audience: string(session.AudienceReaders), How: string(session.HowExport)})
			return err
		}},
		{op: "Shares", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.Shares(ctx, x.a, w.gA)
			return err
		}},
		{op: "SetAssessmentItems", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return svc.SetAssessmentItems(ctx, x.a, w.gA, []string{"Osaan kuunnella", "Uskallan kysyä"})
		}},
		{op: "People", want: mxAdminOnly, run: func(ctx context.Context, _ *mxWorld, x mxActor, _ int64) error {
			_, err := svc.People(ctx, x.a)
			return err
		}},
		{op: "CreateInvite", want: mxAdminOnly, run: func(ctx context.Context, _ *mxWorld, x mxActor, _ int64) error {
			_, err := svc.CreateInvite(ctx, x.a, session.InviteSpec{Role: session.RoleMember})
			return err
		}},
	}
}

// mxEndedCells run after the facilitator has ended the live meeting.
func mxEndedCells(w *mxWorld) []mxCell {
	svc := w.svc
	return []mxCell{
		{op: "MeetingSummary(ended)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.MeetingSummary(ctx, x.a, w.live)
			return err
		}},
		{op: "EndMeeting(ended)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return svc.EndMeeting(ctx, x.a, w.live)
		}},
		{op: "Act(next, ended)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return svc.Act(ctx, x.a, w.live, session.Action{Kind: session.ActNext})
		}},
		{op: "UpdateMeeting(ended)", want: mxLeaderConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.UpdateMeeting(ctx, x.a, w.live, session.MeetingUpdate{Title: ptr("Uusi otsikko")})
			return err
		}},
		{op: "AddAgendaItem(ended)", want: mxLeaderConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.AddAgendaItem(ctx, x.a, w.live, mxItem())
			return err
		}},
	}
}

func (w *mxWorld) runCells(t *testing.T, cells []mxCell) int {
	n := 0
	for _, c := range cells {
		t.Run(c.op, func(t *testing.T) {
			for _, x := range w.actors {
				n++
				t.Run(x.name, func(t *testing.T) {
					if why, ok := mxBugs[c.op+"/"+x.name]; ok {
						t.Skip("BUG: " + why)
					}
					var arg int64
					if c.prep != nil {
						arg = c.prep(t, w, x)
					}
					err := c.run(context.Background(), w, x, arg)
					if c.done != nil {
						c.done(t, w, x, arg, err)
					}
					if got, want := session.ErrorCode(err), c.want(x.kind); got != want {
						t.Errorf("%s as %s: err = %v (code %q), want %q", c.op, x.name, err, got, want)
					}
				})
			}
		})
	}
	return n
}

func TestAuthzMatrix(t *testing.T) {
	w := newMxWorld(t)
	n := w.runCells(t, mxCells(w))
	// Ending the shared live meeting comes last: the cells above need it
	// live.
	if err := w.svc.EndMeeting(context.Background(), w.fac, w.live); err != nil {
		t.Fatalf("EndMeeting: %v", err)
	}
	n += w.runCells(t, mxEndedCells(w))
	ops := len(mxCells(w)) + len(mxEndedCells(w))
	if n != ops*len(w.actors) {
		t.Fatalf("ran %d cells, want %d", n, ops*len(w.actors))
	}
	t.Logf("authorization matrix: %d operations × %d actors = %d cells", ops, len(w.actors), n)
}
