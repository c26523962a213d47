package storage

import (
	"context"
	"time"

	"github.com/piiri/piiri/session"
)

// UpdateWriting changes a reflection's text and its reveal choice; the
// search index follows by its trigger.
func (db *DB) UpdateWriting(ctx context.Context, id int64, body string, reveal bool, now time.Time) error {
	res, err := db.write.ExecContext(ctx, "UPDATE reflections SET body = ?, reveal = ?, updated_at = ? WHERE id = ?", body, reveal, unix(now), id)
	if err != nil {
		return domainError(err, "update reflection", session.MsgReflectionNotFound)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return session.Errorf(session.ENotFound, session.MsgReflectionNotFound)
	}
	return nil
}
