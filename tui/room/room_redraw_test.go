package room

import (
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
)

// TestRoomRedrawsOnlyOnChange: an item's empty discussion arriving
// changes nothing on screen, and the room tells the app so (which keeps
// the last view rather than drawing the room again for everyone); a
// change draws.
func TestRoomRedrawsOnlyOnChange(t *testing.T) {
	m, r := newKeysApp(kAino, func(*Screen) {})
	r.history = map[int64][]session.Message{}
	v := m.View().Content

	item := r.st.Items[r.st.Current].ID
	m.Update(roomHistoryMsg{itemID: item})
	if !m.unchanged || m.View().Content != v {
		t.Fatalf("an empty discussion is a change (unchanged %v)", m.unchanged)
	}

	m.Update(roomHistoryMsg{itemID: item, msgs: []session.Message{{ID: 5, PersonID: kBert, Name: "Bertta", ItemID: item, Text: "Hyvä pointti"}}})
	if got := m.View().Content; m.unchanged || !strings.Contains(got, "Hyvä pointti") {
		t.Fatalf("the loaded discussion is not shown (unchanged %v):\n%s", m.unchanged, got)
	}
	v = m.View().Content
	st := *r.st
	st.Hands = []int64{kBert}
	m.Update(roomStateMsg{&st})
	if got := m.View().Content; m.unchanged || got == v || !strings.Contains(got, "✋1") {
		t.Fatalf("a raised hand is not drawn:\n%s", got)
	}
}
