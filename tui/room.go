package tui

import (
	"context"
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// roomScreen is the live meeting: the agenda with the current item and its
// timer, the current item with its round and discussion, and who is here.
// Everyone sees the same state; each person's view is drawn from it here,
// on the server, for that person only.
type roomScreen struct {
	meetingID int64
	ctx       context.Context // ends when the person leaves the room
	cancel    context.CancelFunc
	sub       *session.Subscription
	st        *session.RoomState
	me        int64

	follow  bool // show the current item (the default)
	viewing int  // the item shown while detached
	input   textinput.Model
	typing  bool
	ending  bool // asking "end the meeting?"
	handoff int  // >0: choosing who to hand the meeting to (index+1)
	err     string
	rang    int64 // the item whose zero the bell has rung for
	closed  bool
	ticking bool // a one-second tick is pending (only while a timer runs)

	// The reflection being written for an item, if the pane is open.
	writer     *writer
	writerItem *session.AgendaItem
	reveal     bool // let the reveal show it (silent-writing items)

	// The self-assessment or end-of-meeting feedback form, if open.
	evalForm *form
	evalKind string // "assessment" or "feedback"
	thanks   string
	asked    bool // the end-of-meeting feedback has been asked for
	wrapped  map[wrapKey][]string
}

type reflectionSavedMsg struct {
	r   *session.Reflection
	err error
}

type roomJoinedMsg struct {
	sub *session.Subscription
	err error
}

type roomStateMsg struct{ st *session.RoomState }

type roomClosedMsg struct{}

type roomTickMsg struct{ meetingID int64 }

type roomActedMsg struct{ err error }

func newRoomScreen(meetingID int64) *roomScreen {
	in := textinput.New()
	in.CharLimit = session.MaxMessageLen
	return &roomScreen{meetingID: meetingID, follow: true, input: in}
}

func (r *roomScreen) init(m *App) tea.Cmd {
	if r.sub != nil {
		return nil // back from a screen on top: still in the room
	}
	r.me = m.actor.Person.ID
	r.ctx, r.cancel = context.WithCancel(m.opts.Ctx)
	ctx, svc, actor, id, evict := r.ctx, m.opts.Service, m.actor, r.meetingID, m.opts.Evict
	return tea.Batch(func() tea.Msg {
		sub, err := svc.JoinRoom(ctx, actor, id, evict)
		return roomJoinedMsg{sub, err}
	})
}

// wait delivers the room's next state: the one goroutine per session that
// feeds the program from its mailbox.
func (r *roomScreen) wait() tea.Cmd {
	ctx, sub := r.ctx, r.sub
	return func() tea.Msg {
		if st := sub.Next(ctx); st != nil {
			return roomStateMsg{st}
		}
		return roomClosedMsg{}
	}
}

// tick redraws the timer every second while it runs; an idle room sends
// nothing and draws nothing.
func (r *roomScreen) tick() tea.Cmd {
	if r.ticking || r.closed || r.st == nil || !r.st.Timer.Running || r.st.Ended {
		return nil
	}
	r.ticking = true
	id := r.meetingID
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return roomTickMsg{id} })
}

func (r *roomScreen) leave(m *App) tea.Cmd {
	r.closed = true
	if r.cancel != nil {
		r.cancel()
	}
	return m.pop()
}

// removed takes someone the group no longer has out of the room, to home:
// every screen under the room belongs to the group.
func (r *roomScreen) removed(m *App) tea.Cmd {
	r.closed = true
	r.cancel()
	name := ""
	if r.st != nil {
		name = r.st.GroupName
	}
	m.stack = nil
	return m.replace(&home{err: m.cat.T("room.removed", name)})
}

func (r *roomScreen) leads() bool { return r.st != nil && r.st.Leads(r.me) }

// act sends an action off the update loop.
func (r *roomScreen) act(m *App, a session.Action) tea.Cmd {
	id := r.meetingID
	return call(m, func(ctx context.Context, svc *session.Service, actor session.Actor) (struct{}, error) {
		return struct{}{}, svc.Act(ctx, actor, id, a)
	}, func(_ struct{}, err error) tea.Msg { return roomActedMsg{err} })
}

func (r *roomScreen) keys(cat i18n.Catalog) keyMap {
	switch {
	case r.evalForm != nil:
		return formKeys(cat)
	case r.st != nil && r.st.Ended:
		return keys([]key.Binding{binding(cat, "esc", "key.back")})
	case r.writer != nil:
		k := []key.Binding{binding(cat, "ctrl+s", "key.save_reflection"), binding(cat, "esc", "key.close_keep_draft")}
		if r.writerItem != nil && r.writerItem.Kind == session.KindWriting {
			k = append(k, binding(cat, "ctrl+r", "key.toggle_reveal"))
		}
		return keys(k)
	case r.typing:
		return keys([]key.Binding{binding(cat, "enter", "key.send"), binding(cat, "esc", "key.cancel")})
	case r.ending:
		return confirmKeys(cat)
	case r.handoff > 0:
		return keys([]key.Binding{binding(cat, "↑/↓", "key.select"), binding(cat, "enter", "key.handoff"), binding(cat, "esc", "key.cancel")})
	}
	everyone := []key.Binding{binding(cat, "enter", "key.say"), binding(cat, "w", "key.write"), binding(cat, "A", "key.self_assessment"), binding(cat, "h", "key.hand"), binding(cat, "d", "key.done_speaking"),
		binding(cat, "p", "key.pass"), binding(cat, "←/→", "key.browse"), binding(cat, "f", "key.follow"), binding(cat, "a", "key.away"),
		binding(cat, "esc", "key.leave_room")}
	if !r.leads() {
		return keys([]key.Binding{everyone[0], everyone[1], everyone[2], everyone[3], binding(cat, "?", "key.help")}, everyone[4:]...)
	}
	lead := []key.Binding{binding(cat, "n", "key.next_item"), binding(cat, "b", "key.back_item"), binding(cat, "space", "key.timer"),
		binding(cat, "+", "key.add_minute"), binding(cat, "r", "key.round"), binding(cat, "g", "key.give_word"),
		binding(cat, "v", "key.reveal"), binding(cat, "H", "key.handoff"), binding(cat, "e", "key.end_meeting")}
	return keys([]key.Binding{lead[0], lead[1], lead[2], lead[4], binding(cat, "?", "key.help")}, append(lead, everyone...)...)
}

func (r *roomScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case roomJoinedMsg:
		if msg.err != nil {
			r.err = m.cat.Err(msg.err)
			return nil
		}
		r.sub = msg.sub
		return r.wait()
	case roomStateMsg:
		prev := r.st
		r.st = msg.st
		if r.follow {
			r.viewing = r.st.Current
		}
		if r.st.Ended {
			if prev != nil && !prev.Ended && !r.asked {
				r.asked, r.thanks = true, ""
				r.writer, r.typing = nil, false
				r.evalForm, r.evalKind = newFeedbackForm(m), "feedback"
				return r.evalForm.refocus()
			}
			return nil
		}
		var cmds []tea.Cmd
		if prev == nil || prev.Current != r.st.Current || prev.Timer != r.st.Timer {
			cmds = append(cmds, r.bell())
		}
		return tea.Batch(append(cmds, r.tick(), r.wait())...)
	case roomClosedMsg:
		if r.sub != nil && r.sub.Removed() && !r.closed {
			return r.removed(m)
		}
		return nil
	case roomTickMsg:
		if msg.meetingID != r.meetingID {
			return nil
		}
		r.ticking = false
		return tea.Batch(r.bell(), r.tick())
	case reflectionSavedMsg:
		if msg.err != nil {
			if r.writer != nil {
				r.writer.err = m.cat.Err(msg.err)
			} else {
				r.err = m.cat.Err(msg.err)
			}
			return nil
		}
		r.writer, r.writerItem = nil, nil
		r.err = ""
		return m.setWriting(r, false)
	case assessmentItemsMsg:
		if msg.err != nil {
			r.err = m.cat.Err(msg.err)
			return nil
		}
		r.evalForm, r.evalKind = newAssessmentForm(m, msg.items), "assessment"
		return r.evalForm.refocus()
	case evaluationSavedMsg:
		if msg.err != nil {
			if r.evalForm != nil {
				r.evalForm.busy = false
				r.evalForm.err = m.cat.Err(msg.err)
			}
			return nil
		}
		r.evalForm, r.thanks = nil, msg.status
		return nil
	case draftLoadedMsg, draftSavedMsg, draftTickMsg:
		if r.writer != nil {
			_, cmd := r.writer.update(m, msg)
			return cmd
		}
		return nil
	case roomActedMsg:
		if msg.err != nil {
			r.err = m.cat.Err(msg.err)
		} else {
			r.err = ""
		}
		return nil
	case tea.KeyPressMsg:
		return r.key(m, msg)
	}
	if r.typing {
		var cmd tea.Cmd
		r.input, cmd = r.input.Update(msg)
		return cmd
	}
	return nil
}

// bell rings the driver's terminal once when the timer reaches zero.
func (r *roomScreen) bell() tea.Cmd {
	st := r.st
	if st == nil || st.Ended || !st.Timer.Running || st.Driver != r.me {
		return nil
	}
	it := st.CurrentItem()
	if it == nil {
		return nil
	}
	if st.Timer.Left(time.Now()) > 0 {
		if r.rang == it.ID {
			r.rang = 0 // extended past zero: ring again at the new zero
		}
		return nil
	}
	if r.rang == it.ID {
		return nil
	}
	r.rang = it.ID
	return tea.Raw("\a")
}

func (r *roomScreen) key(m *App, k tea.KeyPressMsg) tea.Cmd {
	if r.evalForm != nil {
		res, cmd := r.evalForm.update(k)
		switch res {
		case formCancel:
			r.evalForm = nil
		case formSubmit:
			return r.submitEval(m)
		}
		return cmd
	}
	if r.writer != nil {
		switch k.String() {
		case "esc":
			cmd := r.writer.save(m)
			r.writer, r.writerItem = nil, nil
			return tea.Batch(cmd, m.setWriting(r, false))
		case "ctrl+r":
			r.reveal = !r.reveal
			return nil
		case "ctrl+s":
			it, body, key, reveal := r.writerItem, r.writer.area.Value(), r.writer.key, r.reveal
			id := r.meetingID
			return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
				return svc.AddReflection(ctx, a, session.ReflectionInput{MeetingID: id, ItemID: it.ID, Body: body,
					Reveal: reveal && it.Kind == session.KindWriting, DraftKey: key})
			}, func(ref *session.Reflection, err error) tea.Msg { return reflectionSavedMsg{ref, err} })
		}
		_, cmd := r.writer.update(m, k)
		return cmd
	}
	if r.typing {
		switch k.String() {
		case "esc":
			r.typing = false
			r.input.Blur()
			return m.setWriting(r, false)
		case "enter":
			text := r.input.Value()
			r.input.SetValue("")
			r.typing = false
			r.input.Blur()
			return tea.Batch(r.act(m, session.Action{Kind: session.ActSay, Text: text}), m.setWriting(r, false))
		}
		var cmd tea.Cmd
		r.input, cmd = r.input.Update(k)
		return cmd
	}
	if r.st == nil || r.st.Ended {
		if k.String() == "esc" || k.String() == "q" {
			return r.leave(m)
		}
		return nil
	}
	if r.ending {
		r.ending = false
		if k.String() == "y" {
			id := r.meetingID
			return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
				return struct{}{}, svc.EndMeeting(ctx, a, id)
			}, func(_ struct{}, err error) tea.Msg { return roomActedMsg{err} })
		}
		return nil
	}
	if r.handoff > 0 {
		here := r.present()
		switch k.String() {
		case "up", "k":
			r.handoff = max(r.handoff-1, 1)
		case "down", "j":
			r.handoff = min(r.handoff+1, len(here))
		case "enter":
			to := here[r.handoff-1].PersonID
			r.handoff = 0
			return r.act(m, session.Action{Kind: session.ActHandoff, Person: to})
		case "esc":
			r.handoff = 0
		}
		return nil
	}
	r.err = ""
	switch k.String() {
	case "esc", "q":
		return r.leave(m)
	case "?":
		m.toggleHelp()
	case "enter", "t":
		r.typing = true
		return tea.Batch(r.input.Focus(), m.setWriting(r, true))
	case "A":
		if !slices.ContainsFunc(r.st.Items, func(it session.AgendaItem) bool { return it.Kind == session.KindAssessment }) {
			r.err = m.cat.T("err.no_assessment")
			return nil
		}
		gid := r.st.GroupID
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]string, error) {
			return svc.AssessmentItems(ctx, a, gid)
		}, func(items []string, err error) tea.Msg { return assessmentItemsMsg{items, err} })
	case "w":
		it := r.st.CurrentItem()
		if it == nil {
			return nil
		}
		item := *it
		r.writerItem, r.reveal = &item, true
		r.writer = newWriter(session.MeetingDraftKey(r.meetingID, it.ID), 6)
		return tea.Batch(r.writer.open(m), m.setWriting(r, true))
	case "h":
		return r.act(m, session.Action{Kind: session.ActHand})
	case "d":
		return r.act(m, session.Action{Kind: session.ActTurn})
	case "p":
		return r.act(m, session.Action{Kind: session.ActPass})
	case "a":
		me := r.st.Person(r.me)
		return r.act(m, session.Action{Kind: session.ActAway, Flag: me == nil || !me.Away})
	case "f":
		r.follow, r.viewing = true, r.st.Current
	case "left":
		r.follow, r.viewing = false, max(r.viewing-1, 0)
	case "right":
		r.follow, r.viewing = false, min(r.viewing+1, len(r.st.Items)-1)
		if r.viewing == r.st.Current {
			r.follow = true
		}
	}
	if !r.leads() {
		return nil
	}
	switch k.String() {
	case "n":
		return r.act(m, session.Action{Kind: session.ActNext})
	case "b":
		return r.act(m, session.Action{Kind: session.ActBack})
	case "space":
		return r.act(m, session.Action{Kind: session.ActTimer})
	case "+":
		return r.act(m, session.Action{Kind: session.ActAddMinute})
	case "r":
		return r.act(m, session.Action{Kind: session.ActRound})
	case "g":
		return r.act(m, session.Action{Kind: session.ActGiveWord})
	case "v":
		return r.act(m, session.Action{Kind: session.ActReveal})
	case "H":
		if len(r.present()) > 0 {
			r.handoff = 1
		}
	case "e":
		r.ending = true
	}
	return nil
}

// setWriting tells the room that the person is typing, so others see it.
func (m *App) setWriting(r *roomScreen, on bool) tea.Cmd {
	return r.act(m, session.Action{Kind: session.ActWriting, Flag: on})
}

// present lists the people connected now.
func (r *roomScreen) present() []session.Presence {
	var out []session.Presence
	for _, p := range r.st.People {
		if p.Here() {
			out = append(out, p)
		}
	}
	return out
}

// formatLeft shows the timer as mm:ss, or +mm:ss in overtime.
func formatLeft(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "+", -d
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%s%02d:%02d", sign, int(d.Minutes()), int(d.Seconds())%60)
}

func (r *roomScreen) view(m *App, width, height int) string {
	s, cat := m.styles, m.cat
	if r.st == nil {
		if r.err != "" {
			return s.Error.Render("✗ "+r.err) + "\n\n" + s.Subtle.Render(cat.T("room.esc_back"))
		}
		return s.Subtle.Render(cat.T("app.loading"))
	}
	st := r.st
	head := st.GroupName + " · " + st.Title
	if st.Ended {
		out := s.Header.Width(width).Render(head) + "\n\n" + s.Title.Render(cat.T("room.ended")) + "\n"
		switch {
		case r.evalForm != nil:
			out += "\n" + r.evalForm.viewFit(s, min(width, 80), height-6)
		case r.thanks != "":
			out += "\n" + s.OK.Render("✓ "+r.thanks) + "\n"
		}
		return out + "\n" + s.Subtle.Render(cat.T("room.ended_hint"))
	}
	if r.evalForm != nil {
		return s.Header.Width(width).Render(head) + "\n\n" + r.evalForm.viewFit(s, min(width, 90), height-2)
	}
	head += "  ● " + cat.T("meeting.state.live")
	b := strings.Builder{}
	b.WriteString(s.Header.Width(width).Render(head) + "\n")

	leftW := min(max(width/3, 24), 34)
	rightW := width - leftW - 1
	bodyH := height - 3
	peopleH := min(len(st.People)+3, bodyH/2)
	agendaH := bodyH - peopleH
	// The panes are exactly their size: put them side by side line by line.
	left := strings.Split(r.agendaPane(m, leftW, agendaH)+"\n"+r.peoplePane(m, leftW, peopleH), "\n")
	right := strings.Split(r.itemPane(m, rightW, bodyH), "\n")
	for i := range max(len(left), len(right)) {
		l, rt := strings.Repeat(" ", leftW), ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			rt = right[i]
		}
		b.WriteString(l + " " + rt + "\n")
	}

	switch {
	case r.typing:
		r.input.SetWidth(width - 4)
		b.WriteString("› " + r.input.View())
	case r.ending:
		b.WriteString(s.Error.Render("? " + cat.T("room.confirm_end") + " (y/n)"))
	case r.err != "":
		b.WriteString(truncate(s.Error.Render("✗ "+r.err), width))
	case r.thanks != "":
		b.WriteString(truncate(s.OK.Render("✓ "+r.thanks), width))
	}
	return b.String()
}

// pane draws a titled box of exactly w×h cells. The border is drawn here
// rather than by lipgloss, which would measure, wrap and align every line
// again: this runs for every participant on every change of the room.
func pane(s Styles, title string, w, h int, lines []string) string {
	if w < 2 || h < 2 {
		return ""
	}
	inner := h - 2
	if len(lines) > inner {
		lines = lines[len(lines)-inner:]
	}
	for len(lines) < inner {
		lines = append(lines, "")
	}
	cw := w - 2
	bc := lipgloss.NewStyle().Foreground(s.Box.GetBorderTopForeground())
	side := bc.Render("│")
	var b strings.Builder
	b.WriteString(bc.Render("╭" + strings.Repeat("─", cw) + "╮"))
	row := func(l string) {
		lw := ansi.StringWidth(l)
		if lw > cw {
			l = truncate(l, cw)
			lw = ansi.StringWidth(l)
		}
		b.WriteString("\n" + side + l + strings.Repeat(" ", max(cw-lw, 0)) + side)
	}
	if inner > 0 {
		row(s.Subtle.Render(title))
	}
	for _, l := range lines[:max(inner-1, 0)] {
		row(l)
	}
	b.WriteString("\n" + bc.Render("╰"+strings.Repeat("─", cw)+"╯"))
	return b.String()
}

func (r *roomScreen) agendaPane(m *App, w, h int) string {
	s, st := m.styles, r.st
	var lines []string
	now := time.Now()
	for i, it := range st.Items {
		mark := "  "
		switch {
		case i == st.Current:
			mark = "▶ "
		case i < st.Current:
			mark = "✓ "
		}
		right := fmt.Sprintf("%d′", it.Minutes)
		if i == st.Current {
			right = formatLeft(st.Timer.Left(now))
		}
		titleW := w - 3 - lipgloss.Width(right)
		title := truncate(fmt.Sprintf("%s%d %s", mark, i+1, it.Title), titleW)
		line := title + strings.Repeat(" ", max(titleW-lipgloss.Width(title), 0)) + " " + right
		switch {
		case i == st.Current:
			line = s.Focused.Render(line)
		case i == r.viewing && !r.follow:
			line = s.Accent.Underline(true).Render(line)
		case i < st.Current:
			line = s.Subtle.Render(line)
		}
		lines = append(lines, line)
	}
	// Keep the current item in view.
	inner := max(h-3, 1)
	if len(lines) > inner {
		start := min(max(st.Current-inner/2, 0), len(lines)-inner)
		lines = lines[start : start+inner]
	}
	return pane(s, m.cat.T("room.agenda"), w, h, append(lines, ""))
}

func (r *roomScreen) peoplePane(m *App, w, h int) string {
	s, st, cat := m.styles, r.st, m.cat
	var lines []string
	for _, p := range st.People {
		var marks []string
		if i := slices.Index(st.Hands, p.PersonID); i >= 0 {
			marks = append(marks, fmt.Sprintf("✋%d", i+1))
		}
		if p.Writing {
			marks = append(marks, "✎")
		}
		if st.Leads(p.PersonID) {
			marks = append(marks, "★")
		}
		name := p.Name
		if p.PersonID == r.me {
			name += " (" + cat.T("room.you") + ")"
		}
		line := name + " " + strings.Join(marks, " ")
		switch {
		case !p.Here():
			line = s.Subtle.Render(line + " · " + cat.T("room.offline"))
		case p.Away:
			line = s.Subtle.Render(line + " · " + cat.T("room.away"))
		}
		lines = append(lines, line)
	}
	return pane(s, cat.T("room.people", len(r.present())), w, h, append(lines, ""))
}

func (r *roomScreen) itemPane(m *App, w, h int) string {
	s, st, cat := m.styles, r.st, m.cat
	idx := r.viewing
	if idx < 0 || idx >= len(st.Items) {
		return pane(s, "", w, h, nil)
	}
	it := st.Items[idx]
	inner := w - 2
	wrap := r.wrapper(inner)
	var lines []string
	if idx != st.Current {
		lines = append(lines, s.Error.Render(truncate("◇ "+cat.T("room.detached", st.Current+1), inner)))
	}
	lines = append(lines, s.Title.Render(truncate(fmt.Sprintf("%d. %s", idx+1, it.Title), inner)))
	if idx == st.Current {
		left := st.Timer.Left(time.Now())
		state := "⏸ " + cat.T("room.paused")
		if st.Timer.Running {
			state = "▶ " + cat.T("room.running")
		}
		timer := fmt.Sprintf("⏱ %s  %s · %s", formatLeft(left), state, cat.T("kind."+string(it.Kind)))
		if left < 0 {
			timer = s.Error.Render(timer + " · " + cat.T("room.overtime"))
		}
		lines = append(lines, timer)
	} else {
		lines = append(lines, s.Subtle.Render(fmt.Sprintf("%d min · %s", it.Minutes, cat.T("kind."+string(it.Kind)))))
	}
	if it.Prompt != "" {
		lines = append(lines, wrap(s.Subtle.Render(it.Prompt))...)
	}
	if idx == 0 && len(st.Tasks) > 0 {
		lines = append(lines, s.Accent.Render(cat.T("room.tasks_due")))
		for _, t := range st.Tasks {
			lines = append(lines, truncate("  ☐ "+t.Title+" · "+cat.T("room.task_done", t.Done, t.Members), inner))
		}
	}
	if idx == st.Current {
		lines = append(lines, r.turnLines(m, inner)...)
		if it.Kind == session.KindWriting {
			if st.IsRevealed(it.ID) {
				lines = append(lines, s.OK.Render("✓ "+cat.T("room.revealed")))
			} else {
				lines = append(lines, wrap(s.Subtle.Render("✎ "+cat.T("room.hidden_until_reveal")))...)
			}
		}
	}
	if r.writer != nil && r.writerItem != nil {
		r.writer.area.SetWidth(inner)
		r.writer.area.SetHeight(max(h-4-len(lines)-3, 2))
		head := "✎ " + cat.T("write.your_reflection", r.writerItem.Title)
		lines = append(lines, s.Accent.Render(truncate(head, inner)))
		if r.writerItem.Kind == session.KindWriting {
			note := cat.T("write.kept_private")
			switch {
			case r.reveal && r.writerItem.Anonymous:
				note = cat.T("write.revealed_anonymously")
			case r.reveal:
				note = cat.T("write.revealed_with_name")
			}
			lines = append(lines, s.Subtle.Render(truncate(note, inner)))
		}
		lines = append(lines, strings.Split(r.writer.area.View(), "\n")...)
		lines = append(lines, s.Subtle.Render(truncate(r.writer.status(m), inner)))
		return pane(s, cat.T("room.current"), w, h, append(lines, ""))
	}
	if idx == st.Current && it.Kind == session.KindWriting && st.IsRevealed(it.ID) {
		for _, wr := range st.Writings {
			if wr.ItemID != it.ID {
				continue
			}
			who := wr.Name
			if who == "" {
				who = cat.T("room.anonymous")
			}
			lines = append(lines, wrap(s.Focused.Render("✎ "+who+":")+" "+wr.Body)...)
		}
	}
	lines = append(lines, s.Accent.Render("── "+cat.T("room.discussion")))
	var talk []string
	for _, msg := range st.Messages {
		if msg.ItemID != it.ID {
			continue
		}
		who := msg.Name
		if msg.PersonID == r.me {
			who = cat.T("room.you")
		}
		talk = append(talk, wrap(s.Focused.Render(who+":")+" "+msg.Text)...)
	}
	if len(talk) == 0 {
		talk = wrap(s.Subtle.Render(cat.T("room.no_messages")))
	}
	// The newest discussion stays in view: drop older lines first.
	room := max(h-3-len(lines), 1)
	if len(talk) > room {
		talk = talk[len(talk)-room:]
	}
	return pane(s, cat.T("room.current"), w, h, append(append(lines, talk...), ""))
}

// turnLines say whose turn it is in a round, and who has the word.
func (r *roomScreen) turnLines(m *App, w int) []string {
	s, st, cat := m.styles, r.st, m.cat
	name := func(id int64) string {
		if id == r.me {
			return cat.T("room.you")
		}
		if p := st.Person(id); p != nil {
			return p.Name
		}
		return "?"
	}
	var out []string
	if rd := st.Round; rd != nil {
		if sp := rd.Speaking(); sp != 0 {
			line := cat.T("room.round_turn", rd.Turn+1, len(rd.Order), name(sp))
			if nx := rd.Next(); nx != 0 {
				line += " · " + cat.T("room.round_next", name(nx))
			}
			out = append(out, truncate(s.Focused.Render("➜ "+line), w))
			if sp == r.me {
				out = append(out, s.OK.Render(truncate("★ "+cat.T("room.your_turn"), w)))
			}
		} else {
			out = append(out, s.Subtle.Render(cat.T("room.round_over")))
		}
	}
	switch {
	case st.Speaker == r.me:
		out = append(out, s.OK.Render(truncate("» "+cat.T("room.you_have_word"), w)))
	case st.Speaker != 0:
		out = append(out, s.Focused.Render(truncate("» "+cat.T("room.has_word", name(st.Speaker)), w)))
	}
	if len(st.Hands) > 0 && r.leads() {
		var names []string
		for _, id := range st.Hands {
			names = append(names, name(id))
		}
		out = append(out, truncate("✋ "+cat.T("room.hands", strings.Join(names, ", ")), w))
	}
	if r.handoff > 0 {
		out = append(out, cat.T("room.handoff_to"))
		for i, p := range r.present() {
			line := "  " + p.Name
			if i == r.handoff-1 {
				line = s.Focused.Render("› " + p.Name)
			}
			out = append(out, line)
		}
	}
	return out
}

// flush saves an open draft: the session is ending.
func (r *roomScreen) flush(m *App) {
	if r.writer != nil {
		r.writer.flush(m)
	}
}

// submitEval sends the open self-assessment or feedback form.
func (r *roomScreen) submitEval(m *App) tea.Cmd {
	f, id := r.evalForm, r.meetingID
	f.busy, f.err = true, ""
	if r.evalKind == "feedback" {
		score, word := atoiOr(f.value(0)), f.value(1)
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.SubmitFeedback(ctx, a, id, score, word)
		}, func(_ struct{}, err error) tea.Msg { return evaluationSavedMsg{m.cat.T("feedback.thanks"), err} })
	}
	scores := make([]int, len(f.fields)-1)
	for i := range scores {
		scores[i] = atoiOr(f.value(i))
	}
	note := f.value(len(f.fields) - 1)
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.SubmitAssessment(ctx, a, id, scores, note)
	}, func(_ struct{}, err error) tea.Msg { return evaluationSavedMsg{m.cat.T("assessment.saved"), err} })
}

type wrapKey struct {
	width int
	text  string
}

// wrapper returns a function that wraps text to width, remembering the
// result: prompts and messages stay the same from one state to the next.
func (r *roomScreen) wrapper(width int) func(string) []string {
	return func(text string) []string {
		k := wrapKey{width, text}
		if l, ok := r.wrapped[k]; ok {
			return slices.Clone(l)
		}
		if r.wrapped == nil || len(r.wrapped) > 256 {
			r.wrapped = map[wrapKey][]string{}
		}
		l := strings.Split(lipgloss.NewStyle().Width(width).Render(text), "\n")
		r.wrapped[k] = l
		return slices.Clone(l)
	}
}

// exact: the live room's view is drawn to the size it is given.
func (r *roomScreen) exact() bool { return r.st != nil && !r.st.Ended && r.evalForm == nil }
