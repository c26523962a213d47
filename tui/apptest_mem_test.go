package tui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

// The in-memory app: for the tests of keys and layout that need no store.
// Its Service has no store behind it, and the commands its keys return
// are dropped, so a test hands each screen its data as a Result, as the
// Service's answer would come. Tests over a store use the world and the
// term (apptest_test.go).

// newMemApp is person me's app in lang at 80×24, with home under
// whatever the test opens, as a session would have it. me is a
// facilitator, so home offers what a facilitator can do.
func newMemApp(lang session.Lang, me int64) *App {
	svc := &session.Service{Loc: time.UTC, Now: time.Now}
	m := &App{opts: AppOptions{Ctx: context.Background(), Service: svc},
		actor: session.Actor{Person: &session.Person{ID: me, Name: "x", Role: session.RoleFacilitator}},
		width: 80, height: 24, help: help.New(), isDark: true, watching: true}
	m.c = &component.Common{Ctx: m.opts.Ctx, Service: svc, Actor: m.actor, Nav: m}
	m.setLang(lang)
	m.setStyles()
	m.screen = newHome(m)
	return m
}

// memPress hands the app keys by name (keyPress) and drops the commands
// they return.
func memPress(m *App, keys ...string) {
	for _, k := range keys {
		m.Update(keyPress(k))
	}
}

// checkKeys fails when two enabled keys of km are the same key, or when
// the help bar shows a key that is off or bound to nothing (it would do
// nothing).
func checkKeys(t *testing.T, state string, km any, bar component.KeyMap) {
	t.Helper()
	if err := component.Conflicts(km); err != nil {
		t.Errorf("%s: %v", state, err)
	}
	for _, b := range bar.ShortHelp() {
		if !b.Enabled() || len(b.Keys()) == 0 {
			t.Errorf("%s: the help bar shows %q, which no key does", state, b.Help().Key)
		}
	}
}

// keysOK is checkKeys for the term's screen on top, in the state it is
// in: its keymap struct as it says it is active now, and the help bar.
func (tm *term) keysOK(state string) {
	tm.t.Helper()
	top := tm.app.top()
	ak, ok := top.(interface{ activeKeys() any })
	if !ok {
		tm.t.Fatalf("%s: %T has no keymap struct", state, top)
	}
	checkKeys(tm.t, fmt.Sprintf("%s (%T)", state, top), ak.activeKeys(), tm.app.screen.KeyMap())
}
