package main

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui"
	"github.com/piiri/piiri/tui/i18n"
)

// sessionCost is what one TUI session costs the server in memory, as
// `piiri-bench` measures it at 1,000 sessions of 100×30 (server RSS per
// session, rounded up; README "Performance"). The default --max-sessions
// is what half of the machine's memory holds at this cost.
const sessionCost = 400 << 10

// Bounds of the default --max-sessions.
const (
	minAutoSessions = tui.DefaultMaxSessions // strangers have 50 of them at most
	maxAutoSessions = 100_000
)

// autoMaxSessions is the default --max-sessions for a machine with mem
// bytes of memory.
func autoMaxSessions(mem int64) int {
	if mem <= 0 {
		return tui.DefaultMaxSessions // memory unknown
	}
	return int(min(max(mem/2/sessionCost, minAutoSessions), maxAutoSessions))
}

// machineMemory is the memory this process may use: the machine's, or its
// cgroup's limit when lower. 0 when neither can be read.
func machineMemory() int64 {
	var mem int64
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				if f := strings.Fields(rest); len(f) > 0 {
					if kib, err := strconv.ParseInt(f[0], 10, 64); err == nil {
						mem = kib << 10
					}
				}
			}
		}
	}
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if lim, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && lim > 0 && (mem == 0 || lim < mem) {
			mem = lim
		}
	}
	return mem
}

// reclaimWhenQuiet collects a burst's garbage in the quiet after it, and
// gives the memory back to the system once the server stays quiet. A
// burst of redraws (every room advancing at once) leaves garbage; left to
// the collector's own pace, a collection would come in the middle of a
// later burst, slowing its last screens, and the heap would first grow to
// twice what is live. It looks every interval: after two quiet intervals
// in a row it collects, when enough has been allocated since the last
// collection (a quarter of the live heap, at least 16 MiB: a collection
// costs in proportion to the heap, and 10,000 idle sessions' small
// allocations must not set off one of 1.6 GiB every few seconds); after
// returnAfter quiet intervals it also returns the free memory. An idle
// server does nothing.
func reclaimWhenQuiet(ctx context.Context, interval time.Duration) {
	const (
		quietPerSecond = 2 << 20  // allocated a second: still quiet
		minEnough      = 16 << 20 // allocated since the last collection: worth one
	)
	quiet := uint64(float64(quietPerSecond) * interval.Seconds())
	returnAfter := max(int(2*time.Second/interval), 2)
	sample := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/heap/live:bytes"}}
	read := func() (allocs, live uint64) {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 || sample[1].Value.Kind() != metrics.KindUint64 {
			return 0, 0
		}
		return sample[0].Value.Uint64(), sample[1].Value.Uint64()
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	last, _ := read()
	since := uint64(0)
	calm := 0         // quiet intervals in a row
	toReturn := false // collected, not yet given back
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now, live := read()
		step := now - last
		last = now
		since += step
		if step >= quiet {
			calm = 0
			continue
		}
		calm++
		switch {
		case calm >= 2 && since >= max(minEnough, live/4):
			runtime.GC()
			since, toReturn = 0, true
		case calm >= returnAfter && toReturn:
			debug.FreeOSMemory()
			toReturn = false
		}
	}
}

// sessionsLine is the banner's line on the session cap, and where an
// automatic one came from.
func sessionsLine(cat i18n.Catalog, cfg Config) string {
	n := cfg.MaxSessions
	if n == 0 {
		n = tui.DefaultMaxSessions
	}
	if cfg.MemoryForSessions > 0 {
		gib := strconv.FormatFloat(float64(cfg.MemoryForSessions)/(1<<30), 'f', 1, 64) + " GiB"
		if cat.Lang() == session.LangFI {
			gib = strings.Replace(gib, ".", ",", 1)
		}
		return cat.N("cmd.banner.sessions_auto", n, gib, sessionCost>>10)
	}
	return cat.N("cmd.banner.sessions", n)
}
