package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

// inviteScreen shows the message to send with a new invite: the code, the
// command to connect, the server's key and how to make a key of one's
// own. It is in the inviter's language first; l switches the message (not
// the screen) to the other language, for a participant who reads it.
type inviteScreen struct {
	component.Base
	app     *App // the text is drawn by the text screen, not yet a component
	text    *textScreen
	summary string // the code, role, uses and expiry, in the inviter's language
	d       format.InviteDetails
	lang    session.Lang
	keys    inviteKeyMap
}

// inviteKeyMap is the invite screen's keys, for behaviour and help.
type inviteKeyMap struct {
	Lang, Scroll, Back key.Binding
}

func newInviteScreen(m *App, inv *session.Invite, groupName, summary string) *inviteScreen {
	c := m.c
	s := &inviteScreen{Base: component.NewBase(c), app: m, summary: summary, lang: c.Cat.Lang(), d: format.InviteDetails{
		Code: inv.Code, GroupName: groupName, ExpiresAt: inv.ExpiresAt, Loc: c.Service.Loc,
		Connect: c.Connect, HostKey: c.HostKey,
	}, keys: inviteKeyMap{
		Lang:   component.Bind(c.Cat, "l", "key.message_lang"),
		Scroll: component.Bind(c.Cat, "↑/↓", "key.scroll", "up", "down", "k", "j", "pgup", "pgdown", "space", "shift+space", "home", "end"),
		Back:   component.Bind(c.Cat, "esc", "key.back", "esc", "q"),
	}}
	s.render()
	return s
}

// render builds the text in the message's language, keeping the place.
func (s *inviteScreen) render() {
	cat, st := s.C.Cat, s.C.Styles
	top := 0
	if s.text != nil {
		top = s.text.pager.top
	}
	body := st.OK.Render("✓ "+s.summary) + "\n\n" + st.Subtle.Render(cat.T("invite.screen.lang", i18n.LangName(s.lang))) + "\n\n" +
		format.InviteMessage(i18n.For(s.lang), s.d)
	s.text = newTextScreen(s.C, cat.T("invite.screen.title"), body)
	s.text.SetSize(s.Width(), s.Height())
	s.text.pager.top = top
}

func (s *inviteScreen) Init() tea.Cmd { return nil }

func (s *inviteScreen) KeyMap() component.KeyMap {
	return component.Keys([]key.Binding{s.keys.Lang, s.keys.Scroll, s.keys.Back})
}

func (s *inviteScreen) Update(msg tea.Msg) tea.Cmd {
	defer s.layout()
	switch k, ok := msg.(tea.KeyPressMsg); {
	case ok && key.Matches(k, s.keys.Lang):
		s.lang = otherLang(s.lang)
		s.render()
		return nil
	case ok && key.Matches(k, s.keys.Back):
		return s.C.Nav.Pop()
	case ok && !key.Matches(k, s.keys.Scroll):
		return nil
	}
	return s.text.Update(msg)
}

// SetSize lays the text out for the size.
func (s *inviteScreen) SetSize(width, height int) {
	s.Base.SetSize(width, height)
	s.layout()
}

// layout draws the text at the size, so that View only reads.
func (s *inviteScreen) layout() { s.text.SetSize(s.Width(), s.Height()) }

func (s *inviteScreen) View() string { return s.text.View() }
