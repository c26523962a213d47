package room

import (
	"slices"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/writer"
)

// bodyLine is a line of the scrolled part of the item pane; msg is the
// index of the discussion message it belongs to, or -1.
type bodyLine struct {
	text string
	msg  int
	who  string // the message's speaker, for a window that begins inside it
}

// scrollBody is the part of the item pane that scrolls: revealed texts,
// one's own submitted text, and the whole discussion of the item. Only
// the newest messages that make up need lines are wrapped (this runs for
// everyone on every change); skipped counts the older ones left out.
func (r *Screen) scrollBody(it session.AgendaItem, inner, need int) (body []bodyLine, skipped int) {
	k := r.paneKey(int(it.ID), inner, need)
	r.paneMemo.forGen(r.gen)
	for _, e := range r.paneMemo.bodies {
		if e.key == k {
			return e.body, e.skipped
		}
	}
	body, skipped = r.scrollBodyNow(it, inner, need)
	body = slices.Clip(body)
	if len(r.paneMemo.bodies) < 4 {
		r.paneMemo.bodies = append(r.paneMemo.bodies, bodyMemo{k, body, skipped})
	}
	return body, skipped
}

// paneMemo keeps, for one message (Screen.gen), the item pane's head and
// discussion as they were laid out (itemHead, scrollBody).
type paneMemo struct {
	gen    int
	heads  []headMemo
	bodies []bodyMemo
}

// forGen empties the memo when it is from an earlier message.
func (m *paneMemo) forGen(gen int) {
	if m.gen != gen {
		clear(m.heads)
		clear(m.bodies)
		m.gen, m.heads, m.bodies = gen, m.heads[:0], m.bodies[:0]
	}
}

// paneKey is what the item pane's parts are drawn from within a message.
type paneKey struct {
	st           *session.RoomState
	at, inner, n int
	scroll       int
	mode         mode
	writer       *writer.Writer
}

type headMemo struct {
	key   paneKey
	lines []string
}

type bodyMemo struct {
	key     paneKey
	body    []bodyLine
	skipped int
}

func (r *Screen) paneKey(at, inner, n int) paneKey {
	return paneKey{r.st, at, inner, n, r.scroll, r.mode, r.writer}
}

func (r *Screen) scrollBodyNow(it session.AgendaItem, inner, need int) (body []bodyLine, skipped int) {
	wrap := r.hangingWrapper(inner)
	msgs := r.itemMessages(it.ID)
	var tail [][]bodyLine
	n, i := 0, len(msgs)-1
	for ; i >= 0 && n < need; i-- {
		var ls []bodyLine
		who := r.speaker(msgs[i])
		for _, l := range wrap(who + " " + msgs[i].Text) {
			ls = append(ls, bodyLine{l, i, who})
		}
		tail, n = append(tail, ls), n+len(ls)
	}
	if skipped = i + 1; skipped == 0 {
		body = r.bodyHead(it, inner, len(msgs) == 0)
	}
	for j := len(tail) - 1; j >= 0; j-- {
		body = append(body, tail[j]...)
	}
	return body, skipped
}

// bodyHead is what the scrolled part starts with above the messages.
func (r *Screen) bodyHead(it session.AgendaItem, inner int, empty bool) []bodyLine {
	s, st, cat := r.paints(), r.st, r.C.Cat
	wrap := r.wrapper(inner)
	var body []bodyLine
	add := func(msg int, ls ...string) {
		for _, l := range ls {
			body = append(body, bodyLine{text: l, msg: msg})
		}
	}
	if it.Kind == session.KindWriting && st.IsRevealed(it.ID) {
		for _, wr := range st.Writings {
			if wr.ItemID != it.ID {
				continue
			}
			who := wr.Name
			if who == "" {
				who = cat.T("room.anonymous")
			}
			add(-1, r.hangingWrapper(inner)(s.Focused.Render("✎ "+who+":")+" "+wr.Body)...)
		}
	} else if mine := r.mine[it.ID]; it.Kind == session.KindWriting && mine != nil {
		add(-1, wrap(s.OK.Render("✓ "+cat.T("room.your_writing")))...)
		add(-1, wrap(mine.Body)...)
	}
	add(-1, s.Accent.Render("── "+cat.T("room.discussion")))
	if empty {
		// Browsing another item, enter says something at the current
		// one: do not invite it here.
		note := cat.T("room.no_messages")
		if cur := st.CurrentItem(); cur == nil || cur.ID != it.ID {
			note = cat.T("room.no_messages_here")
		}
		add(-1, wrap(s.Subtle.Render(note))...)
	}
	return body
}

// speaker is who said a message, as the discussion shows it. A leader's
// name carries ★ (explained in the help) before it, where no name typed
// at onboarding can put it: everyone else's starts after two spaces.
func (r *Screen) speaker(msg session.Message) string {
	s, cat := r.paints(), r.C.Cat
	who := msg.Name
	if msg.PersonID == r.me {
		who = cat.T("room.you")
	}
	if r.st.Leads(msg.PersonID) {
		return s.OK.Render("★ ") + s.Focused.Render(who+" ("+cat.T("room.leader")+"):")
	}
	return "  " + s.Focused.Render(who+":")
}

// window shows rows lines of the body, scrolled back r.scroll lines from
// the newest, with a marker where there is more above or below.
func (r *Screen) window(body []bodyLine, skipped, rows int) []string {
	s, cat := r.paints(), r.C.Cat
	scroll := r.scroll // layout has kept it to the body
	if skipped == 0 {
		scroll = min(scroll, max(len(body)-rows, 0))
	}
	end := len(body) - scroll
	start := max(end-rows, 0)
	count := func(part []bodyLine) int {
		seen := map[int]bool{}
		for _, l := range part {
			if l.msg >= 0 {
				seen[l.msg] = true
			}
		}
		return len(seen)
	}
	var below string
	if scroll > 0 {
		// The message cut at the bottom edge counts as newer.
		end--
		// Never "0 newer messages": what is below may be no message.
		below = cat.T("room.more_below")
		if n := count(body[end:]); n > 0 {
			below = cat.N("room.newer", n)
		}
		below = s.Accent.Render(below)
	}
	var above string
	pad := 0
	if start > 0 {
		start++
		// Begin at a message's first line, not in the middle of one;
		// but a message taller than the window shows its end rather
		// than nothing.
		first, p := start, 0
		for first < end && body[first].msg >= 0 && body[first].msg == body[first-1].msg {
			first, p = first+1, p+1
		}
		if first < end {
			start, pad = first, p
		}
		n := skipped + count(body[:start])
		if start < end && body[start].msg >= 0 && body[start].msg == body[start-1].msg {
			n-- // the message in view, begun above, is not earlier
		}
		above = cat.T("room.more_above")
		if n > 0 {
			above = cat.N("room.earlier", n)
		}
		above = s.Accent.Render(above)
	}
	var out []string
	if above != "" {
		out = append(out, above)
	}
	for range pad {
		out = append(out, "")
	}
	shown := body[min(start, end):end]
	for i, l := range shown {
		if i == 0 && start > 0 && l.msg >= 0 && l.msg == body[start-1].msg && l.who != "" {
			// A message taller than the window, begun above: who says
			// it stays in view, in place of its first line here.
			out = append(out, l.who+" …")
			continue
		}
		out = append(out, l.text)
	}
	if below != "" {
		out = append(out, below)
	}
	return out
}

// canScroll reports whether the discussion on screen has more than fits,
// or is scrolled back: then the help bar shows pgup/pgdn.
func (r *Screen) canScroll() bool {
	st := r.st
	if r.scroll > 0 {
		return true
	}
	if st == nil || r.item.w == 0 || r.viewing < 0 || r.viewing >= len(st.Items) || r.writer != nil {
		return false
	}
	it, inner, rows := st.Items[r.viewing], r.item.w-2, paneRows(r.item.h)
	room := rows - len(r.itemHead(r.viewing, inner, rows))
	// As the layout and the view ask (r.scroll is 0 here): the same
	// answer as room+1, from the memo.
	body, skipped := r.scrollBody(it, inner, max(room, 1)+2)
	return skipped > 0 || len(body) > room
}
