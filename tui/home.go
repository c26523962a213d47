package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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

// SetSize gives an open form its width.
func (h *home) SetSize(width, height int) {
	h.Base.SetSize(width, height)
	if f := h.form(); f != nil {
		f.SetSize(min(width, 76), height)
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
func formatStart(cat i18n.Catalog, loc *time.Location, t time.Time) string {
	if t.IsZero() {
		return cat.T("meeting.unscheduled")
	}
	return cat.WhenZone(t, loc)
}

// truncate cuts a styled line to width cells, with an ellipsis, never
// wrapping it.
func truncate(s string, width int) string { return style.Truncate(s, width) }
