package line

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

func TestSplitWords(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
		bad  bool
	}{
		{in: "groups", want: []string{"groups"}},
		{in: `  reflections --search "oma tavoite"  `, want: []string{"reflections", "--search", "oma tavoite"}},
		{in: `rename 'Aino "A" V'`, want: []string{"rename", `Aino "A" V`}},
		{in: `say it\'s`, want: []string{"say", "it's"}},
		{in: `say ""`, want: []string{"say", ""}},
		{in: `say "open`, bad: true},
	} {
		got, err := splitWords(tt.in)
		if (err != nil) != tt.bad || !slices.Equal(got, tt.want) {
			t.Errorf("splitWords(%q) = %q, %v", tt.in, got, err)
		}
	}
}

// TestWrapKeepsWidth: every wrapped line fits, long words are cut, and
// no text is lost.
func TestWrapKeepsWidth(t *testing.T) {
	text := "Kirjoita hiljaa: mitä haluat oppia tämän koulutuksen aikana, ja mistä huomaat onnistuneesi? " +
		strings.Repeat("pitkä", 12)
	for _, w := range []int{10, 22, 30, 80} {
		lines := wrap(text, w)
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("width %d: %q is %d wide", w, l, ansi.StringWidth(l))
			}
		}
		if got := strings.ReplaceAll(strings.Join(lines, ""), " ", ""); got != strings.ReplaceAll(text, " ", "") {
			t.Errorf("width %d lost text: %q", w, got)
		}
	}
}

// TestEditorOverPTY: echo, backspace over a wide and a two-byte rune,
// ctrl+u, ctrl+w, ctrl+c, history and a lone escape; nothing echoed
// holds an escape byte.
func TestEditorOverPTY(t *testing.T) {
	svc := &session.Service{Loc: time.UTC, Now: func() time.Time { return time.Date(2026, 12, 1, 14, 3, 0, 0, time.UTC) }}
	in := strings.Join([]string{
		"groä\x7fups\r",          // a backspace over ä: "groups"
		"junk\x15agenda 1\r",     // ctrl+u
		"say one two\x17three\r", // ctrl+w drops "two"
		"dropped\x03",            // ctrl+c
		"\x1b[A\x1b[A\r",         // up twice: "agenda 1"
		"\x1bx\r",                // a lone escape, then x
		"漢\x7fok\r",              // a wide rune erased
	}, "")
	var out bytes.Buffer
	p := newPrinter(&out, true, 40, i18n.For(session.LangEN), svc)
	ed := newEditor(strings.NewReader(in), p, true)
	var got []string
	for {
		l, err := ed.readLine("> ")
		if err != nil {
			break
		}
		got = append(got, l)
	}
	want := []string{"groups", "agenda 1", "say one three", "agenda 1", "x", "ok"}
	if !slices.Equal(got, want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	if bytes.IndexByte(out.Bytes(), 0x1b) >= 0 {
		t.Errorf("echo holds an escape byte: %q", out.String())
	}
	if !strings.Contains(out.String(), "\b \b\b \b") {
		t.Errorf("a wide rune is erased with two backspaces: %q", out.String())
	}
}
