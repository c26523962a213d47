package tui

import (
	"context"
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"math"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/writer"
)

// roomScreen is the live meeting: the agenda with the current item and its
// timer, the current item with its round and discussion, and who is here.
// Everyone sees the same state; each person's view is drawn from it here,
// on the server, for that person only.
type roomScreen struct {
	writing   writingState // the ✎ others see, kept in step (setWriting)
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
	writer     *writer.Writer
	writerItem *session.AgendaItem
	reveal     bool // let the reveal show it (silent-writing items)

	// The self-assessment or end-of-meeting feedback form, if open.
	evalForm *form.Form
	evalKind string // "assessment" or "feedback"
	thanks   string
	asked    bool // the end-of-meeting feedback has been asked for
	wrapped  map[wrapKey][]string

	kept    bool   // what one was writing at the end is in the journal
	keptErr string // or why it could not be put there
	// The status line (✓/✗): it fades after statusFade or at the next key;
	// statusSeq tells its fade tick from an older status's.
	status    string
	statusOK  bool
	statusSeq int

	sending       bool // a message is on its way; the input keeps it until it is stored
	quiet         bool // the input is open but empty after a send: not shown as writing
	sendNext      bool // enter was pressed again while a message was on its way
	help          bool // the key list is shown over the item pane
	confirmReveal bool // asking "reveal the writing?"
	scroll        int  // discussion lines scrolled back from the newest

	// The whole discussion of items, loaded from the store: the state
	// carries only recent messages.
	history    map[int64][]session.Message
	histLoaded map[int64]bool
	seenID     int64 // the newest message any state has shown

	// mine is what the person has submitted in silent-writing items, by
	// item; editing is the one open in the writer.
	mine    map[int64]*session.Reflection
	editing int64

	// The app, so the help bar can tell from its size whether the
	// discussion has more than fits.
	app *App
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

// roomSaidMsg is the outcome of sending text to the discussion.
type roomSaidMsg struct {
	text string
	err  error
}

func newRoomScreen(meetingID int64) *roomScreen {
	in := textinput.New()
	// The input takes more than a message may hold, so that a long paste
	// is refused whole and stays to be shortened, rather than cut short
	// without a word; still bounded.
	in.CharLimit = 4 * session.MaxMessageLen
	in.Prompt = ""
	return &roomScreen{meetingID: meetingID, follow: true, input: in}
}

func (r *roomScreen) init(m *App) tea.Cmd {
	if r.sub != nil {
		return nil // back from a screen on top: still in the room
	}
	r.me, r.app = m.actor.Person.ID, m
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
	return m.Home(m.cat.T("room.removed", name))
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
		// Who will read the text comes before closing: ctrl+r second.
		k := []key.Binding{binding(cat, "ctrl+s", "key.save_reflection")}
		if r.writerItem != nil && r.writerItem.Kind == session.KindWriting {
			k = append(k, binding(cat, "ctrl+r", "key.toggle_reveal"))
		}
		return keys(append(k, binding(cat, "esc", "key.close_keep_draft")))
	case r.typing:
		// esc keeps the text for the next enter: it does not cancel it.
		// The line stays open after a send, so an empty one just closes.
		// Enter on an empty line does nothing: it shows with the text.
		if strings.TrimSpace(r.input.Value()) == "" {
			return keys([]key.Binding{binding(cat, "esc", "key.close_input")})
		}
		return keys([]key.Binding{binding(cat, "enter", "key.send"), binding(cat, "esc", "key.close_keep_draft")})
	case r.ending, r.confirmReveal:
		return confirmKeys(cat)
	case r.help:
		// How to close the help comes first: the bar was fitted with the
		// shorter "? help", and what is cut is at the end.
		short, _ := r.momentKeys(cat)
		closeHelp := bindingKeys(cat, "?/esc", "key.close_help", "?", "esc")
		return keys(append([]key.Binding{closeHelp}, short[:len(short)-1]...))
	case r.handoff > 0:
		return keys([]key.Binding{binding(cat, "↑/↓", "key.select"), binding(cat, "enter", "key.handoff"), binding(cat, "esc", "key.cancel")})
	}
	short, more := r.momentKeys(cat)
	return keys(short, more...)
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
				keep := r.keepUnfinished(m)
				r.writer, r.typing = nil, false
				r.evalForm, r.evalKind = newFeedbackForm(m), "feedback"
				return tea.Batch(keep, r.evalForm.Refocus())
			}
			return nil
		}
		var cmds []tea.Cmd
		if prev == nil || prev.Current != r.st.Current || prev.Timer != r.st.Timer {
			cmds = append(cmds, r.bell())
		}
		if prev == nil {
			cmds = append(cmds, r.loadMine(m))
		}
		if prev != nil && prev.Current != r.st.Current && r.follow {
			r.scroll = 0
		}
		r.keepMessages()
		return tea.Batch(append(cmds, r.loadHistory(m), r.tick(), r.wait())...)
	case roomClosedMsg:
		if r.sub != nil && r.sub.Removed() && !r.closed {
			return r.removed(m)
		}
		return nil
	case draftsKeptMsg:
		r.kept = msg.kept
		if msg.err != nil {
			r.keptErr = m.cat.Err(msg.err)
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
				r.writer.Err = m.cat.Err(msg.err)
				return nil
			}
			return r.setStatus(false, m.cat.Err(msg.err))
		}
		r.writer, r.writerItem, r.editing = nil, nil, 0
		r.keepMine(msg.r)
		return tea.Batch(r.setStatus(true, m.cat.T("room.writing_saved")), m.setWriting(r, false))
	case roomHistoryMsg:
		return r.gotHistory(m, msg)
	case roomMineMsg:
		if msg.err == nil {
			for i := range msg.rs {
				r.keepMine(&msg.rs[i])
			}
		}
		return nil
	case roomStatusMsg:
		if msg.meetingID == r.meetingID && msg.seq == r.statusSeq {
			r.status = ""
		}
		return nil
	case roomSaidMsg:
		return r.said(m, msg)
	case assessmentItemsMsg:
		if msg.err != nil {
			return r.setStatus(false, m.cat.Err(msg.err))
		}
		r.evalForm, r.evalKind = newAssessmentForm(m, msg.items), "assessment"
		return r.evalForm.Refocus()
	case evaluationSavedMsg:
		if msg.err != nil {
			if r.evalForm != nil {
				r.evalForm.Busy = false
				r.evalForm.Err = m.cat.Err(msg.err)
			}
			return nil
		}
		r.evalForm = nil
		if r.st != nil && !r.st.Ended {
			// In the live room a thank-you is a status line: it fades.
			return r.setStatus(true, msg.status)
		}
		r.thanks = msg.status
		return nil
	case writer.DraftLoadedMsg, writer.DraftSavedMsg, writer.DraftTickMsg, writer.InsertMsg:
		if r.writer != nil {
			_, cmd := r.writer.Update(m.c, msg)
			return cmd
		}
		return nil
	case roomActedMsg:
		if msg.err != nil {
			return r.setStatus(false, m.cat.Err(msg.err))
		}
		return nil
	case writingSentMsg:
		if msg.meetingID != r.meetingID {
			return nil
		}
		r.writing.busy = false
		if msg.err != nil {
			// Not retried (that could loop): the next change tries again.
			r.writing.sent = !r.writing.sent
			return nil
		}
		return r.sendWriting(m)
	case tea.KeyPressMsg:
		return r.key(m, msg)
	case tea.PasteMsg:
		// A paste goes to whichever field has the focus, as typing does.
		return r.paste(m, msg)
	}
	if r.typing {
		var cmd tea.Cmd
		r.input, cmd = r.input.Update(msg)
		return cmd
	}
	return nil
}

// paste gives pasted text to the open editor, form or input line.
func (r *roomScreen) paste(m *App, msg tea.PasteMsg) tea.Cmd {
	switch {
	case r.evalForm != nil:
		_, cmd := r.evalForm.Update(msg)
		return cmd
	case r.writer != nil:
		_, cmd := r.writer.Update(m.c, msg)
		return cmd
	case r.typing:
		var cmd tea.Cmd
		r.input, cmd = r.input.Update(msg)
		return tea.Batch(cmd, r.typed(m))
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
		res, cmd := r.evalForm.Update(k)
		switch res {
		case form.Cancel:
			r.evalForm = nil
		case form.Submit:
			return r.submitEval(m)
		}
		return cmd
	}
	if r.writer != nil {
		switch k.String() {
		case "esc":
			// Saved before the editor goes, typing since a save in
			// flight included.
			r.writer.Flush(m.c)
			r.writer, r.writerItem = nil, nil
			return m.setWriting(r, false)
		case "ctrl+r":
			r.reveal = !r.reveal
			return nil
		case "ctrl+s":
			it, body, key, reveal := r.writerItem, r.writer.Text(), r.writer.Key, r.reveal
			id := r.meetingID
			if r.editing != 0 {
				return r.saveEdit(m, body, key, reveal)
			}
			return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
				return svc.AddReflection(ctx, a, session.ReflectionInput{MeetingID: id, ItemID: it.ID, Body: body,
					Reveal: reveal && it.Kind == session.KindWriting, DraftKey: key})
			}, func(ref *session.Reflection, err error) tea.Msg { return reflectionSavedMsg{ref, err} })
		}
		_, cmd := r.writer.Update(m.c, k)
		return cmd
	}
	if r.typing {
		switch k.String() {
		case "esc":
			r.typing, r.quiet = false, false
			r.input.Blur()
			return m.setWriting(r, false)
		case "enter":
			return r.send(m)
		}
		var cmd tea.Cmd
		r.input, cmd = r.input.Update(k)
		return tea.Batch(cmd, r.typed(m))
	}
	if r.st == nil || r.st.Ended {
		if k.String() == "esc" || k.String() == "q" {
			return r.leave(m)
		}
		return nil
	}
	if r.confirmReveal {
		r.confirmReveal = false
		if isYes(m.cat, k.String()) {
			return r.act(m, session.Action{Kind: session.ActReveal})
		}
		return nil
	}
	if r.help {
		if s := k.String(); s == "?" || s == "esc" || s == "q" {
			r.help = false
			return nil
		}
	}
	if r.ending {
		r.ending = false
		if isYes(m.cat, k.String()) {
			id := r.meetingID
			return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
				return struct{}{}, svc.EndMeeting(ctx, a, id)
			}, func(_ struct{}, err error) tea.Msg { return roomActedMsg{err} })
		}
		return nil
	}
	if r.handoff > 0 {
		here := r.handoffChoices()
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
	r.status = "" // the next action clears the last one's result
	switch k.String() {
	case "esc", "q":
		return r.leave(m)
	case "?":
		r.help = !r.help
	case "pgup":
		r.scroll += r.page()
	case "pgdown":
		r.scroll = max(r.scroll-r.page(), 0)
	case "home": // the item's start: revealed texts and the first messages
		r.scroll = math.MaxInt32
	case "end":
		r.scroll = 0
	case "enter", "t":
		r.typing, r.quiet = true, false
		return tea.Batch(r.input.Focus(), m.setWriting(r, true))
	case "A":
		if !slices.ContainsFunc(r.st.Items, func(it session.AgendaItem) bool { return it.Kind == session.KindAssessment }) {
			return r.setStatus(false, m.cat.T("err.no_assessment"))
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
		r.writerItem, r.reveal, r.editing = &item, true, 0
		r.writer = writer.New(session.MeetingDraftKey(r.meetingID, it.ID), 6)
		// Until the reveal, one's submitted text opens to be edited.
		if mine := r.mine[it.ID]; mine != nil && it.Kind == session.KindWriting && !r.st.IsRevealed(it.ID) {
			r.editing, r.reveal = mine.ID, mine.Reveal
			r.writer.SetValue(mine.Body)
		}
		return tea.Batch(r.writer.Open(m.c), m.setWriting(r, true))
	case "h":
		return r.act(m, session.Action{Kind: session.ActHand})
	case "d":
		return r.act(m, session.Action{Kind: r.doneKey()})
	case "p":
		return r.act(m, session.Action{Kind: session.ActPass})
	case "a":
		me := r.st.Person(r.me)
		return r.act(m, session.Action{Kind: session.ActAway, Flag: me == nil || !me.Away})
	case "f":
		r.follow, r.viewing, r.scroll = true, r.st.Current, 0
	case "left":
		r.follow, r.viewing, r.scroll = false, max(r.viewing-1, 0), 0
		if r.viewing == r.st.Current {
			r.follow = true
		}
		return r.loadHistory(m)
	case "right":
		r.follow, r.viewing, r.scroll = false, min(r.viewing+1, len(r.st.Items)-1), 0
		if r.viewing == r.st.Current {
			r.follow = true
		}
		return r.loadHistory(m)
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
	case "G":
		return r.act(m, session.Action{Kind: session.ActEndWord})
	case "P":
		return r.act(m, session.Action{Kind: session.ActPass, Person: r.st.Round.Speaking()})
	case "L":
		if r.ownsLead() {
			return r.act(m, session.Action{Kind: session.ActTakeLead})
		}
	case "v":
		if it := r.st.CurrentItem(); it != nil && it.Kind == session.KindWriting && !r.st.IsRevealed(it.ID) {
			r.confirmReveal = true
			return nil
		}
		return r.act(m, session.Action{Kind: session.ActReveal})
	case "H":
		if len(r.handoffChoices()) > 0 {
			r.handoff = 1
		}
	case "e":
		r.ending = true
	}
	return nil
}

// setWriting tells the room that the person is typing, so others see it.
func (m *App) setWriting(r *roomScreen, on bool) tea.Cmd {
	r.writing.want = on
	return r.sendWriting(m)
}

// writingState keeps the ✎ the others see in step with this session: one
// change on its way at a time, the newest wish sent when it returns, so
// that quick on/off/on changes cannot arrive out of order and leave the
// mark stuck.
type writingState struct {
	want, sent, busy bool
}

type writingSentMsg struct {
	meetingID int64
	err       error
}

func (r *roomScreen) sendWriting(m *App) tea.Cmd {
	w := &r.writing
	if w.busy || w.want == w.sent {
		return nil
	}
	w.busy, w.sent = true, w.want
	id, on := r.meetingID, w.want
	return call(m, func(ctx context.Context, svc *session.Service, actor session.Actor) (struct{}, error) {
		return struct{}{}, svc.Act(ctx, actor, id, session.Action{Kind: session.ActWriting, Flag: on})
	}, func(_ struct{}, err error) tea.Msg { return writingSentMsg{id, err} })
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
		out := s.Header.Width(width).Render(truncate(head, width-2)) + "\n\n" + s.Title.Render(cat.T("room.ended")) + "\n"
		if note := r.keptNote(m, width); note != "" {
			out += "\n" + note + "\n"
		}
		switch {
		case r.evalForm != nil:
			out += "\n" + r.evalForm.ViewFit(s, min(width, 80), height-6)
		case r.thanks != "":
			out += "\n" + s.OK.Render("✓ "+r.thanks) + "\n"
		}
		return out + "\n" + s.Subtle.Render(cat.T("room.ended_hint"))
	}
	if r.evalForm != nil {
		return s.Header.Width(width).Render(truncate(head, width-2)) + "\n\n" + r.evalForm.ViewFit(s, min(width, 90), height-2)
	}
	b := strings.Builder{}
	heads := r.roomHead(m, width)
	for _, h := range heads {
		b.WriteString(s.Header.Width(width).Render(h) + "\n")
	}
	height -= len(heads) - 1 // a link on a line of its own

	bottom := r.bottomLines(m, width)
	leftW, rightW, bodyH := roomLayout(width, height, len(bottom))
	peopleH := min(len(st.People)+3, bodyH/2)
	agendaH := bodyH - peopleH
	if r.help && !r.helpFits(m, rightW, bodyH) {
		// Too many keys for the item pane: the help covers the body for
		// now, in two columns, and the layout stays as it was under it.
		b.WriteString(pane(m.styles, cat.T("room.help_title"), width, bodyH, r.helpLines(m, width-2, paneRows(bodyH))) + "\n")
		b.WriteString(strings.Join(bottom, "\n"))
		return b.String()
	}
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
	b.WriteString(strings.Join(bottom, "\n"))
	return b.String()
}

// twoLines wraps a line under the panes to at most two lines: a reason is
// read whole, and the panes keep their room.
func (r *roomScreen) twoLines(line string, width int) []string {
	ls := r.wrapper(width)(line)
	if len(ls) > 2 {
		ls = append(ls[:1:1], ansi.Truncate(strings.TrimRight(ls[1], " "), max(width-1, 0), "")+"…")
	}
	return ls
}

// roomLayout splits the screen: the left column (agenda, people), the
// item pane, and the panes' height above the bottom lines.
func roomLayout(width, height, bottom int) (leftW, rightW, bodyH int) {
	leftW = min(max(width/3, 24), 34)
	return leftW, width - leftW - 1, max(height-1-bottom, 4)
}

// bottomLines are the lines under the panes: the input, a question, or
// the status line. There is always at least one, so the panes do not
// jump when a status comes and goes.
func (r *roomScreen) bottomLines(m *App, width int) []string {
	s, cat, st := m.styles, m.cat, r.st
	var out []string
	status := func() {
		if r.status == "" {
			return
		}
		line := s.Error.Render("✗ " + r.status)
		if r.statusOK {
			line = s.OK.Render("✓ " + r.status)
		}
		out = append(out, r.twoLines(line, width)...)
	}
	switch {
	case r.typing:
		// Say where the message goes when another item is on screen.
		if it := st.CurrentItem(); it != nil && r.viewing != st.Current {
			out = append(out, r.twoLines(s.Accent.Render("→ "+cat.T("room.say_goes_to", st.Current+1, it.Title)), width)...)
		}
		status()
		if r.sending {
			out = append(out, truncate(s.Subtle.Render(cat.T("room.sending")), width))
		}
		if n := session.RuneCount(r.input.Value()); n > session.MaxMessageLen {
			out = append(out, truncate(s.Error.Render("✗ "+cat.T("write.count", n, session.MaxMessageLen)), width))
		}
		r.input.SetWidth(width - 4)
		out = append(out, "› "+r.input.View())
	case r.ending:
		out = append(out, r.twoLines(s.Error.Render("? "+r.confirmEndText(cat)), width)...)
	case r.confirmReveal:
		out = append(out, truncate(s.Error.Render("? "+cat.T("room.confirm_reveal")+yesNo(cat)), width))
	default:
		status()
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// pane draws a titled box of exactly w×h cells. The border is drawn here
// rather than by lipgloss, which would measure, wrap and align every line
// again: this runs for every participant on every change of the room.
// Lines that do not fit are dropped from the top; callers fit their lines
// to paneRows first when the top matters.
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
	bc, side := s.BoxEdge, s.BoxSide
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

// paneRows is how many lines a pane of height h shows under its title.
func paneRows(h int) int { return max(h-3, 0) }

func (r *roomScreen) agendaPane(m *App, w, h int) string {
	s, st, cat := m.styles, r.st, m.cat
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
	// Keep the current item in view; say how many items are out of it.
	rows := max(paneRows(h), 1)
	if len(lines) > rows {
		show := max(rows-1, 1) // one row for the "+N more" marker
		start := min(max(st.Current-show/2, 0), len(lines)-show)
		hidden := len(lines) - show
		lines = append(lines[start:start+show:start+show], s.Subtle.Render(cat.N("room.more", hidden)))
	}
	return pane(s, cat.T("room.agenda"), w, h, append(lines, ""))
}

func (r *roomScreen) peoplePane(m *App, w, h int) string {
	s, st, cat := m.styles, r.st, m.cat
	// Those here first: when the pane is short, the offline are the ones
	// counted under "+N more".
	people := slices.Clone(st.People)
	slices.SortStableFunc(people, func(a, b session.Presence) int {
		switch {
		case a.Here() == b.Here():
			return 0
		case a.Here():
			return -1
		}
		return 1
	})
	var lines []string
	for _, p := range people {
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
	if rows := max(paneRows(h), 1); len(lines) > rows {
		show := max(rows-1, 0)
		lines = append(lines[:show:show], s.Subtle.Render(cat.N("room.more", len(lines)-show)))
	}
	return pane(s, cat.T("room.people", len(r.present())), w, h, append(lines, ""))
}

func (r *roomScreen) itemPane(m *App, w, h int) string {
	s, st, cat := m.styles, r.st, m.cat
	if r.help {
		return pane(s, cat.T("room.help_title"), w, h, r.helpLines(m, w-2, paneRows(h)))
	}
	idx := r.viewing
	if idx < 0 || idx >= len(st.Items) {
		return pane(s, "", w, h, nil)
	}
	it, inner, rows := st.Items[idx], w-2, paneRows(h)
	lines := r.itemHead(m, idx, inner, rows)
	if r.writer != nil && r.writerItem != nil && idx == st.Current {
		return pane(s, cat.T("room.current"), w, h, append(r.writerLines(m, lines, inner, rows), ""))
	}
	room := max(rows-len(lines), 1)
	body, skipped := r.scrollBody(m, it, inner, room+r.scroll+2)
	return pane(s, cat.T("room.current"), w, h, append(append(lines, r.window(m, body, skipped, room)...), ""))
}

// itemHead is the top of the item pane: the item, its timer, whose turn
// it is, its prompt.
func (r *roomScreen) itemHead(m *App, idx, inner, rows int) []string {
	s, st, cat := m.styles, r.st, m.cat
	it := st.Items[idx]
	wrap := r.wrapper(inner)
	var lines []string
	if idx != st.Current {
		lines = append(lines, wrap(s.Error.Render("◇ "+cat.T("room.detached", st.Current+1)))...)
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
		lines = append(lines, truncate(timer, inner))
		// Whose turn it is matters more than the prompt: it comes first.
		lines = append(lines, r.turnLines(m, inner)...)
		if it.Kind == session.KindWriting {
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
		body, _ := r.scrollBody(m, it, inner, 4)
		if room := max(rows-len(lines)-len(tasks)-min(len(body), 4), 1); len(p) > room {
			p = append(p[:room-1:room-1], ansi.Truncate(strings.TrimRight(p[room-1], " "), max(inner-1, 0), "")+"…")
		}
		for _, l := range p {
			lines = append(lines, s.Subtle.Render(l))
		}
	}
	lines = append(lines, tasks...)
	return lines
}

// canScroll reports whether the discussion on screen has more than fits,
// or is scrolled back: then the help bar shows pgup/pgdn.
func (r *roomScreen) canScroll() bool {
	m, st := r.app, r.st
	if r.scroll > 0 {
		return true
	}
	if m == nil || st == nil || m.width == 0 || r.viewing < 0 || r.viewing >= len(st.Items) || r.writer != nil {
		return false
	}
	// The room is drawn above the one-line help bar and a blank line.
	_, rightW, bodyH := roomLayout(m.width, m.height-2-(len(r.roomHead(m, m.width))-1), len(r.bottomLines(m, m.width)))
	it, inner, rows := st.Items[r.viewing], rightW-2, paneRows(bodyH)
	room := rows - len(r.itemHead(m, r.viewing, inner, rows))
	body, skipped := r.scrollBody(m, it, inner, room+1)
	return skipped > 0 || len(body) > room
}

// writerLines put the reflection editor under the item's head, with the
// privacy note whole: a writer must see who will read the text.
func (r *roomScreen) writerLines(m *App, lines []string, inner, rows int) []string {
	s, cat := m.styles, m.cat
	wrap := r.wrapper(inner)
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
		lines = append(lines, wrap(s.Subtle.Render(note+" (ctrl+r)"))...)
	}
	// The editor takes what is left, at least two lines; the head above
	// gives way first when the pane is short.
	// The count and the draft's state (or why it was not saved) wrap: on
	// a phone's narrow pane they were cut at "✓ luonnos…".
	status := wrap(s.Subtle.Render(r.writer.Status(m.c)))
	areaH := max(rows-len(lines)-len(status), 2)
	r.writer.Area.SetWidth(inner)
	r.writer.Area.SetHeight(areaH)
	lines = append(lines, strings.Split(r.writer.Area.View(), "\n")...)
	lines = append(lines, status...)
	if len(lines) > rows {
		lines = lines[len(lines)-rows:]
	}
	return lines
}

// bodyLine is a line of the scrolled part of the item pane; msg is the
// index of the discussion message it belongs to, or -1.
type bodyLine struct {
	text string
	msg  int
}

// scrollBody is the part of the item pane that scrolls: revealed texts,
// one's own submitted text, and the whole discussion of the item. Only
// the newest messages that make up need lines are wrapped (this runs for
// everyone on every change); skipped counts the older ones left out.
func (r *roomScreen) scrollBody(m *App, it session.AgendaItem, inner, need int) (body []bodyLine, skipped int) {
	wrap := r.hangingWrapper(inner)
	msgs := r.itemMessages(it.ID)
	var tail [][]bodyLine
	n, i := 0, len(msgs)-1
	for ; i >= 0 && n < need; i-- {
		var ls []bodyLine
		for _, l := range wrap(r.speaker(m, msgs[i]) + " " + msgs[i].Text) {
			ls = append(ls, bodyLine{l, i})
		}
		tail, n = append(tail, ls), n+len(ls)
	}
	if skipped = i + 1; skipped == 0 {
		body = r.bodyHead(m, it, inner, len(msgs) == 0)
	}
	for j := len(tail) - 1; j >= 0; j-- {
		body = append(body, tail[j]...)
	}
	return body, skipped
}

// bodyHead is what the scrolled part starts with above the messages.
func (r *roomScreen) bodyHead(m *App, it session.AgendaItem, inner int, empty bool) []bodyLine {
	s, st, cat := m.styles, r.st, m.cat
	wrap := r.wrapper(inner)
	var body []bodyLine
	add := func(msg int, ls ...string) {
		for _, l := range ls {
			body = append(body, bodyLine{l, msg})
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
func (r *roomScreen) speaker(m *App, msg session.Message) string {
	s, cat := m.styles, m.cat
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
func (r *roomScreen) window(m *App, body []bodyLine, skipped, rows int) []string {
	s, cat := m.styles, m.cat
	if skipped == 0 {
		r.scroll = min(r.scroll, max(len(body)-rows, 0))
	}
	end := len(body) - r.scroll
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
	if r.scroll > 0 {
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
	for _, l := range body[min(start, end):end] {
		out = append(out, l.text)
	}
	if below != "" {
		out = append(out, below)
	}
	return out
}

// helpFits reports whether the key list fits in the item pane.
func (r *roomScreen) helpFits(m *App, w, h int) bool {
	short, more := r.momentKeys(m.cat)
	legend := len(r.wrapper(w - 2)(m.cat.T("room.leader_legend")))
	return len(keys(short, more...).Full[0])+legend <= paneRows(h)
}

// helpLines list the room's keys, each once, and what ★ means.
func (r *roomScreen) helpLines(m *App, w, rows int) []string {
	s, cat := m.styles, m.cat
	short, more := r.momentKeys(cat)
	all := keys(short, more...).Full[0]
	keyW := 0
	for _, b := range all {
		keyW = max(keyW, ansi.StringWidth(b.Help().Key))
	}
	var lines []string
	for _, b := range all {
		k := b.Help().Key
		lines = append(lines, s.Focused.Render(k+strings.Repeat(" ", keyW-ansi.StringWidth(k)))+"  "+b.Help().Desc)
	}
	// Two columns when one does not fit and there is room for two.
	if len(lines) > rows-1 && w >= 2*(keyW+18) {
		half := (len(lines) + 1) / 2
		colW := w / 2
		var two []string
		for i := range half {
			l := truncate(lines[i], colW-1)
			l += strings.Repeat(" ", max(colW-ansi.StringWidth(l), 0))
			if i+half < len(lines) {
				l += lines[i+half]
			}
			two = append(two, l)
		}
		lines = two
	}
	legend := r.wrapper(w)(s.Subtle.Render(cat.T("room.leader_legend")))
	if len(lines)+len(legend) > rows {
		lines = lines[:max(rows-len(legend), 0)]
	}
	lines = append(lines, legend...)
	return append(lines, "")
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
			line := cat.T("room.round_turn", rd.Turn+1, len(rd.Order), r.speakerName(cat, sp, name(sp)))
			if nx := rd.Next(); nx != 0 {
				line += " · " + cat.T("room.round_next", name(nx))
			}
			// Two lines if need be: the one who is next must see it.
			out = append(out, r.twoLines(s.Focused.Render("➜ "+line), w)...)
			if sp == r.me {
				// Whole, never cut: it says what to press.
				out = append(out, r.wrapper(w)(s.OK.Render("➤ "+cat.T("room.your_turn")))...)
			}
		} else {
			out = append(out, s.Subtle.Render(cat.T("room.round_over")))
		}
		if len(rd.Skipped) > 0 {
			var names []string
			for _, id := range rd.Skipped {
				names = append(names, name(id))
			}
			out = append(out, r.twoLines(s.Subtle.Render("⤼ "+cat.T("room.round_skipped", strings.Join(names, ", "))), w)...)
		}
	}
	if l := r.writtenLine(m, st.CurrentItem()); l != "" {
		out = append(out, s.Accent.Render(truncate(l, w)))
	}
	switch {
	case st.Speaker == r.me:
		out = append(out, r.wrapper(w)(s.OK.Render("» "+cat.T("room.you_have_word")))...)
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
		for i, p := range r.handoffChoices() {
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
		r.writer.Flush(m.c)
	}
}

// submitEval sends the open self-assessment or feedback form.
func (r *roomScreen) submitEval(m *App) tea.Cmd {
	f, id := r.evalForm, r.meetingID
	f.Busy, f.Err = true, ""
	if r.evalKind == "feedback" {
		score, word := atoiOr(f.Value(0)), f.Value(1)
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.SubmitFeedback(ctx, a, id, score, word)
		}, func(_ struct{}, err error) tea.Msg { return evaluationSavedMsg{m.cat.T("feedback.thanks"), err} })
	}
	scores := make([]int, len(f.Fields)-1)
	for i := range scores {
		scores[i] = atoiOr(f.Value(i))
	}
	note := f.Value(len(f.Fields) - 1)
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
		if r.wrapped == nil || len(r.wrapped) > 1024 {
			r.wrapped = map[wrapKey][]string{}
		}
		l := strings.Split(lipgloss.NewStyle().Width(width).Render(text), "\n")
		r.wrapped[k] = l
		return slices.Clone(l)
	}
}

// hangingIndent starts every line of a message after its first: only the
// speaker's line starts at the margin (with ★ for a leader), so text
// cannot wrap into a line that passes for someone else's, the leader's
// above all.
const hangingIndent = "    "

// hangingWrapper wraps a message or a revealed text to width with the
// lines after the first indented by hangingIndent.
func (r *roomScreen) hangingWrapper(width int) func(string) []string {
	wrap := r.wrapper(max(width-len(hangingIndent), 1))
	return func(text string) []string {
		ls := wrap(text)
		for i := 1; i < len(ls); i++ {
			ls[i] = hangingIndent + ls[i]
		}
		return ls
	}
}

// exact: the live room's view is drawn to the size it is given.
func (r *roomScreen) exact() bool { return r.st != nil && !r.st.Ended && r.evalForm == nil }
