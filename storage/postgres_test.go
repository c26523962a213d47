package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/storage/storagetest"
)

// TestPostgresSchemaMatchesSQLite: after all migrations both engines have
// the same tables with the same columns, but for the search machinery
// each keeps its own (FTS5's tables and the generated scope on SQLite,
// the tsvector on PostgreSQL). A twin migration that forgets a column
// fails here, before `admin migrate` would.
func TestPostgresSchemaMatchesSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pg, err := storage.Open(ctx, storagetest.PostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	lite, err := storage.Open(ctx, filepath.Join(t.TempDir(), "piiri.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	lc, err := storage.Columns(ctx, lite)
	if err != nil {
		t.Fatal(err)
	}
	pc, err := storage.Columns(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	for table := range lc {
		if strings.HasPrefix(table, "reflections_fts") || strings.HasPrefix(table, "sqlite_") {
			delete(lc, table)
		}
	}
	pc["reflections"] = slices.DeleteFunc(pc["reflections"], func(c string) bool { return c == "search" })
	for table, cols := range lc {
		if !slices.Equal(cols, pc[table]) {
			t.Errorf("table %s: SQLite has %v, PostgreSQL %v", table, cols, pc[table])
		}
	}
	for table := range pc {
		if _, ok := lc[table]; !ok {
			t.Errorf("table %s is on PostgreSQL only", table)
		}
	}
}

// TestPostgresMigratesOnceAndRefusesNewerSchema: a second Open migrates
// nothing, the data stays, and a database a newer piiri migrated is
// refused rather than used.
func TestPostgresMigratesOnceAndRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := storagetest.PostgresDSN(t)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if from, to := db.Migrated(); from != 0 || to != storage.SchemaVersion() {
		t.Fatalf("first open migrated %d → %d", from, to)
	}
	if db.Engine() != "postgres" {
		t.Fatalf("engine %s", db.Engine())
	}
	if err := storage.Exec(ctx, db, "INSERT INTO people (name, lang, role, created_at) VALUES ('Aino', 'fi', 'admin', 0)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if from, to := db.Migrated(); from != to {
		t.Fatalf("second open migrated %d → %d", from, to)
	}
	if n, err := db.CountAdmins(ctx); err != nil || n != 1 {
		t.Fatalf("admins after reopen = %d, %v", n, err)
	}
	if v, err := storage.ReadSchemaVersion(ctx, dsn); err != nil || v != storage.SchemaVersion() {
		t.Fatalf("ReadSchemaVersion = %d, %v", v, err)
	}
	if err := storage.Exec(ctx, db, "INSERT INTO schema_migrations VALUES (9999, 'future', 0)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var tooNew *storage.SchemaTooNewError
	if _, err := storage.Open(ctx, dsn); !errors.As(err, &tooNew) || tooNew.Database != 9999 {
		t.Fatalf("open of a newer schema: %v", err)
	}
}

// TestPostgresNodesStartingTogetherMigrateOnce: several nodes opening a
// new database at the same moment all start, and the schema is migrated
// once.
func TestPostgresNodesStartingTogetherMigrateOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := storagetest.PostgresDSN(t)
	const nodes = 4
	errs := make(chan error, nodes)
	migrated := make(chan int, nodes)
	for range nodes {
		go func() {
			db, err := storage.Open(ctx, dsn)
			if err == nil {
				from, to := db.Migrated()
				migrated <- to - from
				db.Close()
			}
			errs <- err
		}()
	}
	for range nodes {
		if err := <-errs; err != nil {
			t.Fatalf("a node failed to start: %v", err)
		}
	}
	close(migrated)
	steps := 0
	for n := range migrated {
		steps += n
	}
	if steps != storage.SchemaVersion() {
		t.Fatalf("the nodes applied %d migrations between them, want %d", steps, storage.SchemaVersion())
	}
}
