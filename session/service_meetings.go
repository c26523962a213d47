package session

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// StartLayout (ISO) and StartLayoutFI (the Finnish way) are how piiri
// writes a start for people to edit or copy, in the server's zone; both
// read back with ParseStart.
const (
	StartLayout   = "2006-01-02 15:04"
	StartLayoutFI = "2.1.2006 15.04"
)

// startLayouts are the ways people type a start: the Finnish date with a
// dot or colon in the clock (optionally "klo"), ISO dates, and the
// English date piiri shows ("Tue 1 Dec 2026 14:30").
var startLayouts = []string{
	StartLayoutFI, "2.1.2006 15:04", StartLayout, "2006-01-02 15.04", "2006-01-02T15:04",
	"2 Jan 2006 15:04", "Mon 2 Jan 2006 15:04",
}

// ParseStart reads a start time typed as "1.12.2026 14.30", "1.12.2026
// 14:30" or "2026-12-01 14:30" in loc. The error shows an example.
func ParseStart(s string, loc *time.Location) (time.Time, error) {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Replace(s, " klo ", " ", 1)
	for _, layout := range startLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, Errorf(EInvalid, MsgTimeInvalid)
}

// meetingOf loads a meeting and the actor's membership of its group.
func (s *Service) meetingOf(ctx context.Context, a Actor, meetingID int64, lead bool) (*Meeting, error) {
	if !a.Known() {
		return nil, forbidden(a)
	}
	m, err := s.store.MeetingByID(ctx, meetingID)
	if ErrorCode(err) == ENotFound {
		return nil, Errorf(ENotFound, MsgMeetingNotFound)
	} else if err != nil {
		return nil, err
	}
	check := s.member
	if lead {
		check = s.leader
	}
	if _, err := check(ctx, a, m.GroupID); err != nil {
		if ErrorCode(err) == ENotFound {
			return nil, Errorf(ENotFound, MsgMeetingNotFound)
		}
		return nil, err
	}
	return m, nil
}

// editableMeeting is meetingOf for leaders changing a meeting that has not
// ended.
func (s *Service) editableMeeting(ctx context.Context, a Actor, meetingID int64) (*Meeting, error) {
	m, err := s.meetingOf(ctx, a, meetingID, true)
	if err != nil {
		return nil, err
	}
	switch m.State {
	case MeetingEnded:
		return nil, Errorf(EConflict, MsgMeetingEnded)
	case MeetingLive:
		// The room works on its own copy of the agenda.
		return nil, Errorf(EConflict, MsgMeetingIsLive)
	}
	return m, nil
}

// Meetings lists the meetings of one of the actor's groups, or of all of
// them when groupID is 0.
func (s *Service) Meetings(ctx context.Context, a Actor, groupID int64) (_ []Meeting, err error) {
	defer s.logRead(ctx, "Meetings", &err, "group", groupID)
	if groupID != 0 {
		if _, err := s.member(ctx, a, groupID); err != nil {
			return nil, err
		}
		return s.store.Meetings(ctx, groupID)
	}
	groups, err := s.Groups(ctx, a)
	if err != nil {
		return nil, err
	}
	var all []Meeting
	for _, g := range groups {
		if !g.Admitted {
			continue // the agreement first, as with groupID
		}
		ms, err := s.store.Meetings(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		all = append(all, ms...)
	}
	return all, nil
}

// Meeting returns a meeting and its agenda.
func (s *Service) Meeting(ctx context.Context, a Actor, meetingID int64) (_ *Meeting, _ []AgendaItem, err error) {
	defer s.logRead(ctx, "Meeting", &err, "meeting", meetingID)
	m, err := s.meetingOf(ctx, a, meetingID, false)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.store.Agenda(ctx, meetingID)
	if err != nil {
		return nil, nil, err
	}
	return m, items, nil
}

// AddMeeting adds a meeting to a group with the template's repeat agenda.
func (s *Service) AddMeeting(ctx context.Context, a Actor, groupID int64) (_ *Meeting, err error) {
	defer s.logChange(ctx, "AddMeeting", &err, "group", groupID)
	if _, err := s.leader(ctx, a, groupID); err != nil {
		return nil, err
	}
	g, t, err := s.groupTemplate(ctx, groupID)
	if err != nil {
		return nil, err
	}
	m, items := meetingFromTemplate(t.Repeat, g.Lang)
	m.GroupID = groupID
	if err := s.store.AddMeeting(ctx, &m, items); err != nil {
		return nil, err
	}
	s.groupChanged(ctx, groupID)
	return &m, nil
}

// NumberedTitle puts a meeting's number in front of its title, unless the
// title already starts with it.
func NumberedTitle(n int, title string) string {
	prefix := fmt.Sprintf("%d.", n)
	if strings.HasPrefix(title, prefix) {
		return title
	}
	return prefix + " " + title
}

// UpdateMeeting changes a meeting's title, theme, start or planned length.
// Leaders may, until the meeting has ended. A start must not be in the past.
func (s *Service) UpdateMeeting(ctx context.Context, a Actor, meetingID int64, u MeetingUpdate) (_ *Meeting, err error) {
	defer s.logChange(ctx, "UpdateMeeting", &err, "meeting", meetingID)
	m, err := s.editableMeeting(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	next := *m
	if u.Title != nil {
		if next.Title, err = cleanTitle(*u.Title, MaxTitleLen, MsgTitleEmpty); err != nil {
			return nil, err
		}
	}
	if u.Theme != nil {
		next.Theme = CleanLine(*u.Theme)
		if RuneCount(next.Theme) > MaxThemeLen {
			return nil, Errorf(EInvalid, MsgTextTooLong, MaxThemeLen)
		}
	}
	if u.Minutes != nil {
		if *u.Minutes < 1 || *u.Minutes > MaxMeetingMinutes {
			return nil, Errorf(EInvalid, MsgMinutesInvalid, MaxMeetingMinutes)
		}
		next.Minutes = *u.Minutes
	}
	if u.StartsAt != nil {
		start := u.StartsAt.UTC().Truncate(time.Minute)
		if !start.IsZero() && start.Before(s.now()) {
			return nil, Errorf(EInvalid, MsgStartInPast)
		}
		// A typo such as 2062 for 2026 is refused rather than planned.
		if start.After(s.now().AddDate(MaxScheduleYears, 0, 0)) {
			return nil, Errorf(EInvalid, MsgStartTooFar) // the catalogs say "five years"
		}
		next.StartsAt = start
	}
	if err := s.store.UpdateMeeting(ctx, &next); err != nil {
		return nil, err
	}
	s.groupChanged(ctx, next.GroupID)
	return &next, nil
}

// AddAgendaItem appends an item to a meeting's agenda, whatever position
// the caller sends.
func (s *Service) AddAgendaItem(ctx context.Context, a Actor, meetingID int64, it AgendaItem) (_ *AgendaItem, err error) {
	defer s.logChange(ctx, "AddAgendaItem", &err, "meeting", meetingID)
	if _, err := s.editableMeeting(ctx, a, meetingID); err != nil {
		return nil, err
	}
	it.Position = 0
	return s.addItem(ctx, meetingID, it)
}

// InsertAgendaItem puts a new item right after the item afterID of the
// same meeting (0: first), where the editor's selection is.
func (s *Service) InsertAgendaItem(ctx context.Context, a Actor, meetingID, afterID int64, it AgendaItem) (_ *AgendaItem, err error) {
	defer s.logChange(ctx, "InsertAgendaItem", &err, "meeting", meetingID)
	if _, err := s.editableMeeting(ctx, a, meetingID); err != nil {
		return nil, err
	}
	it.Position = 1
	if afterID != 0 {
		after, err := s.store.ItemByID(ctx, afterID)
		if ErrorCode(err) == ENotFound || (err == nil && after.MeetingID != meetingID) {
			return nil, Errorf(ENotFound, MsgItemNotFound)
		} else if err != nil {
			return nil, err
		}
		it.Position = after.Position + 1
	}
	return s.addItem(ctx, meetingID, it)
}

// addItem checks and stores a new item at it.Position (0: at the end).
func (s *Service) addItem(ctx context.Context, meetingID int64, it AgendaItem) (*AgendaItem, error) {
	if err := it.clean(); err != nil {
		return nil, err
	}
	it.MeetingID = meetingID
	if err := s.store.AddItem(ctx, &it); err != nil {
		return nil, err
	}
	s.meetingChanged(ctx, meetingID)
	return &it, nil
}

// itemOf loads an agenda item the actor may edit.
func (s *Service) itemOf(ctx context.Context, a Actor, itemID int64) (*AgendaItem, error) {
	if !a.Known() {
		return nil, forbidden(a)
	}
	it, err := s.store.ItemByID(ctx, itemID)
	if ErrorCode(err) == ENotFound {
		return nil, Errorf(ENotFound, MsgItemNotFound)
	} else if err != nil {
		return nil, err
	}
	if _, err := s.editableMeeting(ctx, a, it.MeetingID); err != nil {
		if ErrorCode(err) == ENotFound {
			return nil, Errorf(ENotFound, MsgItemNotFound)
		}
		return nil, err
	}
	return it, nil
}

// UpdateAgendaItem changes an item's title, kind, timebox and prompt.
func (s *Service) UpdateAgendaItem(ctx context.Context, a Actor, it AgendaItem) (_ *AgendaItem, err error) {
	defer s.logChange(ctx, "UpdateAgendaItem", &err, "item", it.ID)
	old, err := s.itemOf(ctx, a, it.ID)
	if err != nil {
		return nil, err
	}
	if err := it.clean(); err != nil {
		return nil, err
	}
	it.MeetingID, it.Position = old.MeetingID, old.Position
	if err := s.store.UpdateItem(ctx, &it); err != nil {
		return nil, err
	}
	s.meetingChanged(ctx, it.MeetingID)
	return &it, nil
}

// DeleteAgendaItem removes an item.
func (s *Service) DeleteAgendaItem(ctx context.Context, a Actor, itemID int64) (err error) {
	defer s.logChange(ctx, "DeleteAgendaItem", &err, "item", itemID)
	it, err := s.itemOf(ctx, a, itemID)
	if err != nil {
		return err
	}
	if err := s.store.DeleteItem(ctx, itemID); err != nil {
		return err
	}
	s.meetingChanged(ctx, it.MeetingID)
	return nil
}

// MoveAgendaItem moves an item up (negative delta) or down the agenda.
func (s *Service) MoveAgendaItem(ctx context.Context, a Actor, itemID int64, delta int) (err error) {
	defer s.logChange(ctx, "MoveAgendaItem", &err, "item", itemID)
	it, err := s.itemOf(ctx, a, itemID)
	if err != nil {
		return err
	}
	if err := s.store.MoveItem(ctx, itemID, delta); err != nil {
		return err
	}
	s.meetingChanged(ctx, it.MeetingID)
	return nil
}

// CreateTask assigns an interim task to a group, due at one of its
// meetings (or none). Leaders may.
func (s *Service) CreateTask(ctx context.Context, a Actor, t Task) (_ *Task, err error) {
	defer s.logChange(ctx, "CreateTask", &err, "group", t.GroupID)
	if _, err := s.leader(ctx, a, t.GroupID); err != nil {
		return nil, err
	}
	if t.Title, err = cleanTitle(t.Title, MaxTaskTitleLen, MsgTitleEmpty); err != nil {
		return nil, err
	}
	t.Description = CleanText(t.Description)
	if RuneCount(t.Description) > MaxTaskTextLen {
		return nil, Errorf(EInvalid, MsgTextTooLong, MaxTaskTextLen)
	}
	if t.DueMeetingID != 0 {
		m, err := s.store.MeetingByID(ctx, t.DueMeetingID)
		if isInternal(err) {
			return nil, err
		}
		if err != nil || m.GroupID != t.GroupID {
			return nil, Errorf(ENotFound, MsgMeetingNotFound)
		}
		t.DueNumber = m.Number
	}
	t.CreatedBy, t.CreatedAt = a.Person.ID, s.now()
	if err := s.store.CreateTask(ctx, &t); err != nil {
		return nil, err
	}
	s.groupChanged(ctx, t.GroupID) // the members' task lists show it at once
	return &t, nil
}

// CompleteTask marks a task done with the actor's short written response.
func (s *Service) CompleteTask(ctx context.Context, a Actor, taskID int64, response string) (err error) {
	defer s.logChange(ctx, "CompleteTask", &err, "task", taskID)
	if !a.Known() {
		return forbidden(a)
	}
	t, err := s.store.TaskByID(ctx, taskID)
	if ErrorCode(err) == ENotFound {
		return Errorf(ENotFound, MsgTaskNotFound)
	} else if err != nil {
		return err
	}
	if _, err := s.member(ctx, a, t.GroupID); err != nil {
		if ErrorCode(err) == ENotFound {
			return Errorf(ENotFound, MsgTaskNotFound)
		}
		return err
	}
	response = CleanText(response)
	switch {
	case response == "":
		return Errorf(EInvalid, MsgResponseEmpty)
	case RuneCount(response) > MaxTaskTextLen:
		return Errorf(EInvalid, MsgTextTooLong, MaxTaskTextLen)
	}
	if err := s.store.CompleteTask(ctx, taskID, a.Person.ID, response, s.now()); err != nil {
		return err
	}
	// Stored: the leaders' task tab counts it now, not at their next reload.
	s.groupChanged(ctx, t.GroupID)
	return nil
}

// TaskResponses lets a group's leaders read what the members answered to a
// task. Only leaders may: members see their own answer on the task.
func (s *Service) TaskResponses(ctx context.Context, a Actor, taskID int64) (_ *Task, _ []TaskResponse, err error) {
	defer s.logRead(ctx, "TaskResponses", &err, "task", taskID)
	if !a.Known() {
		return nil, nil, forbidden(a)
	}
	t, err := s.store.TaskByID(ctx, taskID)
	if ErrorCode(err) == ENotFound {
		return nil, nil, Errorf(ENotFound, MsgTaskNotFound)
	} else if err != nil {
		return nil, nil, err
	}
	if _, err := s.leader(ctx, a, t.GroupID); err != nil {
		if ErrorCode(err) == ENotFound {
			return nil, nil, Errorf(ENotFound, MsgTaskNotFound)
		}
		return nil, nil, err
	}
	rs, err := s.store.TaskResponses(ctx, taskID)
	if err != nil {
		return nil, nil, err
	}
	return t, rs, nil
}

// taskStatus is a task as a room shows it: done counts without the
// leaders, and who did it.
func (s *Service) taskStatus(ctx context.Context, t Task) (TaskStatus, error) {
	rs, err := s.store.TaskResponses(ctx, t.ID)
	if err != nil {
		return TaskStatus{}, err
	}
	ts := TaskStatus{Title: t.Title, Done: t.Done, Members: t.Members}
	for _, r := range rs {
		ts.DoneBy = append(ts.DoneBy, r.PersonID)
	}
	return ts, nil
}

// TaskBox is the mark a viewer sees by a task in the room: ☑ for their
// own done one, ☐ for one still to do, and • for the leaders, who gave it.
func (s *RoomState) TaskBox(t TaskStatus, viewer int64) string {
	switch {
	case slices.Contains(t.DoneBy, viewer):
		return "☑"
	case s.Leads(viewer):
		return "•"
	}
	return "☐"
}
