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
