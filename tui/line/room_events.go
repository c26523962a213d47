package line

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
)

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
