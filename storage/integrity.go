package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
)

// CorruptError: the database file is damaged, cut short or not a SQLite
// database at all. piiri refuses to serve it: pages that touch the damage
// would fail one by one, and writes could spread it.
type CorruptError struct {
	Path   string
	Detail string // what SQLite said, e.g. quick_check's first findings
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("the database %s is damaged: %s", e.Path, e.Detail)
}

// SQLite's primary result codes for a damaged file and for a file that is
// not a database.
const (
	sqliteCorrupt = 11
	sqliteNotADB  = 26
)

// asCorrupt turns SQLite's "malformed" and "not a database" errors into a
// CorruptError naming the file; other errors pass unchanged.
func asCorrupt(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqliteCorrupt, sqliteNotADB:
			return &CorruptError{Path: path, Detail: se.Error()}
		}
	}
	return err
}

// quickCheckFindings is how many of quick_check's findings are kept.
const quickCheckFindings = 3

// quickCheck runs PRAGMA quick_check: every page and index entry is read
// (O(N), without integrity_check's cross-checks of indexes against rows,
// which make it several times slower).
func quickCheck(ctx context.Context, pool *sql.DB, path string) error {
	rows, err := pool.QueryContext(ctx, fmt.Sprintf("PRAGMA quick_check(%d)", quickCheckFindings))
	if err != nil {
		return asCorrupt(path, fmt.Errorf("quick_check: %w", err))
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return asCorrupt(path, fmt.Errorf("quick_check: %w", err))
		}
		found = append(found, line)
	}
	if err := rows.Err(); err != nil {
		return asCorrupt(path, fmt.Errorf("quick_check: %w", err))
	}
	if len(found) == 1 && found[0] == "ok" {
		return nil
	}
	return &CorruptError{Path: path, Detail: findings(found)}
}

// findings puts quick_check's report on one line, without its "*** in
// database main ***" headings.
func findings(lines []string) string {
	var out []string
	for _, l := range strings.Split(strings.Join(lines, "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "***") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "; ")
}

// QuickCheck runs quick_check on the database file at path without
// changing anything in it.
func QuickCheck(ctx context.Context, path string) error {
	if IsPostgresDSN(path) {
		return nil // PostgreSQL checks its own pages; there is no file to read
	}
	pool, err := openPool(path, true)
	if err != nil {
		return err
	}
	defer pool.Close()
	return quickCheck(ctx, pool, path)
}
