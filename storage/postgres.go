package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed migrations_pg/*.sql
var pgMigrationFS embed.FS

// pgMaxConns bounds one node's connections: PostgreSQL's default
// max_connections is 100 and several nodes share it.
const pgMaxConns = 16

// openPostgres opens the PostgreSQL database dsn names and brings its schema
// up to date. One pool serves reads and writes: PostgreSQL has no single
// writer lock to keep free.
func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := openPgPool(ctx, dsn)
	if err != nil {
		return nil, err
	}
	db := &DB{path: dsn, engine: enginePostgres, write: pool, read: pool}
	if err := db.migrate(ctx, SchemaVersion()); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// CheckDSN says what is wrong with a postgres:// address, or "".
func CheckDSN(dsn string) string {
	if _, err := pgx.ParseConfig(dsn); err != nil {
		// pgx quotes the address, password and all; keep only its reason.
		msg := err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return msg
	}
	return ""
}

// openPgPool connects to dsn and checks that the server answers.
func openPgPool(ctx context.Context, dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database address %s: %w", RedactDSN(dsn), err)
	}
	pool := sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)})
	pool.SetMaxOpenConns(pgMaxConns)
	pool.SetMaxIdleConns(pgMaxConns)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, &UnreachableError{Address: RedactDSN(dsn), Err: err}
	}
	return pool, nil
}

// UnreachableError: PostgreSQL did not answer, or refused piiri's user.
type UnreachableError struct {
	Address string // without the password
	Err     error
}

func (e *UnreachableError) Error() string { return fmt.Sprintf("connect to %s: %v", e.Address, e.Err) }

func (e *UnreachableError) Unwrap() error { return e.Err }

// Reason is the server's or the network's own words, on one line.
func (e *UnreachableError) Reason() string {
	var pe *pgconn.PgError
	if errors.As(e.Err, &pe) {
		return pe.Message
	}
	lines := strings.Split(strings.TrimSpace(e.Err.Error()), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// readSchemaVersionPostgres is ReadSchemaVersion on PostgreSQL: it only
// reads, and a database no piiri has migrated yet is version 0.
func readSchemaVersionPostgres(ctx context.Context, dsn string) (int, error) {
	pool, err := openPgPool(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer pool.Close()
	var exists bool
	if err := pool.QueryRowContext(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v int
	err = pool.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}

// RedactDSN is dsn without its password, for logs and messages.
func RedactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// pgConnector hands out connections that speak the store's SQL: ?
// placeholders and booleans as 0/1 integers, as SQLite stores them.
type pgConnector struct{ inner driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{conn.(*stdlib.Conn)}, nil
}

func (c pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is pgx's connection with the store's SQL translated on the way in.
type pgConn struct{ *stdlib.Conn }

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), intBools(args))
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), intBools(args))
}

// intBools passes Go booleans as 0/1: the schema keeps flags in integer
// columns on both engines, so the SQL and the copied data are the same.
func intBools(args []driver.NamedValue) []driver.NamedValue {
	for i, a := range args {
		if b, ok := a.Value.(bool); ok {
			args[i].Value = int64(0)
			if b {
				args[i].Value = int64(1)
			}
		}
	}
	return args
}

// PostgreSQL's SQLSTATEs the store acts on.
const (
	pgUniqueViolation      = "23505"
	pgForeignKeyViolation  = "23503"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"
)

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// pgTxRetries is how often a write transaction that lost a serialization
// race is run again before the error goes up: enough for a whole room's
// people dropping at once (200 connections closing in the same second
// lost up to 10 of 200 writes with 5 tries).
const pgTxRetries = 10

// inTxPostgres runs fn in a serializable transaction, so that the store's
// read-check-write steps behave as under SQLite's single writer; a
// transaction that loses a race to another one (on this node or another)
// is run again from the start.
func (db *DB) inTxPostgres(ctx context.Context, fn func(tx *sql.Tx) error) error {
	for attempt := 0; ; attempt++ {
		err := db.runTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable}, fn)
		switch pgCode(err) {
		case pgSerializationFailure, pgDeadlockDetected:
			if attempt < pgTxRetries && ctx.Err() == nil {
				time.Sleep(backoff(attempt))
				continue
			}
		}
		return err
	}
}

// runTx runs fn in one transaction and commits if it returns nil.
func (db *DB) runTx(ctx context.Context, opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// migrationLock is the advisory lock nodes take while migrating, so that
// several nodes started at once on a new database migrate it once.
const migrationLock = 0x70_69_69_72_69 // "piiri"

// lockMigrations holds the migration lock on a connection of its own
// until the returned function is called.
func (db *DB) lockMigrations(ctx context.Context) (func(), error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(?)", int64(migrationLock)); err != nil {
		conn.Close()
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(?)", int64(migrationLock))
		conn.Close()
	}, nil
}

// pgSchemaDDL is PostgreSQL's schema_migrations; SQLite's is in migrate.
const pgSchemaDDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL,
	applied_at BIGINT  NOT NULL)`

// sizePostgres is the database's size on disk.
func (db *DB) sizePostgres(ctx context.Context) (int64, error) {
	var n int64
	err := db.read.QueryRowContext(ctx, "SELECT pg_database_size(current_database())").Scan(&n)
	return n, err
}

// ErrBackupPostgres: piiri's own backup copies a SQLite file; a PostgreSQL
// database is backed up with pg_dump.
var ErrBackupPostgres = errors.New("the database is PostgreSQL: back it up with pg_dump (see README, Backups)")

func loadPgMigrations() ([]migration, error) {
	return loadMigrationsFrom(pgMigrationFS, "migrations_pg")
}

// roomChannel is the LISTEN/NOTIFY channel of room changes; a payload is
// "MEETING_ID VERSION".
const roomChannel = "piiri_room"

// notifyRoom tells the other nodes, when the transaction commits, that a
// room has a new version. SQLite has one node: nothing to tell.
func (db *DB) notifyRoom(ctx context.Context, tx *sql.Tx, meetingID, version int64) error {
	if db.engine != enginePostgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_notify(?, ?)", roomChannel, fmt.Sprintf("%d %d", meetingID, version))
	return err
}

// ListenRooms tells this node about room changes other nodes store:
// changed(meeting, version) for each notification, in order, and
// resync() each time the listening connection is (re)established, since
// notifications sent while it was down are lost. It returns when ctx
// ends; on SQLite (one node) at once.
func (db *DB) ListenRooms(ctx context.Context, changed func(meetingID, version int64), resync func()) error {
	if db.engine != enginePostgres {
		return nil
	}
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		if db.listenOnce(ctx, changed, resync) {
			backoff = 100 * time.Millisecond // it was up: retry soon
		}
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
	return ctx.Err()
}

// listenOnce listens on one connection until it fails, and reports
// whether it got as far as listening.
func (db *DB) listenOnce(ctx context.Context, changed func(meetingID, version int64), resync func()) bool {
	conn, err := pgx.Connect(ctx, db.path)
	if err != nil {
		return false
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+roomChannel); err != nil {
		return false
	}
	resync()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true
		}
		var id, version int64
		if _, err := fmt.Sscanf(n.Payload, "%d %d", &id, &version); err == nil {
			changed(id, version)
		}
	}
}

// backoff is the wait before try attempt+1 of a transaction that lost a
// race: doubling from 5 ms up to 200 ms, each a random part of it, so that
// the writers that collided do not collide again in step.
func backoff(attempt int) time.Duration {
	d := 5 * time.Millisecond << min(attempt, 6)
	return min(d, 200*time.Millisecond)/2 + rand.N(min(d, 200*time.Millisecond)/2)
}
