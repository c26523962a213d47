package tuitest

import (
	"strings"
	"testing"

	"github.com/hinshun/vt10x"
)

// newLocalTerm is a Term without a session, for feeding bytes directly.
func newLocalTerm(cols, rows int) *Term {
	term := &Term{}
	term.vt = vt10x.New(vt10x.WithSize(cols, rows), vt10x.WithWriter(&term.vtReplies))
	return term
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func TestFilterKittyKeyboardDoesNotMoveCursor(t *testing.T) {
	// What bubbletea sends around its first frame, between positioned text.
	const stream = "\x1b[?1049h\x1b[H\x1b[2J" + "\x1b[3;5Habc" +
		"\x1b[>4;2m\x1b[>1u\x1b[?u\x1b[=1;1u\x1b[<u" + "def"

	// Unfiltered, vt10x runs the kitty sequences as "restore cursor" and
	// writes "def" at the saved position.
	raw := vt10x.New(vt10x.WithSize(20, 5))
	_, _ = raw.Write([]byte(stream))
	if strings.Contains(raw.String(), "abcdef") {
		t.Log("vt10x handles kitty keyboard sequences now; the filter may be unnecessary")
	}

	term := newLocalTerm(20, 5)
	term.feed([]byte(stream))
	if got := strings.Split(term.Screen(), "\n")[2]; got != "    abcdef" {
		t.Errorf("line 3 = %q, want %q\n%s", got, "    abcdef", term.Screen())
	}
}

func TestFilterSplitUTF8(t *testing.T) {
	term := newLocalTerm(20, 2)
	for _, b := range []byte("hyvä päivää €") {
		term.feed([]byte{b})
	}
	if got := firstLine(term.Screen()); got != "hyvä päivää €" {
		t.Errorf("got %q", got)
	}
}

func TestFilterWidths(t *testing.T) {
	term := newLocalTerm(20, 2)
	// Wide runes take two cells; the renderer positions "|" at column 10
	// after them. Combining marks and variation selectors take none.
	term.feed([]byte("日本語x\x1b[1;11H|\r\ne\u0301\u2764\ufe0fz"))
	want := "日本語x   |\ne❤z"
	if got := term.Screen(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestFilterREP(t *testing.T) {
	term := newLocalTerm(20, 2)
	term.feed([]byte("a\x1b[3b-\x1b[b"))
	if got := firstLine(term.Screen()); got != "aaaa--" {
		t.Errorf("got %q", got)
	}
}

func TestFilterSynchronizedOutput(t *testing.T) {
	term := newLocalTerm(20, 2)
	term.feed([]byte("old\x1b[?2026h\x1b[H\x1b[2Jne"))
	if got := firstLine(term.Screen()); got != "old" {
		t.Errorf("during sync: %q", got)
	}
	term.feed([]byte("w\x1b[?2026l"))
	if got := firstLine(term.Screen()); got != "new" {
		t.Errorf("after sync: %q", got)
	}
}

func TestFilterReplies(t *testing.T) {
	term := newLocalTerm(20, 5)
	for _, tc := range []struct{ in, want string }{
		{"\x1b[?2026$p", "\x1b[?2026;2$y"},
		{"\x1b[?2027$p", "\x1b[?2027;0$y"},
		{"\x1b[?u", ""},
		{"\x1b]11;?\a", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
		{"\x1b]10;?\x1b\\", "\x1b]10;rgb:ffff/ffff/ffff\x1b\\"},
		{"\x1b[c", "\x1b[?62;22c"},
		{"\x1b[2;3H\x1b[6n", "\x1b[2;3R"},
		{"\x1b[5n", "\x1b[0n"},
	} {
		if got := string(term.feed([]byte(tc.in))); got != tc.want {
			t.Errorf("%q: reply %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFilterStrings(t *testing.T) {
	term := newLocalTerm(20, 2)
	// Title split across reads, then DCS, APC and a hyperlink: none may leak
	// onto the screen.
	for _, chunk := range []string{
		"\x1b]2;ot", "sikko\x07a",
		"\x1bP+q544e\x1b\\b",
		"\x1b_Gf=100\x1b\\c",
		"\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
	} {
		term.feed([]byte(chunk))
	}
	if got := firstLine(term.Screen()); got != "abclink" {
		t.Errorf("got %q", got)
	}
	if got := term.vt.Title(); got != "otsikko" {
		t.Errorf("title %q", got)
	}
}

func TestKeySequence(t *testing.T) {
	for k, want := range map[string]string{
		"enter": "\r", "shift+tab": "\x1b[Z", "ctrl+c": "\x03", "ctrl+a": "\x01",
		"alt+x": "\x1bx", "alt+enter": "\x1b\r", "ä": "ä", "up": "\x1b[A", "pgdown": "\x1b[6~",
	} {
		if got, ok := keySequence(k); !ok || got != want {
			t.Errorf("keySequence(%q) = %q, %v; want %q", k, got, ok, want)
		}
	}
	for _, k := range []string{"ctrl+", "ctrl+1", "foo", ""} {
		if _, ok := keySequence(k); ok {
			t.Errorf("keySequence(%q) accepted", k)
		}
	}
}
