package tuitest

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/tui/vtscreen"
)

// The emulator's acceptance tests: what bubbletea v2 and ultraviolet send
// must land on the screen the way a modern terminal shows it (these were
// the vt10x filter's tests; x/vt needs no filter to pass them).

// localTerm is a Term without a session, for feeding bytes directly; its
// answers to queries arrive on answers.
type localTerm struct {
	*Term
	answers chan []byte
}

func newLocalTerm(t *testing.T, cols, rows int) *localTerm {
	term := &localTerm{Term: &Term{vt: vtscreen.New(cols, rows, true)}, answers: make(chan []byte, 64)}
	go func() {
		buf := make([]byte, 256)
		for {
			n, err := term.vt.Read(buf)
			if n > 0 {
				term.answers <- bytes.Clone(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(term.vt.Close)
	return term
}

// barrier is a query whose answer is known: what arrives before it
// answered what was fed before it.
const barrier, barrierAnswer = "\x1b[c", "\x1b[?62;1;6;22c"

// reply feeds p and returns what the terminal answered to it.
func (term *localTerm) reply(t *testing.T, p string) string {
	t.Helper()
	term.feed([]byte(p + barrier))
	var got []byte
	timeout := time.NewTimer(5 * time.Second)
	defer timeout.Stop()
	for need := strings.Count(p, barrier) + 1; bytes.Count(got, []byte(barrierAnswer)) < need; {
		select {
		case a := <-term.answers:
			got = append(got, a...)
		case <-timeout.C:
			t.Fatalf("%q: no answer to the barrier; got %q", p, got)
		}
	}
	return string(bytes.TrimSuffix(got, []byte(barrierAnswer)))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func TestScreenKittyKeyboardDoesNotMoveCursor(t *testing.T) {
	// What bubbletea sends around its first frame, between positioned
	// text: kitty keyboard push/pop/set/query and modifyOtherKeys end in
	// 'u' and 'm', which an older emulator ran as "restore cursor" and SGR 0.
	const stream = "\x1b[?1049h\x1b[H\x1b[2J" + "\x1b[3;5Habc" +
		"\x1b[>4;2m\x1b[>1u\x1b[?u\x1b[=1;1u\x1b[<u" + "def"
	term := newLocalTerm(t, 20, 5)
	term.feed([]byte(stream))
	if got := strings.Split(term.Screen(), "\n")[2]; got != "    abcdef" {
		t.Errorf("line 3 = %q, want %q\n%s", got, "    abcdef", term.Screen())
	}
}

func TestScreenSplitUTF8(t *testing.T) {
	term := newLocalTerm(t, 20, 2)
	for _, b := range []byte("hyvä päivää €") {
		term.feed([]byte{b})
	}
	if got := firstLine(term.Screen()); got != "hyvä päivää €" {
		t.Errorf("got %q", got)
	}
}

func TestScreenWidths(t *testing.T) {
	term := newLocalTerm(t, 20, 2)
	// Wide runes take two cells; the renderer positions "|" at column 10
	// after them. A combining mark joins its letter and an emoji with VS16
	// is two columns wide, as the server measures once the terminal has
	// said it counts by grapheme (mode 2027): "|" at column 5 after them.
	term.feed([]byte("日本語x\x1b[1;11H|\r\ne\u0301\u2764\ufe0fz\x1b[2;6H|"))
	want := "日本語x   |\ne\u0301\u2764\ufe0fz |"
	if got := term.Screen(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// TestScreenWidthsAgreeWithServer: text written as the server writes it
// ends at the column the server measured, for Finnish, CJK and emoji of
// every kind people type (skin tones, ZWJ sequences, flags).
func TestScreenWidthsAgreeWithServer(t *testing.T) {
	for _, s := range []string{"Hyvää päivää, Åsa!", "日本語のタイトル", "✋ 🔗 ⏱", "👍🏽 ok", "👩‍💻 ok", "🇫🇮 ok", "❤️ ok", "e\u0301 ok"} {
		term := newLocalTerm(t, 40, 2)
		term.feed([]byte(s + "|"))
		line := firstLine(term.Screen())
		// The server measures with grapheme widths once mode 2027 is
		// reported (a real x/vt answers it so): "|" must sit right after.
		if got, want := ansi.StringWidth(strings.TrimSuffix(line, "|")), ansi.StringWidth(s); got != want || !strings.HasSuffix(line, "|") {
			t.Errorf("%q: screen %q, %d columns before |, server measures %d", s, line, got, want)
		}
		term.feed([]byte("\x1b[1;" + strconv.Itoa(ansi.StringWidth(s)+1) + "H#"))
		if got := firstLine(term.Screen()); got != s+"#" {
			t.Errorf("%q: after a move to the measured column: %q", s, got)
		}
	}
}

func TestScreenREP(t *testing.T) {
	term := newLocalTerm(t, 20, 2)
	term.feed([]byte("a\x1b[3b-\x1b[b"))
	if got := firstLine(term.Screen()); got != "aaaa--" {
		t.Errorf("got %q", got)
	}
}

func TestScreenSynchronizedOutput(t *testing.T) {
	term := newLocalTerm(t, 20, 2)
	term.feed([]byte("old\x1b[?2026h\x1b[H\x1b[2Jne"))
	if got := firstLine(term.Screen()); got != "old" {
		t.Errorf("during sync: %q", got)
	}
	term.feed([]byte("w\x1b[?2026l"))
	if got := firstLine(term.Screen()); got != "new" {
		t.Errorf("after sync: %q", got)
	}
	// Frames that end where they start, then one left open, then one
	// whose start is split over two reads.
	term.feed([]byte("\x1b[?2026h\x1b[Hone\x1b[?2026l\x1b[?2026h\x1b[Htwo\x1b[?2026l\x1b[?2026h\x1b[Hthr"))
	if got := firstLine(term.Screen()); got != "two" {
		t.Errorf("frame left open: %q", got)
	}
	term.feed([]byte("ee\x1b[?2026l\x1b[?20"))
	term.feed([]byte("26h\x1b[Hfou"))
	if got := firstLine(term.Screen()); got != "three" {
		t.Errorf("frame whose start was split: %q", got)
	}
	// "four" over "three", as a terminal draws it.
	term.feed([]byte("r\x1b[?2026l"))
	if got := firstLine(term.Screen()); got != "foure" {
		t.Errorf("last frame: %q", got)
	}
}

func TestScreenReplies(t *testing.T) {
	term := newLocalTerm(t, 20, 5)
	for _, tc := range []struct{ in, want string }{
		{"\x1b[?2026$p", "\x1b[?2026;2$y"}, // synchronized output: supported, off
		{"\x1b[?2027$p", "\x1b[?2027;2$y"}, // grapheme widths: supported, off
		{"\x1b[?2004$p", "\x1b[?2004;2$y"},
		{"\x1b[?9999$p", "\x1b[?9999;0$y"}, // not recognised
		{"\x1b[?u", ""},                    // kitty keyboard: not answered, keys stay legacy
		{"\x1b]11;?\a", "\x1b]11;rgb:0000/0000/0000\a"},
		{"\x1b]10;?\x1b\\", "\x1b]10;rgb:ffff/ffff/ffff\a"},
		{"\x1b[c", barrierAnswer},
		{"\x1b[2;3H\x1b[6n", "\x1b[2;3R"},
	} {
		if got := term.reply(t, tc.in); got != tc.want {
			t.Errorf("%q: reply %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestScreenStrings(t *testing.T) {
	term := newLocalTerm(t, 20, 2)
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

func TestScreenUnderlined(t *testing.T) {
	term := newLocalTerm(t, 20, 2)
	term.feed([]byte("a \x1b[4mhyvä\x1b[24m b \x1b[4m日本\x1b[0m"))
	if got := term.Underlined(); got != "hyvä\n日本" {
		t.Errorf("underlined %q", got)
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
