package line

import (
	"context"
	"math"
	"slices"
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
