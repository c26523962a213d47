package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
)

// CopyToPostgres copies the whole SQLite database at from into the empty
// PostgreSQL database to (migrating it to this binary's schema first),
// in one transaction, and then verifies the copy: every table's row count
// and checksum must be the same on both sides. from is read in one
// snapshot, so a server may still be running on it, though its changes
// after the snapshot are not copied: stop it first.
func CopyToPostgres(ctx context.Context, from, to string) ([]TableCheck, error) {
	if !IsPostgresDSN(to) {
		return nil, ErrCopyTarget
	}
	if _, err := os.Stat(from); err != nil {
		return nil, err
	}
	if err := QuickCheck(ctx, from); err != nil {
		return nil, err
	}
	srcPool, err := openPool(from, true)
	if err != nil {
		return nil, err
	}
	defer srcPool.Close()
	src, err := srcPool.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	// One read transaction: the copy and its check see one snapshot.
	if _, err := src.ExecContext(ctx, "BEGIN"); err != nil {
		return nil, err
	}
	defer src.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	tables, err := copyTables(ctx, src)
	if err != nil {
		return nil, err
	}
	dst, err := openPostgres(ctx, to)
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	if err := checkEmpty(ctx, dst.read, tables); err != nil {
		return nil, err
	}
	if err := copyRows(ctx, src, dst, tables); err != nil {
		return nil, err
	}
	return verifyCopy(ctx, src, dst.read, tables)
}

// ErrCopyTarget: the copy goes into PostgreSQL only.
var ErrCopyTarget = errors.New("the copy's target must be a postgres:// address")

// NotEmptyError: the target already holds piiri data; the copy never
// merges into it.
type NotEmptyError struct{ Table string }

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("the target database is not empty: table %s has rows", e.Table)
}

// MismatchError: the copy's check found tables that differ.
type MismatchError struct{ Tables []string }

func (e *MismatchError) Error() string {
	return "the copy differs from the original in " + strings.Join(e.Tables, ", ")
}

// TableCheck is one table's verification: rows and checksum, equal on
// both sides.
type TableCheck struct {
	Table    string
	Rows     int64
	Checksum uint64
}

// copyTable is a table to copy with its stored (not generated) columns.
type copyTable struct {
	name    string
	columns []string
	refs    []string // tables its foreign keys point to
}

// copyTables lists the SQLite database's tables in an order in which
// every table comes after those its foreign keys point to. FTS5's tables
// are left out: PostgreSQL's search tokens are rebuilt from the text.
func copyTables(ctx context.Context, src *sql.Conn) ([]copyTable, error) {
	rows, err := src.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE 'reflections\_fts%' ESCAPE '\'
		AND name != 'schema_migrations' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byName := map[string]*copyTable{}
	for _, n := range names {
		t := &copyTable{name: n}
		if t.columns, err = pragmaList(ctx, src, "SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid", n); err != nil {
			return nil, err
		}
		if t.refs, err = pragmaList(ctx, src, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, n); err != nil {
			return nil, err
		}
		byName[n] = t
	}
	var out []copyTable
	done := map[string]bool{}
	var visit func(n string, depth int) error
	visit = func(n string, depth int) error {
		t, ok := byName[n]
		if !ok || done[n] {
			return nil
		}
		if depth > len(names) {
			return fmt.Errorf("foreign keys form a cycle at %s", n)
		}
		for _, r := range t.refs {
			if r != n {
				if err := visit(r, depth+1); err != nil {
					return err
				}
			}
		}
		done[n] = true
		out = append(out, *t)
		return nil
	}
	for _, n := range names {
		if err := visit(n, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func pragmaList(ctx context.Context, src *sql.Conn, query, table string) ([]string, error) {
	rows, err := src.QueryContext(ctx, query, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func selectAll(t copyTable) string {
	cols := make([]string, len(t.columns))
	for i, c := range t.columns {
		cols[i] = quoteIdent(c)
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + quoteIdent(t.name)
}

// checkEmpty refuses a target that holds rows in any table to be copied.
func checkEmpty(ctx context.Context, dst *sql.DB, tables []copyTable) error {
	for _, t := range tables {
		var any bool
		if err := dst.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+quoteIdent(t.name)+")").Scan(&any); err != nil {
			return fmt.Errorf("target table %s: %w", t.name, err)
		}
		if any {
			return &NotEmptyError{Table: t.name}
		}
	}
	return nil
}

// copyRows copies every table with COPY in one transaction, then builds
// the search tokens and moves the id sequences past the copied ids.
func copyRows(ctx context.Context, src *sql.Conn, dst *DB, tables []copyTable) error {
	conn, err := dst.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*pgConn).Conn.Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		for _, t := range tables {
			rows, err := src.QueryContext(ctx, selectAll(t))
			if err != nil {
				return fmt.Errorf("read %s: %w", t.name, err)
			}
			_, err = tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, &sqlRowsSource{rows: rows, n: len(t.columns)})
			rows.Close()
			if err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
		}
		if err := copySearchTokens(ctx, src, tx); err != nil {
			return err
		}
		for _, t := range tables {
			if !slices.Contains(t.columns, "id") {
				continue
			}
			if _, err := tx.Exec(ctx, fmt.Sprintf(`SELECT setval(seq, (SELECT max(id) FROM %s))
				FROM (SELECT pg_get_serial_sequence('%s', 'id') AS seq) s
				WHERE seq IS NOT NULL AND EXISTS (SELECT 1 FROM %s)`, quoteIdent(t.name), t.name, quoteIdent(t.name))); err != nil {
				return fmt.Errorf("sequence of %s: %w", t.name, err)
			}
		}
		return tx.Commit(ctx)
	})
}

// copySearchTokens fills reflections.search from the copied bodies.
func copySearchTokens(ctx context.Context, src *sql.Conn, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, "CREATE TEMP TABLE piiri_copy_search (id BIGINT PRIMARY KEY, tokens TEXT NOT NULL) ON COMMIT DROP"); err != nil {
		return err
	}
	rows, err := src.QueryContext(ctx, "SELECT id, body FROM reflections")
	if err != nil {
		return fmt.Errorf("read reflections: %w", err)
	}
	defer rows.Close()
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"piiri_copy_search"}, []string{"id", "tokens"}, &searchSource{rows: rows})
	if err != nil {
		return fmt.Errorf("search tokens: %w", err)
	}
	_, err = tx.Exec(ctx, "UPDATE reflections r SET search = CAST(s.tokens AS tsvector) FROM piiri_copy_search s WHERE r.id = s.id")
	return err
}

// sqlRowsSource feeds COPY from a SQLite query.
type sqlRowsSource struct {
	rows *sql.Rows
	n    int
	vals []any
	err  error
}

func (s *sqlRowsSource) Next() bool {
	if !s.rows.Next() {
		return false
	}
	s.vals = make([]any, s.n)
	ptrs := make([]any, s.n)
	for i := range s.vals {
		ptrs[i] = &s.vals[i]
	}
	if s.err = s.rows.Scan(ptrs...); s.err != nil {
		return false
	}
	return true
}

func (s *sqlRowsSource) Values() ([]any, error) { return s.vals, nil }

func (s *sqlRowsSource) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.rows.Err()
}

// searchSource feeds COPY with each reflection's tsvector literal.
type searchSource struct {
	rows *sql.Rows
	id   int64
	body string
	err  error
}

func (s *searchSource) Next() bool {
	if !s.rows.Next() {
		return false
	}
	s.err = s.rows.Scan(&s.id, &s.body)
	return s.err == nil
}

func (s *searchSource) Values() ([]any, error) { return []any{s.id, tsvectorLiteral(s.body)}, nil }

func (s *searchSource) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.rows.Err()
}

// verifyCopy compares every table's row count and checksum on both sides.
func verifyCopy(ctx context.Context, src *sql.Conn, dst *sql.DB, tables []copyTable) ([]TableCheck, error) {
	var out []TableCheck
	var bad []string
	for _, t := range tables {
		a, err := tableChecksum(ctx, src, selectAll(t))
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", t.name, err)
		}
		b, err := tableChecksum(ctx, dst, selectAll(t))
		if err != nil {
			return nil, fmt.Errorf("check copied %s: %w", t.name, err)
		}
		a.Table = t.name
		if a.Rows != b.Rows || a.Checksum != b.Checksum {
			bad = append(bad, fmt.Sprintf("%s (%d rows %016x, copy %d rows %016x)", t.name, a.Rows, a.Checksum, b.Rows, b.Checksum))
		}
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Table < out[j].Table })
	if bad != nil {
		return out, &MismatchError{Tables: bad}
	}
	return out, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// tableChecksum counts a query's rows and adds up a hash of each, so that
// the sum does not depend on the order the engines return rows in.
func tableChecksum(ctx context.Context, q querier, query string) (TableCheck, error) {
	var c TableCheck
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return c, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return c, err
		}
		h := sha256.New()
		for _, v := range vals {
			h.Write(canonical(v))
		}
		c.Rows++
		c.Checksum += binary.BigEndian.Uint64(h.Sum(nil))
	}
	return c, rows.Err()
}

// canonical encodes a value the same way whichever engine returned it.
func canonical(v any) []byte {
	switch x := v.(type) {
	case nil:
		return []byte{0}
	case int64:
		return binary.BigEndian.AppendUint64([]byte{1}, uint64(x))
	case int32:
		return canonical(int64(x))
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return canonical(int64(x))
		}
		return binary.BigEndian.AppendUint64([]byte{2}, math.Float64bits(x))
	case bool:
		if x {
			return canonical(int64(1))
		}
		return canonical(int64(0))
	case string:
		return append(binary.BigEndian.AppendUint64([]byte{3}, uint64(len(x))), x...) // length, then bytes
	case []byte:
		return canonical(string(x))
	}
	return []byte(fmt.Sprintf("?%T:%v", v, v))
}
