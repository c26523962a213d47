package main

import (
	"context"

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
