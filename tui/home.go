package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/room"
	"github.com/piiri/piiri/tui/style"
)

// home is where a person lands: who they are, their next meetings, open
// tasks and groups. It is one of the App's own screens (as onboarding
// is), so it asks the App itself to quit or change the language.
type home struct {
	component.Base
	app      *App
	keys     homeKeyMap
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

// homeKeyMap is the home screen's keys: the help bar and full help are
// built from it, and Update matches keys with it.
type homeKeyMap struct {
	Join, Open, NewGroup, Approvals, Reflections, Write, Help, Quit key.Binding
	Shared, Code, Rename, Up, Down, Refresh, Lang, Plain            key.Binding
	quotesInBar                                                     bool // a goes in the bar
}

func newHomeKeyMap(cat i18n.Catalog) homeKeyMap {
	down := component.Bind(cat, "↓", "key.select", "down")
	down.SetHelp("", "") // "↑/↓" on Up names both
	return homeKeyMap{
		Join:        component.Bind(cat, "j", "key.join_meeting"),
		Open:        component.Bind(cat, "enter", "key.open"),
		NewGroup:    component.Bind(cat, "n", "key.new_group"),
		Approvals:   component.Bind(cat, "a", "key.approvals"),
		Reflections: component.Bind(cat, "R", "key.reflections"),
		Write:       component.Bind(cat, "w", "key.write"),
		Help:        component.Bind(cat, "?", "key.help"),
		Quit:        component.Bind(cat, "q", "key.quit"),
		Shared:      component.Bind(cat, "S", "key.shared_with_me"),
		Code:        component.Bind(cat, "c", "key.join_code"),
		Rename:      component.Bind(cat, "e", "key.rename"),
		Up:          component.Bind(cat, "↑/↓", "key.select", "up", "k"),
		Down:        down,
		Refresh:     component.Bind(cat, "r", "key.refresh"),
		Lang:        component.Bind(cat, "l", "key.language"),
		Plain:       component.Bind(cat, "P", "key.plain"),
	}
}

// help is the bar and the full help for the screen as it is: with no
// groups enter opens nothing; j is there only while a meeting is live.
// Quotes of one's own reflections are answered and withdrawn behind a:
// in the bar whenever there are any, so the way back is never hidden.
func (k homeKeyMap) help() component.KeyMap {
	bar := []key.Binding{k.Join, k.Open, k.NewGroup}
	more := []key.Binding{k.Approvals}
	if k.quotesInBar {
		bar, more = append(bar, k.Approvals), nil
	}
	bar = append(bar, k.Reflections, k.Write, k.Help, k.Quit)
	return component.Keys(bar, append(more, k.Shared, k.Code, k.Rename, k.Up, k.Refresh, k.Lang, k.Plain)...)
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

type homeDraftsMsg struct{ drafts []session.DraftPlace }

type homeSharedMsg struct {
	shares []session.Share
	err    error
}

func newHome(m *App) *home {
	h := &home{Base: component.NewBase(m.c), app: m}
	h.syncKeys()
	return h
}

func (h *home) Init() tea.Cmd {
	h.creator = canCreateGroups(h.C.Actor.Person)
	h.syncKeys()
	drafts := component.Call(h.C, h.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.DraftPlace, error) {
		return svc.Drafts(ctx, a)
	}, func(ds []session.DraftPlace, _ error) tea.Msg { return homeDraftsMsg{ds} }) // on an error the notice is simply not shown
	return tea.Batch(drafts, component.Call(h.C, h.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (overviewMsg, error) {
		o, err := svc.Overview(ctx, a)
		if err != nil {
			return overviewMsg{err: err}, nil
		}
		qs, err := svc.MyQuotes(ctx, a)
		msg := overviewMsg{o: o, err: err}
		for _, q := range qs {
			switch {
			case q.Status == session.QuoteAsked:
				msg.requests++
			case q.Published():
				msg.approved++
			}
		}
		return msg, nil
	}, func(msg overviewMsg, _ error) tea.Msg { return msg }))
}

func (h *home) KeyMap() component.KeyMap {
	if h.form() != nil {
		return formKeys(h.C.Cat)
	}
	return h.keys.help()
}

// syncKeys turns the keys on and off as the screen is now, so that help
// and behaviour agree.
func (h *home) syncKeys() {
	k := newHomeKeyMap(h.C.Cat)
	groups := h.overview != nil && len(h.overview.Groups) > 0
	k.Join.SetEnabled(h.liveMeeting() != nil)
	k.Open.SetEnabled(groups)
	k.NewGroup.SetEnabled(h.creator)
	k.quotesInBar = h.requests+h.approved > 0
	h.keys = k
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

func (h *home) Update(msg tea.Msg) tea.Cmd {
	cmd := h.update(msg)
	h.syncKeys()
	return cmd
}

func (h *home) update(msg tea.Msg) tea.Cmd {
	cat := h.C.Cat
	switch msg := msg.(type) {
	case overviewMsg:
		if msg.err != nil {
			h.err = cat.Err(msg.err)
			return nil
		}
		h.overview, h.requests, h.approved = msg.o, msg.requests, msg.approved
		h.cursor = min(h.cursor, max(len(msg.o.Groups)-1, 0))
		return nil
	case homeDraftsMsg:
		h.drafts = msg.drafts
		return nil
	case langSavedMsg:
		if msg.err != nil {
			h.err = cat.Err(msg.err)
			return nil
		}
		h.app.setPerson(msg.person)
		h.app.setLang(msg.person.Lang)
		h.err, h.status = "", h.C.Cat.T("home.language_saved", i18n.LangName(msg.person.Lang))
		return nil
	case plainSavedMsg:
		h.err, h.status = "", cat.T(map[bool]string{true: "home.plain_on", false: "home.plain_off"}[msg.on])
		if msg.err != nil {
			h.err, h.status = cat.Err(msg.err), ""
		}
		return nil
	case homeSharedMsg:
		if msg.err != nil {
			h.err = cat.Err(msg.err)
			return nil
		}
		return h.C.Nav.Push(newTextScreen(h.C, cat.T("share.with_me"), sharedText(cat, msg.shares)))
	case renamedMsg:
		if msg.err != nil {
			h.renaming.Busy = false
			h.renaming.Err = cat.Err(msg.err)
			return nil
		}
		h.renaming = nil
		h.app.setPerson(msg.person)
		h.err, h.status = "", cat.T("home.renamed", msg.person.Name)
		return nil
	case joinedMsg:
		if msg.err != nil {
			h.joining.Busy = false
			h.joining.Err = cat.Err(msg.err)
			return nil
		}
		h.joining = nil
		h.status = cat.T("home.joined", msg.g.Name)
		return h.Init()
	}
	if h.renaming != nil {
		return h.updateRenaming(msg)
	}
	if h.joining != nil {
		return h.updateJoining(msg)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	return h.press(k)
}

// press handles a key on the lists.
func (h *home) press(k tea.KeyPressMsg) tea.Cmd {
	cat, keys := h.C.Cat, h.keys
	switch {
	case key.Matches(k, keys.Quit):
		return h.app.quit()
	case key.Matches(k, keys.Help):
		h.C.Nav.ToggleHelp()
	case key.Matches(k, keys.Up):
		h.cursor = max(h.cursor-1, 0)
	case key.Matches(k, keys.Down):
		groups := 0
		if h.overview != nil {
			groups = len(h.overview.Groups)
		}
		h.cursor = min(h.cursor+1, max(groups-1, 0))
	case key.Matches(k, keys.Refresh):
		return h.Init()
	case key.Matches(k, keys.Open):
		return h.C.Nav.Push(newGroupScreen(h.app, h.overview.Groups[h.cursor].ID))
	case key.Matches(k, keys.Join):
		return h.C.Nav.Push(room.New(h.C, h.liveMeeting().ID))
	case key.Matches(k, keys.NewGroup):
		return h.C.Nav.Push(newNewGroup(h.app))
	case key.Matches(k, keys.Reflections):
		return h.C.Nav.Push(newReflectionsScreen(h.C))
	case key.Matches(k, keys.Approvals):
		return h.C.Nav.Push(newApprovalsScreen(h.C))
	case key.Matches(k, keys.Shared):
		return component.Call(h.C, h.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Share, error) {
			return svc.SharedWithMe(ctx, a)
		}, func(sh []session.Share, err error) tea.Msg { return homeSharedMsg{sh, err} })
	case key.Matches(k, keys.Write):
		h.status, h.err = "", ""
		return h.C.Nav.Push(newJournalScreen(h.C, func(status string) { h.status = status }))
	case key.Matches(k, keys.Rename):
		h.renaming = form.New(cat.T("home.rename_title"))
		h.renaming.Text(cat.T("home.rename_field"), h.C.Actor.Person.Name, session.MaxNameLen)
		h.status, h.err = "", ""
		return h.renaming.Refocus()
	case key.Matches(k, keys.Code):
		h.joining = form.New(cat.T("home.join_title"))
		h.joining.Text(cat.T("onboarding.code"), "", 32).Input.Placeholder = "ABCD-EFGH-JKMN"
		h.status, h.err = "", ""
		return h.joining.Refocus()
	case key.Matches(k, keys.Plain): // the line mode at the next connection (tui/line)
		return component.Call(h.C, h.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (bool, error) {
			on, err := svc.PlainMode(ctx, a)
			if err == nil {
				err = svc.SetPlainMode(ctx, a, !on)
			}
			return !on, err
		}, func(on bool, err error) tea.Msg { return plainSavedMsg{on, err} })
	case key.Matches(k, keys.Lang):
		next := otherLang(cat.Lang())
		return component.Call(h.C, h.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Person, error) {
			return svc.SetLang(ctx, a, string(next))
		}, func(p *session.Person, err error) tea.Msg { return langSavedMsg{p, err} })
	}
	return nil
}

// updateJoining drives the invite-code form.
func (h *home) updateJoining(msg tea.Msg) tea.Cmd {
	res, cmd := h.joining.Update(msg)
	switch res {
	case form.Cancel:
		h.joining = nil
	case form.Submit:
		h.joining.Busy = true
		code := h.joining.Value(0)
		return component.Call(h.C, h.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Group, error) {
			return svc.JoinGroup(ctx, a, code)
		}, func(g *session.Group, err error) tea.Msg { return joinedMsg{g, err} })
	}
	return cmd
}

func (h *home) View() string {
	width, height := h.Width(), h.Height()
	s, cat, p := h.C.Styles, h.C.Cat, h.C.Actor.Person
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
	h.restView(&rest, width)
	if len(o.Meetings) > 0 {
		n := min(len(o.Meetings), 3)
		if room := height - strings.Count(b.String(), "\n") - strings.Count(rest.String(), "\n") - 2; room < n {
			n = max(room, 1)
		}
		b.WriteString("\n" + s.Accent.Bold(true).Render(cat.T("home.next_meetings")) + "\n")
		for _, mt := range o.Meetings[:n] {
			line := fmt.Sprintf("%s · %s · %s", formatStart(cat, h.C.Service.Loc, mt.StartsAt), mt.GroupName, mt.Title)
			if mt.State == session.MeetingLive {
				if mt.StartsAt.IsZero() {
					// Live now says when: not "live not scheduled".
					line = fmt.Sprintf("%s · %s", mt.GroupName, mt.Title)
				}
				line = s.OK.Render("● "+cat.T("meeting.state.live")) + " · " + line
			}
			b.WriteString(truncate("  "+line, width) + "\n")
		}
	}
	b.WriteString(rest.String())
	return b.String()
}

// restView is the home screen under the next meetings: open tasks, the
// groups and the status line.
func (h *home) restView(b *strings.Builder, width int) {
	s, cat, p, o := h.C.Styles, h.C.Cat, h.C.Actor.Person, h.overview
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
func (h *home) updateRenaming(msg tea.Msg) tea.Cmd {
	res, cmd := h.renaming.Update(msg)
	switch res {
	case form.Cancel:
		h.renaming = nil
	case form.Submit:
		h.renaming.Busy = true
		name := h.renaming.Value(0)
		return component.Call(h.C, h.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Person, error) {
			return svc.SetName(ctx, a, name)
		}, func(p *session.Person, err error) tea.Msg { return renamedMsg{p, err} })
	}
	return cmd
}

// formatStart shows a meeting's start in the server's zone, in the
// viewer's language's conventions, naming the zone.
func (m *App) formatStart(t time.Time) string { return formatStart(m.cat, m.opts.Service.Loc, t) }

func formatStart(cat i18n.Catalog, loc *time.Location, t time.Time) string {
	if t.IsZero() {
		return cat.T("meeting.unscheduled")
	}
	return cat.WhenZone(t, loc)
}

// truncate cuts a styled line to width cells, with an ellipsis, never
// wrapping it.
func truncate(s string, width int) string { return style.Truncate(s, width) }
