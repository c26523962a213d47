package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

// Live home, group and meeting screens: the Service wakes a session when
// a meeting of one of its person's groups changes, and the screen showing
// it reloads. The wake reaches the program as a command's result, like a
// room's state: nothing calls Program.Send.

type groupWatchMsg struct {
	w   *session.GroupWatch
	err error
}

type groupsChangedMsg struct{}

// reloader is a screen that shows meetings and reloads when they change.
type reloader interface{ Reload() tea.Cmd }

// startWatch asks for the session's wake-up once the person is known.
func (m *App) startWatch() tea.Cmd {
	if m.watching || !m.actor.Known() {
		return nil
	}
	m.watching = true
	return component.Go(m.c, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.GroupWatch, error) {
		return svc.WatchGroups(ctx, a)
	}, func(w *session.GroupWatch, err error) tea.Msg { return groupWatchMsg{w, err} })
}

// waitGroups waits for the next wake: one goroutine per session at a time.
func (m *App) waitGroups() tea.Cmd {
	ctx, w := m.opts.Ctx, m.watch
	if w == nil {
		return nil
	}
	return func() tea.Msg {
		if w.Next(ctx) {
			return groupsChangedMsg{}
		}
		return nil
	}
}

// reloadScreen reloads the screen on top if it shows meetings; the ones
// below reload anyway when they come back.
func (m *App) reloadScreen() tea.Cmd {
	if r, ok := m.top().(reloader); ok {
		return r.Reload()
	}
	return nil
}

func (h *home) Reload() tea.Cmd { return h.Init() }

// returnRoom is the live room a plain connection goes back to after the
// person's previous session dropped out of it (see session.ReturnRoom).
func (m *App) returnRoom() int64 {
	id, err := m.opts.Service.ReturnRoom(m.opts.Ctx, m.actor)
	if err != nil {
		return 0
	}
	return id
}

// noteDropped tells the Service that the session ended while the person
// was still in a live room: not by leaving it (esc, q) nor by quitting
// (ctrl+c), so the connection dropped, or the server is stopping.
func (m *App) noteDropped() {
	if m.quitting || !m.actor.Known() {
		return
	}
	for _, c := range append(append([]component.Component{}, m.stack...), m.screen) {
		r, ok := c.(interface{ DroppedFrom() int64 })
		if !ok || r.DroppedFrom() == 0 {
			continue
		}
		// The session's context has ended by now.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(m.opts.Ctx), 5*time.Second)
		_ = m.opts.Service.NoteDropped(ctx, m.actor, r.DroppedFrom())
		cancel()
		return
	}
}
