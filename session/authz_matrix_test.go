package session_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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
	*world
	actors                          []mxActor
	fac, mentor, aktori             session.Actor
	gA, gB                          int64
	live, planned                   int64
	liveItem                        int64
	task                            int64
	rGroup, rPrivate, rShared, rVis int64
	// rHidden is the mentor's silent writing in the live meeting, not
	// revealed: no room state may carry it.
	rHidden int64
	// draftKey holds the mentor's draft mxMentorDraft.
	draftKey string
	// shareToB and shareToReaders are A's decisions to share onward to
	// group B and to the readers, each with a quote still asked.
	shareToB, shareToReaders int64
	// created lists the groups each person made in a cell.
	created map[int64][]int64
	// code is the invite code a cell's prep made.
	code string
	// gC is a group of cFac's that a cell's prep brings its row into
	// without the agreement accepted; gCLive is its live meeting.
	cFac   session.Actor
	gC     int64
	gCLive int64
}

// Texts the matrix looks for where they must not be.
const (
	mxHidden      = "PIILOTETTU-KIRJOITUS"
	mxMentorDraft = "MENTORIN-LUONNOS"
)

// mxGroupRoles are the rows' roles in group A.
var mxGroupRoles = map[mxKind]session.GroupRole{
	mxFacilitator: session.GroupFacilitator,
	mxCoFac:       session.GroupCoFacilitator,
	mxMentor:      session.GroupMentor,
	mxAktori:      session.GroupAktori,
	mxSupervisor:  session.GroupSupervisor,
	mxParticipant: session.GroupParticipant,
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

// operator: the local operator alone; no row is the operator, not even
// an admin.
func mxOperatorOnly(k mxKind) string {
	if k == mxUnknown {
		return session.EUnauthorized
	}
	return session.EForbidden
}

// authorOnly: the author of a reflection alone; those who may read it
// are forbidden, those who may not learn nothing.
func mxAuthorOnly(mayRead func(mxKind) bool) func(mxKind) string {
	return func(k mxKind) string {
		switch {
		case k == mxUnknown:
			return session.EUnauthorized
		case k == mxMentor:
			return ""
		case mayRead(k):
			return session.EForbidden
		}
		return session.ENotFound
	}
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
	w := &mxWorld{world: newWorld(t), created: map[int64][]int64{}}
	svc := w.svc

	admin := w.MustPerson(t, session.RoleAdmin, "Admin")
	reader := w.MustPerson(t, session.RoleReader, "Lukija")
	globalFac := w.MustPerson(t, session.RoleFacilitator, "Ulkofasi")
	w.fac = w.MustPerson(t, session.RoleFacilitator, "Fasi")
	gA := w.MustGroup(t, w.fac, "mepe", "Ryhmä A")
	w.gA = gA.ID
	co := w.MustMember(t, w.fac, w.gA, session.GroupCoFacilitator, "Kofasi")
	w.mentor = w.MustMember(t, w.fac, w.gA, session.GroupMentor, "Mentori")
	w.aktori = w.MustMember(t, w.fac, w.gA, session.GroupAktori, "Aktori")
	sup := w.MustMember(t, w.fac, w.gA, session.GroupSupervisor, "Työnohjaaja")
	part := w.MustMember(t, w.fac, w.gA, session.GroupParticipant, "Osallistuja")
	bFac := w.MustPerson(t, session.RoleFacilitator, "B-fasi")
	w.gB = w.MustGroup(t, bFac, "mepe", "Ryhmä B").ID
	bMember := w.MustMember(t, bFac, w.gB, session.GroupParticipant, "B-jäsen")
	// Members accept their group's agreement on joining, as people do.
	for _, a := range []session.Actor{co, w.mentor, w.aktori, sup, part} {
		w.admit(t, a, w.gA)
	}
	w.admit(t, bMember, w.gB)
	unknown, err := svc.Identify(ctx, w.MustKey())
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

	d := w.MustDetail(t, w.fac, w.gA)
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
	items := w.MustAgenda(t, w.fac, w.live)
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

	writing := slices.IndexFunc(items, func(it session.AgendaItem) bool { return it.Kind == session.KindWriting })
	if writing < 0 {
		t.Fatal("live meeting has no silent-writing item")
	}
	r, err := svc.AddReflection(ctx, w.mentor, session.ReflectionInput{MeetingID: w.live, ItemID: items[writing].ID,
		Body: mxHidden, Reveal: true})
	if err != nil {
		t.Fatalf("AddReflection(silent writing): %v", err)
	}
	w.rHidden = r.ID
	w.draftKey = session.MeetingDraftKey(w.live, items[writing].ID)
	if err := svc.SaveDraft(ctx, w.mentor, w.draftKey, mxMentorDraft); err != nil {
		t.Fatalf("SaveDraft: %v", err)
	}
	share := func(aud string, quote int64) int64 {
		sh, err := svc.CreateShare(ctx, w.fac, session.ShareInput{GroupID: w.gA, What: "Jaettavaa", Audience: aud,
			How: string(session.HowFollowUp), When: "1.12.2026", Quotes: []int64{quote}})
		if err != nil {
			t.Fatalf("CreateShare(%s): %v", aud, err)
		}
		return sh.ID
	}
	w.shareToB = share(strconv.FormatInt(w.gB, 10), w.rGroup)
	w.shareToReaders = share(string(session.AudienceReaders), w.rShared)

	w.cFac = w.MustPerson(t, session.RoleFacilitator, "C-fasi")
	w.gC = w.MustGroup(t, w.cFac, "mepe", "Ryhmä C").ID
	w.gCLive = w.MustDetail(t, w.cFac, w.gC).Meetings[0].ID
	if _, err := svc.StartMeeting(ctx, w.cFac, w.gCLive); err != nil {
		t.Fatalf("StartMeeting(C): %v", err)
	}
	return w
}

// pendingInC brings the row into group C without accepting its agreement;
// unpendC takes them out again.
func (w *mxWorld) pendingInC(t *testing.T, _ *mxWorld, x mxActor) int64 {
	t.Helper()
	if !x.a.Known() {
		return 0
	}
	ctx := context.Background()
	inv, err := w.svc.CreateGroupInvite(ctx, w.cFac, w.gC, session.GroupParticipant, 1, 0)
	if err != nil {
		t.Fatalf("prep CreateGroupInvite(C): %v", err)
	}
	if _, err := w.svc.JoinGroup(ctx, x.a, inv.Code); err != nil {
		t.Fatalf("prep JoinGroup(C): %v", err)
	}
	return 0
}

func (w *mxWorld) unpendC(t *testing.T, _ *mxWorld, x mxActor, _ int64, _ error) {
	t.Helper()
	if x.a.Known() {
		if err := w.svc.LeaveGroup(context.Background(), x.a, w.gC); err != nil {
			t.Fatalf("done LeaveGroup(C): %v", err)
		}
	}
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

// admit acknowledges a group's current agreement as a member.
func (w *mxWorld) admit(t *testing.T, a session.Actor, groupID int64) {
	t.Helper()
	ctx := context.Background()
	d, err := w.svc.Group(ctx, a, groupID)
	if err != nil {
		t.Fatalf("admit: Group: %v", err)
	}
	if err := w.svc.AcknowledgeAgreement(ctx, a, groupID, d.Agreement.Version); err != nil {
		t.Fatalf("admit: AcknowledgeAgreement: %v", err)
	}
}

// inGroup reports whether the row is a member of a group.
func (w *mxWorld) inGroup(x mxActor, groupID int64) bool {
	switch groupID {
	case w.gA:
		return x.kind.inA()
	case w.gB:
		return x.kind == mxOtherGroup
	}
	return x.a.Known() && slices.Contains(w.created[x.a.Person.ID], groupID)
}

// mayRead applies DESIGN.md's visibility rules: the author always;
// group and shared ones the group's members; shared ones the readers.
func (w *mxWorld) mayRead(x mxActor, r session.Reflection) bool {
	switch {
	case !x.a.Known():
		return false
	case r.AuthorID == x.a.Person.ID:
		return true
	case r.Visibility == session.VisPrivate:
		return false
	case r.Visibility == session.VisShared && x.kind == mxReader:
		return true
	}
	return r.GroupID != 0 && w.inGroup(x, r.GroupID)
}

// readable fails on a listed reflection the row may not read.
func (w *mxWorld) readable(x mxActor, rs []session.Reflection) error {
	for _, r := range rs {
		if !w.mayRead(x, r) {
			return fmt.Errorf("lists reflection %d (%s, author %d, group %d) it may not read", r.ID, r.Visibility, r.AuthorID, r.GroupID)
		}
	}
	return nil
}

func mxHas(rs []session.Reflection, id int64) bool {
	return slices.ContainsFunc(rs, func(r session.Reflection) bool { return r.ID == id })
}

// addressedTo reports whether a share's audience includes the row.
func (w *mxWorld) addressedTo(x mxActor, aud session.ShareAudience) bool {
	if aud == session.AudienceReaders {
		return x.kind == mxReader
	}
	id, ok := strings.CutPrefix(string(aud), "group:")
	g, err := strconv.ParseInt(id, 10, 64)
	return ok && err == nil && w.inGroup(x, g)
}

// roleIn returns the row's role in group A, as the facilitator sees it.
func (w *mxWorld) roleIn(x mxActor) session.GroupRole {
	d, err := w.svc.Group(context.Background(), w.fac, w.gA)
	if err != nil || !x.a.Known() {
		return ""
	}
	if m := memberOf(d, x.a.Person.ID); m != nil {
		return m.Role
	}
	return ""
}

// quoteStatus returns the status of a quote of a share of A's.
func (w *mxWorld) quoteStatus(shareID, reflectionID int64) session.QuoteStatus {
	shs, err := w.svc.Shares(context.Background(), w.fac, w.gA)
	if err != nil {
		return ""
	}
	for _, sh := range shs {
		for _, q := range sh.Quotes {
			if sh.ID == shareID && q.ReflectionID == reflectionID {
				return q.Status
			}
		}
	}
	return ""
}

// assessmentLen is a prep: how many statements A's self-assessment has.
func (w *mxWorld) assessmentLen(t *testing.T, _ *mxWorld, _ mxActor) int64 {
	t.Helper()
	items, err := w.svc.AssessmentItems(context.Background(), w.fac, w.gA)
	if err != nil || len(items) == 0 {
		t.Fatalf("prep AssessmentItems: %d, %v", len(items), err)
	}
	return int64(len(items))
}

func mxScores(n int64) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = 3
	}
	return out
}

// mxMsg makes an error with the expected code but another message one
// that the matrix reports.
func mxMsg(err error, code, msg string) error {
	if session.ErrorCode(err) == code && session.AsError(err).Message != msg {
		return fmt.Errorf("%v, want message %s", err, msg)
	}
	return err
}

// mxLogOf fails on a visibility log with another reflection's entries.
func mxLogOf(log []session.VisibilityChange, id int64, err error) error {
	for _, c := range log {
		if c.ReflectionID != id {
			return fmt.Errorf("log of %d has an entry of %d", id, c.ReflectionID)
		}
	}
	if err != nil && len(log) > 0 {
		return fmt.Errorf("a log with an error: %v", err)
	}
	return err
}

// mxLeak fails if a room state carries the unrevealed silent writing.
func mxLeak(st *session.RoomState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if strings.Contains(string(b), mxHidden) {
		return fmt.Errorf("room state carries the unrevealed writing")
	}
	return nil
}

// inRoom enters the live room as x, if x is in group A, for one cell;
// the cell's cleanup leaves again and waits until x is gone.
func (w *mxWorld) inRoom(t *testing.T, x mxActor) {
	t.Helper()
	if !x.kind.inA() {
		return
	}
	sub, cancel := w.MustEnter(t, x.a, w.live)
	t.Cleanup(func() {
		cancel()
		if err := w.departed(x, sub); err != nil {
			t.Error(err)
		}
	})
}

// departed waits until sub, whose context has ended, is done — by then
// its departure is stored — and checks that the row has left the room.
func (w *mxWorld) departed(x mxActor, sub *session.Subscription) error {
	select {
	case <-sub.Done():
	case <-time.After(5 * time.Second):
		return fmt.Errorf("%s's subscription did not end", x.name)
	}
	st, err := w.svc.Room(context.Background(), w.fac, w.live)
	if err != nil {
		return nil // ended
	}
	if p := st.Person(x.a.Person.ID); p != nil && p.Here() {
		return fmt.Errorf("%s is still in the room", x.name)
	}
	return nil
}

// joinRoom enters the live room as the row, checks the first state it is
// sent, and leaves again.
func (w *mxWorld) joinRoom(ctx context.Context, x mxActor, meetingID int64) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sub, err := w.svc.JoinRoom(ctx, x.a, meetingID, nil)
	if err != nil {
		if sub != nil {
			return fmt.Errorf("a subscription with an error: %v", err)
		}
		return err
	}
	next, stop := context.WithTimeout(ctx, 5*time.Second)
	st := sub.Next(next)
	stop()
	cancel()
	switch {
	case st == nil:
		return fmt.Errorf("no state delivered")
	case st.MeetingID != meetingID:
		return fmt.Errorf("delivered meeting %d's state", st.MeetingID)
	}
	if err := mxLeak(st); err != nil {
		return err
	}
	return w.departed(x, sub)
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
		// read: a reader filters by every group with shared reflections
		// (A has one, B none); everyone else by their own groups.
		{op: "ReflectionGroups", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			gs, err := svc.ReflectionGroups(ctx, x.a)
			seen := map[int64]bool{}
			for _, g := range gs {
				seen[g.ID] = true
			}
			if err == nil && (seen[w.gB] != (x.kind == mxOtherGroup) || seen[w.gA] != (x.kind.inA() || x.kind == mxReader)) {
				return fmt.Errorf("ReflectionGroups gives %v", gs)
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
		{op: "InsertAgendaItem(planned)", want: mxLeader,
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				it, err := svc.InsertAgendaItem(ctx, x.a, w.planned, 0, mxItem())
				if err == nil {
					return svc.DeleteAgendaItem(ctx, w.fac, it.ID)
				}
				return err
			}},
		{op: "InsertAgendaItem(live)", want: mxLeaderConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.InsertAgendaItem(ctx, x.a, w.live, 0, mxItem())
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
		{op: "TaskResponses", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, _, err := svc.TaskResponses(ctx, x.a, w.task)
			return err
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
					w.MustJoinAlso(t, w.fac, w.gA, session.GroupAktori, w.aktori)
					w.admit(t, w.aktori, w.gA)
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
				_, cancel := w.MustEnter(t, x.a, w.live)
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
		// The group's own leaders take the lead back; nobody else may.
		{op: "Act(take_lead, in room)", want: mxLeader,
			prep: func(t *testing.T, w *mxWorld, x mxActor) int64 {
				w.inRoom(t, x)
				return 0
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				return svc.Act(ctx, x.a, w.live, session.Action{Kind: session.ActTakeLead})
			}},
		// The word ends by the one who has it (the mentor) or a leader.
		{op: "Act(end_word, in room)",
			want: func(k mxKind) string {
				if k == mxMentor {
					return ""
				}
				return mxLeader(k)
			},
			prep: func(t *testing.T, w *mxWorld, x mxActor) int64 {
				fac := mxActor{"facilitator", mxFacilitator, w.fac}
				w.inRoom(t, fac)
				w.inRoom(t, mxActor{"mentor", mxMentor, w.mentor})
				if err := svc.Act(context.Background(), w.fac, w.live, session.Action{Kind: session.ActGiveWord, Person: w.mentor.Person.ID}); err != nil {
					t.Fatalf("prep give_word: %v", err)
				}
				if x.kind != mxFacilitator && x.kind != mxMentor {
					w.inRoom(t, x)
				}
				return 0
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				return svc.Act(ctx, x.a, w.live, session.Action{Kind: session.ActEndWord})
			}},
		{op: "KeepMeetingDrafts(live)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.KeepMeetingDrafts(ctx, x.a, w.live)
			return err
		}},
		{op: "SetMeetingLink(planned)", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.SetMeetingLink(ctx, x.a, w.planned, "https://meet.jit.si/ryhma-a")
			return err
		}},
		{op: "SetMeetingLink(live)", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.SetMeetingLink(ctx, x.a, w.live, "https://meet.jit.si/ryhma-a")
			return err
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
		// The mentor's own group reflection, fresh for each cell: its
		// author alone edits, deletes and sees its history; those who may
		// read it are forbidden, those who may not learn nothing.
		{op: "EditReflection(mentor's)",
			want: mxAuthorOnly(func(k mxKind) bool { return k.inA() }),
			prep: func(t *testing.T, w *mxWorld, _ mxActor) int64 { return w.freshReflection(t) },
			run: func(ctx context.Context, w *mxWorld, x mxActor, id int64) error {
				_, err := svc.EditReflection(ctx, x.a, id, "Muokattu teksti")
				return err
			},
			done: func(t *testing.T, w *mxWorld, _ mxActor, id int64, _ error) { w.dropReflection(t, id) }},
		{op: "DeleteReflection(mentor's)",
			want: mxAuthorOnly(func(k mxKind) bool { return k.inA() }),
			prep: func(t *testing.T, w *mxWorld, _ mxActor) int64 { return w.freshReflection(t) },
			run: func(ctx context.Context, w *mxWorld, x mxActor, id int64) error {
				return svc.DeleteReflection(ctx, x.a, id)
			},
			done: func(t *testing.T, w *mxWorld, _ mxActor, id int64, err error) {
				if err != nil {
					w.dropReflection(t, id)
				}
			}},
		{op: "ReflectionHistory(mentor's)",
			want: mxAuthorOnly(func(k mxKind) bool { return k.inA() }),
			prep: func(t *testing.T, w *mxWorld, _ mxActor) int64 { return w.freshReflection(t) },
			run: func(ctx context.Context, w *mxWorld, x mxActor, id int64) error {
				_, err := svc.ReflectionHistory(ctx, x.a, id)
				return err
			},
			done: func(t *testing.T, w *mxWorld, _ mxActor, id int64, _ error) { w.dropReflection(t, id) }},
		{op: "Drafts", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			ds, err := svc.Drafts(ctx, x.a)
			// One's own drafts only: the mentor's is hers alone.
			if err == nil && x.kind != mxMentor {
				for _, d := range ds {
					if d.Key == w.draftKey {
						return fmt.Errorf("%s sees the mentor's draft", x.name)
					}
				}
			}
			return err
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
				Audience: string(session.AudienceReaders), How: string(session.HowDocument), When: "2026-12-01"})
			return err
		}},
		{op: "Shares", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.Shares(ctx, x.a, w.gA)
			return err
		}},
		// share: the reflections to quote and the groups to share to are
		// for the group's leaders only.
		{op: "ShareCandidates", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.ShareCandidates(ctx, x.a, w.gA)
			return err
		}},
		{op: "ShareTargets", want: mxLeader, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.ShareTargets(ctx, x.a, w.gA)
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
		{op: "Redeem",
			// Only an unknown key redeems; a known one has joined already.
			want: func(k mxKind) string {
				if k == mxUnknown {
					return ""
				}
				return session.EConflict
			},
			prep: func(t *testing.T, w *mxWorld, _ mxActor) int64 {
				inv, err := svc.CreateInvite(context.Background(), session.Operator(), session.InviteSpec{Role: session.RoleMember})
				if err != nil {
					t.Fatalf("prep CreateInvite: %v", err)
				}
				w.code = inv.Code
				return 0
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				a := x.a
				if !a.Known() {
					// A key of its own: the row's key stays unknown.
					var err error
					if a, err = svc.Identify(ctx, w.MustKey()); err != nil || a.Known() {
						return fmt.Errorf("prep Identify: %+v, %v", a, err)
					}
				}
				p, err := svc.Redeem(ctx, a, session.RedeemRequest{Code: w.code, Name: "Uusi " + x.name, Lang: "fi", KeyType: "ssh-ed25519"})
				if err == nil && (p == nil || p.ID == 0 || p.Role != session.RoleMember) {
					return fmt.Errorf("Redeem made %+v, want a member", p)
				}
				if x.a.Known() {
					// The key still is who it was, with the role it had.
					b, ierr := svc.Identify(ctx, x.a.Fingerprint)
					if ierr != nil || b.Person == nil || b.Person.ID != x.a.Person.ID || b.Person.Role != x.a.Person.Role {
						return fmt.Errorf("Redeem changed who the key is: %+v, %v", b.Person, ierr)
					}
				}
				return err
			}},
		{op: "BootstrapInvite", want: mxOperatorOnly, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			inv, err := svc.BootstrapInvite(ctx, x.a)
			if inv != nil {
				return fmt.Errorf("handed an admin invite to %s (err %v)", x.name, err)
			}
			return err
		}},
		{op: "SetLang(own)", want: mxKnown,
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				p, err := svc.SetLang(ctx, x.a, "fi")
				if err == nil && (p == nil || p.ID != x.a.Person.ID || p.Lang != session.LangFI) {
					return fmt.Errorf("SetLang returned %+v", p)
				}
				return err
			},
			done: func(t *testing.T, w *mxWorld, x mxActor, _ int64, err error) {
				if err == nil {
					if _, err := svc.SetLang(context.Background(), x.a, "en"); err != nil {
						t.Fatalf("done SetLang: %v", err)
					}
				}
			}},
		{op: "PlainMode(own)", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.PlainMode(ctx, x.a)
			return err
		}},
		{op: "SetPlainMode(own)", want: mxKnown,
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				if err := svc.SetPlainMode(ctx, x.a, true); err != nil {
					return err
				}
				if on, err := svc.PlainMode(ctx, x.a); err != nil || !on {
					return fmt.Errorf("line mode not stored: %v %v", on, err)
				}
				return nil
			},
			done: func(t *testing.T, w *mxWorld, x mxActor, _ int64, err error) {
				if err == nil {
					if err := svc.SetPlainMode(context.Background(), x.a, false); err != nil {
						t.Fatalf("done SetPlainMode: %v", err)
					}
				}
			}},
		{op: "SetName(own)", want: mxKnown,
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				if !x.a.Known() {
					_, err := svc.SetName(ctx, x.a, "Nimetön")
					return err
				}
				p, err := svc.SetName(ctx, x.a, x.a.Person.Name)
				if err == nil && (p == nil || p.ID != x.a.Person.ID || p.Name != x.a.Person.Name) {
					return fmt.Errorf("SetName returned %+v", p)
				}
				return err
			}},
		{op: "SetName(like A's facilitator)",
			// Nobody in A may pass for its facilitator; people of no
			// shared group may have the name.
			want: func(k mxKind) string {
				switch {
				case k == mxUnknown:
					return session.EUnauthorized
				case k.inA() && k != mxFacilitator:
					return session.EConflict
				}
				return ""
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				_, err := svc.SetName(ctx, x.a, "ＦＡＳＩ")
				if session.ErrorCode(err) == session.EConflict {
					return mxMsg(err, session.EConflict, session.MsgNameLookAlike)
				}
				return err
			},
			done: func(t *testing.T, w *mxWorld, x mxActor, _ int64, err error) {
				if err == nil && x.a.Known() {
					if _, err := svc.SetName(context.Background(), x.a, x.a.Person.Name); err != nil {
						t.Fatalf("done SetName: %v", err)
					}
				}
			}},
		{op: "AssessmentItems", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			items, err := svc.AssessmentItems(ctx, x.a, w.gA)
			if (err == nil) != (len(items) > 0) {
				return fmt.Errorf("%d statements, err %v", len(items), err)
			}
			return err
		}},
		// After SetAssessmentItems: once anyone has answered, the statements
		// no longer change.
		{op: "SubmitAssessment(live)", want: mxMember, prep: w.assessmentLen,
			run: func(ctx context.Context, w *mxWorld, x mxActor, n int64) error {
				return svc.SubmitAssessment(ctx, x.a, w.live, mxScores(n), "Arvio")
			}},
		{op: "MyAssessment",
			want: mxMember,
			// The mentor and the aktori have answered: nobody else sees
			// their answers.
			prep: func(t *testing.T, w *mxWorld, x mxActor) int64 {
				n := w.assessmentLen(t, w, x)
				for _, a := range []session.Actor{w.mentor, w.aktori} {
					if err := svc.SubmitAssessment(context.Background(), a, w.live, mxScores(n), "Oma arvio"); err != nil {
						t.Fatalf("prep SubmitAssessment(%s): %v", a.Person.Name, err)
					}
				}
				return 0
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				my, err := svc.MyAssessment(ctx, x.a, w.gA)
				if err != nil || my == nil {
					if my != nil {
						return fmt.Errorf("an assessment with an error: %v", err)
					}
					return err
				}
				for _, ans := range []*session.AssessmentAnswer{my.Before, my.After} {
					if ans != nil && ans.PersonID != x.a.Person.ID {
						return fmt.Errorf("shows person %d's answers", ans.PersonID)
					}
				}
				if x.kind == mxMentor && my.Before == nil {
					return fmt.Errorf("the mentor's own answer is missing")
				}
				return nil
			}},
		{op: "SubmitFeedback(live)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return svc.SubmitFeedback(ctx, x.a, w.live, 4, "hyvä")
		}},
		{op: "SubmitFeedback(planned)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return mxMsg(svc.SubmitFeedback(ctx, x.a, w.planned, 4, "hyvä"), session.EConflict, session.MsgFeedbackNotYet)
		}},
		{op: "SharedWithMe", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			shs, err := svc.SharedWithMe(ctx, x.a)
			seen := map[int64]bool{}
			for _, sh := range shs {
				seen[sh.ID] = true
				if !w.addressedTo(x, sh.Audience) {
					return fmt.Errorf("shows share %d to %s", sh.ID, sh.Audience)
				}
				for _, q := range sh.Quotes {
					if q.Status != session.QuoteApproved {
						return fmt.Errorf("shows the %s quote of reflection %d", q.Status, q.ReflectionID)
					}
				}
			}
			switch {
			case err != nil:
			case x.kind == mxReader && !seen[w.shareToReaders]:
				return fmt.Errorf("the readers' share is missing")
			case x.kind == mxOtherGroup && !seen[w.shareToB]:
				return fmt.Errorf("the share to group B is missing")
			}
			return err
		}},
		{op: "ApprovalRequests", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			rs, err := svc.ApprovalRequests(ctx, x.a)
			for _, r := range rs {
				if !x.a.Known() || r.AuthorID != x.a.Person.ID {
					return fmt.Errorf("lists a request to person %d (%q)", r.AuthorID, r.Excerpt)
				}
			}
			if err == nil && x.kind == mxMentor && len(rs) == 0 {
				return fmt.Errorf("the mentor's requests are missing")
			}
			return err
		}},
		{op: "AnswerQuote(mentor's)",
			// The author alone answers; to anyone else there is no such
			// request to answer.
			want: func(k mxKind) string {
				switch k {
				case mxUnknown:
					return session.EUnauthorized
				case mxMentor:
					return ""
				}
				return session.ENotFound
			},
			prep: func(t *testing.T, w *mxWorld, _ mxActor) int64 {
				sh, err := svc.CreateShare(context.Background(), w.fac, session.ShareInput{GroupID: w.gA, What: "Lainaus",
					Audience: string(session.AudienceReaders), How: string(session.HowDocument), When: "1.12.2026", Quotes: []int64{w.rGroup}})
				if err != nil {
					t.Fatalf("prep CreateShare: %v", err)
				}
				return sh.ID
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, id int64) error {
				err := svc.AnswerQuote(ctx, x.a, id, w.rGroup, true)
				want := session.QuoteAsked
				if err == nil {
					want = session.QuoteApproved
				}
				if got := w.quoteStatus(id, w.rGroup); got != want {
					return fmt.Errorf("quote is %q after AnswerQuote (%v), want %q", got, err, want)
				}
				return err
			}},
		{op: "MyQuotes", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			qs, err := svc.MyQuotes(ctx, x.a)
			for _, q := range qs {
				if !x.a.Known() || q.AuthorID != x.a.Person.ID {
					return fmt.Errorf("lists a quote of person %d (%q)", q.AuthorID, q.Excerpt)
				}
			}
			if err == nil && x.kind == mxMentor && len(qs) == 0 {
				return fmt.Errorf("the mentor's quotes are missing")
			}
			return err
		}},
		{op: "WithdrawQuote(mentor's)",
			// The author alone withdraws; to anyone else there is no
			// approval of theirs to withdraw.
			want: func(k mxKind) string {
				switch k {
				case mxUnknown:
					return session.EUnauthorized
				case mxMentor:
					return ""
				}
				return session.ENotFound
			},
			prep: func(t *testing.T, w *mxWorld, _ mxActor) int64 {
				ctx := context.Background()
				sh, err := svc.CreateShare(ctx, w.fac, session.ShareInput{GroupID: w.gA, What: "Peruttava",
					Audience: string(session.AudienceReaders), How: string(session.HowDocument), When: "1.12.2026", Quotes: []int64{w.rGroup}})
				if err != nil {
					t.Fatalf("prep CreateShare: %v", err)
				}
				if err := svc.AnswerQuote(ctx, w.mentor, sh.ID, w.rGroup, true); err != nil {
					t.Fatalf("prep AnswerQuote: %v", err)
				}
				return sh.ID
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, id int64) error {
				_, err := svc.WithdrawQuote(ctx, x.a, w.rGroup, id)
				want := session.QuoteApproved
				if err == nil {
					want = session.QuoteWithdrawn
				}
				if got := w.quoteStatus(id, w.rGroup); got != want {
					return fmt.Errorf("quote is %q after WithdrawQuote (%v), want %q", got, err, want)
				}
				return err
			},
			done: func(t *testing.T, w *mxWorld, _ mxActor, id int64, _ error) {
				if _, err := svc.WithdrawQuote(context.Background(), w.mentor, w.rGroup, id); err != nil && session.ErrorCode(err) != session.ENotFound {
					t.Fatalf("done WithdrawQuote: %v", err)
				}
			}},
		{op: "FindGroup(name)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			g, err := svc.FindGroup(ctx, x.a, "Ryhmä A")
			if err == nil && (g == nil || g.ID != w.gA) {
				return fmt.Errorf("found %+v", g)
			}
			return err
		}},
		{op: "FindGroup(id)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			g, err := svc.FindGroup(ctx, x.a, strconv.FormatInt(w.gA, 10))
			if err == nil && (g == nil || g.ID != w.gA) {
				return fmt.Errorf("found %+v", g)
			}
			return err
		}},
		{op: "JoinGroup(A's invite)",
			// The invite is the right: anyone who has joined may use it;
			// A's members are members already, in the role they have.
			want: func(k mxKind) string {
				switch {
				case k == mxUnknown:
					return session.EUnauthorized
				case k.inA():
					return session.EConflict
				}
				return ""
			},
			prep: func(t *testing.T, w *mxWorld, _ mxActor) int64 {
				inv, err := svc.CreateGroupInvite(context.Background(), w.fac, w.gA, session.GroupParticipant, 1, 0)
				if err != nil {
					t.Fatalf("prep CreateGroupInvite: %v", err)
				}
				w.code = inv.Code
				return 0
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				g, err := svc.JoinGroup(ctx, x.a, w.code)
				if err == nil && (g == nil || g.ID != w.gA) {
					return fmt.Errorf("joined %+v", g)
				}
				if x.kind.inA() {
					if got, want := w.roleIn(x), mxGroupRoles[x.kind]; got != want {
						return fmt.Errorf("role in A is %q after JoinGroup (%v), want %q", got, err, want)
					}
				}
				return err
			},
			done: func(t *testing.T, w *mxWorld, x mxActor, _ int64, err error) {
				if err == nil && !x.kind.inA() {
					if err := svc.RemoveMember(context.Background(), w.fac, w.gA, x.a.Person.ID); err != nil {
						t.Fatalf("done RemoveMember: %v", err)
					}
				}
			}},
		{op: "LeaveGroup(A)",
			// Anyone may leave, but the last facilitator cannot go.
			want: func(k mxKind) string {
				if k == mxFacilitator {
					return session.EConflict
				}
				return mxMember(k)
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				err := svc.LeaveGroup(ctx, x.a, w.gA)
				if err != nil && x.kind.inA() {
					if got, want := w.roleIn(x), mxGroupRoles[x.kind]; got != want {
						return fmt.Errorf("role in A is %q after a refused leave (%v), want %q", got, err, want)
					}
				}
				return err
			},
			done: func(t *testing.T, w *mxWorld, x mxActor, _ int64, err error) {
				switch {
				case err != nil || !x.kind.inA():
				case x.kind == mxFacilitator:
					t.Fatalf("the last facilitator left group A")
				default:
					w.MustJoinAlso(t, w.fac, w.gA, mxGroupRoles[x.kind], x.a)
					w.admit(t, x.a, w.gA)
				}
			}},
		{op: "Overview", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			o, err := svc.Overview(ctx, x.a)
			if err != nil || o == nil {
				return err
			}
			for _, g := range o.Groups {
				if !w.inGroup(x, g.ID) {
					return fmt.Errorf("shows group %d (%s)", g.ID, g.Name)
				}
			}
			for _, m := range o.Meetings {
				if !w.inGroup(x, m.GroupID) {
					return fmt.Errorf("shows meeting %d of group %d", m.ID, m.GroupID)
				}
			}
			for _, tk := range o.Tasks {
				if !w.inGroup(x, tk.GroupID) {
					return fmt.Errorf("shows task %d of group %d", tk.ID, tk.GroupID)
				}
			}
			if x.kind.inA() && !slices.ContainsFunc(o.Groups, func(g session.GroupSummary) bool { return g.ID == w.gA }) {
				return fmt.Errorf("group A is missing")
			}
			return nil
		}},
		{op: "Meetings(all groups)", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			ms, err := svc.Meetings(ctx, x.a, 0)
			for _, m := range ms {
				if !w.inGroup(x, m.GroupID) {
					return fmt.Errorf("lists meeting %d of group %d", m.ID, m.GroupID)
				}
			}
			if err == nil && x.kind.inA() && !slices.ContainsFunc(ms, func(m session.Meeting) bool { return m.ID == w.live }) {
				return fmt.Errorf("A's live meeting is missing")
			}
			return err
		}},
		// Before a group's agreement its member knows the group's name and
		// nothing of its meetings or its size.
		{op: "Meetings(all groups, before C's agreement)", want: mxKnown, prep: w.pendingInC, done: w.unpendC,
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				ms, err := svc.Meetings(ctx, x.a, 0)
				for _, m := range ms {
					if m.GroupID == w.gC {
						return fmt.Errorf("lists meeting %d (%q, %s) of group C before its agreement", m.ID, m.Title, m.State)
					}
				}
				return err
			}},
		{op: "Groups(before C's agreement)", want: mxKnown, prep: w.pendingInC, done: w.unpendC,
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				gs, err := svc.Groups(ctx, x.a)
				for _, g := range gs {
					if g.ID == w.gC && (g.Members != 0 || !g.NextStart.IsZero()) {
						return fmt.Errorf("group C before its agreement: %d members, next %v", g.Members, g.NextStart)
					}
				}
				if err == nil && x.a.Known() && !slices.ContainsFunc(gs, func(g session.GroupSummary) bool { return g.ID == w.gC }) {
					return fmt.Errorf("group C is missing")
				}
				return err
			}},
		{op: "Overview(before C's agreement)", want: mxKnown, prep: w.pendingInC, done: w.unpendC,
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				o, err := svc.Overview(ctx, x.a)
				if err != nil {
					return err
				}
				for _, m := range o.Meetings {
					if m.GroupID == w.gC {
						return fmt.Errorf("shows meeting %d of group C before its agreement", m.ID)
					}
				}
				for _, g := range o.Groups {
					if g.ID == w.gC && g.Members != 0 {
						return fmt.Errorf("group C before its agreement: %d members", g.Members)
					}
				}
				return nil
			}},
		{op: "AddReflection(group A)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			r, err := svc.AddReflection(ctx, x.a, session.ReflectionInput{GroupID: w.gA, Body: "Ryhmään " + x.name, Visibility: session.VisGroup})
			if err == nil && (r.AuthorID != x.a.Person.ID || r.GroupID != w.gA || r.Visibility != session.VisGroup) {
				return fmt.Errorf("stored %+v", r)
			}
			return err
		}},
		{op: "AddReflection(live meeting)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			r, err := svc.AddReflection(ctx, x.a, session.ReflectionInput{MeetingID: w.live, Body: "Tapaamisessa " + x.name})
			if err == nil && (r.AuthorID != x.a.Person.ID || r.GroupID != w.gA || r.MeetingID != w.live || r.Visibility != session.VisPrivate) {
				return fmt.Errorf("stored %+v", r)
			}
			return err
		}},
		{op: "AddReflection(journal)", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			r, err := svc.AddReflection(ctx, x.a, session.ReflectionInput{Body: "Päiväkirjaan " + x.name})
			if err == nil && (r.AuthorID != x.a.Person.ID || r.GroupID != 0 || r.Visibility != session.VisPrivate) {
				return fmt.Errorf("stored %+v", r)
			}
			return err
		}},
		{op: "Reflections(all)", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			rs, err := svc.Reflections(ctx, x.a, session.ReflectionFilter{Limit: session.MaxPageSize})
			if lerr := w.readable(x, rs); lerr != nil {
				return lerr
			}
			if err != nil {
				return err
			}
			for _, c := range []struct {
				id   int64
				want bool
			}{
				{w.rPrivate, x.kind == mxMentor},
				{w.rHidden, x.kind == mxMentor},
				{w.rGroup, x.kind.inA()},
				{w.rShared, x.kind.inA() || x.kind == mxReader},
			} {
				if mxHas(rs, c.id) != c.want {
					return fmt.Errorf("reflection %d listed: %v, want %v", c.id, !c.want, c.want)
				}
			}
			return nil
		}},
		{op: "Reflections(search private text)", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			rs, err := svc.Reflections(ctx, x.a, session.ReflectionFilter{Search: "minulle OR piilotettu", Limit: session.MaxPageSize})
			if lerr := w.readable(x, rs); lerr != nil {
				return lerr
			}
			if err == nil && x.kind == mxMentor && (!mxHas(rs, w.rPrivate) || !mxHas(rs, w.rHidden)) {
				return fmt.Errorf("the mentor's own private ones are missing: %v", refIDs(rs))
			}
			return err
		}},
		{op: "Reflections(group A, private)", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			rs, err := svc.Reflections(ctx, x.a, session.ReflectionFilter{GroupID: w.gA, Visibility: session.VisPrivate, Limit: session.MaxPageSize})
			if lerr := w.readable(x, rs); lerr != nil {
				return lerr
			}
			if err == nil && x.kind == mxMentor && !mxHas(rs, w.rPrivate) {
				return fmt.Errorf("the mentor's own private one is missing: %v", refIDs(rs))
			}
			return err
		}},
		{op: "VisibilityLog(group)",
			want: mxAuthorOnly(func(k mxKind) bool { return k.inA() }),
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				log, err := svc.VisibilityLog(ctx, x.a, w.rVis)
				return mxLogOf(log, w.rVis, err)
			}},
		{op: "VisibilityLog(shared)",
			want: mxAuthorOnly(func(k mxKind) bool { return k.inA() || k == mxReader }),
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				log, err := svc.VisibilityLog(ctx, x.a, w.rShared)
				return mxLogOf(log, w.rShared, err)
			}},
		{op: "VisibilityLog(private)",
			want: mxAuthorOnly(func(mxKind) bool { return false }),
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				log, err := svc.VisibilityLog(ctx, x.a, w.rPrivate)
				return mxLogOf(log, w.rPrivate, err)
			}},
		{op: "SaveDraft(mentor's key)",
			// Drafts are per person: saving under the mentor's key keeps
			// one's own and leaves the mentor's alone.
			want: mxKnown,
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				body := "Luonnos " + x.name
				err := svc.SaveDraft(ctx, x.a, w.draftKey, body)
				if err != nil {
					return err
				}
				if got, derr := svc.Draft(ctx, x.a, w.draftKey); derr != nil || got != body {
					return fmt.Errorf("own draft = %q, %v; want %q", got, derr, body)
				}
				if x.kind != mxMentor {
					if got, derr := svc.Draft(ctx, w.mentor, w.draftKey); derr != nil || got != mxMentorDraft {
						return fmt.Errorf("the mentor's draft became %q, %v", got, derr)
					}
				}
				return nil
			},
			done: func(t *testing.T, w *mxWorld, x mxActor, _ int64, err error) {
				if err != nil {
					return
				}
				body := ""
				if x.kind == mxMentor {
					body = mxMentorDraft
				}
				if err := svc.SaveDraft(context.Background(), x.a, w.draftKey, body); err != nil {
					t.Fatalf("done SaveDraft: %v", err)
				}
			}},
		{op: "Draft(mentor's key)", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			got, err := svc.Draft(ctx, x.a, w.draftKey)
			want := ""
			if x.kind == mxMentor {
				want = mxMentorDraft
			}
			if err == nil && got != want {
				return fmt.Errorf("draft = %q, want %q", got, want)
			}
			return err
		}},
		{op: "JoinRoom(live)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return w.joinRoom(ctx, x, w.live)
		}},
		{op: "JoinRoom(planned)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return mxMsg(w.joinRoom(ctx, x, w.planned), session.EConflict, session.MsgRoomNotLive)
		}},
		// Getting people in: a dropped session's way back into the room,
		// and the wake-up of the screens that show a group's meetings.
		{op: "NoteDropped+ReturnRoom(live)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			if err := svc.NoteDropped(ctx, x.a, w.live); err != nil {
				return err
			}
			if id, err := svc.ReturnRoom(ctx, x.a); err != nil || id != w.live {
				return fmt.Errorf("ReturnRoom = %d, %v; want %d", id, err, w.live)
			}
			if id, err := svc.ReturnRoom(ctx, x.a); err != nil || id != 0 {
				return fmt.Errorf("ReturnRoom again = %d, %v; want it used up", id, err)
			}
			return nil
		}},
		{op: "NoteDropped(planned)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return mxMsg(svc.NoteDropped(ctx, x.a, w.planned), session.EConflict, session.MsgRoomNotLive)
		}},
		{op: "ReturnRoom", want: mxKnown, prep: func(t *testing.T, w *mxWorld, x mxActor) int64 {
			// Someone else dropped out of the room: that is no way in for
			// this row.
			var err error
			if x.kind == mxMentor {
				_, err = svc.ReturnRoom(context.Background(), w.mentor) // the earlier rows' drop
			} else {
				err = svc.NoteDropped(context.Background(), w.mentor, w.live)
			}
			if err != nil {
				t.Fatal(err)
			}
			return 0
		}, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			id, err := svc.ReturnRoom(ctx, x.a)
			if id != 0 {
				return fmt.Errorf("ReturnRoom = %d without a drop of its own", id)
			}
			return err
		}},
		{op: "WatchGroups", want: mxKnown, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			watch, err := svc.WatchGroups(ctx, x.a)
			if err == nil && watch == nil {
				return fmt.Errorf("no watch")
			}
			return err
		}},
		{op: "Room(live)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			st, err := svc.Room(ctx, x.a, w.live)
			if err != nil || st == nil {
				return err
			}
			if st.MeetingID != w.live {
				return fmt.Errorf("meeting %d's state", st.MeetingID)
			}
			return mxLeak(st)
		}},
		{op: "ItemMessages(live)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.ItemMessages(ctx, x.a, w.live, w.liveItem)
			return err
		}},
		{op: "EditWriting(hidden)", want: mxAuthorOnly(func(mxKind) bool { return false }), run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			r, err := svc.EditWriting(ctx, x.a, w.rHidden, mxHidden, true)
			if err == nil && (r.Body != mxHidden || x.kind != mxMentor) {
				return fmt.Errorf("edited %+v as %s", r, x.name)
			}
			return err
		}},
		{op: "Room(planned)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			st, err := svc.Room(ctx, x.a, w.planned)
			if st != nil {
				return fmt.Errorf("a state for a planned meeting")
			}
			return mxMsg(err, session.EConflict, session.MsgRoomNotLive)
		}},
		{op: "RestoreRooms", want: mxOperatorOnly, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.RestoreRooms(ctx, x.a)
			return err
		}},
		// Several nodes: what a node does when another changed a room.
		{op: "RoomChanged", want: mxOperatorOnly, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return svc.RoomChanged(ctx, x.a, w.live, 0)
		}},
		{op: "ReloadRooms", want: mxOperatorOnly, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return svc.ReloadRooms(ctx, x.a)
		}},
		{op: "NoteStopping", want: mxOperatorOnly, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return svc.NoteStopping(ctx, x.a)
		}},
		{op: "NodeHeartbeat", want: mxOperatorOnly, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return svc.NodeHeartbeat(ctx, x.a, "matrix-node", time.Minute)
		}},
		{op: "CreateGroup",
			// Facilitators and admins, by their global role; a leader of
			// group A who joined as a member is not one.
			want: func(k mxKind) string {
				switch k {
				case mxUnknown:
					return session.EUnauthorized
				case mxAdmin, mxGlobalFac, mxFacilitator:
					return ""
				}
				return session.EForbidden
			},
			run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
				g, err := svc.CreateGroup(ctx, x.a, "mentor-group", "Uusi ryhmä")
				if err != nil || g == nil {
					return err
				}
				w.created[x.a.Person.ID] = append(w.created[x.a.Person.ID], g.ID)
				d, gerr := svc.Group(ctx, x.a, g.ID)
				if gerr != nil || d.MyRole != session.GroupFacilitator || g.CreatedBy != x.a.Person.ID || len(d.Members) != 1 {
					return fmt.Errorf("the new group is %+v, %v", d, gerr)
				}
				return nil
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
		{op: "KeepMeetingDrafts(ended)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.KeepMeetingDrafts(ctx, x.a, w.live)
			return err
		}},
		{op: "SetMeetingLink(ended)", want: mxLeaderConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			_, err := svc.SetMeetingLink(ctx, x.a, w.live, "https://meet.jit.si/ryhma-a")
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
		// Answers stay open for AnswerWindow after the end.
		{op: "SubmitAssessment(ended)", want: mxMember, prep: w.assessmentLen,
			run: func(ctx context.Context, w *mxWorld, x mxActor, n int64) error {
				return svc.SubmitAssessment(ctx, x.a, w.live, mxScores(n), "Arvio jälkikäteen")
			}},
		{op: "SubmitFeedback(ended)", want: mxMember, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return svc.SubmitFeedback(ctx, x.a, w.live, 5, "hieno")
		}},
		{op: "JoinRoom(ended)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return mxMsg(w.joinRoom(ctx, x, w.live), session.EConflict, session.MsgRoomNotLive)
		}},
		{op: "NoteDropped(ended)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return mxMsg(svc.NoteDropped(ctx, x.a, w.live), session.EConflict, session.MsgRoomNotLive)
		}},
		{op: "Room(ended)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			st, err := svc.Room(ctx, x.a, w.live)
			if st != nil {
				return fmt.Errorf("a live state for an ended meeting")
			}
			return mxMsg(err, session.EConflict, session.MsgRoomNotLive)
		}},
	}
}

// mxClosedCells run once AnswerWindow has passed since the live meeting
// ended.
func mxClosedCells(w *mxWorld) []mxCell {
	svc := w.svc
	return []mxCell{
		{op: "SubmitAssessment(answers closed)", want: mxMemberConflict, prep: w.assessmentLen,
			run: func(ctx context.Context, w *mxWorld, x mxActor, n int64) error {
				return mxMsg(svc.SubmitAssessment(ctx, x.a, w.live, mxScores(n), "Myöhässä"), session.EConflict, session.MsgAnswersClosed)
			}},
		{op: "SubmitFeedback(answers closed)", want: mxMemberConflict, run: func(ctx context.Context, w *mxWorld, x mxActor, _ int64) error {
			return mxMsg(svc.SubmitFeedback(ctx, x.a, w.live, 1, "myöhässä"), session.EConflict, session.MsgAnswersClosed)
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
	t.Parallel()
	w := newMxWorld(t)
	n := w.runCells(t, mxCells(w))
	// Ending the shared live meeting comes last: the cells above need it
	// live.
	if err := w.svc.EndMeeting(context.Background(), w.fac, w.live); err != nil {
		t.Fatalf("EndMeeting: %v", err)
	}
	n += w.runCells(t, mxEndedCells(w))
	// Then the answers close.
	w.clk.Add(session.AnswerWindow + time.Minute)
	n += w.runCells(t, mxClosedCells(w))
	ops := len(mxCells(w)) + len(mxEndedCells(w)) + len(mxClosedCells(w))
	if n != ops*len(w.actors) {
		t.Fatalf("ran %d cells, want %d", n, ops*len(w.actors))
	}
	t.Logf("authorization matrix: %d operations × %d actors = %d cells", ops, len(w.actors), n)
}

// freshReflection is a new group reflection of the mentor's, edited once
// so that it has a history.
func (w *mxWorld) freshReflection(t *testing.T) int64 {
	t.Helper()
	r, err := w.svc.AddReflection(context.Background(), w.mentor, session.ReflectionInput{GroupID: w.gA, Body: "Muokattava pohdinta", Visibility: session.VisGroup})
	if err != nil {
		t.Fatalf("prep AddReflection: %v", err)
	}
	if _, err := w.svc.EditReflection(context.Background(), w.mentor, r.ID, "Muokattava pohdinta, korjattu"); err != nil {
		t.Fatalf("prep EditReflection: %v", err)
	}
	return r.ID
}

// dropReflection removes a cell's fresh reflection.
func (w *mxWorld) dropReflection(t *testing.T, id int64) {
	t.Helper()
	if err := w.svc.DeleteReflection(context.Background(), w.mentor, id); err != nil {
		t.Fatalf("done DeleteReflection: %v", err)
	}
}
