package main

import (
	"context"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

func TestAutoMaxSessionsFollowsMemory(t *testing.T) {
	for _, c := range []struct {
		mem  int64
		want int
	}{
		{0, 200},           // unknown
		{64 << 20, 200},    // a small machine still takes the old default
		{1 << 30, 1310},    // half of 1 GiB at 400 KiB a session
		{16 << 30, 20971},  // 16 GiB
		{1 << 50, 100_000}, // bounded
		{-1, 200},          // unreadable
	} {
		if got := autoMaxSessions(c.mem); got != c.want {
			t.Errorf("autoMaxSessions(%d) = %d, want %d", c.mem, got, c.want)
		}
	}
}

func TestBannerSaysTheSessionCap(t *testing.T) {
	auto := Config{MaxSessions: 1310, MemoryForSessions: 1 << 30}
	if got := sessionsLine(i18n.For(session.LangEN), auto); !strings.Contains(got, "at most 1310") || !strings.Contains(got, "1.0 GiB") || !strings.Contains(got, "400 KiB") {
		t.Errorf("en: %q", got)
	}
	if got := sessionsLine(i18n.For(session.LangFI), auto); !strings.Contains(got, "enintään 1310") || !strings.Contains(got, "1,0 GiB") {
		t.Errorf("fi: %q", got)
	}
	if got := sessionsLine(i18n.For(session.LangEN), Config{MaxSessions: 300}); got != "sessions: at most 300" {
		t.Errorf("given: %q", got)
	}
	if got := sessionsLine(i18n.For(session.LangEN), Config{}); got != "sessions: at most 200" {
		t.Errorf("0 (the server's default): %q", got)
	}
}

// After a burst of allocation and a quiet moment the server collects, and
// once it stays quiet it gives the memory back; it does so once per burst.
// In a synctest bubble: its ticker runs on the fake clock, so the quiet
// moments are instant and synctest.Wait says when it has taken its first
// reading.
func TestReclaimAfterBurst(t *testing.T) {
	forced := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	synctest.Test(t, func(t *testing.T) {
		before := forced()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go reclaimWhenQuiet(ctx, 20*time.Millisecond)
		synctest.Wait() // its first reading is taken
		var sink [][]byte
		for range 40 {
			sink = append(sink, make([]byte, 1<<20))
		}
		runtime.KeepAlive(sink) // the allocation is the point
		sink = nil
		tick := func() { time.Sleep(20 * time.Millisecond) } // allowed: moves the bubble's fake clock one tick
		for i := 0; forced() < before+1; i++ {
			if i == 10 {
				t.Fatalf("no collection within 10 quiet intervals of a 40 MiB burst: %d forced before, %d now", before, forced())
			}
			tick()
		}
		for i := 0; forced() < before+2; i++ { // FreeOSMemory's
			if i == 500 {
				t.Fatalf("the memory was not given back within 10 s of quiet: %d forced before, %d now", before, forced())
			}
			tick()
		}
		for range 300 {
			tick()
		}
		// Another collection may come from elsewhere in the process; a
		// reclaim that kept collecting would make one every other tick.
		if n := forced(); n > before+3 {
			t.Fatalf("%d collections after one burst, want 2", n-before)
		}
		_ = sink
	})
}
