package session

import (
	"strings"
	"time"
	"unicode"
)

// MinAggregate is the fewest answers an aggregate is shown for: fewer
// would let a facilitator work out who answered what. Only participants'
// answers count: a leader's own answer is known to them, so a mean over
// three where two are leaders' would give the third away.
const MinAggregate = 3

// AnswerWindow is how long after a meeting ends its self-assessment and
// feedback still take answers. A meeting's aggregates are shown only once
// its window has closed, so they never change after a leader has seen
// them: otherwise the difference between the aggregate of three answers
// and of four would give away the fourth person's answer.
const AnswerWindow = 24 * time.Hour

// Evaluation limits.
const (
	MaxAssessmentItems   = 12
	MaxAssessmentTextLen = 120
	MaxNoteLen           = 2000
	MaxFeedbackWordLen   = 40
	MaxShareTextLen      = 1000
)

// AssessmentAnswer is one person's self-assessment at one meeting.
type AssessmentAnswer struct {
	MeetingID int64
	PersonID  int64
	Scores    []int // 1–5, one per assessment item, in order
	Note      string
	At        time.Time
}

// MyAssessment is a participant's own assessments: the first (before) and
// the last (after) meeting they answered at.
type MyAssessment struct {
	Items  []string
	Before *AssessmentAnswer
	After  *AssessmentAnswer // nil until a second assessment
}

// AssessmentAggregate is what a facilitator sees of one meeting's
// self-assessments: how many participants answered, and the mean per item
// only when at least MinAggregate did. Leaders' own answers are kept out
// of both and only counted.
type AssessmentAggregate struct {
	MeetingID     int64
	Number        int
	Title         string
	Respondents   int       // participants who answered; leaders not counted
	LeaderAnswers int       // the group's leaders' own answers, left out of Means
	Closed        bool      // answering has closed (see AnswerWindow)
	Means         []float64 // nil until Closed, and when Respondents < MinAggregate
}

// FeedbackAggregate is one meeting's anonymous pulse from its
// participants; leaders' own answers are only counted.
type FeedbackAggregate struct {
	MeetingID     int64
	Number        int
	Title         string
	Respondents   int      // participants who answered; leaders not counted
	LeaderAnswers int      // the group's leaders' own answers, left out
	Closed        bool     // answering has closed (see AnswerWindow)
	Mean          float64  // 0 until Closed, and when Respondents < MinAggregate
	Words         []string // empty until Closed, and when Respondents < MinAggregate
}

// aggregateShown is the rule for every aggregate: answering has closed
// and at least MinAggregate answered.
func aggregateShown(closed bool, respondents int) bool {
	return closed && respondents >= MinAggregate
}

// Shown reports whether the means are shown.
func (a AssessmentAggregate) Shown() bool { return aggregateShown(a.Closed, a.Respondents) }

// Shown reports whether the pulse's mean and words are shown.
func (f FeedbackAggregate) Shown() bool { return aggregateShown(f.Closed, f.Respondents) }

// Report is a programme's evaluation, never with private content and
// never with an aggregate of fewer than MinAggregate people.
type Report struct {
	Group      Group
	Members    int
	Meetings   []ReportMeeting
	Tasks      []ReportTask
	Assessment []string // the items
	Before     *AssessmentAggregate
	After      *AssessmentAggregate
	Feedback   []FeedbackAggregate
	Shared     int // reflections of the group released to readers
	ShareCount int // decisions on sharing onward
}

// ReportMeeting is one meeting in the report.
type ReportMeeting struct {
	Number         int
	Title          string
	State          MeetingState
	Attended       int
	PlannedMinutes int
	ActualMinutes  int
}

// ReportTask is an interim task's completion.
type ReportTask struct {
	Title   string
	Done    int
	Members int
}

func cleanWord(s string) (string, error) {
	w := CleanLine(s)
	switch {
	case w == "":
		return "", nil
	case strings.ContainsFunc(w, unicode.IsSpace):
		return "", Errorf(EInvalid, MsgOneWord)
	case RuneCount(w) > MaxFeedbackWordLen:
		return "", Errorf(EInvalid, MsgTextTooLong, MaxFeedbackWordLen)
	}
	return w, nil
}
