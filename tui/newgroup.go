package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
)

// newGroup creates a group from a template.
type newGroup struct {
	component.Base
	app  *App // replaces itself with the new group's screen
	form *form.Form
}

type groupCreatedMsg struct {
	g   *session.Group
	err error
}

func newNewGroup(m *App) *newGroup {
	cat := m.c.Cat
	f := form.New(cat.T("newgroup.title"))
	var ids, names []string
	for _, t := range m.c.Service.Templates() {
		ids = append(ids, t.ID)
		names = append(names, t.Name.In(cat.Lang()))
	}
	f.Choice(cat.T("newgroup.template"), ids, names, "mepe").Compact = true
	f.Text(cat.T("newgroup.name"), "", session.MaxGroupNameLen+10)
	f.Focus = 0
	return &newGroup{Base: component.NewBase(m.c), app: m, form: f}
}

func (n *newGroup) Init() tea.Cmd { return n.form.Refocus() }

// KeyMap is the form's keys; the form matches them.
func (n *newGroup) KeyMap() component.KeyMap { return formKeys(n.C.Cat) }

func (n *newGroup) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(groupCreatedMsg); ok {
		if msg.err != nil {
			n.form.Busy = false
			n.form.Err = n.C.Cat.Err(msg.err)
			return nil
		}
		return n.C.Nav.Replace(newGroupScreen(n.app, msg.g.ID))
	}
	res, cmd := n.form.Update(msg)
	switch res {
	case form.Cancel:
		return n.C.Nav.Pop()
	case form.Submit:
		n.form.Busy, n.form.Err = true, ""
		tmpl, name := n.form.Value(0), n.form.Value(1)
		return component.Call(n.C, n.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Group, error) {
			return svc.CreateGroup(ctx, a, tmpl, name)
		}, func(g *session.Group, err error) tea.Msg { return groupCreatedMsg{g, err} })
	}
	return cmd
}

// SetSize lays the form out: at most 78 columns, for the box under it.
func (n *newGroup) SetSize(width, height int) {
	n.Base.SetSize(width, height)
	n.form.SetSize(min(width, 78), 0)
}

// View draws the form and the chosen template's description.
func (n *newGroup) View() string {
	w, s, cat := min(n.Width(), 78), n.C.Styles, n.C.Cat
	t, _ := n.C.Service.Template(n.form.Value(0))
	out := n.form.Render(s)
	if t != nil {
		desc := lipgloss.NewStyle().Width(w - 4).Render(t.Description.In(cat.Lang()))
		out += "\n" + s.Box.Width(w).Render(s.Subtle.Render(desc))
	}
	return out
}
