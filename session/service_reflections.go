package session

import (
	"context"
	"slices"
	"strings"
)

// viewer is the actor as the visibility rules see them.
func viewer(a Actor) Viewer {
	return Viewer{PersonID: a.Person.ID, Reader: a.Person.Role == RoleReader}
}

// canRead applies the visibility rules to one reflection: the author
// always; group and shared ones to the group's current members; shared
// ones to readers.
func (s *Service) canRead(ctx context.Context, a Actor, r *Reflection) (bool, error) {
	if r.AuthorID == a.Person.ID {
		return true, nil
	}
	if r.Visibility == VisShared && a.Person.Role == RoleReader {
		return true, nil
	}
	if r.Visibility == VisPrivate || r.GroupID == 0 {
		return false, nil
	}
	m, err := s.store.Membership(ctx, r.GroupID, a.Person.ID)
	switch ErrorCode(err) {
	case "":
		return m.Admitted(), nil
	case ENotFound:
		return false, nil
	}
	return false, err
}

// cleanBody sanitises a reflection or draft and checks its length.
func cleanBody(body string) (string, error) {
	body = CleanText(body)
	if RuneCount(body) > MaxReflectionLen {
		return "", Errorf(EInvalid, MsgTextTooLong, MaxReflectionLen)
	}
	return body, nil
}

// AddReflection stores what the actor wrote. A meeting implies its group;
// the actor must be a member of both. Private unless the author chooses
// otherwise; group visibility needs a group. Nothing is stored for an
// empty text.
func (s *Service) AddReflection(ctx context.Context, a Actor, in ReflectionInput) (_ *Reflection, err error) {
	defer s.logChange(ctx, "AddReflection", &err, "group", in.GroupID, "meeting", in.MeetingID, "visibility", in.Visibility)
	if !a.Known() {
		return nil, forbidden(a)
	}
	body, err := cleanBody(in.Body)
	if err != nil {
		return nil, err
	}
	if body == "" {
		return nil, Errorf(EInvalid, MsgReflectionEmpty)
	}
	vis := VisPrivate
	if in.Visibility != "" {
		if vis, err = ParseVisibility(string(in.Visibility)); err != nil {
			return nil, err
		}
	}
	if in.DraftKey != "" && !validDraftKey(in.DraftKey) {
		return nil, Errorf(EInvalid, MsgDraftKeyInvalid)
	}
	r := &Reflection{AuthorID: a.Person.ID, AuthorName: a.Person.Name, Body: body, Visibility: vis, Reveal: in.Reveal}
	if in.MeetingID != 0 {
		m, err := s.meetingOf(ctx, a, in.MeetingID, false)
		if err != nil {
			return nil, err
		}
		r.MeetingID, r.GroupID = m.ID, m.GroupID
		if in.ItemID != 0 {
			it, err := s.store.ItemByID(ctx, in.ItemID)
			if isInternal(err) {
				return nil, err
			}
			if err != nil || it.MeetingID != m.ID {
				return nil, Errorf(EInvalid, MsgItemNotInMeeting)
			}
			r.ItemID = it.ID
		}
	} else if in.GroupID != 0 {
		if _, err := s.member(ctx, a, in.GroupID); err != nil {
			return nil, err
		}
		r.GroupID = in.GroupID
	}
	if vis == VisGroup && r.GroupID == 0 {
		return nil, Errorf(EInvalid, MsgVisibilityNeedsGroup)
	}
	r.CreatedAt, r.UpdatedAt = s.now(), s.now()
	if err := s.store.AddReflection(ctx, r, in.DraftKey); err != nil {
		return nil, err
	}
	// Written in a live room: count it there, and show it if revealed.
	if r.MeetingID != 0 && r.ItemID != 0 {
		s.roomWritten(ctx, r.MeetingID, r.ItemID)
	}
	return r, nil
}

// Reflection returns one reflection the actor may read. One they may not
// read is "not found": its existence is not revealed.
func (s *Service) Reflection(ctx context.Context, a Actor, id int64) (_ *Reflection, err error) {
	defer s.logRead(ctx, "Reflection", &err, "reflection", id)
	if !a.Known() {
		return nil, forbidden(a)
	}
	r, err := s.store.ReflectionByID(ctx, id)
	if ErrorCode(err) == ENotFound {
		return nil, Errorf(ENotFound, MsgReflectionNotFound)
	} else if err != nil {
		return nil, err
	}
	ok, err := s.canRead(ctx, a, r)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, Errorf(ENotFound, MsgReflectionNotFound)
	}
	return r, nil
}

// Reflections lists, newest first, what the actor may read, filtered.
func (s *Service) Reflections(ctx context.Context, a Actor, f ReflectionFilter) (_ []Reflection, err error) {
	defer s.logRead(ctx, "Reflections", &err, "group", f.GroupID, "meeting", f.MeetingID)
	if !a.Known() {
		return nil, forbidden(a)
	}
	if f.Visibility != "" {
		v, err := ParseVisibility(string(f.Visibility))
		if err != nil {
			return nil, err
		}
		f.Visibility = v
	}
	if f.Limit <= 0 {
		f.Limit = DefaultPageSize
	}
	f.Limit = min(f.Limit, MaxPageSize)
	f.Offset = min(max(f.Offset, 0), MaxSearchOffset)
	f.Search = CleanLine(f.Search)
	return s.store.Reflections(ctx, viewer(a), f)
}

// SetVisibility changes who may read a reflection. Only its author may;
// sharing with readers and withdrawing are both always possible. The
// change is logged.
func (s *Service) SetVisibility(ctx context.Context, a Actor, id int64, to Visibility) (_ *Reflection, err error) {
	defer s.logChange(ctx, "SetVisibility", &err, "reflection", id, "to", to)
	r, err := s.Reflection(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if r.AuthorID != a.Person.ID {
		return nil, Errorf(EForbidden, MsgForbidden)
	}
	if to, err = ParseVisibility(string(to)); err != nil {
		return nil, err
	}
	if to == VisGroup && r.GroupID == 0 {
		return nil, Errorf(EInvalid, MsgVisibilityNeedsGroup)
	}
	if to == r.Visibility {
		return r, nil
	}
	if err := s.store.SetVisibility(ctx, id, a.Person.ID, to, s.now()); err != nil {
		return nil, err
	}
	r.Visibility = to
	return r, nil
}

// VisibilityLog returns a reflection's visibility changes; only its
// author may read them.
func (s *Service) VisibilityLog(ctx context.Context, a Actor, id int64) (_ []VisibilityChange, err error) {
	defer s.logRead(ctx, "VisibilityLog", &err, "reflection", id)
	r, err := s.Reflection(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if r.AuthorID != a.Person.ID {
		return nil, Errorf(EForbidden, MsgForbidden)
	}
	return s.store.VisibilityLog(ctx, id)
}

// SaveDraft keeps what the actor is writing, so that a dropped connection
// or a restart loses at most the last moments. An empty text deletes it.
func (s *Service) SaveDraft(ctx context.Context, a Actor, key, body string) (err error) {
	defer s.logRead(ctx, "SaveDraft", &err)
	if !a.Known() {
		return forbidden(a)
	}
	if !validDraftKey(key) {
		return Errorf(EInvalid, MsgDraftKeyInvalid)
	}
	// Drafts keep the text as typed (only control characters go, nothing
	// is trimmed), so that resuming gives back exactly what was there.
	body = stripControls(strings.ReplaceAll(body, "\r\n", "\n"), true)
	if RuneCount(body) > MaxReflectionLen {
		return Errorf(EInvalid, MsgTextTooLong, MaxReflectionLen)
	}
	if strings.TrimSpace(body) == "" {
		body = "" // deletes the draft
	}
	return s.store.SaveDraft(ctx, a.Person.ID, key, body, s.Now())
}

// Draft returns the actor's draft under a key, or "".
func (s *Service) Draft(ctx context.Context, a Actor, key string) (_ string, err error) {
	defer s.logRead(ctx, "Draft", &err)
	if !a.Known() {
		return "", forbidden(a)
	}
	if !validDraftKey(key) {
		return "", Errorf(EInvalid, MsgDraftKeyInvalid)
	}
	return s.store.Draft(ctx, a.Person.ID, key)
}

// revealedWritings loads the texts an item's reveal shows, with names or
// without as the item says. The caller holds the room's lock.
func (s *Service) revealedWritings(ctx context.Context, st *RoomState, meetingID, itemID int64) ([]RevealedWriting, error) {
	rs, err := s.store.RevealedWritings(ctx, meetingID, itemID)
	if err != nil {
		return nil, err
	}
	anonymous := false
	for _, it := range st.Items {
		if it.ID == itemID {
			anonymous = it.Anonymous
		}
	}
	out := make([]RevealedWriting, 0, len(rs))
	for _, x := range rs {
		w := RevealedWriting{ItemID: itemID, Body: x.Body}
		if !anonymous {
			w.Name = x.AuthorName
		}
		out = append(out, w)
	}
	if anonymous {
		// Everyone saw whose ✎ went out when: in the order they were
		// sent, the texts would say who wrote which.
		slices.SortStableFunc(out, func(a, b RevealedWriting) int { return strings.Compare(a.Body, b.Body) })
	}
	return out, nil
}
