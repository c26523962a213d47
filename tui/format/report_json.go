package format

import (
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// ReportJSON is the report for other tools: numbers stay numbers, means
// rounded to two decimals; a mean not shown is null.
func ReportJSON(cat i18n.Catalog, loc *time.Location, rep *session.Report) map[string]any {
	day := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.In(loc).Format("2006-01-02")
	}
	meetings := []map[string]any{}
	for _, m := range rep.Meetings {
		meetings = append(meetings, map[string]any{"number": m.Number, "title": m.Title, "state": m.State, "started": day(m.Started),
			"attended": m.Attended, "participants_attended": m.Attended, "leaders_attended": m.LeadersAttended,
			"planned_minutes": m.PlannedMinutes, "actual_minutes": m.ActualMinutes})
	}
	people := []map[string]any{}
	for _, p := range rep.People {
		people = append(people, map[string]any{"name": p.Name, "role": p.Role, "leader": p.Role.Leads(), "meetings_attended": p.Attended})
	}
	tasks := []map[string]any{}
	for _, t := range rep.Tasks {
		tasks = append(tasks, map[string]any{"title": t.Title, "done": t.Done, "participants": t.Members, "members": t.Members})
	}
	feedback := []map[string]any{}
	for _, f := range rep.Feedback {
		e := map[string]any{"meeting": f.Number, "title": f.Title, "respondents": f.Respondents, "participants_answered": f.Respondents,
			"scored": f.Scored, "leader_answers": f.LeaderAnswers, "closed": f.Closed, "mean": nil}
		if f.MeanShown() {
			e["mean"] = Round2(f.Mean)
		}
		if f.Shown() {
			e["words"] = f.Words
		}
		feedback = append(feedback, e)
	}
	return map[string]any{"group": rep.Group.Name, "template": rep.Group.Template, "template_name": rep.TemplateName.In(rep.Group.Lang),
		"first_meeting": day(rep.FirstHeld), "last_meeting": day(rep.LastHeld), "facilitators": nonNil(rep.Facilitators),
		"participants": rep.Participants, "members": rep.Members, "meetings": meetings, "attendance": people, "tasks": tasks,
		"assessment_items": nonNil(rep.Assessment), "assessment_before": aggJSON(rep.Before), "assessment_after": aggJSON(rep.After),
		"assessment": StatementsJSON(rep), "feedback": feedback, "shared_reflections": rep.Shared, "published_quotes": publishedQuotes(rep),
		"share_decisions": rep.ShareCount, "shares": sharesJSON(cat, rep)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// aggJSON is one meeting's self-assessment aggregate; means are null
// until shown, and a statement fewer than three rated is null.
func aggJSON(a *session.AssessmentAggregate) any {
	if a == nil {
		return nil
	}
	e := map[string]any{"meeting": a.Number, "title": a.Title, "respondents": a.Respondents, "participants_answered": a.Respondents,
		"leader_answers": a.LeaderAnswers, "closed": a.Closed, "means": nil, "counts": a.Counts}
	if a.Shown() {
		means := make([]any, len(a.Means))
		for i := range a.Means {
			if a.MeanShown(i) {
				means[i] = Round2(a.Means[i])
			}
		}
		e["means"] = means
	}
	return e
}

// StatementsJSON is the self-assessment per statement: both means, how
// many answered both times and the change over them.
func StatementsJSON(rep *session.Report) []map[string]any {
	mean := func(a *session.AssessmentAggregate, i int) any {
		if a == nil || !a.MeanShown(i) {
			return nil
		}
		return Round2(a.Means[i])
	}
	out := []map[string]any{}
	for i, item := range rep.Assessment {
		e := map[string]any{"statement": item, "before_mean": mean(rep.Before, i), "after_mean": mean(rep.After, i),
			"answered_both": 0, "change": nil, "change_withheld": false}
		if i < len(rep.Change) {
			e["answered_both"] = rep.Change[i].Pairs
			e["change_withheld"] = rep.Change[i].Withheld
			if rep.Change[i].Shown {
				e["change"] = Round2(rep.Change[i].Change)
			}
		}
		out = append(out, e)
	}
	return out
}
