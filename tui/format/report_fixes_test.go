package format

import (
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// TestReportOneDayAndSharingCounts: a programme held on one day names the
// day once, and the sharing line counts an approved quote apart from
// released reflections, so "0 reflections" does not read as "nothing shown".
func TestReportOneDayAndSharingCounts(t *testing.T) {
	day := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC)
	rep := &session.Report{Group: session.Group{Name: "Piiri"}, FirstHeld: day, LastHeld: day.Add(2 * time.Hour),
		Shares: []session.Share{{ID: 1, What: "Kokemuksia", Quotes: []session.Quote{
			{AuthorName: "Aino", Status: session.QuoteApproved, Body: "Opin paljon", Visibility: session.VisGroup},
			{AuthorName: "Eero", Status: session.QuoteAsked}}}}}
	for _, tt := range []struct {
		lang       session.Lang
		want, nope []string
	}{
		{session.LangFI, []string{"Pidetyt tapaamiset: 1.12.2026\n", "0 pohdintaa, jotka kirjoittajat ovat julkaisseet lukijoille",
			"1 lainaus, jonka kirjoittaja on hyväksynyt näytettäväksi"}, []string{"–  1.12.2026", "1.12.2026 – "}},
		{session.LangEN, []string{"0 reflections released to readers by their authors", "1 quote approved by its author and shown"},
			[]string{" – 1 Dec"}},
	} {
		txt := ReportText(i18n.For(tt.lang), time.UTC, rep, false)
		for _, w := range tt.want {
			if !strings.Contains(txt, w) {
				t.Errorf("%s report lacks %q:\n%s", tt.lang, w, txt)
			}
		}
		for _, n := range tt.nope {
			if strings.Contains(txt, n) {
				t.Errorf("%s report has %q:\n%s", tt.lang, n, txt)
			}
		}
	}
	rep.LastHeld = day.AddDate(0, 0, 7)
	if txt := ReportText(i18n.For(session.LangFI), time.UTC, rep, false); !strings.Contains(txt, "1.12.2026 – 8.12.2026") {
		t.Errorf("a span of days is not shown as a span:\n%s", txt)
	}
}

// TestRequestSaysNameIsShown: the author's request says, in both
// languages, that the quote goes out with their name.
func TestRequestSaysNameIsShown(t *testing.T) {
	q := session.ApprovalRequest{Quote: session.Quote{ShareID: 1, ReflectionID: 2, Status: session.QuoteAsked},
		GroupName: "Piiri", What: "Opit", Excerpt: "Opin paljon."}
	for lang, want := range map[session.Lang]string{session.LangFI: "Lainaus näytetään nimelläsi.", session.LangEN: "The quote is shown with your name."} {
		if txt := RequestText(i18n.For(lang), q); !strings.Contains(txt, want) {
			t.Errorf("%s request lacks %q:\n%s", lang, want, txt)
		}
	}
}
