package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/piiri/piiri/session"
)

// listenRooms keeps this node's live rooms in step with the changes other
// nodes store (PostgreSQL's LISTEN/NOTIFY; on SQLite there is one node and
// it returns at once). It ends with ctx.
func (a *App) listenRooms(ctx context.Context) {
	op := session.Operator()
	a.DB.ListenRooms(ctx, func(meetingID, version int64) {
		if err := a.Service.RoomChanged(ctx, op, meetingID, version); err != nil && ctx.Err() == nil {
			a.Service.Log.Warn("room changed elsewhere", "meeting", meetingID, "version", version, "err", err)
		}
	}, func() {
		if err := a.Service.ReloadRooms(ctx, op); err != nil && ctx.Err() == nil {
			a.Service.Log.Warn("reload rooms", "err", err)
		}
	})
}

// defaultNodeLease is --node-lease's default: with a beat every third of
// it, a killed node's people are shown as gone within about 15 s.
const defaultNodeLease = 10 * time.Second

// nodeLease is the configured lease, or the default.
func (a *App) nodeLease() time.Duration {
	if a.Config.NodeLease > 0 {
		return a.Config.NodeLease
	}
	return defaultNodeLease
}

// newNodeID names this process among the nodes: a restarted node is a new
// one, and the old one's lease runs out.
func newNodeID() string {
	host, _ := os.Hostname()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// nodeBeats renews this node's lease every third of it and takes the
// people of nodes whose lease ran out out of the rooms. Only on
// PostgreSQL: on SQLite there is one node. It ends with ctx.
func (a *App) nodeBeats(ctx context.Context) {
	if a.DB.Engine() != "postgres" {
		return
	}
	lease := a.nodeLease()
	tick := time.NewTicker(lease / 3)
	defer tick.Stop()
	for {
		a.nodeBeat(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (a *App) nodeBeat(ctx context.Context) {
	if err := a.Service.NodeHeartbeat(ctx, session.Operator(), a.nodeID, a.nodeLease()); err != nil && ctx.Err() == nil {
		a.Service.Log.Warn("node lease", "node", a.nodeID, "err", err)
	}
}
