package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// Bar draws a value on a 1–5 scale as a bar of cells, with the number
// beside it so that nothing depends on seeing the bar.
func Bar(v float64, cells int) string {
	n := int(v/5*float64(cells) + 0.5)
	n = min(max(n, 0), cells)
	return strings.Repeat("█", n) + strings.Repeat("░", cells-n) + fmt.Sprintf(" %.1f", v)
}

// Sparkline draws 1–5 values as one line of block heights.
func Sparkline(vs []float64) string {
	blocks := []rune("▁▂▃▄▅▆▇█")
	var b strings.Builder
	for _, v := range vs {
		if v <= 0 {
			b.WriteRune('·')
			continue
		}
		i := int((v - 1) / 4 * float64(len(blocks)-1))
		b.WriteRune(blocks[min(max(i, 0), len(blocks)-1)])
	}
	return b.String()
}

// ReportText renders a programme report with terminal charts; with md it
// is Markdown (charts in code blocks).
func ReportText(cat i18n.Catalog, rep *session.Report, md bool) string {
	var b strings.Builder
	h1, h2, pre, endPre := "", "", "", ""
	if md {
		h1, h2, pre, endPre = "# ", "## ", "```\n", "```\n"
	}
	fmt.Fprintf(&b, "%s%s\n\n", h1, cat.T("report.title", mdIf(md, rep.Group.Name)))
	fmt.Fprintf(&b, "%s\n\n", cat.N("report.members", rep.Members))

	fmt.Fprintf(&b, "%s%s\n\n%s", h2, cat.T("report.meetings"), pre)
	for _, m := range rep.Meetings {
		actual := "–"
		if m.State != session.MeetingPlanned {
			actual = strconv.Itoa(m.ActualMinutes)
		}
		fmt.Fprintf(&b, "%-36s %s\n", truncRunes(m.Title, 36), cat.T("report.meeting_line", m.Attended, rep.Members, m.PlannedMinutes, actual))
	}
	fmt.Fprint(&b, endPre)

	fmt.Fprintf(&b, "\n%s%s\n\n", h2, cat.T("report.tasks"))
	if len(rep.Tasks) == 0 {
		fmt.Fprintln(&b, cat.T("report.none"))
	}
	for _, t := range rep.Tasks {
		fmt.Fprintf(&b, "- %s: %s\n", mdIf(md, t.Title), cat.T("report.task_line", t.Done, t.Members))
	}

	fmt.Fprintf(&b, "\n%s%s\n\n", h2, cat.T("report.assessment"))
	switch {
	case rep.Before == nil:
		fmt.Fprintln(&b, cat.T("report.no_assessment"))
	default:
		fmt.Fprint(&b, pre)
		fmt.Fprintf(&b, "%s\n", cat.T("report.assessment_who", rep.Before.Title, cat.N("report.answered", rep.Before.Respondents),
			afterTitle(rep), cat.N("report.answered", afterRespondents(rep))))
		for i, item := range rep.Assessment {
			fmt.Fprintf(&b, "%-40s %s   %s\n", truncRunes(item, 40), aggCell(cat, rep.Before, i), aggCell(cat, rep.After, i))
		}
		fmt.Fprint(&b, endPre)
		if leaderAnswers(rep.Before) > 0 || leaderAnswers(rep.After) > 0 {
			fmt.Fprintln(&b, cat.T("report.leaders_apart"))
		}
	}

	fmt.Fprintf(&b, "\n%s%s\n\n", h2, cat.T("report.feedback"))
	if len(rep.Feedback) == 0 {
		fmt.Fprintln(&b, cat.T("report.none"))
	} else {
		var means []float64
		leaders := 0
		fmt.Fprint(&b, pre)
		for _, f := range rep.Feedback {
			leaders += f.LeaderAnswers
			if !f.Shown() {
				means = append(means, 0)
				fmt.Fprintf(&b, "%-36s %s\n", truncRunes(f.Title, 36), AggregateNote(cat, f.Respondents, f.Closed))
				continue
			}
			means = append(means, f.Mean)
			line := fmt.Sprintf("%-36s %s  %s  %s", truncRunes(f.Title, 36), Bar(f.Mean, 10), cat.N("report.answered", f.Respondents), strings.Join(f.Words, ", "))
			fmt.Fprintln(&b, strings.TrimRight(line, " "))
		}
		fmt.Fprintf(&b, "%s %s\n", cat.T("report.trend"), Sparkline(means))
		fmt.Fprint(&b, endPre)
		if leaders > 0 {
			fmt.Fprintln(&b, cat.T("report.leaders_apart"))
		}
	}

	fmt.Fprintf(&b, "\n%s%s\n\n", h2, cat.T("report.sharing"))
	fmt.Fprintln(&b, cat.N("report.shared_reflections", rep.Shared)+" · "+cat.N("report.share_decisions", rep.ShareCount))
	return b.String()
}

func afterTitle(rep *session.Report) string {
	if rep.After == nil {
		return "–"
	}
	return rep.After.Title
}

func leaderAnswers(a *session.AssessmentAggregate) int {
	if a == nil {
		return 0
	}
	return a.LeaderAnswers
}

func afterRespondents(rep *session.Report) int {
	if rep.After == nil {
		return 0
	}
	return rep.After.Respondents
}

// aggCell is one mean as a bar, or why it is not shown.
func aggCell(cat i18n.Catalog, a *session.AssessmentAggregate, i int) string {
	switch {
	case a == nil:
		return fmt.Sprintf("%-14s", "–")
	case !a.Shown() && pending(a.Respondents, a.Closed):
		return fmt.Sprintf("%-14s", cat.T("report.not_yet"))
	case !a.Shown() || i >= len(a.Means):
		return fmt.Sprintf("%-14s", cat.T("report.hidden"))
	}
	return Bar(a.Means[i], 10)
}

// AggregateNote says why an aggregate of n participants' answers is not
// shown: too few answered, or answering has not closed yet.
func AggregateNote(cat i18n.Catalog, n int, closed bool) string {
	if pending(n, closed) {
		return cat.N("report.pending", n)
	}
	return cat.N("report.too_few", n, session.MinAggregate)
}

// pending reports an aggregate with enough answers that waits only for
// answering to close.
func pending(n int, closed bool) bool { return !closed && n >= session.MinAggregate }

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func mdIf(md bool, s string) string {
	if md {
		return mdText(s)
	}
	return s
}

func reportCommand() Command {
	return Command{
		Name: "report", Args: "GROUP [--md|--json]", Summary: "cli.report.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.Bool("md", false, "")
			fs.Bool("json", false, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usageError{env.Cat.T("cli.report.need_group")}
			}
			g, err := env.Service.FindGroup(ctx, env.Actor, strings.Join(fs.Args(), " "))
			if err != nil {
				return err
			}
			rep, err := env.Service.Report(ctx, env.Actor, g.ID)
			if err != nil {
				return err
			}
			if flagBool(fs, "json") {
				return writeJSON(env.Stdout, reportJSON(rep))
			}
			fmt.Fprint(env.Stdout, ReportText(env.Cat, rep, flagBool(fs, "md")))
			return nil
		},
	}
}

func reportJSON(rep *session.Report) map[string]any {
	meetings := []map[string]any{}
	for _, m := range rep.Meetings {
		meetings = append(meetings, map[string]any{"number": m.Number, "title": m.Title, "state": m.State,
			"attended": m.Attended, "planned_minutes": m.PlannedMinutes, "actual_minutes": m.ActualMinutes})
	}
	tasks := []map[string]any{}
	for _, t := range rep.Tasks {
		tasks = append(tasks, map[string]any{"title": t.Title, "done": t.Done, "members": t.Members})
	}
	agg := func(a *session.AssessmentAggregate) any {
		if a == nil {
			return nil
		}
		// respondents are participants; leaders' own answers are only counted.
		return map[string]any{"meeting": a.Number, "respondents": a.Respondents, "participants_answered": a.Respondents,
			"leader_answers": a.LeaderAnswers, "closed": a.Closed, "means": a.Means}
	}
	feedback := []map[string]any{}
	for _, f := range rep.Feedback {
		e := map[string]any{"meeting": f.Number, "respondents": f.Respondents, "participants_answered": f.Respondents,
			"leader_answers": f.LeaderAnswers, "closed": f.Closed}
		if f.Shown() {
			e["mean"], e["words"] = f.Mean, f.Words
		}
		feedback = append(feedback, e)
	}
	return map[string]any{"group": rep.Group.Name, "members": rep.Members, "meetings": meetings, "tasks": tasks,
		"assessment_items": rep.Assessment, "assessment_before": agg(rep.Before), "assessment_after": agg(rep.After),
		"feedback": feedback, "shared_reflections": rep.Shared, "share_decisions": rep.ShareCount}
}
