package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/piiri/piiri/session"
)

// EditReflection replaces a reflection's text, keeping the earlier one in
// its history (the newest MaxHistoryVersions); the search index follows
// (trigger reflections_au).
func (db *DB) EditReflection(ctx context.Context, id int64, body string, now time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO reflection_history (reflection_id, body, written_at, replaced_at)
			SELECT id, body, updated_at, ? FROM reflections WHERE id = ?`, unix(now), id)
		if err != nil {
			return domainError(err, "keep history", session.MsgReflectionNotFound)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return session.Errorf(session.ENotFound, session.MsgReflectionNotFound)
		}
		// The history keeps the newest texts only: edits cannot grow it
		// without bound.
		if _, err := tx.ExecContext(ctx, `DELETE FROM reflection_history WHERE reflection_id = ? AND id NOT IN
			(SELECT id FROM reflection_history WHERE reflection_id = ? ORDER BY id DESC LIMIT ?)`, id, id, session.MaxHistoryVersions); err != nil {
			return domainError(err, "trim history", session.MsgReflectionNotFound)
		}
		// Quotes follow the author's edit: a quote of the whole text takes
		// the new text; an approved excerpt that the new text no longer
		// holds is withdrawn, since the author approved words now gone.
		if _, err := tx.ExecContext(ctx, `UPDATE share_quotes SET excerpt = ?
			WHERE reflection_id = ? AND excerpt = (SELECT body FROM reflections WHERE id = ?)`, body, id, id); err != nil {
			return domainError(err, "quotes follow the edit", session.MsgReflectionNotFound)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE share_quotes SET status = ?
			WHERE reflection_id = ? AND status = ? AND `+db.findSQL("?", "excerpt")+` = 0`,
			session.QuoteWithdrawn, id, session.QuoteApproved, body); err != nil {
			return domainError(err, "quotes follow the edit", session.MsgReflectionNotFound)
		}
		set, args := db.bodySet(body)
		_, err = tx.ExecContext(ctx, "UPDATE reflections SET "+set+", updated_at = ? WHERE id = ?", append(args, unix(now), id)...)
		return domainError(err, "edit reflection", session.MsgReflectionNotFound)
	})
}

// DeleteReflection removes a reflection with everything that holds its
// text: the search index (trigger reflections_ad), its history and the
// quotes of it (foreign keys).
func (db *DB) DeleteReflection(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM reflections WHERE id = ?", id)
		if err != nil {
			return domainError(err, "delete reflection", session.MsgReflectionNotFound)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return session.Errorf(session.ENotFound, session.MsgReflectionNotFound)
		}
		return nil
	})
}

// ReflectionHistory lists a reflection's earlier texts, newest first.
func (db *DB) ReflectionHistory(ctx context.Context, id int64) ([]session.ReflectionVersion, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT body, written_at, replaced_at FROM reflection_history
		WHERE reflection_id = ? ORDER BY id DESC LIMIT ?`, id, session.MaxHistoryVersions)
	if err != nil {
		return nil, domainError(err, "reflection history", session.MsgReflectionNotFound)
	}
	defer rows.Close()
	var out []session.ReflectionVersion
	for rows.Next() {
		var v session.ReflectionVersion
		var written, replaced int64
		if err := rows.Scan(&v.Body, &written, &replaced); err != nil {
			return nil, domainError(err, "scan history", session.MsgReflectionNotFound)
		}
		v.WrittenAt, v.ReplacedAt = fromUnix(written), fromUnix(replaced)
		out = append(out, v)
	}
	return out, domainError(rows.Err(), "reflection history", session.MsgReflectionNotFound)
}

// DraftKeys lists a person's drafts, newest first, at most limit.
func (db *DB) DraftKeys(ctx context.Context, personID int64, limit int) ([]session.DraftKey, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT key, updated_at FROM drafts WHERE person_id = ? ORDER BY updated_at DESC, key LIMIT ?", personID, limit)
	if err != nil {
		return nil, domainError(err, "drafts", session.MsgReflectionNotFound)
	}
	defer rows.Close()
	var out []session.DraftKey
	for rows.Next() {
		var d session.DraftKey
		var at int64
		if err := rows.Scan(&d.Key, &at); err != nil {
			return nil, domainError(err, "scan drafts", session.MsgReflectionNotFound)
		}
		d.UpdatedAt = fromUnix(at)
		out = append(out, d)
	}
	return out, domainError(rows.Err(), "drafts", session.MsgReflectionNotFound)
}
