package session

import (
	"context"
	"time"
)

// Report evaluates a programme for its leaders: who came, planned and
// actual time, task completion, self-assessment before and after, the
// feedback trend and what was decided on sharing onward — no private
// content, and no aggregate of fewer than MinAggregate participants.
// Leaders' own attendance, tasks and answers are kept apart.
func (s *Service) Report(ctx context.Context, a Actor, groupID int64) (_ *Report, err error) {
	defer s.logRead(ctx, "Report", &err, "group", groupID)
	if _, err := s.leader(ctx, a, groupID); err != nil {
		return nil, err
	}
	g, t, err := s.groupTemplate(ctx, groupID)
	if err != nil {
		return nil, err
	}
	members, err := s.store.Members(ctx, groupID)
	if err != nil {
		return nil, err
	}
	leaders, err := s.leaderIDs(ctx, groupID)
	if err != nil {
		return nil, err
	}
	rep := &Report{Group: *g, TemplateName: t.Name, Members: len(members)}
	for _, m := range members {
		if leaders[m.PersonID] {
			rep.Facilitators = append(rep.Facilitators, m.Name)
		} else {
			rep.Participants++
		}
	}
	attended, err := s.reportMeetings(ctx, rep, groupID, leaders)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		rep.People = append(rep.People, ReportPerson{Name: m.Name, Role: m.Role, Attended: attended[m.PersonID]})
	}
	if err := s.reportTasks(ctx, rep, groupID, leaders); err != nil {
		return nil, err
	}
	if err := s.reportAssessment(ctx, rep, groupID, leaders); err != nil {
		return nil, err
	}
	if rep.Feedback, err = s.feedbackAggregates(ctx, groupID); err != nil {
		return nil, err
	}
	if rep.Shared, err = s.store.SharedCount(ctx, groupID); err != nil {
		return nil, err
	}
	if rep.Shares, err = s.reportShares(ctx, groupID); err != nil {
		return nil, err
	}
	rep.ShareCount = len(rep.Shares)
	return rep, nil
}

// reportMeetings fills in the meetings, the first and last held, and
// returns how many meetings each person came to.
func (s *Service) reportMeetings(ctx context.Context, rep *Report, groupID int64, leaders map[int64]bool) (map[int64]int, error) {
	meetings, err := s.store.Meetings(ctx, groupID)
	if err != nil {
		return nil, err
	}
	attended := map[int64]int{}
	for _, m := range meetings {
		rm := ReportMeeting{Number: m.Number, Title: m.Title, State: m.State, PlannedMinutes: m.Minutes}
		if m.State != MeetingPlanned {
			st, err := s.store.RoomState(ctx, m.ID)
			if err != nil {
				return nil, err
			}
			rm.Started = st.Started
			for _, p := range st.People {
				switch {
				case p.JoinedAt.IsZero():
				case leaders[p.PersonID]:
					rm.LeadersAttended++
					attended[p.PersonID]++
				default:
					rm.Attended++
					attended[p.PersonID]++
				}
			}
			// Summed, then rounded once; a live meeting counts until now.
			var total time.Duration
			for _, d := range st.ActualMinutes(s.Now()) {
				total += d
			}
			rm.ActualMinutes = int(total.Minutes() + 0.5)
			if rep.FirstHeld.IsZero() || st.Started.Before(rep.FirstHeld) {
				rep.FirstHeld = st.Started
			}
			if st.Started.After(rep.LastHeld) {
				rep.LastHeld = st.Started
			}
		}
		rep.Meetings = append(rep.Meetings, rm)
	}
	return attended, nil
}

// reportTasks counts each interim task's completion by participants only.
func (s *Service) reportTasks(ctx context.Context, rep *Report, groupID int64, leaders map[int64]bool) error {
	tasks, err := s.store.Tasks(ctx, groupID, 0)
	if err != nil {
		return err
	}
	doers, err := s.store.TaskDoers(ctx, groupID)
	if err != nil {
		return err
	}
	members, err := s.store.Members(ctx, groupID)
	if err != nil {
		return err
	}
	participant := map[int64]bool{}
	for _, m := range members {
		if !leaders[m.PersonID] {
			participant[m.PersonID] = true
		}
	}
	for _, t := range tasks {
		rt := ReportTask{Title: t.Title, Members: rep.Participants}
		for _, p := range doers[t.ID] {
			if participant[p] {
				rt.Done++
			}
		}
		rep.Tasks = append(rep.Tasks, rt)
	}
	return nil
}

// reportAssessment fills in the first and last self-assessment and the
// change over the participants who answered both.
func (s *Service) reportAssessment(ctx context.Context, rep *Report, groupID int64, leaders map[int64]bool) error {
	var err error
	if rep.Assessment, err = s.assessmentItems(ctx, groupID); err != nil {
		return err
	}
	aggs, err := s.assessmentAggregates(ctx, groupID)
	if err != nil {
		return err
	}
	if len(aggs) > 0 {
		rep.Before = &aggs[0]
	}
	if len(aggs) < 2 {
		return nil
	}
	rep.After = &aggs[len(aggs)-1]
	all, err := s.store.Assessments(ctx, groupID)
	if err != nil {
		return err
	}
	rep.Change = pairedChange(all, rep.Before, rep.After, leaders, len(rep.Assessment))
	return nil
}

// pairedChange compares each participant's last answer with their first,
// statement by statement, over those who rated it both times. Shown only
// when both answerings have closed and at least MinAggregate pairs exist.
func pairedChange(all []AssessmentAnswer, before, after *AssessmentAggregate, leaders map[int64]bool, items int) []AssessmentChange {
	first := map[int64][]int{}
	for _, ans := range all {
		if ans.MeetingID == before.MeetingID && !leaders[ans.PersonID] {
			first[ans.PersonID] = ans.Scores
		}
	}
	out := make([]AssessmentChange, items)
	sums := make([]int, items)
	for _, ans := range all {
		b, ok := first[ans.PersonID]
		if ans.MeetingID != after.MeetingID || !ok {
			continue
		}
		for i := 0; i < items && i < len(b) && i < len(ans.Scores); i++ {
			if b[i] > 0 && ans.Scores[i] > 0 {
				out[i].Pairs++
				sums[i] += ans.Scores[i] - b[i]
			}
		}
	}
	for i := range out {
		enough := before.Closed && after.Closed && out[i].Pairs >= MinAggregate
		out[i].Withheld = enough && (!restSafe(before, i, out[i].Pairs) || !restSafe(after, i, out[i].Pairs))
		out[i].Shown = enough && !out[i].Withheld
		if out[i].Shown {
			out[i].Change = float64(sums[i]) / float64(out[i].Pairs)
		}
	}
	return out
}

// restSafe reports whether a shown plain mean of statement i, beside the
// change over pairs, keeps the others' answers hidden: those it counts
// beyond the pairs must be none, or at least MinAggregate.
func restSafe(a *AssessmentAggregate, i, pairs int) bool {
	if !a.MeanShown(i) {
		return true
	}
	rest := a.Counts[i] - pairs
	return rest == 0 || rest >= MinAggregate
}
