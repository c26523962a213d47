package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

// The reading screens (browser, reading pane, editor, delete, history,
// journal, approvals, share, text) driven through the App over the
// goldens' circle in Finnish (apptest_test.go): each state's keys are
// checked for conflicts, and the one confirm answers in the viewer's
// language.

func TestReadingScreensKeysAndConfirmInFinnish(t *testing.T) {
	c := newCircle(t, session.LangFI)
	tx := circleTexts[c.lang]
	count := func(f session.ReflectionFilter) []session.Reflection {
		t.Helper()
		f.Limit = 10
		rs, err := c.svc.Reflections(c.ctx, c.fac, f)
		c.must(err)
		return rs
	}
	tm := c.open(c.fac, 80, 24)

	// The facilitator's own note is the newest, first in the list.
	tm.press("R")
	tm.wantScreen(tx.facText, tx.ainoText)
	tm.keysOK("list")
	tm.press("/")
	tm.keysOK("search")
	tm.press("esc", "enter")
	tm.wantScreen(tx.facText)
	tm.notScreen(tx.ainoText)
	tm.keysOK("reading one's own")
	tm.press("v")
	tm.wantScreen("(k/e)")
	tm.keysOK("visibility question")
	tm.press("esc")
	tm.press("e")
	tm.keysOK("editor")
	tm.press("esc", "h")
	tm.keysOK("history")
	tm.press("esc")

	// The delete question takes k in Finnish: y keeps the text.
	tm.press("d")
	tm.wantScreen("(k/e)")
	tm.keysOK("delete question")
	tm.press("y")
	if left := count(session.ReflectionFilter{}); len(left) != 2 {
		t.Fatalf("y in Finnish deleted: %d left", len(left))
	}
	tm.press("d", "k")
	tm.wantScreen("Pohdinta poistettu") // the browser, told by id
	if left := count(session.ReflectionFilter{}); len(left) != 1 || left[0].Body != tx.ainoText {
		t.Fatalf("k did not delete the text read: %+v", left)
	}

	// The journal: the form, the editor, and the question before the
	// readers see it.
	tm.press("esc", "esc", "w")
	tm.keysOK("journal form")
	tm.paste("Jaettava ajatus ryhmästä.")
	tm.keysOK("journal editor")
	j := tm.app.top().(*journalScreen)
	j.vis = session.VisShared
	tm.press("ctrl+s")
	tm.wantScreen("(k/e)")
	tm.keysOK("journal question")
	tm.press("e") // no: nothing saved, the editor stays
	if _, ok := tm.app.top().(*journalScreen); !ok {
		t.Fatalf("e closed the journal: %T", tm.app.top())
	}
	if shared := count(session.ReflectionFilter{Visibility: session.VisShared}); len(shared) != 0 {
		t.Fatalf("e saved: %+v", shared)
	}
	tm.press("ctrl+s", "k")
	if shared := count(session.ReflectionFilter{Visibility: session.VisShared}); len(shared) != 1 || shared[0].Body != "Jaettava ajatus ryhmästä." {
		t.Fatalf("the shared text: %+v", shared)
	}

	tm.press("a")
	tm.keysOK("approvals")
	tm.press("esc")

	// The share screen's steps, over candidates as the Service gives them.
	sh := newShareScreen(tm.app.c, c.group, nil)
	tm.run(tm.app.Push(sh))
	tm.send(component.Result{To: sh.ID(), Msg: shareDataMsg{shareData: shareData{cands: []session.ShareCandidate{
		{ID: 7, Body: "Yksi. Kaksi.", AuthorName: "Aino", Sentences: []string{"Yksi.", "Kaksi."}},
	}}}})
	tm.keysOK("share form")
	sh.step = shareStepQuotes
	tm.keysOK("share quotes")
	tm.press("e")
	tm.keysOK("share excerpt")
	tm.press("esc", "esc", "esc")

	tm.run(tm.app.Push(newTextScreen(tm.app.c, "Teksti", strings.Repeat("rivi\n", 40))))
	tm.keysOK("text")
	tm.wantScreen(fmt.Sprintf("rivit 1–%d/", 22-2))
	// ? shows the page keys the bar has no room for; esc closes the help,
	// not the text.
	tm.wantScreen("ohje")
	tm.press("?")
	tm.wantScreen("sivu alas")
	tm.press("esc")
	if _, ok := tm.app.top().(*textScreen); !ok || strings.Contains(tm.screen(), "sivu alas") {
		t.Fatalf("esc did not close only the help: %T\n%s", tm.app.top(), tm.screen())
	}
}

// TestWithdrawAsksInTheViewersLanguage: the approvals question is the one
// confirm of every screen: k withdraws in Finnish, y (the English yes)
// keeps the approval.
func TestWithdrawAsksInTheViewersLanguage(t *testing.T) {
	c := newCircle(t, session.LangFI)
	quote := func() session.ApprovalRequest {
		t.Helper()
		qs, err := c.svc.MyQuotes(c.ctx, c.aino)
		if err != nil || len(qs) != 1 {
			t.Fatalf("quotes %+v %v", qs, err)
		}
		return qs[0]
	}
	q := quote()
	c.must(c.svc.AnswerQuote(c.ctx, c.aino, q.ShareID, q.ReflectionID, true))

	tm := c.open(c.aino, 80, 24)
	tm.press("a")
	tm.keysOK("approvals")
	tm.press("w")
	tm.wantScreen("(k/e)")
	tm.keysOK("withdraw question")
	tm.press("y")
	tm.wantScreen("Lupa on yhä voimassa.")
	if s := quote().Status; s != session.QuoteApproved {
		t.Fatalf("y in Finnish: the quote is %s", s)
	}
	tm.press("w", "k")
	tm.wantScreen("Lupa peruttu.")
	if s := quote().Status; s != session.QuoteWithdrawn {
		t.Fatalf("k in Finnish: the quote is %s", s)
	}
}
