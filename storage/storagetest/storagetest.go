// Package storagetest opens a fresh store for a test on either engine, so
// that one conformance suite runs against SQLite and PostgreSQL.
//
// Without PIIRI_TEST_PG every store is a SQLite file in t.TempDir(). With
// PIIRI_TEST_PG=postgres://user@host:port/db (any database the user may
// CREATE DATABASE from) every store is a database of its own on that
// server, migrated from empty and dropped when the test ends. Tests that
// need PostgreSQL skip without it, unless PIIRI_TEST_PG_REQUIRED=1 (CI),
// where a missing server fails them.
package storagetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for CREATE DATABASE

	"github.com/piiri/piiri/storage"
)

// The environment variables the suite reads.
const (
	EnvPostgres        = "PIIRI_TEST_PG"
	EnvRequirePostgres = "PIIRI_TEST_PG_REQUIRED"
)

// Open returns a fresh, migrated store for t, closed when t ends.
func Open(t testing.TB) *storage.DB {
	t.Helper()
	var target string
	if os.Getenv(EnvPostgres) != "" {
		target = PostgresDSN(t)
	} else {
		target = SQLiteFile(t)
	}
	db, err := storage.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Postgres reports whether the suite runs on PostgreSQL.
func Postgres() bool { return os.Getenv(EnvPostgres) != "" }

// PostgresDSN creates an empty database for t and returns its address; it
// is dropped when t ends (after the test's own cleanups, which close the
// store). Without PIIRI_TEST_PG the test is skipped, or fails in CI.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		if os.Getenv(EnvRequirePostgres) != "" {
			t.Fatalf("%s is set but %s is empty: CI must run the PostgreSQL tests", EnvRequirePostgres, EnvPostgres)
		}
		t.Skipf("no PostgreSQL: set %s=postgres://… to run this test", EnvPostgres)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pool, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	name := "piiri_test_" + randomSuffix(t)
	if _, err := pool.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		pool.Close()
		t.Fatalf("create test database: %v", err)
	}
	// Registered before the caller's cleanups, so it runs after them.
	t.Cleanup(func() {
		defer pool.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := pool.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

func randomSuffix(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// Each runs fn as two subtests, "sqlite" and "postgres", each with a fresh
// store, so that a test compares the engines in one run. The postgres
// subtest skips without PIIRI_TEST_PG (fails in CI).
func Each(t *testing.T, fn func(t *testing.T, db *storage.DB)) {
	t.Helper()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			var target string
			if engine == "postgres" {
				target = PostgresDSN(t)
			} else {
				target = SQLiteFile(t)
			}
			db, err := storage.Open(context.Background(), target)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			fn(t, db)
		})
	}
}

// RequirePostgres skips t unless the suite runs on PostgreSQL (fails it in
// CI): for tests of what only PostgreSQL does, such as several nodes.
func RequirePostgres(t testing.TB) {
	t.Helper()
	if !Postgres() {
		PostgresDSN(t) // skips, or fails when required
	}
}

// SQLiteFile returns the path of piiri.db in a fresh t.TempDir(): a copy
// of an empty database this binary has migrated, so that a test pays for
// the migrations once per build instead of once per store (half a second
// each under -race). storage.Open finds it up to date and migrates
// nothing; tests of migrating themselves open their own files.
func SQLiteFile(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "piiri.db")
	WriteMigrated(t, path)
	return path
}

// WriteMigrated writes the migrated empty database to path (a server's
// data directory's piiri.db, say), with the mode piiri gives a new one.
func WriteMigrated(t testing.TB, path string) {
	t.Helper()
	tmpl, err := template()
	if err != nil {
		t.Fatalf("migrated template database: %v", err)
	}
	b, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// template is the migrated empty database, made at most once per test
// process (a lazily computed constant, not state tests change).
var template = sync.OnceValues(makeTemplate)

// makeTemplate finds or makes the template under the system's temp dir,
// named by a hash of the test binary: the binary holds the migrations and
// the SQLite it runs, so a changed migration is a new template, and the
// packages' test processes share one per build.
func makeTemplate() (string, error) {
	key, err := binaryHash()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(os.TempDir(), "piiri-storagetest")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, key+".db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	pruneTemplates(dir)
	work, err := os.MkdirTemp(dir, "make-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	made := filepath.Join(work, "piiri.db")
	db, err := storage.Open(context.Background(), made)
	if err != nil {
		return "", err
	}
	if err := db.Close(); err != nil {
		return "", err
	}
	// Closing the last connection checkpoints the WAL into the file.
	if _, err := os.Stat(made + "-wal"); err == nil {
		return "", fmt.Errorf("%s-wal left after close", made)
	}
	// Atomic: another package's process may be making the same one.
	return path, os.Rename(made, path)
}

func binaryHash() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// pruneTemplates removes templates of builds older than a day.
func pruneTemplates(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > 24*time.Hour {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
