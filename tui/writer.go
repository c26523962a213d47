package tui

import (
	"context"
	"strings"
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
	// runes is the text's length, kept as keys arrive: counting the whole
	// text on every key made a long paste typed as keystrokes crawl.
	runes int
	cut   int // characters of the last paste that did not fit
	// pending is typed text not yet in the textarea (see press).
	pending   strings.Builder
	inserting bool // a writerInsertMsg is on its way
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
	// The writer enforces the limit itself (textarea counts display width
	// on every key) and no line cap: a pasted text may have any number of
	// lines.
	ta.CharLimit = 0
	ta.MaxHeight = 0
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
			w.setValue(msg.body)
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
	case writerInsertMsg:
		if msg.key != w.key {
			return false, nil
		}
		w.inserting = false
		w.insertPending()
		return true, nil
	case tea.PasteMsg:
		w.insertPending()
		return true, w.paste(msg.Content)
	case tea.KeyPressMsg:
		return true, w.press(msg)
	}
	return false, nil
}

// setValue replaces the text.
func (w *writer) setValue(s string) {
	w.area.SetValue(s)
	w.runes = session.RuneCount(w.area.Value())
}

// paste inserts pasted text, as much as the limit allows; what did not
// fit is counted for the status line, never dropped silently.
func (w *writer) paste(content string) tea.Cmd {
	content = strings.ReplaceAll(strings.ReplaceAll(content, "\r\n", "\n"), "\r", "\n")
	n := session.RuneCount(content)
	w.cut = 0
	if room := session.MaxReflectionLen - w.runes; n > room {
		w.cut = n - max(room, 0)
		content = string([]rune(content)[:max(room, 0)])
	}
	if content == "" {
		return nil
	}
	var cmd tea.Cmd
	w.area, cmd = w.area.Update(tea.PasteMsg{Content: content})
	w.runes = session.RuneCount(w.area.Value())
	return tea.Batch(cmd, w.changed())
}

// press gives a key to the textarea. Typed text is gathered and put in
// the textarea in one go once the keys already received are read: the
// textarea redraws its lines on every update, which per key made a paste
// arriving as keystrokes crawl. Any other key (deletions, moves) first
// puts the gathered text in, then recounts.
func (w *writer) press(k tea.KeyPressMsg) tea.Cmd {
	text := k.Text
	if k.String() == "enter" {
		text = "\n"
	}
	if text != "" && text != "\t" && k.Mod&^tea.ModShift == 0 {
		n := session.RuneCount(text)
		if w.runes+n > session.MaxReflectionLen {
			return nil // full: the count shows the limit reached
		}
		w.pending.WriteString(text)
		w.runes += n
		cmd := w.changed()
		if !w.inserting {
			w.inserting = true
			key := w.key
			cmd = tea.Batch(cmd, tea.Tick(insertDelay, func(time.Time) tea.Msg { return writerInsertMsg{key} }))
		}
		return cmd
	}
	w.insertPending()
	before := w.area.Value()
	var cmd tea.Cmd
	w.area, cmd = w.area.Update(k)
	if after := w.area.Value(); after != before {
		w.runes = session.RuneCount(after)
		return tea.Batch(cmd, w.changed())
	}
	return cmd
}

// insertDelay is how long typed text gathers before it goes in: under a
// frame, so typing shows no later than it would anyway.
const insertDelay = 20 * time.Millisecond

// writerInsertMsg puts the gathered typed text in the textarea.
type writerInsertMsg struct{ key string }

// insertPending puts the gathered typed text in the textarea.
func (w *writer) insertPending() {
	if w.pending.Len() == 0 {
		return
	}
	w.area, _ = w.area.Update(tea.PasteMsg{Content: w.pending.String()})
	w.pending.Reset()
	w.runes = session.RuneCount(w.area.Value())
}

// text is the whole text, typed keys included.
func (w *writer) text() string {
	w.insertPending()
	return w.area.Value()
}

// changed marks the draft unsaved and starts its save timer.
func (w *writer) changed() tea.Cmd {
	w.dirty = true
	if w.ticking {
		return nil
	}
	w.ticking = true
	key := w.key
	return tea.Tick(draftInterval, func(time.Time) tea.Msg { return draftTickMsg{key} })
}

// save stores the draft if it changed since the last save.
func (w *writer) save(m *App) tea.Cmd {
	if !w.dirty || w.saving {
		return nil
	}
	w.dirty, w.saving = false, true
	key, body := w.key, w.text()
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.SaveDraft(ctx, a, key, body)
	}, func(_ struct{}, err error) tea.Msg { return draftSavedMsg{key, err} })
}

// flush saves the draft now, synchronously: the session is ending.
func (w *writer) flush(m *App) {
	if !w.dirty && !w.saving {
		return
	}
	// The session's context may be ending; keep its values (the logger).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(m.opts.Ctx), 5*time.Second)
	defer cancel()
	_ = m.opts.Service.SaveDraft(ctx, m.actor, w.key, w.text())
	w.dirty = false
}

// status is the character count and the draft state.
func (w *writer) status(m *App) string {
	s := m.cat.T("write.count", w.runes, session.MaxReflectionLen)
	if w.cut > 0 {
		s += " · " + m.cat.N("write.paste_cut", w.cut)
	}
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
