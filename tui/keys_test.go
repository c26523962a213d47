package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
)

// The home bar with a live meeting is wider than 80 columns in Finnish:
// "? ohje" must stay in it, the keys before it giving way.
func TestHomeBarKeepsHelpKey(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		width int
	}{{"fi", 80}, {"en", 60}} {
		cat := i18n.For(session.Lang(tc.lang))
		short := newHomeKeyMap(cat).help().ShortHelp()
		h := help.New()
		h.SetWidth(tc.width)
		bar := ansi.Strip(h.ShortHelpView(component.FitBar(short, tc.width)))
		if !strings.Contains(bar, "? "+cat.T("key.help")) || strings.Contains(bar, "…") {
			t.Errorf("%s at %d: bar %q has no whole ? help", tc.lang, tc.width, bar)
		}
	}
}

// TestHomeKeysDoNotConflict: in every state of the home screen, no key
// means two things (j joins here; ↓ alone moves down).
func TestHomeKeysDoNotConflict(t *testing.T) {
	for _, lang := range session.Langs {
		m := newMemApp(lang, 1)
		for _, live := range []bool{false, true} {
			h := newHome(m)
			h.creator = true
			h.overview = &session.Overview{Groups: []session.GroupSummary{{Group: session.Group{ID: 1, Name: "g"}}}}
			if live {
				h.overview.Meetings = []session.UpcomingMeeting{{Meeting: session.Meeting{ID: 2, State: session.MeetingLive}}}
			}
			h.syncKeys()
			if err := component.Conflicts(h.keys); err != nil {
				t.Errorf("%s live=%v: %v", lang, live, err)
			}
			if h.keys.Join.Enabled() != live {
				t.Errorf("%s live=%v: j enabled %v", lang, live, h.keys.Join.Enabled())
			}
		}
	}
}
