package i18n

import (
	"fmt"
	"time"

	"github.com/piiri/piiri/session"
)

// Times shown to people are in the server's configured zone (loc), in the
// conventions of the catalog's language, and name the zone as an offset
// ("UTC+2"), which reads the same in both languages and fits a phone.

// Date is a day: "1.12.2026" or "1 Dec 2026".
func (c Catalog) Date(t time.Time, loc *time.Location) string {
	if c.lang == session.LangFI {
		return t.In(loc).Format("2.1.2006")
	}
	return t.In(loc).Format("2 Jan 2006")
}

// Clock is a time of day: "9.05" or "09:05" (Finnish writes the hour
// without a leading zero).
func (c Catalog) Clock(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if c.lang == session.LangFI {
		return fmt.Sprintf("%d.%02d", t.Hour(), t.Minute())
	}
	return t.Format("15:04")
}

// When is a day and time without the zone: "1.12.2026 klo 14.30" or
// "Tue 1 Dec 2026 14:30".
func (c Catalog) When(t time.Time, loc *time.Location) string {
	if c.lang == session.LangFI {
		return c.Date(t, loc) + " klo " + c.Clock(t, loc)
	}
	return t.In(loc).Format("Mon 2 Jan 2006 15:04")
}

// WhenZone is When with the zone: "1.12.2026 klo 14.30 (UTC+2)".
func (c Catalog) WhenZone(t time.Time, loc *time.Location) string {
	return c.When(t, loc) + " (" + Zone(t, loc) + ")"
}

// Span is when something was held, start to end with the zone:
// "1.12.2026 14.32–16.01 (UTC+2)"; the end's date shows only when it is
// another day.
func (c Catalog) Span(from, to time.Time, loc *time.Location) string {
	end := c.Clock(to, loc)
	if c.Date(to, loc) != c.Date(from, loc) {
		end = c.Date(to, loc) + " " + end
	}
	return c.Date(from, loc) + " " + c.Clock(from, loc) + "–" + end + " (" + Zone(from, loc) + ")"
}

// Zone names loc's offset at t: "UTC", "UTC+2", "UTC-3:30".
func Zone(t time.Time, loc *time.Location) string {
	_, off := t.In(loc).Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	h, m := off/3600, off%3600/60
	if m != 0 {
		return fmt.Sprintf("UTC%s%d:%02d", sign, h, m)
	}
	return fmt.Sprintf("UTC%s%d", sign, h)
}

// StartInput is a start as the meeting form shows it for editing, in a
// form ParseStart reads back.
func (c Catalog) StartInput(t time.Time, loc *time.Location) string {
	if c.lang == session.LangFI {
		return t.In(loc).Format(session.StartLayoutFI)
	}
	return t.In(loc).Format(session.StartLayout)
}
