package line

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
)

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
