package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/room"
	"github.com/piiri/piiri/tui/style"
)

// home is where a person lands: who they are, their next meetings, open
// tasks and groups.
type home struct {
	overview *session.Overview
	cursor   int
	status   string
	err      string
	joining  *form.Form // entering an invite code for another group
	renaming *form.Form // changing one's display name
	creator  bool       // the person may create groups
	requests int        // quotes of the person's reflections waiting for an answer
	approved int        // quotes of theirs approved and shown onward: they may withdraw
	drafts   []session.DraftPlace
}

type langSavedMsg struct {
	person *session.Person
	err    error
}

type overviewMsg struct {
	o                  *session.Overview
	requests, approved int
	err                error
}

type renamedMsg struct {
	person *session.Person
	err    error
}

type joinedMsg struct {
	g   *session.Group
	err error
}

func newHome() *home { return &home{} }

func (h *home) init(m *App) tea.Cmd {
	h.creator = canCreateGroups(m.actor.Person)
	ctx, svc, actor := m.opts.Ctx, m.opts.Service, m.actor
	return tea.Batch(loadDrafts(m), func() tea.Msg {
		o, err := svc.Overview(ctx, actor)
		if err != nil {
			return overviewMsg{err: err}
		}
		qs, err := svc.MyQuotes(ctx, actor)
		msg := overviewMsg{o: o, err: err}
		for _, q := range qs {
			switch {
			case q.Status == session.QuoteAsked:
				msg.requests++
			case q.Published():
				msg.approved++
			}
		}
		return msg
	})
}

func (h *home) keys(cat i18n.Catalog) keyMap {
	return homeKeys(cat, h.joining != nil || h.renaming != nil, h.creator, h.liveMeeting() != nil, h.requests+h.approved > 0,
		h.overview != nil && len(h.overview.Groups) > 0)
}

// liveMeeting is the first of the person's meetings that is live now.
func (h *home) liveMeeting() *session.UpcomingMeeting {
	if h.overview == nil {
		return nil
	}
	for i, mt := range h.overview.Meetings {
		if mt.State == session.MeetingLive {
			return &h.overview.Meetings[i]
		}
	}
	return nil
}

// plainSavedMsg is the line-mode setting as the home screen's P left it.
type plainSavedMsg struct {
	on  bool
	err error
}

func canCreateGroups(p *session.Person) bool {
	return p.Role == session.RoleFacilitator || p.Role == session.RoleAdmin
}

func (h *home) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case overviewMsg:
		if msg.err != nil {
			h.err = m.cat.Err(msg.err)
			return nil
		}
		h.overview, h.requests, h.approved = msg.o, msg.requests, msg.approved
		h.cursor = min(h.cursor, max(len(msg.o.Groups)-1, 0))
		return nil
	case draftsMsg:
		h.drafts = msg.drafts
		return nil
	case langSavedMsg:
		if msg.err != nil {
			h.err = m.cat.Err(msg.err)
			return nil
		}
		m.actor.Person = msg.person
		m.setLang(msg.person.Lang)
		h.err, h.status = "", m.cat.T("home.language_saved", i18n.LangName(msg.person.Lang))
		return nil
	case plainSavedMsg:
		h.err, h.status = "", m.cat.T(map[bool]string{true: "home.plain_on", false: "home.plain_off"}[msg.on])
		if msg.err != nil {
			h.err, h.status = m.cat.Err(msg.err), ""
		}
		return nil
	case sharedLoadedMsg:
		if msg.err != nil {
			h.err = m.cat.Err(msg.err)
			return nil
		}
		return m.push(newTextScreen(m.cat.T("share.with_me"), sharedText(m.cat, msg.shares)))
	case renamedMsg:
		if msg.err != nil {
			h.renaming.Busy = false
			h.renaming.Err = m.cat.Err(msg.err)
			return nil
		}
		h.renaming = nil
		m.actor.Person = msg.person
		h.err, h.status = "", m.cat.T("home.renamed", msg.person.Name)
		return nil
	case joinedMsg:
		if msg.err != nil {
			h.joining.Busy = false
			h.joining.Err = m.cat.Err(msg.err)
			return nil
		}
		h.joining = nil
		h.status = m.cat.T("home.joined", msg.g.Name)
		return h.init(m)
	}
	if h.renaming != nil {
		return h.updateRenaming(m, msg)
	}
	if h.joining != nil {
		res, cmd := h.joining.Update(msg)
		switch res {
		case form.Cancel:
			h.joining = nil
		case form.Submit:
			h.joining.Busy = true
			code := h.joining.Value(0)
			return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Group, error) {
				return svc.JoinGroup(ctx, a, code)
			}, func(g *session.Group, err error) tea.Msg { return joinedMsg{g, err} })
		}
		return cmd
	}
	key, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	groups := 0
	if h.overview != nil {
		groups = len(h.overview.Groups)
	}
	switch key.String() {
	case "q":
		m.quitting = true
		return tea.Quit
	case "?":
		m.toggleHelp()
	case "up", "k":
		h.cursor = max(h.cursor-1, 0)
	case "down":
		h.cursor = min(h.cursor+1, max(groups-1, 0))
	case "r":
		return h.init(m)
	case "enter":
		if groups > 0 {
			return m.push(newGroupScreen(h.overview.Groups[h.cursor].ID))
		}
	case "j":
		if live := h.liveMeeting(); live != nil {
			return m.Push(room.New(m.c, live.ID))
		}
	case "n":
		if canCreateGroups(m.actor.Person) {
			return m.push(newNewGroup(m))
		}
	case "R":
		return m.push(newReflectionsScreen())
	case "a":
		return m.push(newApprovalsScreen())
	case "S":
		return newSharedScreen(m)
	case "w":
		return m.push(newJournalScreen())
	case "e":
		h.renaming = form.New(m.cat.T("home.rename_title"))
		h.renaming.Text(m.cat.T("home.rename_field"), m.actor.Person.Name, session.MaxNameLen)
		h.status, h.err = "", ""
		return h.renaming.Refocus()
	case "c":
		h.joining = form.New(m.cat.T("home.join_title"))
		h.joining.Text(m.cat.T("onboarding.code"), "", 32).Input.Placeholder = "ABCD-EFGH-JKMN"
		h.status, h.err = "", ""
		return h.joining.Refocus()
	case "P": // the line mode at the next connection (tui/line)
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (bool, error) {
			on, err := svc.PlainMode(ctx, a)
			if err == nil {
				err = svc.SetPlainMode(ctx, a, !on)
			}
			return !on, err
		}, func(on bool, err error) tea.Msg { return plainSavedMsg{on, err} })
	case "l":
		next := otherLang(m.cat.Lang())
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Person, error) {
			return svc.SetLang(ctx, a, string(next))
		}, func(p *session.Person, err error) tea.Msg { return langSavedMsg{p, err} })
	}
	return nil
}

func (h *home) view(m *App, width, height int) string {
	s, cat, p := m.styles, m.cat, m.actor.Person
	var b strings.Builder
	b.WriteString(s.Header.Width(width).Render("piiri · "+p.Name+" · "+cat.Role(p.Role)) + "\n\n")
	if f := h.form(); f != nil {
		b.WriteString(f.View(s, min(width, 76)))
		return b.String()
	}
	b.WriteString(s.Title.Render(cat.T("home.welcome", p.Name)) + "\n")
	if h.overview == nil {
		b.WriteString(s.Subtle.Render(cat.T("app.loading")) + "\n")
		return b.String()
	}
	o := h.overview
	if live := h.liveMeeting(); live != nil {
		// Wrapped, never cut: it says which key joins.
		b.WriteString("\n" + s.OK.Width(width).Render("● "+cat.T("home.live_now", live.GroupName, live.Title)) + "\n")
	}
	if h.requests > 0 {
		b.WriteString("\n" + s.Error.Render(truncate("! "+cat.N("home.quote_requests", h.requests), width)) + "\n")
	}
	if h.approved > 0 {
		b.WriteString("\n" + s.Subtle.Render(truncate("“ "+cat.N("home.quotes_approved", h.approved), width)) + "\n")
	}
	if len(h.drafts) > 0 {
		b.WriteString("\n" + s.Accent.Width(min(width, 76)).Render("✎ "+draftNotice(cat, h.drafts)) + "\n")
	}

	// The next meetings give way first on a short screen: the groups
	// and the tasks below them are drawn, then the meetings get the room
	// left (one at least, three at most).
	var rest strings.Builder
	h.restView(m, &rest, width)
	if len(o.Meetings) > 0 {
		n := min(len(o.Meetings), 3)
		if room := height - strings.Count(b.String(), "\n") - strings.Count(rest.String(), "\n") - 2; room < n {
			n = max(room, 1)
		}
		b.WriteString("\n" + s.Accent.Bold(true).Render(cat.T("home.next_meetings")) + "\n")
		for _, mt := range o.Meetings[:n] {
			line := fmt.Sprintf("%s · %s · %s", m.formatStart(mt.StartsAt), mt.GroupName, mt.Title)
			if mt.State == session.MeetingLive {
				line = s.OK.Render("● "+cat.T("meeting.state.live")) + " " + line
			}
			b.WriteString(truncate("  "+line, width) + "\n")
		}
	}
	b.WriteString(rest.String())
	return b.String()
}

// restView is the home screen under the next meetings: open tasks, the
// groups and the status line.
func (h *home) restView(m *App, b *strings.Builder, width int) {
	s, cat, p, o := m.styles, m.cat, m.actor.Person, h.overview
	wrap := lipgloss.NewStyle().Width(min(width, 76)).PaddingLeft(2)
	if len(o.Tasks) > 0 {
		b.WriteString("\n" + s.Accent.Bold(true).Render(cat.T("home.open_tasks", len(o.Tasks))) + "\n")
		for i, t := range o.Tasks {
			if i == 3 {
				b.WriteString(s.Subtle.Render(fmt.Sprintf("  … +%d", len(o.Tasks)-3)) + "\n")
				break
			}
			b.WriteString(truncate(fmt.Sprintf("  ☐ %s · %s", t.GroupName, t.Title), width) + "\n")
		}
	}

	b.WriteString("\n" + s.Accent.Bold(true).Render(cat.T("home.groups")) + "\n")
	if len(o.Groups) == 0 {
		b.WriteString(wrap.Render(cat.T("home.no_groups."+string(p.Role))) + "\n")
	}
	for i, g := range o.Groups {
		marker := "  "
		name := g.Name
		if i == h.cursor {
			marker, name = s.Focused.Render("› "), s.Focused.Render(g.Name)
		}
		about := cat.T("grouprole." + string(g.MyRole))
		if g.Admitted { // the count is for those past the agreement
			about += " · " + cat.N("home.members", g.Members)
		}
		line := fmt.Sprintf("%s%s  %s", marker, name, s.Subtle.Render(about))
		if g.NeedsAck {
			// What to do comes whole: on a line of its own if need be.
			ack := s.Error.Render("! " + cat.T("home.needs_ack"))
			if ansi.StringWidth(line)+2+ansi.StringWidth(ack) > width {
				b.WriteString(truncate(line, width) + "\n")
				b.WriteString(s.Error.Width(width).PaddingLeft(4).Render("! "+cat.T("home.needs_ack")) + "\n")
				continue
			}
			line += "  " + ack
		}
		b.WriteString(truncate(line, width) + "\n")
	}
	switch {
	case h.err != "":
		// Wrapped: a long notice (such as a removal) must fit a phone.
		b.WriteString("\n" + s.Error.Width(min(width, 76)).Render("✗ "+h.err) + "\n")
	case h.status != "":
		b.WriteString("\n" + s.OK.Width(min(width, 76)).Render("✓ "+h.status) + "\n")
	}
}

// form is the form the home screen shows instead of its lists, if any.
func (h *home) form() *form.Form {
	if h.renaming != nil {
		return h.renaming
	}
	return h.joining
}

// updateRenaming drives the name form: the Service refuses a name that
// passes for someone's in the person's groups, and the form says why.
func (h *home) updateRenaming(m *App, msg tea.Msg) tea.Cmd {
	res, cmd := h.renaming.Update(msg)
	switch res {
	case form.Cancel:
		h.renaming = nil
	case form.Submit:
		h.renaming.Busy = true
		name := h.renaming.Value(0)
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Person, error) {
			return svc.SetName(ctx, a, name)
		}, func(p *session.Person, err error) tea.Msg { return renamedMsg{p, err} })
	}
	return cmd
}

// formatStart shows a meeting's start in the server's zone, in the
// viewer's language's conventions, naming the zone.
func (m *App) formatStart(t time.Time) string {
	if t.IsZero() {
		return m.cat.T("meeting.unscheduled")
	}
	return m.cat.WhenZone(t, m.opts.Service.Loc)
}

// truncate cuts a styled line to width cells, with an ellipsis, never
// wrapping it.
func truncate(s string, width int) string { return style.Truncate(s, width) }
