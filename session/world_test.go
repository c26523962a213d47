package session_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/storage/storagetest"
)

// This file is the one test-data builder of the session tests: every test
// starts from newWorld and makes its people, groups and meetings with the
// Must* helpers, through the Service as people would, failing on the
// first error. A world owns everything it hands out (store, clock, key
// counter), so no test shares mutable state with another and they all run
// with t.Parallel(). The named populations the topics need (live, evWorld,
// rfWorld, mxWorld) are built from these helpers only.

// t0 is the moment every world's clock starts at.
var t0 = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// clock is a test clock that goroutines the Service starts (a leave runs
// in its own) may read while the test moves it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// world is a Service over a fresh store (a SQLite file, or a PostgreSQL
// database with PIIRI_TEST_PG: see storagetest) whose clock the test
// moves by hand.
type world struct {
	svc  *session.Service
	db   *storage.DB
	clk  *clock
	keys *atomic.Int64 // shared with the world's other nodes
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := storagetest.Open(t)
	svc, err := session.NewService(db)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{svc: svc, db: db, clk: &clock{t: t0}, keys: new(atomic.Int64)}
	svc.Now = w.clk.Now
	return w
}

// MustNode is another Service over store (the world's own, its file
// reopened, or a wrapper) on the world's clock and keys: a restarted
// server, or a second node.
func (w *world) MustNode(t *testing.T, store session.Store) *world {
	t.Helper()
	svc, err := session.NewService(store)
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = w.clk.Now
	n := *w
	n.svc = svc
	if db, ok := store.(*storage.DB); ok {
		n.db = db
	}
	return &n
}

// MustReopen opens the world's store file again, as a new server would;
// it is closed when the test ends.
func (w *world) MustReopen(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), w.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// MustKey returns a key fingerprint nobody in the world has used.
func (w *world) MustKey() string {
	return fmt.Sprintf("SHA256:test-%d", w.keys.Add(1))
}

// MustUnknown is someone with a fresh key who has not joined.
func (w *world) MustUnknown(t *testing.T) session.Actor {
	t.Helper()
	a, err := w.svc.Identify(context.Background(), w.MustKey())
	if err != nil || a.Known() {
		t.Fatalf("fresh key: %+v, %v", a, err)
	}
	return a
}

// MustPerson makes a person with the given role through a fresh invite.
func (w *world) MustPerson(t *testing.T, role session.Role, name string) session.Actor {
	t.Helper()
	ctx := context.Background()
	inv, err := w.svc.CreateInvite(ctx, session.Operator(), session.InviteSpec{Role: role})
	if err != nil {
		t.Fatal(err)
	}
	a := w.MustUnknown(t)
	if _, err := w.svc.Redeem(ctx, a, session.RedeemRequest{Code: inv.Code, Name: name, Lang: "en", KeyType: "ssh-ed25519"}); err != nil {
		t.Fatal(err)
	}
	return w.MustIdentify(t, a)
}

// MustPersonLang is MustPerson with a language of one's own.
func (w *world) MustPersonLang(t *testing.T, role session.Role, name string, lang session.Lang) session.Actor {
	t.Helper()
	a := w.MustPerson(t, role, name)
	if _, err := w.svc.SetLang(context.Background(), a, string(lang)); err != nil {
		t.Fatal(err)
	}
	return w.MustIdentify(t, a)
}

// MustIdentify reloads an actor, as a new SSH session would.
func (w *world) MustIdentify(t *testing.T, a session.Actor) session.Actor {
	t.Helper()
	a, err := w.svc.Identify(context.Background(), a.Fingerprint)
	if err != nil || !a.Known() {
		t.Fatalf("identify: %+v, %v", a, err)
	}
	return a
}

// MustGroup makes a group from a template, led by a.
func (w *world) MustGroup(t *testing.T, a session.Actor, template, name string) *session.Group {
	t.Helper()
	g, err := w.svc.CreateGroup(context.Background(), a, template, name)
	if err != nil {
		t.Fatalf("CreateGroup(%s, %q): %v", template, name, err)
	}
	return g
}

// MustMember makes a new person a member of a group through an invite a
// leader makes, and has them acknowledge the agreement, which admits them.
func (w *world) MustMember(t *testing.T, leader session.Actor, groupID int64, role session.GroupRole, name string) session.Actor {
	t.Helper()
	a := w.MustPending(t, leader, groupID, role, name)
	w.MustAcknowledge(t, a, groupID)
	return a
}

// MustPending is MustMember before the agreement.
func (w *world) MustPending(t *testing.T, leader session.Actor, groupID int64, role session.GroupRole, name string) session.Actor {
	t.Helper()
	ctx := context.Background()
	inv, err := w.svc.CreateGroupInvite(ctx, leader, groupID, role, 1, 0)
	if err != nil {
		t.Fatalf("CreateGroupInvite(%s): %v", role, err)
	}
	a := w.MustUnknown(t)
	if _, err := w.svc.Redeem(ctx, a, session.RedeemRequest{Code: inv.Code, Name: name, Lang: "en"}); err != nil {
		t.Fatalf("redeem group invite: %v", err)
	}
	return w.MustIdentify(t, a)
}

// MustJoinAlso brings someone who has already joined into another group.
func (w *world) MustJoinAlso(t *testing.T, leader session.Actor, groupID int64, role session.GroupRole, a session.Actor) {
	t.Helper()
	ctx := context.Background()
	inv, err := w.svc.CreateGroupInvite(ctx, leader, groupID, role, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.JoinGroup(ctx, a, inv.Code); err != nil {
		t.Fatalf("JoinGroup: %v", err)
	}
	w.MustAcknowledge(t, a, groupID)
}

// MustAcknowledge accepts the group's current agreement as a.
func (w *world) MustAcknowledge(t *testing.T, a session.Actor, groupID int64) {
	t.Helper()
	d := w.MustDetail(t, a, groupID)
	if err := w.svc.AcknowledgeAgreement(context.Background(), a, groupID, d.Agreement.Version); err != nil {
		t.Fatalf("AcknowledgeAgreement: %v", err)
	}
}

// MustDetail is the group as a sees it.
func (w *world) MustDetail(t *testing.T, a session.Actor, groupID int64) *session.GroupDetail {
	t.Helper()
	d, err := w.svc.Group(context.Background(), a, groupID)
	if err != nil {
		t.Fatalf("Group: %v", err)
	}
	return d
}

// MustSummary is the group as it is listed to a.
func (w *world) MustSummary(t *testing.T, a session.Actor, groupID int64) *session.GroupSummary {
	t.Helper()
	gs, err := w.svc.Groups(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	for i := range gs {
		if gs[i].ID == groupID {
			return &gs[i]
		}
	}
	t.Fatalf("group %d not among %s's groups", groupID, a.Person.Name)
	return nil
}

// MustLeaderAndMember makes a facilitator, a group from a template and one
// mentor in it.
func (w *world) MustLeaderAndMember(t *testing.T, template string) (f, m session.Actor, g *session.GroupDetail) {
	t.Helper()
	f = w.MustPerson(t, session.RoleFacilitator, "Fasi")
	gr := w.MustGroup(t, f, template, "Ryhmä")
	m = w.MustMember(t, f, gr.ID, session.GroupMentor, "Mentori")
	return f, m, w.MustDetail(t, f, gr.ID)
}

// MustMeeting is a meeting as a sees it.
func (w *world) MustMeeting(t *testing.T, a session.Actor, meetingID int64) session.Meeting {
	t.Helper()
	m, _, err := w.svc.Meeting(context.Background(), a, meetingID)
	if err != nil {
		t.Fatalf("Meeting: %v", err)
	}
	return *m
}

// MustAgenda is a meeting's agenda as a sees it.
func (w *world) MustAgenda(t *testing.T, a session.Actor, meetingID int64) []session.AgendaItem {
	t.Helper()
	_, items, err := w.svc.Meeting(context.Background(), a, meetingID)
	if err != nil {
		t.Fatalf("Meeting: %v", err)
	}
	return items
}

// MustStart starts a meeting as a.
func (w *world) MustStart(t *testing.T, a session.Actor, meetingID int64) *session.RoomState {
	t.Helper()
	st, err := w.svc.StartMeeting(context.Background(), a, meetingID)
	if err != nil {
		t.Fatalf("StartMeeting: %v", err)
	}
	return st
}

// MustEnd ends a live meeting as a.
func (w *world) MustEnd(t *testing.T, a session.Actor, meetingID int64) {
	t.Helper()
	if err := w.svc.EndMeeting(context.Background(), a, meetingID); err != nil {
		t.Fatalf("EndMeeting: %v", err)
	}
}

// MustHold starts and ends each meeting at once, as a.
func (w *world) MustHold(t *testing.T, a session.Actor, meetingIDs ...int64) {
	t.Helper()
	for _, id := range meetingIDs {
		w.MustStart(t, a, id)
		w.MustEnd(t, a, id)
	}
}

// MustReflect adds a reflection as a.
func (w *world) MustReflect(t *testing.T, a session.Actor, in session.ReflectionInput) *session.Reflection {
	t.Helper()
	r, err := w.svc.AddReflection(context.Background(), a, in)
	if err != nil {
		t.Fatalf("AddReflection(%s, %+v): %v", a.Person.Name, in, err)
	}
	if r.ID == 0 {
		t.Fatalf("no id: %+v", r)
	}
	return r
}

// MustEnter joins the room in a session of its own; the returned cancel
// leaves (and the test's end does).
func (w *world) MustEnter(t *testing.T, a session.Actor, meetingID int64) (*session.Subscription, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sub, err := w.svc.JoinRoom(ctx, a, meetingID, nil)
	if err != nil {
		cancel()
		t.Fatalf("JoinRoom(%s): %v", a.Person.Name, err)
	}
	t.Cleanup(cancel)
	return sub, cancel
}

// live is a world with a mepe group: a facilitator, a co-facilitator, a
// mentor and an aktori, someone outside it who leads a group of their
// own, and its first meeting.
type live struct {
	*world
	f     session.Actor // facilitator, starts the meeting
	co    session.Actor // co-facilitator
	m1    session.Actor // mentor
	m2    session.Actor // aktori
	out   session.Actor // a facilitator of another group
	g     *session.GroupDetail
	id    int64 // meeting 1
	items []session.AgendaItem
}

// newRoomGroup makes the group without starting anything.
func newRoomGroup(t *testing.T) *live {
	t.Helper()
	l := &live{world: newWorld(t)}
	l.f, l.m1, l.g = l.MustLeaderAndMember(t, "mepe")
	l.co = l.MustMember(t, l.f, l.g.ID, session.GroupCoFacilitator, "Kofasi")
	l.m2 = l.MustMember(t, l.f, l.g.ID, session.GroupAktori, "Aktori")
	l.out = l.MustPerson(t, session.RoleFacilitator, "Ulkopuolinen")
	l.MustGroup(t, l.out, "mentor-group", "Toinen ryhmä")
	l.id = l.g.Meetings[0].ID
	l.items = l.MustAgenda(t, l.f, l.id)
	return l
}

// newLive makes the group and starts its first meeting.
func newLive(t *testing.T) *live {
	t.Helper()
	l := newRoomGroup(t)
	l.MustStart(t, l.f, l.id)
	return l
}

func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	if session.ErrorCode(err) != code || session.AsError(err).Message != msg {
		t.Fatalf("err = %v, want %s %s", err, code, msg)
	}
}
