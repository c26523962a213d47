package storage

import (
	"context"
	"path/filepath"
	"testing"
)

// openTest is a fresh, migrated database in t.TempDir(): the store of
// package storage's own tests (storagetest, which the tests of other
// packages use, imports this package and so cannot be used here).
func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "piiri.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenUsesWALAndForeignKeys(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	var mode string
	if err := db.read.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	var fk int
	if err := db.write.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v", fk, err)
	}
	if _, err := db.read.ExecContext(ctx, "CREATE TABLE x (a)"); err == nil {
		t.Fatal("read pool accepted a write")
	}
}

func TestMigrateIsIdempotentAndRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "piiri.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.read.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&n); err != nil || n != SchemaVersion() {
		t.Fatalf("schema version %d, %v; want %d", n, err, SchemaVersion())
	}
	if _, err := db.write.ExecContext(ctx, "INSERT INTO schema_migrations VALUES (9999, 'future', 0)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path); err == nil {
		t.Fatal("opened a database from a newer piiri")
	}
	if _, err := db.write.ExecContext(ctx, "SELECT 1"); err == nil {
		t.Fatal("closed db still usable")
	}
}

func TestReopenKeepsData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "piiri.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, "INSERT INTO people (name, lang, role, created_at) VALUES ('Aino', 'fi', 'admin', 0)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.CountAdmins(ctx); err != nil || n != 1 {
		t.Fatalf("admins after reopen = %d, %v", n, err)
	}
	if res, err := db.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
}

func TestBackupIsConsistentAndOpens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTest(t)
	if _, err := db.write.ExecContext(ctx, "INSERT INTO people (name, lang, role, created_at) VALUES ('Aino', 'fi', 'admin', 0)"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, path); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	copyDB, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	if n, err := copyDB.CountAdmins(ctx); err != nil || n != 1 {
		t.Fatalf("admins in backup = %d, %v", n, err)
	}
	if res, err := copyDB.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
}
