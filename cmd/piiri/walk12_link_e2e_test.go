package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/piiri/piiri/tui/tuitest"
)

// TestCallLinkStaysInsideItsHyperlink: a leader tries call links that
// would end the room header's OSC 8 hyperlink early and write their own
// escape sequences (ESC, BEL, the 8-bit ST, ESC \); each is refused or
// arrives with them gone. The header a participant's terminal gets, at 60
// and 120 columns, has every hyperlink closed and only URL characters in
// its address, and nothing of the refused links.
func TestCallLinkStaysInsideItsHyperlink(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	for _, bad := range []string{
		"https://meet.example.fi/a\x07\x1b]8;;https://evil.example/\x07x",
		"https://meet.example.fi/a\x1b\\\x1b[2J",
		"https://meet.example.fi/a\u009c\u009d8;;https://evil.example/\u009c",
		"https://meet.example.fi/\u202eexe.lmth",
	} {
		res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting link %d '%s'", f.meeting, bad))
		if res.ExitCode == 0 && (strings.ContainsAny(res.Stdout, "\x07\x1b\u009c\u009d\u202e") || strings.Contains(res.Stdout, "evil.example")) {
			t.Fatalf("link %q kept control characters: %q", bad, res.Stdout)
		}
	}
	link := "https://meet.example.fi/" + strings.Repeat("a", 300) + "?x=1;y=2&z=%1b"
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting link %d '%s'", f.meeting, link)); res.ExitCode != 0 {
		t.Fatalf("meeting link: %q", res.Stderr)
	}
	f.start(t, app)
	osc8 := regexp.MustCompile("\x1b\\]8;([^;\x07\x1b]*);([^\x07\x1b]*)(\x07|\x1b\\\\)")
	for _, size := range [][2]int{{120, 30}, {60, 18}} {
		at := tuitest.Open(t, app.addr, f.aino, tuitest.WithSize(size[0], size[1]), tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
		at.WaitFor("🔗 https://mee")
		raw := string(at.Output())
		links := osc8.FindAllStringSubmatch(raw, -1)
		if strings.Contains(raw, "evil.example") {
			t.Fatalf("%dx%d: a refused link reached the terminal", size[0], size[1])
		}
		if n := strings.Count(raw, "\x1b]8;"); n != len(links) {
			t.Fatalf("%dx%d: %d OSC 8 sequences, %d well formed", size[0], size[1], n, len(links))
		}
		opened := false
		for _, l := range links {
			switch {
			case l[2] == "":
				opened = false
			case l[2] != link:
				t.Fatalf("%dx%d: hyperlink to %q", size[0], size[1], l[2])
			case opened:
				t.Fatalf("%dx%d: a hyperlink opened inside another", size[0], size[1])
			default:
				opened = true
			}
		}
		if opened {
			t.Fatalf("%dx%d: the last hyperlink was never closed", size[0], size[1])
		}
		at.Close()
	}
}
