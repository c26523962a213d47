package room

import (
	"testing"

	"github.com/piiri/piiri/session"
)

// TestWholeStateLoadsNoHistory: while the room's state carries the whole
// discussion, opening an item shows its messages from the state without
// a store read (on an advance, every participant's at once); a state that
// has let some go, or was saved before it said, loads the item's history.
func TestWholeStateLoadsNoHistory(t *testing.T) {
	_, r := newFrame(session.LangFI, 3, 100, 30)
	st := benchState(1)
	st.MessagesWhole = true
	r.st, r.viewing = st, 1
	if cmd := r.loadHistory(); cmd != nil {
		t.Fatal("a state with the whole discussion loads it again")
	}
	if got := r.itemMessages(st.Items[1].ID); len(got) != 3 || got[0].ID != 1 || got[2].ID != 3 {
		t.Fatalf("the item's discussion from the state: %+v", got)
	}

	_, r = newFrame(session.LangFI, 3, 100, 30)
	r.st, r.viewing = benchState(1), 1
	if cmd := r.loadHistory(); cmd == nil {
		t.Fatal("a state without the whole discussion does not load the item's history")
	}
}
