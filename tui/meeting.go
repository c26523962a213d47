package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/room"
)

// meetingScreen shows a meeting's plan and agenda; leaders edit them.
type meetingScreen struct {
	component.Base
	app       *App // opens the screens not yet components (room, summary)
	id        int64
	groupName string
	leads     bool
	meeting   *session.Meeting
	items     []session.AgendaItem
	cursor    int
	form      meetingForm
	confirm   *component.Confirm
	status    string
	err       string
	keys      meetingKeyMap
}

// meetingForm is one of the meeting screen's forms, with its own submit.
type meetingForm interface {
	fields() *form.Form
	submit(s *meetingScreen) tea.Cmd
}

// meetingKeyMap is every key of the meeting screen, for behaviour and
// help alike. j joins a live meeting here as on the home screen, so the
// selection moves with the arrows only.
type meetingKeyMap struct {
	Back, Help, Up, Down key.Binding
	Join, Summary, Start key.Binding
	Details, Add, Edit   key.Binding
	Delete               key.Binding
	MoveUp, MoveDown     key.Binding
}

func newMeetingKeys(cat i18n.Catalog) meetingKeyMap {
	b := component.Bind
	return meetingKeyMap{
		Back:     b(cat, "esc", "key.back", "esc", "q"),
		Help:     b(cat, "?", "key.help"),
		Up:       b(cat, "↑/↓", "key.select", "up"),
		Down:     b(cat, "↑/↓", "key.select", "down"),
		Join:     b(cat, "j", "key.join_meeting"),
		Summary:  b(cat, "v", "key.summary"),
		Start:    b(cat, "o", "key.start_meeting"),
		Details:  b(cat, "s", "key.meeting_details"),
		Add:      b(cat, "a", "key.add_item", "a", "+"),
		Edit:     b(cat, "e", "key.edit", "e", "enter"),
		Delete:   b(cat, "d", "key.delete", "d", "delete"),
		MoveUp:   b(cat, "K/J", "key.move", "K", "shift+up"),
		MoveDown: b(cat, "K/J", "key.move", "J", "shift+down"),
	}
}

type meetingLoadedMsg struct {
	m     *session.Meeting
	items []session.AgendaItem
	err   error
}

// agendaChangedMsg reports an agenda or meeting change; status is the
// catalog key (and args) to show, cursor is where the selection goes
// after reloading (-1: stay).
type agendaChangedMsg struct {
	status string
	args   []any
	cursor int
	err    error
}

type meetingStartedMsg struct{ err error }

type summaryMsg struct {
	sum *session.Summary
	err error
}

func newMeetingScreen(m *App, id int64, groupName string, leads bool) *meetingScreen {
	s := &meetingScreen{Base: component.NewBase(m.c), app: m, id: id, groupName: groupName, leads: leads,
		keys: newMeetingKeys(m.c.Cat)}
	s.enableKeys()
	return s
}

// Init loads the meeting (again, when the screen comes back to the top).
func (s *meetingScreen) Init() tea.Cmd {
	id := s.id
	return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (meetingLoadedMsg, error) {
		mt, items, err := svc.Meeting(ctx, a, id)
		return meetingLoadedMsg{mt, items, nil}, err
	}, func(r meetingLoadedMsg, err error) tea.Msg { r.err = err; return r })
}

// reload is the live wake-up: a group's meetings changed.
func (s *meetingScreen) Reload() tea.Cmd { return s.Init() }

func (s *meetingScreen) editable() bool {
	return s.leads && s.meeting != nil && s.meeting.State == session.MeetingPlanned
}

func (s *meetingScreen) live() bool {
	return s.meeting != nil && s.meeting.State == session.MeetingLive
}

func (s *meetingScreen) ended() bool {
	return s.meeting != nil && s.meeting.State == session.MeetingEnded
}

// enableKeys turns on the keys of the state the screen is in; an open
// form or question takes the keys, so the screen's own are off.
func (s *meetingScreen) enableKeys() {
	k := &s.keys
	open := s.form == nil && s.confirm == nil
	for _, b := range []*key.Binding{&k.Back, &k.Help, &k.Up, &k.Down} {
		b.SetEnabled(open)
	}
	k.Join.SetEnabled(open && s.live())
	k.Summary.SetEnabled(open && s.ended())
	k.Start.SetEnabled(open && s.editable())
	for _, b := range []*key.Binding{&k.Details, &k.Add, &k.Edit, &k.Delete, &k.MoveUp, &k.MoveDown} {
		b.SetEnabled(open && s.editable())
	}
}

// KeyMap is the help of the state the screen is in.
func (s *meetingScreen) KeyMap() component.KeyMap {
	switch {
	case s.confirm != nil:
		return s.confirm.KeyMap()
	case s.form != nil:
		return formKeys(s.C.Cat)
	}
	k := &s.keys
	var first []key.Binding
	for _, b := range []key.Binding{k.Join, k.Summary, k.Start} {
		if b.Enabled() {
			first = append(first, b)
		}
	}
	if s.editable() {
		// The time and the call link are what a new meeting needs first:
		// s is in the bar, moving items in the full help.
		return component.Keys(append(first, k.Details, k.Add, k.Edit, k.Delete, k.Back), k.MoveUp, k.Up, k.Help)
	}
	return component.Keys(append(first, k.Up, k.Back), k.Help)
}

// Update handles a message and enables the keys of the state it leaves.
func (s *meetingScreen) Update(msg tea.Msg) tea.Cmd {
	cmd := s.update(msg)
	s.enableKeys()
	return cmd
}

func (s *meetingScreen) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.result(msg); ok {
		return cmd
	}
	switch {
	case s.confirm != nil:
		if done, cmd := s.confirm.Update(msg); done {
			s.confirm = nil
			return cmd
		}
		return nil
	case s.form != nil:
		f := s.form.fields()
		res, cmd := f.Update(msg)
		switch res {
		case form.Cancel:
			s.form = nil
		case form.Submit:
			f.Busy, f.Err = true, ""
			return s.form.submit(s)
		}
		return cmd
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	s.status, s.err = "", ""
	return s.key(k)
}

// result handles the answers of service calls; ok reports msg was one.
func (s *meetingScreen) result(msg tea.Msg) (tea.Cmd, bool) {
	cat := s.C.Cat
	switch msg := msg.(type) {
	case meetingLoadedMsg:
		if msg.err != nil {
			s.err = cat.Err(msg.err)
			return nil, true
		}
		s.meeting, s.items = msg.m, msg.items
		s.cursor = min(s.cursor, max(len(s.items)-1, 0))
		return nil, true
	case meetingStartedMsg:
		if msg.err != nil {
			s.err = cat.Err(msg.err)
			return nil, true
		}
		// The reload is addressed here, so it reaches this screen under
		// the room.
		reload := s.Init()
		return tea.Batch(reload, s.joinRoom()), true
	case summaryMsg:
		if msg.err != nil {
			s.err = cat.Err(msg.err)
			return nil, true
		}
		return s.C.Nav.Push(newMarkdownScreen(s.C, cat.T("summary.title", s.meeting.Title), format.SummaryMarkdown(cat, msg.sum, s.C.Service.Loc))), true
	case agendaChangedMsg:
		if msg.err != nil {
			if s.form != nil {
				f := s.form.fields()
				f.Busy, f.Err = false, cat.Err(msg.err)
			} else {
				s.err = cat.Err(msg.err)
			}
			return nil, true
		}
		s.form, s.status, s.err = nil, "", ""
		if msg.status != "" {
			s.status = cat.T(msg.status, msg.args...)
		}
		if msg.cursor >= 0 {
			s.cursor = msg.cursor
		}
		return s.Init(), true
	}
	return nil, false
}

// joinRoom opens the meeting's live room.
func (s *meetingScreen) joinRoom() tea.Cmd { return s.C.Nav.Push(room.New(s.C, s.id)) }

// key handles a key of the screen's own.
func (s *meetingScreen) key(k tea.KeyPressMsg) tea.Cmd {
	km := &s.keys
	switch {
	case key.Matches(k, km.Back):
		return s.C.Nav.Pop()
	case key.Matches(k, km.Help):
		s.C.Nav.ToggleHelp()
	case key.Matches(k, km.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(k, km.Down):
		s.cursor = min(s.cursor+1, max(len(s.items)-1, 0))
	case key.Matches(k, km.Join):
		return s.joinRoom()
	case key.Matches(k, km.Start):
		id := s.id
		return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.RoomState, error) {
			return svc.StartMeeting(ctx, a, id)
		}, func(_ *session.RoomState, err error) tea.Msg { return meetingStartedMsg{err} })
	case key.Matches(k, km.Summary):
		id := s.id
		return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Summary, error) {
			return svc.MeetingSummary(ctx, a, id)
		}, func(sum *session.Summary, err error) tea.Msg { return summaryMsg{sum, err} })
	case key.Matches(k, km.Add):
		return s.openForm(newItemForm(s, nil))
	case key.Matches(k, km.Edit):
		if s.cursor < len(s.items) {
			return s.openForm(newItemForm(s, &s.items[s.cursor]))
		}
	case key.Matches(k, km.Details):
		return s.openForm(newDetailsForm(s))
	case key.Matches(k, km.Delete):
		if s.cursor < len(s.items) {
			s.askDelete(s.items[s.cursor])
		}
	case key.Matches(k, km.MoveUp):
		return s.move(-1)
	case key.Matches(k, km.MoveDown):
		return s.move(1)
	}
	return nil
}

// askDelete asks before an agenda item is deleted.
func (s *meetingScreen) askDelete(it session.AgendaItem) {
	s.confirm = component.NewConfirm(s.C, s.C.Cat.T("agenda.confirm_delete", it.Title), func() tea.Cmd {
		return s.change("agenda.deleted", []any{it.Title}, max(s.cursor-1, 0), func(ctx context.Context, svc *session.Service, a session.Actor) error {
			return svc.DeleteAgendaItem(ctx, a, it.ID)
		})
	})
}

func (s *meetingScreen) move(delta int) tea.Cmd {
	if s.cursor >= len(s.items) {
		return nil
	}
	it := s.items[s.cursor]
	to := min(max(s.cursor+delta, 0), len(s.items)-1)
	if to == s.cursor {
		return nil
	}
	// Move it on screen at once, so that quick repeated presses act on
	// what the person sees; the reload confirms the stored order.
	s.items = append(s.items[:s.cursor], s.items[s.cursor+1:]...)
	s.items = append(s.items[:to], append([]session.AgendaItem{it}, s.items[to:]...)...)
	s.cursor = to
	return s.change("", nil, -1, func(ctx context.Context, svc *session.Service, a session.Actor) error {
		return svc.MoveAgendaItem(ctx, a, it.ID, delta)
	})
}

// change runs an agenda change and reloads; status is a catalog key.
func (s *meetingScreen) change(status string, args []any, cursor int, f func(context.Context, *session.Service, session.Actor) error) tea.Cmd {
	return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, f(ctx, svc, a)
	}, func(_ struct{}, err error) tea.Msg { return agendaChangedMsg{status, args, cursor, err} })
}

// openForm opens a form laid out for the screen.
func (s *meetingScreen) openForm(f meetingForm) tea.Cmd {
	s.form = f
	s.SetSize(s.Width(), s.Height())
	return f.fields().Refocus()
}

// SetSize lays out the open form for the new size.
func (s *meetingScreen) SetSize(width, height int) {
	s.Base.SetSize(width, height)
	if s.form != nil {
		s.form.fields().SetSize(min(width, 90), 0)
	}
}

// View draws the meeting at the size SetSize gave it.
func (s *meetingScreen) View() string {
	st, cat, width, height := s.C.Styles, s.C.Cat, s.Width(), s.Height()
	if s.meeting == nil {
		if s.err != "" {
			return st.Error.Render("✗ " + s.err)
		}
		return st.Subtle.Render(cat.T("app.loading"))
	}
	mt := s.meeting
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render(s.groupName+" · "+mt.Title) + "\n")
	if s.form != nil {
		b.WriteString("\n" + s.form.fields().Render(st))
		return b.String()
	}
	b.WriteString(s.planLines(width))
	lines := s.agendaLines(width)
	promptH := 4
	var prompt []string
	if s.cursor < len(s.items) && s.items[s.cursor].Prompt != "" {
		p := lipgloss.NewStyle().Width(min(width, 90) - 2).PaddingLeft(2).Render(st.Subtle.Render(s.items[s.cursor].Prompt))
		prompt = strings.Split(p, "\n")
		if len(prompt) > promptH {
			prompt = append(prompt[:promptH-1], "  …")
		}
	}
	// The list gets what the lines above, the prompt and the footer (a
	// blank line and the question or message, when there is one) leave:
	// on a phone every line of the agenda counts.
	footer := s.footer(width)
	listH := height - strings.Count(b.String(), "\n")
	if footer != "" {
		listH -= 1 + lipgloss.Height(footer)
	}
	if len(prompt) > 0 {
		listH -= len(prompt) + 1
	}
	b.WriteString(strings.Join(moreMarked(cat, st, lines, s.cursor, max(listH, 3)), "\n") + "\n")
	if len(prompt) > 0 {
		b.WriteString("\n" + strings.Join(prompt, "\n") + "\n")
	}
	if footer != "" {
		b.WriteString("\n" + footer)
	}
	return b.String()
}

// footer is the open question, the error or the status, wrapped to width.
func (s *meetingScreen) footer(width int) string {
	st := s.C.Styles
	switch {
	case s.confirm != nil:
		return s.confirm.View(width)
	case s.err != "":
		return lipgloss.NewStyle().Width(width).Render(st.Error.Render("✗ " + s.err))
	case s.status != "":
		return lipgloss.NewStyle().Width(width).Render(st.OK.Render("✓ " + s.status))
	}
	return ""
}
