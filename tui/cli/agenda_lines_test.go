package cli

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// TestAgendaLinesKeepColumns: a long title, non-ASCII letters and wide
// characters leave the kind and minutes in their columns in both
// languages, and a long title's words are all still printed.
func TestAgendaLinesKeepColumns(t *testing.T) {
	long := "Kuulumiskierros, jossa jokainen kertoo mitä viikon tehtävästä jäi päällimmäisenä mieleen ja miksi"
	items := []session.AgendaItem{
		{Title: "Kuulumiset", Kind: session.KindRound, Minutes: 10},
		{Title: long, Kind: session.KindWriting, Minutes: 15},
		{Title: "Äänestys ääneen – 日本語のタイトル 🙂", Kind: session.KindBreak, Minutes: 5},
		{Title: strings.Repeat("x", 95), Kind: session.KindOther, Minutes: 120},
	}
	for _, lang := range []session.Lang{session.LangFI, session.LangEN} {
		cat := i18n.For(lang)
		lines := agendaLines(cat, items)
		minCol, kindCol := -1, -1
		var words []string
		for _, l := range lines {
			if !strings.HasSuffix(l, " min") {
				if ansi.StringWidth(l) > 4+agendaTitleCells {
					t.Errorf("%s: a wrapped title line is wider than its column: %q", lang, l)
				}
				words = append(words, strings.Fields(l)...)
				continue
			}
			if w := ansi.StringWidth(l); minCol == -1 {
				minCol = w
			} else if w != minCol {
				t.Errorf("%s: minutes out of line (%d, want %d):\n%s", lang, w, minCol, strings.Join(lines, "\n"))
			}
			// the kind starts right after the title column
			prefix := ansi.Truncate(l, 4+agendaTitleCells+1, "")
			if kc := ansi.StringWidth(prefix); kindCol == -1 {
				kindCol = kc
			} else if kc != kindCol || strings.HasSuffix(prefix, "x") {
				t.Errorf("%s: kind out of line in %q", lang, l)
			}
			words = append(words, strings.Fields(prefix)[1:]...)
		}
		if got := strings.Join(words, " "); !strings.Contains(got, long) {
			t.Errorf("%s: the long title lost words:\n%s", lang, strings.Join(lines, "\n"))
		}
		if len(lines) < len(items)+2 {
			t.Errorf("%s: long titles did not wrap:\n%s", lang, strings.Join(lines, "\n"))
		}
	}
}
