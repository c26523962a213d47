// Package room is the live meeting's screen: the agenda with the current
// item and its timer, the current item with its round and discussion, and
// who is here. Everyone sees the same state; each person's view is drawn
// from it here, on the server, for that person only.
//
// The screen is in one mode at a time (browsing, typing, writing, a
// question, the help, handing off, a form); its panes are widgets of
// their own (agenda.go, people.go, item.go, head.go, bottom.go), laid out
// in Update (layout.go) and drawn by a pure View.
package room

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/writer"
)

// mode is what the room's keys do now.
type mode int

const (
	browsing      mode = iota // the room's own keys
	typing                    // the input line is open
	writing                   // the reflection pane is open
	confirmEnd                // asking "end the meeting?"
	confirmReveal             // asking "reveal the writing?"
	helping                   // the key list is shown over the item pane
	handingOff                // choosing who to hand the meeting to
	evaluating                // the self-assessment or feedback form is open
)

// Screen is the live meeting of one person.
type Screen struct {
	component.Base
	mode mode

	writingMark writingState // the ✎ others see, kept in step (setWriting)
	meetingID   int64
	ctx         context.Context // ends when the person leaves the room
	cancel      context.CancelFunc
	sub         *session.Subscription
	st          *session.RoomState
	me          int64

	follow  bool // show the current item (the default)
	viewing int  // the item shown while detached
	input   input
	confirm *component.Confirm // the open question (confirmEnd, confirmReveal)
	handoff int                // the chosen person (index+1) while handingOff
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
	// feedbackNext: the meeting ended while the self-assessment was open;
	// the feedback form opens when that one closes.
	feedbackNext bool
	// shelved is a self-assessment closed with esc before it was saved:
	// its answers come back with A.
	shelved *form.Form
	// sayDraft is the message line a dropped session left, until the
	// first state lets it into the line (restoreSay).
	sayDraft string
	thanks   string
	asked    bool // the end-of-meeting feedback has been asked for
	wrap     *wrapCache
	paint    *paints   // the styles' memo (paints)
	keys     *langKeys // the bindings' memo (baseKeys)

	kept    bool   // what one was writing at the end is in the journal
	keptErr string // or why it could not be put there
	// The status line (✓/✗): it fades after statusFade or at the next key;
	// statusSeq tells its fade tick from an older status's.
	status    string
	statusOK  bool
	statusSeq int

	scroll int // discussion lines scrolled back from the newest

	// The whole discussion of items, loaded from the store: the state
	// carries only recent messages.
	history    map[int64][]session.Message
	histLoaded map[int64]bool
	seenID     int64 // the newest message any state has shown

	// mine is what the person has submitted in silent-writing items, by
	// item; editing is the one open in the writer.
	mine    map[int64]*session.Reflection
	editing int64

	// The panes, sized by layout.
	lay    layout
	agenda agendaPane
	people peoplePane
	item   itemPane

	// gen counts what may change the keys: messages, a new layout, a
	// flush. The app asks for the keys twice a message (its layout, its
	// view), for everyone in the room on every change; keyMemo keeps
	// them for one gen.
	gen      int
	paneMemo paneMemo
	keyMemo  struct {
		gen int
		ok  bool
		km  component.KeyMap
	}
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

type roomTickMsg struct{}

type roomActedMsg struct{ err error }

// New is the live room of a meeting.
func New(c *component.Common, meetingID int64) *Screen {
	r := &Screen{Base: component.NewBase(c), meetingID: meetingID, follow: true, input: newInput(), wrap: &wrapCache{}}
	r.agenda.r, r.people.r, r.item.r = r, r, r
	return r
}

// Init joins the room.
func (r *Screen) Init() tea.Cmd {
	r.gen++
	if r.sub != nil {
		return nil // back from a screen on top: still in the room
	}
	c := r.C
	r.me = c.Actor.Person.ID
	r.ctx, r.cancel = context.WithCancel(c.Ctx)
	ctx, id, evict := r.ctx, r.meetingID, c.Evict
	return component.Call(c, r.ID(), func(_ context.Context, svc *session.Service, a session.Actor) (*session.Subscription, error) {
		return svc.JoinRoom(ctx, a, id, evict)
	}, func(sub *session.Subscription, err error) tea.Msg { return roomJoinedMsg{sub, err} })
}

// wait delivers the room's next state: the one goroutine per session that
// feeds the program from its mailbox.
func (r *Screen) wait() tea.Cmd {
	ctx, sub, to := r.ctx, r.sub, r.ID()
	return func() tea.Msg {
		if st := sub.Next(ctx); st != nil {
			return component.Result{To: to, Msg: roomStateMsg{st}}
		}
		return component.Result{To: to, Msg: roomClosedMsg{}}
	}
}

// tick redraws the timer every second while it runs; an idle room sends
// nothing and draws nothing.
func (r *Screen) tick() tea.Cmd {
	if r.ticking || r.closed || r.st == nil || !r.st.Timer.Running || r.st.Ended {
		return nil
	}
	r.ticking = true
	to := r.ID()
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return component.Result{To: to, Msg: roomTickMsg{}} })
}

func (r *Screen) leads() bool { return r.st != nil && r.st.Leads(r.me) }

// act sends an action off the update loop.
func (r *Screen) act(a session.Action) tea.Cmd {
	id := r.meetingID
	return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, actor session.Actor) (struct{}, error) {
		return struct{}{}, svc.Act(ctx, actor, id, a)
	}, func(_ struct{}, err error) tea.Msg { return roomActedMsg{err} })
}

// SetSize lays the room out. The app calls it after every message it
// hands the screen on top (tui.App.layout), so the layout follows each
// Update once and View only reads it.
func (r *Screen) SetSize(width, height int) {
	type geometry struct {
		w, h, itemW, itemH int
		wide               bool
	}
	at := func() geometry { return geometry{r.Width(), r.Height(), r.item.w, r.item.h, r.lay.wide} }
	before := at()
	r.Base.SetSize(width, height)
	r.layout()
	if at() != before {
		r.gen++
	}
}

// Update handles a message.
func (r *Screen) Update(msg tea.Msg) tea.Cmd {
	r.gen++
	cat := r.C.Cat
	switch msg := msg.(type) {
	case roomJoinedMsg:
		if msg.err != nil {
			r.err = cat.Err(msg.err)
			return nil
		}
		r.sub = msg.sub
		return tea.Batch(r.wait(), r.loadSayDraft())
	case sayDraftMsg:
		return r.gotSayDraft(msg)
	case roomStateMsg:
		return r.gotState(msg.st)
	case roomClosedMsg:
		if r.sub != nil && r.sub.Removed() && !r.closed {
			return r.removed()
		}
		return nil
	case draftsKeptMsg:
		r.kept = msg.kept
		if msg.err != nil {
			r.keptErr = cat.Err(msg.err)
		}
		return nil
	case roomTickMsg:
		r.ticking = false
		return tea.Batch(r.bell(), r.tick())
	case reflectionSavedMsg:
		if msg.err != nil {
			if r.writer != nil {
				r.writer.Err = cat.Err(msg.err)
				return nil
			}
			return r.setStatus(false, cat.Err(msg.err))
		}
		r.closeWriter()
		r.editing = 0
		r.keepMine(msg.r)
		return tea.Batch(r.setStatus(true, cat.T("room.writing_saved")), r.setWriting(false))
	case roomHistoryMsg:
		return r.gotHistory(msg)
	case roomMineMsg:
		if msg.err == nil {
			for i := range msg.rs {
				r.keepMine(&msg.rs[i])
			}
		}
		return nil
	case roomStatusMsg:
		if msg.seq == r.statusSeq {
			r.status = ""
		}
		return nil
	case roomSaidMsg:
		return r.said(msg)
	case assessmentItemsMsg:
		if msg.err != nil {
			return r.setStatus(false, cat.Err(msg.err))
		}
		return r.openForm(newAssessmentForm(r.C, msg.items), "assessment")
	case evaluationSavedMsg:
		return r.evaluated(msg)
	case writer.DraftLoadedMsg, writer.DraftSavedMsg, writer.DraftTickMsg, writer.InsertMsg:
		if r.writer != nil {
			_, cmd := r.writer.Update(r.C, msg)
			return cmd
		}
		return nil
	case roomActedMsg:
		if msg.err != nil {
			return r.setStatus(false, cat.Err(msg.err))
		}
		return nil
	case writingSentMsg:
		return r.writingSent(msg)
	case tea.KeyPressMsg:
		return r.key(msg)
	case tea.PasteMsg:
		// A paste goes to whichever field has the focus, as typing does.
		return r.paste(msg)
	}
	if r.mode == typing {
		return r.input.update(msg)
	}
	return nil
}

// gotState takes the room's newest state.
func (r *Screen) gotState(st *session.RoomState) tea.Cmd {
	cmd := r.applyState(st)
	if r.sayDraft == "" {
		return cmd
	}
	return tea.Batch(cmd, r.restoreSay())
}

// applyState makes st the room's state.
func (r *Screen) applyState(st *session.RoomState) tea.Cmd {
	prev := r.st
	r.st = st
	if r.follow {
		r.viewing = r.st.Current
	}
	if r.st.Ended {
		if prev != nil && !prev.Ended && !r.asked {
			r.asked, r.thanks = true, ""
			keep := r.keepUnfinished()
			r.writer, r.writerItem = nil, nil
			r.input.close()
			if r.evalForm != nil && r.evalKind == "assessment" {
				// A half-answered self-assessment stays open; the
				// feedback follows once it is saved or closed.
				r.feedbackNext = true
				return keep
			}
			return tea.Batch(keep, r.openForm(newFeedbackForm(r.C), "feedback"))
		}
		return nil
	}
	if r.mode == confirmEnd {
		r.confirm = r.endQuestion() // the count of those still writing
	}
	var cmds []tea.Cmd
	if prev == nil || prev.Current != r.st.Current || prev.Timer != r.st.Timer {
		cmds = append(cmds, r.bell())
	}
	if prev == nil {
		cmds = append(cmds, r.loadMine())
	}
	if prev != nil && prev.Current != r.st.Current && r.follow {
		r.scroll = 0
	}
	r.keepMessages()
	return tea.Batch(append(cmds, r.loadHistory(), r.tick(), r.wait())...)
}

// paste gives pasted text to the open editor, form or input line.
func (r *Screen) paste(msg tea.PasteMsg) tea.Cmd {
	switch r.mode {
	case evaluating:
		_, cmd := r.evalForm.Update(msg)
		return cmd
	case writing:
		_, cmd := r.writer.Update(r.C, msg)
		return cmd
	case typing:
		return tea.Batch(r.input.update(msg), r.typed())
	}
	return nil
}

// bell rings the driver's terminal once when the timer reaches zero.
func (r *Screen) bell() tea.Cmd {
	st := r.st
	if st == nil || st.Ended || !st.Timer.Running || st.Driver != r.me {
		return nil
	}
	it := st.CurrentItem()
	if it == nil {
		return nil
	}
	if st.Timer.Left(r.C.Now()) > 0 {
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

// present lists the people connected now.
func (r *Screen) present() []session.Presence {
	var out []session.Presence
	for _, p := range r.st.People {
		if p.Here() {
			out = append(out, p)
		}
	}
	return out
}
