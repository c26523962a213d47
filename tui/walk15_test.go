package tui_test

import (
	"testing"

	"github.com/piiri/piiri/session"
)

// TestHomeLiveMeetingWithoutATime: a meeting started without a time set
// is "● live · group · title" on home, not "live not scheduled".
func TestHomeLiveMeetingWithoutATime(t *testing.T) {
	for _, c := range []struct {
		lang      session.Lang
		live, bad string
	}{
		{session.LangFI, "● käynnissä · Piiri · ", "käynnissä ajankohta sopimatta"},
		{session.LangEN, "● live · Piiri · ", "live not scheduled"},
	} {
		w := newWorld(t)
		fac := w.person(session.RoleFacilitator, "Fanni", c.lang)
		g, err := w.svc.CreateGroup(w.ctx, fac, "mepe", "Piiri")
		w.must(err)
		aino := w.member(fac, g.ID, session.GroupMentor, "Aino", c.lang)
		ms, err := w.svc.Meetings(w.ctx, fac, g.ID)
		w.must(err)
		_, err = w.svc.StartMeeting(w.ctx, fac, ms[0].ID)
		w.must(err)
		for _, size := range [][2]int{{80, 24}, {60, 18}} {
			tm := w.open(aino, size[0], size[1])
			tm.wantScreen(c.live)
			tm.notScreen(c.bad)
		}
	}
}
