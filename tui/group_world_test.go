package tui

import (
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/room"
)

// The group and meeting screens over a real store: the goldens' circle
// in Finnish, driven by its facilitator's term (apptest_test.go), with
// the screens' state read off the app.

// TestMeetingStartReloadReachesTheMeetingUnderTheRoom: starting a
// meeting opens the room on top and reloads the meeting page under it;
// the reload reaches the meeting page, so it is live there before the
// room is left.
func TestMeetingStartReloadReachesTheMeetingUnderTheRoom(t *testing.T) {
	c := newCircle(t, session.LangFI)
	tm := c.open(c.fac, 80, 24)
	tm.press("enter")
	g, _ := tm.app.top().(*groupScreen)
	if g == nil || g.d == nil {
		t.Fatalf("enter opened %T, not the group loaded", tm.app.top())
	}
	tm.press("enter")
	s, _ := tm.app.top().(*meetingScreen)
	if s == nil || s.meeting == nil {
		t.Fatalf("enter opened %T, not the meeting loaded", tm.app.top())
	}
	if s.meeting.State != session.MeetingPlanned {
		t.Fatalf("the meeting is %s before it is started", s.meeting.State)
	}
	tm.press("o")
	if _, inRoom := tm.app.top().(*room.Screen); !inRoom {
		t.Fatalf("o opened %T, not the room", tm.app.top())
	}
	if s.meeting.State != session.MeetingLive {
		t.Fatalf("the meeting page under the room shows the meeting %s", s.meeting.State)
	}
	if !s.keys.Join.Enabled() || s.keys.Start.Enabled() {
		t.Fatal("the meeting page's keys are not those of a live meeting")
	}
}

// TestGroupTabsOverARealStore: the evaluation tab's data reaches the
// group screen; an invite made on the members tab opens the message to
// send, and the code is stored.
func TestGroupTabsOverARealStore(t *testing.T) {
	c := newCircle(t, session.LangFI)
	tm := c.open(c.fac, 80, 24)
	tm.press("enter")
	g := tm.app.top().(*groupScreen)
	tm.press("5")
	if g.eval == nil {
		t.Fatal("the evaluation did not reach the group screen")
	}
	tm.wantScreen("Oma itsearviointini")
	tm.press("2", "i")
	if _, ok := g.form.(inviteForm); !ok {
		t.Fatalf("i opened %T", g.form)
	}
	tm.press("ctrl+s")
	inv, ok := tm.app.top().(*inviteScreen)
	if !ok {
		t.Fatalf("ctrl+s opened %T, not the invite message", tm.app.top())
	}
	code := session.FormatCode(inv.d.Code)
	tm.wantScreen(code)
	if !strings.Contains(g.status, code) {
		t.Fatalf("the group screen's status does not name the code: %q", g.status)
	}
	stranger := c.stranger()
	if _, err := c.svc.Redeem(c.ctx, stranger, session.RedeemRequest{Code: inv.d.Code, Name: "Cecilia", Lang: "fi"}); err != nil {
		t.Fatalf("the code shown is not stored: %v", err)
	}
	tm.press("esc")
	if tm.app.top() != any(g) || g.form != nil {
		t.Fatalf("esc went to %T, form %v", tm.app.top(), g.form)
	}
}
