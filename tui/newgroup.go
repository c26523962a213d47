package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/i18n"
)

// newGroup creates a group from a template.
type newGroup struct {
	form *form.Form
}

type groupCreatedMsg struct {
	g   *session.Group
	err error
}

func newNewGroup(m *App) *newGroup {
	f := form.New(m.cat.T("newgroup.title"))
	var ids, names []string
	for _, t := range m.opts.Service.Templates() {
		ids = append(ids, t.ID)
		names = append(names, t.Name.In(m.cat.Lang()))
	}
	f.Choice(m.cat.T("newgroup.template"), ids, names, "mepe").Compact = true
	f.Text(m.cat.T("newgroup.name"), "", session.MaxGroupNameLen+10)
	f.Focus = 0
	return &newGroup{form: f}
}

func (n *newGroup) init(*App) tea.Cmd { return n.form.Refocus() }

func (n *newGroup) keys(cat i18n.Catalog) keyMap { return formKeys(cat) }

func (n *newGroup) update(m *App, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(groupCreatedMsg); ok {
		if msg.err != nil {
			n.form.Busy = false
			n.form.Err = m.cat.Err(msg.err)
			return nil
		}
		return m.replace(newGroupScreen(msg.g.ID))
	}
	res, cmd := n.form.Update(msg)
	switch res {
	case form.Cancel:
		return m.pop()
	case form.Submit:
		n.form.Busy, n.form.Err = true, ""
		tmpl, name := n.form.Value(0), n.form.Value(1)
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Group, error) {
			return svc.CreateGroup(ctx, a, tmpl, name)
		}, func(g *session.Group, err error) tea.Msg { return groupCreatedMsg{g, err} })
	}
	return cmd
}

func (n *newGroup) view(m *App, width, _ int) string {
	w := min(width, 78)
	t, _ := m.opts.Service.Template(n.form.Value(0))
	out := n.form.View(m.styles, w)
	if t != nil {
		desc := lipgloss.NewStyle().Width(w - 4).Render(t.Description.In(m.cat.Lang()))
		out += "\n" + m.styles.Box.Width(w).Render(m.styles.Subtle.Render(desc))
	}
	return out
}
