package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/piiri/piiri/session"
)

// meetingColumns read a meeting from "FROM meetings"; when it was really
// held comes from its room's stored state, which has it since the start.
func (db *DB) meetingColumns() string {
	return `id, group_id, number, title, theme, coalesce(starts_at, 0), minutes, state, link,
	coalesce((SELECT ` + db.jsonField("r.state", "Started") + ` FROM rooms r WHERE r.meeting_id = meetings.id), ''),
	coalesce((SELECT ` + db.jsonField("r.state", "EndedAt") + ` FROM rooms r WHERE r.meeting_id = meetings.id AND meetings.state = 'ended'), '')`
}

func scanMeeting(row scanner) (*session.Meeting, error) {
	var m session.Meeting
	var starts int64
	var heldFrom, heldTo string
	if err := row.Scan(&m.ID, &m.GroupID, &m.Number, &m.Title, &m.Theme, &starts, &m.Minutes, &m.State, &m.Link, &heldFrom, &heldTo); err != nil {
		return nil, err
	}
	if starts != 0 {
		m.StartsAt = fromUnix(starts)
	}
	m.HeldFrom, m.HeldTo = roomTime(heldFrom), roomTime(heldTo)
	return &m, nil
}

// roomTime reads a time from a room's JSON state; anything unreadable is
// the zero time, which shows as "not known" rather than failing a list.
func roomTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.Year() < 2000 {
		return time.Time{}
	}
	return t
}

func startsAt(m *session.Meeting) any {
	if m.StartsAt.IsZero() {
		return nil
	}
	return unix(m.StartsAt)
}

func insertMeeting(ctx context.Context, tx *sql.Tx, m *session.Meeting, items []session.AgendaItem) error {
	id, err := insertID(ctx, tx, "INSERT INTO meetings (group_id, number, title, theme, starts_at, minutes, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
		m.GroupID, m.Number, m.Title, m.Theme, startsAt(m), m.Minutes, m.State)
	if err != nil {
		return domainError(err, "insert meeting", session.MsgGroupNotFound)
	}
	m.ID = id
	for i := range items {
		items[i].MeetingID, items[i].Position = m.ID, i+1
		if err := insertItem(ctx, tx, &items[i]); err != nil {
			return err
		}
	}
	return nil
}

func insertItem(ctx context.Context, tx *sql.Tx, it *session.AgendaItem) error {
	id, err := insertID(ctx, tx, "INSERT INTO agenda_items (meeting_id, position, title, kind, minutes, prompt, anonymous) VALUES (?, ?, ?, ?, ?, ?, ?)",
		it.MeetingID, it.Position, it.Title, it.Kind, it.Minutes, it.Prompt, it.Anonymous)
	if err != nil {
		return domainError(err, "insert item", session.MsgMeetingNotFound)
	}
	it.ID = id
	return nil
}

// Meetings lists a group's meetings by number.
func (db *DB) Meetings(ctx context.Context, groupID int64) ([]session.Meeting, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT "+db.meetingColumns()+" FROM meetings WHERE group_id = ? ORDER BY number", groupID)
	if err != nil {
		return nil, domainError(err, "meetings", session.MsgGroupNotFound)
	}
	defer rows.Close()
	var out []session.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, domainError(err, "scan meeting", session.MsgMeetingNotFound)
		}
		out = append(out, *m)
	}
	return out, domainError(rows.Err(), "meetings", session.MsgGroupNotFound)
}

// MeetingByID finds a meeting.
func (db *DB) MeetingByID(ctx context.Context, id int64) (*session.Meeting, error) {
	m, err := scanMeeting(db.read.QueryRowContext(ctx, "SELECT "+db.meetingColumns()+" FROM meetings WHERE id = ?", id))
	return m, domainError(err, "meeting", session.MsgMeetingNotFound)
}

// Agenda lists a meeting's items in order.
func (db *DB) Agenda(ctx context.Context, meetingID int64) ([]session.AgendaItem, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, meeting_id, position, title, kind, minutes, prompt, anonymous FROM agenda_items WHERE meeting_id = ? ORDER BY position", meetingID)
	if err != nil {
		return nil, domainError(err, "agenda", session.MsgMeetingNotFound)
	}
	defer rows.Close()
	var out []session.AgendaItem
	for rows.Next() {
		var it session.AgendaItem
		if err := rows.Scan(&it.ID, &it.MeetingID, &it.Position, &it.Title, &it.Kind, &it.Minutes, &it.Prompt, &it.Anonymous); err != nil {
			return nil, domainError(err, "scan item", session.MsgItemNotFound)
		}
		out = append(out, it)
	}
	return out, domainError(rows.Err(), "agenda", session.MsgMeetingNotFound)
}

// AddMeeting appends a meeting to its group.
func (db *DB) AddMeeting(ctx context.Context, m *session.Meeting, items []session.AgendaItem) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var count int
		if err := tx.QueryRowContext(ctx, "SELECT count(*), coalesce(max(number), 0) + 1 FROM meetings WHERE group_id = ?", m.GroupID).
			Scan(&count, &m.Number); err != nil {
			return domainError(err, "meeting number", session.MsgGroupNotFound)
		}
		if count >= session.MaxMeetingsInGroup {
			return session.Errorf(session.EInvalid, session.MsgTooManyMeetings, session.MaxMeetingsInGroup)
		}
		m.Title = session.NumberedTitle(m.Number, m.Title)
		return insertMeeting(ctx, tx, m, items)
	})
}

// UpdateMeeting saves a meeting's plan.
func (db *DB) UpdateMeeting(ctx context.Context, m *session.Meeting) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE meetings SET title = ?, theme = ?, starts_at = ?, minutes = ?, state = ? WHERE id = ?",
			m.Title, m.Theme, startsAt(m), m.Minutes, m.State, m.ID)
		return affectedOne(res, err, "update meeting", session.MsgMeetingNotFound)
	})
}

// SetMeetingLink saves a meeting's call link.
func (db *DB) SetMeetingLink(ctx context.Context, meetingID int64, link string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE meetings SET link = ? WHERE id = ?", link, meetingID)
		return affectedOne(res, err, "meeting link", session.MsgMeetingNotFound)
	})
}

// affectedOne turns "no row changed" into not-found.
func affectedOne(res sql.Result, err error, what, notFound string) error {
	if err != nil {
		return domainError(err, what, notFound)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return session.Errorf(session.ENotFound, notFound)
	}
	return nil
}

// ItemByID finds an agenda item.
func (db *DB) ItemByID(ctx context.Context, id int64) (*session.AgendaItem, error) {
	var it session.AgendaItem
	err := db.read.QueryRowContext(ctx, "SELECT id, meeting_id, position, title, kind, minutes, prompt, anonymous FROM agenda_items WHERE id = ?", id).
		Scan(&it.ID, &it.MeetingID, &it.Position, &it.Title, &it.Kind, &it.Minutes, &it.Prompt, &it.Anonymous)
	if err != nil {
		return nil, domainError(err, "item", session.MsgItemNotFound)
	}
	return &it, nil
}

// AddItem puts an item at it.Position of an agenda that has room, or at
// its end (Position 0 or past the end).
func (db *DB) AddItem(ctx context.Context, it *session.AgendaItem) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n, end int
		if err := tx.QueryRowContext(ctx, "SELECT count(*), coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?", it.MeetingID).
			Scan(&n, &end); err != nil {
			return domainError(err, "count items", session.MsgMeetingNotFound)
		}
		if n >= session.MaxAgendaItems {
			return session.Errorf(session.EInvalid, session.MsgTooManyItems, session.MaxAgendaItems)
		}
		if it.Position < 1 || it.Position > end {
			it.Position = end
		}
		if _, err := tx.ExecContext(ctx, "UPDATE agenda_items SET position = position + 1 WHERE meeting_id = ? AND position >= ?", it.MeetingID, it.Position); err != nil {
			return domainError(err, "shift items", session.MsgMeetingNotFound)
		}
		return insertItem(ctx, tx, it)
	})
}

// UpdateItem saves an item's title, kind, timebox and prompt.
func (db *DB) UpdateItem(ctx context.Context, it *session.AgendaItem) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE agenda_items SET title = ?, kind = ?, minutes = ?, prompt = ?, anonymous = ? WHERE id = ?",
			it.Title, it.Kind, it.Minutes, it.Prompt, it.Anonymous, it.ID)
		return affectedOne(res, err, "update item", session.MsgItemNotFound)
	})
}

// DeleteItem removes an item and closes the gap in positions.
func (db *DB) DeleteItem(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var meetingID int64
		var pos int
		if err := tx.QueryRowContext(ctx, "SELECT meeting_id, position FROM agenda_items WHERE id = ?", id).Scan(&meetingID, &pos); err != nil {
			return domainError(err, "item", session.MsgItemNotFound)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM agenda_items WHERE id = ?", id); err != nil {
			return domainError(err, "delete item", session.MsgItemNotFound)
		}
		_, err := tx.ExecContext(ctx, "UPDATE agenda_items SET position = position - 1 WHERE meeting_id = ? AND position > ?", meetingID, pos)
		return domainError(err, "renumber items", session.MsgItemNotFound)
	})
}

// MoveItem moves an item by delta places, stopping at either end.
func (db *DB) MoveItem(ctx context.Context, id int64, delta int) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var meetingID int64
		var pos, count int
		if err := tx.QueryRowContext(ctx, "SELECT meeting_id, position FROM agenda_items WHERE id = ?", id).Scan(&meetingID, &pos); err != nil {
			return domainError(err, "item", session.MsgItemNotFound)
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM agenda_items WHERE meeting_id = ?", meetingID).Scan(&count); err != nil {
			return domainError(err, "count items", session.MsgItemNotFound)
		}
		// Clamp delta first: pos+delta must not overflow.
		delta = min(max(delta, -count), count)
		to := min(max(pos+delta, 1), count)
		if to == pos {
			return nil
		}
		// Shift the items between the old and the new place by one, then
		// put the moved item in the gap.
		var err error
		if to < pos {
			_, err = tx.ExecContext(ctx, "UPDATE agenda_items SET position = position + 1 WHERE meeting_id = ? AND position >= ? AND position < ?", meetingID, to, pos)
		} else {
			_, err = tx.ExecContext(ctx, "UPDATE agenda_items SET position = position - 1 WHERE meeting_id = ? AND position > ? AND position <= ?", meetingID, pos, to)
		}
		if err != nil {
			return domainError(err, "shift items", session.MsgItemNotFound)
		}
		_, err = tx.ExecContext(ctx, "UPDATE agenda_items SET position = ? WHERE id = ?", to, id)
		return domainError(err, "move item", session.MsgItemNotFound)
	})
}

// Upcoming lists a person's meetings that have not ended, the scheduled
// ones from a time on first, then the unscheduled ones by number.
func (db *DB) Upcoming(ctx context.Context, personID int64, from time.Time, limit int) ([]session.UpcomingMeeting, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT t.id, t.group_id, t.number, t.title, t.theme, coalesce(t.starts_at, 0), t.minutes, t.state, g.name
		FROM meetings t JOIN memberships m ON m.group_id = t.group_id JOIN groups g ON g.id = t.group_id
		WHERE m.person_id = ? AND m.ack_version > 0 AND t.state != 'ended' AND (t.starts_at IS NULL OR t.starts_at >= ? OR t.state = 'live')
		ORDER BY t.state != 'live', t.starts_at IS NULL, t.starts_at, g.name, t.number
		LIMIT ?`, personID, unix(from), limit)
	if err != nil {
		return nil, domainError(err, "upcoming", session.MsgMeetingNotFound)
	}
	defer rows.Close()
	var out []session.UpcomingMeeting
	for rows.Next() {
		var u session.UpcomingMeeting
		var starts int64
		if err := rows.Scan(&u.ID, &u.GroupID, &u.Number, &u.Title, &u.Theme, &starts, &u.Minutes, &u.State, &u.GroupName); err != nil {
			return nil, domainError(err, "scan upcoming", session.MsgMeetingNotFound)
		}
		if starts != 0 {
			u.StartsAt = fromUnix(starts)
		}
		out = append(out, u)
	}
	return out, domainError(rows.Err(), "upcoming", session.MsgMeetingNotFound)
}
