package tui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/format"
)

// evaluationTab shows one's own self-assessment and, to leaders, the
// group's figures, the report and sharing onward (see evaluation.go).
type evaluationTab struct{}

type reportMsg struct {
	rep *session.Report
	err error
}

func (evaluationTab) enable(g *groupScreen, k *groupKeyMap) []key.Binding {
	if !g.leads() {
		return nil
	}
	k.Report.SetEnabled(true)
	k.Share.SetEnabled(true)
	k.EditStatement.SetEnabled(true)
	return []key.Binding{k.Report, k.Share, k.EditStatement}
}

func (evaluationTab) key(g *groupScreen, k tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(k, g.keys.Report):
		gid := g.id
		return groupCall(g, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Report, error) {
			return svc.Report(ctx, a, gid)
		}, func(rep *session.Report, err error) tea.Msg { return reportMsg{rep, err} }), true
	case key.Matches(k, g.keys.EditStatement):
		if g.eval == nil || g.eval.mine == nil {
			return nil, true
		}
		return g.openForm(newStatementsForm(g, g.eval.mine.Items)), true
	case key.Matches(k, g.keys.Share):
		return g.C.Nav.Push(newShareScreen(g.C, g.id, func(status string) { g.status = status })), true
	}
	return nil, false
}

func (evaluationTab) lines(g *groupScreen, width int) []string {
	if g.eval == nil {
		return []string{g.C.Styles.Subtle.Render(g.C.Cat.T("app.loading"))}
	}
	return g.eval.lines(g.app, width, g.leads())
}

// loadEvaluation loads the tab, its answer addressed to this screen.
func (g *groupScreen) loadEvaluation() tea.Cmd {
	return loadEvaluationFor(g.C, g.ID(), g.id, g.leads())
}

// addressTo addresses the message cmd returns to the component id.

// evaluationResult takes the tab's data or the report.
func (g *groupScreen) evaluationResult(msg tea.Msg) tea.Cmd {
	cat := g.C.Cat
	switch msg := msg.(type) {
	case evaluationMsg:
		if msg.err != nil {
			g.err = cat.Err(msg.err)
			return nil
		}
		g.eval = msg.ev
	case reportMsg:
		if msg.err != nil {
			g.err = cat.Err(msg.err)
			return nil
		}
		return g.C.Nav.Push(newTextScreen(g.C, cat.T("report.title", g.d.Name), format.ReportScreenText(cat, g.C.Service.Loc, msg.rep)))
	}
	return nil
}

// statementsForm edits the self-assessment's statements, with room for
// two more.
type statementsForm struct{ f *form.Form }

func newStatementsForm(g *groupScreen, items []string) statementsForm {
	f := form.New(g.C.Cat.T("assessment.edit_title"))
	for i := 0; i < min(len(items)+2, session.MaxAssessmentItems); i++ {
		v := ""
		if i < len(items) {
			v = items[i]
		}
		f.Text(fmt.Sprintf("%d.", i+1), v, session.MaxAssessmentTextLen+10)
	}
	f.Focus = 0
	return statementsForm{f}
}

func (s statementsForm) fields() *form.Form { return s.f }

func (s statementsForm) submit(g *groupScreen) tea.Cmd {
	var items []string
	for i := range s.f.Fields {
		items = append(items, s.f.Value(i))
	}
	gid := g.id
	return g.change("assessment.edited", nil, func(ctx context.Context, svc *session.Service, a session.Actor) error {
		return svc.SetAssessmentItems(ctx, a, gid, items)
	})
}
