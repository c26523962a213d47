package room

import (
	"fmt"
	"slices"
	"strings"

	"github.com/piiri/piiri/session"
)

// peoplePane is who is in the meeting: those here first, with their
// hands, ✎ while writing, ★ for leaders.
type peoplePane struct {
	size
	r    *Screen
	last peopleDrawn
}

// peopleDrawn is what the pane was last drawn from, and the drawing: an
// advance, a message or a tick leaves the people as they were, and the
// pane is drawn for everyone in the room on every change.
type peopleDrawn struct {
	w, h    int
	s       *paints
	people  []session.Presence
	hands   []int64
	leaders []int64
	driver  int64
	view    string
}

func (d *peopleDrawn) same(w, h int, s *paints, st *session.RoomState) bool {
	return d.s == s && d.w == w && d.h == h && d.driver == st.Driver && slices.Equal(d.people, st.People) &&
		slices.Equal(d.hands, st.Hands) && slices.Equal(d.leaders, st.Leaders)
}

// View draws the people at their size.
func (p *peoplePane) View() string {
	r, w, h := p.r, p.w, p.h
	s, st := r.paints(), r.st
	if p.last.same(w, h, s, st) {
		return p.last.view
	}
	v := p.draw()
	p.last = peopleDrawn{w, h, s, st.People, st.Hands, st.Leaders, st.Driver, v}
	return v
}

func (p *peoplePane) draw() string {
	r, w, h := p.r, p.w, p.h
	s, st, cat := r.paints(), r.st, r.C.Cat
	// Those here first: when the pane is short, the offline are the ones
	// counted under "+N more".
	people := slices.Clone(st.People)
	slices.SortStableFunc(people, func(a, b session.Presence) int {
		switch {
		case a.Here() == b.Here():
			return 0
		case a.Here():
			return -1
		}
		return 1
	})
	var lines []string
	for _, p := range people {
		var marks []string
		if i := slices.Index(st.Hands, p.PersonID); i >= 0 {
			marks = append(marks, fmt.Sprintf("✋%d", i+1))
		}
		if p.Writing {
			marks = append(marks, "✎")
		}
		if st.Leads(p.PersonID) {
			marks = append(marks, "★")
		}
		name, tail := p.Name, " "+strings.Join(marks, " ")
		if p.PersonID == r.me {
			tail = " (" + cat.T("room.you") + ")" + tail
		}
		switch {
		case !p.Here():
			tail += " · " + cat.T("room.offline")
		case p.Away:
			tail += " · " + cat.T("room.away")
		}
		// A long name gives way to "(you)", the marks and the status,
		// which say what is going on: "Emma Particip… · away".
		name = s.truncate(name, max(w-2-s.width(tail), 4))
		line := name + tail
		if !p.Here() || p.Away {
			line = s.Subtle.Render(line)
		}
		lines = append(lines, line)
	}
	if rows := max(paneRows(h), 1); len(lines) > rows {
		show := max(rows-1, 0)
		lines = append(lines[:show:show], s.Subtle.Render(cat.N("room.more", len(lines)-show)))
	}
	return pane(s, cat.T("room.people", len(r.present())), w, h, append(lines, ""))
}
