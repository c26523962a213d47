package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/tui/cli"
	"github.com/piiri/piiri/tui/i18n"
)

// adminCommand runs `piiri admin …`: local operations by whoever can read
// the data directory. They open the database beside a running server
// (WAL allows it) and act as the operator. They never migrate it: only
// the server does, so that a new binary cannot change the schema under an
// old server, and a backup taken before an upgrade is the old schema.
func adminCommand(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	cat := catalogFromEnv(os.Environ())
	if len(args) == 0 {
		fmt.Fprint(stderr, cat.T("cmd.admin.usage"))
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, cat.T("cmd.admin.usage"))
		return 0
	}
	if args[0] == "migrate" {
		return adminMigrate(ctx, cat, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("piiri admin "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	config := bindConfig(fs, "data", "db")
	var run func(*session.Service) error
	files := 0 // how many FILE arguments the command takes
	switch args[0] {
	case "invite":
		role := fs.String("role", "", "")
		uses := fs.Int("uses", session.DefaultInviteUses, "")
		expires := fs.String("expires", "7d", "")
		run = func(svc *session.Service) error {
			spec, err := cli.InviteSpecFromFlags(*role, *uses, *expires)
			if err != nil {
				return err
			}
			inv, err := svc.CreateInvite(ctx, session.Operator(), spec)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, session.FormatCode(inv.Code))
			return nil
		}
	case "users":
		asJSON := fs.Bool("json", false, "")
		run = func(svc *session.Service) error {
			people, err := svc.People(ctx, session.Operator())
			if err != nil {
				return err
			}
			if *asJSON {
				return printPeopleJSON(stdout, people)
			}
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, cat.T("cmd.users.header"))
			for _, p := range people {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, cat.Role(p.Role), p.Lang,
					p.CreatedAt.In(svc.Loc).Format("2006-01-02"), strings.Join(p.Keys, " "))
			}
			return tw.Flush()
		}
	case "backup":
		files = 1
	case "stats":
		run = func(*session.Service) error { return nil }
	default:
		fmt.Fprintf(stderr, "%s\n\n%s", cat.T("cmd.unknown", "admin "+args[0]), cat.T("cmd.admin.usage"))
		return 2
	}
	if err := cli.ParseInterspersed(fs, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, cat.T("cmd.admin.usage"))
			return 0
		}
		fmt.Fprintf(stderr, "piiri: %v\n\n%s", err, cat.T("cmd.admin.usage"))
		return 2
	}
	cfg, err := config()
	if err != nil {
		fmt.Fprintf(stderr, "piiri: %v\n", err)
		return 2
	}
	pos := fs.Args()
	switch {
	case len(pos) < files:
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.backup.need_file"))
		return 2
	case len(pos) > files:
		fmt.Fprintf(stderr, "piiri: %s\n", cat.T("cli.unexpected_args", strings.Join(pos[files:], " ")))
		return 2
	}
	if msg := checkDatabase(cat, cfg.dbPath()); msg != "" {
		fmt.Fprintln(stderr, "piiri: "+msg)
		return 1
	}
	if args[0] == "backup" && cfg.onPostgres() {
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.backup.postgres"))
		return 1
	}
	if args[0] == "backup" {
		// A copy of a damaged database would be damaged too, and look
		// like a good backup.
		if err := storage.QuickCheck(ctx, cfg.dbPath()); err != nil {
			fmt.Fprintln(stderr, "piiri: "+explain(cat, err))
			return 1
		}
		// Whatever the schema: the copy is of the database as it is.
		if err := backup(ctx, cfg.dbPath(), pos[0]); err != nil {
			fmt.Fprintln(stderr, "piiri: "+explainBackup(cat, pos[0], err))
			return 1
		}
		fmt.Fprintln(stdout, cat.T("cmd.backup.done", pos[0]))
		return 0
	}
	version, err := readSchemaVersion(ctx, cfg.dbPath())
	if err != nil {
		fmt.Fprintln(stderr, "piiri: "+explain(cat, err))
		return 1
	}
	if version > storage.SchemaVersion() {
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.schema.newer", version, storage.SchemaVersion()))
		return 1
	}
	if version < storage.SchemaVersion() {
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.schema.older", version, storage.SchemaVersion()))
		return 1
	}
	db, err := openDB(ctx, cfg.dbPath())
	if err != nil {
		fmt.Fprintln(stderr, "piiri: "+explain(cat, err))
		return 1
	}
	defer db.Close()
	if args[0] == "stats" {
		return printStats(ctx, cat, cfg, db, stdout)
	}
	svc, err := session.NewService(db)
	if err != nil {
		fmt.Fprintf(stderr, "piiri: %v\n", err)
		return 1
	}
	if err := run(svc); err != nil {
		fmt.Fprintln(stderr, "piiri: "+cat.Err(err))
		return 1
	}
	return 0
}

// adminMigrate runs `piiri admin migrate --from FILE --to postgres://…`:
// the whole SQLite database into an empty PostgreSQL one, then each
// table's rows and checksum compared.
func adminMigrate(ctx context.Context, cat i18n.Catalog, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("piiri admin migrate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	if err := cli.ParseInterspersed(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, cat.T("cmd.admin.usage"))
			return 0
		}
		fmt.Fprintf(stderr, "piiri: %v\n\n%s", err, cat.T("cmd.admin.usage"))
		return 2
	}
	switch {
	case *from == "" || *to == "":
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.migrate.need_args"))
		return 2
	case len(fs.Args()) > 0:
		fmt.Fprintf(stderr, "piiri: %s\n", cat.T("cli.unexpected_args", strings.Join(fs.Args(), " ")))
		return 2
	case !storage.IsPostgresDSN(*to):
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.migrate.not_postgres", *to))
		return 2
	case storage.IsPostgresDSN(*from):
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.migrate.from_sqlite", dbShown(*from)))
		return 2
	}
	if msg := checkDatabase(cat, *from); msg != "" {
		fmt.Fprintln(stderr, "piiri: "+msg)
		return 1
	}
	version, err := readSchemaVersion(ctx, *from)
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "piiri: "+explain(cat, err))
		return 1
	case version > storage.SchemaVersion():
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.schema.newer", version, storage.SchemaVersion()))
		return 1
	case version < storage.SchemaVersion():
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.schema.older", version, storage.SchemaVersion()))
		return 1
	}
	checks, err := storage.CopyToPostgres(ctx, *from, *to)
	var notEmpty *storage.NotEmptyError
	var mismatch *storage.MismatchError
	switch {
	case errors.As(err, &notEmpty):
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.migrate.not_empty", dbShown(*to), notEmpty.Table))
		return 1
	case errors.As(err, &mismatch):
		fmt.Fprintln(stderr, "piiri: "+cat.T("cmd.migrate.mismatch", strings.Join(mismatch.Tables, "; ")))
		return 1
	case err != nil:
		fmt.Fprintln(stderr, "piiri: "+explain(cat, err))
		return 1
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, cat.T("cmd.migrate.header"))
	var rows int64
	for _, c := range checks {
		fmt.Fprintf(tw, "%s\t%d\t%016x\t%s\n", c.Table, c.Rows, c.Checksum, cat.T("cmd.migrate.same"))
		rows += c.Rows
	}
	tw.Flush()
	fmt.Fprintln(stdout, cat.N("cmd.migrate.done", len(checks), rows, dbShown(*to)))
	return 0
}

// readSchemaVersion is storage.ReadSchemaVersion with a clear error when
// the database cannot be opened for want of permissions.
func readSchemaVersion(ctx context.Context, path string) (int, error) {
	v, err := storage.ReadSchemaVersion(ctx, path)
	if err != nil && !storage.IsPostgresDSN(path) {
		if werr := checkWritable(path); werr != nil {
			return 0, &dbNotWritableError{path: path, err: werr}
		}
	}
	return v, err
}

// errBackupExists: piiri never writes a backup over an existing file.
var errBackupExists = errors.New("backup file exists")

// backup writes a consistent copy of the database at dbPath to target. The
// copy holds everyone's private reflections, so it is readable by its owner
// alone (0600) from the first byte: SQLite writes it inside a private (0700)
// directory made next to target, and it is then linked into place, which
// fails rather than replace a file that exists.
func backup(ctx context.Context, dbPath, target string) error {
	if _, err := os.Lstat(target); err == nil {
		return errBackupExists
	}
	dir := filepath.Dir(target)
	tmpDir, err := os.MkdirTemp(dir, ".piiri-backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, filepath.Base(target))
	if err := storage.BackupFile(ctx, dbPath, tmp); err != nil {
		if werr := checkWritable(dbPath); werr != nil {
			return &dbNotWritableError{path: dbPath, err: werr}
		}
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // storage names the temporary file
		}
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	if err := syncPath(tmp); err != nil { // VACUUM INTO does not sync what it writes
		return err
	}
	if err := os.Link(tmp, target); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return errBackupExists
		}
		// A file system without hard links: rename, which would replace
		// a file that appeared since the check above — hardly possible.
		if _, serr := os.Lstat(target); serr == nil {
			return errBackupExists
		}
		if err := os.Rename(tmp, target); err != nil {
			return err
		}
	}
	_ = syncPath(dir) // the new name, best effort
	return nil
}

// syncPath flushes a file or a directory to disk.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// checkDatabase says why there is no database at path to open, or "".
func checkDatabase(cat i18n.Catalog, path string) string {
	if storage.IsPostgresDSN(path) {
		return "" // connecting says what is wrong
	}
	_, err := os.Stat(path)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, fs.ErrPermission):
		return explain(cat, &dbNotWritableError{path: path, err: err})
	}
	return cat.T("cmd.no_database", path)
}

// explainBackup says why a backup to target could not be written.
func explainBackup(cat i18n.Catalog, target string, err error) string {
	dir := filepath.Dir(target)
	var notWritable *dbNotWritableError
	switch {
	case errors.As(err, &notWritable):
		return explain(cat, err)
	case errors.Is(err, errBackupExists):
		return cat.T("cmd.backup.exists", target)
	case errors.Is(err, fs.ErrNotExist) && !isDir(dir):
		return cat.T("cmd.backup.no_dir", dir)
	case errors.Is(err, fs.ErrPermission):
		return cat.T("cmd.backup.denied", dir, currentUser())
	}
	return cat.T("cmd.backup.failed", target, err)
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

func printPeopleJSON(w io.Writer, people []session.PersonSummary) error {
	type person struct {
		ID        int64    `json:"id"`
		Name      string   `json:"name"`
		Role      string   `json:"role"`
		Lang      string   `json:"lang"`
		CreatedAt string   `json:"created_at"`
		Keys      []string `json:"keys"`
	}
	out := make([]person, 0, len(people))
	for _, p := range people {
		out = append(out, person{p.ID, p.Name, string(p.Role), string(p.Lang), p.CreatedAt.Format("2006-01-02T15:04:05Z07:00"), p.Keys})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
