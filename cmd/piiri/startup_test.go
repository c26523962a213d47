package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// filledDataDir is a data directory whose database holds a few groups with
// their meetings and agendas, closed cleanly (no WAL beside it).
func filledDataDir(t *testing.T) string {
	t.Helper()
	app := startApp(t)
	ctx := context.Background()
	fac := mustActor(t, app, app.join(t, session.RoleFacilitator, "Fasi"))
	for i := range 12 {
		if _, err := app.Service.CreateGroup(ctx, fac, "mepe", fmt.Sprintf("Ryhmä %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	// Most pages hold rows, as in a database in use: damage in the middle
	// hits them rather than the schema.
	body := strings.Repeat("Kuuntelin ja kysyin enemmän kuin neuvoin. ", 20)
	for i := range 300 {
		if _, err := app.Service.AddReflection(ctx, fac, session.ReflectionInput{Body: fmt.Sprintf("%d %s", i, body)}); err != nil {
			t.Fatal(err)
		}
	}
	dir := app.Config.Data
	if err := app.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "piiri.db-wal")); err == nil {
		t.Fatal("a WAL is left after a clean close")
	}
	return dir
}

// serveOnce runs `piiri serve` on dir as an operator would, and returns
// its exit code and stderr. A server that does start is stopped again.
func serveOnce(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, args...), nil, &stdout, &stderr)
	}()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case code := <-done:
			return code, stderr.String()
		case <-tick.C:
			if !strings.Contains(stdout.String(), "listening") {
				continue
			}
		case <-deadline:
		}
		cancel()
		<-done
		t.Fatalf("piiri serve started where it should refuse:\n%s", stdout.String())
		return 0, ""
	}
}

// The restore steps must be there, in the operator's language.
func wantRestoreMessage(t *testing.T, what, stderr, db, says string) {
	t.Helper()
	for _, w := range []string{db, says, "Restore", "piiri.db-wal"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("%s: the message lacks %q:\n%s", what, w, stderr)
		}
	}
	if strings.Contains(stderr, "(11)") && !strings.Contains(stderr, says) {
		t.Errorf("%s: SQLite's bare error:\n%s", what, stderr)
	}
}

// TestDamagedDatabaseIsRefused: a database with pages overwritten in the
// middle, and one cut short, stop piiri serve and the admin commands at
// start with a message that names the file and says how to restore.
func TestDamagedDatabaseIsRefused(t *testing.T) {
	cleanEnv(t)
	dir := filledDataDir(t)
	db := filepath.Join(dir, "piiri.db")
	orig, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	pages := len(orig) / page
	if pages < 20 {
		t.Fatalf("only %d pages: too small to damage in the middle", pages)
	}
	t.Logf("database: %d pages", pages)

	// Pages in the middle overwritten with junk.
	damaged := append([]byte(nil), orig...)
	for i := pages / 3 * page; i < pages/2*page; i++ {
		damaged[i] = byte(i*7 + 0x5a)
	}
	if err := os.WriteFile(db, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	code, stderr := serveOnce(t, dir)
	if code != 1 {
		t.Fatalf("serve exit %d:\n%s", code, stderr)
	}
	wantRestoreMessage(t, "serve, damaged", stderr, db, "is damaged")
	code, stderr = serveOnce(t, dir, "--lang", "fi")
	if code != 1 {
		t.Fatalf("serve --lang fi exit %d:\n%s", code, stderr)
	}
	wantRestoreMessage(t, "serve --lang fi, damaged", stderr, db, "on vioittunut")
	for _, args := range [][]string{
		{"admin", "users", "--data", dir},
		{"admin", "stats", "--data", dir},
		{"admin", "backup", filepath.Join(t.TempDir(), "copy.db"), "--data", dir},
	} {
		code, _, stderr := runPiiri(args...)
		if code != 1 {
			t.Errorf("%v: exit %d:\n%s", args, code, stderr)
		}
		wantRestoreMessage(t, strings.Join(args[:2], " "), stderr, db, "is damaged")
	}

	// Cut short: half the file gone.
	if err := os.WriteFile(db, orig[:len(orig)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	code, stderr = serveOnce(t, dir)
	if code != 1 {
		t.Fatalf("serve on a truncated file: exit %d:\n%s", code, stderr)
	}
	wantRestoreMessage(t, "serve, truncated", stderr, db, "is damaged")
	code, _, stderr = runPiiri("admin", "users", "--data", dir)
	if code != 1 {
		t.Fatalf("admin users on a truncated file: exit %d:\n%s", code, stderr)
	}
	wantRestoreMessage(t, "admin users, truncated", stderr, db, "is damaged")

	// Restored, it serves again.
	if err := os.WriteFile(db, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(db + "-wal")
	os.Remove(db + "-shm")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, nil, &stdout, &errOut)
	}()
	waitFor(t, "the restored database served", func() bool { return strings.Contains(stdout.String(), "listening") })
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("restored: exit %d:\n%s", code, errOut.String())
	}
}

// TestOneServerPerDataDirectory: a second server on a data directory
// that is served refuses before it opens the database, naming the first;
// the first goes on serving, and a backup works beside it. Once the first
// is killed with SIGKILL, a new server starts on the same directory.
func TestOneServerPerDataDirectory(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	addr, first := serverProcess(t, "--data", dir)

	// The second one: refused, and the database untouched by it.
	db := filepath.Join(dir, "piiri.db")
	before, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	code, stderr := serveOnce(t, dir)
	if code != 1 {
		t.Fatalf("second serve: exit %d:\n%s", code, stderr)
	}
	for _, w := range []string{dir, "already being served", fmt.Sprintf("process %d", first.Process.Pid), addr} {
		if !strings.Contains(stderr, w) {
			t.Errorf("the refusal lacks %q:\n%s", w, stderr)
		}
	}
	if after, err := os.Stat(db); err != nil || !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		t.Errorf("the refused server touched the database: %v → %v (%v)", before.ModTime(), after.ModTime(), err)
	}
	code, stderr = serveOnce(t, dir, "--lang", "fi")
	if code != 1 || !strings.Contains(stderr, "palvelee jo toinen piiri") {
		t.Errorf("second serve --lang fi: exit %d:\n%s", code, stderr)
	}

	// The first still serves; a backup reads beside it.
	key := tuitest.NewKey(t)
	if res := tuitest.Run(t, addr, key, "help"); res.ExitCode != 0 {
		t.Fatalf("the first server after the refusal: exit %d %s", res.ExitCode, res.Stderr)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if code, _, stderr := runPiiri("admin", "backup", copyPath, "--data", dir); code != 0 {
		t.Fatalf("backup beside the server: exit %d %s", code, stderr)
	}

	// Killed outright: no stale lock.
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if _, err := os.Stat(filepath.Join(dir, "piiri.lock")); err != nil {
		t.Fatalf("lock file: %v", err) // it stays; only the flock went
	}
	addr2, _ := serverProcess(t, "--data", dir)
	if res := tuitest.Run(t, addr2, key, "help"); res.ExitCode != 0 {
		t.Fatalf("the new server: exit %d %s", res.ExitCode, res.Stderr)
	}
}
