package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/piiri/piiri/session"
)

var _ session.Store = (*DB)(nil)

func unix(t time.Time) int64 { return t.UTC().Unix() }

func fromUnix(s int64) time.Time { return time.Unix(s, 0).UTC() }

// PersonByKey finds the owner of a key fingerprint.
func (db *DB) PersonByKey(ctx context.Context, fingerprint string) (*session.Person, error) {
	row := db.read.QueryRowContext(ctx, `
		SELECT p.id, p.name, p.lang, p.role, p.created_at
		FROM keys k JOIN people p ON p.id = k.person_id
		WHERE k.fingerprint = ?`, fingerprint)
	p, err := scanPerson(row)
	return p, domainError(err, "person by key", session.MsgPersonNotFound)
}

type scanner interface{ Scan(dest ...any) error }

func scanPerson(row scanner) (*session.Person, error) {
	var p session.Person
	var created int64
	if err := row.Scan(&p.ID, &p.Name, &p.Lang, &p.Role, &created); err != nil {
		return nil, err
	}
	p.CreatedAt = fromUnix(created)
	return &p, nil
}

// People lists everyone with their keys, oldest first.
func (db *DB) People(ctx context.Context) ([]session.PersonSummary, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT p.id, p.name, p.lang, p.role, p.created_at, coalesce(k.fingerprint, '')
		FROM people p LEFT JOIN keys k ON k.person_id = p.id
		ORDER BY p.id, k.added_at`)
	if err != nil {
		return nil, domainError(err, "list people", session.MsgPersonNotFound)
	}
	defer rows.Close()
	var out []session.PersonSummary
	for rows.Next() {
		var ps session.PersonSummary
		var created int64
		var fp string
		if err := rows.Scan(&ps.ID, &ps.Name, &ps.Lang, &ps.Role, &created, &fp); err != nil {
			return nil, domainError(err, "scan person", session.MsgPersonNotFound)
		}
		if n := len(out); n > 0 && out[n-1].ID == ps.ID {
			out[n-1].Keys = append(out[n-1].Keys, fp)
			continue
		}
		ps.CreatedAt = fromUnix(created)
		if fp != "" {
			ps.Keys = []string{fp}
		}
		out = append(out, ps)
	}
	return out, domainError(rows.Err(), "list people", session.MsgPersonNotFound)
}

// CountAdmins counts people with the admin role.
func (db *DB) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE role = ?", session.RoleAdmin).Scan(&n)
	return n, domainError(err, "count admins", session.MsgPersonNotFound)
}

// SetPersonLang changes a person's language.
// PersonPlain reports the person's line-mode setting; off when never set.
func (db *DB) PersonPlain(ctx context.Context, personID int64) (bool, error) {
	var on bool
	err := db.read.QueryRowContext(ctx, "SELECT plain FROM person_settings WHERE person_id = ?", personID).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return on, domainError(err, "line mode setting", session.MsgPersonNotFound)
}

// SetPersonPlain stores the person's line-mode setting.
func (db *DB) SetPersonPlain(ctx context.Context, personID int64, on bool) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO person_settings (person_id, plain) VALUES (?, ?)
			ON CONFLICT (person_id) DO UPDATE SET plain = excluded.plain`, personID, on)
		return domainError(err, "set line mode", session.MsgPersonNotFound)
	})
}

func (db *DB) SetPersonLang(ctx context.Context, personID int64, lang session.Lang) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE people SET lang = ? WHERE id = ?", lang, personID)
		if err != nil {
			return domainError(err, "set language", session.MsgPersonNotFound)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return session.Errorf(session.ENotFound, session.MsgPersonNotFound)
		}
		return nil
	})
}

// lookAlikeInTx refuses a display name that looks like one of the names
// the query selects, with msg naming that person.
func lookAlikeInTx(ctx context.Context, tx *sql.Tx, name string, msg string, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return domainError(err, "member names", session.MsgGroupNotFound)
	}
	defer rows.Close()
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return domainError(err, "scan name", session.MsgGroupNotFound)
		}
		if session.SameName(name, other) {
			return session.Errorf(session.EConflict, msg, other)
		}
	}
	return domainError(rows.Err(), "member names", session.MsgGroupNotFound)
}

// groupNamesQuery lists the names of a group's members but one person.
const groupNamesQuery = `SELECT p.name FROM memberships m JOIN people p ON p.id = m.person_id
	WHERE m.group_id = ? AND p.id != ?`

// SetPersonName renames a person, unless the new name looks like that of
// someone in one of their groups.
func (db *DB) SetPersonName(ctx context.Context, personID int64, name string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := lookAlikeInTx(ctx, tx, name, session.MsgNameLookAlike, `SELECT DISTINCT p.name
			FROM memberships m JOIN people p ON p.id = m.person_id
			WHERE m.group_id IN (SELECT group_id FROM memberships WHERE person_id = ?) AND p.id != ?`, personID, personID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE people SET name = ? WHERE id = ?", name, personID)
		return affectedOne(res, err, "set name", session.MsgPersonNotFound)
	})
}
