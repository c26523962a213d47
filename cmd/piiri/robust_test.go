package main

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/tui"
	"github.com/piiri/piiri/tui/tuitest"
)

// panickyStore is the real database with one fault injected: looking up
// the doomed key panics, as a bug deep in a session might.
type panickyStore struct {
	*storage.DB
	doomed string
}

func (p panickyStore) PersonByKey(ctx context.Context, fp string) (*session.Person, error) {
	if fp == p.doomed {
		panic("injected fault")
	}
	return p.DB.PersonByKey(ctx, fp)
}

func TestOneSessionsPanicDoesNotStopTheServer(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, err := storage.Open(context.Background(), filepath.Join(dir, "piiri.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	doomed := tuitest.NewKey(t)
	svc, err := session.NewService(panickyStore{db, tuitest.Fingerprint(doomed)})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := tui.NewServer(tui.ServerConfig{HostKeyPath: filepath.Join(dir, "host_key"), Logger: slog.New(slog.DiscardHandler)}, svc)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Shutdown(context.Background())
	addr := l.Addr().String()

	res := tuitest.Run(t, addr, doomed, "whoami")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "Something went wrong") {
		t.Fatalf("panicking session: %d %q", res.ExitCode, res.Stderr)
	}
	term := tuitest.Open(t, addr, doomed)
	if code := term.WaitForExit(); code == 0 {
		t.Fatal("panicking TUI session exited 0")
	}
	// Everyone else carries on.
	term = tuitest.Open(t, addr, tuitest.NewKey(t))
	term.WaitFor("Welcome to piiri")
	if srv.Stats().Panics != 2 {
		t.Fatalf("panics counted: %d", srv.Stats().Panics)
	}
}

// syncBuffer is a bytes.Buffer safe to read while the server writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeStopsOnSignal runs the real serve command; cancelling its
// context is what SIGINT/SIGTERM do through signal.NotifyContext.
func TestServeStopsOnSignal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir, "--lang", "fi"}, nil, &stdout, &stderr)
	}()
	if !poll(10*time.Second, func() bool { return strings.Contains(stdout.String(), "yhdistä:") }) {
		t.Fatalf("server did not start:\n%s\n%s", stdout.String(), stderr.String())
	}
	addr := strings.Fields(strings.SplitN(stdout.String(), "\n", 2)[0])[3]
	term := tuitest.Open(t, addr, tuitest.NewKey(t))
	term.WaitFor("Tervetuloa piiriin")

	start := time.Now()
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop within 5 s")
	}
	t.Logf("stopped in %v", time.Since(start))
	term.WaitForExit()
	if !strings.Contains(stdout.String(), "Pysäytetään") || !strings.Contains(stderr.String(), "stopped") {
		t.Fatalf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
}

func TestAdminCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"admin", "invite", "--role", "facilitator", "--data", dir}, nil, &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "no database") {
		t.Fatalf("invite without a database: %d %q", code, errOut.String())
	}
	app := startApp(t, func(c *Config) { c.Data = dir })
	out.Reset()
	if code := run(ctx, []string{"admin", "invite", "--role", "facilitator", "--uses", "2", "--expires", "2d", "--data", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("admin invite: %d %s", code, errOut.String())
	}
	code := strings.TrimSpace(out.String())
	if !codePattern.MatchString(code) || code != out.String()[:len(out.String())-1] {
		t.Fatalf("admin invite printed %q, want only a code", out.String())
	}
	for _, name := range []string{"Fasi Yksi", "Fasi Kaksi"} {
		if res := tuitest.Run(t, app.addr, tuitest.NewKey(t), "redeem "+code+" --name "+name); res.ExitCode != 0 {
			t.Fatalf("redeem: %s", res.Stderr)
		}
	}
	out.Reset()
	if c := run(ctx, []string{"admin", "users", "--data", dir}, nil, &out, &errOut); c != 0 ||
		!strings.Contains(out.String(), "Fasi Kaksi") || !strings.Contains(out.String(), "facilitator") {
		t.Fatalf("admin users: %d %q", c, out.String())
	}
	errOut.Reset()
	for _, args := range [][]string{
		{"admin", "invite", "--role", "owner", "--data", dir},
		{"admin", "invite", "--role", "member", "--expires", "forever", "--data", dir},
	} {
		if c := run(ctx, args, nil, &out, &errOut); c != 1 {
			t.Errorf("%v: exit %d", args, c)
		}
	}
	if !strings.Contains(errOut.String(), `Unknown role "owner"`) {
		t.Errorf("messages: %q", errOut.String())
	}
	if c := run(ctx, []string{"admin", "frob"}, nil, &out, &errOut); c != 2 {
		t.Errorf("unknown admin command: exit %d", c)
	}
	if c := run(ctx, []string{"frob"}, nil, &out, &errOut); c != 2 {
		t.Errorf("unknown command: exit %d", c)
	}
}

// TestAdminBackupAndRestore backs up a running server's database and starts
// a new server on the copy: everything is there.
func TestAdminBackupAndRestore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	app := startApp(t, func(c *Config) { c.Data = dir })
	key := app.join(t, session.RoleFacilitator, "Fasi")
	if res := tuitest.Run(t, app.addr, key, "group create --template mepe --name Varmuus"); res.ExitCode != 0 {
		t.Fatal(res.Stderr)
	}
	backup := filepath.Join(t.TempDir(), "piiri-backup.db")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"admin", "backup", backup, "--data", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("backup: %d %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), backup) {
		t.Fatalf("backup output: %q", out.String())
	}
	if err := app.writeStats(); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run(context.Background(), []string{"admin", "stats", "--data", dir}, nil, &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "sessions: 0") || !strings.Contains(out.String(), "MiB") {
		t.Fatalf("stats: %d %q %s", code, out.String(), errOut.String())
	}

	restored := t.TempDir()
	blob, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, "piiri.db"), blob, 0o600); err != nil {
		t.Fatal(err)
	}
	again := startApp(t, func(c *Config) { c.Data = restored })
	res := tuitest.Run(t, again.addr, key, "groups")
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "Varmuus") {
		t.Fatalf("restored server: %d %q %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	if ok, err := again.DB.IntegrityCheck(context.Background()); err != nil || ok != "ok" {
		t.Fatalf("integrity: %q %v", ok, err)
	}
}

// TestIdleSessionsEnd: no keypress for the idle timeout outside a live
// meeting ends the session with a message; typing keeps it open.
func TestIdleSessionsEnd(t *testing.T) {
	t.Parallel()
	app := startApp(t, func(c *Config) { c.IdleTimeout = 600 * time.Millisecond })
	key := app.join(t, session.RoleMember, "Aino")
	term := tuitest.Open(t, app.addr, key)
	term.WaitFor("Hello, Aino")
	for range 4 {
		// Allowed: the time without a key is what is tested, each gap
		// shorter than the idle timeout.
		time.Sleep(300 * time.Millisecond)
		term.Press("down")
	}
	if strings.Contains(term.Screen(), "without a keypress") {
		t.Fatal("an active session was closed")
	}
	term.WaitForExit()
	if !bytes.Contains(term.Output(), []byte("without a keypress")) {
		t.Fatalf("no message; screen:\n%s", term.Screen())
	}
}
