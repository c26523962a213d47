package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// The onboarding fields, in tab order.
const (
	fieldCode = iota
	fieldName
	fieldLang
	fieldCount
)

// onboarding asks an unknown key for an invite code, a name and a language.
type onboarding struct {
	code    textinput.Model
	name    textinput.Model
	focus   int
	lang    session.Lang
	err     string
	working bool
}

type redeemedMsg struct {
	person *session.Person
	err    error
}

func newOnboarding(m *App) *onboarding {
	o := &onboarding{lang: m.cat.Lang()}
	o.code = textinput.New()
	o.code.CharLimit = 32
	o.code.Placeholder = "ABCD-EFGH-JKMN"
	o.name = textinput.New()
	// Room for a few characters over the limit, so that an overlong name
	// gets a message instead of being cut silently.
	o.name.CharLimit = session.MaxNameLen + 16
	o.code.Focus()
	return o
}

func (o *onboarding) keys(cat i18n.Catalog) keyMap { return onboardingKeys(cat) }

func (o *onboarding) init(*App) tea.Cmd { return nil }

func (o *onboarding) setFocus(f int) tea.Cmd {
	o.focus = (f + fieldCount) % fieldCount
	o.code.Blur()
	o.name.Blur()
	switch o.focus {
	case fieldCode:
		return o.code.Focus()
	case fieldName:
		return o.name.Focus()
	}
	return nil
}

func (o *onboarding) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case redeemedMsg:
		o.working = false
		if msg.err != nil {
			o.err = m.cat.Err(msg.err)
			switch session.AsError(msg.err).Message {
			case session.MsgNameEmpty, session.MsgNameTooLong, session.MsgNameLookAlike, session.MsgNameRoomMark, session.MsgNameRoomLabel:
				return o.setFocus(fieldName)
			}
			return o.setFocus(fieldCode)
		}
		m.setActor(session.Actor{Fingerprint: m.actor.Fingerprint, Person: msg.person})
		if m.opts.Joined != nil {
			m.opts.Joined(msg.person.ID)
		}
		m.setLang(msg.person.Lang)
		return m.replace(newHome())
	case tea.KeyPressMsg:
		if o.working {
			return nil
		}
		switch msg.String() {
		case "tab", "down":
			return o.setFocus(o.focus + 1)
		case "shift+tab", "up":
			return o.setFocus(o.focus - 1)
		case "enter":
			if o.focus < fieldLang {
				return o.setFocus(o.focus + 1)
			}
			return o.submit(m)
		case "?":
			if o.focus == fieldLang {
				m.toggleHelp()
				return nil
			}
		}
		if o.focus == fieldLang {
			switch msg.String() {
			case "left", "right", "space", "h", "l":
				o.lang = otherLang(o.lang)
				m.setLang(o.lang) // the screen switches language at once
			}
			return nil
		}
	}
	var cmd tea.Cmd
	switch o.focus {
	case fieldCode:
		o.code, cmd = o.code.Update(msg)
	case fieldName:
		o.name, cmd = o.name.Update(msg)
	}
	return cmd
}

func otherLang(l session.Lang) session.Lang {
	if l == session.LangFI {
		return session.LangEN
	}
	return session.LangFI
}

// submit redeems the invite off the update loop.
func (o *onboarding) submit(m *App) tea.Cmd {
	o.working = true
	o.err = ""
	req := session.RedeemRequest{Code: o.code.Value(), Name: o.name.Value(), Lang: string(o.lang), KeyType: m.opts.KeyType}
	svc, ctx, actor := m.opts.Service, m.opts.Ctx, m.actor
	return func() tea.Msg {
		p, err := svc.Redeem(ctx, actor, req)
		return redeemedMsg{person: p, err: err}
	}
}

func (o *onboarding) view(m *App, width, _ int) string {
	s, cat := m.styles, m.cat
	inner := min(width-4, 72)
	o.code.SetWidth(max(inner-20, 10))
	o.name.SetWidth(max(inner-20, 10))

	var b strings.Builder
	b.WriteString(s.Title.Render(cat.T("onboarding.title")) + "\n\n")
	b.WriteString(lipgloss.NewStyle().Width(inner).Render(cat.T("onboarding.intro")) + "\n\n")

	row := func(f int, label, value string) {
		marker := "  "
		style := s.Label
		if o.focus == f {
			marker = s.Focused.Render("› ")
			style = style.Inherit(s.Focused)
		}
		b.WriteString(marker + style.Render(label) + value + "\n")
	}
	row(fieldCode, cat.T("onboarding.code"), o.code.View())
	row(fieldName, cat.T("onboarding.name"), o.name.View())
	var langs []string
	for _, l := range session.Langs {
		if l == o.lang {
			langs = append(langs, s.Focused.Render("(•) "+i18n.LangName(l)))
		} else {
			langs = append(langs, "( ) "+i18n.LangName(l))
		}
	}
	row(fieldLang, cat.T("onboarding.language"), strings.Join(langs, "  "))
	b.WriteString("\n")

	switch {
	case o.working:
		b.WriteString(s.Subtle.Render("… " + cat.T("onboarding.joining")))
	case o.err != "":
		b.WriteString(lipgloss.NewStyle().Width(inner).Render(s.Error.Render("✗ " + o.err)))
	default:
		b.WriteString(s.Subtle.Render(lipgloss.NewStyle().Width(inner).Render(cat.T("onboarding.hint"))))
	}
	return s.Box.Width(inner + 4).Render(b.String())
}
