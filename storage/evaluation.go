package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
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
	scores, _ := json.Marshal(nullScores(a.Scores))
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
		if a.Scores, err = fromNullScores(scores); err != nil {
			return nil, fmt.Errorf("assessment of meeting %d by person %d: %w", a.MeetingID, a.PersonID, err)
		}
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
			meetingID, personID, nullScore(score), word, unix(at))
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
		var score sql.NullInt64 // null: only a word was given
		if err := rows.Scan(&r.MeetingID, &r.PersonID, &score, &r.Word); err != nil {
			return nil, domainError(err, "scan feedback", session.MsgGroupNotFound)
		}
		if score.Valid {
			if err := storedScore(int(score.Int64)); err != nil {
				return nil, fmt.Errorf("feedback of meeting %d by person %d: %w", r.MeetingID, r.PersonID, err)
			}
			r.Score = int(score.Int64)
		}
		out = append(out, r)
	}
	return out, domainError(rows.Err(), "feedback", session.MsgGroupNotFound)
}

// SharedCount counts a group's reflections released to readers.
func (db *DB) SharedCount(ctx context.Context, groupID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM reflections WHERE group_id = ? AND visibility = 'shared'", groupID).Scan(&n)
	return n, domainError(err, "shared count", session.MsgGroupNotFound)
}

// nullScores writes an unrated statement (0) as null: the store keeps only
// what the person chose.
func nullScores(scores []int) []*int {
	out := make([]*int, len(scores))
	for i, sc := range scores {
		if sc != 0 {
			out[i] = &scores[i]
		}
	}
	return out
}

// fromNullScores reads what nullScores wrote. Anything else is an error,
// not zeros: a corrupt row shown as "unrated" would skew the aggregates
// without anyone knowing.
func fromNullScores(js string) ([]int, error) {
	var raw []*int
	if err := json.Unmarshal([]byte(js), &raw); err != nil {
		return nil, fmt.Errorf("stored scores: %w", err)
	}
	if raw == nil {
		return nil, fmt.Errorf("stored scores: %q is not a list", js)
	}
	out := make([]int, len(raw))
	for i, sc := range raw {
		if sc == nil {
			continue
		}
		if err := storedScore(*sc); err != nil {
			return nil, err
		}
		out[i] = *sc
	}
	return out, nil
}

// storedScore checks a score read back: a stored one is 1 to MaxScore
// (none given is null, not 0).
func storedScore(sc int) error {
	if sc < 1 || sc > session.MaxScore {
		return fmt.Errorf("stored score %d out of 1..%d", sc, session.MaxScore)
	}
	return nil
}

func nullScore(score int) any {
	if score == 0 {
		return nil
	}
	return score
}

// TaskDoers lists, per task of a group, who has done it.
func (db *DB) TaskDoers(ctx context.Context, groupID int64) (map[int64][]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.task_id, r.person_id FROM task_responses r JOIN tasks t ON t.id = r.task_id
		WHERE t.group_id = ? ORDER BY r.task_id, r.person_id`, groupID)
	if err != nil {
		return nil, domainError(err, "task doers", session.MsgGroupNotFound)
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var task, person int64
		if err := rows.Scan(&task, &person); err != nil {
			return nil, domainError(err, "scan task doers", session.MsgGroupNotFound)
		}
		out[task] = append(out[task], person)
	}
	return out, domainError(rows.Err(), "task doers", session.MsgGroupNotFound)
}
