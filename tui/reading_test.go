package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/tui/component"
)

// The reading screens (browser, reading pane, editor, delete, history,
// journal, approvals, share, text) driven through the App over a real
// SQLite Service: each state's keys are checked for conflicts, and the
// one confirm answers in the viewer's language.

// readingApp is one person's App with its commands run synchronously: a
// command's message goes back to Update at once; one that has not
// returned within timerGrace is a timer or a waiter (a tick, the
// cursor's blink, the group watch) and is dropped.
type readingApp struct {
	t   *testing.T
	ctx context.Context
	svc *session.Service
	app *App
}

func newReadingWorld(t *testing.T) (context.Context, *session.Service) {
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
	t.Cleanup(func() { cancel(); db.Close() })
	return ctx, svc
}

// readingPerson joins as a facilitator through an operator's invite.
func readingPerson(t *testing.T, ctx context.Context, svc *session.Service, name string, lang session.Lang) session.Actor {
	t.Helper()
	inv, err := svc.CreateInvite(ctx, session.Operator(), session.InviteSpec{Role: session.RoleFacilitator})
	if err != nil {
		t.Fatal(err)
	}
	return readingRedeem(t, ctx, svc, inv.Code, name, lang)
}

// readingMentor joins the leader's group as a mentor and accepts its
// agreement.
func readingMentor(t *testing.T, ctx context.Context, svc *session.Service, leader session.Actor, groupID int64, name string, lang session.Lang) session.Actor {
	t.Helper()
	inv, err := svc.CreateGroupInvite(ctx, leader, groupID, session.GroupMentor, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	a := readingRedeem(t, ctx, svc, inv.Code, name, lang)
	d, err := svc.Group(ctx, a, groupID)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.AcknowledgeAgreement(ctx, a, groupID, d.Agreement.Version); err != nil {
		t.Fatal(err)
	}
	return a
}

func readingRedeem(t *testing.T, ctx context.Context, svc *session.Service, code, name string, lang session.Lang) session.Actor {
	t.Helper()
	fp := "SHA256:reading-" + name
	a, _ := svc.Identify(ctx, fp)
	if _, err := svc.Redeem(ctx, a, session.RedeemRequest{Code: code, Name: name, Lang: string(lang), KeyType: "ssh-ed25519"}); err != nil {
		t.Fatal(err)
	}
	a, err := svc.Identify(ctx, fp)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func openReading(t *testing.T, ctx context.Context, svc *session.Service, a session.Actor) *readingApp {
	r := &readingApp{t: t, ctx: ctx, svc: svc,
		app: NewApp(AppOptions{Ctx: ctx, Service: svc, Actor: a, DefaultLang: a.Person.Lang, Width: 80, Height: 24})}
	r.run(r.app.Init())
	return r
}

func (r *readingApp) send(msg tea.Msg) {
	_, cmd := r.app.Update(msg)
	r.run(cmd)
}

// timerGrace is how long a command may take before it counts as a timer
// or a waiter: far longer than a Service call on a temp SQLite file, far
// shorter than the cursor's blink or the draft's save tick.
const timerGrace = 400 * time.Millisecond

var cmdsType = reflect.TypeOf([]tea.Cmd(nil))

func (r *readingApp) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		switch m := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range m {
				r.run(c)
			}
		default:
			if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdsType) {
				for _, c := range v.Convert(cmdsType).Interface().([]tea.Cmd) { // a sequence
					r.run(c)
				}
				return
			}
			r.send(msg)
		}
	case <-time.After(timerGrace):
	}
}

func (r *readingApp) press(keys ...string) {
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "ctrl+s":
			msg = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
		default:
			msg = tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
		}
		r.send(msg)
	}
}

func (r *readingApp) view() string { return r.app.View().Content }

// sees fails unless the screen shows want.
func (r *readingApp) sees(want string) {
	r.t.Helper()
	if v := r.view(); !strings.Contains(v, want) {
		r.t.Fatalf("the screen does not show %q:\n%s", want, v)
	}
}

// keysOK checks the screen on top in the state it is in: no key is two
// enabled bindings, and every key the help bar shows is one the screen
// acts on.
func (r *readingApp) keysOK(state string) {
	r.t.Helper()
	top := r.app.top()
	ak, ok := top.(interface{ activeKeys() any })
	if !ok {
		r.t.Fatalf("%s: %T has no keymap struct", state, top)
	}
	if err := component.Conflicts(ak.activeKeys()); err != nil {
		r.t.Errorf("%s (%T): %v", state, top, err)
	}
	for _, b := range r.app.screen.KeyMap().Short {
		if !b.Enabled() || len(b.Keys()) == 0 {
			r.t.Errorf("%s: the help bar shows %q, which no key does", state, b.Help().Key)
		}
	}
}

func TestReadingScreensKeysAndConfirmInFinnish(t *testing.T) {
	ctx, svc := newReadingWorld(t)
	aino := readingPerson(t, ctx, svc, "Aino", session.LangFI)
	for _, body := range []string{"Ensimmäinen pohdinta kuuntelemisesta.", "Toinen pohdinta hiljaisuudesta."} {
		if _, err := svc.AddReflection(ctx, aino, session.ReflectionInput{Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	r := openReading(t, ctx, svc, aino)

	r.press("R")
	r.sees("Toinen pohdinta")
	r.keysOK("list")
	r.press("/")
	r.keysOK("search")
	r.press("esc", "enter")
	r.sees("Toinen pohdinta hiljaisuudesta.")
	r.keysOK("reading one's own")
	r.press("v")
	r.sees("(k/e)")
	r.keysOK("visibility question")
	r.press("esc")
	r.press("e")
	r.keysOK("editor")
	r.press("esc", "h")
	r.keysOK("history")
	r.press("esc")

	// The delete question takes k in Finnish: y keeps the text.
	r.press("d")
	r.sees("(k/e)")
	r.keysOK("delete question")
	r.press("y")
	left, err := svc.Reflections(ctx, aino, session.ReflectionFilter{Limit: 10})
	if err != nil || len(left) != 2 {
		t.Fatalf("y in Finnish deleted: %d left, %v", len(left), err)
	}
	r.press("d", "k")
	r.sees("Pohdinta poistettu") // the browser, told by id
	if left, _ = svc.Reflections(ctx, aino, session.ReflectionFilter{Limit: 10}); len(left) != 1 || strings.HasPrefix(left[0].Body, "Toinen") {
		t.Fatalf("k did not delete the text read: %+v", left)
	}

	// The journal: the form, the editor, and the question before the
	// readers see it.
	r.press("esc", "esc", "w")
	r.keysOK("journal form")
	r.send(tea.PasteMsg{Content: "Jaettava ajatus ryhmästä."})
	r.keysOK("journal editor")
	j := r.app.top().(*journalScreen)
	j.vis = session.VisShared
	r.press("ctrl+s")
	r.sees("(k/e)")
	r.keysOK("journal question")
	r.press("e") // no: nothing saved, the editor stays
	if _, ok := r.app.top().(*journalScreen); !ok {
		t.Fatalf("e closed the journal: %T", r.app.top())
	}
	r.press("ctrl+s", "k")
	shared, err := svc.Reflections(ctx, aino, session.ReflectionFilter{Visibility: session.VisShared, Limit: 10})
	if err != nil || len(shared) != 1 || shared[0].Body != "Jaettava ajatus ryhmästä." {
		t.Fatalf("the shared text: %+v %v", shared, err)
	}

	r.press("a")
	r.keysOK("approvals")
	r.press("esc")

	// The share screen's steps, over candidates as the Service gives them.
	sh := newShareScreen(r.app.c, 1, nil)
	r.run(r.app.Push(sh))
	r.send(component.Result{To: sh.ID(), Msg: shareDataMsg{shareData: shareData{cands: []session.ShareCandidate{
		{ID: 7, Body: "Yksi. Kaksi.", AuthorName: "Aino", Sentences: []string{"Yksi.", "Kaksi."}},
	}}}})
	r.keysOK("share form")
	sh.step = shareStepQuotes
	r.keysOK("share quotes")
	r.press("e")
	r.keysOK("share excerpt")
	r.press("esc", "esc", "esc")

	r.run(r.app.Push(newTextScreen(r.app.c, "Teksti", strings.Repeat("rivi\n", 40))))
	r.keysOK("text")
	r.sees(fmt.Sprintf("rivit 1–%d/", 22-2))
	// ? shows the page keys the bar has no room for; esc closes the help,
	// not the text.
	r.sees("ohje")
	r.press("?")
	r.sees("sivu alas")
	r.press("esc")
	if _, ok := r.app.top().(*textScreen); !ok || strings.Contains(r.view(), "sivu alas") {
		t.Fatalf("esc did not close only the help: %T\n%s", r.app.top(), r.view())
	}
}

// TestWithdrawAsksInTheViewersLanguage: the approvals question is the one
// confirm of every screen: k withdraws in Finnish, y (the English yes)
// keeps the approval.
func TestWithdrawAsksInTheViewersLanguage(t *testing.T) {
	ctx, svc := newReadingWorld(t)
	fac := readingPerson(t, ctx, svc, "Fasi", session.LangFI)
	g, err := svc.CreateGroup(ctx, fac, "mentor-group", "Piiri")
	if err != nil {
		t.Fatal(err)
	}
	bertta := readingMentor(t, ctx, svc, fac, g.ID, "Bertta", session.LangFI)
	ref, err := svc.AddReflection(ctx, bertta, session.ReflectionInput{GroupID: g.ID, Body: "Hiljaisuus auttaa.", Visibility: session.VisGroup})
	if err != nil {
		t.Fatal(err)
	}
	sh, err := svc.CreateShare(ctx, fac, session.ShareInput{GroupID: g.ID, What: "Hiljaisuus", Audience: "readers",
		How: string(session.HowTraining), When: "15.12.2026", Quotes: []int64{ref.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.AnswerQuote(ctx, bertta, sh.ID, ref.ID, true); err != nil {
		t.Fatal(err)
	}
	status := func() session.QuoteStatus {
		qs, err := svc.MyQuotes(ctx, bertta)
		if err != nil || len(qs) != 1 {
			t.Fatalf("quotes %+v %v", qs, err)
		}
		return qs[0].Status
	}

	r := openReading(t, ctx, svc, bertta)
	r.press("a")
	r.keysOK("approvals")
	r.press("w")
	r.sees("(k/e)")
	r.keysOK("withdraw question")
	r.press("y")
	r.sees("Lupa on yhä voimassa.")
	if s := status(); s != session.QuoteApproved {
		t.Fatalf("y in Finnish: the quote is %s", s)
	}
	r.press("w", "k")
	r.sees("Lupa peruttu.")
	if s := status(); s != session.QuoteWithdrawn {
		t.Fatalf("k in Finnish: the quote is %s", s)
	}
}
