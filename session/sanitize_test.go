package session

import (
	"strings"
	"testing"
)

func TestCleanLine(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Aino", "Aino"},
		{"  Aino  Virtanen ", "Aino  Virtanen"},
		{"Äiti\x1b[31mPunainen\x1b[0m", "ÄitiPunainen"},
		{"a\x1b]0;title\x07b", "ab"},
		{"a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"},
		{"a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"a\x1b(Bb", "ab"},
		{"a\u009b31mb", "ab"},
		{"a\u009d0;x\u009cb", "ab"},
		{"line1\nline2\rx", "line1 line2 x"},
		{"tab\there", "tab here"},
		{"bell\a del\x7f nul\x00", "bell del nul"},
		{"rtl\u202eevil\u202c", "rtlevil"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"\x1b[", ""},
		{"emoji 🙂 ok", "emoji 🙂 ok"},
	}
	for _, tt := range tests {
		if got := CleanLine(tt.in); got != tt.want {
			t.Errorf("CleanLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	t.Parallel()
	got := CleanText("eka\r\ntoka\n\tsisennys\x1b[2J\n")
	want := "eka\ntoka\n    sisennys"
	if got != want {
		t.Fatalf("CleanText = %q, want %q", got, want)
	}
}

func TestCleanedTextHasNoControls(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	for r := rune(0); r < 0x200; r++ {
		all.WriteRune(r)
	}
	for _, out := range []string{CleanLine(all.String()), CleanText(all.String())} {
		for _, r := range out {
			if r == 0x1b || (r < 0x20 && r != '\n') || (r >= 0x7f && r < 0xa0) {
				t.Fatalf("control %U survived", r)
			}
		}
	}
}

// Invisible characters go, so that what two people see is what the text
// is: names that differ only in them would otherwise look alike.
func TestCleanLineDropsInvisibles(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"zero-width space", "Ai\u200bno", "Aino"},
		{"zero-width joiners", "A\u200c\u200di\u2060no", "Aino"},
		{"soft hyphen", "Ai\u00adno", "Aino"},
		{"byte order mark", "\ufeffAino", "Aino"},
		{"bidi isolate and mark", "\u2066Aino\u2069\u200f", "Aino"},
		{"tag characters", "Aino\U000E0041\U000E007F", "Aino"},
		{"Hangul fillers", "Aino\u3164\u115f\u1160\uffa0", "Aino"},
		{"filler as the whole name", "\u3164", ""},
		{"Finnish precomposed", "Äänekoski Åland öljy", "Äänekoski Åland öljy"},
		{"Finnish decomposed", "A\u0308a\u0308nekoski", "A\u0308a\u0308nekoski"},
		{"three marks kept", "e\u0301\u0302\u0303", "e\u0301\u0302\u0303"},
		{"marks capped per character", "e\u0301\u0302\u0303\u0304\u0305o\u0308", "e\u0301\u0302\u0303o\u0308"},
		{"cap not reset by a dropped character", "e\u0301\u0302\u200b\u0303\u0304", "e\u0301\u0302\u0303"},
		{"cap not reset by an escape", "e\u0301\u0302\x1b[1m\u0303\u0304", "e\u0301\u0302\u0303"},
		{"emoji with variation selector", "❤\ufe0f kiitos", "❤\ufe0f kiitos"},
		{"keycap", "1\ufe0f\u20e3", "1\ufe0f\u20e3"},
		{"variation selector after a letter", "Fa\ufe0fsi Fa\ufe0esi", "Fasi Fasi"},
		{"marks that draw nothing", "Fa\u034fs\ufe01i\U000E0100 \u180bKa\u17b4", "Fasi Ka"},
	}
	for _, tt := range tests {
		if got := CleanLine(tt.in); got != tt.want {
			t.Errorf("%s: CleanLine(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
	if got := CleanText("rivi\u200b\nrivi\u00ad"); got != "rivi\nrivi" {
		t.Errorf("CleanText kept an invisible: %q", got)
	}
}
