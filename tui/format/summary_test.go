package format

import (
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// TestSummaryRoundsAndLink: the summary says how each round went in
// plural forms of both languages, skipped people only when there were
// some, and carries the call link.
func TestSummaryRoundsAndLink(t *testing.T) {
	at := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC)
	st := &session.RoomState{GroupName: "Piiri", Title: "1. Aloitus", Started: at, EndedAt: at.Add(time.Hour),
		Link:   "https://meet.jit.si/Piiri",
		Items:  []session.AgendaItem{{ID: 1, Title: "Kuulumiset", Kind: session.KindRound, Minutes: 10}, {ID: 2, Title: "Lopetus", Kind: session.KindRound, Minutes: 5}},
		Rounds: []session.RoundRecord{{ItemID: 1, Speakers: 1, Passed: 1}, {ItemID: 2, Speakers: 3, Passed: 2, Skipped: 1}}}
	sum := &session.Summary{State: st, Ended: st.EndedAt, Actual: map[int64]time.Duration{1: 7*time.Minute + 20*time.Second}}
	for _, tt := range []struct {
		lang session.Lang
		want []string
	}{
		{session.LangFI, []string{"- Kuulumiset: 1 henkilö puhui, 1 ohitti vuoronsa\n", "- Lopetus: 3 henkilöä puhui, 2 ohitti vuoronsa, 1 ohitettiin (ei paikalla)\n",
			"Puhelulinkki: <https://meet.jit.si/Piiri>", "| 1 | Kuulumiset | kierros | 10 min | 7 min |"}},
		{session.LangEN, []string{"- Kuulumiset: 1 person spoke, 1 passed\n", "- Lopetus: 3 people spoke, 2 passed, 1 skipped (not here)\n",
			"Call link: <https://meet.jit.si/Piiri>", "| 2 | Lopetus | round | 5 min | – |"}},
	} {
		md := SummaryMarkdown(i18n.For(tt.lang), sum, time.UTC)
		for _, w := range tt.want {
			if !strings.Contains(md, w) {
				t.Errorf("%s summary lacks %q:\n%s", tt.lang, w, md)
			}
		}
	}
}
