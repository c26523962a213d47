package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
)

// AddReflection stores a reflection and deletes the draft it came from.
func (db *DB) AddReflection(ctx context.Context, r *session.Reflection, draftKey string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		id, err := insertID(ctx, tx, `INSERT INTO reflections
			(author_id, group_id, meeting_id, item_id, body, stems, visibility, reveal, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.AuthorID, nullID(r.GroupID), nullID(r.MeetingID), nullID(r.ItemID), r.Body, stemText(r.Body), r.Visibility, r.Reveal,
			unix(r.CreatedAt), unix(r.UpdatedAt))
		if err != nil {
			return domainError(err, "insert reflection", session.MsgGroupNotFound)
		}
		r.ID = id
		if err := db.indexReflection(ctx, tx, r.ID, r.Body); err != nil {
			return domainError(err, "index reflection", session.MsgReflectionNotFound)
		}
		if draftKey != "" {
			_, err = tx.ExecContext(ctx, "DELETE FROM drafts WHERE person_id = ? AND key = ?", r.AuthorID, draftKey)
		}
		return domainError(err, "delete draft", session.MsgReflectionNotFound)
	})
}

const reflectionColumns = `r.id, r.author_id, p.name, coalesce(r.group_id, 0), coalesce(g.name, ''),
	coalesce(r.meeting_id, 0), coalesce(m.title, ''), coalesce(r.item_id, 0), r.body, r.visibility, r.reveal,
	r.created_at, r.updated_at`

const reflectionJoins = ` JOIN people p ON p.id = r.author_id
	LEFT JOIN groups g ON g.id = r.group_id
	LEFT JOIN meetings m ON m.id = r.meeting_id`

func scanReflection(row scanner) (*session.Reflection, error) {
	var r session.Reflection
	var created, updated int64
	if err := row.Scan(&r.ID, &r.AuthorID, &r.AuthorName, &r.GroupID, &r.GroupName, &r.MeetingID, &r.MeetingTitle,
		&r.ItemID, &r.Body, &r.Visibility, &r.Reveal, &created, &updated); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = fromUnix(created), fromUnix(updated)
	return &r, nil
}

// ReflectionByID finds a reflection.
func (db *DB) ReflectionByID(ctx context.Context, id int64) (*session.Reflection, error) {
	r, err := scanReflection(db.read.QueryRowContext(ctx, "SELECT "+reflectionColumns+" FROM reflections r"+reflectionJoins+" WHERE r.id = ?", id))
	return r, domainError(err, "reflection", session.MsgReflectionNotFound)
}

// filterSQL turns a filter into conditions on r (without visibility).
func filterSQL(f session.ReflectionFilter) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.GroupID != 0 {
		add("r.group_id = ?", f.GroupID)
	}
	if f.MeetingID != 0 {
		add("r.meeting_id = ?", f.MeetingID)
	}
	if f.AuthorID != 0 {
		add("r.author_id = ?", f.AuthorID)
	}
	if f.Visibility != "" {
		add("r.visibility = ?", f.Visibility)
	}
	if !f.From.IsZero() {
		add("r.created_at >= ?", unix(f.From))
	}
	if !f.To.IsZero() {
		add("r.created_at < ?", unix(f.To))
	}
	if f.Before != 0 {
		add("r.id < ?", f.Before)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(where, " AND "), args
}

// Reflections lists what a viewer may read, newest first. Without a search
// it takes the newest matches of each way of seeing a reflection (own,
// through a group, as a reader) from its own index and merges them, so a
// page costs about its length whatever the corpus; with a search the
// full-text index drives (searchReflections).
func (db *DB) Reflections(ctx context.Context, v session.Viewer, f session.ReflectionFilter) ([]session.Reflection, error) {
	cond, args := filterSQL(f)
	var query string
	var all []any
	if f.Search != "" && db.engine == enginePostgres {
		return db.searchPostgres(ctx, v, f, cond, args)
	}
	if f.Search != "" {
		return db.searchReflections(ctx, v, f, cond, args)
	}
	var parts []string
	for _, b := range visibleBranches(v) { // the visibility rule: visibility.go
		all = append(append(all, b.args...), args...)
		all = append(all, f.Limit)
		parts = append(parts, "SELECT id FROM (SELECT r.id FROM reflections r WHERE "+b.sql+cond+" ORDER BY r.id DESC LIMIT ?) AS b")
	}
	query = "SELECT " + reflectionColumns + " FROM reflections r" + reflectionJoins + " WHERE r.id IN (" +
		strings.Join(parts, " UNION ") + ") ORDER BY r.id DESC LIMIT ?"
	all = append(all, f.Limit)
	return db.queryReflections(ctx, query, all...)
}

func (db *DB) queryReflections(ctx context.Context, query string, args ...any) ([]session.Reflection, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []session.Reflection
	for rows.Next() {
		r, err := scanReflection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// scope is the FTS5 expression of the scope tokens a viewer may read:
// their own, their groups', and the shared ones for readers.
func (db *DB) scope(ctx context.Context, v session.Viewer) (string, error) {
	terms := []string{fmt.Sprintf("a%d", v.PersonID)}
	if v.Reader {
		terms = append(terms, "shared")
	}
	rows, err := db.read.QueryContext(ctx, admittedGroupsSQL, v.PersonID)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var g int64
		if err := rows.Scan(&g); err != nil {
			return "", err
		}
		terms = append(terms, fmt.Sprintf("g%d", g))
	}
	return strings.Join(terms, " OR "), rows.Err()
}

// SetVisibility changes visibility and logs the change.
func (db *DB) SetVisibility(ctx context.Context, id, personID int64, to session.Visibility, now time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var from string
		if err := tx.QueryRowContext(ctx, "SELECT visibility FROM reflections WHERE id = ?", id).Scan(&from); err != nil {
			return domainError(err, "reflection", session.MsgReflectionNotFound)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE reflections SET visibility = ?, updated_at = ? WHERE id = ?", to, unix(now), id); err != nil {
			return domainError(err, "set visibility", session.MsgReflectionNotFound)
		}
		// Private means the author alone: approvals to quote it end too, so
		// making it visible again does not bring quotes back unasked.
		if to == session.VisPrivate {
			if _, err := tx.ExecContext(ctx, "UPDATE share_quotes SET status = 'withdrawn' WHERE reflection_id = ? AND status = 'approved'", id); err != nil {
				return domainError(err, "withdraw quotes", session.MsgReflectionNotFound)
			}
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO reflection_visibility_log (reflection_id, person_id, at, from_vis, to_vis) VALUES (?, ?, ?, ?, ?)",
			id, personID, unix(now), from, to)
		return domainError(err, "log visibility", session.MsgReflectionNotFound)
	})
}

// VisibilityLog lists a reflection's visibility changes.
func (db *DB) VisibilityLog(ctx context.Context, id int64) ([]session.VisibilityChange, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT reflection_id, coalesce(person_id, 0), at, from_vis, to_vis FROM reflection_visibility_log WHERE reflection_id = ? ORDER BY id", id)
	if err != nil {
		return nil, domainError(err, "visibility log", session.MsgReflectionNotFound)
	}
	defer rows.Close()
	var out []session.VisibilityChange
	for rows.Next() {
		var c session.VisibilityChange
		var at int64
		if err := rows.Scan(&c.ReflectionID, &c.PersonID, &at, &c.From, &c.To); err != nil {
			return nil, domainError(err, "scan log", session.MsgReflectionNotFound)
		}
		c.At = fromUnix(at)
		out = append(out, c)
	}
	return out, domainError(rows.Err(), "visibility log", session.MsgReflectionNotFound)
}

// RevealedWritings lists an item's texts whose authors let the reveal show them.
func (db *DB) RevealedWritings(ctx context.Context, meetingID, itemID int64) ([]session.Reflection, error) {
	rs, err := db.queryReflections(ctx, "SELECT "+reflectionColumns+" FROM reflections r"+reflectionJoins+
		" WHERE r.meeting_id = ? AND r.item_id = ? AND r.reveal = 1 ORDER BY r.id", meetingID, itemID)
	return rs, domainError(err, "revealed writings", session.MsgMeetingNotFound)
}

// SaveDraft stores or deletes a draft.
func (db *DB) SaveDraft(ctx context.Context, personID int64, key, body string, now time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if body == "" {
			_, err = tx.ExecContext(ctx, "DELETE FROM drafts WHERE person_id = ? AND key = ?", personID, key)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO drafts (person_id, key, body, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (person_id, key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
				personID, key, body, now.UnixMilli())
		}
		return domainError(err, "save draft", session.MsgPersonNotFound)
	})
}

// Draft returns a draft or "".
func (db *DB) Draft(ctx context.Context, personID int64, key string) (string, error) {
	var body string
	err := db.read.QueryRowContext(ctx, "SELECT body FROM drafts WHERE person_id = ? AND key = ?", personID, key).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return body, domainError(err, "draft", session.MsgPersonNotFound)
}

// SharedGroups lists the groups with shared reflections, by name.
func (db *DB) SharedGroups(ctx context.Context) ([]session.Group, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT g.id, g.name FROM groups g
		WHERE EXISTS (SELECT 1 FROM reflections r WHERE r.group_id = g.id AND `+sharedSQL+`)
		ORDER BY g.name COLLATE NOCASE, g.id`)
	if err != nil {
		return nil, domainError(err, "shared groups", session.MsgGroupNotFound)
	}
	defer rows.Close()
	var out []session.Group
	for rows.Next() {
		var g session.Group
		if err := rows.Scan(&g.ID, &g.Name); err != nil {
			return nil, domainError(err, "scan group", session.MsgGroupNotFound)
		}
		out = append(out, g)
	}
	return out, domainError(rows.Err(), "shared groups", session.MsgGroupNotFound)
}
