package session

import (
	"fmt"
	"strings"
	"time"
)

// Visibility is who may read a reflection. The author always may.
type Visibility string

const (
	VisPrivate Visibility = "private" // the author alone; not even a facilitator
	VisGroup   Visibility = "group"   // members of the reflection's group
	VisShared  Visibility = "shared"  // also released to the organisation's readers
)

// Visibilities lists them from the most private.
var Visibilities = []Visibility{VisPrivate, VisGroup, VisShared}

// ParseVisibility accepts a visibility name.
func ParseVisibility(s string) (Visibility, error) {
	for _, v := range Visibilities {
		if strings.EqualFold(strings.TrimSpace(s), string(v)) {
			return v, nil
		}
	}
	return "", Errorf(EInvalid, MsgVisibilityInvalid, s)
}

// MaxReflectionLen is the longest reflection or draft, in characters.
const MaxReflectionLen = 20000

// Reflection is something a person wrote: in a meeting (possibly in a
// silent-writing item), or as a journal entry on a group or on nothing.
type Reflection struct {
	ID           int64
	AuthorID     int64
	AuthorName   string
	GroupID      int64 // 0: none
	GroupName    string
	MeetingID    int64 // 0: none
	MeetingTitle string
	ItemID       int64 // the agenda item it was written in; 0: none
	Body         string
	Visibility   Visibility
	// Reveal: the author lets the facilitator's reveal show it in the room
	// (silent writing). It does not change who may read it afterwards.
	Reveal    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ReflectionInput is a new reflection as its author submits it.
type ReflectionInput struct {
	GroupID    int64
	MeetingID  int64
	ItemID     int64
	Body       string
	Visibility Visibility // "" means private
	Reveal     bool
	DraftKey   string // the draft this came from, deleted in the same transaction
}

// ReflectionFilter narrows the reflections a viewer may see. Zero values
// do not filter. Before is the paging cursor: only ids below it. A search
// puts the best matches of a page first, so its pages go by Offset.
type ReflectionFilter struct {
	GroupID    int64
	MeetingID  int64
	AuthorID   int64
	Visibility Visibility
	From, To   time.Time
	Search     string // words (found in any inflected form), "phrases", prefix*, AND/OR/NOT
	Before     int64
	Offset     int // with a search: skip this many matches (newest first; each page is ranked)
	Limit      int
}

// DefaultPageSize is how many reflections a page holds.
const DefaultPageSize = 50

// MaxSearchOffset bounds how deep search pages go: each page walks the
// matches before it again.
const MaxSearchOffset = 2000

// MaxPageSize caps Limit.
const MaxPageSize = 500

// VisibilityChange is one entry of a reflection's visibility log.
type VisibilityChange struct {
	ReflectionID int64
	PersonID     int64
	At           time.Time
	From, To     Visibility
}

// Viewer is who reads: used by the store to apply the visibility rules in
// one query.
type Viewer struct {
	PersonID int64
	Reader   bool // reads the organisation's shared reflections
}

// RevealedWriting is a silent-writing text shown in the room after the
// facilitator's reveal. Name is empty when the item reveals anonymously.
type RevealedWriting struct {
	ItemID int64
	Name   string
	Body   string
}

// Draft keys name what a draft belongs to, so that a reconnect finds it.
func MeetingDraftKey(meetingID, itemID int64) string {
	return fmt.Sprintf("meeting:%d:item:%d", meetingID, itemID)
}

// JournalDraftKey is the draft of a journal entry on a group (0: none).
func JournalDraftKey(groupID int64) string { return fmt.Sprintf("journal:%d", groupID) }

// EditDraftKey is the draft of an edit of a saved reflection.
func EditDraftKey(reflectionID int64) string { return fmt.Sprintf("edit:%d", reflectionID) }

// SayDraftKey is a live room's message line left unsent when the
// connection dropped; it comes back in the line on return.
func SayDraftKey(meetingID int64) string { return fmt.Sprintf("meeting:%d:say", meetingID) }

// TaskDraftKey is the draft of one's answer to an interim task.
func TaskDraftKey(taskID int64) string { return fmt.Sprintf("task:%d", taskID) }

func validDraftKey(k string) bool {
	var a, b int64
	if n, _ := fmt.Sscanf(k, "task:%d", &a); n == 1 && k == TaskDraftKey(a) {
		return true
	}
	if n, _ := fmt.Sscanf(k, "meeting:%d:say", &a); n == 1 && k == SayDraftKey(a) {
		return true
	}
	if n, _ := fmt.Sscanf(k, "edit:%d", &a); n == 1 && k == EditDraftKey(a) {
		return true
	}
	if n, _ := fmt.Sscanf(k, "meeting:%d:item:%d", &a, &b); n == 2 && k == MeetingDraftKey(a, b) {
		return true
	}
	if n, _ := fmt.Sscanf(k, "journal:%d", &a); n == 1 && k == JournalDraftKey(a) {
		return true
	}
	return false
}
