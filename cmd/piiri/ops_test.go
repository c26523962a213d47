package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piiri/piiri/storage"
)

// cleanEnv unsets every variable that changes what the piiri command says
// or does, for the rest of the test (t.Setenv restores them after).
func cleanEnv(t *testing.T) {
	t.Helper()
	names := []string{"LANG", "LC_ALL", "LC_MESSAGES"}
	for _, v := range configVars {
		names = append(names, v.env)
	}
	for _, name := range names {
		t.Setenv(name, "")
		os.Unsetenv(name)
	}
}

// runPiiri runs the piiri command line and returns its exit code, stdout
// and stderr.
func runPiiri(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, nil, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestBadSettingsAreRefused: a bad value, from a flag or from the
// environment, stops piiri before it starts with exit 2 and a message that
// names where the value came from, in the operator's language. Extra words
// after the flags are refused too, rather than starting a server.
func TestBadSettingsAreRefused(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--log-level", "loud"}, nil, `--log-level: use debug, info, warn or error, not "loud"`},
		{nil, map[string]string{"PIIRI_LOG_LEVEL": "loud"}, `PIIRI_LOG_LEVEL: use debug, info, warn or error, not "loud"`},
		{[]string{"--lang", "fi", "--log-level", "loud"}, nil, `--log-level: käytä debug, info, warn tai error, ei "loud"`},
		{nil, map[string]string{"PIIRI_LOG_LEVEL": "loud", "LANG": "fi_FI.UTF-8"}, `PIIRI_LOG_LEVEL: käytä debug`},
		{nil, map[string]string{"PIIRI_MAX_SESSIONS": "lots"}, `PIIRI_MAX_SESSIONS: want a whole number ≥ 0, not "lots"`},
		// The flag wins over the variable, and is what the message names.
		{[]string{"--max-sessions", "-1"}, map[string]string{"PIIRI_MAX_SESSIONS": "10"}, `--max-sessions: want a whole number`},
		{[]string{"--max-sessions", "10"}, map[string]string{"PIIRI_CONN_PER_MINUTE": "many"}, `PIIRI_CONN_PER_MINUTE: want a whole number`},
		{nil, map[string]string{"PIIRI_IDLE_TIMEOUT": "forever"}, `PIIRI_IDLE_TIMEOUT: want a duration`},
		{[]string{"--handshake-timeout", "0s"}, nil, `--handshake-timeout: want a duration`},
		{nil, map[string]string{"PIIRI_TZ": "Mars/Base"}, `PIIRI_TZ: unknown time zone "Mars/Base"`},
		{nil, map[string]string{"PIIRI_LANG": "sv"}, `PIIRI_LANG: use fi or en, not "sv"`},
		{[]string{"--lang", "sv"}, nil, `--lang: use fi or en, not "sv"`},
		{[]string{"--lang", "fi", "help"}, nil, "ylimääräisiä argumentteja: help. piiri serve ottaa vain valitsimia"},
		{[]string{"bogus", "extra"}, nil, "unexpected arguments: bogus extra. piiri serve takes only flags"},
		{[]string{"--", "version"}, nil, "unexpected arguments: version."},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " ")+fmt.Sprint(tt.env), func(t *testing.T) {
			cleanEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			data := filepath.Join(t.TempDir(), "data")
			// The address is taken: were the command to go on and start,
			// it would fail with exit 1 rather than listen.
			taken, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer taken.Close()
			addr := taken.Addr().String()
			args := append([]string{"serve", "--addr", addr, "--data", data}, tt.args...)
			if tt.args != nil && tt.args[0] == "bogus" {
				args = append([]string{"--addr", addr, "--data", data}, tt.args...)
			}
			code, _, errOut := runPiiri(args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
			if _, err := os.Stat(data); err == nil {
				t.Fatal("the refused command created the data directory")
			}
		})
	}
}

// TestAdminHelp: `piiri admin`, `admin help` and `admin --help` print the
// admin commands, not "unknown command".
func TestAdminHelp(t *testing.T) {
	cleanEnv(t)
	for _, args := range [][]string{{"admin", "help"}, {"admin", "--help"}, {"admin", "-h"}, {"admin", "users", "--help"}} {
		code, out, errOut := runPiiri(args...)
		if code != 0 || !strings.Contains(out, "Usage: piiri admin COMMAND") || !strings.Contains(out, "PIIRI_DATA") || errOut != "" {
			t.Errorf("%v: exit %d, %q %q", args, code, out, errOut)
		}
	}
	if code, out, errOut := runPiiri("admin"); code != 2 || !strings.Contains(errOut, "backup FILE") || out != "" {
		t.Errorf("admin: exit %d, %q %q", code, out, errOut)
	}
	t.Setenv("LANG", "fi_FI.UTF-8")
	if code, out, _ := runPiiri("admin", "--help"); code != 0 || !strings.Contains(out, "Käyttö: piiri admin KOMENTO") {
		t.Errorf("admin --help in Finnish: exit %d, %q", code, out)
	}
	if code, _, errOut := runPiiri("admin", "frob"); code != 2 || !strings.Contains(errOut, `tuntematon komento "admin frob"`) {
		t.Errorf("admin frob: exit %d, %q", code, errOut)
	}
}

// TestBackupFileAndFlagsInAnyOrder: the backup file goes before or after
// the flags; the backup is readable by its owner alone whatever the umask;
// an existing file is never overwritten, and says so.
func TestBackupFileAndFlagsInAnyOrder(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	startApp(t, func(c *Config) { c.Data = dir })
	out := t.TempDir()
	first, second := filepath.Join(out, "first.db"), filepath.Join(out, "second.db")
	for _, args := range [][]string{
		{"admin", "backup", first, "--data", dir},
		{"admin", "backup", "--data", dir, second},
	} {
		if code, stdout, errOut := runPiiri(args...); code != 0 || !strings.Contains(stdout, "Backup written to") {
			t.Fatalf("%v: exit %d, %q %q", args, code, stdout, errOut)
		}
	}
	for _, path := range []string{first, second} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", path, st.Mode().Perm())
		}
		if v, err := storage.ReadSchemaVersion(context.Background(), path); err != nil || v != storage.SchemaVersion() {
			t.Errorf("%s: schema %d, %v", path, v, err)
		}
	}

	// PIIRI_DATA stands for --data.
	t.Setenv("PIIRI_DATA", dir)
	if code, _, errOut := runPiiri("admin", "backup", filepath.Join(out, "third.db")); code != 0 {
		t.Fatalf("backup with PIIRI_DATA: exit %d, %q", code, errOut)
	}
	os.Unsetenv("PIIRI_DATA")

	if err := os.WriteFile(first, []byte("an older backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runPiiri("admin", "backup", first, "--data", dir)
	if code != 1 || !strings.Contains(errOut, first+" already exists. piiri does not overwrite backups: choose another file name.") {
		t.Fatalf("backup over a file: exit %d, %q", code, errOut)
	}
	if blob, _ := os.ReadFile(first); string(blob) != "an older backup" {
		t.Fatalf("the existing file was changed: %q", blob)
	}
	t.Setenv("LANG", "fi_FI.UTF-8")
	if code, _, errOut := runPiiri("admin", "backup", "--data", dir, first); code != 1 || !strings.Contains(errOut, "on jo olemassa. piiri ei kirjoita varmuuskopion päälle") {
		t.Fatalf("backup over a file in Finnish: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runPiiri("admin", "backup", filepath.Join(out, "no", "such", "x.db"), "--data", dir); code != 1 || !strings.Contains(errOut, "hakemistoa") {
		t.Fatalf("backup into a missing directory: exit %d, %q", code, errOut)
	}
	os.Unsetenv("LANG")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"admin", "backup", "--data", dir}, "give the file to write the backup to"},
		{[]string{"admin", "backup", "a.db", "--data", dir, "b.db"}, "unexpected arguments: b.db"},
	} {
		if code, _, errOut := runPiiri(tt.args...); code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q", tt.args, code, errOut)
		}
	}
	// Only the backups are left: no temporary files.
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "first.db second.db third.db" {
		t.Fatalf("backup directory holds %v", names)
	}
}

// TestStatsSayNotRunningOnceStopped: a server that stops removes its
// counters, so `piiri admin stats` does not show old sessions.
func TestStatsSayNotRunningOnceStopped(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	app := startApp(t, func(c *Config) { c.Data = dir })
	// The server writes its counters as it starts; writing them here too
	// would race with it over the same temporary file.
	waitFor(t, "stats.json", func() bool {
		_, err := os.Stat(filepath.Join(dir, "stats.json"))
		return err == nil
	})
	if code, out, errOut := runPiiri("admin", "stats", "--data", dir); code != 0 || !strings.Contains(out, "sessions: 0") {
		t.Fatalf("stats of a running server: exit %d, %q %q", code, out, errOut)
	}
	if err := app.Close(); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runPiiri("admin", "stats", "--data", dir); code != 0 || !strings.Contains(out, "server: not running") || strings.Contains(out, "sessions:") {
		t.Fatalf("stats of a stopped server: exit %d, %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "stats.json")); !os.IsNotExist(err) {
		t.Fatalf("stats.json after stop: %v", err)
	}
}

// TestServeCommandRemovesStats runs the real serve command and stops it as
// SIGTERM does; stats.json goes with it.
func TestServeCommandRemovesStats(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--data", dir}, nil, &stdout, &stderr)
	}()
	waitFor(t, "stats.json", func() bool { _, err := os.Stat(filepath.Join(dir, "stats.json")); return err == nil })
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "stats.json")); !os.IsNotExist(err) {
		t.Fatalf("stats.json after stop: %v", err)
	}
	// A new database and what SQLite puts beside it are piiri's alone.
	st, err := os.Stat(filepath.Join(dir, "piiri.db"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("piiri.db: %v %v", st.Mode(), err)
	}
}

// TestUpgrade: a database of an earlier schema is upgraded by the server
// alone, which logs it; admin commands leave it as it is (a backup is of
// the old schema) and `piiri version` tells where it stands.
func TestUpgrade(t *testing.T) {
	cleanEnv(t)
	ctx := context.Background()
	latest := storage.SchemaVersion()
	old := latest - 1
	fixture, err := os.ReadFile(filepath.Join("..", "..", "storage", "testdata", fmt.Sprintf("schema-v%d.db", old)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "piiri.db"), fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runPiiri("version", "--data", dir)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("database schema this piiri uses: %d", latest)) ||
		!strings.Contains(out, fmt.Sprintf("schema %d (older: starting this piiri upgrades it)", old)) {
		t.Fatalf("version: exit %d, %q %q", code, out, errOut)
	}
	if !strings.HasPrefix(out, "piiri devel\n") && !strings.HasPrefix(out, "piiri v") {
		t.Fatalf("version line: %q", out)
	}
	if code, _, errOut := runPiiri("admin", "users", "--data", dir); code != 1 || !strings.Contains(errOut, fmt.Sprintf("(version %d) is older than this piiri's (%d)", old, latest)) {
		t.Fatalf("admin users on an old schema: exit %d, %q", code, errOut)
	}
	backup := filepath.Join(t.TempDir(), "before-upgrade.db")
	if code, _, errOut := runPiiri("admin", "backup", backup, "--data", dir); code != 0 {
		t.Fatalf("backup: exit %d, %q", code, errOut)
	}
	if v, err := storage.ReadSchemaVersion(ctx, backup); err != nil || v != old {
		t.Fatalf("the backup has schema %d (%v), want the old %d", v, err, old)
	}

	var logs syncBuffer
	app := startAppLogged(t, slog.New(slog.NewTextHandler(&logs, nil)), func(c *Config) { c.Data = dir })
	if want := fmt.Sprintf(`msg="migrated schema" from=%d to=%d`, old, latest); !strings.Contains(logs.String(), want) {
		t.Fatalf("log lacks %q:\n%s", want, logs.String())
	}
	app.Close()
	if code, out, _ := runPiiri("version", "--data", dir); code != 0 || !strings.Contains(out, fmt.Sprintf("schema %d (up to date)", latest)) {
		t.Fatalf("version after the upgrade: exit %d, %q", code, out)
	}
	// Nothing to migrate, nothing logged.
	logs = syncBuffer{}
	again := startAppLogged(t, slog.New(slog.NewTextHandler(&logs, nil)), func(c *Config) { c.Data = dir })
	again.Close()
	if strings.Contains(logs.String(), "migrated") {
		t.Fatalf("a second start logged a migration:\n%s", logs.String())
	}

	// Without --data or PIIRI_DATA, only the binary.
	if code, out, _ := runPiiri("version"); code != 0 || strings.Count(out, "\n") != 2 {
		t.Fatalf("version: exit %d, %q", code, out)
	}
	if code, _, errOut := runPiiri("version", "--data", t.TempDir()); code != 1 || !strings.Contains(errOut, "no database at") {
		t.Fatalf("version of an empty directory: exit %d, %q", code, errOut)
	}
}

// TestNewerSchemaIsRefused: a binary older than the database says so, in
// the operator's language, and starts nothing.
func TestNewerSchemaIsRefused(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	app := startApp(t, func(c *Config) { c.Data = dir })
	app.Close()
	raw, err := sql.Open("sqlite", filepath.Join(dir, "piiri.db"))
	if err != nil {
		t.Fatal(err)
	}
	newer := storage.SchemaVersion() + 1
	if _, err := raw.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 0)", newer); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	want := fmt.Sprintf("the database's schema (version %d) is newer than this piiri knows (%d)", newer, storage.SchemaVersion())
	if code, _, errOut := runPiiri("--addr", "127.0.0.1:0", "--data", dir); code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("serve: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runPiiri("--addr", "127.0.0.1:0", "--data", dir, "--lang", "fi"); code != 1 || !strings.Contains(errOut, fmt.Sprintf("tietokannan skeema (versio %d) on uudempi", newer)) {
		t.Fatalf("serve in Finnish: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runPiiri("admin", "users", "--data", dir); code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("admin users: exit %d, %q", code, errOut)
	}
	if code, out, _ := runPiiri("version", "--data", dir); code != 0 || !strings.Contains(out, "newer than this piiri") {
		t.Fatalf("version: exit %d, %q", code, out)
	}
	// A backup is of the database as it is, whatever its schema.
	if code, _, errOut := runPiiri("admin", "backup", filepath.Join(t.TempDir(), "b.db"), "--data", dir); code != 0 {
		t.Fatalf("backup: exit %d, %q", code, errOut)
	}
}

// TestUnwritableDatabaseSaysSo: a database the server's user cannot write
// (restored as root, say) gives a message about owner and permissions, not
// SQLite's "attempt to write a readonly database". Root may write anything,
// so the test needs another user.
func TestUnwritableDatabaseSaysSo(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write any file")
	}
	cleanEnv(t)
	dir := t.TempDir()
	app := startApp(t, func(c *Config) { c.Data = dir })
	app.Close()
	if err := os.Chmod(filepath.Join(dir, "piiri.db"), 0o400); err != nil {
		t.Fatal(err)
	}
	want := "the database " + filepath.Join(dir, "piiri.db") + " cannot be written by the user"
	if code, _, errOut := runPiiri("--addr", "127.0.0.1:0", "--data", dir); code != 1 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "owner and permissions") {
		t.Fatalf("serve: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runPiiri("--addr", "127.0.0.1:0", "--data", dir, "--lang", "fi"); code != 1 || !strings.Contains(errOut, "ei voi kirjoittaa käyttäjänä") {
		t.Fatalf("serve in Finnish: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runPiiri("admin", "users", "--data", dir); code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("admin users: exit %d, %q", code, errOut)
	}
}

// TestCheckWritable: a directory and database piiri may write pass.
func TestCheckWritable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "piiri.db")
	if err := checkWritable(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := checkWritable(path); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("the check left files behind: %v", entries)
	}
	msg := explain(catalogFromEnv(nil), &dbNotWritableError{path: path, err: os.ErrPermission})
	if !strings.Contains(msg, path) || !strings.Contains(msg, "chown -R piiri:piiri "+dir) {
		t.Fatalf("message: %q", msg)
	}
}
