package session

import (
	"strings"
	"testing"
)

func TestCleanLine(t *testing.T) {
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
	got := CleanText("eka\r\ntoka\n\tsisennys\x1b[2J\n")
	want := "eka\ntoka\n    sisennys"
	if got != want {
		t.Fatalf("CleanText = %q, want %q", got, want)
	}
}

func TestCleanedTextHasNoControls(t *testing.T) {
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
