package writer

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

// Writer is the reflection editor: word wrap, a character count, and a
// draft saved at most a second after the last keystroke (and when the
// connection drops), so that a crash loses at most the last moments.
type Writer struct {
	Key string // draft key
	// To, when set, is the component the writer's own messages (draft
	// loaded and saved, its timers) are addressed to; unset, they go to
	// the screen on top.
	To      component.ID
	Area    textarea.Model
	Dirty   bool
	Loaded  bool
	saving  bool
	ticking bool
	saved   time.Time
	Err     string
	// Runes is the text's length, kept as keys arrive: counting the whole
	// text on every key made a long paste typed as keystrokes crawl.
	Runes int
	cut   int // characters of the last paste that did not fit
	// pending is typed text not yet in the textarea (see press).
	pending   strings.Builder
	inserting bool // a writerInsertMsg is on its way
	// width and height are what SetSize was given last.
	width, height int
}

// addr addresses one of the writer's messages to to (the writer's To,
// read before the Cmd runs), if it is set.
func addr(to component.ID, msg tea.Msg) tea.Msg {
	if to == 0 {
		return msg
	}
	return component.Result{To: to, Msg: msg}
}

// draftInterval is how often a changed draft is saved while typing.
const draftInterval = time.Second

type DraftLoadedMsg struct {
	key  string
	body string
	err  error
}

type DraftSavedMsg struct {
	key string
	err error
}

type DraftTickMsg struct{ key string }

func New(key string, height int) *Writer {
	ta := textarea.New()
	// The writer enforces the limit itself (textarea counts display width
	// on every key) and no line cap: a pasted text may have any number of
	// lines.
	ta.CharLimit = 0
	ta.MaxHeight = 0
	ta.ShowLineNumbers = false
	ta.SetHeight(max(height, 2))
	ta.Placeholder = ""
	return &Writer{Key: key, Area: ta}
}

// Open focuses the editor and loads the draft, if any.
func (w *Writer) Open(c *component.Common) tea.Cmd {
	key, to := w.Key, w.To
	return tea.Batch(w.Area.Focus(), component.Go(c, func(ctx context.Context, svc *session.Service, a session.Actor) (string, error) {
		return svc.Draft(ctx, a, key)
	}, func(body string, err error) tea.Msg { return addr(to, DraftLoadedMsg{key, body, err}) }))
}

// Update handles the writer's own messages and keys; it reports whether
// it took the message.
func (w *Writer) Update(c *component.Common, msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case DraftLoadedMsg:
		if msg.key != w.Key {
			return false, nil
		}
		if msg.err == nil && !w.Dirty && msg.body != "" {
			w.SetValue(msg.body)
		}
		w.Loaded = true
		return true, nil
	case DraftSavedMsg:
		if msg.key != w.Key {
			return false, nil
		}
		w.saving = false
		if msg.err != nil {
			w.Err = c.Cat.Err(msg.err)
		} else {
			w.Err, w.saved = "", c.Now()
		}
		return true, nil
	case DraftTickMsg:
		if msg.key != w.Key {
			return false, nil
		}
		w.ticking = false
		return true, w.Save(c)
	case InsertMsg:
		if msg.key != w.Key {
			return false, nil
		}
		w.inserting = false
		w.insertPending()
		return true, nil
	case tea.PasteMsg:
		w.insertPending()
		return true, w.Paste(msg.Content)
	case tea.KeyPressMsg:
		return true, w.press(msg)
	}
	return false, nil
}

// SetSize gives the editor its columns and rows. Screens call it from
// SetSize or Update, never from View. It remembers the last size, so a
// screen uses either SetSize or Area's own setters, not both.
func (w *Writer) SetSize(width, height int) {
	// Only on a change: SetWidth wraps every line again.
	if w.width != width {
		w.Area.SetWidth(width)
		w.width = width
	}
	if w.height != height {
		w.Area.SetHeight(height)
		w.height = height
	}
}

// SetValue replaces the text.
func (w *Writer) SetValue(s string) {
	w.Area.SetValue(s)
	w.Runes = session.RuneCount(w.Area.Value())
}

// Paste inserts pasted text, as much as the limit allows; what did not
// fit is counted for the status line, never dropped silently.
func (w *Writer) Paste(content string) tea.Cmd {
	content = strings.ReplaceAll(strings.ReplaceAll(content, "\r\n", "\n"), "\r", "\n")
	n := session.RuneCount(content)
	w.cut = 0
	if room := session.MaxReflectionLen - w.Runes; n > room {
		w.cut = n - max(room, 0)
		content = string([]rune(content)[:max(room, 0)])
	}
	if content == "" {
		return nil
	}
	var cmd tea.Cmd
	w.Area, cmd = w.Area.Update(tea.PasteMsg{Content: content})
	w.Runes = session.RuneCount(w.Area.Value())
	return tea.Batch(cmd, w.changed())
}

// press gives a key to the textarea. Typed text is gathered and put in
// the textarea in one go once the keys already received are read: the
// textarea redraws its lines on every update, which per key made a paste
// arriving as keystrokes crawl. Any other key (deletions, moves) first
// puts the gathered text in, then recounts.
func (w *Writer) press(k tea.KeyPressMsg) tea.Cmd {
	text := k.Text
	if k.String() == "enter" {
		text = "\n"
	}
	if text != "" && text != "\t" && k.Mod&^tea.ModShift == 0 {
		n := session.RuneCount(text)
		if w.Runes+n > session.MaxReflectionLen {
			return nil // full: the count shows the limit reached
		}
		w.pending.WriteString(text)
		w.Runes += n
		cmd := w.changed()
		if !w.inserting {
			w.inserting = true
			key, to := w.Key, w.To
			cmd = tea.Batch(cmd, tea.Tick(insertDelay, func(time.Time) tea.Msg { return addr(to, InsertMsg{key}) }))
		}
		return cmd
	}
	w.insertPending()
	before := w.Area.Value()
	var cmd tea.Cmd
	w.Area, cmd = w.Area.Update(k)
	if after := w.Area.Value(); after != before {
		w.Runes = session.RuneCount(after)
		return tea.Batch(cmd, w.changed())
	}
	return cmd
}

// insertDelay is how long typed text gathers before it goes in: under a
// frame, so typing shows no later than it would anyway.
const insertDelay = 20 * time.Millisecond

// InsertMsg puts the gathered typed text in the textarea.
type InsertMsg struct{ key string }

// insertPending puts the gathered typed text in the textarea.
func (w *Writer) insertPending() {
	if w.pending.Len() == 0 {
		return
	}
	w.Area, _ = w.Area.Update(tea.PasteMsg{Content: w.pending.String()})
	w.pending.Reset()
	w.Runes = session.RuneCount(w.Area.Value())
}

// Text is the whole Text, typed keys included.
func (w *Writer) Text() string {
	w.insertPending()
	return w.Area.Value()
}

// changed marks the draft unsaved and starts its save timer.
func (w *Writer) changed() tea.Cmd {
	w.Dirty = true
	if w.ticking {
		return nil
	}
	w.ticking = true
	key, to := w.Key, w.To
	return tea.Tick(draftInterval, func(time.Time) tea.Msg { return addr(to, DraftTickMsg{key}) })
}

// Save stores the draft if it changed since the last Save.
func (w *Writer) Save(c *component.Common) tea.Cmd {
	if !w.Dirty || w.saving {
		return nil
	}
	w.Dirty, w.saving = false, true
	key, body, to := w.Key, w.Text(), w.To
	return component.Go(c, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.SaveDraft(ctx, a, key, body)
	}, func(_ struct{}, err error) tea.Msg { return addr(to, DraftSavedMsg{key, err}) })
}

// Flush saves the draft now, synchronously: the session is ending.
func (w *Writer) Flush(c *component.Common) {
	if !w.Dirty && !w.saving {
		return
	}
	// The session's context may be ending; keep its values (the logger).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Ctx), 5*time.Second)
	defer cancel()
	_ = c.Service.SaveDraft(ctx, c.Actor, w.Key, w.Text())
	w.Dirty = false
}

// Status is the character count and the draft state.
func (w *Writer) Status(c *component.Common) string {
	s := c.Cat.T("write.count", w.Runes, session.MaxReflectionLen)
	if w.cut > 0 {
		s += " · " + c.Cat.N("write.paste_cut", w.cut)
	}
	switch {
	case w.Err != "":
		s += " · ✗ " + w.Err
	case w.Dirty || w.saving:
		s += " · " + c.Cat.T("write.unsaved")
	case !w.saved.IsZero():
		s += " · ✓ " + c.Cat.T("write.draft_saved")
	}
	return s
}
