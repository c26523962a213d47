package tui

import (
	"context"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

// evaluation is the group screen's evaluation tab: one's own before and
// after, and for leaders the programme's anonymous figures (from the
// report: means, how many answered both, the change over them) and
// sharing onward.
type evaluation struct {
	mine   *session.MyAssessment
	rep    *session.Report // leaders only
	shares []session.Share
}

type evaluationMsg struct {
	ev  *evaluation
	err error
}

// loadEvaluationFor loads the tab for the component to.
func loadEvaluationFor(c *component.Common, to component.ID, groupID int64, leads bool) tea.Cmd {
	return component.Call(c, to, evaluationCall(groupID, leads), evaluationWrap)
}

func evaluationWrap(ev *evaluation, err error) tea.Msg { return evaluationMsg{ev, err} }

func evaluationCall(groupID int64, leads bool) func(ctx context.Context, svc *session.Service, a session.Actor) (*evaluation, error) {
	return func(ctx context.Context, svc *session.Service, a session.Actor) (*evaluation, error) {
		ev := &evaluation{}
		var err error
		if ev.mine, err = svc.MyAssessment(ctx, a, groupID); err != nil {
			return nil, err
		}
		if ev.shares, err = svc.Shares(ctx, a, groupID); err != nil {
			return nil, err
		}
		if leads {
			if ev.rep, err = svc.Report(ctx, a, groupID); err != nil {
				return nil, err
			}
		}
		return ev, nil
	}
}

// wrapText wraps text to width with an indent; nothing is cut.
func wrapText(text string, width, indent int) []string {
	w := max(width-indent, 10)
	out := strings.Split(lipgloss.NewStyle().Width(w).Render(text), "\n")
	for i := range out {
		out[i] = strings.Repeat(" ", indent) + strings.TrimRight(out[i], " ")
	}
	return out
}

// flow lays pieces out on as few lines as fit width, each line indented;
// a piece wider than the line wraps on its own lines.
func flow(pieces []string, width, indent int) []string {
	var out []string
	line := ""
	flush := func() {
		if line != "" {
			out = append(out, strings.Repeat(" ", indent)+line)
			line = ""
		}
	}
	for _, p := range pieces {
		switch {
		case indent+lipgloss.Width(p) > width:
			flush()
			out = append(out, wrapText(p, width, indent)...)
		case line == "":
			line = p
		case indent+lipgloss.Width(line)+3+lipgloss.Width(p) <= width:
			line += "   " + p
		default:
			flush()
			line = p
		}
	}
	flush()
	return out
}

// meanCell is a labelled bar, or why the mean is not shown.
func meanCell(cat i18n.Catalog, label string, a *session.AssessmentAggregate, i int) string {
	if a != nil && a.MeanShown(i) {
		return label + " " + format.Bar(cat, a.Means[i], 10)
	}
	return label + " " + format.AggregateCell(cat, a, i)
}

// lines draws the tab (for the group screen while it is an App screen).
func (ev *evaluation) lines(m *App, width int, leads bool) []string {
	return ev.draw(m.c, width, leads)
}

// draw draws the tab.
func (ev *evaluation) draw(c *component.Common, width int, leads bool) []string {
	s, cat := c.Styles, c.Cat
	var out []string
	out = append(out, s.Accent.Bold(true).Render(cat.T("assessment.mine")))
	switch {
	case ev.mine == nil || ev.mine.Before == nil:
		out = append(out, s.Subtle.Render("  "+cat.T("assessment.none_yet")))
	default:
		out = append(out, s.Subtle.Render("  "+cat.T("assessment.anchors")))
		own := func(label string, ans *session.AssessmentAnswer, i int) string {
			if ans == nil || i >= len(ans.Scores) || ans.Scores[i] == 0 {
				return label + " –"
			}
			return label + " " + format.Bar(cat, float64(ans.Scores[i]), 10)
		}
		for i, it := range ev.mine.Items {
			out = append(out, wrapText(it, width, 2)...)
			out = append(out, flow([]string{own(cat.T("assessment.before"), ev.mine.Before, i), own(cat.T("assessment.after"), ev.mine.After, i)}, width, 4)...)
		}
	}
	if !leads || ev.rep == nil {
		return append(out, ev.shareLines(c, width)...)
	}
	rep := ev.rep
	out = append(out, "")
	out = append(out, wrapText(s.Accent.Bold(true).Render(cat.N("assessment.group", session.MinAggregate)), width, 0)...)
	switch {
	case rep.Before == nil:
		out = append(out, s.Subtle.Render("  "+cat.T("assessment.none_yet")))
	case !rep.Before.Shown() && (rep.After == nil || !rep.After.Shown()):
		// Nothing to show per statement yet: say why, once per meeting.
		for _, a := range []*session.AssessmentAggregate{rep.Before, rep.After} {
			if a != nil {
				out = append(out, wrapText(a.Title+": "+format.AggregateNote(cat, a.Respondents, a.Closed), width, 2)...)
			}
		}
	default:
		out = append(out, wrapText(s.Subtle.Render(cat.T("report.assessment_who", rep.Before.Title, format.AggregateAnswered(cat, rep.Before),
			format.AfterTitle(rep), format.AggregateAnswered(cat, rep.After))), width, 2)...)
		for i, it := range rep.Assessment {
			out = append(out, wrapText(it, width, 2)...)
			pieces := []string{meanCell(cat, cat.T("assessment.before"), rep.Before, i)}
			if rep.After != nil {
				pieces = append(pieces, meanCell(cat, cat.T("assessment.after"), rep.After, i))
			}
			if i < len(rep.Change) {
				c := rep.Change[i]
				pieces = append(pieces, cat.T("assessment.change")+" "+format.ChangeCell(cat, c), cat.N("assessment.both", c.Pairs))
			}
			out = append(out, flow(pieces, width, 4)...)
		}
		out = append(out, wrapText(s.Subtle.Render(cat.T("report.pairs_note")), width, 2)...)
		if slices.ContainsFunc(rep.Change, func(c session.AssessmentChange) bool { return c.Withheld }) {
			out = append(out, wrapText(s.Subtle.Render(cat.T("report.withheld_note", session.MinAggregate)), width, 2)...)
		}
	}
	out = append(out, "", s.Accent.Bold(true).Render(cat.T("feedback.group")))
	if len(rep.Feedback) == 0 {
		out = append(out, s.Subtle.Render("  "+cat.T("report.none")))
	}
	for _, f := range rep.Feedback {
		out = append(out, wrapText(f.Title, width, 2)...)
		if !f.MeanShown() {
			out = append(out, wrapText(format.FeedbackMeanCell(cat, f), width, 4)...)
		} else {
			out = append(out, flow([]string{format.Bar(cat, f.Mean, 10), cat.N("report.answered", f.Respondents)}, width, 4)...)
		}
		if f.Shown() && len(f.Words) > 0 {
			out = append(out, wrapText(strings.Join(f.Words, ", "), width, 4)...)
		}
	}
	out = append(out, wrapText(s.Subtle.Render(cat.T("report.leaders_apart")), width, 2)...)
	return append(out, ev.shareLines(c, width)...)
}
