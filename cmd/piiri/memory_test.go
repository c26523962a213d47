package main

import (
	"strings"
	"testing"

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
