package tui

import (
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/piiri/piiri/session"
)

// TestRoomRedrawsOnlyOnChange: messages that change nothing on screen (the
// idle check, an item's empty discussion arriving) keep the last view
// rather than drawing the room again for everyone; a change draws.
func TestRoomRedrawsOnlyOnChange(t *testing.T) {
	m, r := newKeysApp(kAino, func(*roomScreen) {})
	m.opts.IdleTimeout = time.Hour
	r.history = map[int64][]session.Message{}
	same := func(what string, a, b string) {
		t.Helper()
		if unsafe.StringData(a) != unsafe.StringData(b) {
			t.Fatalf("%s drew the room again", what)
		}
	}
	v := m.View().Content

	m.Update(idleCheckMsg{})
	same("the idle check", v, m.View().Content)

	item := r.st.Items[r.st.Current].ID
	m.Update(roomHistoryMsg{itemID: item})
	same("an empty discussion", v, m.View().Content)

	m.Update(roomHistoryMsg{itemID: item, msgs: []session.Message{{ID: 5, PersonID: kBert, Name: "Bertta", ItemID: item, Text: "Hyvä pointti"}}})
	if got := m.View().Content; !strings.Contains(got, "Hyvä pointti") {
		t.Fatalf("the loaded discussion is not shown:\n%s", got)
	}
	v = m.View().Content
	st := *r.st
	st.Hands = []int64{kBert}
	m.Update(roomStateMsg{&st})
	if got := m.View().Content; got == v || !strings.Contains(got, "✋1") {
		t.Fatalf("a raised hand is not drawn:\n%s", got)
	}
}
