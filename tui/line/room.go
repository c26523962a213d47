package line

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// Kinds of room events that can be made quiet.
const (
	kindPeople   = "people"
	kindHands    = "hands"
	kindMessages = "messages"
	kindTimer    = "timer"
	kindWriting  = "writing"
)

var quietKinds = []string{kindPeople, kindHands, kindMessages, kindTimer, kindWriting}

// burst is how many new messages one state may bring before they are
// counted instead of printed.
const burst = 3

// timeMarks are the moments left that a running timer announces.
var timeMarks = []time.Duration{5 * time.Minute, time.Minute, 0}

// room is one line-mode session in a live meeting. States arrive on their
// own goroutine; commands run on the session's. Between events nothing
// runs: the only timer is the next time mark of a running timer.
type room struct {
	s   *lineSession
	id  int64
	me  int64
	cat i18n.Catalog
	svc *session.Service

	mu     sync.Mutex
	st     *session.RoomState
	unread []session.Message // held for `read`
	seen   int64             // the newest message id announced or held
	streak int               // others' messages printed since the last command
	told   bool              // the held messages were announced since then
	quiet  map[string]bool
	mark   *time.Timer
	// updated is signalled after each state is announced.
	updated chan struct{}
}

func (s *lineSession) room(ctx context.Context, id int64) {
	o := s.o
	ctx, cancel := context.WithCancel(ctx)
	r := &room{s: s, id: id, me: o.Env.Actor.Person.ID, cat: o.Env.Cat, svc: o.Env.Service, quiet: map[string]bool{}, updated: make(chan struct{}, 1)}
	sub, err := r.svc.JoinRoom(ctx, o.Env.Actor, id, o.Evict)
	if err != nil {
		cancel()
		s.p.say(r.cat.Err(err))
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for st := sub.Next(ctx); st != nil; st = sub.Next(ctx) {
			r.update(st)
		}
	}()
	defer func() {
		cancel()
		<-done
		r.mu.Lock()
		if r.mark != nil {
			r.mark.Stop()
		}
		r.mu.Unlock()
		s.p.say(r.cat.T("line.room.left"))
	}()
	for ctx.Err() == nil {
		select {
		case <-sub.Done():
			return
		default:
		}
		text, err := s.ed.readLine(r.cat.T("line.room.prompt"))
		if err != nil {
			return
		}
		words, err := splitWords(text)
		if err != nil {
			s.p.say(r.cat.T("line.bad_quotes"))
			continue
		}
		if len(words) == 0 {
			continue
		}
		if r.command(ctx, text, words) {
			return
		}
	}
}

// state is the newest state, or nil before the first.
func (r *room) state() *session.RoomState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st
}

func (r *room) say(format string, args ...any) { r.s.p.say(r.cat.T(format, args...)) }

// update announces what changed from the last state to st.
func (r *room) update(st *session.RoomState) {
	r.mu.Lock()
	prev := r.st
	r.st = st
	var lines []string
	if prev == nil {
		lines = append(lines, r.status(st))
		r.seen = lastMessageID(st)
	} else {
		lines = r.events(prev, st)
	}
	r.schedule(st, math.MaxInt64)
	r.mu.Unlock()
	if len(lines) > 0 {
		r.s.p.say(lines...)
	}
	select {
	case r.updated <- struct{}{}:
	default:
	}
}

func lastMessageID(st *session.RoomState) int64 {
	if n := len(st.Messages); n > 0 {
		return st.Messages[n-1].ID
	}
	return 0
}

// events are the lines for a change, in a fixed order. Called with mu.
func (r *room) events(prev, st *session.RoomState) []string {
	cat := r.cat
	var out []string
	add := func(kind, key string, args ...any) {
		if kind == "" || !r.quiet[kind] {
			out = append(out, cat.T(key, args...))
		}
	}
	if st.Ended && !prev.Ended {
		add("", "line.ev.ended")
		return out
	}
	// People first: who came and went explains the rest.
	for _, p := range st.People {
		was := prev.Person(p.PersonID)
		switch {
		case p.PersonID == r.me:
		case p.Here() && (was == nil || !was.Here()):
			add(kindPeople, "line.ev.arrived", p.Name)
		case !p.Here() && was != nil && was.Here():
			add(kindPeople, "line.ev.left", p.Name)
		case p.Here() && was != nil && p.Away != was.Away:
			if p.Away {
				add(kindPeople, "line.ev.away", p.Name)
			} else {
				add(kindPeople, "line.ev.back", p.Name)
			}
		}
	}
	if st.Driver != prev.Driver {
		add("", "line.ev.driver", r.name(st, st.Driver))
	}
	if st.Current != prev.Current {
		out = append(out, r.itemLine(st))
	}
	out = append(out, r.timerEvents(prev, st)...)
	out = append(out, r.roundEvents(prev, st)...)
	for _, h := range st.Hands {
		if !slices.Contains(prev.Hands, h) {
			if h == r.me {
				add("", "line.ev.my_hand_up", len(st.Hands))
			} else {
				add(kindHands, "line.ev.hand_up", r.name(st, h), len(st.Hands))
			}
		}
	}
	for _, h := range prev.Hands {
		if h == r.me && !slices.Contains(st.Hands, h) && st.Speaker != r.me {
			add("", "line.ev.my_hand_down")
		}
	}
	if st.Speaker != prev.Speaker {
		switch st.Speaker {
		case 0:
			if prev.Speaker == r.me {
				add("", "line.ev.my_word_over")
			} else {
				add("", "line.ev.word_over", r.name(st, prev.Speaker))
			}
		case r.me:
			add("", "line.ev.my_word")
		default:
			add("", "line.ev.word", r.name(st, st.Speaker))
		}
	}
	out = append(out, r.messageEvents(st)...)
	if it := st.CurrentItem(); it != nil && it.Kind == session.KindWriting && st.Leads(r.me) &&
		!st.IsRevealed(it.ID) && st.Written[it.ID] != prev.Written[it.ID] {
		add(kindWriting, "line.ev.written."+plural(st.Written[it.ID]), st.Written[it.ID])
	}
	for _, id := range st.Revealed {
		if !slices.Contains(prev.Revealed, id) {
			out = append(out, r.revealLines(st, id)...)
		}
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return "one"
	}
	return "other"
}

func (r *room) timerEvents(prev, st *session.RoomState) []string {
	if r.quiet[kindTimer] {
		return nil
	}
	now := r.svc.Now()
	left := minutes(st.Timer.Left(now))
	switch {
	case st.Timer.Running && !prev.Timer.Running:
		return []string{r.cat.T("line.ev.timer_started", left)}
	case !st.Timer.Running && prev.Timer.Running && st.Current == prev.Current:
		return []string{r.cat.T("line.ev.timer_paused", left)}
	case st.Current == prev.Current && st.Timer.Running == prev.Timer.Running &&
		(st.Timer.Deadline != prev.Timer.Deadline || st.Timer.Remaining != prev.Timer.Remaining):
		return []string{r.cat.T("line.ev.timer_changed", left)}
	}
	return nil
}

func (r *room) roundEvents(prev, st *session.RoomState) []string {
	cat := r.cat
	var out []string
	nr, pr := st.Round, prev.Round
	if nr == nil {
		return nil
	}
	started := pr == nil || pr.ItemID != nr.ItemID || !slices.Equal(pr.Order, nr.Order) || nr.Turn < pr.Turn
	if started {
		names := make([]string, len(nr.Order))
		for i, id := range nr.Order {
			names[i] = r.name(st, id)
		}
		out = append(out, cat.T("line.ev.round_started", strings.Join(names, ", ")))
	}
	if !started && nr.Turn == pr.Turn {
		return out
	}
	if sp := nr.Speaking(); sp != 0 {
		if sp == r.me {
			out = append(out, cat.T("line.ev.my_turn", nr.Turn+1, len(nr.Order)))
		} else {
			out = append(out, cat.T("line.ev.turn", r.name(st, sp), nr.Turn+1, len(nr.Order)))
		}
	} else {
		out = append(out, cat.T("line.ev.round_over"))
	}
	return out
}

// messageEvents prints new messages: up to burst of other people's since
// the person's last command, then holds the rest for `read` and says so
// once. Called with mu.
func (r *room) messageEvents(st *session.RoomState) []string {
	var out []string
	notice := false
	for _, m := range st.Messages {
		if m.ID <= r.seen {
			continue
		}
		r.seen = m.ID
		switch {
		case m.PersonID == r.me && len(r.unread) == 0:
			out = append(out, r.messageLine(m))
		case r.quiet[kindMessages]:
			r.unread = append(r.unread, m)
		case len(r.unread) == 0 && r.streak < burst:
			out = append(out, r.messageLine(m))
			r.streak++
		default:
			r.unread = append(r.unread, m)
			notice = notice || !r.told
		}
	}
	if notice {
		r.told = true
		out = append(out, r.cat.T("line.ev.burst."+plural(len(r.unread)), len(r.unread)))
	}
	if n := len(r.unread); n > maxUnread {
		r.unread = r.unread[n-maxUnread:]
	}
	return out
}

// maxUnread bounds the messages kept for `read`; the state holds no more.
const maxUnread = 100

func (r *room) messageLine(m session.Message) string {
	if m.PersonID == r.me {
		return r.cat.T("line.ev.my_message", session.CleanText(m.Text))
	}
	return r.cat.T("line.ev.message", session.CleanLine(m.Name), session.CleanText(m.Text))
}

func (r *room) revealLines(st *session.RoomState, itemID int64) []string {
	var ws []session.RevealedWriting
	for _, w := range st.Writings {
		if w.ItemID == itemID {
			ws = append(ws, w)
		}
	}
	out := []string{r.cat.T("line.ev.revealed."+plural(len(ws)), len(ws))}
	for i, w := range ws {
		name := session.CleanLine(w.Name)
		if name == "" {
			name = r.cat.T("line.anonymous")
		}
		out = append(out, r.cat.T("line.ev.writing", i+1, name, session.CleanText(w.Body)))
	}
	return out
}

func (r *room) name(st *session.RoomState, id int64) string {
	if id == r.me {
		return r.cat.T("line.you")
	}
	if p := st.Person(id); p != nil {
		return session.CleanLine(p.Name)
	}
	if id == st.Driver && st.DriverName != "" {
		return session.CleanLine(st.DriverName)
	}
	return "?"
}

func minutes(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "+", -d
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%s%d.%02d", sign, int(d.Minutes()), int(d.Seconds())%60)
}

// itemLine says which item is on: "Kohta 2/7: Kierros (10 min). Prompt".
func (r *room) itemLine(st *session.RoomState) string {
	it := st.CurrentItem()
	if it == nil {
		return r.cat.T("line.no_items")
	}
	s := r.cat.T("line.ev.item", st.Current+1, len(st.Items), session.CleanLine(it.Title),
		r.cat.T("kind."+string(it.Kind)), it.Minutes)
	if p := session.CleanText(it.Prompt); p != "" {
		s += " " + p
	}
	return s
}

// status is one paragraph on where the meeting is.
func (r *room) status(st *session.RoomState) string {
	cat := r.cat
	parts := []string{cat.T("line.status.meeting", session.CleanLine(st.GroupName), session.CleanLine(st.Title))}
	if st.Ended {
		return strings.Join(append(parts, cat.T("line.ev.ended")), " ")
	}
	parts = append(parts, r.itemLine(st), r.timeLine(st))
	var here []string
	for _, p := range st.People {
		if p.Here() {
			here = append(here, r.name(st, p.PersonID))
		}
	}
	parts = append(parts, cat.T("line.status.here", len(here), strings.Join(here, ", ")))
	if sp := st.Round.Speaking(); sp != 0 {
		parts = append(parts, cat.T("line.ev.turn", r.name(st, sp), st.Round.Turn+1, len(st.Round.Order)))
	}
	if st.Speaker != 0 {
		parts = append(parts, cat.T("line.ev.word", r.name(st, st.Speaker)))
	}
	if len(st.Hands) > 0 {
		names := make([]string, len(st.Hands))
		for i, h := range st.Hands {
			names[i] = r.name(st, h)
		}
		parts = append(parts, cat.T("line.status.hands", strings.Join(names, ", ")))
	}
	if st.Leads(r.me) {
		parts = append(parts, cat.T("line.status.you_lead"))
	} else {
		parts = append(parts, cat.T("line.status.led_by", r.name(st, st.Driver)))
	}
	if len(r.unread) > 0 {
		parts = append(parts, cat.T("line.ev.burst."+plural(len(r.unread)), len(r.unread)))
	}
	return strings.Join(parts, " ")
}

func (r *room) timeLine(st *session.RoomState) string {
	left := st.Timer.Left(r.svc.Now())
	switch {
	case st.Timer.Running && left < 0:
		return r.cat.T("line.time.over", minutes(left))
	case st.Timer.Running:
		return r.cat.T("line.time.running", minutes(left))
	default:
		return r.cat.T("line.time.paused", minutes(left))
	}
}

// schedule arms the one timer for the next time mark, below the one just
// announced, of a running timer; a paused or ended meeting has none.
// Called with mu.
func (r *room) schedule(st *session.RoomState, below time.Duration) {
	if r.mark != nil {
		r.mark.Stop()
		r.mark = nil
	}
	if st.Ended || !st.Timer.Running {
		return
	}
	left := st.Timer.Left(r.svc.Now())
	for _, m := range timeMarks {
		if left > m && m < below {
			version := st.Version
			r.mark = time.AfterFunc(left-m, func() { r.marked(version, m) })
			return
		}
	}
}

// marked announces a time mark if the state is still the one it was set
// for, and arms the next.
func (r *room) marked(version int64, m time.Duration) {
	r.mu.Lock()
	st := r.st
	if st == nil || st.Version != version {
		r.mu.Unlock()
		return
	}
	r.schedule(st, m)
	quiet := r.quiet[kindTimer]
	r.mu.Unlock()
	if quiet {
		return
	}
	if m == 0 {
		r.say("line.ev.time_up")
	} else {
		r.say("line.ev.time_left", int(m.Minutes()))
	}
}

// roomAliases map the room's short words, Finnish and English, to one name.
var roomAliases = map[string]string{
	"ohje": "help", "?": "help", "apua": "help",
	"tila": "status", "s": "status",
	"aika": "time",
	"lue":  "read", "r": "read",
	"sano": "say", "'": "say",
	"käsi": "hand", "k": "hand",
	"valmis": "done", "v": "done",
	"ohi": "pass", "o": "pass",
	"kirjoita": "write", "w": "write",
	"poissa": "away",
	"arvio":  "assess", "itsearvio": "assess", "arvioi": "assess", // the verb, as sano and kirjoita are
	"palaute": "feedback", "pulssi": "feedback", "pulse": "feedback",
	"hiljaa": "quiet",
	"poistu": "leave", "quit": "leave", "q": "leave", "exit": "leave",
	"seuraava": "next", "n": "next",
	"takaisin": "back", "b": "back",
	"ajastin": "timer",
	"lisää":   "more", "+": "more",
	"kierros":  "round",
	"anna":     "give",
	"ota":      "take",
	"ohita":    "skip",
	"paljasta": "reveal",
	"luovuta":  "handoff",
	"johda":    "lead",
	"lopeta":   "end",
}

// command runs one line in the room; it reports whether to leave.
func (r *room) command(ctx context.Context, text string, words []string) bool {
	verb := strings.ToLower(words[0])
	if a, ok := roomAliases[verb]; ok {
		verb = a
	}
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), words[0]))
	r.mu.Lock()
	r.streak, r.told = 0, false
	r.mu.Unlock()
	st := r.state()
	if st == nil {
		return false
	}
	act := func(a session.Action) {
		select { // a state from before does not count
		case <-r.updated:
		default:
		}
		if err := r.svc.Act(ctx, r.s.o.Env.Actor, r.id, a); err != nil {
			r.s.p.say(r.cat.Err(err))
			return
		}
		// The prompt comes after what the action changed, not before it.
		t := time.NewTimer(time.Second)
		defer t.Stop()
		select {
		case <-r.updated:
		case <-t.C:
		case <-ctx.Done():
		}
	}
	switch verb {
	case "leave":
		return true
	case "help":
		r.say("line.room.help")
		if st.Leads(r.me) {
			r.say("line.room.help_lead")
		}
	case "status":
		r.mu.Lock()
		s := r.status(st)
		r.mu.Unlock()
		r.s.p.say(s)
	case "time":
		r.s.p.say(r.timeLine(st))
	case "read":
		r.read(st)
	case "say":
		if rest == "" {
			r.say("line.room.say_usage")
			return false
		}
		act(session.Action{Kind: session.ActSay, Text: rest})
	case "hand":
		act(session.Action{Kind: session.ActHand})
	case "done":
		if st.Round.Speaking() != r.me && st.Speaker == r.me {
			act(session.Action{Kind: session.ActEndWord})
		} else {
			act(session.Action{Kind: session.ActTurn})
		}
	case "pass":
		act(session.Action{Kind: session.ActPass})
	case "away":
		me := st.Person(r.me)
		act(session.Action{Kind: session.ActAway, Flag: me == nil || !me.Away})
	case "write":
		r.write(ctx, st, rest)
	case "assess":
		r.assess(ctx, st)
	case "feedback":
		r.feedback(ctx)
	case "quiet":
		r.quietToggle(rest)
	default:
		if st.Leads(r.me) && r.leaderCommand(ctx, verb, rest, st, act) {
			return false
		}
		if _, ok := cliWord(words[0]); ok {
			r.s.command(ctx, words)
			return false
		}
		r.say("line.room.unknown", session.CleanLine(words[0]))
	}
	return false
}

// leaderCommand runs a leader's command; false when verb is none.
func (r *room) leaderCommand(ctx context.Context, verb, rest string, st *session.RoomState, act func(session.Action)) bool {
	switch verb {
	case "next":
		act(session.Action{Kind: session.ActNext})
	case "back":
		act(session.Action{Kind: session.ActBack})
	case "timer":
		act(session.Action{Kind: session.ActTimer})
	case "more":
		act(session.Action{Kind: session.ActAddMinute})
	case "round":
		act(session.Action{Kind: session.ActRound})
	case "give":
		a := session.Action{Kind: session.ActGiveWord}
		if rest != "" {
			id, ok := r.choose(st, rest)
			if !ok {
				return true
			}
			a.Person = id
		}
		act(a)
	case "take":
		act(session.Action{Kind: session.ActEndWord})
	case "skip":
		act(session.Action{Kind: session.ActPass, Person: st.Round.Speaking()})
	case "lead":
		act(session.Action{Kind: session.ActTakeLead})
	case "reveal":
		if it := st.CurrentItem(); it != nil && it.Kind == session.KindWriting && !st.IsRevealed(it.ID) {
			if !r.confirm("line.room.reveal_confirm") {
				r.say("line.room.not_done")
				return true
			}
		}
		act(session.Action{Kind: session.ActReveal})
	case "handoff":
		id, ok := r.choose(st, rest)
		if ok {
			act(session.Action{Kind: session.ActHandoff, Person: id})
		}
	case "end":
		if !r.confirm("line.room.end_confirm") {
			r.say("line.room.not_done")
			return true
		}
		if err := r.svc.EndMeeting(ctx, r.s.o.Env.Actor, r.id); err != nil {
			r.s.p.say(r.cat.Err(err))
		}
	default:
		return false
	}
	return true
}

// confirm asks a yes/no question on a line of its own.
func (r *room) confirm(key string) bool {
	yes, no := r.cat.T("key.yes_key"), r.cat.T("key.no_key")
	a, err := r.s.ed.ask(r.cat.T(key) + " (" + yes + "/" + no + ") ")
	if err != nil {
		return false
	}
	a = strings.ToLower(strings.TrimSpace(a))
	return a == yes || a == "yes" || a == "kyllä" || a == "y" || a == "k"
}

// choose picks one other person present: by number or name in arg, or
// from a numbered list.
func (r *room) choose(st *session.RoomState, arg string) (int64, bool) {
	var here []session.Presence
	for _, p := range st.People {
		if p.Here() && p.PersonID != r.me {
			here = append(here, p)
		}
	}
	if len(here) == 0 {
		r.say("line.room.nobody")
		return 0, false
	}
	if arg == "" {
		var b strings.Builder
		for i, p := range here {
			fmt.Fprintf(&b, "%d. %s\n", i+1, session.CleanLine(p.Name))
		}
		r.s.p.lines("", b.String())
		a, err := r.s.ed.ask(r.cat.T("line.choose", len(here)) + " ")
		if err != nil {
			return 0, false
		}
		arg = strings.TrimSpace(a)
	}
	if n, err := strconv.Atoi(arg); err == nil && n >= 1 && n <= len(here) {
		return here[n-1].PersonID, true
	}
	for _, p := range here {
		if strings.EqualFold(session.CleanLine(p.Name), arg) {
			return p.PersonID, true
		}
	}
	r.say("line.room.no_such_person", session.CleanLine(arg))
	return 0, false
}

// read prints the messages counted but not shown, or the item's last few.
func (r *room) read(st *session.RoomState) {
	r.mu.Lock()
	msgs := r.unread
	r.unread = nil
	r.mu.Unlock()
	if len(msgs) == 0 {
		if it := st.CurrentItem(); it != nil {
			for _, m := range st.Messages {
				if m.ItemID == it.ID {
					msgs = append(msgs, m)
				}
			}
		}
		if n := len(msgs); n > 10 {
			msgs = msgs[n-10:]
		}
	}
	if len(msgs) == 0 {
		r.say("line.room.no_messages")
		return
	}
	for _, m := range msgs {
		r.s.p.say(r.messageLine(m))
	}
}

// write submits the person's text for the current item: silent writing
// (shown with their name at the reveal) or a reflection of their own.
// With no text on the line, lines are read until one with only a dot.
func (r *room) write(ctx context.Context, st *session.RoomState, text string) {
	it := st.CurrentItem()
	if it == nil {
		return
	}
	if text == "" {
		r.say("line.room.write_lines")
		// Others see ✎ while the lines are collected, as with a TUI writer;
		// it goes when the text is sent or abandoned.
		r.setWriting(ctx, true)
		defer r.setWriting(context.WithoutCancel(ctx), false)
		text = r.s.readText()
		if strings.TrimSpace(text) == "" {
			r.say("line.room.not_done")
			return
		}
	}
	writing := it.Kind == session.KindWriting
	a := r.s.o.Env.Actor
	var err error
	edited := false
	if mine := r.mine(ctx, it.ID); writing && mine != nil && !st.IsRevealed(it.ID) {
		// Until the reveal, writing again replaces one's text, as in the TUI.
		_, err = r.svc.EditWriting(ctx, a, mine.ID, text, mine.Reveal)
		edited = true
	} else {
		_, err = r.svc.AddReflection(ctx, a, session.ReflectionInput{MeetingID: r.id, ItemID: it.ID, Body: text,
			Reveal: writing, DraftKey: session.MeetingDraftKey(r.id, it.ID)})
	}
	switch {
	case err != nil:
		r.s.p.say(r.cat.Err(err))
	case edited:
		r.say("line.room.rewritten")
	case writing:
		r.say("line.room.written")
	default:
		r.say("line.room.reflection_saved")
	}
}

// setWriting shows or hides the person's ✎ in the room. It is only a
// mark: a refusal (the meeting ended meanwhile) is not worth a line.
func (r *room) setWriting(ctx context.Context, on bool) {
	_ = r.svc.Act(ctx, r.s.o.Env.Actor, r.id, session.Action{Kind: session.ActWriting, Flag: on})
}

// mine is the newest text the person wrote for the item, or nil.
func (r *room) mine(ctx context.Context, itemID int64) *session.Reflection {
	rs, err := r.svc.Reflections(ctx, r.s.o.Env.Actor, session.ReflectionFilter{MeetingID: r.id, AuthorID: r.me, Limit: session.MaxPageSize})
	if err != nil {
		return nil
	}
	var newest *session.Reflection
	for i := range rs {
		if rs[i].ItemID == itemID && (newest == nil || rs[i].ID > newest.ID) {
			newest = &rs[i]
		}
	}
	return newest
}

// assess asks the self-assessment one numbered question at a time.
func (r *room) assess(ctx context.Context, st *session.RoomState) {
	items, err := r.svc.AssessmentItems(ctx, r.s.o.Env.Actor, st.GroupID)
	if err != nil {
		r.s.p.say(r.cat.Err(err))
		return
	}
	r.say("line.assess.intro."+plural(len(items)), len(items))
	scores := make([]int, len(items))
	for i, q := range items {
		n, ok := r.score(fmt.Sprintf("%d/%d. %s", i+1, len(items), session.CleanLine(q)))
		if !ok {
			r.say("line.room.not_done")
			return
		}
		scores[i] = n
	}
	note, err := r.s.ed.ask(r.cat.T("line.assess.note") + " ")
	if err != nil {
		return
	}
	if err := r.svc.SubmitAssessment(ctx, r.s.o.Env.Actor, r.id, scores, note); err != nil {
		r.s.p.say(r.cat.Err(err))
		return
	}
	r.say("assessment.saved")
}

// feedback asks the meeting's pulse: a score and a word.
func (r *room) feedback(ctx context.Context) {
	n, ok := r.score(r.cat.T("line.feedback.score"))
	if !ok {
		r.say("line.room.not_done")
		return
	}
	word, err := r.s.ed.ask(r.cat.T("line.feedback.word") + " ")
	if err != nil {
		return
	}
	if err := r.svc.SubmitFeedback(ctx, r.s.o.Env.Actor, r.id, n, strings.TrimSpace(word)); err != nil {
		r.s.p.say(r.cat.Err(err))
		return
	}
	r.say("feedback.thanks")
}

// score asks for 1–5 until given one; an empty line gives up.
func (r *room) score(question string) (int, bool) {
	r.s.p.say(question)
	for {
		a, err := r.s.ed.ask(r.cat.T("line.choose", 5) + " ")
		if err != nil || strings.TrimSpace(a) == "" {
			return 0, false
		}
		if n, err := strconv.Atoi(strings.TrimSpace(a)); err == nil && n >= 1 && n <= 5 {
			return n, true
		}
		r.say("line.choose", 5)
	}
}

func (r *room) quietToggle(kind string) {
	kind = strings.ToLower(kind)
	if fi := map[string]string{"ihmiset": kindPeople, "kädet": kindHands, "viestit": kindMessages,
		"ajastin": kindTimer, "kirjoitus": kindWriting}[kind]; fi != "" {
		kind = fi
	}
	if !slices.Contains(quietKinds, kind) {
		r.say("line.quiet.usage")
		return
	}
	r.mu.Lock()
	r.quiet[kind] = !r.quiet[kind]
	on := r.quiet[kind]
	r.mu.Unlock()
	if on {
		r.say("line.quiet.on", r.cat.T("line.kind."+kind))
	} else {
		r.say("line.quiet.off", r.cat.T("line.kind."+kind))
	}
}
