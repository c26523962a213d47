package storage

import (
	"context"
	"time"

	"github.com/piiri/piiri/session"
)

// UpdateWriting changes a reflection's text and its reveal choice; the
// search index follows (bodySet).
func (db *DB) UpdateWriting(ctx context.Context, id int64, body string, reveal bool, now time.Time) error {
	set, args := db.bodySet(body)
	res, err := db.write.ExecContext(ctx, "UPDATE reflections SET "+set+", reveal = ?, updated_at = ? WHERE id = ?", append(args, reveal, unix(now), id)...)
	if err != nil {
		return domainError(err, "update reflection", session.MsgReflectionNotFound)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return session.Errorf(session.ENotFound, session.MsgReflectionNotFound)
	}
	return nil
}
