package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
)

const (
	kFac  int64 = 1
	kAino int64 = 2
	kBert int64 = 3
)

// keysState is a live room with a facilitator and two members.
func keysState() *session.RoomState {
	st := &session.RoomState{MeetingID: 7, GroupID: 1, GroupName: "Piiri", Title: "1. Tapaaminen", Version: 3,
		Leaders: []int64{kFac}, Driver: kFac,
		Items: []session.AgendaItem{
			{ID: 11, Title: "Kierros", Kind: session.KindRound, Minutes: 10},
			{ID: 12, Title: "Keskustelu", Kind: session.KindDiscussion, Minutes: 15},
			{ID: 13, Title: "Hiljainen kirjoitus", Kind: session.KindWriting, Minutes: 10},
			{ID: 14, Title: "Itsearviointi", Kind: session.KindAssessment, Minutes: 10},
		},
		Current: 1,
		Timer:   session.Timer{Remaining: 15 * time.Minute},
		People: []session.Presence{
			{PersonID: kFac, Name: "Fasi", Role: session.GroupFacilitator, Sessions: 1},
			{PersonID: kAino, Name: "Aino", Role: session.GroupMentor, Sessions: 1},
			{PersonID: kBert, Name: "Bertta", Role: session.GroupMentor, Sessions: 1},
		},
	}
	return st
}

// moments are the kinds of moment the key bar follows.
var moments = []struct {
	name string
	me   int64
	set  func(r *roomScreen)
	// want and not are keys the help bar must and must not show.
	want, not []string
}{
	{"member, nothing going on", kAino, func(*roomScreen) {}, []string{"enter", "h", "?"}, []string{"d", "p", "g", "v", "n", "w", "A", "f"}},
	{"member, their turn", kAino, func(r *roomScreen) {
		r.st.Round = &session.Round{ItemID: 12, Order: []int64{kAino, kBert, kFac}}
	}, []string{"d", "p"}, []string{"g"}},
	{"member, someone else's turn", kAino, func(r *roomScreen) {
		r.st.Round = &session.Round{ItemID: 12, Order: []int64{kBert, kAino, kFac}}
	}, nil, []string{"d", "p"}},
	{"leader, hands up", kFac, func(r *roomScreen) { r.st.Hands = []int64{kAino} }, []string{"g", "n", "space"}, []string{"p", "v"}},
	{"leader, a round on", kFac, func(r *roomScreen) {
		r.st.Round = &session.Round{ItemID: 12, Order: []int64{kAino, kBert, kFac}}
	}, []string{"d"}, []string{"p", "g"}},
	{"leader, a round item before its round", kFac, func(r *roomScreen) { r.st.Current = 0 }, []string{"r"}, []string{"d", "P"}},
	{"co-leader, another leader drives", kBert, func(r *roomScreen) { r.st.Leaders = []int64{kFac, kBert} }, []string{"L"}, nil},
	{"leader, silent writing", kFac, func(r *roomScreen) { r.st.Current = 2 }, []string{"w", "v"}, []string{"A"}},
	{"leader, silent writing revealed", kFac, func(r *roomScreen) { r.st.Current, r.st.Revealed = 2, []int64{13} }, []string{"w"}, []string{"v"}},
	{"member, silent writing", kAino, func(r *roomScreen) { r.st.Current = 2 }, []string{"w"}, []string{"v"}},
	{"member, self-assessment", kAino, func(r *roomScreen) { r.st.Current = 3 }, []string{"A"}, []string{"w", "v"}},
	{"leader, last item", kFac, func(r *roomScreen) { r.st.Current = 3 }, []string{"A"}, []string{"n"}},
	{"member, browsing", kAino, func(r *roomScreen) { r.follow, r.viewing = false, 0 }, []string{"f"}, nil},
	{"member, typing", kAino, func(r *roomScreen) { r.typing = true; r.input.SetValue("hei") }, []string{"enter", "esc"}, []string{"h", "?"}},
	{"member, line open and empty", kAino, func(r *roomScreen) { r.typing = true }, []string{"esc"}, []string{"enter", "h", "?"}},
	{"leader, asked to end", kFac, func(r *roomScreen) { r.ending = true }, []string{"y", "n/esc"}, []string{"n", "?"}},
	{"leader, asked to reveal", kFac, func(r *roomScreen) { r.st.Current, r.confirmReveal = 2, true }, []string{"y", "n/esc"}, []string{"v"}},
	{"member, help open", kAino, func(r *roomScreen) { r.help = true }, []string{"?/esc", "enter"}, []string{"?"}},
	{"member, a long discussion", kAino, func(r *roomScreen) {
		for i := range 40 {
			r.st.Messages = append(r.st.Messages, session.Message{ID: int64(i + 1), PersonID: kBert, Name: "Bertta", ItemID: 12, Text: fmt.Sprintf("viesti %d", i)})
		}
	}, []string{"pgup/pgdn"}, nil},
}

// newKeysApp is a room screen in an app, drawn once at 80×24 as a
// session would be.
func newKeysApp(me int64, set func(*roomScreen)) (*App, *roomScreen) {
	m := &App{opts: AppOptions{Ctx: context.Background()}, actor: session.Actor{Person: &session.Person{ID: me, Name: "x"}},
		cat: i18n.For(session.LangEN), width: 80, height: 24, help: help.New(), isDark: true,
		watching: true} // as after Init: the group watch has started
	m.c = &component.Common{Ctx: m.opts.Ctx, Actor: m.actor, Cat: m.cat, Nav: m}
	m.setStyles()
	r := newRoomScreen(7)
	r.me, r.app = me, m
	r.st = keysState()
	r.histLoaded = map[int64]bool{11: true, 12: true, 13: true, 14: true}
	set(r)
	if r.follow {
		r.viewing = r.st.Current
	}
	m.stack = []component.Component{newHome(m)}
	m.screen = m.adapt(r)
	m.layout()
	m.View()
	return m, r
}

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "space": tea.KeySpace, "esc": tea.KeyEscape, "left": tea.KeyLeft,
		"right": tea.KeyRight, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown}
	if c, ok := named[k]; ok {
		if k == "space" {
			return tea.KeyPressMsg{Code: c, Text: " "}
		}
		return tea.KeyPressMsg{Code: c}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// TestRoomKeysFollowTheMoment: the help bar shows what this moment asks
// for, each key in the help once, and every key shown does something.
func TestRoomKeysFollowTheMoment(t *testing.T) {
	for _, mo := range moments {
		t.Run(mo.name, func(t *testing.T) {
			_, r := newKeysApp(mo.me, mo.set)
			km := r.keys(i18n.For(session.LangEN))
			shown := map[string]bool{}
			for _, b := range km.ShortHelp() {
				shown[b.Help().Key] = true
			}
			for _, k := range mo.want {
				if !shown[k] {
					t.Errorf("help bar lacks %q: %v", k, shown)
				}
			}
			for _, k := range mo.not {
				if shown[k] {
					t.Errorf("help bar shows %q, which does nothing now", k)
				}
			}
			once := map[string]bool{}
			for _, b := range km.FullHelp()[0] {
				if once[b.Help().Key] {
					t.Errorf("full help lists %q twice", b.Help().Key)
				}
				once[b.Help().Key] = true
				// A pair such as ←/→ does something when either does: at
				// the first item only → moves.
				does := false
				for _, k := range b.Keys() {
					m, r := newKeysApp(mo.me, mo.set)
					msg := keyMsg(k)
					if msg.String() != k {
						t.Fatalf("key %q reads as %q", k, msg.String())
					}
					before := m.View().Content
					_, cmd := m.Update(msg)
					does = does || cmd != nil || m.View().Content != before || m.top() != r
				}
				if !does {
					t.Errorf("key %q (%s) does nothing", b.Help().Key, b.Help().Desc)
				}
			}
		})
	}
}

// TestRoomHelpKeepsThePanes: the help overlay lists every key over the
// body (in the item pane when it fits there), the screen keeps its size,
// and closing it brings the same panes back.
func TestRoomHelpKeepsThePanes(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 18}, {100, 30}} {
		m, r := newKeysApp(kFac, func(*roomScreen) {})
		m.width, m.height = size[0], size[1]
		m.layout()
		before := m.View().Content
		m.Update(keyMsg("?"))
		out := m.View().Content
		short, more := r.momentKeys(m.cat)
		for _, b := range keys(short, more...).Full[0] {
			if !strings.Contains(out, b.Help().Desc) {
				t.Errorf("%v: help lacks %q:\n%s", size, b.Help().Desc, out)
			}
		}
		if !strings.Contains(out, "★ marks") {
			t.Errorf("%v: help lacks the ★ legend:\n%s", size, out)
		}
		if n := strings.Count(out, "\n") + 1; n != size[1] {
			t.Errorf("%v: help screen has %d lines:\n%s", size, n, out)
		}
		if size[0] >= 80 && (!strings.Contains(out, "Agenda") || !strings.Contains(out, "Here (3)")) {
			t.Errorf("%v: help hides the panes though it fits beside them:\n%s", size, out)
		}
		m.Update(keyMsg("?"))
		if m.View().Content != before {
			t.Errorf("%v: closing the help does not bring the room back", size)
		}
	}
}

// TestRoomKeyBarFits: in both languages, at 60 and 80 columns, the bar
// is one line that ends with the way to the help.
func TestRoomKeyBarFits(t *testing.T) {
	for _, lang := range []session.Lang{session.LangFI, session.LangEN} {
		for _, width := range []int{60, 80} {
			for _, mo := range moments {
				m, r := newKeysApp(mo.me, mo.set)
				m.setLang(lang)
				m.width = width
				m.layout()
				m.View()
				lines := strings.Split(m.View().Content, "\n")
				bar := ansi.Strip(lines[len(lines)-1])
				// In the room's main bar the way to the help is last;
				// a question or the input has keys of its own.
				modal := r.typing || r.ending || r.confirmReveal || r.help
				help := "? " + m.cat.T("key.help")
				if (!modal && !strings.HasSuffix(bar, help)) || ansi.StringWidth(bar) > width || len(lines) != m.height {
					t.Errorf("%s %d %s: bar %q (%d lines)", lang, width, mo.name, bar, len(lines))
				}
			}
		}
	}
}

// TestRoomConfirmInFinnish: in Finnish the room's questions take k (kyllä)
// and e (ei), and say so.
func TestRoomConfirmInFinnish(t *testing.T) {
	for _, k := range []string{"k", "y", "e"} {
		m, r := newKeysApp(kFac, func(r *roomScreen) { r.st.Current, r.confirmReveal = 2, true })
		m.setLang(session.LangFI)
		if out := m.View().Content; !strings.Contains(out, "(k/e)") {
			t.Fatalf("Finnish question:\n%s", out)
		}
		_, cmd := m.Update(keyMsg(k))
		if (cmd != nil) != (k == "k") || r.confirmReveal {
			t.Errorf("%q: reveal sent %v, still asking %v", k, cmd != nil, r.confirmReveal)
		}
	}
}

// TestRoomTakeLeadLabel: a co-leader takes the lead from another leader;
// only from someone the meeting was handed to is it "taken back".
func TestRoomTakeLeadLabel(t *testing.T) {
	label := func(me int64, set func(*roomScreen)) string {
		_, r := newKeysApp(me, set)
		for _, b := range r.keys(i18n.For(session.LangEN)).ShortHelp() {
			if b.Help().Key == "L" {
				return b.Help().Desc
			}
		}
		return ""
	}
	coLead := func(r *roomScreen) { r.st.Leaders = []int64{kFac, kBert} }
	if got := label(kBert, coLead); got != "take the lead" {
		t.Errorf("co-leader while the facilitator drives: %q", got)
	}
	handed := func(r *roomScreen) { r.st.Driver = kAino }
	if got := label(kFac, handed); got != "take the lead back" {
		t.Errorf("facilitator after handing it to a member: %q", got)
	}
}
