package room

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
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
	set  func(r *Screen)
	// want and not are keys the help bar must and must not show.
	want, not []string
}{
	{"member, nothing going on", kAino, func(*Screen) {}, []string{"enter", "h", "?"}, []string{"d", "p", "g", "v", "n", "w", "A", "f"}},
	{"member, their turn", kAino, func(r *Screen) {
		r.st.Round = &session.Round{ItemID: 12, Order: []int64{kAino, kBert, kFac}}
	}, []string{"d", "p"}, []string{"g"}},
	{"member, someone else's turn", kAino, func(r *Screen) {
		r.st.Round = &session.Round{ItemID: 12, Order: []int64{kBert, kAino, kFac}}
	}, nil, []string{"d", "p"}},
	{"leader, hands up", kFac, func(r *Screen) { r.st.Hands = []int64{kAino} }, []string{"g", "n", "space"}, []string{"p", "v"}},
	{"leader, a round on", kFac, func(r *Screen) {
		r.st.Round = &session.Round{ItemID: 12, Order: []int64{kAino, kBert, kFac}}
	}, []string{"d"}, []string{"p", "g"}},
	{"leader, a round item before its round", kFac, func(r *Screen) { r.st.Current = 0 }, []string{"r"}, []string{"d", "P"}},
	{"co-leader, another leader drives", kBert, func(r *Screen) { r.st.Leaders = []int64{kFac, kBert} }, []string{"L"}, nil},
	{"leader, silent writing", kFac, func(r *Screen) { r.st.Current = 2 }, []string{"w", "v"}, []string{"A"}},
	{"leader, silent writing revealed", kFac, func(r *Screen) { r.st.Current, r.st.Revealed = 2, []int64{13} }, []string{"w"}, []string{"v"}},
	{"member, silent writing", kAino, func(r *Screen) { r.st.Current = 2 }, []string{"w"}, []string{"v"}},
	{"member, self-assessment", kAino, func(r *Screen) { r.st.Current = 3 }, []string{"A"}, []string{"w", "v"}},
	{"leader, last item", kFac, func(r *Screen) { r.st.Current = 3 }, []string{"A"}, []string{"n"}},
	{"member, away", kAino, func(r *Screen) { r.st.People[1].Away = true }, []string{"a"}, nil},
	{"member, browsing", kAino, func(r *Screen) { r.follow, r.viewing = false, 0 }, []string{"f"}, nil},
	{"member, typing", kAino, func(r *Screen) { r.mode = typing; r.input.line.SetValue("hei") }, []string{"enter", "esc"}, []string{"h", "?"}},
	{"member, line open and empty", kAino, func(r *Screen) { r.mode = typing }, []string{"esc"}, []string{"enter", "h", "?"}},
	{"leader, asked to end", kFac, func(r *Screen) { r.mode, r.confirm = confirmEnd, r.endQuestion() }, []string{"y", "n/esc"}, []string{"n", "?"}},
	{"leader, asked to reveal", kFac, func(r *Screen) { r.st.Current = 2; r.mode, r.confirm = confirmReveal, r.revealQuestion() }, []string{"y", "n/esc"}, []string{"v"}},
	{"member, help open", kAino, func(r *Screen) { r.mode = helping }, []string{"?/esc", "enter"}, []string{"?"}},
	{"leader, writing", kFac, func(r *Screen) { r.st.Current = 2; r.openWriter() }, []string{"ctrl+s", "ctrl+r", "esc"}, []string{"?", "h"}},
	{"member, writing at a discussion", kAino, func(r *Screen) { r.openWriter() }, []string{"ctrl+s", "esc"}, []string{"ctrl+r", "?"}},
	{"leader, handing off", kFac, func(r *Screen) { r.mode, r.handoff = handingOff, 2 }, []string{"↑/↓", "enter", "esc"}, []string{"?", "n"}},
	{"member, self-assessment form", kAino, func(r *Screen) {
		r.st.Current = 3
		r.openForm(newAssessmentForm(r.C, []string{"Osaan kuunnella", "Osaan kysyä"}), "assessment")
	}, []string{"tab", "ctrl+s", "esc"}, []string{"?", "h"}},
	{"member, self-assessment asking to save anyway", kAino, func(r *Screen) {
		r.st.Current = 3
		f := newAssessmentForm(r.C, []string{"Osaan kuunnella", "Osaan kysyä"})
		r.openForm(f, "assessment")
		f.Asking = "2 statements unrated. Save anyway?"
	}, []string{"y", "any other key"}, []string{"tab", "ctrl+s"}},
	{"member, a long discussion", kAino, func(r *Screen) {
		for i := range 40 {
			r.st.Messages = append(r.st.Messages, session.Message{ID: int64(i + 1), PersonID: kBert, Name: "Bertta", ItemID: 12, Text: fmt.Sprintf("viesti %d", i)})
		}
	}, []string{"pgup/pgdn"}, nil},
}

// newKeysApp is a room screen in a frame, drawn once at 80×24 as a
// session would be.
func newKeysApp(me int64, set func(*Screen)) (*frame, *Screen) {
	return newKeysAppIn(session.LangEN, me, set)
}

func newKeysAppIn(lang session.Lang, me int64, set func(*Screen)) (*frame, *Screen) {
	m, r := newFrame(lang, me, 80, 24)
	r.st = keysState()
	r.histLoaded = map[int64]bool{11: true, 12: true, 13: true, 14: true}
	m.layout() // sized before the moment is set, as in a session
	set(r)
	if r.follow && r.st != nil {
		r.viewing = r.st.Current
	}
	m.layout()
	m.View()
	return m, r
}

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "space": tea.KeySpace, "esc": tea.KeyEscape, "left": tea.KeyLeft,
		"right": tea.KeyRight, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "up": tea.KeyUp, "down": tea.KeyDown,
		"tab": tea.KeyTab, "home": tea.KeyHome, "end": tea.KeyEnd}
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: []rune(c)[0], Mod: tea.ModCtrl}
	}
	if k == "shift+tab" {
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	}
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
			km := r.KeyMap()
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
		m, r := newKeysApp(kFac, func(*Screen) {})
		m.width, m.height = size[0], size[1]
		m.layout()
		before := m.View().Content
		m.Update(keyMsg("?"))
		out := m.View().Content
		short, more := r.momentKeys(r.keymapFor(browsing))
		for _, b := range component.Keys(short, more...).Full[0] {
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
				m, r := newKeysAppIn(lang, mo.me, mo.set)
				m.width = width
				m.layout()
				m.View()
				lines := strings.Split(m.View().Content, "\n")
				bar := ansi.Strip(lines[len(lines)-1])
				// In the room's main bar the way to the help is last;
				// a question or the input has keys of its own.
				modal := r.mode != browsing
				help := "? " + m.c.Cat.T("key.help")
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
		m, r := newKeysAppIn(session.LangFI, kFac, func(r *Screen) { r.st.Current = 2; r.mode, r.confirm = confirmReveal, r.revealQuestion() })
		if out := m.View().Content; !strings.Contains(out, "(k/e)") {
			t.Fatalf("Finnish question:\n%s", out)
		}
		_, cmd := m.Update(keyMsg(k))
		if (cmd != nil) != (k == "k") || r.mode == confirmReveal {
			t.Errorf("%q: reveal sent %v, still asking %v", k, cmd != nil, r.mode == confirmReveal)
		}
	}
}

// TestRoomTakeLeadLabel: a co-leader takes the lead from another leader;
// only from someone the meeting was handed to is it "taken back".
func TestRoomTakeLeadLabel(t *testing.T) {
	label := func(me int64, set func(*Screen)) string {
		_, r := newKeysApp(me, set)
		for _, b := range r.KeyMap().ShortHelp() {
			if b.Help().Key == "L" {
				return b.Help().Desc
			}
		}
		return ""
	}
	coLead := func(r *Screen) { r.st.Leaders = []int64{kFac, kBert} }
	if got := label(kBert, coLead); got != "take the lead" {
		t.Errorf("co-leader while the facilitator drives: %q", got)
	}
	handed := func(r *Screen) { r.st.Driver = kAino }
	if got := label(kFac, handed); got != "take the lead back" {
		t.Errorf("facilitator after handing it to a member: %q", got)
	}
}

// TestRoomKeysNeverConflict: in every moment, in both languages, no two
// keys the room would act on share a key (k is yes in Finnish and up in
// the handoff list; e is no in Finnish and end for a leader).
func TestRoomKeysNeverConflict(t *testing.T) {
	ended := func(r *Screen) { r.st.Ended = true }
	loading := func(r *Screen) { r.st = nil }
	all := append(slices.Clone(moments), struct {
		name      string
		me        int64
		set       func(r *Screen)
		want, not []string
	}{"ended", kFac, ended, nil, nil}, struct {
		name      string
		me        int64
		set       func(r *Screen)
		want, not []string
	}{"loading", kFac, loading, nil, nil})
	for _, lang := range []session.Lang{session.LangFI, session.LangEN} {
		for _, mo := range all {
			_, r := newKeysAppIn(lang, mo.me, mo.set)
			if err := component.Conflicts(r.keymap()); err != nil {
				t.Errorf("%s, %s: %v", lang, mo.name, err)
			}
		}
	}
}
