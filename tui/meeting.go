package tui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/room"
)

// meetingScreen shows a meeting's plan and agenda; leaders edit them.
type meetingScreen struct {
	id        int64
	groupName string
	leads     bool
	meeting   *session.Meeting
	items     []session.AgendaItem
	cursor    int
	form      *form.Form
	formKind  string
	confirm   *confirmation
	status    string
	err       string
}

type meetingLoadedMsg struct {
	m     *session.Meeting
	items []session.AgendaItem
	err   error
}

// agendaChangedMsg reports an agenda or meeting change; cursor is where
// the selection goes after reloading (-1: stay).
type agendaChangedMsg struct {
	status string
	cursor int
	err    error
}

type meetingStartedMsg struct{ err error }

type summaryMsg struct {
	sum *session.Summary
	err error
}

func newMeetingScreen(id int64, groupName string, leads bool) *meetingScreen {
	return &meetingScreen{id: id, groupName: groupName, leads: leads}
}

func (s *meetingScreen) init(m *App) tea.Cmd {
	id := s.id
	return func() tea.Msg {
		mt, items, err := m.opts.Service.Meeting(m.opts.Ctx, m.actor, id)
		return meetingLoadedMsg{mt, items, err}
	}
}

func (s *meetingScreen) editable() bool {
	return s.leads && s.meeting != nil && s.meeting.State == session.MeetingPlanned
}

func (s *meetingScreen) keys(cat i18n.Catalog) keyMap {
	switch {
	case s.confirm != nil:
		return confirmKeys(cat)
	case s.form != nil:
		return formKeys(cat)
	}
	var first []key.Binding
	switch {
	case s.meeting == nil:
	case s.meeting.State == session.MeetingLive:
		first = append(first, binding(cat, "j", "key.join_meeting"))
	case s.meeting.State == session.MeetingEnded:
		first = append(first, binding(cat, "v", "key.summary"))
	case s.leads:
		first = append(first, binding(cat, "o", "key.start_meeting"))
	}
	if s.editable() {
		// The time and the call link are what a new meeting needs first:
		// s is in the bar, moving items in the full help.
		return keys(
			append(first, binding(cat, "s", "key.meeting_details"), binding(cat, "a", "key.add_item"), binding(cat, "e", "key.edit"),
				binding(cat, "d", "key.delete"), binding(cat, "esc", "key.back")),
			binding(cat, "K/J", "key.move"), binding(cat, "↑/↓", "key.select"), binding(cat, "?", "key.help"))
	}
	return keys(append(first, binding(cat, "↑/↓", "key.select"), binding(cat, "esc", "key.back")), binding(cat, "?", "key.help"))
}

func (s *meetingScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case meetingLoadedMsg:
		if msg.err != nil {
			s.err = m.cat.Err(msg.err)
			return nil
		}
		s.meeting, s.items = msg.m, msg.items
		s.cursor = min(s.cursor, max(len(s.items)-1, 0))
		return nil
	case meetingStartedMsg:
		if msg.err != nil {
			s.err = m.cat.Err(msg.err)
			return nil
		}
		return tea.Batch(s.init(m), m.Push(room.New(m.c, s.id)))
	case summaryMsg:
		if msg.err != nil {
			s.err = m.cat.Err(msg.err)
			return nil
		}
		return m.push(newMarkdownScreen(m.cat.T("summary.title", s.meeting.Title), cli.SummaryMarkdown(m.cat, msg.sum, m.opts.Service.Loc)))
	case agendaChangedMsg:
		if msg.err != nil {
			if s.form != nil {
				s.form.Busy = false
				s.form.Err = m.cat.Err(msg.err)
			} else {
				s.err = m.cat.Err(msg.err)
			}
			return nil
		}
		s.form, s.status, s.err = nil, msg.status, ""
		if msg.cursor >= 0 {
			s.cursor = msg.cursor
		}
		return s.init(m)
	}
	if cmd, ok := overlay(m.cat, msg, &s.confirm, &s.form, func() tea.Cmd { return s.submit(m) }); ok {
		return cmd
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	s.status, s.err = "", ""
	switch k.String() {
	case "esc", "q":
		return m.pop()
	case "?":
		m.toggleHelp()
	case "up", "k":
		s.cursor = max(s.cursor-1, 0)
	case "down":
		s.cursor = min(s.cursor+1, max(len(s.items)-1, 0))
	case "j":
		if s.meeting != nil && s.meeting.State == session.MeetingLive {
			return m.Push(room.New(m.c, s.id))
		}
	case "o":
		if s.leads && s.meeting != nil && s.meeting.State == session.MeetingPlanned {
			id := s.id
			return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.RoomState, error) {
				return svc.StartMeeting(ctx, a, id)
			}, func(_ *session.RoomState, err error) tea.Msg { return meetingStartedMsg{err} })
		}
	case "v":
		if s.meeting != nil && s.meeting.State == session.MeetingEnded {
			id := s.id
			return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Summary, error) {
				return svc.MeetingSummary(ctx, a, id)
			}, func(sum *session.Summary, err error) tea.Msg { return summaryMsg{sum, err} })
		}
	}
	if !s.editable() {
		return nil
	}
	switch k.String() {
	case "a", "+":
		s.openItemForm(m, nil)
		return s.form.Refocus()
	case "e", "enter":
		if s.cursor < len(s.items) {
			s.openItemForm(m, &s.items[s.cursor])
			return s.form.Refocus()
		}
	case "s":
		s.openDetailsForm(m)
		return s.form.Refocus()
	case "d", "delete":
		if s.cursor < len(s.items) {
			it := s.items[s.cursor]
			s.confirm = &confirmation{question: m.cat.T("agenda.confirm_delete", it.Title), yes: func() tea.Cmd {
				return s.change(m, m.cat.T("agenda.deleted", it.Title), max(s.cursor-1, 0), func(ctx context.Context, svc *session.Service, a session.Actor) error {
					return svc.DeleteAgendaItem(ctx, a, it.ID)
				})
			}}
		}
	case "K", "shift+up":
		return s.move(m, -1)
	case "J", "shift+down":
		return s.move(m, 1)
	}
	return nil
}

func (s *meetingScreen) move(m *App, delta int) tea.Cmd {
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
	return s.change(m, "", -1, func(ctx context.Context, svc *session.Service, a session.Actor) error {
		return svc.MoveAgendaItem(ctx, a, it.ID, delta)
	})
}

// change runs an agenda change and reloads.
func (s *meetingScreen) change(m *App, status string, cursor int, f func(context.Context, *session.Service, session.Actor) error) tea.Cmd {
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, f(ctx, svc, a)
	}, func(_ struct{}, err error) tea.Msg { return agendaChangedMsg{status, cursor, err} })
}

func (s *meetingScreen) openItemForm(m *App, it *session.AgendaItem) {
	cur := session.AgendaItem{Kind: session.KindDiscussion, Minutes: 10}
	title := m.cat.T("agenda.add_title")
	s.formKind = "add"
	if it != nil {
		cur, title, s.formKind = *it, m.cat.T("agenda.edit_title", it.Title), "edit"
	}
	f := form.New(title)
	f.OnEnter = false
	f.Text(m.cat.T("agenda.item_title"), cur.Title, session.MaxTitleLen+10)
	var kinds, labels []string
	for _, k := range session.ItemKinds {
		kinds = append(kinds, string(k))
		labels = append(labels, m.cat.T("kind."+string(k)))
	}
	f.Choice(m.cat.T("agenda.item_kind"), kinds, labels, string(cur.Kind)).Compact = true
	f.Text(m.cat.T("agenda.item_minutes"), strconv.Itoa(cur.Minutes), 4).Hint = m.cat.T("agenda.item_minutes_hint", session.MaxItemMinutes)
	anon := "names"
	if cur.Anonymous {
		anon = "anonymous"
	}
	f.Choice(m.cat.T("agenda.item_reveal"), []string{"names", "anonymous"},
		[]string{m.cat.T("agenda.reveal_names"), m.cat.T("agenda.reveal_anonymous")}, anon).Compact = true
	f.Area(m.cat.T("agenda.item_prompt"), cur.Prompt, session.MaxPromptLen, 3)
	f.Focus = 0
	s.form = f
}

func (s *meetingScreen) openDetailsForm(m *App) {
	mt := s.meeting
	f := form.New(m.cat.T("agenda.details_title"))
	f.Text(m.cat.T("agenda.meeting_title"), mt.Title, session.MaxTitleLen+10)
	f.Text(m.cat.T("agenda.meeting_theme"), mt.Theme, session.MaxThemeLen+10)
	start := ""
	if mt.Scheduled() {
		start = m.cat.StartInput(mt.StartsAt, m.opts.Service.Loc)
	}
	f.Text(m.cat.T("agenda.meeting_start"), start, 24).Hint = m.cat.T("agenda.meeting_start_hint", session.ZoneName(m.opts.Service.Loc, m.opts.Service.Now()))
	f.Text(m.cat.T("agenda.meeting_minutes"), strconv.Itoa(mt.Minutes), 4)
	f.Text(m.cat.T("agenda.meeting_link"), mt.Link, session.MaxLinkLen+10).Hint = m.cat.T("agenda.meeting_link_hint")
	f.Focus = 0
	s.form, s.formKind = f, "details"
}

// atoiOr reads a whole number; anything else becomes -1, which the
// Service rejects with its own message.
func atoiOr(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

func (s *meetingScreen) submit(m *App) tea.Cmd {
	f, id := s.form, s.id
	switch s.formKind {
	case "add", "edit":
		it := session.AgendaItem{Title: f.Value(0), Kind: session.ItemKind(f.Value(1)), Minutes: atoiOr(f.Value(2)),
			Anonymous: f.Value(3) == "anonymous", Prompt: f.Value(4)}
		if s.formKind == "edit" {
			it.ID = s.items[s.cursor].ID
			return s.change(m, m.cat.T("agenda.saved"), -1, func(ctx context.Context, svc *session.Service, a session.Actor) error {
				_, err := svc.UpdateAgendaItem(ctx, a, it)
				return err
			})
		}
		// The new item goes right after the selected one, and the
		// selection follows it.
		var after int64
		at := len(s.items)
		if s.cursor < len(s.items) {
			after, at = s.items[s.cursor].ID, s.cursor+1
		}
		return s.change(m, m.cat.T("agenda.added"), at, func(ctx context.Context, svc *session.Service, a session.Actor) error {
			if after == 0 {
				_, err := svc.AddAgendaItem(ctx, a, id, it)
				return err
			}
			_, err := svc.InsertAgendaItem(ctx, a, id, after, it)
			return err
		})
	case "details":
		title, theme, minutes := f.Value(0), f.Value(1), atoiOr(f.Value(3))
		startText := strings.TrimSpace(f.Value(2))
		link, oldLink := f.Value(4), s.meeting.Link
		return s.change(m, m.cat.T("agenda.details_saved"), -1, func(ctx context.Context, svc *session.Service, a session.Actor) error {
			// A bad link refuses the whole form: nothing half-saved.
			if _, err := session.CleanLink(link); err != nil {
				return err
			}
			start := time.Time{}
			if startText != "" {
				var err error
				if start, err = session.ParseStart(startText, svc.Loc); err != nil {
					return err
				}
			}
			if _, err := svc.UpdateMeeting(ctx, a, id, session.MeetingUpdate{Title: &title, Theme: &theme, StartsAt: &start, Minutes: &minutes}); err != nil {
				return err
			}
			if link != oldLink {
				_, err := svc.SetMeetingLink(ctx, a, id, link)
				return err
			}
			return nil
		})
	}
	return nil
}

func (s *meetingScreen) view(m *App, width, height int) string {
	st, cat := m.styles, m.cat
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
		b.WriteString("\n" + s.form.View(st, min(width, 90)))
		return b.String()
	}
	when, badge := m.formatStart(mt.StartsAt), ""
	switch {
	case mt.Held():
		when = cat.T("meeting.held", cat.Span(mt.HeldFrom, mt.HeldTo, m.opts.Service.Loc))
	case mt.State != session.MeetingPlanned:
		sep := " "
		if !mt.HeldFrom.IsZero() {
			sep = " · " // "● live · started …", two facts
		}
		badge = st.OK.Render("● "+cat.T("meeting.state."+string(mt.State))) + sep
		if !mt.HeldFrom.IsZero() {
			when = cat.T("meeting.started", cat.WhenZone(mt.HeldFrom, m.opts.Service.Loc))
		}
	}
	// Wrapped, not cut: when and how long, on a phone too.
	b.WriteString(lipgloss.NewStyle().Width(width).Render(badge+fmt.Sprintf("%s · %s", when, cat.T("agenda.planned", mt.Minutes))) + "\n")
	if mt.Theme != "" {
		// Wrapped: the theme is what the meeting is about (at most 200
		// characters); the list below gets the room that is left.
		b.WriteString(lipgloss.NewStyle().Width(width).Render(cat.T("agenda.theme", mt.Theme)) + "\n")
	}
	if mt.Link != "" {
		b.WriteString(linkLine(cat, mt.Link, width) + "\n")
	}
	total := session.TotalMinutes(s.items)
	fit := st.OK.Render("✓ " + cat.T("agenda.fits"))
	if total > mt.Minutes {
		fit = st.Error.Render("! " + cat.T("agenda.over", total-mt.Minutes))
	} else if total < mt.Minutes {
		fit = st.Subtle.Render(cat.T("agenda.spare", mt.Minutes-total))
	}
	b.WriteString("\n" + st.Accent.Bold(true).Render(cat.T("agenda.heading", total, mt.Minutes)) + "  " + fit + "\n")

	var lines []string
	kindW := 0
	for _, it := range s.items {
		kindW = max(kindW, lipgloss.Width(cat.T("kind."+string(it.Kind))))
	}
	titleW := max(width-kindW-16, 12)
	for i, it := range s.items {
		// Cut a long title to its column; wrapping it would break the row.
		title := truncate(fmt.Sprintf("%2d. %s", i+1, it.Title), titleW)
		title += strings.Repeat(" ", max(titleW-lipgloss.Width(title), 0))
		line := fmt.Sprintf("%s %-*s %3d min", title, kindW, cat.T("kind."+string(it.Kind)), it.Minutes)
		if i == s.cursor {
			line = st.Focused.Render("› " + line)
		} else {
			line = "  " + line
		}
		lines = append(lines, truncate(line, width))
	}
	if len(lines) == 0 {
		lines = append(lines, st.Subtle.Render("  "+cat.T("agenda.empty")))
	}
	promptH := 4
	var prompt []string
	if s.cursor < len(s.items) && s.items[s.cursor].Prompt != "" {
		p := lipgloss.NewStyle().Width(min(width, 90) - 2).PaddingLeft(2).Render(st.Subtle.Render(s.items[s.cursor].Prompt))
		prompt = strings.Split(p, "\n")
		if len(prompt) > promptH {
			prompt = append(prompt[:promptH-1], "  …")
		}
	}
	// The list gets what the lines above, the prompt and a status line
	// (a blank line and up to two lines of message) leave.
	listH := height - strings.Count(b.String(), "\n") - 3
	if len(prompt) > 0 {
		listH -= len(prompt) + 1
	}
	b.WriteString(strings.Join(moreMarked(cat, st, lines, s.cursor, max(listH, 3)), "\n") + "\n")
	if len(prompt) > 0 {
		b.WriteString("\n" + strings.Join(prompt, "\n") + "\n")
	}
	switch {
	case s.confirm != nil:
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(st.Error.Render("? "+s.confirm.question+yesNo(cat))))
	case s.err != "":
		b.WriteString("\n" + lipgloss.NewStyle().Width(width).Render(st.Error.Render("✗ "+s.err)))
	case s.status != "":
		b.WriteString("\n" + st.OK.Render("✓ "+s.status))
	}
	return b.String()
}

// moreMarked is window with the first or last visible line turned into a
// marker when items are out of sight above or below, so that a short
// screen never hides agenda items silently. The marker line counts the
// item it covers.
func moreMarked(cat i18n.Catalog, st Styles, lines []string, cursor, height int) []string {
	if height < 3 || len(lines) <= height {
		return lines
	}
	start := min(max(cursor-height/2, 0), len(lines)-height)
	end := start + height
	vis := slices.Clone(lines[start:end])
	if start > 0 && cursor != start {
		vis[0] = st.Subtle.Render("  " + cat.N("agenda.more_above", start+1))
	}
	if end < len(lines) && cursor != end-1 {
		vis[len(vis)-1] = st.Subtle.Render("  " + cat.N("agenda.more_below", len(lines)-end+1))
	}
	return vis
}
