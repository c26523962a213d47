package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
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
		short := homeKeys(cat, false, true, true, false, true).ShortHelp()
		h := help.New()
		h.SetWidth(tc.width)
		bar := ansi.Strip(h.ShortHelpView(fitBar(short, tc.width)))
		if !strings.Contains(bar, "? "+cat.T("key.help")) || strings.Contains(bar, "…") {
			t.Errorf("%s at %d: bar %q has no whole ? help", tc.lang, tc.width, bar)
		}
	}
}
