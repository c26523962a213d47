package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/piiri/piiri/session"
)

// NoteDropped remembers the live room a person's session dropped out of,
// replacing any earlier entry of theirs, and forgets everyone's entries
// from before since, so that the table holds at most the people who
// dropped within the return window.
func (db *DB) NoteDropped(ctx context.Context, personID, meetingID int64, at, since time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM room_returns WHERE dropped_at < ?", unix(since)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO room_returns (person_id, meeting_id, dropped_at) VALUES (?, ?, ?)
			ON CONFLICT (person_id) DO UPDATE SET meeting_id = excluded.meeting_id, dropped_at = excluded.dropped_at`,
			personID, meetingID, unix(at))
		return domainError(err, "room return", session.MsgMeetingNotFound)
	})
}

// TakeDropped removes the person's entry and returns its meeting, or 0
// when there is none from since on. Used once: two nodes asking at the
// same time cannot both get it.
func (db *DB) TakeDropped(ctx context.Context, personID int64, since time.Time) (int64, error) {
	var meetingID, at int64
	err := db.write.QueryRowContext(ctx, "DELETE FROM room_returns WHERE person_id = ? RETURNING meeting_id, dropped_at", personID).Scan(&meetingID, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if at < unix(since) {
		return 0, nil
	}
	return meetingID, nil
}

// NodeBeat replaces the node's stored sessions and renews its lease.
func (db *DB) NodeBeat(ctx context.Context, node string, at time.Time, sessions []session.NodeSession) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO nodes (name, seen_at) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET seen_at = excluded.seen_at`, node, unix(at)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM node_sessions WHERE node_id = ?", node); err != nil {
			return err
		}
		for _, ns := range sessions {
			if _, err := tx.ExecContext(ctx, "INSERT INTO node_sessions (node_id, meeting_id, person_id, sessions) VALUES (?, ?, ?, ?)",
				node, ns.MeetingID, ns.PersonID, ns.Sessions); err != nil {
				return domainError(err, "node session", session.MsgMeetingNotFound)
			}
		}
		return nil
	})
}

// ClaimExpiredNodes deletes the other nodes whose lease ran out and
// returns their sessions, in one transaction: a second node claiming at
// the same time finds them gone.
func (db *DB) ClaimExpiredNodes(ctx context.Context, self string, before time.Time) ([]session.NodeSession, error) {
	var out []session.NodeSession
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, `SELECT s.meeting_id, s.person_id, s.sessions FROM node_sessions s
			JOIN nodes n ON n.name = s.node_id WHERE n.name <> ? AND n.seen_at < ? ORDER BY s.meeting_id, s.person_id`, self, unix(before))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ns session.NodeSession
			if err := rows.Scan(&ns.MeetingID, &ns.PersonID, &ns.Sessions); err != nil {
				return err
			}
			out = append(out, ns)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		_, err = tx.ExecContext(ctx, "DELETE FROM nodes WHERE name <> ? AND seen_at < ?", self, unix(before))
		return err
	})
	return out, err
}
