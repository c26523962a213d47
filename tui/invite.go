package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

// inviteScreen shows the message to send with a new invite: the code, the
// command to connect, the server's key and how to make a key of one's
// own. It is in the inviter's language first; l switches the message (not
// the screen) to the other language, for a participant who reads it.
type inviteScreen struct {
	text    *textScreen
	summary string // the code, role, uses and expiry, in the inviter's language
	d       format.InviteDetails
	lang    session.Lang
}

func newInviteScreen(m *App, inv *session.Invite, groupName, summary string) *inviteScreen {
	s := &inviteScreen{summary: summary, lang: m.cat.Lang(), d: format.InviteDetails{
		Code: inv.Code, GroupName: groupName, ExpiresAt: inv.ExpiresAt, Loc: m.opts.Service.Loc,
		Connect: m.opts.Connect, HostKey: m.opts.HostKey,
	}}
	s.render(m)
	return s
}

func (s *inviteScreen) render(m *App) {
	top := 0
	if s.text != nil {
		top = s.text.pager.top
	}
	body := m.styles.OK.Render("✓ "+s.summary) + "\n\n" + m.styles.Subtle.Render(m.cat.T("invite.screen.lang", i18n.LangName(s.lang))) + "\n\n" +
		format.InviteMessage(i18n.For(s.lang), s.d)
	s.text = newTextScreen(m.cat.T("invite.screen.title"), body)
	s.text.pager.top = top
}

func (s *inviteScreen) init(*App) tea.Cmd { return nil }

func (s *inviteScreen) keys(cat i18n.Catalog) keyMap {
	return keys([]key.Binding{binding(cat, "l", "key.message_lang"), binding(cat, "↑/↓", "key.scroll"), binding(cat, "esc", "key.back")})
}

func (s *inviteScreen) update(m *App, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "l" {
		s.lang = otherLang(s.lang)
		s.render(m)
		return nil
	}
	return s.text.update(m, msg)
}

func (s *inviteScreen) view(m *App, width, height int) string { return s.text.view(m, width, height) }
