package session

import (
	"context"
	"fmt"
	"time"
)

// MaxHistoryVersions is how many earlier texts of one reflection its
// history keeps (the newest).
const MaxHistoryVersions = 50

// ReflectionVersion is an earlier text of an edited reflection.
type ReflectionVersion struct {
	Body       string
	WrittenAt  time.Time // when this text was saved
	ReplacedAt time.Time // when an edit replaced it
}

// ReflectionEditStore changes and removes saved reflections.
type ReflectionEditStore interface {
	// EditReflection replaces a reflection's text and keeps the earlier
	// one in its history, in one transaction (ENotFound).
	EditReflection(ctx context.Context, id int64, body string, now time.Time) error
	// DeleteReflection removes a reflection, its history, its search
	// index entry and the quotes of it (ENotFound).
	DeleteReflection(ctx context.Context, id int64) error
	// ReflectionHistory lists a reflection's earlier texts, newest first,
	// at most MaxHistoryVersions.
	ReflectionHistory(ctx context.Context, id int64) ([]ReflectionVersion, error)
	// DraftKeys lists a person's drafts, newest first, at most limit.
	DraftKeys(ctx context.Context, personID int64, limit int) ([]DraftKey, error)
}

// DraftKey is one of a person's drafts, without its text.
type DraftKey struct {
	Key       string
	UpdatedAt time.Time
}

// MaxDraftPlaces is how many of one's drafts Drafts lists.
const MaxDraftPlaces = 20

// DraftPlace says where an unfinished draft is: a journal entry (on a
// group or none), a meeting's item, or an edit of a saved reflection.
type DraftPlace struct {
	Key          string
	GroupID      int64
	GroupName    string // "" for a journal entry on no group, or a group one is no longer in
	MeetingID    int64
	MeetingTitle string
	ReflectionID int64 // an edit's
	UpdatedAt    time.Time
}

// ownReflection is a reflection the actor wrote. One they may read but did
// not write is forbidden; one they may not read is not found.
func (s *Service) ownReflection(ctx context.Context, a Actor, id int64) (*Reflection, error) {
	r, err := s.Reflection(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if r.AuthorID != a.Person.ID {
		return nil, Errorf(EForbidden, MsgForbidden)
	}
	return r, nil
}

// EditReflection replaces the text of the actor's own reflection; the
// earlier text stays in its history for the author. Everyone who may read
// it sees the new text, in a live room too.
func (s *Service) EditReflection(ctx context.Context, a Actor, id int64, body string) (_ *Reflection, err error) {
	defer s.logChange(ctx, "EditReflection", &err, "reflection", id)
	r, err := s.ownReflection(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if body, err = cleanBody(body); err != nil {
		return nil, err
	}
	if body == "" {
		return nil, Errorf(EInvalid, MsgReflectionEmpty)
	}
	if body == r.Body {
		return r, nil
	}
	now := s.now()
	if err := s.store.EditReflection(ctx, id, body, now); err != nil {
		return nil, err
	}
	r.Body, r.UpdatedAt = body, now
	if r.MeetingID != 0 && r.ItemID != 0 {
		s.roomWritten(ctx, r.MeetingID, r.ItemID)
	}
	return r, nil
}

// DeleteReflection removes the actor's own reflection everywhere: lists,
// search, quotes, its history. The log records the deletion, not the text.
func (s *Service) DeleteReflection(ctx context.Context, a Actor, id int64) (err error) {
	defer s.logChange(ctx, "DeleteReflection", &err, "reflection", id)
	r, err := s.ownReflection(ctx, a, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteReflection(ctx, id); err != nil {
		return err
	}
	if r.MeetingID != 0 && r.ItemID != 0 {
		s.roomWritten(ctx, r.MeetingID, r.ItemID)
	}
	return nil
}

// ReflectionHistory returns the earlier texts of the actor's own
// reflection, newest first; only its author may see them.
func (s *Service) ReflectionHistory(ctx context.Context, a Actor, id int64) (_ []ReflectionVersion, err error) {
	defer s.logRead(ctx, "ReflectionHistory", &err, "reflection", id)
	if _, err := s.ownReflection(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.ReflectionHistory(ctx, id)
}

// Drafts lists where the actor has unfinished drafts, newest first: the
// home screen says so, the editor says when there is one elsewhere.
func (s *Service) Drafts(ctx context.Context, a Actor) (_ []DraftPlace, err error) {
	defer s.logRead(ctx, "Drafts", &err)
	if !a.Known() {
		return nil, forbidden(a)
	}
	keys, err := s.store.DraftKeys(ctx, a.Person.ID, MaxDraftPlaces)
	if err != nil {
		return nil, err
	}
	var out []DraftPlace
	for _, k := range keys {
		p := DraftPlace{Key: k.Key, UpdatedAt: k.UpdatedAt}
		var item int64
		switch {
		case scanKey(k.Key, "journal:%d", &p.GroupID):
		case scanKey(k.Key, "meeting:%d:item:%d", &p.MeetingID, &item):
			if m, err := s.store.MeetingByID(ctx, p.MeetingID); err == nil {
				p.MeetingTitle, p.GroupID = m.Title, m.GroupID
			}
		case scanKey(k.Key, "edit:%d", &p.ReflectionID):
			if r, err := s.store.ReflectionByID(ctx, p.ReflectionID); err == nil && r.AuthorID == a.Person.ID {
				p.GroupID = r.GroupID
			} else {
				continue // the reflection is gone
			}
		default:
			continue
		}
		// A group's name only while one is in it.
		if p.GroupID != 0 {
			if m, err := s.store.Membership(ctx, p.GroupID, a.Person.ID); err == nil && m.Admitted() {
				if g, err := s.store.GroupByID(ctx, p.GroupID); err == nil {
					p.GroupName = g.Name
				}
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// scanKey parses a draft key of one format, exactly.
func scanKey(key, format string, ids ...*int64) bool {
	args := make([]any, len(ids))
	for i := range ids {
		args[i] = ids[i]
	}
	n, _ := fmt.Sscanf(key, format, args...)
	return n == len(ids) && validDraftKey(key)
}
