package format

import (
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

func TestNumbersTheReadersWay(t *testing.T) {
	fi, en := i18n.For(session.LangFI), i18n.For(session.LangEN)
	for _, tt := range []struct {
		got, want string
	}{
		{Num(fi, 11.0/3), "3,7"}, {Num(en, 11.0/3), "3.7"}, {Num(fi, 2), "2,0"},
		{Signed(fi, 1.5), "+1,5"}, {Signed(en, -0.25), "−0.3"}, {Signed(en, 0.04), "±0.0"}, {Signed(fi, -0.04), "±0,0"},
		{Bar(fi, 4, 10), "████████░░ 4,0"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want float64 }{{0.1 + 0.2, 0.3}, {1.9999999999999998, 2}, {10.0 / 3, 3.33}, {4.75, 4.75}} {
		if got := Round2(tt.in); got != tt.want {
			t.Errorf("Round2(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
