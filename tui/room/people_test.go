package room

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
)

// TestLongNameGivesWayToTheStatus: at 80×24 and 60×18 someone with a
// long name who is away is shown away, the name cut instead.
func TestLongNameGivesWayToTheStatus(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 18}} {
		m, _ := newKeysApp(kFac, func(r *Screen) {
			r.st.People[2] = session.Presence{PersonID: kBert, Name: "Emma Participant-Virtanen", Role: session.GroupMentor, Sessions: 1, Away: true}
		})
		m.width, m.height = size[0], size[1]
		m.layout()
		screen := ansi.Strip(m.View().Content)
		line := ""
		for _, l := range strings.Split(screen, "\n") {
			if strings.Contains(l, "Emma") {
				line = l
			}
		}
		if !strings.Contains(line, "· away") {
			t.Errorf("%v: the away status is cut: %q\n%s", size, line, screen)
		}
	}
}

// TestTallMessageKeepsItsSpeaker: a message taller than the discussion's
// window, begun above it, still says who wrote it (a long paste on a
// phone).
func TestTallMessageKeepsItsSpeaker(t *testing.T) {
	m, _ := newKeysApp(kAino, func(r *Screen) {
		r.st.Messages = append(r.st.Messages, session.Message{ID: 1, PersonID: kBert, Name: "Bertta", ItemID: 12,
			Text: strings.Repeat("Kuuntelin ja kysyin, ja vastaus yllätti minut. ", 18)})
	})
	m.width, m.height = 60, 18
	m.layout()
	screen := ansi.Strip(m.View().Content)
	if !strings.Contains(screen, "Bertta: …") {
		t.Fatalf("the speaker of the tall message is not in view:\n%s", screen)
	}
}

// TestLongOwnNameKeepsYou: one's own long name gives way to "(you)".
func TestLongOwnNameKeepsYou(t *testing.T) {
	m, _ := newKeysApp(kAino, func(r *Screen) {
		r.st.People[1].Name = "Emma Osallistuja-Virtanen-Korhonen"
	})
	m.width, m.height = 60, 18
	m.layout()
	if screen := ansi.Strip(m.View().Content); !strings.Contains(screen, "… (you)") {
		t.Fatalf("(you) is cut off:\n%s", screen)
	}
}
