package i18n

import (
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

func TestTimesNameTheZone(t *testing.T) {
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Skip("no zoneinfo:", err)
	}
	start := time.Date(2026, 12, 1, 12, 32, 0, 0, time.UTC) // 14.32 in Helsinki
	end := time.Date(2026, 12, 1, 14, 1, 0, 0, time.UTC)
	fi, en := For(session.LangFI), For(session.LangEN)
	for _, tt := range []struct{ got, want string }{
		{fi.WhenZone(start, hel), "1.12.2026 klo 14.32 (UTC+2)"},
		{en.WhenZone(start, hel), "Tue 1 Dec 2026 14:32 (UTC+2)"},
		{fi.Span(start, end, hel), "1.12.2026 14.32–16.01 (UTC+2)"},
		{en.Span(start, end, hel), "1 Dec 2026 14:32–16:01 (UTC+2)"},
		{fi.Span(start, end.Add(24*time.Hour), hel), "1.12.2026 14.32–2.12.2026 16.01 (UTC+2)"},
		{fi.WhenZone(start.Add(-5*time.Hour-27*time.Minute), hel), "1.12.2026 klo 9.05 (UTC+2)"},
		{en.WhenZone(start.Add(-5*time.Hour-27*time.Minute), hel), "Tue 1 Dec 2026 09:05 (UTC+2)"},
		{Zone(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), hel), "UTC+3"},
		{Zone(start, time.UTC), "UTC"},
		{Zone(start, time.FixedZone("", -(3*3600+1800))), "UTC-3:30"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for _, c := range []Catalog{fi, en} {
		back, err := session.ParseStart(c.StartInput(start, hel), hel)
		if err != nil || !back.Equal(start) {
			t.Errorf("%s: the form's start %q does not read back: %v %v", c.Lang(), c.StartInput(start, hel), back, err)
		}
	}
}
