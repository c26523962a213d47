package cli

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

// evaluationCommand is the group screen's evaluation tab as text: one's
// own self-assessment before and after per statement, and for the group's
// leaders the anonymous means the tab shows them. Nobody sees another
// person's answers: the figures come from MyAssessment and Report.
func evaluationCommand() Command {
	return Command{
		Name: "evaluation", Args: "GROUP [--json]", Summary: "cli.evaluation.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("json", false, "") },
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usageError{env.Cat.T("cli.evaluation.need_group")}
			}
			g, err := env.Service.FindGroup(ctx, env.Actor, strings.Join(fs.Args(), " "))
			if err != nil {
				return err
			}
			mine, err := env.Service.MyAssessment(ctx, env.Actor, g.ID)
			if err != nil {
				return err
			}
			var rep *session.Report
			if g.MyRole.Leads() {
				if rep, err = env.Service.Report(ctx, env.Actor, g.ID); err != nil {
					return err
				}
			}
			before, after := answerMeeting(ctx, env, mine.Before), answerMeeting(ctx, env, mine.After)
			if flagBool(fs, "json") {
				return writeJSON(env.Stdout, evaluationJSON(g, mine, before, after, rep))
			}
			fmt.Fprint(env.Stdout, EvaluationText(env.Cat, g.Name, mine, before, after, rep))
			return nil
		},
	}
}

// answerMeeting names the meeting an answer was given at, or "".
func answerMeeting(ctx context.Context, env *Env, ans *session.AssessmentAnswer) string {
	if ans == nil {
		return ""
	}
	m, _, err := env.Service.Meeting(ctx, env.Actor, ans.MeetingID)
	if err != nil {
		return ""
	}
	return m.Title
}

// score is one's own rating of statement i, or 0.
func score(ans *session.AssessmentAnswer, i int) int {
	if ans == nil || i >= len(ans.Scores) {
		return 0
	}
	return ans.Scores[i]
}

func scoreText(n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/5", n)
}

// EvaluationText renders the evaluation as lines that each stand alone,
// for a terminal, a screen reader and the line mode alike.
func EvaluationText(cat i18n.Catalog, group string, mine *session.MyAssessment, before, after string, rep *session.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n", cat.T("assessment.mine"), group)
	if mine.Before == nil {
		fmt.Fprintln(&b, cat.T("assessment.none_yet"))
	} else {
		fmt.Fprintln(&b, cat.T("assessment.anchors"))
		fmt.Fprintln(&b, cat.T("cli.evaluation.when", before, orDash(after)))
		for i, it := range mine.Items {
			fmt.Fprintf(&b, "%d. %s\n   %s %s, %s %s\n", i+1, it,
				cat.T("assessment.before"), scoreText(score(mine.Before, i)),
				cat.T("assessment.after"), scoreText(score(mine.After, i)))
		}
		fmt.Fprintln(&b, cat.T("cli.evaluation.only_you"))
	}
	if rep != nil {
		b.WriteString("\n")
		groupMeans(&b, cat, rep)
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// groupMeans is the leaders' part: the means before and after and the
// change over those who answered both times, or why they are not shown.
func groupMeans(b *strings.Builder, cat i18n.Catalog, rep *session.Report) {
	fmt.Fprintln(b, cat.N("assessment.group", session.MinAggregate))
	switch {
	case rep.Before == nil:
		fmt.Fprintln(b, cat.T("assessment.none_yet"))
		return
	case !rep.Before.Shown() && (rep.After == nil || !rep.After.Shown()):
		for _, a := range []*session.AssessmentAggregate{rep.Before, rep.After} {
			if a != nil {
				fmt.Fprintf(b, "%s: %s\n", a.Title, format.AggregateNote(cat, a.Respondents, a.Closed))
			}
		}
		return
	}
	fmt.Fprintln(b, cat.T("report.assessment_who", rep.Before.Title, format.AggregateAnswered(cat, rep.Before),
		format.AfterTitle(rep), format.AggregateAnswered(cat, rep.After)))
	for i, it := range rep.Assessment {
		parts := []string{cat.T("assessment.before") + " " + format.AggregateCell(cat, rep.Before, i)}
		if rep.After != nil {
			parts = append(parts, cat.T("assessment.after")+" "+format.AggregateCell(cat, rep.After, i))
		}
		if i < len(rep.Change) {
			c := rep.Change[i]
			parts = append(parts, cat.T("assessment.change")+" "+format.ChangeCell(cat, c), cat.N("assessment.both", c.Pairs))
		}
		fmt.Fprintf(b, "%d. %s\n   %s\n", i+1, it, strings.Join(parts, ", "))
	}
	fmt.Fprintln(b, cat.T("report.pairs_note"))
	if slices.ContainsFunc(rep.Change, func(c session.AssessmentChange) bool { return c.Withheld }) {
		fmt.Fprintln(b, cat.T("report.withheld_note", session.MinAggregate))
	}
}

func evaluationJSON(g *session.GroupSummary, mine *session.MyAssessment, before, after string, rep *session.Report) map[string]any {
	items := make([]map[string]any, 0, len(mine.Items))
	for i, it := range mine.Items {
		items = append(items, map[string]any{"statement": it,
			"before": nullScore(score(mine.Before, i)), "after": nullScore(score(mine.After, i))})
	}
	out := map[string]any{"group": g.ID, "name": g.Name, "mine": items,
		"before_meeting": nullString(before), "after_meeting": nullString(after)}
	if rep != nil {
		// The same figures as report --json gives.
		out["group_means"] = format.StatementsJSON(rep)
	}
	return out
}

func nullScore(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
