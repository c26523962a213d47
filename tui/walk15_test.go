package tui

import (
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
)

// TestHomeLiveMeetingWithoutATime: a meeting started without a time set
// is "● live · group · title" on home, not "live not scheduled", and
// "[live]" in the group's list, not "not scheduled [live]".
func TestHomeLiveMeetingWithoutATime(t *testing.T) {
	for _, c := range []struct {
		lang                           session.Lang
		live, bad, inGroup, badInGroup string
	}{
		{session.LangFI, "● käynnissä · Piiri · ", "käynnissä ajankohta sopimatta", "[käynnissä]", "sopimatta [käynnissä]"},
		{session.LangEN, "● live · Piiri · ", "live not scheduled", "[live]", "scheduled [live]"},
	} {
		w := newWorld(t)
		fac := w.person(session.RoleFacilitator, "Fanni", c.lang)
		g, err := w.svc.CreateGroup(w.ctx, fac, "mepe", "Piiri")
		w.must(err)
		aino := w.member(fac, g.ID, session.GroupMentor, "Aino", c.lang)
		ms, err := w.svc.Meetings(w.ctx, fac, g.ID)
		w.must(err)
		_, err = w.svc.StartMeeting(w.ctx, fac, ms[0].ID)
		w.must(err)
		for _, size := range [][2]int{{80, 24}, {60, 18}} {
			tm := w.open(aino, size[0], size[1])
			tm.wantScreen(c.live)
			tm.notScreen(c.bad)
			tm.press("enter") // the group's meetings
			tm.wantScreen(c.inGroup)
			tm.notScreen(c.badInGroup)
		}
	}
}

// TestShareWithoutQuotesAsksNobody: a decision that quotes no reflection
// says so, and does not tell the facilitator that authors are asked.
func TestShareWithoutQuotesAsksNobody(t *testing.T) {
	for _, c := range []struct {
		lang      session.Lang
		said, bad string
	}{
		{session.LangFI, "keneltäkään ei kysytä", "kysytään lupa"},
		{session.LangEN, "nobody is asked", "asked first"},
	} {
		w := newWorld(t)
		fac := w.person(session.RoleFacilitator, "Fanni", c.lang)
		_, err := w.svc.CreateGroup(w.ctx, fac, "mepe", "Piiri")
		w.must(err)
		tm := w.open(fac, 80, 24)
		tm.press("enter", "5", "S")
		tm.typ("Kuuntelun taito")
		tm.press("tab", "tab", "tab", "tab")
		tm.typ("15.12.2026")
		tm.press("enter", "ctrl+s")
		tm.wantScreen("[5 ", c.said)
		tm.notScreen(c.bad)
	}
}

// TestMeetingPageOnAPhoneUsesItsLines: at 60×18 the agenda takes the
// lines no status needs, and a status, when there is one, is shown whole
// with the help bar still at the bottom.
func TestMeetingPageOnAPhoneUsesItsLines(t *testing.T) {
	w := newWorld(t)
	fac := w.person(session.RoleFacilitator, "Fanni", session.LangFI)
	_, err := w.svc.CreateGroup(w.ctx, fac, "mepe", "Piiri")
	w.must(err)
	tm := w.open(fac, 60, 18)
	tm.press("enter", "enter")
	tm.wantScreen("3. Roolit ja", "5. Itsearviointi")
	tm.press("s", "tab", "tab")
	tm.typ("8.12.2026 17.00")
	tm.press("ctrl+s")
	tm.wantScreen("✓ Tapaamisen tiedot tallennettu.", "esc takaisin")
	if lines := strings.Split(tm.screen(), "\n"); len(lines) > 18 {
		t.Fatalf("%d lines on an 18-line screen:\n%s", len(lines), tm.screen())
	}
	if wide := tm.overflow(); len(wide) > 0 {
		t.Fatal(wide)
	}
}

// TestJournalSavedSaysSo: saving a journal text back on home says it was
// saved and where it is, in the person's language.
func TestJournalSavedSaysSo(t *testing.T) {
	for lang, said := range map[session.Lang]string{session.LangFI: "Pohdinta tallennettu.", session.LangEN: "Reflection saved."} {
		w := newWorld(t)
		fac := w.person(session.RoleFacilitator, "Fanni", lang)
		tm := w.open(fac, 60, 18)
		tm.press("w", "ctrl+s")
		tm.typ("Ajatus päiväkirjaan.")
		tm.press("ctrl+s")
		tm.wantScreen(said)
		rs, err := w.svc.Reflections(w.ctx, fac, session.ReflectionFilter{Limit: 5})
		w.must(err)
		if len(rs) != 1 || rs[0].Body != "Ajatus päiväkirjaan." {
			t.Fatalf("%s: saved %+v", lang, rs)
		}
	}
}

// TestMembersTabUpdatesByItself: the leader's members tab shows someone
// who joins, their acknowledging the agreement and their removal without
// a key press.
func TestMembersTabUpdatesByItself(t *testing.T) {
	w := newWorld(t)
	fac := w.person(session.RoleFacilitator, "Fanni", session.LangFI)
	g, err := w.svc.CreateGroup(w.ctx, fac, "mepe", "Piiri")
	w.must(err)
	tm := w.open(fac, 80, 24)
	tm.press("enter", "2")
	tm.wantScreen("[2 Jäsenet]")

	inv, err := w.svc.CreateGroupInvite(w.ctx, fac, g.ID, session.GroupMentor, 1, 0)
	w.must(err)
	eero := w.redeem(inv.Code, "Eero", session.LangFI)
	w.settle()
	tm.wantScreen("Eero", "ei vielä hyväksytty")

	w.ack(eero, g.ID)
	w.settle()
	tm.notScreen("ei vielä hyväksytty")

	w.must(w.svc.LeaveGroup(w.ctx, eero, g.ID))
	w.settle()
	tm.notScreen("Eero")
}

// TestDoneTaskSaysEnterEdits: on a task one has done, enter opens one's
// answer to change, and the bar says so rather than "mark done".
func TestDoneTaskSaysEnterEdits(t *testing.T) {
	w := newWorld(t)
	fac := w.person(session.RoleFacilitator, "Fanni", session.LangFI)
	g, err := w.svc.CreateGroup(w.ctx, fac, "mepe", "Piiri")
	w.must(err)
	aino := w.member(fac, g.ID, session.GroupMentor, "Aino", session.LangFI)
	task, err := w.svc.CreateTask(w.ctx, fac, session.Task{GroupID: g.ID, Title: "Kuuntele"})
	w.must(err)
	tm := w.open(aino, 80, 24)
	tm.press("enter", "4")
	tm.wantScreen("enter merkitse tehdyksi")
	w.must(w.svc.CompleteTask(w.ctx, aino, task.ID, "Kuuntelin."))
	w.settle()
	tm.wantScreen("enter muokkaa vastaustasi")
	tm.press("enter")
	tm.wantScreen("Kuuntelin.")
}

// TestApprovalsBarFollowsTheQuote: the bar offers what can be done to the
// quote under the cursor: approve or decline one asked, withdraw one
// approved, approve again one withdrawn.
func TestApprovalsBarFollowsTheQuote(t *testing.T) {
	w := newWorld(t)
	fac := w.person(session.RoleFacilitator, "Fanni", session.LangFI)
	g, err := w.svc.CreateGroup(w.ctx, fac, "mepe", "Piiri")
	w.must(err)
	aino := w.member(fac, g.ID, session.GroupMentor, "Aino", session.LangFI)
	r, err := w.svc.AddReflection(w.ctx, aino, session.ReflectionInput{GroupID: g.ID, Body: "Kuuntelen.", Visibility: session.VisGroup})
	w.must(err)
	sh, err := w.svc.CreateShare(w.ctx, fac, session.ShareInput{GroupID: g.ID, What: "Taito", Audience: "readers",
		How: string(session.HowTraining), When: "15.12.2026", Quotes: []int64{r.ID}})
	w.must(err)
	tm := w.open(aino, 60, 18)
	tm.press("a")
	tm.wantScreen("y hyväksy • n kieltäydy")
	tm.notScreen("w peru lupa")
	tm.press("y")
	tm.wantScreen("w peru lupa")
	tm.notScreen("y hyväksy")
	_, err = w.svc.WithdrawQuote(w.ctx, aino, r.ID, sh.ID)
	w.must(err)
	tm.press("esc", "a")
	tm.wantScreen("y hyväksy")
	tm.notScreen("w peru lupa", "n kieltäydy")
}
