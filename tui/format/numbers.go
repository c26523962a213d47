package format

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// Num writes a mean with one decimal the reader's way: 3,7 in Finnish,
// 3.7 in English.
func Num(cat i18n.Catalog, v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if cat.Lang() == session.LangFI {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Signed writes a change with its sign: +0,7, −0,3, ±0,0.
func Signed(cat i18n.Catalog, v float64) string {
	switch r := math.Round(v*10) / 10; {
	case r > 0:
		return "+" + Num(cat, r)
	case r < 0:
		return "−" + Num(cat, -r)
	}
	return "±" + Num(cat, 0)
}

// Round2 keeps a number a number for JSON, rounded to two decimals so
// that no 1.9999999999999998 reaches a spreadsheet.
func Round2(v float64) float64 { return math.Round(v*100) / 100 }

// Date writes a day the reader's way, in the server's time zone.
func Date(cat i18n.Catalog, loc *time.Location, t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	if loc != nil {
		t = t.In(loc)
	}
	if cat.Lang() == session.LangFI {
		return t.Format("2.1.2006")
	}
	return t.Format("2 Jan 2006")
}
