package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
)

// The onboarding fields, in tab order.
const (
	fieldCode = iota
	fieldName
	fieldLang
	fieldCount
)

// onboarding asks an unknown key for an invite code, a name and a
// language. It is one of the App's own screens: joining changes who the
// session is.
type onboarding struct {
	component.Base
	app     *App
	keys    onboardingKeyMap
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

// onboardingKeyMap is the join screen's keys. Lang and Help work on the
// language field only: elsewhere those keys are typed into the fields.
type onboardingKeyMap struct {
	Next, Prev, Join, Lang, Help, Quit key.Binding
}

func newOnboardingKeyMap(cat i18n.Catalog) onboardingKeyMap {
	return onboardingKeyMap{
		Next: component.Bind(cat, "tab/↓", "key.next_field", "tab", "down"),
		Prev: component.Bind(cat, "shift+tab/↑", "key.prev_field", "shift+tab", "up"),
		Join: component.Bind(cat, "enter", "key.join"),
		Lang: component.Bind(cat, "←/→", "key.choose_language", "left", "right", "space", "h", "l"),
		Help: component.Bind(cat, "?", "key.help"),
		// ctrl+c is the App's; here it is in the bar, the only way out.
		Quit: component.Bind(cat, "ctrl+c", "key.quit"),
	}
}

func newOnboarding(m *App) *onboarding {
	o := &onboarding{Base: component.NewBase(m.c), app: m, lang: m.cat.Lang()}
	o.code = textinput.New()
	o.code.CharLimit = 32
	o.code.Placeholder = "ABCD-EFGH-JKMN"
	o.name = textinput.New()
	// Room for a few characters over the limit, so that an overlong name
	// gets a message instead of being cut silently.
	o.name.CharLimit = session.MaxNameLen + 16
	o.code.Focus()
	o.syncKeys()
	return o
}

func (o *onboarding) KeyMap() component.KeyMap {
	k := o.keys
	return component.Keys([]key.Binding{k.Next, k.Join, k.Quit}, k.Prev, k.Lang)
}

// syncKeys turns on the keys the focused field gives meaning to.
func (o *onboarding) syncKeys() {
	o.keys = newOnboardingKeyMap(o.C.Cat)
	o.keys.Lang.SetEnabled(o.focus == fieldLang)
	o.keys.Help.SetEnabled(o.focus == fieldLang)
}

func (o *onboarding) Init() tea.Cmd { return nil }

// SetSize fits the fields to the box.
func (o *onboarding) SetSize(width, height int) {
	o.Base.SetSize(width, height)
	inner := o.inner()
	o.code.SetWidth(max(inner-20, 10))
	o.name.SetWidth(max(inner-20, 10))
}

func (o *onboarding) inner() int { return min(o.Width()-4, 72) }

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

func (o *onboarding) Update(msg tea.Msg) tea.Cmd {
	cmd := o.update(msg)
	o.syncKeys()
	return cmd
}

func (o *onboarding) update(msg tea.Msg) tea.Cmd {
	m := o.app
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
		return m.Replace(newHome(m))
	case tea.KeyPressMsg:
		if o.working {
			return nil
		}
		switch k := o.keys; {
		case key.Matches(msg, k.Next):
			return o.setFocus(o.focus + 1)
		case key.Matches(msg, k.Prev):
			return o.setFocus(o.focus - 1)
		case key.Matches(msg, k.Join):
			if o.focus < fieldLang {
				return o.setFocus(o.focus + 1)
			}
			return o.submit()
		case key.Matches(msg, k.Help):
			o.C.Nav.ToggleHelp()
			return nil
		case key.Matches(msg, k.Lang):
			o.lang = otherLang(o.lang)
			m.setLang(o.lang) // the screen switches language at once
			return nil
		case o.focus == fieldLang:
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
func (o *onboarding) submit() tea.Cmd {
	o.working = true
	o.err = ""
	req := session.RedeemRequest{Code: o.code.Value(), Name: o.name.Value(), Lang: string(o.lang), KeyType: o.app.opts.KeyType}
	return component.Call(o.C, o.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Person, error) {
		return svc.Redeem(ctx, a, req)
	}, func(p *session.Person, err error) tea.Msg { return redeemedMsg{person: p, err: err} })
}

func (o *onboarding) View() string {
	s, cat := o.C.Styles, o.C.Cat
	inner := o.inner()

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
