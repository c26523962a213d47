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
	// MaxScore is the top of every score (assessment and feedback):
	// 1 to MaxScore, or 0 for none given.
	MaxScore = 5
)

// AssessmentAnswer is one person's self-assessment at one meeting.
type AssessmentAnswer struct {
	MeetingID int64
	PersonID  int64
	Scores    []int // 1–5, one per assessment item, in order; 0: left unrated
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
	Means         []float64 // nil until Closed, and when Respondents < MinAggregate; see MeanShown
	Counts        []int     // participants who rated each statement (an unrated one is left out)
}

// MeanShown reports whether statement i's mean is shown: the aggregate is,
// and at least MinAggregate participants rated that statement.
func (a AssessmentAggregate) MeanShown(i int) bool {
	return a.Shown() && i < len(a.Means) && i < len(a.Counts) && a.Counts[i] >= MinAggregate
}

// AssessmentChange is the change in one statement from the first
// self-assessment to the last, over only the participants who rated it
// both times. The plain means compare different people when someone
// answered only once; this compares each person with themselves.
type AssessmentChange struct {
	Pairs  int     // participants who rated the statement both times
	Change float64 // mean of (after − before) over them; 0 unless Shown
	Shown  bool    // both answerings closed, Pairs >= MinAggregate, and not Withheld
	// Withheld: enough pairs, but next to a plain mean that also counts one
	// or two people who answered only once, the change would give their
	// answers away (the mean's sum minus the pairs' sum is theirs).
	Withheld bool
}

// FeedbackAggregate is one meeting's anonymous pulse from its
// participants; leaders' own answers are only counted.
type FeedbackAggregate struct {
	MeetingID     int64
	Number        int
	Title         string
	Respondents   int      // participants who answered; leaders not counted
	Scored        int      // of them, those who chose a score (the rest gave only a word)
	LeaderAnswers int      // the group's leaders' own answers, left out
	Closed        bool     // answering has closed (see AnswerWindow)
	Mean          float64  // 0 unless MeanShown
	Words         []string // empty until Closed, and when Respondents < MinAggregate
}

// aggregateShown is the rule for every aggregate: answering has closed
// and at least MinAggregate answered.
func aggregateShown(closed bool, respondents int) bool {
	return closed && respondents >= MinAggregate
}

// Shown reports whether the means are shown.
func (a AssessmentAggregate) Shown() bool { return aggregateShown(a.Closed, a.Respondents) }

// Shown reports whether the pulse's words are shown.
func (f FeedbackAggregate) Shown() bool { return aggregateShown(f.Closed, f.Respondents) }

// MeanShown reports whether the pulse's mean is shown: enough of the
// answers had a score.
func (f FeedbackAggregate) MeanShown() bool { return aggregateShown(f.Closed, f.Scored) }

// Report is a programme's evaluation, never with private content and
// never with an aggregate of fewer than MinAggregate people.
type Report struct {
	Group        Group
	TemplateName Text
	Members      int
	Participants int // members who do not lead the group
	Facilitators []string
	FirstHeld    time.Time // the first meeting held started; zero if none
	LastHeld     time.Time
	Meetings     []ReportMeeting
	People       []ReportPerson
	Tasks        []ReportTask
	Assessment   []string // the items
	Before       *AssessmentAggregate
	After        *AssessmentAggregate
	Change       []AssessmentChange // per item; nil without an After
	Feedback     []FeedbackAggregate
	Shared       int     // reflections of the group released to readers
	ShareCount   int     // decisions on sharing onward
	Shares       []Share // the decisions; a quote's Body only while Published
}

// ReportMeeting is one meeting in the report.
type ReportMeeting struct {
	Number          int
	Title           string
	State           MeetingState
	Started         time.Time // zero while planned
	Attended        int       // participants who came; leaders are in LeadersAttended
	LeadersAttended int
	PlannedMinutes  int
	ActualMinutes   int
}

// ReportPerson is one member's attendance.
type ReportPerson struct {
	Name     string
	Role     GroupRole
	Attended int // meetings held that they came to
}

// ReportTask is an interim task's completion by the participants.
type ReportTask struct {
	Title   string
	Done    int // participants who have done it
	Members int // participants
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
