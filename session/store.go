package session

import (
	"context"
	"time"
)

// Store is what the Service needs from persistence. storage/ implements it
// over SQLite; every method either completes in one transaction or changes
// nothing, and returns domain errors (ENotFound, EConflict) where the
// caller can act on them.
type Store interface {
	// PersonByKey finds the person who owns a key fingerprint (ENotFound).
	PersonByKey(ctx context.Context, fingerprint string) (*Person, error)
	// People lists everyone with their key fingerprints, oldest first.
	People(ctx context.Context) ([]PersonSummary, error)
	// CountAdmins counts people whose global role is admin.
	CountAdmins(ctx context.Context) (int, error)
	// SetPersonLang changes a person's language.
	SetPersonLang(ctx context.Context, personID int64, lang Lang) error
	// SetPersonName renames a person; EConflict (MsgNameLookAlike) when the
	// name looks like that of someone in one of their groups (SameName).
	SetPersonName(ctx context.Context, personID int64, name string) error
	// PersonPlain reports whether a person starts in the line mode;
	// SetPersonPlain stores it.
	PersonPlain(ctx context.Context, personID int64) (bool, error)
	SetPersonPlain(ctx context.Context, personID int64, on bool) error

	// CreateInvite stores a new invite (EConflict if the code exists).
	CreateInvite(ctx context.Context, inv *Invite) error
	// ReplaceBootstrapInvite deletes unused bootstrap invites and stores inv.
	ReplaceBootstrapInvite(ctx context.Context, inv *Invite) error
	// Redeem uses one use of the invite with the given code and creates the
	// person with the key, in one transaction. It checks inv.Usable(now)
	// inside the transaction, gives the person the invite's role, refuses
	// (EConflict, MsgNameLookAlike) a name that looks like a member's of
	// the invite's group, and
	// returns MsgInviteUnknown (EInvalid) for an unknown code and EConflict
	// when the key already belongs to someone.
	Redeem(ctx context.Context, code string, p Person, key Key, now time.Time) (*Person, error)

	GroupStore
	MeetingStore
	RoomStore
	ReflectionStore
	ReflectionEditStore
	EvaluationStore
	NodeStore
}

// GroupStore keeps groups, memberships and agreements.
type GroupStore interface {
	// CreateGroup stores a group with its first member (the creator), its
	// agreement and its meetings with their agendas, in one transaction,
	// and sets the new IDs.
	CreateGroup(ctx context.Context, g *Group, creator Member, ag *Agreement, meetings []Meeting, agendas [][]AgendaItem) error
	// GroupsOf lists the groups a person belongs to.
	GroupsOf(ctx context.Context, personID int64, now time.Time) ([]GroupSummary, error)
	// GroupByID finds a group (ENotFound).
	GroupByID(ctx context.Context, id int64) (*Group, error)
	// Membership finds a person's membership of a group (ENotFound).
	Membership(ctx context.Context, groupID, personID int64) (*Member, error)
	// Members lists a group's members, leaders first.
	Members(ctx context.Context, groupID int64) ([]Member, error)
	// Agreement returns the group's current agreement.
	Agreement(ctx context.Context, groupID int64) (*Agreement, error)
	// SaveAgreement stores a new version of the agreement (the current
	// version plus one, set on ag) and counts it as acknowledged by its
	// editor. A nonzero ag.Version is the version the edit started from:
	// EConflict (MsgAgreementChanged) unless it is still the current one.
	SaveAgreement(ctx context.Context, ag *Agreement) error
	// Acknowledge records that a member accepted agreement version; it is
	// EConflict (MsgAgreementChanged) when that is no longer the current one.
	Acknowledge(ctx context.Context, groupID, personID int64, version int) error
	// RemoveMember ends a membership; EConflict (MsgLastFacilitator) if it
	// would leave the group without a facilitator.
	RemoveMember(ctx context.Context, groupID, personID int64) error
	// JoinGroup redeems a group invite for a person who has already joined
	// piiri and returns the group; EConflict (MsgNameLookAlikeJoin) when
	// their name looks like a member's of that group.
	JoinGroup(ctx context.Context, code string, personID int64, now time.Time) (*Group, error)
}

// MeetingStore keeps meetings, agendas and interim tasks.
type MeetingStore interface {
	Meetings(ctx context.Context, groupID int64) ([]Meeting, error)
	MeetingByID(ctx context.Context, id int64) (*Meeting, error)
	Agenda(ctx context.Context, meetingID int64) ([]AgendaItem, error)
	// AddMeeting numbers the meeting after the group's last one and puts
	// the number in its title (NumberedTitle); EInvalid MsgTooManyMeetings
	// when the group has MaxMeetingsInGroup already.
	AddMeeting(ctx context.Context, m *Meeting, items []AgendaItem) error
	UpdateMeeting(ctx context.Context, m *Meeting) error
	// SetMeetingLink saves a meeting's call link ("" removes it).
	SetMeetingLink(ctx context.Context, meetingID int64, link string) error
	ItemByID(ctx context.Context, id int64) (*AgendaItem, error)
	// AddItem puts an item at it.Position, moving the later ones down, or
	// at the end when Position is 0 or past it; it sets the Position it
	// got (EInvalid MsgTooManyItems when full).
	AddItem(ctx context.Context, it *AgendaItem) error
	UpdateItem(ctx context.Context, it *AgendaItem) error
	DeleteItem(ctx context.Context, id int64) error
	// MoveItem moves an item by delta places, within the agenda.
	MoveItem(ctx context.Context, id int64, delta int) error
	// Upcoming lists a person's planned meetings from a time on, the
	// unscheduled ones last.
	Upcoming(ctx context.Context, personID int64, from time.Time, limit int) ([]UpcomingMeeting, error)

	CreateTask(ctx context.Context, t *Task) error
	TaskByID(ctx context.Context, id int64) (*Task, error)
	// Tasks lists a group's tasks as one viewer sees them.
	Tasks(ctx context.Context, groupID, viewerID int64) ([]Task, error)
	// CompleteTask records (or replaces) a member's response to a task.
	CompleteTask(ctx context.Context, taskID, personID int64, response string, now time.Time) error
	// OpenTasks lists the tasks of a person's groups they have not done,
	// leaving out those of groups they lead and those they gave.
	OpenTasks(ctx context.Context, personID int64) ([]OpenTask, error)
	// TaskResponses lists a task's responses, first done first.
	TaskResponses(ctx context.Context, taskID int64) ([]TaskResponse, error)
}

// RoomEvent is one row of a live meeting's event log.
type RoomEvent struct {
	MeetingID int64
	Version   int64
	At        time.Time
	PersonID  int64
	Kind      string // an ActionKind, or start, end, join, leave
}

// RoomStore keeps live meetings: their whole state after every change, an
// event row per change, and the discussion.
type RoomStore interface {
	// SaveRoom stores the room's state and one event in one transaction.
	// With msg, it also stores the discussion message and sets msg.ID.
	// With meetingState, it also moves the meeting to that state.
	SaveRoom(ctx context.Context, st *RoomState, ev RoomEvent, msg *Message, meetingState MeetingState) error
	// LiveRooms returns the stored state of every live meeting.
	LiveRooms(ctx context.Context) ([]*RoomState, error)
	// RoomState returns a meeting's last stored room state (ENotFound if it
	// never went live).
	RoomState(ctx context.Context, meetingID int64) (*RoomState, error)
	// RoomMessages returns all of a meeting's discussion, oldest first.
	RoomMessages(ctx context.Context, meetingID int64) ([]Message, error)
	// ItemWriters counts the people who submitted a text in an item.
	ItemWriters(ctx context.Context, meetingID, itemID int64) (int, error)
	// KeepMeetingDrafts moves people's drafts in a meeting's items to the
	// end of their draft under journalKey (everyone's, when people is
	// nil) and returns whose moved.
	KeepMeetingDrafts(ctx context.Context, meetingID int64, journalKey string, people []int64, now time.Time) ([]int64, error)
	// NoteDropped remembers the live room the person's session dropped
	// out of at at, replacing their earlier entry, and forgets everyone's
	// entries from before since.
	NoteDropped(ctx context.Context, personID, meetingID int64, at, since time.Time) error
	// TakeDropped removes the person's entry and returns its meeting, or
	// 0 when there is none from since on.
	TakeDropped(ctx context.Context, personID int64, since time.Time) (int64, error)
}

// ReflectionStore keeps reflections, their visibility log and drafts.
type ReflectionStore interface {
	// AddReflection stores a reflection (setting its ID) and, with
	// draftKey, deletes that draft of its author in the same transaction.
	AddReflection(ctx context.Context, r *Reflection, draftKey string) error
	// ReflectionByID finds a reflection with its group and meeting names.
	ReflectionByID(ctx context.Context, id int64) (*Reflection, error)
	// Reflections lists, newest first, the reflections the viewer may see
	// that match the filter. A bad search expression is EInvalid
	// (MsgSearchInvalid).
	Reflections(ctx context.Context, v Viewer, f ReflectionFilter) ([]Reflection, error)
	// SetVisibility changes a reflection's visibility and logs who changed
	// it, when, from what to what. Made private, its approved quotes are
	// withdrawn in the same transaction.
	SetVisibility(ctx context.Context, id, personID int64, to Visibility, now time.Time) error
	// SharedGroups lists, by name, the groups with at least one shared
	// reflection: those whose texts the organisation's readers may read.
	SharedGroups(ctx context.Context) ([]Group, error)
	// VisibilityLog lists a reflection's visibility changes, oldest first.
	VisibilityLog(ctx context.Context, id int64) ([]VisibilityChange, error)
	// UpdateWriting changes a reflection's text and whether a reveal may
	// show it (roomtui: editing silent writing before the reveal).
	UpdateWriting(ctx context.Context, id int64, body string, reveal bool, now time.Time) error
	// RevealedWritings lists the reflections written in a meeting's item
	// whose authors let the reveal show them, oldest first.
	RevealedWritings(ctx context.Context, meetingID, itemID int64) ([]Reflection, error)
	// SaveDraft stores a person's draft under a key; an empty body deletes it.
	SaveDraft(ctx context.Context, personID int64, key, body string, now time.Time) error
	// Draft returns a person's draft under a key, or "".
	Draft(ctx context.Context, personID int64, key string) (string, error)
}

// FeedbackRow is one pulse answer. PersonID serves only to keep leaders'
// answers out of the participants' aggregate; it never leaves the Service.
type FeedbackRow struct {
	MeetingID int64
	PersonID  int64
	Score     int // 0: no score chosen, only a word
	Word      string
}

// EvaluationStore keeps self-assessments, meeting feedback and the
// decisions on sharing onward.
type EvaluationStore interface {
	// AssessmentItems returns a group's own assessment statements, or none
	// when it uses its template's.
	AssessmentItems(ctx context.Context, groupID int64) ([]string, error)
	SetAssessmentItems(ctx context.Context, groupID int64, items []string) error
	// SaveAssessment stores or replaces a person's answer at a meeting.
	SaveAssessment(ctx context.Context, a AssessmentAnswer) error
	// Assessments returns every answer given in a group's meetings.
	Assessments(ctx context.Context, groupID int64) ([]AssessmentAnswer, error)
	// SaveFeedback stores or replaces a person's pulse for a meeting.
	SaveFeedback(ctx context.Context, meetingID, personID int64, score int, word string, at time.Time) error
	// Feedback returns a group's pulse answers.
	Feedback(ctx context.Context, groupID int64) ([]FeedbackRow, error)
	// CreateShare stores a decision with its quotes asked of their authors.
	CreateShare(ctx context.Context, sh *Share) error
	// Shares returns a group's decisions with their quotes (bodies filled).
	Shares(ctx context.Context, groupID int64) ([]Share, error)
	// SharesFor returns the decisions made for any of the audiences.
	SharesFor(ctx context.Context, audiences []ShareAudience) ([]Share, error)
	// AuthorQuotes returns every quote of an author's reflections, whatever
	// its status, oldest share first.
	AuthorQuotes(ctx context.Context, authorID int64) ([]ApprovalRequest, error)
	// SetQuoteStatus records the author's answer (ENotFound if no such quote of theirs).
	SetQuoteStatus(ctx context.Context, shareID, reflectionID, authorID int64, status QuoteStatus) error
	// WithdrawQuotes marks the author's approved quotes of a reflection
	// withdrawn — in one share, or in all of them when shareID is 0 — and
	// returns how many there were.
	WithdrawQuotes(ctx context.Context, authorID, reflectionID, shareID int64) (int, error)
	// ShareTargets lists up to limit groups other than groupID, by name.
	ShareTargets(ctx context.Context, groupID int64, limit int) ([]ShareTarget, error)
	// TaskDoers lists, per task of a group, the people who have done it.
	TaskDoers(ctx context.Context, groupID int64) (map[int64][]int64, error)
	// SharedCount counts a group's reflections released to readers.
	SharedCount(ctx context.Context, groupID int64) (int, error)
}
