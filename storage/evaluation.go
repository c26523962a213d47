package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
)

// AssessmentItems returns a group's own statements, in order.
func (db *DB) AssessmentItems(ctx context.Context, groupID int64) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT text FROM assessment_items WHERE group_id = ? ORDER BY position", groupID)
	if err != nil {
		return nil, domainError(err, "assessment items", session.MsgGroupNotFound)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, domainError(err, "scan item", session.MsgGroupNotFound)
		}
		out = append(out, t)
	}
	return out, domainError(rows.Err(), "assessment items", session.MsgGroupNotFound)
}

// SetAssessmentItems replaces a group's statements.
func (db *DB) SetAssessmentItems(ctx context.Context, groupID int64, items []string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM assessment_items WHERE group_id = ?", groupID); err != nil {
			return domainError(err, "clear items", session.MsgGroupNotFound)
		}
		for i, it := range items {
			if _, err := tx.ExecContext(ctx, "INSERT INTO assessment_items (group_id, position, text) VALUES (?, ?, ?)", groupID, i+1, it); err != nil {
				return domainError(err, "insert item", session.MsgGroupNotFound)
			}
		}
		return nil
	})
}

// SaveAssessment stores or replaces an answer.
func (db *DB) SaveAssessment(ctx context.Context, a session.AssessmentAnswer) error {
	scores, _ := json.Marshal(a.Scores)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO assessment_answers (meeting_id, person_id, scores, note, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (meeting_id, person_id) DO UPDATE SET scores = excluded.scores, note = excluded.note, at = excluded.at`,
			a.MeetingID, a.PersonID, string(scores), a.Note, unix(a.At))
		return domainError(err, "save assessment", session.MsgMeetingNotFound)
	})
}

// Assessments returns the answers given in a group's meetings.
func (db *DB) Assessments(ctx context.Context, groupID int64) ([]session.AssessmentAnswer, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT a.meeting_id, a.person_id, a.scores, a.note, a.at
		FROM assessment_answers a JOIN meetings m ON m.id = a.meeting_id WHERE m.group_id = ? ORDER BY m.number, a.person_id`, groupID)
	if err != nil {
		return nil, domainError(err, "assessments", session.MsgGroupNotFound)
	}
	defer rows.Close()
	var out []session.AssessmentAnswer
	for rows.Next() {
		var a session.AssessmentAnswer
		var scores string
		var at int64
		if err := rows.Scan(&a.MeetingID, &a.PersonID, &scores, &a.Note, &at); err != nil {
			return nil, domainError(err, "scan assessment", session.MsgGroupNotFound)
		}
		_ = json.Unmarshal([]byte(scores), &a.Scores)
		a.At = fromUnix(at)
		out = append(out, a)
	}
	return out, domainError(rows.Err(), "assessments", session.MsgGroupNotFound)
}

// SaveFeedback stores or replaces a pulse.
func (db *DB) SaveFeedback(ctx context.Context, meetingID, personID int64, score int, word string, at time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO feedback (meeting_id, person_id, score, word, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (meeting_id, person_id) DO UPDATE SET score = excluded.score, word = excluded.word, at = excluded.at`,
			meetingID, personID, score, word, unix(at))
		return domainError(err, "save feedback", session.MsgMeetingNotFound)
	})
}

// Feedback returns a group's pulses.
func (db *DB) Feedback(ctx context.Context, groupID int64) ([]session.FeedbackRow, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT f.meeting_id, f.person_id, f.score, f.word FROM feedback f JOIN meetings m ON m.id = f.meeting_id
		WHERE m.group_id = ? ORDER BY m.number, f.word`, groupID)
	if err != nil {
		return nil, domainError(err, "feedback", session.MsgGroupNotFound)
	}
	defer rows.Close()
	var out []session.FeedbackRow
	for rows.Next() {
		var r session.FeedbackRow
		if err := rows.Scan(&r.MeetingID, &r.PersonID, &r.Score, &r.Word); err != nil {
			return nil, domainError(err, "scan feedback", session.MsgGroupNotFound)
		}
		out = append(out, r)
	}
	return out, domainError(rows.Err(), "feedback", session.MsgGroupNotFound)
}

// CreateShare stores a decision and its quotes.
func (db *DB) CreateShare(ctx context.Context, sh *session.Share) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		id, err := insertID(ctx, tx, "INSERT INTO shares (group_id, what, audience, how, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			sh.GroupID, sh.What, sh.Audience, sh.How, nullID(sh.CreatedBy), unix(sh.CreatedAt))
		if err != nil {
			return domainError(err, "insert share", session.MsgGroupNotFound)
		}
		sh.ID = id
		for i := range sh.Quotes {
			q := &sh.Quotes[i]
			q.ShareID = sh.ID
			if _, err := tx.ExecContext(ctx, "INSERT INTO share_quotes (share_id, reflection_id, author_id, status) VALUES (?, ?, ?, ?)",
				sh.ID, q.ReflectionID, q.AuthorID, q.Status); err != nil {
				return domainError(err, "insert quote", session.MsgReflectionNotFound)
			}
		}
		return nil
	})
}

const shareQuery = `SELECT s.id, s.group_id, g.name, s.what, s.audience,
	CASE WHEN s.audience = 'readers' THEN 'readers' ELSE coalesce((SELECT name FROM groups t WHERE 'group:' || t.id = s.audience), '') END,
	s.how, coalesce(s.created_by, 0), s.created_at
	FROM shares s JOIN groups g ON g.id = s.group_id`

func (db *DB) loadShares(ctx context.Context, query string, args ...any) ([]session.Share, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, domainError(err, "shares", session.MsgShareNotFound)
	}
	var out []session.Share
	for rows.Next() {
		var sh session.Share
		var created int64
		if err := rows.Scan(&sh.ID, &sh.GroupID, &sh.GroupName, &sh.What, &sh.Audience, &sh.AudienceName, &sh.How, &sh.CreatedBy, &created); err != nil {
			rows.Close()
			return nil, domainError(err, "scan share", session.MsgShareNotFound)
		}
		sh.CreatedAt = fromUnix(created)
		out = append(out, sh)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, domainError(err, "shares", session.MsgShareNotFound)
	}
	for i := range out {
		qs, err := db.read.QueryContext(ctx, `SELECT q.share_id, q.reflection_id, q.author_id, p.name, q.status, r.body, r.visibility
			FROM share_quotes q JOIN people p ON p.id = q.author_id JOIN reflections r ON r.id = q.reflection_id
			WHERE q.share_id = ? ORDER BY q.reflection_id`, out[i].ID)
		if err != nil {
			return nil, domainError(err, "quotes", session.MsgShareNotFound)
		}
		for qs.Next() {
			var q session.Quote
			if err := qs.Scan(&q.ShareID, &q.ReflectionID, &q.AuthorID, &q.AuthorName, &q.Status, &q.Body, &q.Visibility); err != nil {
				qs.Close()
				return nil, domainError(err, "scan quote", session.MsgShareNotFound)
			}
			out[i].Quotes = append(out[i].Quotes, q)
		}
		qs.Close()
	}
	return out, nil
}

// Shares returns a group's decisions, newest first.
func (db *DB) Shares(ctx context.Context, groupID int64) ([]session.Share, error) {
	return db.loadShares(ctx, shareQuery+" WHERE s.group_id = ? ORDER BY s.id DESC", groupID)
}

// SharesFor returns the decisions for any of the audiences, newest first.
func (db *DB) SharesFor(ctx context.Context, audiences []session.ShareAudience) ([]session.Share, error) {
	args := make([]any, len(audiences))
	for i, a := range audiences {
		args[i] = string(a)
	}
	return db.loadShares(ctx, shareQuery+" WHERE s.audience IN (?"+strings.Repeat(", ?", len(audiences)-1)+") ORDER BY s.id DESC", args...)
}

// AuthorQuotes returns every quote of an author's reflections.
func (db *DB) AuthorQuotes(ctx context.Context, authorID int64) ([]session.ApprovalRequest, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT q.share_id, q.reflection_id, q.author_id, p.name, q.status, r.body, r.visibility, g.name, s.what,
		CASE WHEN s.audience = 'readers' THEN 'readers' ELSE coalesce((SELECT name FROM groups t WHERE 'group:' || t.id = s.audience), '') END
		FROM share_quotes q JOIN shares s ON s.id = q.share_id JOIN groups g ON g.id = s.group_id
		JOIN people p ON p.id = q.author_id JOIN reflections r ON r.id = q.reflection_id
		WHERE q.author_id = ? ORDER BY q.share_id, q.reflection_id`, authorID)
	if err != nil {
		return nil, domainError(err, "quote requests", session.MsgShareNotFound)
	}
	defer rows.Close()
	var out []session.ApprovalRequest
	for rows.Next() {
		var r session.ApprovalRequest
		if err := rows.Scan(&r.ShareID, &r.ReflectionID, &r.AuthorID, &r.AuthorName, &r.Status, &r.Excerpt, &r.Visibility, &r.GroupName, &r.What, &r.Audience); err != nil {
			return nil, domainError(err, "scan request", session.MsgShareNotFound)
		}
		out = append(out, r)
	}
	return out, domainError(rows.Err(), "quote requests", session.MsgShareNotFound)
}

// SetQuoteStatus records an author's answer to a quote of theirs.
func (db *DB) SetQuoteStatus(ctx context.Context, shareID, reflectionID, authorID int64, status session.QuoteStatus) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE share_quotes SET status = ? WHERE share_id = ? AND reflection_id = ? AND author_id = ?",
			status, shareID, reflectionID, authorID)
		return affectedOne(res, err, "quote status", session.MsgShareNotFound)
	})
}

// WithdrawQuotes marks an author's approved quotes of a reflection withdrawn.
func (db *DB) WithdrawQuotes(ctx context.Context, authorID, reflectionID, shareID int64) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE share_quotes SET status = 'withdrawn'
			WHERE author_id = ? AND reflection_id = ? AND status = 'approved' AND (? = 0 OR share_id = ?)`,
			authorID, reflectionID, shareID, shareID)
		if err != nil {
			return domainError(err, "withdraw quotes", session.MsgShareNotFound)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// SharedCount counts a group's reflections released to readers.
func (db *DB) SharedCount(ctx context.Context, groupID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM reflections WHERE group_id = ? AND visibility = 'shared'", groupID).Scan(&n)
	return n, domainError(err, "shared count", session.MsgGroupNotFound)
}
