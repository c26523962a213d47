package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/tuitest"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden transcripts in testdata/")

// lineClient is a line-mode session without a PTY: what it was sent is
// its stdin, what it printed is kept whole for the transcript.
type lineClient struct {
	t      *testing.T
	name   string
	stdin  io.WriteCloser
	mu     sync.Mutex
	out    bytes.Buffer
	cursor int // waitFor looks after the last thing it found
	wrote  chan struct{}
	done   chan struct{}
}

func (c *lineClient) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.out.Write(p)
	select {
	case c.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

func openLine(t *testing.T, addr string, key gossh.Signer, command string) *lineClient {
	t.Helper()
	return openLineOn(t, tuitest.Dial(t, addr, key), command)
}

// openLineOn is openLine on an open connection.
func openLineOn(t *testing.T, client *gossh.Client, command string) *lineClient {
	t.Helper()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	c := &lineClient{t: t, name: command, wrote: make(chan struct{}, 1), done: make(chan struct{})}
	if c.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	sess.Stdout, sess.Stderr = c, c
	if err := sess.Start(command); err != nil {
		t.Fatal(err)
	}
	go func() { _ = sess.Wait(); close(c.done) }()
	t.Cleanup(func() { _ = c.stdin.Close(); _ = sess.Close() })
	return c
}

func (c *lineClient) send(line string) {
	c.t.Helper()
	if _, err := io.WriteString(c.stdin, line+"\n"); err != nil {
		c.t.Fatalf("%s: send %q: %v", c.name, line, err)
	}
}

func (c *lineClient) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

// joined is the output with wrapped lines joined again, for waitFor.
func (c *lineClient) joined() string {
	return continuation.ReplaceAllString(c.output(), " ")
}

var continuation = regexp.MustCompile(`\n {2,}`)

// waitFor waits until want is printed after what was last waited for.
func (c *lineClient) waitFor(want string) {
	c.t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		out := c.joined()
		if i := strings.Index(out[c.cursor:], want); i >= 0 {
			c.cursor += i + len(want)
			return
		}
		select {
		case <-c.wrote:
		case <-c.done:
			final := c.joined()
			if !strings.Contains(final[c.cursor:], want) {
				c.t.Fatalf("%s ended waiting for %q; printed:\n%s", c.name, want, final)
			}
		case <-deadline.C:
			c.t.Fatalf("%s: timed out waiting for %q; printed after the last wait:\n%s", c.name, want, out[c.cursor:])
		}
	}
}

// fixedClock stops the server's clock, so that the transcripts' times and
// timers are the same on every run.
func fixedClock(app *testApp) {
	at := time.Date(2026, 12, 1, 14, 3, 0, 0, time.UTC)
	app.Service.Now = func() time.Time { return at }
	app.Service.Loc = time.UTC
}

// TestLineModeMeetingTranscripts: Fasi leads and Aino takes part from the
// line mode next to Bertta in the TUI, through a whole Mepe! meeting —
// check-in round, hands and the word, discussion and a burst, the
// self-assessment, silent writing and its reveal, the closing round, the
// end and the pulse — in Finnish and English. What each line-mode session
// printed is compared byte for byte with testdata/ (go test -update
// rewrites it); no escape byte is ever printed; Bertta's silent writing
// reaches Aino only with the reveal.
func TestLineModeMeetingTranscripts(t *testing.T) {
	for _, lang := range []session.Lang{session.LangFI, session.LangEN} {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			lineMeeting(t, lang)
		})
	}
}

func lineMeeting(t *testing.T, lang session.Lang) {
	app := startApp(t)
	fixedClock(app)
	f := newMeetingFixtureIn(t, app, "mepe", lang)
	cat := i18n.For(lang)
	T := cat.T
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	join := fmt.Sprintf("plain join %d", f.meeting)
	fasi := openLine(t, app.addr, f.fac, join)
	fasi.waitFor(T("line.status.here", 1, T("line.you")))
	aino := openLine(t, app.addr, f.aino, join)
	aino.waitFor(T("line.status.here", 2, "Fasi, "+T("line.you")))
	fasi.waitFor(T("line.ev.arrived", "Aino"))
	bertta := tuitest.Open(t, app.addr, f.bertta, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	both := func(keyF, keyA string, args ...any) {
		t.Helper()
		fasi.waitFor(T(keyF, args...))
		aino.waitFor(T(keyA, args...))
	}
	both("line.ev.arrived", "line.ev.arrived", "Bertta")
	bertta.WaitFor("Bertta")

	// The check-in round: Fasi, Aino, Bertta in the order they came.
	fasi.send("timer")
	both("line.ev.timer_started", "line.ev.timer_started", "10.00")
	fasi.send(map[session.Lang]string{session.LangFI: "kierros", session.LangEN: "round"}[lang])
	you := T("line.you")
	fasi.waitFor(T("line.ev.round_started", you+", Aino, Bertta"))
	aino.waitFor(T("line.ev.round_started", "Fasi, "+you+", Bertta"))
	fasi.waitFor(T("line.ev.my_turn", 1, 3))
	aino.waitFor(T("line.ev.turn", "Fasi", 1, 3))
	fasi.send("done")
	fasi.waitFor(T("line.ev.turn", "Aino", 2, 3))
	aino.waitFor(T("line.ev.my_turn", 2, 3))
	aino.send(map[session.Lang]string{session.LangFI: "ohi", session.LangEN: "pass"}[lang])
	both("line.ev.turn", "line.ev.turn", "Bertta", 3, 3)
	bertta.WaitFor(strings.SplitN(T("room.your_turn"), ".", 2)[0])
	bertta.Press("d")
	both("line.ev.round_over", "line.ev.round_over")

	// Hands and the word, a message.
	aino.send("hand")
	fasi.waitFor(T("line.ev.hand_up", "Aino", 1))
	aino.waitFor(T("line.ev.my_hand_up", 1))
	bertta.Press("h")
	both("line.ev.hand_up", "line.ev.hand_up", "Bertta", 2)
	fasi.send("give")
	fasi.waitFor(T("line.ev.word", "Aino"))
	aino.waitFor(T("line.ev.my_word"))
	aino.send("say Hyvä kysymys \x1b[31mpunaisella")
	fasi.waitFor(T("line.ev.message", "Aino", "Hyvä kysymys punaisella"))
	aino.waitFor(T("line.ev.my_message", "Hyvä kysymys punaisella"))
	aino.send("done")
	fasi.waitFor(T("line.ev.word_over", "Aino"))
	aino.waitFor(T("line.ev.my_word_over"))
	fasi.send("give")
	both("line.ev.word", "line.ev.word", "Bertta")

	// A burst from Bertta: three lines, then a count and read.
	bertta.Press("enter")
	for i := 1; i <= 5; i++ {
		bertta.Type(fmt.Sprintf("Viesti %d", i))
		bertta.Press("enter")
		bertta.WaitFor(fmt.Sprintf("Viesti %d", i))
		if i <= 3 {
			aino.waitFor(fmt.Sprintf("Bertta: Viesti %d", i))
		}
	}
	// The message line stays open after a send: esc closes it.
	bertta.Press("esc")
	bertta.WaitFor("enter " + T("key.say")) // the room keys again
	aino.waitFor(T("line.ev.burst.one", 1))
	fasi.waitFor(T("line.ev.burst.one", 1))
	aino.send("lue")
	aino.waitFor("Bertta: Viesti 5")
	fasi.send("take")
	both("line.ev.word_over", "line.ev.word_over", "Bertta")

	// To the self-assessment (item 5): Aino answers it.
	for i := 2; i <= 5; i++ {
		fasi.send("next")
		fasi.waitFor(fmt.Sprintf(strings.SplitN(T("line.ev.item"), "%s", 2)[0], i, 8))
		aino.waitFor(fmt.Sprintf(strings.SplitN(T("line.ev.item"), "%s", 2)[0], i, 8))
	}
	aino.send("assess")
	aino.waitFor(T("line.assess.intro.other", 6))
	for i := 1; i <= 6; i++ {
		aino.waitFor(fmt.Sprintf("%d/6. ", i))
		aino.waitFor(T("line.choose", 5))
		aino.send(fmt.Sprint(1 + i%5))
	}
	aino.waitFor(T("line.assess.note"))
	aino.send("Kuuntelen paremmin.")
	aino.waitFor(T("assessment.saved"))

	// Silent writing (item 7): Aino and Bertta write; Aino sees Bertta's
	// text only with the reveal, which asks first.
	for i := 6; i <= 7; i++ {
		fasi.send("next")
		fasi.waitFor(fmt.Sprintf(strings.SplitN(T("line.ev.item"), "%s", 2)[0], i, 8))
		aino.waitFor(fmt.Sprintf(strings.SplitN(T("line.ev.item"), "%s", 2)[0], i, 8))
	}
	aino.send("write Tavoitteeni on kuunnella.")
	aino.waitFor(T("line.room.written"))
	fasi.waitFor(T("line.ev.written.one", 1))
	aino.send("kirjoita Tavoitteeni on kuunnella tarkemmin.") // replaces the first
	aino.waitFor(T("line.room.rewritten"))
	bertta.WaitFor("w " + T("key.write"))
	bertta.Press("w")
	bertta.WaitFor(T("write.revealed_with_name")[:20])
	bertta.Type("Berttan salainen tavoite.")
	bertta.Press("ctrl+s")
	fasi.waitFor(T("line.ev.written.other", 2))
	if strings.Contains(aino.output(), "salainen") || strings.Contains(fasi.output(), "salainen") {
		t.Fatal("silent writing reached a line-mode session before the reveal")
	}
	fasi.send("reveal")
	fasi.waitFor(T("line.room.reveal_confirm"))
	fasi.send(T("key.no_key"))
	fasi.waitFor(T("line.room.not_done"))
	if strings.Contains(aino.output(), "salainen") {
		t.Fatal("revealed without a yes")
	}
	fasi.send("reveal")
	fasi.waitFor(T("line.room.reveal_confirm"))
	fasi.send(T("key.yes_key"))
	both("line.ev.revealed.other", "line.ev.revealed.other", 2)
	fasi.waitFor("Berttan salainen tavoite.")
	aino.waitFor("Berttan salainen tavoite.")
	if strings.Contains(fasi.output(), "kuunnella.") {
		t.Fatal("the replaced text was revealed")
	}

	// The closing round, the end, the pulse.
	fasi.send("next")
	fasi.waitFor(fmt.Sprintf(strings.SplitN(T("line.ev.item"), "%s", 2)[0], 8, 8))
	aino.waitFor(fmt.Sprintf(strings.SplitN(T("line.ev.item"), "%s", 2)[0], 8, 8))
	fasi.send("round")
	fasi.waitFor(T("line.ev.my_turn", 1, 3))
	fasi.send("done")
	aino.waitFor(T("line.ev.my_turn", 2, 3))
	aino.send("valmis")
	both("line.ev.turn", "line.ev.turn", "Bertta", 3, 3)
	bertta.WaitFor(strings.SplitN(T("room.your_turn"), ".", 2)[0])
	bertta.Press("d")
	both("line.ev.round_over", "line.ev.round_over")
	aino.send("tila")
	aino.waitFor(T("line.status.led_by", "Fasi"))
	aino.send("aika")
	aino.waitFor(T("line.time.running", "10.00"))
	fasi.send("end")
	fasi.waitFor(T("line.room.end_confirm"))
	fasi.send(T("key.yes_key"))
	both("line.ev.ended", "line.ev.ended")
	aino.send("palaute")
	aino.waitFor(T("line.feedback.score"))
	aino.send("4")
	aino.waitFor(T("line.feedback.word"))
	aino.send("antoisa")
	aino.waitFor(T("feedback.thanks"))
	for _, c := range []*lineClient{fasi, aino} {
		c.send("leave")
		c.waitFor(T("line.room.left"))
		_ = c.stdin.Close()
		<-c.done
	}

	for _, c := range []struct {
		who string
		lc  *lineClient
	}{{"fasi", fasi}, {"aino", aino}} {
		out := c.lc.output()
		if strings.ContainsRune(out, 0x1b) {
			t.Errorf("%s's line-mode output holds an escape byte", c.who)
		}
		golden(t, filepath.Join("testdata", fmt.Sprintf("line_meeting_%s_%s.golden", lang, c.who)), out)
	}
}

// golden compares got with the file, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs; got:\n%s", path, got)
	}
}

// TestLineModeOverPTY: `ssh -t HOST plain` edits the line — backspace,
// ctrl+u, history — and runs commands with their own words, at 40
// columns, writing no escape byte; TERM=dumb, ACCESSIBLE=1 and a
// terminal under 60 columns start the line mode too.
func TestLineModeOverPTY(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	key := app.join(t, session.RoleFacilitator, "Fasi")
	term := tuitest.Open(t, app.addr, key, tuitest.WithCommand("plain"), tuitest.WithSize(40, 20))
	term.WaitFor("piiri line mode")
	term.Type("whoamx")
	term.Press("backspace")
	term.Type("i")
	term.Press("enter")
	term.WaitFor("role: facilitator")
	term.Type("rubbish")
	term.Press("ctrl+u")
	term.Type("groups")
	term.Press("enter")
	term.WaitFor("You have no groups yet.")
	term.Press("up", "up", "down", "enter")
	term.WaitForFunc("groups again from history", func(s string) bool { return strings.Count(s, "You have no groups yet.") == 2 })
	term.Type(`group create --template mepe --name "Piiri kaksi"`)
	term.Press("enter")
	term.WaitFor("Piiri kaksi")
	term.Type("quit")
	term.Press("enter")
	term.WaitFor("Goodbye.")
	if code := term.WaitForExit(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if bytes.ContainsRune(term.Output(), 0x1b) {
		t.Fatalf("line mode wrote an escape byte: %q", term.Output())
	}

	for _, tt := range []struct {
		name string
		opts []tuitest.Option
		want string
	}{
		{"TERM=dumb", []tuitest.Option{tuitest.WithTerm("dumb")}, "piiri line mode"},
		{"ACCESSIBLE=1", []tuitest.Option{tuitest.WithEnv("ACCESSIBLE", "1")}, "piiri line mode"},
		{"narrow", []tuitest.Option{tuitest.WithSize(45, 30)}, "narrower than 60"},
	} {
		term := tuitest.Open(t, app.addr, key, tt.opts...)
		term.WaitFor(tt.want)
		term.Type("quit")
		term.Press("enter")
		term.WaitFor("Goodbye.")
		if bytes.ContainsRune(term.Output(), 0x1b) {
			t.Errorf("%s: line mode wrote an escape byte: %q", tt.name, term.Output())
		}
	}
}

// TestLineModeJoinsWithInvite: a new key joins from the line mode without
// a PTY — redeem, then the rest of the session is theirs.
func TestLineModeJoinsWithInvite(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	c := openLine(t, app.addr, tuitest.NewKey(t), "plain")
	c.waitFor("redeem CODE --name NAME")
	c.send("redeem " + app.invite(t, session.RoleMember) + " --name Uusi --lang fi")
	c.waitFor("Tervetuloa, Uusi!")
	c.send("kuka")
	c.waitFor("Uusi")
	c.waitFor("rooli: jäsen")
}

// TestLineModeSetting: the setting is remembered — `settings plain on`
// opens the line mode on the next `ssh -t HOST`; P on the home screen
// and `settings plain off` turn it back.
func TestLineModeSetting(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	key := app.join(t, session.RoleMember, "Aino")
	if res := tuitest.Run(t, app.addr, key, "settings plain"); res.ExitCode != 0 || !strings.Contains(res.Stdout, "Line mode is off.") {
		t.Fatalf("settings plain: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res := tuitest.Run(t, app.addr, key, "settings plain maybe"); res.ExitCode != 2 {
		t.Fatalf("settings plain maybe: %d %q", res.ExitCode, res.Stderr)
	}
	if res := tuitest.Run(t, app.addr, key, "settings plain on"); res.ExitCode != 0 || !strings.Contains(res.Stdout, "Line mode on") {
		t.Fatalf("settings plain on: %d %q", res.ExitCode, res.Stderr)
	}
	term := tuitest.Open(t, app.addr, key)
	term.WaitFor("piiri line mode")
	term.Type("settings plain off")
	term.Press("enter")
	term.WaitFor("Line mode off")
	term.Close()

	term = tuitest.Open(t, app.addr, key)
	term.WaitFor("Hello, Aino")
	term.Press("P")
	term.WaitFor("Line mode on: the next time")
	term.Close()
	term = tuitest.Open(t, app.addr, key)
	term.WaitFor("piiri line mode")
}

// TestLineModeReflectionAndQuote: from the line mode alone a participant
// writes a reflection over several lines, finds it by searching, and
// approves the facilitator's request to quote it.
func TestLineModeReflectionAndQuote(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	gid := f.group
	aino := openLine(t, app.addr, f.aino, "plain")
	aino.waitFor("piiri line mode")
	aino.send(fmt.Sprintf("reflection add --group %d --visibility group", gid))
	aino.waitFor("a line with only a dot ends it")
	aino.send("Opin kuuntelemaan.")
	aino.send("Toinen rivi: kysyn enemmän.")
	aino.send(".")
	ref := ""
	waitFor(t, "reflection id", func() bool {
		m := regexp.MustCompile(`>\n(\d+)\n`).FindStringSubmatch(aino.output())
		if m != nil {
			ref = m[1]
		}
		return m != nil
	})
	aino.send(`reflections --search "kysyn enemmän"`)
	aino.waitFor("Opin kuuntelemaan.")

	aino.send("lue " + ref)
	aino.waitFor("Reflection " + ref + " by Aino, Piiri")
	aino.waitFor("Toinen rivi: kysyn enemmän.")
	aino.waitFor("End of the text.")

	// A long text comes in pages of 20 lines.
	aino.send(fmt.Sprintf("reflection add --group %d", gid))
	aino.waitFor("a line with only a dot ends it")
	for i := 1; i <= 30; i++ {
		aino.send(fmt.Sprintf("Rivi %d.", i))
	}
	aino.send(".")
	var long string
	waitFor(t, "second reflection id", func() bool {
		m := regexp.MustCompile(`>\n(\d+)\n`).FindAllStringSubmatch(aino.output(), -1)
		if len(m) == 2 {
			long = m[1][1]
		}
		return long != ""
	})
	aino.send("read " + long)
	aino.waitFor("Rivi 20.")
	aino.waitFor("Lines 1–20 of 30.")
	if strings.Contains(aino.output(), "Rivi 21.") {
		t.Fatal("the second page came before it was asked for")
	}
	aino.send("")
	aino.waitFor("Rivi 30.")
	aino.waitFor("End of the text.")
	aino.send("näkyvyys " + long + " yksityinen")
	aino.waitFor("Reflection " + long + " is now visible: private.")
	aino.send("visibility " + long + " everyone")
	aino.waitFor("visibility")

	// An interim task, marked done from the line mode.
	task, err := app.Service.CreateTask(context.Background(), mustActor(t, app, f.fac),
		session.Task{GroupID: gid, Title: "Kuuntele kollegaa", DueMeetingID: f.meeting})
	if err != nil {
		t.Fatal(err)
	}
	aino.send(fmt.Sprintf("tehty %d Kuuntelin tarkasti", task.ID))
	aino.waitFor(fmt.Sprintf("Task %d is marked done.", task.ID))
	aino.send("tasks")
	aino.waitFor("☑")

	res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("share add --group %d --what Opit --to readers --how training --when 1.12.2026 --quote %s", gid, ref))
	if res.ExitCode != 0 {
		t.Fatalf("share add: %s", res.Stderr)
	}
	share := strings.TrimSpace(res.Stdout)
	aino.send("quotes")
	aino.waitFor("Opin kuuntelemaan.")
	aino.send("quote approve " + share + " " + ref)
	aino.waitFor("You approved the quote.")

	// join without a number: the live meeting, when there is one.
	aino.send("liity")
	aino.waitFor("None of your meetings is live now.")
	if res := tuitest.Run(t, app.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting)); res.ExitCode != 0 {
		t.Fatalf("start: %s", res.Stderr)
	}
	aino.send("liity")
	aino.waitFor("Here 1: you.")
	aino.send("poistu")
	aino.waitFor("You left the meeting.")
	aino.send("lopeta")
	aino.waitFor("Goodbye.")
	if strings.ContainsRune(aino.output(), 0x1b) {
		t.Fatal("escape byte in line-mode output")
	}
}

// TestLineModeIdle: a key that has not joined is let go after the join
// screen's idle time in the line mode too; a person is let go after the
// idle time outside a live room, and never while in one.
func TestLineModeIdle(t *testing.T) {
	t.Parallel()
	app := startApp(t, func(c *Config) { c.JoinIdleTimeout, c.IdleTimeout = 300*time.Millisecond, 300*time.Millisecond })
	stranger := openLine(t, app.addr, tuitest.NewKey(t), "plain")
	stranger.waitFor("piiri line mode")
	<-stranger.done

	f := newMeetingFixture(t, app, "mentor-group")
	startMeeting(t, app, f)
	inRoom := openLine(t, app.addr, f.aino, fmt.Sprintf("plain join %d", f.meeting))
	inRoom.waitFor("Here 1: you.")
	idle := openLine(t, app.addr, f.bertta, "plain")
	idle.waitFor("piiri line mode")
	<-idle.done
	inRoom.send("status") // still there after the other idle session ended
	inRoom.waitFor("Here 1: you.")
}

// TestLineModeShutdown: a server that stops tells line-mode sessions, in
// the room and out of it, and does not wait for them to hang up.
func TestLineModeShutdown(t *testing.T) {
	t.Parallel()
	app := startApp(t)
	f := newMeetingFixture(t, app, "mentor-group")
	startMeeting(t, app, f)
	inRoom := openLine(t, app.addr, f.aino, fmt.Sprintf("plain join %d", f.meeting))
	inRoom.waitFor("Here 1: you.")
	prompt := openLine(t, app.addr, f.bertta, "plain")
	prompt.waitFor("piiri line mode")
	start := time.Now()
	if err := app.Close(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("shutdown took %v", d)
	}
	for _, c := range []*lineClient{inRoom, prompt} {
		c.waitFor("shutting down")
		<-c.done
	}
}
