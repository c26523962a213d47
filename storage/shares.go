package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
)

// Sharing onward: decisions and the excerpts their authors are asked to
// approve.

const shareDateLayout = "2006-01-02"

// CreateShare stores a decision and its quotes with their excerpts.
func (db *DB) CreateShare(ctx context.Context, sh *session.Share) error {
	when := ""
	if !sh.When.IsZero() {
		when = sh.When.Format(shareDateLayout)
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		id, err := insertID(ctx, tx, `INSERT INTO shares (group_id, what, audience, audience_name, how, share_on, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			sh.GroupID, sh.What, sh.Audience, sh.AudienceName, sh.How, when, nullID(sh.CreatedBy), unix(sh.CreatedAt))
		if err != nil {
			return domainError(err, "insert share", session.MsgGroupNotFound)
		}
		sh.ID = id
		for i := range sh.Quotes {
			q := &sh.Quotes[i]
			q.ShareID = sh.ID
			if _, err := tx.ExecContext(ctx, "INSERT INTO share_quotes (share_id, reflection_id, author_id, status, excerpt) VALUES (?, ?, ?, ?, ?)",
				sh.ID, q.ReflectionID, q.AuthorID, q.Status, q.Body); err != nil {
				return domainError(err, "insert quote", session.MsgReflectionNotFound)
			}
		}
		return nil
	})
}

// audienceNameSQL names a share's audience: a group's current name, or
// the named audience as typed.
const audienceNameSQL = `CASE WHEN s.audience LIKE 'group:%'
	THEN coalesce((SELECT name FROM groups t WHERE 'group:' || t.id = s.audience), '') ELSE s.audience_name END`

const shareQuery = `SELECT s.id, s.group_id, g.name, s.what, s.audience, ` + audienceNameSQL + `,
	s.how, s.share_on, coalesce(s.created_by, 0), coalesce(c.name, ''), s.created_at
	FROM shares s JOIN groups g ON g.id = s.group_id LEFT JOIN people c ON c.id = s.created_by`

// quoteBodySQL is what the audience sees: the excerpt as asked (or, for
// a quote stored without one, the reflection).
const quoteBodySQL = `CASE WHEN q.excerpt != '' THEN q.excerpt ELSE r.body END, q.excerpt = '' OR q.excerpt = r.body`

// parseShareDate reads what CreateShare wrote: "" for no date, or a
// date. Anything else is an error, not a decision without a date.
func parseShareDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(shareDateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored share date: %w", err)
	}
	return t, nil
}

func (db *DB) loadShares(ctx context.Context, query string, args ...any) ([]session.Share, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, domainError(err, "shares", session.MsgShareNotFound)
	}
	var out []session.Share
	for rows.Next() {
		var sh session.Share
		var created int64
		var when string
		if err := rows.Scan(&sh.ID, &sh.GroupID, &sh.GroupName, &sh.What, &sh.Audience, &sh.AudienceName, &sh.How, &when,
			&sh.CreatedBy, &sh.CreatedName, &created); err != nil {
			rows.Close()
			return nil, domainError(err, "scan share", session.MsgShareNotFound)
		}
		sh.CreatedAt = fromUnix(created)
		if sh.When, err = parseShareDate(when); err != nil {
			rows.Close()
			return nil, fmt.Errorf("share %d: %w", sh.ID, err)
		}
		out = append(out, sh)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, domainError(err, "shares", session.MsgShareNotFound)
	}
	for i := range out {
		if out[i].Quotes, err = db.shareQuotes(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (db *DB) shareQuotes(ctx context.Context, shareID int64) ([]session.Quote, error) {
	qs, err := db.read.QueryContext(ctx, `SELECT q.share_id, q.reflection_id, q.author_id, p.name, q.status, `+quoteBodySQL+`, r.visibility
		FROM share_quotes q JOIN people p ON p.id = q.author_id JOIN reflections r ON r.id = q.reflection_id
		WHERE q.share_id = ? ORDER BY q.reflection_id`, shareID)
	if err != nil {
		return nil, domainError(err, "quotes", session.MsgShareNotFound)
	}
	defer qs.Close()
	var out []session.Quote
	for qs.Next() {
		var q session.Quote
		if err := qs.Scan(&q.ShareID, &q.ReflectionID, &q.AuthorID, &q.AuthorName, &q.Status, &q.Body, &q.Whole, &q.Visibility); err != nil {
			return nil, domainError(err, "scan quote", session.MsgShareNotFound)
		}
		out = append(out, q)
	}
	return out, domainError(qs.Err(), "quotes", session.MsgShareNotFound)
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

// AuthorQuotes returns every quote of an author's reflections, with who
// asks, the excerpt, to whom, how and when.
func (db *DB) AuthorQuotes(ctx context.Context, authorID int64) ([]session.ApprovalRequest, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT q.share_id, q.reflection_id, q.author_id, p.name, q.status, `+quoteBodySQL+`, r.visibility,
		g.name, s.what, s.audience, `+audienceNameSQL+`, s.how, s.share_on, coalesce(c.name, '')
		FROM share_quotes q JOIN shares s ON s.id = q.share_id JOIN groups g ON g.id = s.group_id
		JOIN people p ON p.id = q.author_id JOIN reflections r ON r.id = q.reflection_id
		LEFT JOIN people c ON c.id = s.created_by
		WHERE q.author_id = ? ORDER BY q.share_id, q.reflection_id`, authorID)
	if err != nil {
		return nil, domainError(err, "quote requests", session.MsgShareNotFound)
	}
	defer rows.Close()
	var out []session.ApprovalRequest
	for rows.Next() {
		var r session.ApprovalRequest
		var when string
		if err := rows.Scan(&r.ShareID, &r.ReflectionID, &r.AuthorID, &r.AuthorName, &r.Status, &r.Body, &r.Whole, &r.Visibility,
			&r.GroupName, &r.What, &r.Audience, &r.AudienceName, &r.How, &when, &r.AskedBy); err != nil {
			return nil, domainError(err, "scan request", session.MsgShareNotFound)
		}
		r.Excerpt = r.Body
		if r.When, err = parseShareDate(when); err != nil {
			return nil, fmt.Errorf("share %d: %w", r.ShareID, err)
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

// ShareTargets lists the other groups, by name.
func (db *DB) ShareTargets(ctx context.Context, groupID int64, limit int) ([]session.ShareTarget, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, name FROM groups WHERE id != ? ORDER BY name COLLATE NOCASE, id LIMIT ?", groupID, limit)
	if err != nil {
		return nil, domainError(err, "share targets", session.MsgGroupNotFound)
	}
	defer rows.Close()
	var out []session.ShareTarget
	for rows.Next() {
		var t session.ShareTarget
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, domainError(err, "scan share target", session.MsgGroupNotFound)
		}
		out = append(out, t)
	}
	return out, domainError(rows.Err(), "share targets", session.MsgGroupNotFound)
}
