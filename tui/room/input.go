package room

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

// input is the line under the panes where one types to the discussion.
// It stays open after a send, as a chat box does, and keeps a message
// until the room has stored it.
type input struct {
	line     textinput.Model
	sending  bool // a message is on its way; the line keeps it until it is stored
	quiet    bool // open but empty after a send: not shown as writing
	sendNext bool // enter was pressed again while a message was on its way
}

func newInput() input {
	in := textinput.New()
	// The input takes more than a message may hold, so that a long paste
	// is refused whole and stays to be shortened, rather than cut short
	// without a word; still bounded.
	in.CharLimit = 4 * session.MaxMessageLen
	in.Prompt = ""
	return input{line: in}
}

func (in *input) open() tea.Cmd {
	in.quiet = false
	return in.line.Focus()
}

func (in *input) close() {
	in.quiet = false
	in.line.Blur()
}

func (in *input) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	in.line, cmd = in.line.Update(msg)
	return cmd
}

func (in *input) value() string { return in.line.Value() }
func (in *input) empty() bool   { return strings.TrimSpace(in.line.Value()) == "" }

// setWidth sizes the line (layout calls it).
func (in *input) setWidth(w int) { in.line.SetWidth(w) }

// View is the line with its prompt.
func (in *input) View() string { return "› " + in.line.View() }

// roomSaidMsg is the outcome of sending text to the discussion.
type roomSaidMsg struct {
	text string
	err  error
}

// send puts the typed text into the discussion. The input keeps it until
// the room has stored it: a refused message stays, with the reason shown.
func (r *Screen) send() tea.Cmd {
	in := &r.input
	if in.empty() {
		return nil // nothing to send: enter on an empty line does nothing
	}
	if in.sending {
		// A fast typist's next message: sent when the first is stored.
		in.sendNext = true
		return nil
	}
	in.sending = true
	text, id := in.value(), r.meetingID
	return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.Act(ctx, a, id, session.Action{Kind: session.ActSay, Text: text})
	}, func(_ struct{}, err error) tea.Msg { return roomSaidMsg{text, err} })
}

// said handles the room's answer to a message sent.
func (r *Screen) said(msg roomSaidMsg) tea.Cmd {
	in := &r.input
	in.sending = false
	next := in.sendNext
	in.sendNext = false
	if msg.err != nil {
		return r.setStatus(false, r.C.Cat.Err(msg.err))
	}
	// What was typed while it was on its way stays; the sent text goes.
	// Keys typed right after enter are the next message, never room
	// commands.
	rest, ok := strings.CutPrefix(in.value(), msg.text)
	if ok {
		in.line.SetValue(rest)
	}
	// The message went to the meeting's current item: show it there, so
	// it never vanishes from the sender's view.
	if r.st != nil {
		r.follow, r.viewing, r.scroll = true, r.st.Current, 0
	}
	open := r.mode == typing
	if open && in.value() != "" {
		if next && ok {
			return r.send() // enter was pressed again while this one went
		}
		return nil // still writing the rest
	}
	// An empty input is not writing: the ✎ comes back with the next key.
	in.quiet = open
	return r.setWriting(false)
}

// typed tells the room the person writes again after a message was sent.
func (r *Screen) typed() tea.Cmd {
	if !r.input.quiet || r.input.value() == "" {
		return nil
	}
	r.input.quiet = false
	return r.setWriting(true)
}

// setWriting tells the room that the person is typing, so others see it.
func (r *Screen) setWriting(on bool) tea.Cmd {
	r.writingMark.want = on
	return r.sendWriting()
}

// writingState keeps the ✎ the others see in step with this session: one
// change on its way at a time, the newest wish sent when it returns, so
// that quick on/off/on changes cannot arrive out of order and leave the
// mark stuck.
type writingState struct {
	want, sent, busy bool
}

type writingSentMsg struct{ err error }

func (r *Screen) sendWriting() tea.Cmd {
	w := &r.writingMark
	if w.busy || w.want == w.sent {
		return nil
	}
	w.busy, w.sent = true, w.want
	id, on := r.meetingID, w.want
	return component.Call(r.C, r.ID(), func(ctx context.Context, svc *session.Service, actor session.Actor) (struct{}, error) {
		return struct{}{}, svc.Act(ctx, actor, id, session.Action{Kind: session.ActWriting, Flag: on})
	}, func(_ struct{}, err error) tea.Msg { return writingSentMsg{err} })
}

func (r *Screen) writingSent(msg writingSentMsg) tea.Cmd {
	r.writingMark.busy = false
	if msg.err != nil {
		// Not retried (that could loop): the next change tries again.
		r.writingMark.sent = !r.writingMark.sent
		return nil
	}
	return r.sendWriting()
}
