package main

import (
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/tuitest"
)

// lineSessions is how many line-mode sessions TestLineModeCost opens.
const lineSessions = 200

// TestLineModeCost opens 200 line-mode sessions in one live meeting on
// one SSH connection and measures what each costs — heap and goroutine
// stacks, the client's side included, so an upper bound — and the CPU
// the process spends in a second when nothing happens. The targets are
// 150 KiB a session and no work while idle (no tickers).
func TestLineModeCost(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 200 sessions")
	}
	app := startApp(t, func(c *Config) { c.MaxSessions, c.MaxSessionsPerPerson, c.MaxSessionsPerConn = 1000, 1000, 1000 })
	key := app.join(t, session.RoleFacilitator, "Fasi")
	for _, cmd := range []string{"group create --template mepe --name Piiri", "meeting start 1"} {
		if res := tuitest.Run(t, app.addr, key, cmd); res.ExitCode != 0 {
			t.Fatalf("%s: %s", cmd, res.Stderr)
		}
	}
	client := tuitest.Dial(t, app.addr, key)
	before := memNow()
	open := make([]*lineClient, 0, lineSessions)
	for range lineSessions {
		c := openLineOn(t, client, "plain join 1")
		c.waitFor("Here 1: you.")
		open = append(open, c)
	}
	after := memNow()
	per := float64(after-before) / lineSessions / 1024

	cpu0, start := cpuNow(), time.Now()
	time.Sleep(time.Second) // a second in which nothing happens
	idle := float64(cpuNow()-cpu0) / float64(time.Millisecond) / time.Since(start).Seconds()
	t.Logf("line mode: %.1f KiB a session (%d sessions), %.1f ms CPU a second while idle", per, lineSessions, idle)
	if per > 150 {
		t.Errorf("a line-mode session costs %.1f KiB, over the 150 KiB target", per)
	}
	if idle > 50 {
		t.Errorf("%.1f ms CPU a second with %d idle line-mode sessions", idle, lineSessions)
	}
	for _, c := range open {
		_ = c.stdin.Close()
	}
}

// memNow is the heap in use plus goroutine stacks, after a collection.
func memNow() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}

// cpuNow is the CPU time the process has used.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
