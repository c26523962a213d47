package tui

import (
	"fmt"
	"testing"

	"github.com/piiri/piiri/session"
)

// Behaviour through the app's public surface: keys in, the screen out.

func TestHelpOpensAndEscClosesOnHome(t *testing.T) {
	c := newCircle(t, session.LangEN)
	tm := c.open(c.fac, 80, 24)
	tm.notScreen("change name")
	tm.press("?")
	tm.wantScreen("change name", "join with a code", "Your groups")
	tm.press("esc")
	tm.notScreen("change name")
	tm.wantScreen("Your groups", "? help")
}

func TestQuitFromGroupGoesHome(t *testing.T) {
	c := newCircle(t, session.LangFI)
	tm := c.open(c.fac, 80, 24)
	tm.press("enter")
	tm.wantScreen("[1 Tapaamiset]")
	tm.press("q")
	tm.wantScreen("Hei, Fanni Ohjaaja", "Ryhmäsi")
	tm.notScreen("[1 Tapaamiset]")
}

// roomTerm is the facilitator in the first meeting's room with Aino.
func roomTerm(t *testing.T) (*circle, *term) {
	c := newCircle(t, session.LangEN)
	tm := c.open(c.fac, 80, 24)
	tm.press("enter", "enter", "o")
	c.enter(c.aino, c.meeting)
	c.settle()
	tm.wantScreen("Here (2)")
	return c, tm
}

func TestRoomMessageShowsInDiscussion(t *testing.T) {
	c, tm := roomTerm(t)
	tm.press("enter")
	tm.typ("Welcome, everyone")
	tm.press("enter")
	tm.wantScreen("you (leader): Welcome, everyone")
	// And Aino's session got it from the Service, stored.
	msgs, err := c.svc.ItemMessages(c.ctx, c.aino, c.meeting, c.items[0].ID)
	c.must(err)
	if len(msgs) != 1 || msgs[0].Text != "Welcome, everyone" {
		t.Fatalf("stored messages: %+v", msgs)
	}
}

// A message the Service refuses (too many too fast: the clock stands
// still, so the burst does not refill) stays in the input to send again.
func TestRefusedMessageKeepsItsText(t *testing.T) {
	c, tm := roomTerm(t)
	for i := range 5 {
		c.act(c.fac, c.meeting, session.Action{Kind: session.ActSay, Text: fmt.Sprint("burst ", i)})
	}
	c.settle()
	tm.press("enter")
	tm.typ("One more thing")
	tm.press("enter")
	tm.wantScreen("✗ You are sending messages too fast", "› One more thing")
	tm.notScreen("(leader): One more thing")
}
