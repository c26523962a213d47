package room

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
)

// itemPane is the item on screen: its head (title, timer, whose turn,
// prompt), then the reflection pane or the discussion, scrolled; or the
// key list while the help is open.
type itemPane struct {
	size
	r *Screen
}

// layout fits what the pane shows to its size: the discussion's scroll
// and the reflection editor's height.
func (p *itemPane) layout() {
	r, st := p.r, p.r.st
	idx := r.viewing
	if r.mode == helping || idx < 0 || idx >= len(st.Items) || p.w < 2 {
		return
	}
	it, inner, rows := st.Items[idx], p.w-2, paneRows(p.h)
	lines := r.itemHead(idx, inner, rows)
	if r.writer != nil && r.writerItem != nil && idx == st.Current {
		lines = r.writerHead(lines, inner)
		status := r.writerStatus(inner)
		r.writer.Area.SetWidth(inner)
		r.writer.Area.SetHeight(max(rows-len(lines)-len(status), 2))
		return
	}
	room := max(rows-len(lines), 1)
	if body, skipped := r.scrollBody(it, inner, room+r.scroll+2); skipped == 0 {
		r.scroll = min(r.scroll, max(len(body)-room, 0))
	}
}

// View draws the pane at its size.
func (p *itemPane) View() string {
	r, w, h := p.r, p.w, p.h
	s, st, cat := r.paints(), r.st, r.C.Cat
	if r.mode == helping {
		return pane(s, cat.T("room.help_title"), w, h, r.helpLines(w-2, paneRows(h)))
	}
	idx := r.viewing
	if idx < 0 || idx >= len(st.Items) {
		return pane(s, "", w, h, nil)
	}
	it, inner, rows := st.Items[idx], w-2, paneRows(h)
	lines := r.itemHead(idx, inner, rows)
	if r.writer != nil && r.writerItem != nil && idx == st.Current {
		return pane(s, cat.T("room.current"), w, h, append(r.writerLines(lines, inner, rows), ""))
	}
	room := max(rows-len(lines), 1)
	body, skipped := r.scrollBody(it, inner, room+r.scroll+2)
	return pane(s, cat.T("room.current"), w, h, append(append(lines, r.window(body, skipped, room)...), ""))
}

// itemHead is the top of the item pane: the item, its timer, whose turn
// it is, its prompt. A message asks for it three times (the key bar's
// question whether the discussion scrolls, the layout, the view), for
// everyone in the room: it is kept for the message (paneMemo).
func (r *Screen) itemHead(idx, inner, rows int) []string {
	k := r.paneKey(idx, inner, rows)
	r.paneMemo.forGen(r.gen)
	for _, e := range r.paneMemo.heads {
		if e.key == k {
			return e.lines
		}
	}
	lines := slices.Clip(r.itemHeadNow(idx, inner, rows))
	if len(r.paneMemo.heads) < 4 {
		r.paneMemo.heads = append(r.paneMemo.heads, headMemo{k, lines})
	}
	return lines
}

func (r *Screen) itemHeadNow(idx, inner, rows int) []string {
	s, st, cat := r.paints(), r.st, r.C.Cat
	it := st.Items[idx]
	wrap := r.wrapper(inner)
	var lines []string
	if idx != st.Current {
		lines = append(lines, wrap(s.Error.Render("◇ "+cat.T("room.detached", st.Current+1)))...)
	}
	lines = append(lines, s.Title.Render(s.truncate(fmt.Sprintf("%d. %s", idx+1, it.Title), inner)))
	if idx == st.Current {
		left := st.Timer.Left(r.C.Now())
		state := "⏸ " + cat.T("room.paused")
		if st.Timer.Running {
			state = "▶ " + cat.T("room.running")
		}
		timer := fmt.Sprintf("⏱ %s  %s · %s", formatLeft(left), state, cat.T("kind."+string(it.Kind)))
		if left < 0 {
			timer = s.Error.Render(timer + " · " + cat.T("room.overtime"))
		}
		lines = append(lines, s.truncate(timer, inner))
		// Whose turn it is matters more than the prompt: it comes first.
		lines = append(lines, r.turnLines(inner)...)
		writing := r.writer != nil && r.writerItem != nil
		if it.Kind == session.KindWriting && !writing { // the editor says who sees the text
			if st.IsRevealed(it.ID) {
				lines = append(lines, s.OK.Render("✓ "+cat.T("room.revealed")))
			} else {
				lines = append(lines, wrap(s.Subtle.Render("✎ "+cat.T("room.hidden_until_reveal")))...)
			}
		}
	} else {
		lines = append(lines, s.Subtle.Render(cat.T("room.item_length", it.Minutes)+" · "+cat.T("kind."+string(it.Kind))))
	}
	var tasks []string
	if idx == 0 && len(st.Tasks) > 0 {
		tasks = append(tasks, wrap(s.Accent.Render(cat.T("room.tasks_due")))...)
		for _, t := range st.Tasks {
			tasks = append(tasks, r.twoLines("  "+st.TaskBox(t, r.me)+" "+t.Title+" · "+cat.T("room.task_done", t.Done, t.Members), inner)...)
		}
	}
	if it.Prompt != "" {
		// The prompt gives way to the discussion (and the tasks due)
		// when the pane is short, but only to what the discussion needs
		// of its four lines.
		p := wrap(it.Prompt)
		below := 0
		if r.writer != nil && r.writerItem != nil && idx == st.Current {
			// Writing: the question being answered stays whole; the
			// editor keeps two lines, its heading and its count.
			below = 5
		} else {
			body, _ := r.scrollBody(it, inner, 4)
			below = min(len(body), 4)
		}
		if room := max(rows-len(lines)-len(tasks)-below, 1); len(p) > room {
			p = append(p[:room-1:room-1], ansi.Truncate(strings.TrimRight(p[room-1], " "), max(inner-1, 0), "")+"…")
		}
		for _, l := range p {
			lines = append(lines, s.Subtle.Render(l))
		}
	}
	lines = append(lines, tasks...)
	return lines
}
