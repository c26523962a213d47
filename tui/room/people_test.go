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
