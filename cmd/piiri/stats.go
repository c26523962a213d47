package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/tui/i18n"
)

// serverStats is what a running server writes beside its database every
// few seconds, for `piiri admin stats` (a separate process).
type serverStats struct {
	WrittenAt       time.Time `json:"written_at"`
	Sessions        int       `json:"sessions"`
	RefusedConns    int64     `json:"refused_connections"`
	RefusedSessions int       `json:"refused_sessions"`
	Panics          int64     `json:"panics"`
	LiveRooms       int       `json:"live_rooms"`
	RoomSessions    int       `json:"room_sessions"`
	Evictions       int64     `json:"evictions"`
}

const statsEvery = 5 * time.Second

func (c Config) statsPath() string { return filepath.Join(c.Data, "stats.json") }

// writeStats writes the counters atomically (a rename), so that a reader
// never sees half a file.
func (a *App) writeStats() error {
	st := a.Server.Stats()
	hub := a.Service.Hub().Stats()
	blob, err := json.MarshalIndent(serverStats{
		WrittenAt: time.Now().UTC(), Sessions: st.Sessions, RefusedConns: st.RefusedConns, RefusedSessions: st.RefusedSessions,
		Panics: st.Panics, LiveRooms: hub.Rooms, RoomSessions: hub.Subscriptions, Evictions: hub.Evictions,
	}, "", "  ")
	if err != nil {
		return err
	}
	tmp := a.Config.statsPath() + ".tmp"
	if err := os.WriteFile(tmp, blob, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, a.Config.statsPath())
}

// removeStats deletes the counters of a server that is stopping.
func (a *App) removeStats() {
	_ = os.Remove(a.Config.statsPath())
	_ = os.Remove(a.Config.statsPath() + ".tmp")
}

// statsLoop writes the counters until ctx ends.
func (a *App) statsLoop(ctx context.Context) {
	t := time.NewTicker(statsEvery)
	defer t.Stop()
	for {
		_ = a.writeStats()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func printStats(ctx context.Context, cat i18n.Catalog, cfg Config, db *storage.DB, w io.Writer) int {
	size, err := db.Size(ctx)
	if err != nil {
		fmt.Fprintf(w, "piiri: %v\n", err)
		return 1
	}
	fmt.Fprintln(w, cat.T("cmd.stats.db", dbShown(db.Path()), float64(size)/(1<<20)))
	blob, err := os.ReadFile(cfg.statsPath())
	var st serverStats
	if err != nil || json.Unmarshal(blob, &st) != nil || time.Since(st.WrittenAt) > 3*statsEvery {
		fmt.Fprintln(w, cat.T("cmd.stats.not_running"))
		return 0
	}
	fmt.Fprintln(w, cat.T("cmd.stats.server", st.Sessions, st.LiveRooms, st.RoomSessions))
	fmt.Fprintln(w, cat.T("cmd.stats.refused", st.RefusedConns, st.RefusedSessions, st.Evictions, st.Panics))
	return 0
}
