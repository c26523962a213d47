// Package line is piiri's plain-text line mode: the same Service calls and
// per-viewer room states as the TUI, shown as a stream of lines that stand
// alone, for screen readers, portrait phones and clients without a PTY.
// Output is append-only: no escape sequence is ever written.
package line

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
	"github.com/piiri/piiri/tui/i18n"
)

// MinWidth is the narrowest line the mode wraps to.
const MinWidth = 30

// Options is one line-mode session.
type Options struct {
	Env   cli.Env // Service, Actor, Cat and the connection's details; Stdout and Stderr are set here
	In    io.Reader
	Out   io.Writer
	PTY   bool // the client's terminal is raw: echo and \r\n are ours
	Width int  // 0: no PTY, lines wrap at 80
	// Windows delivers the PTY's new sizes; nil without one.
	Windows <-chan ssh.Window
	Args    []string
	Note    string // a catalog key said first, e.g. why the line mode started
	Evict   func()
	// JoinIdle ends a session of a key that has not joined after this long
	// without a line, Idle that of a person outside a live room (0: never);
	// Joined is told when the key joins.
	JoinIdle, Idle time.Duration
	Joined         func(personID int64)
	// Stop is closed when the server stops: the session is told and ends.
	Stop <-chan struct{}
}

// Wants reports whether a session runs the line mode, and the command
// words it runs first: `plain [CMD…]`, or a bare or join session with a
// PTY whose person chose the line mode (prefers), whose client asks for
// plain text (TERM=dumb, ACCESSIBLE=1) or whose terminal is too narrow for
// the TUI (note then says so).
func Wants(args []string, environ []string, term string, pty bool, width, tuiMinWidth int, prefers func() bool) (ok bool, rest []string, note string) {
	if len(args) > 0 && args[0] == "plain" {
		return true, args[1:], ""
	}
	if !pty || (len(args) > 0 && args[0] != "join") {
		return false, nil, ""
	}
	if term == "dumb" || slices.Contains(environ, "ACCESSIBLE=1") || slices.Contains(environ, "TERM=dumb") || prefers() {
		return true, args, ""
	}
	if width > 0 && width < tuiMinWidth {
		return true, args, "line.narrow"
	}
	return false, nil, ""
}

// Run runs the session until the client leaves or ctx ends, and returns
// the exit code.
func Run(ctx context.Context, o Options) int {
	width := o.Width
	if width <= 0 {
		width = 80
	}
	p := newPrinter(o.Out, o.PTY, min(max(width, MinWidth), maxWidth), o.Env.Cat, o.Env.Service)
	o.Env.Stdout, o.Env.Stderr = p.raw(), p.raw()
	s := &lineSession{o: o, p: p, ed: newEditor(o.In, p, o.PTY)}
	s.o.Env.Stdin = &textReader{s: s}
	s.o.Env.Choose = s.choose
	defer s.disarm()
	if o.Stop != nil {
		go func() {
			select {
			case <-ctx.Done():
			case <-o.Stop:
				p.say(o.Env.Cat.T("app.shutting_down"))
				if o.Evict != nil {
					o.Evict()
				}
			}
		}()
	}
	if o.Windows != nil {
		// The ssh package waits for each size to be taken.
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case w, ok := <-o.Windows:
					if !ok {
						return
					}
					p.setWidth(w.Width)
				}
			}
		}()
	}
	return s.run(ctx)
}

type lineSession struct {
	o    Options
	p    *printer
	ed   *editor
	idle *time.Timer // ends an idle session outside a live room
}

func (s *lineSession) run(ctx context.Context) int {
	cat := s.o.Env.Cat
	if s.o.Note != "" {
		s.p.say(cat.T(s.o.Note))
	}
	s.p.say(cat.T("line.welcome"))
	if !s.o.Env.Actor.Known() && len(s.o.Args) == 0 {
		s.help()
	}
	if len(s.o.Args) > 0 {
		if s.command(ctx, s.o.Args) {
			return cli.ExitOK
		}
	}
	for ctx.Err() == nil {
		s.arm()
		text, err := s.ed.readLine(cat.T("line.prompt"))
		if err != nil {
			return cli.ExitOK
		}
		words, err := splitWords(text)
		if err != nil {
			s.p.say(cat.T("line.bad_quotes"))
			continue
		}
		if len(words) == 0 {
			continue
		}
		if s.command(ctx, words) {
			return cli.ExitOK
		}
	}
	return cli.ExitOK
}

// topAliases are the line mode's short and Finnish words for commands.
var topAliases = map[string]string{
	"ohje": "help", "apua": "help", "?": "help", "h": "help",
	"liity": "join", "ryhmät": "groups", "tapaamiset": "meetings", "asialista": "agenda",
	"pohdinnat": "reflections", "tehtävät": "tasks", "raportti": "report", "sopimus": "agreement",
	"lainaukset": "quotes", "kuka": "whoami",
	"arviointi": "evaluation", "itsearviointi": "evaluation",
}

// agendaAliases are the Finnish words for the agenda's editing commands.
var agendaAliases = map[string]string{
	"lisää": "add", "muokkaa": "edit", "muuta": "edit", "poista": "delete", "siirrä": "move",
}

// command runs one line at the top level; it reports whether the
// session should end.
func (s *lineSession) command(ctx context.Context, words []string) bool {
	if a, ok := topAliases[strings.ToLower(words[0])]; ok {
		words = append([]string{a}, words[1:]...)
	}
	if words[0] == "agenda" && len(words) > 1 {
		if a, ok := agendaAliases[strings.ToLower(words[1])]; ok {
			words = append([]string{"agenda", a}, words[2:]...)
		}
	}
	switch strings.ToLower(words[0]) {
	case "quit", "exit", "q", "lopeta", "poistu":
		s.p.say(s.o.Env.Cat.T("line.bye"))
		return true
	case "help":
		if len(words) == 1 {
			s.help()
			return false
		}
	case "join":
		if len(words) == 1 && s.o.Env.Actor.Known() {
			if id, ok := s.chooseLive(ctx); ok {
				s.disarm()
				s.room(ctx, id)
			}
			return false
		}
		id, err := cli.ParseMeetingArg(words[1:])
		if err != nil || !s.o.Env.Actor.Known() {
			s.p.say(s.o.Env.Cat.T("line.join_usage"))
			return false
		}
		s.disarm()
		s.room(ctx, id)
		return false
	}
	if s.extra(ctx, words) {
		return false
	}
	cli.Run(ctx, &s.o.Env, words)
	s.identify(ctx)
	return false
}

// help lists the commands one to a line, "- usage — what it does", wrapped
// with an indent: the command surface's table does not fit a narrow line.
func (s *lineSession) help() {
	cat, known := s.o.Env.Cat, s.o.Env.Actor.Known()
	if known {
		s.p.say(cat.T("line.help"))
	}
	s.p.mu.Lock()
	width := s.p.width
	s.p.mu.Unlock()
	var b strings.Builder
	for _, c := range cli.Commands() {
		if !c.Public && !known {
			continue
		}
		u := c.Name
		if c.Args != "" {
			u += " " + c.Args
		}
		b.WriteString(format("- ", u+" — "+cat.T(c.Summary), width))
	}
	s.p.write(b.String())
	if !known {
		s.p.say(cat.T("cli.how_to_join", s.o.Env.Connect))
	}
}

// arm starts the idle timer anew: a key that has not joined has
// JoinIdle, a person Idle.
func (s *lineSession) arm() {
	d := s.o.Idle
	if !s.o.Env.Actor.Known() {
		d = s.o.JoinIdle
	}
	s.disarm()
	if d > 0 && s.o.Evict != nil {
		s.idle = time.AfterFunc(d, s.o.Evict)
	}
}

// disarm stops the idle timer: in a live room one may listen for long.
func (s *lineSession) disarm() {
	if s.idle != nil {
		s.idle.Stop()
		s.idle = nil
	}
}

// identify looks the key up again after a command while it has not
// joined: redeem makes it a person, and the rest of the session is theirs.
func (s *lineSession) identify(ctx context.Context) {
	env := &s.o.Env
	if env.Actor.Known() {
		return
	}
	a, err := env.Service.Identify(ctx, env.Actor.Fingerprint)
	if err != nil || !a.Known() {
		return
	}
	env.Actor = a
	env.Cat = i18n.For(a.Person.Lang)
	s.p.setCat(env.Cat)
	if s.o.Joined != nil {
		s.o.Joined(a.Person.ID)
	}
}

// cliWord reports whether word starts a command of the command surface
// (or one of the line mode's names for one).
func cliWord(word string) (string, bool) {
	w := strings.ToLower(word)
	if a, ok := topAliases[w]; ok {
		w = a
	}
	for _, c := range cli.Commands() {
		if first, _, _ := strings.Cut(c.Name, " "); first == w {
			return w, true
		}
	}
	return "", false
}

// textReader is a command's stdin (reflection add): lines typed until one
// with only a dot, asked for when the command first reads.
type textReader struct {
	s    *lineSession
	text *strings.Reader
}

func (r *textReader) Read(b []byte) (int, error) {
	if r.text == nil {
		r.s.p.say(r.s.o.Env.Cat.T("line.room.write_lines"))
		r.text = strings.NewReader(r.s.readText())
	}
	n, err := r.text.Read(b)
	if err == io.EOF {
		r.text = nil // the next command asks again
	}
	return n, err
}

// readText reads lines until one with only a dot, or the end.
func (s *lineSession) readText() string {
	var lines []string
	for {
		l, err := s.ed.ask("> ")
		if err != nil || strings.TrimSpace(l) == "." {
			return strings.Join(lines, "\n")
		}
		lines = append(lines, l)
	}
}

// chooseLive offers the person's live meetings as a numbered choice; with
// one it is the one.
func (s *lineSession) chooseLive(ctx context.Context) (int64, bool) {
	cat := s.o.Env.Cat
	o, err := s.o.Env.Service.Overview(ctx, s.o.Env.Actor)
	if err != nil {
		s.p.say(cat.Err(err))
		return 0, false
	}
	var live []int64
	var b strings.Builder
	for _, m := range o.Meetings {
		if m.State == session.MeetingLive {
			live = append(live, m.ID)
			fmt.Fprintf(&b, "%d. %s, %s\n", len(live), session.CleanLine(m.GroupName), session.CleanLine(m.Title))
		}
	}
	switch len(live) {
	case 0:
		s.p.say(cat.T("line.none_live"))
		return 0, false
	case 1:
		return live[0], true
	}
	s.p.lines("", b.String())
	a, err := s.ed.ask(cat.T("line.choose", len(live)) + " ")
	if err != nil {
		return 0, false
	}
	if n, err := strconv.Atoi(strings.TrimSpace(a)); err == nil && n >= 1 && n <= len(live) {
		return live[n-1], true
	}
	s.p.say(cat.T("line.room.not_done"))
	return 0, false
}

// choose asks for one of options by its number (a command's missing
// choice, e.g. an agenda item's kind); an empty or wrong answer cancels.
func (s *lineSession) choose(question string, options []string) (int, bool) {
	var b strings.Builder
	for i, o := range options {
		fmt.Fprintf(&b, "%d. %s\n", i+1, o)
	}
	s.p.lines("", b.String())
	a, err := s.ed.ask(question + " ")
	if err != nil {
		return 0, false
	}
	if n, err := strconv.Atoi(strings.TrimSpace(a)); err == nil && n >= 1 && n <= len(options) {
		return n - 1, true
	}
	return 0, false
}
