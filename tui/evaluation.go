package tui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
)

// scoreChoice is a 1–5 field.
func scoreChoice(f *form, label, selected string) {
	values := []string{"1", "2", "3", "4", "5"}
	f.choice(label, values, values, selected).compact = true
}

// newAssessmentForm asks for a score per statement and free text.
func newAssessmentForm(m *App, items []string) *form {
	f := newForm(m.cat.T("assessment.title"))
	f.onEnter = false
	for _, it := range items {
		scoreChoice(f, it, "3")
		f.fields[len(f.fields)-1].long = true // a statement is read whole
	}
	f.area(m.cat.T("assessment.note"), "", session.MaxNoteLen, 2)
	f.focus = 0
	return f
}

// newFeedbackForm is the pulse at the end of a meeting.
func newFeedbackForm(m *App) *form {
	f := newForm(m.cat.T("feedback.title"))
	scoreChoice(f, m.cat.T("feedback.score"), "4")
	f.text(m.cat.T("feedback.word"), "", session.MaxFeedbackWordLen)
	f.focus = 0
	return f
}

type assessmentItemsMsg struct {
	items []string
	err   error
}

type evaluationSavedMsg struct {
	status string
	err    error
}

// evaluation is the group screen's evaluation tab: one's own before and
// after, and for leaders the anonymous aggregates and sharing onward.
type evaluation struct {
	mine     *session.MyAssessment
	aggs     []session.AssessmentAggregate
	feedback []session.FeedbackAggregate
	shares   []session.Share
}

type evaluationMsg struct {
	ev  *evaluation
	err error
}

func loadEvaluation(m *App, groupID int64, leads bool) tea.Cmd {
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*evaluation, error) {
		ev := &evaluation{}
		var err error
		if ev.mine, err = svc.MyAssessment(ctx, a, groupID); err != nil {
			return nil, err
		}
		if ev.shares, err = svc.Shares(ctx, a, groupID); err != nil {
			return nil, err
		}
		if leads {
			if ev.aggs, err = svc.AssessmentAggregates(ctx, a, groupID); err != nil {
				return nil, err
			}
			if ev.feedback, err = svc.FeedbackAggregates(ctx, a, groupID); err != nil {
				return nil, err
			}
		}
		return ev, nil
	}, func(ev *evaluation, err error) tea.Msg { return evaluationMsg{ev, err} })
}

// lines draws the tab.
func (ev *evaluation) lines(m *App, width int, leads bool) []string {
	s, cat := m.styles, m.cat
	var out []string
	out = append(out, s.Accent.Bold(true).Render(cat.T("assessment.mine")))
	switch {
	case ev.mine == nil || ev.mine.Before == nil:
		out = append(out, s.Subtle.Render("  "+cat.T("assessment.none_yet")))
	default:
		out = append(out, s.Subtle.Render(fmt.Sprintf("  %-30s %-15s %s", "", cat.T("assessment.before"), cat.T("assessment.after"))))
		for i, it := range ev.mine.Items {
			before, after := "–", "–"
			if i < len(ev.mine.Before.Scores) {
				before = cli.Bar(float64(ev.mine.Before.Scores[i]), 10)
			}
			if ev.mine.After != nil && i < len(ev.mine.After.Scores) {
				after = cli.Bar(float64(ev.mine.After.Scores[i]), 10)
			}
			out = append(out, truncate(fmt.Sprintf("  %-30s %-15s %s", truncate(it, 30), before, after), width))
		}
	}
	if !leads {
		return append(out, ev.shareLines(m, width)...)
	}
	out = append(out, "", s.Accent.Bold(true).Render(cat.N("assessment.group", session.MinAggregate)))
	if len(ev.aggs) == 0 {
		out = append(out, s.Subtle.Render("  "+cat.T("assessment.none_yet")))
	}
	for _, a := range ev.aggs {
		if !a.Shown() {
			out = append(out, truncate("  "+a.Title+": "+cli.AggregateNote(cat, a.Respondents, a.Closed), width))
			continue
		}
		out = append(out, truncate(fmt.Sprintf("  %s (%s)", a.Title, cat.N("report.answered", a.Respondents)), width))
		for i, it := range ev.mine.Items {
			if i < len(a.Means) {
				out = append(out, truncate(fmt.Sprintf("    %-30s %s", truncate(it, 30), cli.Bar(a.Means[i], 10)), width))
			}
		}
	}
	out = append(out, "", s.Accent.Bold(true).Render(cat.T("feedback.group")))
	if len(ev.feedback) == 0 {
		out = append(out, s.Subtle.Render("  "+cat.T("report.none")))
	}
	for _, f := range ev.feedback {
		if !f.Shown() {
			out = append(out, truncate("  "+f.Title+": "+cli.AggregateNote(cat, f.Respondents, f.Closed), width))
			continue
		}
		out = append(out, truncate(fmt.Sprintf("  %-30s %s  %s  %s", truncate(f.Title, 30), cli.Bar(f.Mean, 10), cat.N("report.answered", f.Respondents), strings.Join(f.Words, ", ")), width))
	}
	out = append(out, s.Subtle.Render("  "+cat.T("report.leaders_apart")))
	return append(out, ev.shareLines(m, width)...)
}
