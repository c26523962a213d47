package line

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
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

// TestRoomHelpWordsWork: every Finnish word the room's help names is a
// command (the help said "arvio" where a Finn types the verb "arvioi").
func TestRoomHelpWordsWork(t *testing.T) {
	help := i18n.For(session.LangFI).T("line.room.help")
	list, _, _ := strings.Cut(strings.TrimPrefix(help, "Tapaamisessa: "), ". Muut")
	for _, item := range strings.Split(list, ", ") {
		for _, w := range strings.Fields(strings.NewReplacer("(", "", ")", "").Replace(item)) {
			if w == strings.ToUpper(w) {
				continue // an argument such as TEKSTI
			}
			if _, ok := roomAliases[w]; !ok {
				t.Errorf("the help names %q, which is no command", w)
			}
		}
	}
	for _, w := range []string{"arvioi", "kirjoita", "sano"} {
		if !strings.Contains(list, w) {
			t.Errorf("the help lacks %q: %s", w, list)
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

// TestWrapKeepsFlagsWhole: a command's flags are never split at their
// hyphens ("--" on one line, "quote" on the next).
func TestWrapKeepsFlagsWhole(t *testing.T) {
	text := "- share add --group G --what TEXT --how training|follow-up --when 1.12.2026 [--quote ID[:FROM-TO],…] — kirjaa"
	for w := 20; w <= 80; w++ {
		for _, l := range wrap(text, w) {
			if strings.HasSuffix(l, "-") || strings.HasSuffix(l, "[") && !strings.HasSuffix(l, " [") {
				t.Fatalf("width %d: a flag split at its hyphen: %q", w, l)
			}
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
		"\npasted\r\nlines\r\n",  // a pasted \r\n is one line end
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
	want := []string{"groups", "agenda 1", "say one three", "agenda 1", "x", "ok", "pasted", "lines"}
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

// syncBuffer is an output that tells when something was written.
type syncBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{}
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Write(p)
	select {
	case s.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestTimerMarks: a running timer arms one timer for its next mark and
// announces it; a paused one arms none.
func TestTimerMarks(t *testing.T) {
	now := time.Date(2026, 12, 1, 14, 3, 0, 0, time.UTC)
	svc := &session.Service{Loc: time.UTC, Now: func() time.Time { return now }}
	out := &syncBuffer{wrote: make(chan struct{}, 1)}
	cat := i18n.For(session.LangEN)
	s := &lineSession{o: Options{Env: cli.Env{Service: svc, Cat: cat}}, p: newPrinter(out, false, 80, cat, svc)}
	r := &room{s: s, me: 1, cat: cat, svc: svc, quiet: map[string]bool{}, updated: make(chan struct{}, 1)}
	st := &session.RoomState{Title: "T", GroupName: "G", Version: 1,
		Items:  []session.AgendaItem{{ID: 1, Title: "Kierros", Kind: session.KindRound, Minutes: 10}},
		People: []session.Presence{{PersonID: 1, Name: "Aino", Sessions: 1}},
		Timer:  session.Timer{Remaining: 10 * time.Minute}}
	r.update(st)
	if r.mark != nil {
		t.Fatal("a paused timer armed a mark")
	}
	running := *st
	running.Version = 2
	running.Timer = session.Timer{Running: true, Deadline: now.Add(5*time.Minute + 20*time.Millisecond)}
	r.update(&running)
	deadline := time.After(5 * time.Second)
	for !strings.Contains(out.String(), "5 min left.") {
		select {
		case <-out.wrote:
		case <-deadline:
			t.Fatalf("no 5-minute mark:\n%s", out.String())
		}
	}
	if !strings.Contains(out.String(), "Timer started, 5.00 left.") {
		t.Errorf("no start line:\n%s", out.String())
	}
	r.mu.Lock()
	armed := r.mark != nil
	r.mark.Stop()
	r.mu.Unlock()
	if !armed {
		t.Error("the 1-minute mark is not armed after the 5-minute one")
	}
}

// TestEventsAroundTheTypedLine: an event ends the line being typed and
// prints it again below; after an empty prompt it is not repeated until
// a key is typed.
func TestEventsAroundTheTypedLine(t *testing.T) {
	svc := &session.Service{Loc: time.UTC, Now: func() time.Time { return time.Date(2026, 12, 1, 14, 3, 0, 0, time.UTC) }}
	var out bytes.Buffer
	p := newPrinter(&out, true, 40, i18n.For(session.LangFI), svc)
	p.echo("> ", "> ", "", true)
	p.say("Aino tuli.")
	p.say("Bertta tuli.")
	p.echo("s", "> ", "s", true)
	p.say("Vuoro: Aino puhuu, 1/2.")
	p.echo("a", "> ", "sa", true)
	p.echo("\n", "> ", "sa", false)
	want := "> \r\n[14.03] Aino tuli.\r\n[14.03] Bertta tuli.\r\n> s\r\n[14.03] Vuoro: Aino puhuu, 1/2.\r\n> sa\r\n"
	if out.String() != want {
		t.Errorf("got  %q\nwant %q", out.String(), want)
	}
}

// TestQuietKinds: a quiet kind is not announced, one's own events still
// are, and the toggle says so in both directions.
func TestQuietKinds(t *testing.T) {
	svc := &session.Service{Loc: time.UTC, Now: func() time.Time { return time.Date(2026, 12, 1, 14, 3, 0, 0, time.UTC) }}
	var out bytes.Buffer
	cat := i18n.For(session.LangFI)
	s := &lineSession{o: Options{Env: cli.Env{Service: svc, Cat: cat}}, p: newPrinter(&out, false, 80, cat, svc)}
	r := &room{s: s, me: 1, cat: cat, svc: svc, quiet: map[string]bool{}, updated: make(chan struct{}, 1)}
	people := []session.Presence{{PersonID: 1, Name: "Aino", Sessions: 1}, {PersonID: 2, Name: "Bertta", Sessions: 1}}
	before := &session.RoomState{People: people}
	after := &session.RoomState{People: people, Hands: []int64{2, 1}}
	r.quietToggle("kädet")
	got := r.events(before, after)
	want := []string{"Kätesi on ylhäällä, jonossa 2."}
	if !slices.Equal(got, want) {
		t.Errorf("quiet hands: %q, want %q", got, want)
	}
	r.quietToggle("hands")
	if got := r.events(before, after); len(got) != 2 || got[0] != "Käsi ylhäällä: Bertta, jonossa 2." {
		t.Errorf("hands again: %q", got)
	}
	r.quietToggle("nothing")
	if s := out.String(); !strings.Contains(s, "Hiljaa: kädet eivät enää kuulu.") || !strings.Contains(s, "Taas kuuluvat: kädet.") ||
		!strings.Contains(s, "Käyttö: hiljaa") {
		t.Errorf("toggle lines:\n%s", s)
	}
}
