package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/form"
)

// agreementTab shows the group agreement; leaders edit it, and a member
// who has not acknowledged the current version acknowledges it here.
type agreementTab struct{}

func (agreementTab) enable(g *groupScreen, k *groupKeyMap) []key.Binding {
	bar := []key.Binding{k.Up, k.NextTab, k.Back}
	if g.mustAck {
		k.Ack.SetEnabled(true)
		bar = []key.Binding{k.Ack, k.Up, k.Back}
	}
	if g.leads() {
		k.Edit.SetEnabled(true)
		bar = append(bar, k.Edit)
	}
	return bar
}

func (agreementTab) key(g *groupScreen, k tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(k, g.keys.Ack):
		gid, version := g.id, g.d.Agreement.Version
		return groupCall(g, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.AcknowledgeAgreement(ctx, a, gid, version)
		}, func(_ struct{}, err error) tea.Msg { return ackedMsg{err} }), true
	case key.Matches(k, g.keys.Edit):
		return g.openForm(newAgreementForm(g)), true
	}
	return nil, false
}

func (agreementTab) lines(g *groupScreen, width int) []string {
	s, cat := g.C.Styles, g.C.Cat
	var out []string
	if g.mustAck {
		out = append(out, lipgloss.NewStyle().Width(width).Render(s.Error.Render("! "+cat.T("group.ack_needed"))), "")
	}
	ag := g.d.Agreement
	for _, sec := range ag.Sections() {
		if strings.TrimSpace(*sec.Text) == "" {
			continue
		}
		out = append(out, s.Accent.Bold(true).Render(cat.T(sec.Label)))
		out = append(out, strings.Split(lipgloss.NewStyle().Width(min(width, 90)-2).PaddingLeft(2).Render(*sec.Text), "\n")...)
		out = append(out, "")
	}
	out = append(out, s.Subtle.Render(cat.T("group.agreement_version", ag.Version, cat.Date(ag.UpdatedAt, g.C.Service.Loc))))
	return out
}

// agreementForm edits the agreement's sections; saving makes a new
// version that everyone acknowledges again.
type agreementForm struct {
	f       *form.Form
	version int // the version edited, so that a concurrent edit is refused
}

func newAgreementForm(g *groupScreen) agreementForm {
	cat, ag := g.C.Cat, g.d.Agreement
	f := form.New(cat.T("group.agreement_edit_title", ag.Version+1))
	f.OnEnter = false
	// The sections share the screen: the help bar, the header and the
	// labels take about twelve lines.
	h := max((g.app.height-12)/5-1, 1)
	for _, sec := range ag.Sections() {
		f.Area(cat.T(sec.Label), *sec.Text, session.MaxAgreementLen, h)
	}
	f.Focus = 0
	return agreementForm{f, ag.Version}
}

func (a agreementForm) fields() *form.Form { return a.f }

func (a agreementForm) submit(g *groupScreen) tea.Cmd {
	ag := session.Agreement{GroupID: g.id, Version: a.version}
	for i, sec := range ag.Sections() {
		*sec.Text = a.f.Value(i)
	}
	return groupCall(g, func(ctx context.Context, svc *session.Service, actor session.Actor) (*session.Agreement, error) {
		return svc.UpdateAgreement(ctx, actor, ag)
	}, func(_ *session.Agreement, err error) tea.Msg { return doneMsg{"group.agreement_saved", nil, err} })
}
