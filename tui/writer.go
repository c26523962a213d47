package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
)

// writer is the reflection editor: word wrap, a character count, and a
// draft saved at most a second after the last keystroke (and when the
// connection drops), so that a crash loses at most the last moments.
type writer struct {
	key     string // draft key
	area    textarea.Model
	dirty   bool
	loaded  bool
	saving  bool
	ticking bool
	saved   time.Time
	err     string
}

// draftInterval is how often a changed draft is saved while typing.
const draftInterval = time.Second

type draftLoadedMsg struct {
	key  string
	body string
	err  error
}

type draftSavedMsg struct {
	key string
	err error
}

type draftTickMsg struct{ key string }

func newWriter(key string, height int) *writer {
	ta := textarea.New()
	ta.CharLimit = session.MaxReflectionLen
	ta.ShowLineNumbers = false
	ta.SetHeight(max(height, 2))
	ta.Placeholder = ""
	return &writer{key: key, area: ta}
}

// open focuses the editor and loads the draft, if any.
func (w *writer) open(m *App) tea.Cmd {
	key := w.key
	return tea.Batch(w.area.Focus(), call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (string, error) {
		return svc.Draft(ctx, a, key)
	}, func(body string, err error) tea.Msg { return draftLoadedMsg{key, body, err} }))
}

// update handles the writer's own messages and keys; it reports whether
// it took the message.
func (w *writer) update(m *App, msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case draftLoadedMsg:
		if msg.key != w.key {
			return false, nil
		}
		if msg.err == nil && !w.dirty && msg.body != "" {
			w.area.SetValue(msg.body)
		}
		w.loaded = true
		return true, nil
	case draftSavedMsg:
		if msg.key != w.key {
			return false, nil
		}
		w.saving = false
		if msg.err != nil {
			w.err = m.cat.Err(msg.err)
		} else {
			w.err, w.saved = "", time.Now()
		}
		return true, nil
	case draftTickMsg:
		if msg.key != w.key {
			return false, nil
		}
		w.ticking = false
		return true, w.save(m)
	case tea.KeyPressMsg, tea.PasteMsg:
		before := w.area.Value()
		var cmd tea.Cmd
		w.area, cmd = w.area.Update(msg)
		if w.area.Value() != before {
			w.dirty = true
			if !w.ticking {
				w.ticking = true
				key := w.key
				cmd = tea.Batch(cmd, tea.Tick(draftInterval, func(time.Time) tea.Msg { return draftTickMsg{key} }))
			}
		}
		return true, cmd
	}
	return false, nil
}

// save stores the draft if it changed since the last save.
func (w *writer) save(m *App) tea.Cmd {
	if !w.dirty || w.saving {
		return nil
	}
	w.dirty, w.saving = false, true
	key, body := w.key, w.area.Value()
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.SaveDraft(ctx, a, key, body)
	}, func(_ struct{}, err error) tea.Msg { return draftSavedMsg{key, err} })
}

// flush saves the draft now, synchronously: the session is ending.
func (w *writer) flush(m *App) {
	if !w.dirty && !w.saving {
		return
	}
	// The session's context is ending; keep its values (the logger).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(m.opts.Ctx), 5*time.Second)
	defer cancel()
	_ = m.opts.Service.SaveDraft(ctx, m.actor, w.key, w.area.Value())
	w.dirty = false
}

// status is the character count and the draft state.
func (w *writer) status(m *App) string {
	n := session.RuneCount(w.area.Value())
	s := m.cat.T("write.count", n, session.MaxReflectionLen)
	switch {
	case w.err != "":
		s += " · ✗ " + w.err
	case w.dirty || w.saving:
		s += " · " + m.cat.T("write.unsaved")
	case !w.saved.IsZero():
		s += " · ✓ " + m.cat.T("write.draft_saved")
	}
	return s
}
