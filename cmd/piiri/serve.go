package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/user"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/tui"
	"github.com/piiri/piiri/tui/i18n"
)

// shutdownGrace is how long sessions get to finish when the server stops;
// the database closes after it, within the 5 s that operators are promised.
const shutdownGrace = 4 * time.Second

// App is a running piiri: database, service and SSH server. Tests start
// the same App on 127.0.0.1:0 in a temporary directory.
type App struct {
	Config  Config
	DB      *storage.DB
	Service *session.Service
	Server  *tui.Server
	Addr    net.Addr
	Connect string // the ssh command to reach it

	listener  net.Listener
	lock      *dataLock // held while the App lives: one server per data directory
	served    chan error
	closeOnce sync.Once
	closeErr  error
	serving   bool
	nodeID    string // this process among the nodes (PostgreSQL)
	stopWatch context.CancelFunc
	statsDone chan struct{} // closed when statsLoop has returned
}

// Open opens the data directory and the database, builds the server and
// starts listening; Serve must follow.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*App, error) {
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	// Before the database is touched: another server may be using it.
	lock, err := lockData(cfg)
	if err != nil {
		return nil, err
	}
	a, err := open(ctx, cfg, logger)
	if err != nil {
		lock.release()
		return nil, err
	}
	a.lock = lock
	if err := lock.note(a.Addr.String()); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// open is Open once the data directory is locked.
func open(ctx context.Context, cfg Config, logger *slog.Logger) (*App, error) {
	// The database holds everyone's reflections: a new one is readable by
	// piiri alone, and SQLite gives its -wal and -shm files the same mode.
	if !cfg.onPostgres() {
		if f, err := os.OpenFile(cfg.dbPath(), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
			f.Close()
		}
	}
	db, err := openDB(ctx, cfg.dbPath())
	if err != nil {
		return nil, err
	}
	if from, to := db.Migrated(); from != to {
		logger.Info("migrated schema", "from", from, "to", to)
	}
	svc, err := session.NewService(db)
	if err != nil {
		db.Close()
		return nil, err
	}
	if cfg.Loc != nil {
		svc.Loc = cfg.Loc
	}
	svc.Log = logger
	svc.Shared = db.Engine() == "postgres" // other nodes may use it too
	// Meetings that were live when the server stopped go on where they were.
	if n, err := svc.RestoreRooms(ctx, session.Operator()); err != nil {
		db.Close()
		return nil, fmt.Errorf("restore live meetings: %w", err)
	} else if n > 0 {
		logger.Info("live meetings restored", "rooms", n)
	}
	a := &App{Config: cfg, DB: db, Service: svc, served: make(chan error, 1), nodeID: newNodeID()}
	a.listener, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("listen: %w", err)
	}
	a.Addr = a.listener.Addr()
	a.listener = proxyListener(a.listener, cfg.ProxyFrom, cfg.HandshakeTimeout)
	a.Connect = connectCommand(cfg.Host, a.Addr)
	// A flag's 0 means no limit; the server's 0 means its default.
	noLimit := func(n int) int {
		if n == 0 {
			return -1
		}
		return n
	}
	a.Server, err = tui.NewServer(tui.ServerConfig{
		HostKeyPath:          cfg.hostKeyPath(),
		DefaultLang:          cfg.Lang,
		Connect:              a.Connect,
		MaxSessions:          cfg.MaxSessions,
		MaxSessionsPerPerson: cfg.MaxSessionsPerPerson,
		MaxSessionsPerConn:   noLimit(cfg.MaxSessionsPerConn),
		MaxUnjoined:          noLimit(cfg.MaxUnjoined),
		MaxUnjoinedPerAddr:   noLimit(cfg.MaxUnjoinedPerAddr),
		MaxHandshakesPerAddr: noLimit(cfg.MaxHandshakesPerAddr),
		ConnPerMinute:        cfg.ConnPerMinute,
		HandshakeTimeout:     cfg.HandshakeTimeout,
		IdleTimeout:          cfg.IdleTimeout,
		JoinIdleTimeout:      noLimit64(cfg.JoinIdleTimeout),
		Logger:               logger,
	}, a.Service)
	if err != nil {
		a.listener.Close()
		db.Close()
		return nil, err
	}
	// The key piiri keeps in its data directory is private to it; a key
	// given with --host-key keeps the modes its owner chose.
	if err := os.Chmod(cfg.hostKeyPath(), 0o600); err != nil && cfg.HostKey == "" {
		a.listener.Close()
		db.Close()
		return nil, fmt.Errorf("host key: %w", err)
	}
	return a, nil
}

// noLimit64 is a flag's 0 (no limit) for the server, whose 0 means its
// default.
func noLimit64(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// dbNotWritableError: the database, a file beside it or its directory
// cannot be written by the user piiri runs as (for example after a restore
// done as root). SQLite alone says "attempt to write a readonly database".
type dbNotWritableError struct {
	path string // the database file
	err  error
}

func (e *dbNotWritableError) Error() string {
	return fmt.Sprintf("cannot write the database %s: %v", e.path, e.err)
}

func (e *dbNotWritableError) Unwrap() error { return e.err }

// openDB opens the database at path, having checked that piiri may write
// it: SQLite opens a file it may not write read-only, and only the first
// write would fail, with "attempt to write a readonly database".
func openDB(ctx context.Context, path string) (*storage.DB, error) {
	if storage.IsPostgresDSN(path) {
		return storage.Open(ctx, path)
	}
	if err := checkWritable(path); err != nil {
		return nil, &dbNotWritableError{path: path, err: err}
	}
	return storage.Open(ctx, path)
}

// checkWritable reports the first of the database file, its WAL and
// shared-memory files and its directory that exists and cannot be written.
func checkWritable(path string) error {
	denied := func(err error) bool {
		return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err == nil {
			f.Close()
			continue
		}
		if denied(err) {
			return err
		}
	}
	// SQLite creates the -wal and -shm files beside the database.
	f, err := os.CreateTemp(filepath.Dir(path), ".piiri-write-check-*")
	if err != nil {
		if denied(err) {
			return err
		}
		return nil
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// currentUser names the user piiri runs as, for messages about file
// permissions.
func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "?"
}

// explain turns the errors an operator can act on into a message in
// their language; others are shown as they are.
func explain(cat i18n.Catalog, err error) string {
	var notWritable *dbNotWritableError
	var tooNew *storage.SchemaTooNewError
	var corrupt *storage.CorruptError
	var locked *lockedError
	var unreachable *storage.UnreachableError
	switch {
	case errors.As(err, &unreachable):
		return cat.T("cmd.db.pg_unreachable", unreachable.Address, unreachable.Reason())
	case errors.As(err, &notWritable):
		return cat.T("cmd.db.not_writable", notWritable.path, currentUser(), filepath.Dir(notWritable.path))
	case errors.As(err, &tooNew):
		return cat.T("cmd.schema.newer", tooNew.Database, tooNew.Binary)
	case errors.As(err, &corrupt):
		dir := filepath.Dir(corrupt.Path)
		return cat.T("cmd.db.corrupt", corrupt.Path, corrupt.Detail, dir, dir, corrupt.Path)
	case errors.As(err, &locked):
		pid, addr := holderPidAddr(locked.holder)
		if pid == "" {
			pid = "?"
		}
		if addr == "" {
			addr = cat.T("cmd.serve.locked_starting")
		}
		return cat.T("cmd.serve.locked", locked.data, pid, addr)
	}
	return err.Error()
}

// Serve starts accepting connections in the background.
func (a *App) Serve() {
	a.serving = true
	var ctx context.Context
	ctx, a.stopWatch = context.WithCancel(context.Background())
	go a.Service.Hub().Watch(ctx, time.Second)
	go a.listenRooms(ctx)
	go a.nodeBeats(ctx)
	a.statsDone = make(chan struct{})
	go func() {
		defer close(a.statsDone)
		a.statsLoop(ctx)
	}()
	go func() { a.served <- a.Server.Serve(a.listener) }()
}

// Close stops the server gracefully and closes the database. It may be
// called more than once.
func (a *App) Close() error {
	a.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		// Closing the listener here too covers a Close that comes before
		// the Serve goroutine has registered it with the ssh server.
		a.listener.Close()
		if a.stopWatch != nil {
			a.stopWatch()
		}
		if a.statsDone != nil {
			// A stopped server has no counters: `piiri admin stats` says
			// so at once instead of showing the last ones for 15 s.
			<-a.statsDone
			a.removeStats()
		}
		// Behind a balancer, everyone in a room here is cut off now, not
		// by their choice: their next connection, to another node, lands
		// in the room again. A single SQLite server keeps its old rule:
		// after a restart, home.
		if a.DB.Engine() == "postgres" {
			if err := a.Service.NoteStopping(ctx, session.Operator()); err != nil {
				a.Service.Log.Warn("note stopping", "err", err)
			}
		}
		err := a.Server.Shutdown(ctx)
		if a.serving {
			if serr := <-a.served; serr != nil && err == nil && !errors.Is(serr, net.ErrClosed) {
				err = serr
			}
		}
		// Other nodes show who is here from the store: the departures of
		// the sessions just ended go in before it closes.
		_ = a.Service.WaitLeft(ctx)
		if a.serving {
			a.nodeBeat(ctx) // its sessions have left: nothing for the others to take out
		}
		if derr := a.DB.Close(); derr != nil && err == nil {
			err = derr
		}
		a.lock.release() // last: the database is closed
		a.closeErr = err
	})
	return a.closeErr
}

// Banner is what the server prints at start: where it listens, its host
// key and how to connect; and, while nobody is an admin, a one-time admin
// invite.
func (a *App) Banner(ctx context.Context, cat i18n.Catalog) (string, error) {
	var b strings.Builder
	fmt.Fprintln(&b, cat.T("cmd.banner.listening", a.Addr.String(), a.Config.Data))
	if a.Config.DB != "" {
		fmt.Fprintln(&b, cat.T("cmd.banner.db", a.DB.Engine(), dbShown(a.Config.DB)))
	}
	fmt.Fprintln(&b, cat.T("cmd.banner.host_key", gossh.FingerprintSHA256(a.Server.HostKey())))
	fmt.Fprintln(&b, cat.T("cmd.banner.tz", session.ZoneName(a.Service.Loc, a.Service.Now())))
	fmt.Fprintln(&b, cat.T("cmd.banner.connect", a.Connect))
	fmt.Fprintln(&b, sessionsLine(cat, a.Config))
	inv, err := a.Service.BootstrapInvite(ctx, session.Operator())
	if err != nil {
		return "", err
	}
	if inv != nil {
		fmt.Fprintln(&b)
		fmt.Fprintln(&b, cat.T("cmd.banner.admin_invite", session.FormatCode(inv.Code), cat.WhenZone(inv.ExpiresAt, a.Service.Loc)))
		fmt.Fprintln(&b, cat.T("cmd.banner.admin_invite_how", a.Connect, a.Connect, session.FormatCode(inv.Code)))
	}
	return b.String(), nil
}

func serveCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("piiri serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	config := bindConfig(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage(os.Environ()))
			return 0
		}
		fmt.Fprintf(stderr, "piiri: %v\n\n%s", err, usage(os.Environ()))
		return 2
	}
	cfg, err := config()
	if err != nil {
		fmt.Fprintf(stderr, "piiri: %v\n", err)
		return 2
	}
	cat := cfg.Cat
	if fs.NArg() > 0 {
		// `piiri --lang fi help` would otherwise start a server.
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.serve.unexpected_args", strings.Join(fs.Args(), " ")))
		return 2
	}
	logger := newLogger(stderr, cfg.LogLevel)
	// Each session's terminal buffers are garbage soon after each frame; a
	// tighter GC keeps a thousand sessions under a mebibyte each (measured
	// with piiri-bench). GOGC set by the operator wins.
	if _, ok := os.LookupEnv("GOGC"); !ok {
		debug.SetGCPercent(50)
	}
	app, err := Open(ctx, cfg, logger)
	if err != nil {
		fmt.Fprintln(stderr, "piiri: "+explain(cat, err))
		return 1
	}
	banner, err := app.Banner(ctx, cat)
	if err != nil {
		fmt.Fprintf(stderr, "piiri: %v\n", err)
		app.Close()
		return 1
	}
	fmt.Fprint(stdout, banner)
	app.Serve()
	go reclaimWhenQuiet(ctx, 100*time.Millisecond)
	logger.Info("started", "addr", app.Addr.String())
	select {
	case <-ctx.Done():
		fmt.Fprintln(stdout, cat.T("cmd.stopping"))
	case err := <-app.served:
		app.served <- err // Close reads it again
		logger.Error("serve", "err", err)
	}
	if err := app.Close(); err != nil {
		logger.Warn("shutdown", "err", err)
	}
	logger.Info("stopped")
	return 0
}

// newLogger logs at level, which the config has checked.
func newLogger(w io.Writer, level string) *slog.Logger {
	l, err := parseLogLevel(level)
	if err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
