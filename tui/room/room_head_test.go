package room

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
)

// TestRoomHeadFitsEveryWidth: at every width the header's lines fit the
// header (no wrap), the first says who leads, and the link is whole on
// one of them.
func TestRoomHeadFitsEveryWidth(t *testing.T) {
	const link = "https://meet.jit.si/mepe-syksy-2026"
	for width := 60; width <= 140; width++ {
		_, r := newKeysApp(kAino, func(r *Screen) { r.st.Link = link; r.st.Title = "3. Ryhmän ohjaaminen verkossa" })
		lines := r.roomHead(width)
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > width-2 {
				t.Errorf("width %d: a header line is %d wide: %q", width, w, ansi.Strip(l))
			}
		}
		if !strings.Contains(ansi.Strip(lines[0]), "Fasi is leading") {
			t.Errorf("width %d: first line %q", width, ansi.Strip(lines[0]))
		}
		if !strings.Contains(ansi.Strip(strings.Join(lines, "\n")), link) {
			t.Errorf("width %d: the link is cut: %q", width, ansi.Strip(strings.Join(lines, "\n")))
		}
	}
}

// TestCutLinesEndInOneEllipsis: a line cut to fit ends in one "…", not
// two, whatever the width.
func TestCutLinesEndInOneEllipsis(t *testing.T) {
	_, r := newKeysApp(kAino, func(*Screen) {})
	text := strings.Repeat("Kirjoita hiljaa mitä jännität ", 6)
	for width := 10; width <= 40; width++ {
		ls := r.twoLines(text, width)
		if last := ansi.Strip(ls[len(ls)-1]); strings.Contains(last, "……") || ansi.StringWidth(last) > width {
			t.Errorf("width %d: %q", width, last)
		}
	}
}

// TestBrowsedItemDoesNotInviteMessages: an item one browses to says it
// has no messages without "press enter", which would say something at
// the meeting's current item instead.
func TestBrowsedItemDoesNotInviteMessages(t *testing.T) {
	m, _ := newKeysApp(kAino, func(r *Screen) { r.follow, r.viewing = false, 0 })
	screen := ansi.Strip(m.View().Content)
	if !strings.Contains(screen, "No messages on this item.") || strings.Contains(screen, "Press enter to say") {
		t.Fatalf("browsed item:\n%s", screen)
	}
	m, _ = newKeysApp(kAino, func(*Screen) {})
	if screen := ansi.Strip(m.View().Content); !strings.Contains(screen, "Press enter to say") {
		t.Fatalf("current item:\n%s", screen)
	}
}

// TestHelpBarSaysHowToClose: with the help open at 60×18 the key bar
// still shows how to close it.
func TestHelpBarSaysHowToClose(t *testing.T) {
	m, r := newKeysApp(kAino, func(r *Screen) {
		r.st.Current = 2 // silent writing: w joins the bar
		for i := range 40 {
			r.st.Messages = append(r.st.Messages, session.Message{ID: int64(i + 1), PersonID: kBert, Name: "Bertta", ItemID: 13, Text: "viesti"})
		}
	})
	m.width, m.height = 60, 18
	r.mode = helping
	m.layout()
	lines := strings.Split(ansi.Strip(m.View().Content), "\n")
	if bar := lines[len(lines)-1]; !strings.Contains(bar, "?/esc close help") {
		t.Fatalf("help bar: %q", bar)
	}
}
