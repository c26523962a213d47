package storage

import "context"

// Exec runs a statement on the writer, for tests in package storage_test
// that set up rows no store method writes directly.
func Exec(ctx context.Context, db *DB, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, query, args...)
	return err
}

// FixtureData is the upgrade test's rows for each schema version.
var FixtureData = fixtureData

// Columns lists each table's stored columns, as the engine reports them.
func Columns(ctx context.Context, db *DB) (map[string][]string, error) {
	query := `SELECT m.name, c.name FROM sqlite_master m, pragma_table_xinfo(m.name) c
		WHERE m.type = 'table' AND c.hidden = 0 ORDER BY m.name, c.name`
	if db.engine == enginePostgres {
		query = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, column_name`
	}
	rows, err := db.read.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		out[t] = append(out[t], c)
	}
	return out, rows.Err()
}

// RecallPairs and DistinctPairs are the search recall test's words.
var RecallPairs, DistinctPairs = recallPairs, distinctPairs

// OpenPostgresAt opens a PostgreSQL database migrated up to schema v only,
// for tests of what a later migration does to the rows already there.
func OpenPostgresAt(ctx context.Context, dsn string, v int) (*DB, error) {
	pool, err := openPgPool(ctx, dsn)
	if err != nil {
		return nil, err
	}
	db := &DB{path: dsn, engine: enginePostgres, write: pool, read: pool}
	if err := db.migrate(ctx, v); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}
