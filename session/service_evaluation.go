package session

import (
	"context"
	"slices"
)

// AssessmentItems returns a group's self-assessment statements: its own,
// or its template's in the group's language.
func (s *Service) AssessmentItems(ctx context.Context, a Actor, groupID int64) (_ []string, err error) {
	defer s.logRead(ctx, "AssessmentItems", &err, "group", groupID)
	if _, err := s.member(ctx, a, groupID); err != nil {
		return nil, err
	}
	return s.assessmentItems(ctx, groupID)
}

func (s *Service) assessmentItems(ctx context.Context, groupID int64) ([]string, error) {
	items, err := s.store.AssessmentItems(ctx, groupID)
	if err != nil || len(items) > 0 {
		return items, err
	}
	g, t, err := s.groupTemplate(ctx, groupID)
	if err != nil {
		return nil, err
	}
	for _, it := range t.Assessment {
		items = append(items, it.Text.In(g.Lang))
	}
	return items, nil
}

// SetAssessmentItems edits a group's self-assessment statements. Leaders may.
func (s *Service) SetAssessmentItems(ctx context.Context, a Actor, groupID int64, items []string) (err error) {
	defer s.logChange(ctx, "SetAssessmentItems", &err, "group", groupID)
	if _, err := s.leader(ctx, a, groupID); err != nil {
		return err
	}
	var clean []string
	for _, it := range items {
		if it = CleanLine(it); it != "" {
			if RuneCount(it) > MaxAssessmentTextLen {
				return Errorf(EInvalid, MsgTextTooLong, MaxAssessmentTextLen)
			}
			clean = append(clean, it)
		}
	}
	if len(clean) == 0 || len(clean) > MaxAssessmentItems {
		return Errorf(EInvalid, MsgAssessmentItems, MaxAssessmentItems)
	}
	// Answers are scores by position: once anyone has answered, changed
	// statements would no longer match them.
	answers, err := s.store.Assessments(ctx, groupID)
	if err != nil {
		return err
	}
	if len(answers) > 0 {
		return Errorf(EConflict, MsgAssessmentAnswered)
	}
	return s.store.SetAssessmentItems(ctx, groupID, clean)
}

// answersClosed reports whether a meeting's answers have closed: its
// AnswerWindow after it ended has passed.
func (s *Service) answersClosed(ctx context.Context, m *Meeting) (bool, error) {
	if m.State != MeetingEnded {
		return false, nil
	}
	st, err := s.store.RoomState(ctx, m.ID)
	if err != nil {
		return false, err
	}
	return !s.Now().Before(st.EndedAt.Add(AnswerWindow)), nil
}

// answering refuses an answer to a meeting whose answers have closed.
func (s *Service) answering(ctx context.Context, m *Meeting) error {
	closed, err := s.answersClosed(ctx, m)
	if err != nil {
		return err
	}
	if closed {
		return Errorf(EConflict, MsgAnswersClosed)
	}
	return nil
}

// AsksAssessment reports whether a meeting's agenda has a self-assessment.
func (s *Service) asksAssessment(ctx context.Context, meetingID int64) (bool, error) {
	items, err := s.store.Agenda(ctx, meetingID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(items, func(it AgendaItem) bool { return it.Kind == KindAssessment }), nil
}

// SubmitAssessment stores the actor's self-assessment at a meeting whose
// agenda asks for one: a score 1–5 per statement, or 0 for a statement
// they left unrated, and free text. Only what was chosen is kept.
func (s *Service) SubmitAssessment(ctx context.Context, a Actor, meetingID int64, scores []int, note string) (err error) {
	defer s.logChange(ctx, "SubmitAssessment", &err, "meeting", meetingID)
	m, err := s.meetingOf(ctx, a, meetingID, false)
	if err != nil {
		return err
	}
	if err := s.answering(ctx, m); err != nil {
		return err
	}
	if ok, err := s.asksAssessment(ctx, meetingID); err != nil {
		return err
	} else if !ok {
		return Errorf(EInvalid, MsgNoAssessment)
	}
	items, err := s.assessmentItems(ctx, m.GroupID)
	if err != nil {
		return err
	}
	if len(scores) != len(items) {
		return Errorf(EInvalid, MsgScoreInvalid)
	}
	rated := 0
	for _, sc := range scores {
		if sc < 0 || sc > MaxScore {
			return Errorf(EInvalid, MsgScoreInvalid)
		}
		if sc > 0 {
			rated++
		}
	}
	note = CleanText(note)
	if RuneCount(note) > MaxNoteLen {
		return Errorf(EInvalid, MsgTextTooLong, MaxNoteLen)
	}
	if rated == 0 && note == "" {
		return Errorf(EInvalid, MsgNothingAnswered)
	}
	return s.store.SaveAssessment(ctx, AssessmentAnswer{MeetingID: meetingID, PersonID: a.Person.ID, Scores: scores, Note: note, At: s.now()})
}

// MyAssessment returns the actor's own first and last self-assessments in
// a group, for the before/after chart.
func (s *Service) MyAssessment(ctx context.Context, a Actor, groupID int64) (_ *MyAssessment, err error) {
	defer s.logRead(ctx, "MyAssessment", &err, "group", groupID)
	if _, err := s.member(ctx, a, groupID); err != nil {
		return nil, err
	}
	items, err := s.assessmentItems(ctx, groupID)
	if err != nil {
		return nil, err
	}
	all, err := s.store.Assessments(ctx, groupID)
	if err != nil {
		return nil, err
	}
	numbers, err := s.meetingNumbers(ctx, groupID)
	if err != nil {
		return nil, err
	}
	var mine []AssessmentAnswer
	for _, ans := range all {
		if ans.PersonID == a.Person.ID {
			mine = append(mine, ans)
		}
	}
	slices.SortFunc(mine, func(x, y AssessmentAnswer) int { return numbers[x.MeetingID] - numbers[y.MeetingID] })
	out := &MyAssessment{Items: items}
	if len(mine) > 0 {
		out.Before = &mine[0]
	}
	if len(mine) > 1 {
		out.After = &mine[len(mine)-1]
	}
	return out, nil
}

func (s *Service) meetingNumbers(ctx context.Context, groupID int64) (map[int64]int, error) {
	ms, err := s.store.Meetings(ctx, groupID)
	if err != nil {
		return nil, err
	}
	out := map[int64]int{}
	for _, m := range ms {
		out[m.ID] = m.Number
	}
	return out, nil
}

// AssessmentAggregates returns, per meeting that asked for one, how many
// answered and — only once answering has closed, and when at least
// MinAggregate did — the mean per statement. Leaders may; nobody sees
// another person's answers.
func (s *Service) AssessmentAggregates(ctx context.Context, a Actor, groupID int64) (_ []AssessmentAggregate, err error) {
	defer s.logRead(ctx, "AssessmentAggregates", &err, "group", groupID)
	if _, err := s.leader(ctx, a, groupID); err != nil {
		return nil, err
	}
	return s.assessmentAggregates(ctx, groupID)
}

// leaderIDs are the people who lead a group now: their own answers stay
// out of the participants' aggregates.
func (s *Service) leaderIDs(ctx context.Context, groupID int64) (map[int64]bool, error) {
	members, err := s.store.Members(ctx, groupID)
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, m := range members {
		if m.Role.Leads() {
			out[m.PersonID] = true
		}
	}
	return out, nil
}

func (s *Service) assessmentAggregates(ctx context.Context, groupID int64) ([]AssessmentAggregate, error) {
	all, err := s.store.Assessments(ctx, groupID)
	if err != nil {
		return nil, err
	}
	meetings, err := s.store.Meetings(ctx, groupID)
	if err != nil {
		return nil, err
	}
	leaders, err := s.leaderIDs(ctx, groupID)
	if err != nil {
		return nil, err
	}
	var out []AssessmentAggregate
	for _, m := range meetings {
		var answers []AssessmentAnswer
		agg := AssessmentAggregate{MeetingID: m.ID, Number: m.Number, Title: m.Title}
		for _, ans := range all {
			switch {
			case ans.MeetingID != m.ID:
			case leaders[ans.PersonID]:
				agg.LeaderAnswers++
			default:
				answers = append(answers, ans)
			}
		}
		if len(answers)+agg.LeaderAnswers == 0 {
			continue
		}
		agg.Respondents = len(answers)
		if agg.Closed, err = s.answersClosed(ctx, &m); err != nil {
			return nil, err
		}
		if agg.Shown() {
			agg.Means, agg.Counts = itemMeans(answers)
		}
		out = append(out, agg)
	}
	return out, nil
}

// itemMeans is the mean and count per statement over the answers that
// rated it; a statement fewer than MinAggregate rated gets 0.
func itemMeans(answers []AssessmentAnswer) ([]float64, []int) {
	n := 0
	for _, ans := range answers {
		n = max(n, len(ans.Scores))
	}
	sums, counts := make([]int, n), make([]int, n)
	for _, ans := range answers {
		for i, sc := range ans.Scores {
			if sc > 0 {
				sums[i] += sc
				counts[i]++
			}
		}
	}
	means := make([]float64, n)
	for i := range means {
		if counts[i] >= MinAggregate {
			means[i] = float64(sums[i]) / float64(counts[i])
		}
	}
	return means, counts
}

// SubmitFeedback stores the actor's pulse for a meeting that is live or
// has ended: 1–5 (0: not chosen) and one word; at least one of them.
func (s *Service) SubmitFeedback(ctx context.Context, a Actor, meetingID int64, score int, word string) (err error) {
	defer s.logChange(ctx, "SubmitFeedback", &err, "meeting", meetingID)
	m, err := s.meetingOf(ctx, a, meetingID, false)
	if err != nil {
		return err
	}
	if m.State == MeetingPlanned {
		return Errorf(EConflict, MsgFeedbackNotYet)
	}
	if err := s.answering(ctx, m); err != nil {
		return err
	}
	if score < 0 || score > MaxScore {
		return Errorf(EInvalid, MsgScoreInvalid)
	}
	w, err := cleanWord(word)
	if err != nil {
		return err
	}
	if score == 0 && w == "" {
		return Errorf(EInvalid, MsgNothingAnswered)
	}
	return s.store.SaveFeedback(ctx, meetingID, a.Person.ID, score, w, s.now())
}

// FeedbackAggregates returns each meeting's anonymous pulse; until
// answering has closed, and below MinAggregate answers, only the count. Leaders may.
func (s *Service) FeedbackAggregates(ctx context.Context, a Actor, groupID int64) (_ []FeedbackAggregate, err error) {
	defer s.logRead(ctx, "FeedbackAggregates", &err, "group", groupID)
	if _, err := s.leader(ctx, a, groupID); err != nil {
		return nil, err
	}
	return s.feedbackAggregates(ctx, groupID)
}

func (s *Service) feedbackAggregates(ctx context.Context, groupID int64) ([]FeedbackAggregate, error) {
	rows, err := s.store.Feedback(ctx, groupID)
	if err != nil {
		return nil, err
	}
	meetings, err := s.store.Meetings(ctx, groupID)
	if err != nil {
		return nil, err
	}
	leaders, err := s.leaderIDs(ctx, groupID)
	if err != nil {
		return nil, err
	}
	var out []FeedbackAggregate
	for _, m := range meetings {
		agg := FeedbackAggregate{MeetingID: m.ID, Number: m.Number, Title: m.Title}
		var sum int
		var words []string
		for _, r := range rows {
			if r.MeetingID == m.ID && leaders[r.PersonID] {
				agg.LeaderAnswers++
			} else if r.MeetingID == m.ID {
				agg.Respondents++
				if r.Score > 0 {
					agg.Scored++
					sum += r.Score
				}
				if r.Word != "" {
					words = append(words, r.Word)
				}
			}
		}
		if agg.Respondents+agg.LeaderAnswers == 0 {
			continue
		}
		if agg.Closed, err = s.answersClosed(ctx, &m); err != nil {
			return nil, err
		}
		if agg.MeanShown() {
			agg.Mean = float64(sum) / float64(agg.Scored)
		}
		if agg.Shown() {
			slices.Sort(words) // the order says nothing about who
			agg.Words = words
		}
		out = append(out, agg)
	}
	return out, nil
}
