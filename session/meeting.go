package session

import (
	"net/url"
	"strings"
	"time"
)

// MeetingState is where a meeting is in its life.
type MeetingState string

const (
	MeetingPlanned MeetingState = "planned"
	MeetingLive    MeetingState = "live"
	MeetingEnded   MeetingState = "ended"
)

// Meeting is one meeting of a group.
type Meeting struct {
	ID       int64
	GroupID  int64
	Number   int
	Title    string
	Theme    string
	StartsAt time.Time // zero: not scheduled yet
	Minutes  int       // planned length
	State    MeetingState
	Link     string // voice or video call, https; "" for none
	// HeldFrom and HeldTo are when the meeting really started and ended
	// (zero until then), as its room recorded them.
	HeldFrom, HeldTo time.Time
}

// Held reports whether the meeting has ended and when it was held is known.
func (m *Meeting) Held() bool {
	return m.State == MeetingEnded && !m.HeldFrom.IsZero() && !m.HeldTo.IsZero()
}

// Scheduled reports whether the meeting has a start time.
func (m *Meeting) Scheduled() bool { return !m.StartsAt.IsZero() }

// ItemKind is what happens during an agenda item.
type ItemKind string

const (
	KindRound      ItemKind = "round"      // everyone speaks in turn
	KindTalk       ItemKind = "talk"       // one person presents
	KindDiscussion ItemKind = "discussion" // open discussion
	KindWriting    ItemKind = "writing"    // silent writing
	KindBreak      ItemKind = "break"
	KindOther      ItemKind = "other"
	KindAssessment ItemKind = "assessment" // self-assessment
)

// ItemKinds lists the kinds in the order an editor offers them.
var ItemKinds = []ItemKind{KindRound, KindTalk, KindDiscussion, KindWriting, KindBreak, KindOther, KindAssessment}

// ParseItemKind accepts a kind name.
func ParseItemKind(s string) (ItemKind, error) {
	for _, k := range ItemKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", Errorf(EInvalid, MsgKindInvalid, s)
}

// AgendaItem is one step of a meeting's agenda.
type AgendaItem struct {
	ID        int64
	MeetingID int64
	Position  int
	Title     string
	Kind      ItemKind
	Minutes   int
	Prompt    string
	// Anonymous: a silent-writing item reveals the texts without names.
	Anonymous bool
}

// clean sanitises and checks an item as an editor submits it.
func (it *AgendaItem) clean() error {
	var err error
	if it.Title, err = cleanTitle(it.Title, MaxTitleLen, MsgTitleEmpty); err != nil {
		return err
	}
	if _, err := ParseItemKind(string(it.Kind)); err != nil {
		return err
	}
	if it.Minutes < 1 || it.Minutes > MaxItemMinutes {
		return Errorf(EInvalid, MsgMinutesInvalid, MaxItemMinutes)
	}
	it.Prompt = CleanText(it.Prompt)
	if RuneCount(it.Prompt) > MaxPromptLen {
		return Errorf(EInvalid, MsgTextTooLong, MaxPromptLen)
	}
	return nil
}

// TotalMinutes sums the timeboxes of an agenda.
func TotalMinutes(items []AgendaItem) int {
	n := 0
	for _, it := range items {
		n += it.Minutes
	}
	return n
}

// MeetingUpdate changes a meeting's plan. A nil field stays as it is.
type MeetingUpdate struct {
	Title    *string
	Theme    *string
	StartsAt *time.Time // the zero time unschedules
	Minutes  *int
}

// Task is an interim task between meetings.
type Task struct {
	ID           int64
	GroupID      int64
	Title        string
	Description  string
	DueMeetingID int64 // 0: no due meeting
	DueNumber    int   // the due meeting's number, for display
	CreatedBy    int64
	CreatedAt    time.Time
	Done         int  // members who marked it done, leaders not counted
	Members      int  // members who do tasks: everyone but the leaders
	DoneByMe     bool // the viewer marked it done
	MyResponse   string
}

// TaskResponse is one member's answer to a task; leaders read them.
type TaskResponse struct {
	PersonID int64
	Name     string
	Response string
	DoneAt   time.Time
}

// UpcomingMeeting is a meeting in a person's overview.
type UpcomingMeeting struct {
	Meeting
	GroupName string
}

// OpenTask is a task the person has not done yet.
type OpenTask struct {
	Task
	GroupName string
}

// Overview is what home shows: next meetings and open tasks.
type Overview struct {
	Groups   []GroupSummary
	Meetings []UpcomingMeeting
	Tasks    []OpenTask
}

// ZoneName names a time zone for people: its IANA name, or for the
// process's local zone (whose name is just "Local") its abbreviation and
// offset now.
func ZoneName(loc *time.Location, now time.Time) string {
	if loc.String() != "Local" {
		return loc.String()
	}
	return now.In(loc).Format("MST -07:00")
}

// MaxLinkLen bounds a call link: Teams links run to a few hundred
// characters.
const MaxLinkLen = 800

// CleanLink checks a voice or video call link: an https URL with a host,
// no credentials and no spaces, at most MaxLinkLen long. "" is no link.
func CleanLink(raw string) (string, error) {
	link := CleanLine(raw)
	if link == "" {
		return "", nil
	}
	bad := Errorf(EInvalid, MsgLinkInvalid, MaxLinkLen)
	if RuneCount(link) > MaxLinkLen || strings.ContainsAny(link, " \t\"<>\\`") {
		return "", bad
	}
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Opaque != "" {
		return "", bad
	}
	return u.String(), nil
}
