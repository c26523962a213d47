package storage

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/piiri/piiri/session"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// domainError maps driver errors the domain can act on to session errors,
// once, here at the edge. notFound is the message for a missing row.
// Anything else is wrapped with context and stays internal.
func domainError(err error, what string, notFound string) error {
	if err == nil {
		return nil
	}
	var de *session.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return session.Errorf(session.ENotFound, notFound)
	}
	switch pgCode(err) {
	case pgUniqueViolation:
		return session.Errorf(session.EConflict, session.MsgConflict)
	case pgForeignKeyViolation:
		return session.Errorf(session.ENotFound, notFound)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return session.Errorf(session.EConflict, session.MsgConflict)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return session.Errorf(session.ENotFound, notFound)
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}
