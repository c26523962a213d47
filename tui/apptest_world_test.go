package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
)

// helsinki is where the goldens' clock is.
func helsinki(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatalf("time zone: %v", err)
	}
	return loc
}

// world is a Service over a real SQLite file and its clock.
type world struct {
	t   *testing.T
	ctx context.Context
	svc *session.Service
	now atomic.Int64 // unix nanoseconds: read by command goroutines
	loc *time.Location
	fps int
	// terms are the sessions open on this world: after a key in one or a
	// Service action, each takes in what the Service published.
	terms []*term
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "piiri.db"))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := session.NewService(db)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, ctx: ctx, svc: svc, loc: helsinki(t)}
	// The waiters end with the context, then the file closes.
	t.Cleanup(func() { cancel(); db.Close() })
	w.now.Store(time.Date(2026, 12, 1, 14, 0, 0, 0, w.loc).UnixNano())
	svc.Now, svc.Loc = w.clock, w.loc
	return w
}

func (w *world) clock() time.Time { return time.Unix(0, w.now.Load()).In(w.loc) }

// advance moves the clock of the Service and of every app.
func (w *world) advance(d time.Duration) { w.now.Add(int64(d)) }

// person joins with a role through an operator's invite, in a language.
func (w *world) person(role session.Role, name string, lang session.Lang) session.Actor {
	w.t.Helper()
	inv, err := w.svc.CreateInvite(w.ctx, session.Operator(), session.InviteSpec{Role: role})
	if err != nil {
		w.t.Fatal(err)
	}
	return w.redeem(inv.Code, name, lang)
}

// member joins a group through its invite and accepts the agreement.
func (w *world) member(leader session.Actor, groupID int64, role session.GroupRole, name string, lang session.Lang) session.Actor {
	w.t.Helper()
	inv, err := w.svc.CreateGroupInvite(w.ctx, leader, groupID, role, 1, 0)
	if err != nil {
		w.t.Fatal(err)
	}
	a := w.redeem(inv.Code, name, lang)
	w.ack(a, groupID)
	return a
}

func (w *world) ack(a session.Actor, groupID int64) {
	w.t.Helper()
	d, err := w.svc.Group(w.ctx, a, groupID)
	if err != nil {
		w.t.Fatal(err)
	}
	w.must(w.svc.AcknowledgeAgreement(w.ctx, a, groupID, d.Agreement.Version))
}

func (w *world) redeem(code, name string, lang session.Lang) session.Actor {
	w.t.Helper()
	w.fps++
	a, _ := w.svc.Identify(w.ctx, w.fingerprint())
	if _, err := w.svc.Redeem(w.ctx, a, session.RedeemRequest{Code: code, Name: name, Lang: string(lang), KeyType: "ssh-ed25519"}); err != nil {
		w.t.Fatalf("redeem %s: %v", name, err)
	}
	return w.identify(a.Fingerprint)
}

// fingerprint is the next key's, fixed per world so that nothing shown
// depends on the order tests run in.
func (w *world) fingerprint() string {
	return fmt.Sprintf("SHA256:golden%039d", w.fps)
}

// stranger is a key that has not joined.
func (w *world) stranger() session.Actor {
	w.fps++
	return w.identify(w.fingerprint())
}

func (w *world) identify(fp string) session.Actor {
	w.t.Helper()
	a, err := w.svc.Identify(w.ctx, fp)
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// act is a room action by someone other than the term's person.
func (w *world) act(a session.Actor, meetingID int64, act session.Action) {
	w.t.Helper()
	if err := w.svc.Act(w.ctx, a, meetingID, act); err != nil {
		w.t.Fatalf("%s %s: %v", a.Person.Name, act.Kind, err)
	}
	w.settle()
}

// settle lets every open term take in what the Service published, until
// none has anything more (one term's key may wake another's waiter).
func (w *world) settle() {
	w.t.Helper()
	for again := true; again; {
		again = false
		for _, tm := range w.terms {
			if tm.settle() {
				again = true
			}
		}
	}
}

// enter puts a in a meeting's room as a session would, without a term.
func (w *world) enter(a session.Actor, meetingID int64) *session.Subscription {
	w.t.Helper()
	sub, err := w.svc.JoinRoom(w.ctx, a, meetingID, func() {})
	if err != nil {
		w.t.Fatalf("%s joins the room: %v", a.Person.Name, err)
	}
	return sub
}
