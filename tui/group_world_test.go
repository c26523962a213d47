package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/tui/room"
)

// groupWorld is a real store with a facilitator, a member who has
// acknowledged the agreement, and a Mepe! group of the two.
type groupWorld struct {
	svc       *session.Service
	fac, aino session.Actor
	group     *session.Group
}

func newGroupWorld(t *testing.T) *groupWorld {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "piiri.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := session.NewService(db)
	if err != nil {
		t.Fatal(err)
	}
	svc.Loc = time.UTC
	w := &groupWorld{svc: svc}
	join := func(code, fp, name string) session.Actor {
		if _, err := svc.Redeem(ctx, session.Actor{Fingerprint: fp}, session.RedeemRequest{Code: code, Name: name, Lang: "fi"}); err != nil {
			t.Fatal(err)
		}
		a, err := svc.Identify(ctx, fp)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	inv, err := svc.CreateInvite(ctx, session.Operator(), session.InviteSpec{Role: session.RoleFacilitator})
	if err != nil {
		t.Fatal(err)
	}
	w.fac = join(inv.Code, "SHA256:fasi", "Fasi")
	if w.group, err = svc.CreateGroup(ctx, w.fac, "mepe", "Piiri"); err != nil {
		t.Fatal(err)
	}
	ginv, err := svc.CreateGroupInvite(ctx, w.fac, w.group.ID, session.GroupMentor, 1, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	w.aino = join(ginv.Code, "SHA256:aino", "Aino")
	d, err := svc.Group(ctx, w.aino, w.group.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.AcknowledgeAgreement(ctx, w.aino, w.group.ID, d.Agreement.Version); err != nil {
		t.Fatal(err)
	}
	return w
}

// groupDriver runs an app as its program would: commands run off the update
// loop, and what they return goes to Update, one message at a time.
type groupDriver struct {
	t    *testing.T
	m    *App
	msgs chan tea.Msg
	ctx  context.Context
}

func groupDrive(t *testing.T, w *groupWorld, a session.Actor) *groupDriver {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m := NewApp(AppOptions{Ctx: ctx, Service: w.svc, Actor: a, Width: 80, Height: 24})
	d := &groupDriver{t: t, m: m, msgs: make(chan tea.Msg, 256), ctx: ctx}
	d.run(m.Init())
	return d
}

// run runs cmd (a batch's commands each on its own) and queues what it
// returns.
func (d *groupDriver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				d.run(c)
			}
			return
		}
		if msg == nil {
			return
		}
		select {
		case d.msgs <- msg:
		case <-d.ctx.Done():
		}
	}()
}

// update hands msg to the app and runs what it asks for.
func (d *groupDriver) update(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

func (d *groupDriver) groupPress(keys ...string) {
	for _, k := range keys {
		d.update(groupKey(k))
	}
}

// until handles messages as they come until cond holds.
func (d *groupDriver) until(desc string, cond func() bool) {
	d.t.Helper()
	timeout := time.After(10 * time.Second)
	for !cond() {
		select {
		case msg := <-d.msgs:
			d.update(msg)
		case <-timeout:
			d.t.Fatalf("timed out waiting for %s; screen:\n%s", desc, d.m.screen.View())
		}
	}
}

// TestMeetingStartReloadReachesTheMeetingUnderTheRoom: starting a
// meeting opens the room on top and reloads the meeting page under it;
// the reload reaches the meeting page, so it is live there before the
// room is left.
func TestMeetingStartReloadReachesTheMeetingUnderTheRoom(t *testing.T) {
	w := newGroupWorld(t)
	d := groupDrive(t, w, w.fac)
	d.until("home", func() bool { return strings.Contains(d.m.screen.View(), "Piiri") })
	d.groupPress("enter")
	g, _ := d.m.top().(*groupScreen)
	if g == nil {
		t.Fatalf("enter opened %T", d.m.top())
	}
	d.until("the group", func() bool { return g.d != nil })
	d.groupPress("enter")
	s, _ := d.m.top().(*meetingScreen)
	if s == nil {
		t.Fatalf("enter opened %T", d.m.top())
	}
	d.until("the meeting", func() bool { return s.meeting != nil })
	d.groupPress("o")
	d.until("the room on top and the meeting live under it", func() bool {
		_, inRoom := d.m.top().(*room.Screen)
		return inRoom && s.meeting.State == session.MeetingLive
	})
	if s.keys.Join.Enabled() != true || s.keys.Start.Enabled() {
		t.Fatal("the meeting page's keys are not those of a live meeting")
	}
}

// TestGroupTabsOverARealStore: the evaluation tab's data reaches the
// group screen; an invite made on the members tab opens the message to
// send, and the code is stored.
func TestGroupTabsOverARealStore(t *testing.T) {
	w := newGroupWorld(t)
	d := groupDrive(t, w, w.fac)
	d.until("home", func() bool { return strings.Contains(d.m.screen.View(), "Piiri") })
	d.groupPress("enter")
	g := d.m.top().(*groupScreen)
	d.until("the group", func() bool { return g.d != nil })
	d.groupPress("5")
	d.until("the evaluation", func() bool { return g.eval != nil })
	if v := g.View(); !strings.Contains(v, "Oma itsearviointini") {
		t.Fatalf("the evaluation tab:\n%s", v)
	}
	d.groupPress("2", "i")
	if _, ok := g.form.(inviteForm); !ok {
		t.Fatalf("i opened %T", g.form)
	}
	d.update(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	d.until("the invite message", func() bool { _, ok := d.m.top().(*inviteScreen); return ok })
	inv := d.m.top().(*inviteScreen)
	if !strings.Contains(inv.View(), session.FormatCode(inv.d.Code)) || !strings.Contains(g.status, session.FormatCode(inv.d.Code)) {
		t.Fatalf("the code is not shown:\n%s", inv.View())
	}
	d.groupPress("esc")
	if d.m.top() != any(g) || g.form != nil {
		t.Fatalf("esc went to %T, form %v", d.m.top(), g.form)
	}
}
