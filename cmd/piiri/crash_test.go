package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/tui/tuitest"
)

// TestCrashKeepsAcknowledgedSaves kills the server with SIGKILL while
// several sessions write reflections, a draft and meeting events. After a
// restart, everything that was acknowledged is there and the database is
// sound.
func TestCrashKeepsAcknowledgedSaves(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	t.Parallel()
	dir := t.TempDir()
	// Set up people, a group and a live meeting, then let the server
	// process have the database.
	setup := startApp(t, func(c *Config) { c.Data = dir })
	f := newMeetingFixture(t, setup, "mentor-group")
	var groups []groupJSON
	runJSON(t, setup.addr, f.fac, "groups --json", &groups)
	gid := groups[0].ID
	tuitest.Run(t, setup.addr, f.fac, fmt.Sprintf("meeting start %d", f.meeting))
	if err := setup.Close(); err != nil {
		t.Fatal(err)
	}

	addr, proc := serverProcess(t, "--data", dir)
	var (
		mu    sync.Mutex
		acked []int64 // reflection ids the server printed
	)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, key := range []gossh.Signer{f.aino, f.bertta, f.fac} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				res, ok := tryRun(addr, key, fmt.Sprintf("reflection add --group %d", gid), fmt.Sprintf("kirjoittaja %d, pohdinta %d", i, n))
				if !ok {
					return // the server is gone
				}
				if id, err := strconv.ParseInt(strings.TrimSpace(res), 10, 64); err == nil {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				}
			}
		}()
	}
	// Meeting events: the facilitator advances; what the screen shows was
	// stored first.
	ft := tuitest.Open(t, addr, f.fac, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	ft.WaitFor("● live")
	ft.Press("n")
	ft.WaitFor("▶ 2 ")
	ft.Press("n")
	ft.WaitFor("▶ 3 ")
	// A draft: typed, and shown as saved.
	at := tuitest.Open(t, addr, f.aino)
	at.WaitFor("Hello, Aino")
	at.Press("w")
	at.WaitFor("Write a reflection")
	at.Press("enter", "enter")
	at.Type("Luonnos ennen kaatumista")
	at.WaitFor("draft saved")

	waitFor(t, "some acknowledged reflections", func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 20 })
	if err := proc.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = proc.Wait()
	close(stop)
	wg.Wait()

	addr, _ = serverProcess(t, "--data", dir)
	db, err := storage.Open(context.Background(), dir+"/piiri.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if res, err := db.IntegrityCheck(context.Background()); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	for _, id := range acked {
		if _, err := db.ReflectionByID(context.Background(), id); err != nil {
			t.Fatalf("acknowledged reflection %d lost: %v", id, err)
		}
	}
	st, err := db.RoomState(context.Background(), f.meeting)
	if err != nil || st.Current != 2 {
		t.Fatalf("room after the crash: current %v, %v", st, err)
	}
	aino := mustActorFromDB(t, db, f.aino)
	if body, err := db.Draft(context.Background(), aino, session.JournalDraftKey(0)); err != nil || body != "Luonnos ennen kaatumista" {
		t.Fatalf("draft after the crash: %q, %v", body, err)
	}
	// And the restarted server serves the meeting where it was.
	ft = tuitest.Open(t, addr, f.fac, tuitest.WithCommand(fmt.Sprintf("join %d", f.meeting)))
	ft.WaitFor("▶ 3 ")
	t.Logf("%d acknowledged reflections survived SIGKILL", len(acked))
}

// tryRun runs a command with stdin; ok is false when the server is gone.
func tryRun(addr string, key gossh.Signer, cmd, stdin string) (string, bool) {
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "crash", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second}) //nolint:gosec // loopback
	if err != nil {
		return "", false
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		return "", false
	}
	defer sess.Close()
	sess.Stdin = strings.NewReader(stdin)
	out, err := sess.Output(cmd)
	if err != nil {
		return "", true // refused or cut off mid-way: not acknowledged
	}
	return string(out), true
}

func mustActorFromDB(t *testing.T, db *storage.DB, key gossh.Signer) int64 {
	t.Helper()
	p, err := db.PersonByKey(context.Background(), tuitest.Fingerprint(key))
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}
