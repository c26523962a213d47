package session

import (
	"strings"
	"time"
)

// GroupRole is a person's role in one group.
type GroupRole string

const (
	GroupFacilitator   GroupRole = "facilitator"
	GroupCoFacilitator GroupRole = "co-facilitator"
	GroupMentor        GroupRole = "mentor"
	GroupAktori        GroupRole = "aktori" // the mentee, an equal partner in peer mentoring
	GroupSupervisor    GroupRole = "supervisor"
	GroupParticipant   GroupRole = "participant"
)

// GroupRoles lists the group roles, leaders first.
var GroupRoles = []GroupRole{GroupFacilitator, GroupCoFacilitator, GroupMentor, GroupAktori, GroupSupervisor, GroupParticipant}

// ParseGroupRole accepts a group role name as typed.
func ParseGroupRole(s string) (GroupRole, error) {
	for _, r := range GroupRoles {
		if strings.EqualFold(strings.TrimSpace(s), string(r)) {
			return r, nil
		}
	}
	return "", Errorf(EInvalid, MsgGroupRoleInvalid, s)
}

// Leads reports whether the role runs the group: edits it, invites people
// and drives its meetings.
func (r GroupRole) Leads() bool { return r == GroupFacilitator || r == GroupCoFacilitator }

// Text limits, in characters. They are documented in the README.
const (
	MaxGroupNameLen    = 80
	MaxTitleLen        = 80
	MaxThemeLen        = 200
	MaxPromptLen       = 1000
	MaxAgreementLen    = 4000 // each section of the agreement
	MaxTaskTitleLen    = 120
	MaxTaskTextLen     = 2000 // a task's description and a member's response
	MaxItemMinutes     = 480
	MaxMeetingMinutes  = 480
	MaxScheduleYears   = 5 // how far ahead a meeting may be scheduled
	MaxAgendaItems     = 40
	MaxMeetingsInGroup = 100
)

// Group is a mentoring group made from a template.
type Group struct {
	ID        int64
	Name      string
	Template  string
	Lang      Lang // the language its template texts were copied in
	CreatedBy int64
	CreatedAt time.Time
}

// Member is a person's membership of a group.
type Member struct {
	GroupID    int64
	PersonID   int64
	Name       string
	Role       GroupRole
	JoinedAt   time.Time
	AckVersion int // the agreement version this member acknowledged; 0: none
}

// Admitted reports whether the member has acknowledged the group's
// agreement at least once: only then does the rest of the group open to
// them. A later version is asked for on screen but does not lock a member
// out mid-programme, or mid-meeting.
func (m *Member) Admitted() bool { return m.AckVersion > 0 }

// GroupSummary is a group as its member sees it in a list.
type GroupSummary struct {
	Group
	MyRole    GroupRole
	Members   int
	NeedsAck  bool // the member has not acknowledged the current agreement
	Admitted  bool // the member has acknowledged an agreement (see Member.Admitted)
	NextStart time.Time
}

// gate hides what only admitted members may know: before the agreement a
// member sees the group's name and their own role, not how many are in it
// or when it meets (as Group shows them only themselves).
func (g *GroupSummary) gate() {
	if !g.Admitted {
		g.Members, g.NextStart = 0, time.Time{}
	}
}

// Agreement is the group's peer-mentoring agreement. Every change makes a
// new version, which every member acknowledges again.
type Agreement struct {
	GroupID         int64
	Version         int
	Goals           string
	Schedule        string
	GroundRules     string
	Confidentiality string
	Leaving         string // what happens if someone leaves
	UpdatedAt       time.Time
	UpdatedBy       int64
}

// Sections returns the agreement's parts in reading order, with their
// catalog keys, so screens and exports list them the same way.
func (a *Agreement) Sections() []AgreementSection {
	return []AgreementSection{
		{"agreement.goals", &a.Goals},
		{"agreement.schedule", &a.Schedule},
		{"agreement.ground_rules", &a.GroundRules},
		{"agreement.confidentiality", &a.Confidentiality},
		{"agreement.leaving", &a.Leaving},
	}
}

// AgreementSection is one titled part of an agreement.
type AgreementSection struct {
	Label string // catalog key
	Text  *string
}

func (a *Agreement) clean() error {
	for _, s := range a.Sections() {
		*s.Text = CleanText(*s.Text)
		if RuneCount(*s.Text) > MaxAgreementLen {
			return Errorf(EInvalid, MsgTextTooLong, MaxAgreementLen)
		}
	}
	if strings.TrimSpace(a.Goals+a.Schedule+a.GroundRules+a.Confidentiality+a.Leaving) == "" {
		return Errorf(EInvalid, MsgAgreementEmpty)
	}
	return nil
}

// GroupDetail is everything a member sees of a group.
type GroupDetail struct {
	Group
	MyRole    GroupRole
	Members   []Member // AckVersion is zeroed for viewers who do not lead
	Agreement Agreement
	Meetings  []Meeting
	Tasks     []Task
}

// NeedsAck reports whether the viewer has not acknowledged the current
// agreement.
func (d *GroupDetail) NeedsAck(personID int64) bool {
	for _, m := range d.Members {
		if m.PersonID == personID {
			return m.AckVersion < d.Agreement.Version
		}
	}
	return false
}

// cleanName checks a title-like field: trimmed, sanitised, 1..max chars.
func cleanTitle(s string, maxLen int, empty string) (string, error) {
	s = CleanLine(s)
	switch {
	case s == "":
		return "", Errorf(EInvalid, empty)
	case RuneCount(s) > maxLen:
		return "", Errorf(EInvalid, MsgTextTooLong, maxLen)
	}
	return s, nil
}
