package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// home is where a person lands: who they are, their groups, what to do next.
type home struct {
	status string
	err    string
}

type langSavedMsg struct {
	person *session.Person
	err    error
}

func newHome() *home { return &home{} }

func (h *home) keys(cat i18n.Catalog) keyMap { return homeKeys(cat) }

func (h *home) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case langSavedMsg:
		if msg.err != nil {
			h.err = m.cat.Err(msg.err)
			return nil
		}
		m.actor.Person = msg.person
		m.setLang(msg.person.Lang)
		h.err, h.status = "", m.cat.T("home.language_saved", i18n.LangName(msg.person.Lang))
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q":
			m.quitting = true
			return tea.Quit
		case "?":
			m.toggleHelp()
		case "l":
			svc, ctx, actor := m.opts.Service, m.opts.Ctx, m.actor
			next := otherLang(m.cat.Lang())
			return func() tea.Msg {
				p, err := svc.SetLang(ctx, actor, string(next))
				return langSavedMsg{person: p, err: err}
			}
		}
	}
	return nil
}

func (h *home) view(m *App, width, _ int) string {
	s, cat, p := m.styles, m.cat, m.actor.Person
	var b strings.Builder
	b.WriteString(s.Header.Width(width).Render("piiri") + "\n\n")
	b.WriteString(s.Title.Render(cat.T("home.welcome", p.Name)) + "\n")
	b.WriteString(s.Subtle.Render(cat.T("home.role", cat.Role(p.Role))) + "\n\n")

	b.WriteString(s.Accent.Bold(true).Render(cat.T("home.groups")) + "\n")
	wrap := lipgloss.NewStyle().Width(min(width, 76)).PaddingLeft(2)
	b.WriteString(wrap.Render(cat.T("home.no_groups."+string(p.Role))) + "\n")

	switch {
	case h.err != "":
		b.WriteString("\n" + s.Error.Render("✗ "+h.err) + "\n")
	case h.status != "":
		b.WriteString("\n" + s.OK.Render("✓ "+h.status) + "\n")
	}
	return b.String()
}
