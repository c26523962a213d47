package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/i18n"
)

const gFac, gAino int64 = 1, 2

// groupDetail is a group of two, the viewer in role, with a meeting of
// each state, two tasks and an agreement of version 2.
func groupDetail(role session.GroupRole, acked int) *session.GroupDetail {
	at := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	return &session.GroupDetail{
		Group:  session.Group{ID: 5, Name: "Piiri", Template: "mepe"},
		MyRole: role,
		Members: []session.Member{
			{PersonID: gFac, Name: "Fasi", Role: session.GroupFacilitator, AckVersion: 2},
			{PersonID: gAino, Name: "Aino", Role: session.GroupMentor, AckVersion: acked},
		},
		Agreement: session.Agreement{GroupID: 5, Version: 2, Goals: strings.Repeat("Tavoite rivillä. ", 80), GroundRules: "Luottamus."},
		Meetings: []session.Meeting{
			{ID: 7, Title: "1. Tapaaminen", State: session.MeetingEnded, StartsAt: at, Minutes: 90},
			{ID: 8, Title: "2. Tapaaminen", State: session.MeetingLive, StartsAt: at.Add(7 * 24 * time.Hour), Minutes: 90},
			{ID: 9, Title: "3. Tapaaminen", State: session.MeetingPlanned, StartsAt: at.Add(14 * 24 * time.Hour), Minutes: 90},
		},
		Tasks: []session.Task{{ID: 3, Title: "Lue", Description: "Luku 2"}, {ID: 4, Title: "Kirjoita"}},
	}
}

// openGroup is the group screen on top with d loaded, as the person
// whose detail it is.
func openGroup(t *testing.T, m *App, d *session.GroupDetail) *groupScreen {
	t.Helper()
	g := newGroupScreen(m, d.ID)
	m.Push(g)
	m.Update(component.Result{To: g.ID(), Msg: groupLoadedMsg{d: d}})
	if g.d == nil {
		t.Fatal("the group's detail did not reach the screen")
	}
	return g
}

// TestGroupScreenKeysDoNotConflict: in every state of the group screen,
// for a facilitator and a member, in both languages, no key means two
// things, and the open form's and question's keys do not either.
func TestGroupScreenKeysDoNotConflict(t *testing.T) {
	for _, lang := range []session.Lang{session.LangFI, session.LangEN} {
		for _, who := range []struct {
			me   int64
			role session.GroupRole
		}{{gFac, session.GroupFacilitator}, {gAino, session.GroupMentor}} {
			for _, acked := range []int{2, 1} {
				m := newMemApp(lang, who.me)
				g := newGroupScreen(m, 5)
				m.Push(g)
				checkKeys(t, "loading", g.keys, g.KeyMap())
				g = openGroup(t, m, groupDetail(who.role, acked))
				for tab := range tabCount {
					state := fmt.Sprintf("%s %s acked=%d tab %d", lang, who.role, acked, tab+1)
					memPress(m, fmt.Sprint(tab+1))
					checkKeys(t, state, g.keys, g.KeyMap())
				}
				if g.mustAck && g.tab != tabAgreement {
					t.Errorf("%s acked=%d: a member who must acknowledge left the agreement for tab %d", who.role, acked, g.tab+1)
				}
				if g.leads() {
					memPress(m, "2", "x")
					if g.confirm == nil {
						t.Fatalf("%s: x opened no question", lang)
					}
					checkKeys(t, "remove question", g.confirm.Keys(), g.KeyMap())
					checkKeys(t, "group under the question", g.keys, component.KeyMap{})
					memPress(m, "esc")
					memPress(m, "i")
					if g.form == nil {
						t.Fatalf("%s: i opened no invite form", lang)
					}
					checkKeys(t, "invite form", form.Keys(m.c.Cat), g.KeyMap())
					checkKeys(t, "group under the form", g.keys, component.KeyMap{})
				}
			}
		}
	}
}

// TestGroupScreenRemovesAMemberWithTheLanguagesYesKey: in Finnish k
// answers the question and y does not; the question shows (k/e).
func TestGroupScreenRemovesAMemberWithTheLanguagesYesKey(t *testing.T) {
	m := newMemApp(session.LangFI, gFac)
	g := openGroup(t, m, groupDetail(session.GroupFacilitator, 2))
	memPress(m, "2", "down", "x")
	if g.confirm == nil || !strings.Contains(m.screen.View(), "Aino") || !strings.Contains(m.screen.View(), "(k/e)") {
		t.Fatalf("no question naming Aino with (k/e):\n%s", m.screen.View())
	}
	memPress(m, "y")
	if g.confirm != nil {
		t.Fatal("y left the question open")
	}
	memPress(m, "x")
	var ran tea.Cmd
	if ran = g.Update(keyPress("k")); ran == nil {
		t.Fatal("k did not remove the member")
	}
}

// TestGroupAgreementScrollsBeforeItIsDrawn: the agreement tab scrolls
// by the size SetSize gave, not by what the last View stored, and View
// changes nothing.
func TestGroupAgreementScrollsBeforeItIsDrawn(t *testing.T) {
	m := newMemApp(session.LangFI, gAino)
	g := openGroup(t, m, groupDetail(session.GroupMentor, 2))
	memPress(m, "3")
	memPress(m, "down", "down", "down")
	if g.cursor[tabAgreement] != 3 {
		t.Fatalf("three ↓ scrolled to %d", g.cursor[tabAgreement])
	}
	memPress(m, "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown", "pgdown")
	end := g.cursor[tabAgreement]
	n := len(agreementTab{}.lines(g, g.Width()))
	if end != n-g.bodyHeight() {
		t.Fatalf("scrolled to %d, the end is %d", end, n-g.bodyHeight())
	}
	first := g.View()
	if again := g.View(); again != first || g.cursor[tabAgreement] != end {
		t.Fatal("View changed the screen")
	}
	if !strings.Contains(first, "Versio 2") && !strings.Contains(first, "2") {
		t.Fatalf("the end of the agreement is not in view:\n%s", first)
	}
}

// TestGroupStatusWrappedOnAPhoneIsWhole: a status that wraps to two
// lines at 60 columns takes its room from the tab, so its end is not cut
// off at the screen's bottom.
func TestGroupStatusWrappedOnAPhoneIsWhole(t *testing.T) {
	for _, tab := range []string{"3", "5"} {
		m := newMemApp(session.LangFI, gFac)
		m.Update(tea.WindowSizeMsg{Width: 60, Height: 18})
		g := openGroup(t, m, groupDetail(session.GroupFacilitator, 2))
		memPress(m, tab)
		m.Update(component.Result{To: g.ID(), Msg: doneMsg{"share.recorded.one", []any{1}, nil}})
		screen := m.View().Content
		if !strings.Contains(screen, "kirjoittajalta") || !strings.Contains(screen, "lupa.") {
			t.Fatalf("tab %s: the status is cut off:\n%s", tab, screen)
		}
		if n := strings.Count(screen, "\n") + 1; n > 18 {
			t.Fatalf("tab %s: %d lines on an 18-line screen", tab, n)
		}
	}
}

// TestMeetingScreenKeysDoNotConflict: j joins a live meeting and nothing
// else on the meeting screen; no state has a key meaning two things.
func TestMeetingScreenKeysDoNotConflict(t *testing.T) {
	items := []session.AgendaItem{{ID: 1, Title: "Kierros", Kind: session.KindRound, Minutes: 10}, {ID: 2, Title: "Teema", Kind: session.KindDiscussion, Minutes: 20}}
	for _, lang := range []session.Lang{session.LangFI, session.LangEN} {
		for _, leads := range []bool{true, false} {
			for _, state := range []session.MeetingState{session.MeetingPlanned, session.MeetingLive, session.MeetingEnded} {
				m := newMemApp(lang, gFac)
				s := newMeetingScreen(m, 9, "Piiri", leads)
				m.Push(s)
				checkKeys(t, "loading", s.keys, s.KeyMap())
				m.Update(component.Result{To: s.ID(), Msg: meetingLoadedMsg{m: &session.Meeting{ID: 9, Title: "3.", State: state, Minutes: 30}, items: items}})
				name := fmt.Sprintf("%s leads=%v %s", lang, leads, state)
				checkKeys(t, name, s.keys, s.KeyMap())
				if got := s.keys.Join.Enabled(); got != (state == session.MeetingLive) {
					t.Errorf("%s: join enabled %v", name, got)
				}
				memPress(m, "j")
				if s.cursor != 0 {
					t.Errorf("%s: j moved the selection", name)
				}
				if !s.editable() {
					continue
				}
				memPress(m, "down", "d")
				if s.confirm == nil {
					t.Fatalf("%s: d opened no question", name)
				}
				checkKeys(t, name+" delete question", s.confirm.Keys(), s.KeyMap())
				checkKeys(t, name+" under the question", s.keys, component.KeyMap{})
				memPress(m, "esc", "a")
				if s.form == nil {
					t.Fatalf("%s: a opened no form", name)
				}
				checkKeys(t, name+" item form", form.Keys(m.c.Cat), s.KeyMap())
				checkKeys(t, name+" under the form", s.keys, component.KeyMap{})
			}
		}
	}
}

// TestMeetingReloadReachesItUnderTheRoom: the meeting's reload, asked
// for while the room opens on top of it, reaches the meeting screen.
func TestMeetingReloadReachesItUnderTheRoom(t *testing.T) {
	m := newMemApp(session.LangEN, gFac)
	s := newMeetingScreen(m, 9, "Piiri", true)
	m.Push(s)
	m.Push(newInviteScreen(m, &session.Invite{Code: "ABCDEFGHJK", ExpiresAt: time.Now()}, "Piiri", "made")) // any screen on top
	m.Update(component.Result{To: s.ID(), Msg: meetingLoadedMsg{m: &session.Meeting{ID: 9, Title: "3.", State: session.MeetingLive, Minutes: 30}}})
	if s.meeting == nil || s.meeting.State != session.MeetingLive {
		t.Fatal("the reload did not reach the meeting screen under the top one")
	}
}

// TestInviteAndNewGroupKeysDoNotConflict covers the two smaller screens.
func TestInviteAndNewGroupKeysDoNotConflict(t *testing.T) {
	for _, lang := range []session.Lang{session.LangFI, session.LangEN} {
		m := newMemApp(lang, gFac)
		inv := newInviteScreen(m, &session.Invite{Code: "ABCDEFGHJK", ExpiresAt: time.Now()}, "Piiri", "made")
		m.Push(inv)
		checkKeys(t, "invite", inv.keys, inv.KeyMap())
		before := inv.View()
		memPress(m, "l")
		if inv.View() == before || inv.lang == lang {
			t.Errorf("%s: l did not switch the message's language", lang)
		}
		checkKeys(t, "new group", form.Keys(m.c.Cat), formKeys(m.c.Cat))
	}
}

// TestFormKeysAreTheHelp: the help of every form lists the keys the
// form's keymap has.
func TestFormKeysAreTheHelp(t *testing.T) {
	cat := i18n.For(session.LangFI)
	got := formKeys(cat)
	var want []key.Binding
	want = append(want, form.Keys(cat).Short()...)
	if len(got.ShortHelp()) != len(want) {
		t.Fatalf("bar %d keys, keymap %d", len(got.ShortHelp()), len(want))
	}
	for i, b := range got.ShortHelp() {
		if b.Help() != want[i].Help() {
			t.Errorf("bar key %d: %v, keymap %v", i, b.Help(), want[i].Help())
		}
	}
}
