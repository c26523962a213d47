package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
)

// SaveRoom stores a room's state, its event and optionally a message and a
// meeting state change, in one transaction.
func (db *DB) SaveRoom(ctx context.Context, st *session.RoomState, ev session.RoomEvent, msg *session.Message, meetingState session.MeetingState) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if msg != nil {
			id, err := insertID(ctx, tx, "INSERT INTO room_messages (meeting_id, item_id, person_id, name, body, at_ms) VALUES (?, ?, ?, ?, ?, ?)",
				st.MeetingID, nullID(msg.ItemID), nullID(msg.PersonID), msg.Name, msg.Text, msg.At.UnixMilli())
			if err != nil {
				return domainError(err, "room message", session.MsgMeetingNotFound)
			}
			msg.ID = id
			if n := len(st.Messages); n > 0 {
				st.Messages[n-1].ID = msg.ID
			}
		}
		// Only the expected moves: planned → live, live → ended. A second
		// start or end racing the first finds nothing to move.
		if meetingState != "" {
			from, refusal := session.MeetingPlanned, session.MsgRoomAlreadyLive
			if meetingState == session.MeetingEnded {
				from, refusal = session.MeetingLive, session.MsgRoomNotLive
			}
			res, err := tx.ExecContext(ctx, "UPDATE meetings SET state = ? WHERE id = ? AND state = ?", meetingState, st.MeetingID, from)
			if err != nil {
				return domainError(err, "meeting state", session.MsgMeetingNotFound)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return session.Errorf(session.EConflict, refusal)
			}
		}
		blob, err := json.Marshal(st)
		if err != nil {
			return fmt.Errorf("encode room: %w", err)
		}
		// Optimistic: the stored version must be the one this state
		// follows, else another node wrote first (see session.RoomChanged).
		res, err := tx.ExecContext(ctx, `INSERT INTO rooms (meeting_id, version, state, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (meeting_id) DO UPDATE SET version = excluded.version, state = excluded.state, updated_at = excluded.updated_at
			WHERE rooms.version = excluded.version - 1`,
			st.MeetingID, st.Version, string(blob), unix(ev.At))
		if err != nil {
			return domainError(err, "save room", session.MsgMeetingNotFound)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return session.Errorf(session.EConflict, session.MsgRoomChanged)
		}
		if err := db.notifyRoom(ctx, tx, st.MeetingID, st.Version); err != nil {
			return domainError(err, "notify room", session.MsgMeetingNotFound)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO room_events (meeting_id, version, at_ms, person_id, kind) VALUES (?, ?, ?, ?, ?)",
			ev.MeetingID, ev.Version, ev.At.UnixMilli(), nullID(ev.PersonID), ev.Kind); err != nil {
			return domainError(err, "room event", session.MsgMeetingNotFound)
		}
		return nil
	})
}

func decodeRoom(blob string) (*session.RoomState, error) {
	var st session.RoomState
	if err := json.Unmarshal([]byte(blob), &st); err != nil {
		return nil, fmt.Errorf("decode room: %w", err)
	}
	return &st, nil
}

// LiveRooms returns the states of the meetings that are live.
func (db *DB) LiveRooms(ctx context.Context) ([]*session.RoomState, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT r.state FROM rooms r JOIN meetings m ON m.id = r.meeting_id WHERE m.state = 'live'")
	if err != nil {
		return nil, domainError(err, "live rooms", session.MsgMeetingNotFound)
	}
	defer rows.Close()
	var out []*session.RoomState
	for rows.Next() {
		var blob string
		if err := rows.Scan(&blob); err != nil {
			return nil, domainError(err, "scan room", session.MsgMeetingNotFound)
		}
		st, err := decodeRoom(blob)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, domainError(rows.Err(), "live rooms", session.MsgMeetingNotFound)
}

// RoomState returns a meeting's last stored room state.
func (db *DB) RoomState(ctx context.Context, meetingID int64) (*session.RoomState, error) {
	var blob string
	if err := db.read.QueryRowContext(ctx, "SELECT state FROM rooms WHERE meeting_id = ?", meetingID).Scan(&blob); err != nil {
		return nil, domainError(err, "room", session.MsgMeetingNotFound)
	}
	return decodeRoom(blob)
}

// RoomMessages returns a meeting's discussion, oldest first.
func (db *DB) RoomMessages(ctx context.Context, meetingID int64) ([]session.Message, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, meeting_id, coalesce(item_id, 0), coalesce(person_id, 0), name, body, at_ms
		FROM room_messages WHERE meeting_id = ? ORDER BY id`, meetingID)
	if err != nil {
		return nil, domainError(err, "messages", session.MsgMeetingNotFound)
	}
	defer rows.Close()
	var out []session.Message
	for rows.Next() {
		var m session.Message
		var at int64
		if err := rows.Scan(&m.ID, &m.MeetingID, &m.ItemID, &m.PersonID, &m.Name, &m.Text, &at); err != nil {
			return nil, domainError(err, "scan message", session.MsgMeetingNotFound)
		}
		m.At = time.UnixMilli(at).UTC()
		out = append(out, m)
	}
	return out, domainError(rows.Err(), "messages", session.MsgMeetingNotFound)
}

// ItemWriters counts the people who have submitted a text in a meeting's
// item.
func (db *DB) ItemWriters(ctx context.Context, meetingID, itemID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(DISTINCT author_id) FROM reflections WHERE meeting_id = ? AND item_id = ?",
		meetingID, itemID).Scan(&n)
	return n, domainError(err, "item writers", session.MsgMeetingNotFound)
}

// KeepMeetingDrafts moves the drafts people left in a meeting's items to
// the end of their draft under journalKey, in one transaction, for the
// given people (everyone, when people is nil). It returns the people whose
// drafts moved.
func (db *DB) KeepMeetingDrafts(ctx context.Context, meetingID int64, journalKey string, people []int64, now time.Time) ([]int64, error) {
	var moved []int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT person_id, body FROM drafts WHERE key LIKE ? ORDER BY person_id, key",
			fmt.Sprintf("meeting:%d:item:%%", meetingID))
		if err != nil {
			return domainError(err, "meeting drafts", session.MsgMeetingNotFound)
		}
		texts := map[int64][]string{}
		var order []int64
		for rows.Next() {
			var pid int64
			var body string
			if err := rows.Scan(&pid, &body); err != nil {
				rows.Close()
				return domainError(err, "scan draft", session.MsgMeetingNotFound)
			}
			if people != nil && !slices.Contains(people, pid) {
				continue
			}
			if _, ok := texts[pid]; !ok {
				order = append(order, pid)
			}
			texts[pid] = append(texts[pid], body)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return domainError(err, "meeting drafts", session.MsgMeetingNotFound)
		}
		for _, pid := range order {
			var old string
			err := tx.QueryRowContext(ctx, "SELECT body FROM drafts WHERE person_id = ? AND key = ?", pid, journalKey).Scan(&old)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return domainError(err, "journal draft", session.MsgPersonNotFound)
			}
			parts := texts[pid]
			if old = strings.TrimSpace(old); old != "" {
				parts = append([]string{old}, parts...)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO drafts (person_id, key, body, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (person_id, key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
				pid, journalKey, strings.Join(parts, "\n\n"), now.UnixMilli()); err != nil {
				return domainError(err, "keep draft", session.MsgPersonNotFound)
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM drafts WHERE person_id = ? AND key LIKE ?", pid,
				fmt.Sprintf("meeting:%d:item:%%", meetingID)); err != nil {
				return domainError(err, "drop meeting drafts", session.MsgPersonNotFound)
			}
		}
		moved = order
		return nil
	})
	return moved, err
}
