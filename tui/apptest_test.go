package tui

// The app harness: the whole TUI driven without a terminal, in gh-dash's
// style. A world is a real Service over a SQLite file in t.TempDir(), with
// a clock the test sets; a term is one person's App over it, fed messages
// through NewApp, Init, Update and View. It is the one harness of package
// tui: the goldens and behaviour tests use only that surface, so they
// hold whatever the screens inside are built of; the screens' own tests
// (group, meeting, reading) also look at tm.app's screens and state.
//
// Commands run synchronously, one at a time and in order, so what a test
// sees does not depend on goroutine timing:
//   - a command that returns is delivered to Update at once; a BatchMsg's
//     or a sequence's commands are run in order, each to its end;
//   - a command blocked in session.(*Subscription).Next or
//     session.(*GroupWatch).Next is a waiter (the room's subscription, the
//     group watch): it is kept, its goroutine still waiting, and settle
//     delivers its result after the Service changes (a Service action by
//     another actor, or a key whose command acted). It is kept rather than
//     run again: a second run would be a second reader of one mailbox.
//     After every key and every world.act, each open term settles;
//   - a command blocked in tea.Tick, tea.Every or a cursor's blink (an
//     endless cycle of half-second waits) is a timer: one that has
//     not fired within tickGrace is dropped and its result ignored if it
//     ever comes. Short ticks (the writer gathers typing for 20 ms) still
//     fire; second-long ones (the room's timer redraw, a status fading,
//     the writer's draft save) never do, so a status stays on screen.
// Which goroutine is which is read from its stack (runtime.Stack): no
// screen type is named.

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
)

// tickGrace is how long a tea.Tick may take and still be delivered.
const tickGrace = 60 * time.Millisecond

// cmdLimit is how long a command that is neither a waiter nor a timer may
// run (a Service call on a temp SQLite file takes milliseconds).
const cmdLimit = 10 * time.Second

// flight is one command running in its own goroutine.
type flight struct {
	gid     int64
	started time.Time
	done    chan tea.Msg
	ready   chan struct{} // gid is set
}

// term is one session's App, driven synchronously.
type term struct {
	t       *testing.T
	w       *world
	app     *App
	width   int
	height  int
	waiting []*flight // blocked on the Service until it changes
	timers  []*flight // ticks younger than tickGrace
}

// open builds the app for a as NewApp does for an SSH session, sized and
// initialised, every command it starts run.
func (w *world) open(a session.Actor, width, height int, mutate ...func(*AppOptions)) *term {
	w.t.Helper()
	opts := AppOptions{Ctx: w.ctx, Service: w.svc, Actor: a, DefaultLang: session.LangEN, KeyType: "ssh-ed25519",
		Width: width, Height: height, Clock: w.clock, Connect: "ssh -p 2222 piiri.example", HostKey: "SHA256:goldenhostkey"}
	for _, f := range mutate {
		f(&opts)
	}
	tm := &term{t: w.t, w: w, app: NewApp(opts), width: width, height: height}
	w.terms = append(w.terms, tm)
	tm.run(tm.app.Init())
	tm.send(tea.WindowSizeMsg{Width: width, Height: height})
	w.settle()
	return tm
}

// send hands the app one message and runs what it returns.
func (tm *term) send(msg tea.Msg) {
	tm.t.Helper()
	_, cmd := tm.app.Update(msg)
	tm.run(cmd)
}

// run runs a command to its end and delivers its result; see the top of
// the file for waiters and timers.
func (tm *term) run(cmd tea.Cmd) {
	tm.t.Helper()
	if cmd == nil {
		return
	}
	f := start(cmd)
	for {
		select {
		case msg := <-f.done:
			tm.deliver(msg)
			return
		case <-time.After(time.Millisecond):
		}
		switch state := classify(f); {
		case state == waiter:
			tm.waiting = append(tm.waiting, f)
			return
		case state == timer:
			tm.timers = append(tm.timers, f) // settle waits for it, briefly
			return
		case time.Since(f.started) > cmdLimit:
			tm.t.Fatalf("a command has run for %v:\n%s", cmdLimit, stackOf(f.gid))
		}
	}
}

func (tm *term) deliver(msg tea.Msg) {
	tm.t.Helper()
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			tm.run(c)
		}
		return
	}
	// A sequence's message type is unexported: a slice of commands.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		for i := range v.Len() {
			tm.run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	tm.send(msg)
}

// settle delivers what the waiters got after the Service changed and
// what short ticks fired, until every waiter waits again and every tick
// has fired or been dropped (one older than tickGrace: its goroutine fires
// into a buffered channel nobody reads).
// It reports whether it delivered anything.
func (tm *term) settle() (delivered bool) {
	tm.t.Helper()
	since := time.Now()
	for {
		if f, ok := tm.takeDone(); ok {
			tm.deliver(f)
			delivered = true
			continue
		}
		tm.timers = slices.DeleteFunc(tm.timers, func(f *flight) bool { return time.Since(f.started) > tickGrace })
		busy := len(tm.timers) > 0
		for _, f := range tm.waiting {
			if classify(f) != waiter {
				busy = true
			}
		}
		if !busy {
			return delivered
		}
		if time.Since(since) > cmdLimit {
			tm.t.Fatalf("the waiters did not settle in %v", cmdLimit)
		}
		time.Sleep(time.Millisecond)
	}
}

// takeDone takes the result of the first waiter or tick that has one.
func (tm *term) takeDone() (tea.Msg, bool) {
	for _, list := range []*[]*flight{&tm.waiting, &tm.timers} {
		for i, f := range *list {
			select {
			case msg := <-f.done:
				*list = slices.Delete(*list, i, i+1)
				return msg, true
			default:
			}
		}
	}
	return nil, false
}

// press sends keys by name ("enter", "esc", "q", "ctrl+c") and lets the
// app settle after each.
func (tm *term) press(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		tm.send(keyPress(k))
		tm.w.settle()
	}
}

// typ types text a key at a time.
func (tm *term) typ(text string) {
	tm.t.Helper()
	for _, r := range text {
		tm.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	tm.w.settle()
}

// paste is text pasted: one message, as a terminal's bracketed paste.
func (tm *term) paste(text string) {
	tm.t.Helper()
	tm.send(tea.PasteMsg{Content: text})
	tm.w.settle()
}

// resize is the terminal changing size.
func (tm *term) resize(width, height int) {
	tm.t.Helper()
	tm.width, tm.height = width, height
	tm.send(tea.WindowSizeMsg{Width: width, Height: height})
	tm.w.settle()
}

// screen is the view without styles, every line's trailing blanks cut.
func (tm *term) screen() string {
	tm.t.Helper()
	lines := strings.Split(ansi.Strip(tm.app.View().Content), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// overflow lists the screen's lines wider than the terminal: a terminal
// wraps or cuts them, so the screen the person sees is not this one.
func (tm *term) overflow() []string {
	var wide []string
	for i, l := range strings.Split(tm.screen(), "\n") {
		if w := ansi.StringWidth(l); w > tm.width {
			wide = append(wide, fmt.Sprintf("line %d is %d columns wide at %d×%d: %q", i+1, w, tm.width, tm.height, l))
		}
	}
	return wide
}

// wantScreen fails unless the screen shows every one of want.
func (tm *term) wantScreen(want ...string) {
	tm.t.Helper()
	s := tm.screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			tm.t.Fatalf("the screen lacks %q:\n%s", w, s)
		}
	}
}

// notScreen fails if the screen shows any of bad.
func (tm *term) notScreen(bad ...string) {
	tm.t.Helper()
	s := tm.screen()
	for _, b := range bad {
		if strings.Contains(s, b) {
			tm.t.Fatalf("the screen shows %q:\n%s", b, s)
		}
	}
}

var namedKeys = map[string]rune{"enter": tea.KeyEnter, "space": tea.KeySpace, "esc": tea.KeyEscape, "tab": tea.KeyTab,
	"left": tea.KeyLeft, "right": tea.KeyRight, "up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp,
	"pgdown": tea.KeyPgDown, "backspace": tea.KeyBackspace, "home": tea.KeyHome, "end": tea.KeyEnd}

func keyPress(k string) tea.KeyPressMsg {
	if rest, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: []rune(rest)[0], Mod: tea.ModCtrl}
	}
	if rest, ok := strings.CutPrefix(k, "shift+"); ok {
		if c, ok := namedKeys[rest]; ok {
			return tea.KeyPressMsg{Code: c, Mod: tea.ModShift}
		}
	}
	if c, ok := namedKeys[k]; ok {
		if k == "space" {
			return tea.KeyPressMsg{Code: c, Text: " "}
		}
		return tea.KeyPressMsg{Code: c}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// start runs cmd in a goroutine of its own and learns the goroutine's id.
func start(cmd tea.Cmd) *flight {
	f := &flight{started: time.Now(), done: make(chan tea.Msg, 1), ready: make(chan struct{})}
	go func() {
		f.gid = goroutineID()
		close(f.ready)
		f.done <- cmd()
	}()
	<-f.ready
	return f
}

type flightState int

const (
	busy   flightState = iota
	waiter             // blocked on the Service: the room's or the group watch's Next
	timer              // blocked in tea.Tick, tea.Every or a cursor's blink
)

// classify says what a running command is waiting on, from its stack.
func classify(f *flight) flightState {
	st := stackOf(f.gid)
	if st == "" {
		return busy // finished: its result is in done
	}
	header, _, _ := strings.Cut(st, "\n")
	blocked := strings.Contains(header, "[select") || strings.Contains(header, "[chan receive")
	switch {
	case !blocked:
		return busy
	case strings.Contains(st, "session.(*Subscription).Next("), strings.Contains(st, "session.(*GroupWatch).Next("):
		return waiter
	case strings.Contains(st, "bubbletea/v2.Tick.func"), strings.Contains(st, "bubbletea/v2.Every.func"),
		strings.Contains(st, "bubbles/v2/cursor.(*Model).Blink"):
		return timer
	}
	return busy
}

// stackOf is the stack of goroutine gid, "" if it has ended.
func stackOf(gid int64) string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	prefix := []byte("goroutine " + strconv.FormatInt(gid, 10) + " [")
	for g := range bytes.SplitSeq(buf, []byte("\n\n")) {
		if bytes.HasPrefix(g, prefix) {
			return string(g)
		}
	}
	return ""
}

func goroutineID() int64 {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	f := strings.Fields(string(buf))
	id, _ := strconv.ParseInt(f[1], 10, 64)
	return id
}
