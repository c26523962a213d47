package tui

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/writer"
)

// The author's own saved reflection: edit its text (the earlier one stays
// in a history only the author sees), delete it (after a question), or
// read its history. The browser opens these with e, d and h, and hears
// back by its id (ownDoneMsg).

type reflectionEditedMsg struct {
	r   *session.Reflection
	err error
}

// reflectionEditScreen edits a saved reflection's text; a draft keeps the
// edit safe as the journal's does.
type reflectionEditScreen struct {
	component.Base
	r       session.Reflection
	browser component.ID // told when the edit is saved
	writer  *writer.Writer
	err     string
	busy    bool
	keys    editKeyMap
}

type editKeyMap struct{ Save, Close key.Binding }

func newReflectionEditScreen(c *component.Common, r session.Reflection, browser component.ID) *reflectionEditScreen {
	return &reflectionEditScreen{Base: component.NewBase(c), r: r, browser: browser, keys: editKeyMap{
		Save:  component.Bind(c.Cat, "ctrl+s", "key.save_reflection"),
		Close: component.Bind(c.Cat, "esc", "key.close_keep_draft"),
	}}
}

func (e *reflectionEditScreen) Init() tea.Cmd {
	if e.writer != nil {
		return nil
	}
	e.writer = writer.New(session.EditDraftKey(e.r.ID), e.Height()-8)
	e.writer.To = e.ID()
	e.writer.SetValue(e.r.Body)
	e.fit()
	return e.writer.Open(e.C)
}

func (e *reflectionEditScreen) KeyMap() component.KeyMap {
	return component.Keys([]key.Binding{e.keys.Save, e.keys.Close})
}

func (e *reflectionEditScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reflectionEditedMsg:
		e.busy = false
		if msg.err != nil {
			e.err = e.C.Cat.Err(msg.err)
			return nil
		}
		// Saved: the edit's draft has done its work.
		draft := e.writer.Key
		e.writer.Dirty = false
		return tea.Batch(e.C.Nav.Pop(), component.Send(e.browser, ownDoneMsg{statusKey: "edit.saved"}),
			component.Go(e.C, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
				return struct{}{}, svc.SaveDraft(ctx, a, draft, "")
			}, func(struct{}, error) tea.Msg { return nil }))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, e.keys.Close):
			e.writer.Flush(e.C)
			return e.C.Nav.Pop()
		case key.Matches(msg, e.keys.Save):
			if e.busy {
				return nil
			}
			e.busy, e.err = true, ""
			id, body := e.r.ID, e.writer.Text()
			return component.Call(e.C, e.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
				return svc.EditReflection(ctx, a, id, body)
			}, func(r *session.Reflection, err error) tea.Msg { return reflectionEditedMsg{r, err} })
		}
	}
	_, cmd := e.writer.Update(e.C, msg)
	return cmd
}

func (e *reflectionEditScreen) SetSize(width, height int) {
	e.Base.SetSize(width, height)
	e.fit()
}

func (e *reflectionEditScreen) fit() {
	if e.writer != nil {
		e.writer.SetSize(min(e.Width()-2, 100), max(e.Height()-6, 3))
	}
}

func (e *reflectionEditScreen) View() string {
	st, cat, width := e.C.Styles, e.C.Cat, e.Width()
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render(cat.T("edit.title", e.r.ID)) + "\n")
	b.WriteString(st.Subtle.Render(truncate(cat.T("journal.target", whereOf(cat, e.r), visibleTo(cat, e.r.Visibility, e.r.GroupName)), width)) + "\n\n")
	if e.writer != nil {
		b.WriteString(e.writer.Area.View() + "\n")
		b.WriteString(st.Subtle.Render(truncate(e.writer.Status(e.C), width)) + "\n")
	}
	if e.err != "" {
		b.WriteString(st.Error.Render(truncate("✗ "+e.err, width)))
	}
	return b.String()
}

// Flush saves the draft: the session is ending.
func (e *reflectionEditScreen) Flush() {
	if e.writer != nil {
		e.writer.Flush(e.C)
	}
}

type reflectionDeletedMsg struct{ err error }

// reflectionDeleteScreen shows the text and asks before deleting it; any
// key but yes keeps it.
type reflectionDeleteScreen struct {
	component.Base
	r       session.Reflection
	browser component.ID // told when the text is gone
	confirm *component.Confirm
	err     string
	busy    bool
}

func newReflectionDeleteScreen(c *component.Common, r session.Reflection, browser component.ID) *reflectionDeleteScreen {
	d := &reflectionDeleteScreen{Base: component.NewBase(c), r: r, browser: browser}
	d.confirm = component.NewConfirm(c, c.Cat.T("edit.confirm_delete"), d.delete)
	return d
}

func (d *reflectionDeleteScreen) Init() tea.Cmd { return nil }

func (d *reflectionDeleteScreen) KeyMap() component.KeyMap { return d.confirm.KeyMap() }

func (d *reflectionDeleteScreen) delete() tea.Cmd {
	d.busy = true
	id := d.r.ID
	return component.Call(d.C, d.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
		return struct{}{}, svc.DeleteReflection(ctx, a, id)
	}, func(_ struct{}, err error) tea.Msg { return reflectionDeletedMsg{err} })
}

func (d *reflectionDeleteScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reflectionDeletedMsg:
		d.busy = false
		if msg.err != nil {
			d.err = d.C.Cat.Err(msg.err)
			return nil
		}
		return tea.Batch(d.C.Nav.Pop(), component.Send(d.browser, ownDoneMsg{statusKey: "edit.deleted", deleted: true}))
	case tea.KeyPressMsg:
		if d.busy {
			return nil
		}
		if _, cmd := d.confirm.Update(msg); cmd != nil {
			return cmd // yes: deleting
		}
		return d.C.Nav.Pop() // not a yes: the text stays
	}
	return nil
}

func (d *reflectionDeleteScreen) View() string {
	st, cat, width, height := d.C.Styles, d.C.Cat, d.Width(), d.Height()
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render("#"+strconv.FormatInt(d.r.ID, 10)+" · "+d.r.AuthorName) + "\n")
	b.WriteString(st.Subtle.Render(truncate(whereOf(cat, d.r)+" · "+dateOf(d.C, d.r.CreatedAt), width)) + "\n\n")
	body := strings.Split(lipgloss.NewStyle().Width(min(width, 90)).Render(d.r.Body), "\n")
	if room := max(height-7, 1); len(body) > room {
		body = append(body[:room-1], st.Subtle.Render("…"))
	}
	b.WriteString(strings.Join(body, "\n") + "\n\n")
	b.WriteString(d.confirm.View(width) + "\n")
	if d.err != "" {
		b.WriteString(st.Error.Render(truncate("✗ "+d.err, width)))
	}
	return b.String()
}

type reflectionHistoryMsg struct {
	vs  []session.ReflectionVersion
	err error
}

// reflectionHistoryScreen shows the earlier texts, newest first, in a
// text view once they are loaded.
type reflectionHistoryScreen struct {
	component.Base
	r    session.Reflection
	text *textScreen
	err  string
	keys struct{ Scroll, Back key.Binding }
}

func newReflectionHistoryScreen(c *component.Common, r session.Reflection) *reflectionHistoryScreen {
	h := &reflectionHistoryScreen{Base: component.NewBase(c), r: r}
	h.keys.Scroll = component.Bind(c.Cat, "↑/↓", "key.scroll", "up", "down")
	h.keys.Back = component.Bind(c.Cat, "esc", "key.back", "esc", "q")
	return h
}

func (h *reflectionHistoryScreen) Init() tea.Cmd {
	id := h.r.ID
	return component.Call(h.C, h.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.ReflectionVersion, error) {
		return svc.ReflectionHistory(ctx, a, id)
	}, func(vs []session.ReflectionVersion, err error) tea.Msg { return reflectionHistoryMsg{vs, err} })
}

func (h *reflectionHistoryScreen) KeyMap() component.KeyMap {
	return component.Keys([]key.Binding{h.keys.Scroll, h.keys.Back})
}

func (h *reflectionHistoryScreen) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(reflectionHistoryMsg); ok {
		cat := h.C.Cat
		if msg.err != nil {
			h.err = cat.Err(msg.err)
			return nil
		}
		var b strings.Builder
		if len(msg.vs) == 0 {
			b.WriteString(cat.T("reflections.history_none"))
		}
		for _, v := range msg.vs {
			b.WriteString("── " + cat.T("reflections.history_replaced", startOf(h.C, v.ReplacedAt)) + " ──\n" + v.Body + "\n\n")
		}
		h.text = newTextScreen(h.C, cat.T("edit.history_title", h.r.ID), b.String())
		h.text.SetSize(h.Width(), h.Height())
		return nil
	}
	if h.text != nil {
		return h.text.Update(msg)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, h.keys.Back) {
		return h.C.Nav.Pop()
	}
	return nil
}

func (h *reflectionHistoryScreen) SetSize(width, height int) {
	h.Base.SetSize(width, height)
	if h.text != nil {
		h.text.SetSize(width, height)
	}
}

func (h *reflectionHistoryScreen) View() string {
	if h.text != nil {
		return h.text.View()
	}
	st := h.C.Styles
	s := st.Header.Width(h.Width()).Render(h.C.Cat.T("edit.history_title", h.r.ID)) + "\n"
	if h.err != "" {
		s += st.Error.Render(truncate("✗ "+h.err, h.Width()))
	}
	return s
}

// activeKeys are the screens' keymap structs, for the conflicts test.
func (e *reflectionEditScreen) activeKeys() any    { return e.keys }
func (d *reflectionDeleteScreen) activeKeys() any  { return d.confirm.Keys() }
func (h *reflectionHistoryScreen) activeKeys() any { return h.keys }
