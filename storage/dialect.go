package storage

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// engine names the database behind a DB. The store's SQL is shared; the
// differences between the engines are few and named here and in
// postgres.go: placeholders (rebind), new ids (insertID), full-text search
// (search_pg.go), migrations (migrations/ and migrations_pg/), and the
// maintenance commands (integrity check, backup, size).
type engine int

const (
	engineSQLite engine = iota
	enginePostgres
)

func (e engine) String() string {
	if e == enginePostgres {
		return "postgres"
	}
	return "sqlite"
}

// IsPostgresDSN reports whether a --db value names a PostgreSQL database
// rather than a SQLite file.
func IsPostgresDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Engine is "sqlite" or "postgres".
func (db *DB) Engine() string { return db.engine.String() }

// insertID runs an INSERT and returns the new row's id. RETURNING works on
// both engines; LastInsertId only on SQLite.
func insertID(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// rebind turns the store's ? placeholders into PostgreSQL's $1, $2, …,
// leaving string literals, quoted identifiers and comments alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := closing(query, i+1, c)
			b.WriteString(query[i:j])
			i = j - 1
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// closing returns the index just past the quote q that closes a literal
// starting at from; a doubled quote is an escaped one.
func closing(s string, from int, q byte) int {
	for i := from; i < len(s); i++ {
		if s[i] == q {
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(s)
}

// findSQL is the SQL position of needle in hay, 0 when hay does not hold
// it: SQLite's instr, PostgreSQL's strpos.
func (db *DB) findSQL(hay, needle string) string {
	if db.engine == enginePostgres {
		return "strpos(" + hay + ", " + needle + ")"
	}
	return "instr(" + hay + ", " + needle + ")"
}

// jsonField is the SQL text of the top-level field of the JSON text in
// column col, NULL when it is not there: SQLite's json_extract,
// PostgreSQL's ->> on the text read as json. field is a constant.
func (db *DB) jsonField(col, field string) string {
	if db.engine == enginePostgres {
		return "(CAST(" + col + " AS json) ->> '" + field + "')"
	}
	return "json_extract(" + col + ", '$." + field + "')"
}
