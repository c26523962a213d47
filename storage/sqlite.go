// Package storage keeps piiri's data in one SQLite file, or in PostgreSQL
// when several nodes share it (postgres.go). It implements the
// store interfaces that package session defines and speaks only the
// domain's language: driver errors become session errors here.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is piiri's database: one writer connection, so that writes never
// fight over the lock, and a small pool of read-only connections, which
// WAL lets run beside the writer.
type DB struct {
	path   string // the SQLite file, or the PostgreSQL address
	engine engine
	write  *sql.DB
	read   *sql.DB // the same pool as write on PostgreSQL

	// The schema versions before and after Open's migrations.
	migratedFrom, migratedTo int
}

// Open opens (creating if needed) the database file at path and brings its
// schema up to date. A postgres:// address opens that PostgreSQL database
// instead.
func Open(ctx context.Context, path string) (*DB, error) {
	if IsPostgresDSN(path) {
		return openPostgres(ctx, path)
	}
	write, err := openPool(path, false)
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	db := &DB{path: path, write: write}
	if err := db.checkWAL(ctx); err != nil {
		write.Close()
		return nil, asCorrupt(path, err)
	}
	// Before anything is written: a damaged file is refused whole.
	if err := quickCheck(ctx, write, path); err != nil {
		write.Close()
		return nil, err
	}
	if err := db.migrate(ctx, SchemaVersion()); err != nil {
		write.Close()
		return nil, err
	}
	read, err := openPool(path, true)
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	db.read = read
	return db, nil
}

// openPool opens a connection pool with the pragmas every connection needs.
// Writers take the write lock when a transaction begins (_txlock=immediate)
// so a transaction never fails halfway on a lock upgrade.
func openPool(path string, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	pool, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return pool, nil
}

// checkWAL makes sure the journal mode really is WAL: SQLite silently keeps
// another mode when it cannot switch (for example on some network file
// systems), and readers would then block the writer.
func (db *DB) checkWAL(ctx context.Context) error {
	var mode string
	if err := db.write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("read journal mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, want wal", mode)
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	var errs []error
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	errs = append(errs, db.write.Close())
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Migrated reports the schema version the database had when Open found it
// and the version it has now; they are equal when no migration ran.
func (db *DB) Migrated() (from, to int) { return db.migratedFrom, db.migratedTo }

// SchemaTooNewError is Open's refusal of a database that a newer piiri
// has migrated: this binary does not know its schema.
type SchemaTooNewError struct {
	Database, Binary int // the database's schema version and this binary's
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("database schema %d is newer than this piiri (%d): upgrade piiri", e.Database, e.Binary)
}

// ReadSchemaVersion reads the schema version of the database file at path
// without changing anything in it: no migration, no journal mode switch.
// A database no piiri has migrated yet is version 0.
func ReadSchemaVersion(ctx context.Context, path string) (int, error) {
	if IsPostgresDSN(path) {
		return readSchemaVersionPostgres(ctx, path)
	}
	if _, err := os.Stat(path); err != nil {
		return 0, err // opening would create an empty file
	}
	pool, err := openPool(path, true)
	if err != nil {
		return 0, err
	}
	defer pool.Close()
	var tables int
	if err := pool.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").Scan(&tables); err != nil {
		return 0, asCorrupt(path, fmt.Errorf("read schema version: %w", err))
	}
	if tables == 0 {
		return 0, nil
	}
	var v int
	if err := pool.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, asCorrupt(path, fmt.Errorf("read schema version: %w", err))
	}
	return v, nil
}

// migration is one embedded schema change, applied in its own transaction.
type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) { return loadMigrationsFrom(migrationFS, "migrations") }

// loadMigrationsFrom reads the migrations in dir of fsys, oldest first.
func loadMigrationsFrom(fsys embed.FS, dir string) ([]migration, error) {
	entries, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		base := strings.TrimPrefix(e, dir+"/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", base)
		}
		body, err := fsys.ReadFile(e)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// SchemaVersion is the newest migration this binary knows.
func SchemaVersion() int {
	ms, _ := loadMigrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies the migrations after the database's version, up to and
// including upTo (tests build fixtures of earlier versions with it).
func (db *DB) migrate(ctx context.Context, upTo int) error {
	ddl := `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at INTEGER NOT NULL)`
	load := loadMigrations
	if db.engine == enginePostgres {
		ddl, load = pgSchemaDDL, loadPgMigrations
		unlock, err := db.lockMigrations(ctx)
		if err != nil {
			return err
		}
		defer unlock()
	}
	if _, err := db.write.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	ms, err := load()
	if err != nil {
		return err
	}
	var current int
	if err := db.write.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if latest := SchemaVersion(); current > latest {
		return &SchemaTooNewError{Database: current, Binary: latest}
	}
	db.migratedFrom, db.migratedTo = current, current
	for _, m := range ms {
		if m.version <= current || m.version > upTo {
			continue
		}
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if db.engine == enginePostgres && m.name == "0010_search.sql" {
				// The stems come from Go: the texts already there get theirs.
				if err := reindexSearch(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, time.Now().Unix())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		db.migratedTo = m.version
	}
	return nil
}

// inTx runs fn in a write transaction and commits if it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.engine == enginePostgres {
		return db.inTxPostgres(ctx, fn)
	}
	return db.runTx(ctx, nil, fn)
}

// IntegrityCheck runs PRAGMA integrity_check and returns its first line
// ("ok" when the file is sound).
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	if db.engine == enginePostgres {
		return "ok", db.read.PingContext(ctx) // PostgreSQL checks its own pages
	}
	var res string
	err := db.read.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res)
	return res, err
}

// Backup writes a consistent copy of the database to path while others go
// on reading and writing: VACUUM INTO reads one snapshot and writes a
// compact, self-contained file (no WAL beside it). path must not exist.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.engine == enginePostgres {
		return ErrBackupPostgres
	}
	return BackupFile(ctx, db.path, path)
}

// BackupFile is Backup of the database file at dbPath without opening it
// as a DB first, so that its schema is copied as it is: a backup taken
// with a newer piiri before an upgrade must not migrate the database.
func BackupFile(ctx context.Context, dbPath, path string) error {
	if IsPostgresDSN(dbPath) {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(dbPath); err != nil {
		return err // opening would create an empty file
	}
	// Its own connection: the read pool is query-only, and the writer must
	// stay free for the server while the copy is made.
	conn, err := openPool(dbPath, false)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// Size is the database's size in bytes (pages in use and free).
func (db *DB) Size(ctx context.Context) (int64, error) {
	if db.engine == enginePostgres {
		return db.sizePostgres(ctx)
	}
	var pages, size int64
	if err := db.read.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		return 0, err
	}
	if err := db.read.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size); err != nil {
		return 0, err
	}
	return pages * size, nil
}
