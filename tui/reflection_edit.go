package tui

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/writer"
)

// The author's own saved reflection: edit its text (the earlier one stays
// in a history only the author sees), delete it (after a question), or
// read its history. The browser opens these with e, d and h.

// ownKeys are the browser's keys for a reflection the person wrote.
func ownKeys(cat i18n.Catalog) []key.Binding {
	return []key.Binding{binding(cat, "e", "key.edit_reflection"), binding(cat, "d", "key.delete_reflection"), binding(cat, "h", "key.history")}
}

// openOwn opens the edit, delete or history screen for the reflection
// being read, if the person wrote it.
func (s *reflectionsScreen) openOwn(m *App, k string) tea.Cmd {
	if s.cursor >= len(s.items) {
		return nil
	}
	r := s.items[s.cursor]
	if r.AuthorID != m.actor.Person.ID {
		s.err = m.cat.T("edit.not_yours")
		return nil
	}
	switch k {
	case "e":
		return m.push(&reflectionEditScreen{r: r})
	case "d":
		return m.push(&reflectionDeleteScreen{r: r})
	case "h":
		return m.push(&reflectionHistoryScreen{r: r})
	}
	return nil
}

// tellBrowser shows a status line on the browser the person returns to.
func tellBrowser(m *App, status string) {
	if s, ok := m.top().(*reflectionsScreen); ok {
		s.status, s.err = status, ""
	}
}

// visibleTo says who will read a text of this visibility.
func visibleTo(cat i18n.Catalog, vis session.Visibility, groupName string) string {
	switch {
	case vis == session.VisGroup:
		return cat.T("journal.visible_group")
	case vis == session.VisShared && groupName == "":
		return cat.T("journal.visible_shared_nogroup")
	case vis == session.VisShared:
		return cat.T("journal.visible_shared")
	}
	return cat.T("journal.visible_private")
}

// whereOf is the group a reflection is on, or the journal.
func whereOf(cat i18n.Catalog, r session.Reflection) string {
	switch {
	case r.MeetingTitle != "":
		return r.GroupName + " · " + r.MeetingTitle
	case r.GroupName != "":
		return r.GroupName
	}
	return cat.T("reflections.journal")
}

type reflectionEditedMsg struct {
	r   *session.Reflection
	err error
}

// reflectionEditScreen edits a saved reflection's text; a draft keeps the
// edit safe as the journal's does.
type reflectionEditScreen struct {
	r      session.Reflection
	writer *writer.Writer
	err    string
	busy   bool
}

func (e *reflectionEditScreen) init(m *App) tea.Cmd {
	if e.writer != nil {
		return nil
	}
	e.writer = writer.New(session.EditDraftKey(e.r.ID), m.height-10)
	e.writer.SetValue(e.r.Body)
	return e.writer.Open(m.c)
}

func (e *reflectionEditScreen) keys(cat i18n.Catalog) keyMap {
	return keys([]key.Binding{binding(cat, "ctrl+s", "key.save_reflection"), binding(cat, "esc", "key.close_keep_draft")})
}

func (e *reflectionEditScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reflectionEditedMsg:
		e.busy = false
		if msg.err != nil {
			e.err = m.cat.Err(msg.err)
			return nil
		}
		// Saved: the edit's draft has done its work.
		key := e.writer.Key
		e.writer.Dirty = false
		cmd := m.pop()
		tellBrowser(m, m.cat.T("edit.saved"))
		return tea.Batch(cmd, call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.SaveDraft(ctx, a, key, "")
		}, func(struct{}, error) tea.Msg { return nil }))
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			e.writer.Flush(m.c)
			return m.pop()
		case "ctrl+s":
			if e.busy {
				return nil
			}
			e.busy, e.err = true, ""
			id, body := e.r.ID, e.writer.Text()
			return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
				return svc.EditReflection(ctx, a, id, body)
			}, func(r *session.Reflection, err error) tea.Msg { return reflectionEditedMsg{r, err} })
		}
	}
	_, cmd := e.writer.Update(m.c, msg)
	return cmd
}

func (e *reflectionEditScreen) view(m *App, width, height int) string {
	st, cat := m.styles, m.cat
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render(cat.T("edit.title", e.r.ID)) + "\n")
	b.WriteString(st.Subtle.Render(truncate(cat.T("journal.target", whereOf(cat, e.r), visibleTo(cat, e.r.Visibility, e.r.GroupName)), width)) + "\n\n")
	e.writer.Area.SetWidth(min(width-2, 100))
	e.writer.Area.SetHeight(max(height-6, 3))
	b.WriteString(e.writer.Area.View() + "\n")
	b.WriteString(st.Subtle.Render(truncate(e.writer.Status(m.c), width)) + "\n")
	if e.err != "" {
		b.WriteString(st.Error.Render(truncate("✗ "+e.err, width)))
	}
	return b.String()
}

func (e *reflectionEditScreen) flush(m *App) { e.writer.Flush(m.c) }

type reflectionDeletedMsg struct{ err error }

// reflectionDeleteScreen asks before deleting; any key but yes keeps it.
type reflectionDeleteScreen struct {
	r    session.Reflection
	err  string
	busy bool
}

func (d *reflectionDeleteScreen) init(*App) tea.Cmd { return nil }

func (d *reflectionDeleteScreen) keys(cat i18n.Catalog) keyMap { return confirmKeys(cat) }

func (d *reflectionDeleteScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reflectionDeletedMsg:
		d.busy = false
		if msg.err != nil {
			d.err = m.cat.Err(msg.err)
			return nil
		}
		cmd := m.pop()
		tellBrowser(m, m.cat.T("edit.deleted"))
		if s, ok := m.top().(*reflectionsScreen); ok {
			s.reading = false
		}
		return cmd
	case tea.KeyPressMsg:
		if d.busy {
			return nil
		}
		if !isYes(m.cat, msg.String()) {
			return m.pop()
		}
		d.busy = true
		id := d.r.ID
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.DeleteReflection(ctx, a, id)
		}, func(_ struct{}, err error) tea.Msg { return reflectionDeletedMsg{err} })
	}
	return nil
}

func (d *reflectionDeleteScreen) view(m *App, width, height int) string {
	st, cat := m.styles, m.cat
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render("#"+strconv.FormatInt(d.r.ID, 10)+" · "+d.r.AuthorName) + "\n")
	b.WriteString(st.Subtle.Render(truncate(whereOf(cat, d.r)+" · "+m.formatDate(d.r.CreatedAt), width)) + "\n\n")
	body := strings.Split(lipgloss.NewStyle().Width(min(width, 90)).Render(d.r.Body), "\n")
	if room := max(height-7, 1); len(body) > room {
		body = append(body[:room-1], st.Subtle.Render("…"))
	}
	b.WriteString(strings.Join(body, "\n") + "\n\n")
	b.WriteString(lipgloss.NewStyle().Width(width).Render(st.Error.Render("? "+cat.T("edit.confirm_delete")+yesNo(cat))) + "\n")
	if d.err != "" {
		b.WriteString(st.Error.Render(truncate("✗ "+d.err, width)))
	}
	return b.String()
}

type reflectionHistoryMsg struct {
	vs  []session.ReflectionVersion
	err error
}

// reflectionHistoryScreen shows the earlier texts, newest first.
type reflectionHistoryScreen struct {
	r    session.Reflection
	text *textScreen
	err  string
}

func (h *reflectionHistoryScreen) init(m *App) tea.Cmd {
	id := h.r.ID
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.ReflectionVersion, error) {
		return svc.ReflectionHistory(ctx, a, id)
	}, func(vs []session.ReflectionVersion, err error) tea.Msg { return reflectionHistoryMsg{vs, err} })
}

func (h *reflectionHistoryScreen) keys(cat i18n.Catalog) keyMap {
	return keys([]key.Binding{binding(cat, "↑/↓", "key.scroll"), binding(cat, "esc", "key.back")})
}

func (h *reflectionHistoryScreen) update(m *App, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(reflectionHistoryMsg); ok {
		if msg.err != nil {
			h.err = m.cat.Err(msg.err)
			return nil
		}
		var b strings.Builder
		if len(msg.vs) == 0 {
			b.WriteString(m.cat.T("reflections.history_none"))
		}
		for _, v := range msg.vs {
			b.WriteString("── " + m.cat.T("reflections.history_replaced", m.formatStart(v.ReplacedAt)) + " ──\n" + v.Body + "\n\n")
		}
		h.text = newTextScreen(m.cat.T("edit.history_title", h.r.ID), b.String())
		return nil
	}
	if h.text != nil {
		return h.text.update(m, msg)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "esc" || k.String() == "q") {
		return m.pop()
	}
	return nil
}

func (h *reflectionHistoryScreen) view(m *App, width, height int) string {
	if h.text != nil {
		return h.text.view(m, width, height)
	}
	s := m.styles.Header.Width(width).Render(m.cat.T("edit.history_title", h.r.ID)) + "\n"
	if h.err != "" {
		s += m.styles.Error.Render(truncate("✗ "+h.err, width))
	}
	return s
}

// visibilityQuestion asks before a reflection's readers change.
func visibilityQuestion(cat i18n.Catalog, r session.Reflection, to session.Visibility) string {
	switch to {
	case session.VisShared:
		return cat.T("reflections.confirm_share")
	case session.VisGroup:
		return cat.T("reflections.confirm_group", r.GroupName)
	}
	return cat.T("reflections.confirm_private")
}

type draftsMsg struct{ drafts []session.DraftPlace }

// loadDrafts asks where the person has unfinished drafts; on an error
// the notice is simply not shown.
func loadDrafts(m *App) tea.Cmd {
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.DraftPlace, error) {
		return svc.Drafts(ctx, a)
	}, func(ds []session.DraftPlace, _ error) tea.Msg { return draftsMsg{ds} })
}

// draftPlace names where a draft is, e.g. "Kevätryhmä, päiväkirja".
func draftPlace(cat i18n.Catalog, d session.DraftPlace) string {
	group := d.GroupName
	switch {
	case d.ReflectionID != 0:
		return cat.T("home.draft_edit", d.ReflectionID)
	case d.MeetingID != 0:
		if d.MeetingTitle != "" {
			group = strings.TrimPrefix(group+" · "+d.MeetingTitle, " · ")
		}
		return cat.T("home.draft_meeting", group)
	case group == "":
		return cat.T("reflections.journal")
	}
	return cat.T("home.draft_journal", group)
}

// draftNotice is the home screen's line about unfinished drafts.
func draftNotice(cat i18n.Catalog, ds []session.DraftPlace) string {
	// w leads to a journal draft; the others are reached where they are
	// (the meeting's room, the reflection's edit).
	key := "home.draft"
	if ds[0].MeetingID != 0 || ds[0].ReflectionID != 0 {
		key = "home.draft_at"
	}
	s := cat.T(key, draftPlace(cat, ds[0]))
	if len(ds) > 1 {
		s += " " + cat.N("home.drafts_more", len(ds)-1)
	}
	return s
}

// journalDefaultGroup is the group the journal form starts on: that of
// the newest journal draft, so that w from the home notice leads to it.
func journalDefaultGroup(ds []session.DraftPlace, groups []session.GroupSummary) string {
	for _, d := range ds {
		if d.ReflectionID != 0 || d.MeetingID != 0 {
			continue
		}
		for _, g := range groups {
			if g.ID == d.GroupID {
				return strconv.FormatInt(g.ID, 10)
			}
		}
		return "0"
	}
	return "0"
}

// journalHeader says where the text goes and who will read it, and, while
// this editor is empty, that a draft waits elsewhere.
func (j *journalScreen) header(m *App, width int) string {
	st, cat := m.styles, m.cat
	group := ""
	for _, g := range j.groups {
		if g.ID == j.groupID {
			group = g.Name
		}
	}
	where := cat.T("journal.no_group")
	if group != "" {
		where = group
	}
	s := st.Subtle.Render(truncate(cat.T("journal.target", where, visibleTo(cat, j.vis, group)), width)) + "\n"
	if j.writer.Loaded && j.writer.Runes == 0 {
		for _, d := range j.drafts {
			if d.Key != j.writer.Key {
				s += lipgloss.NewStyle().Width(width).Render(st.Accent.Render("✎ "+cat.T("journal.draft_elsewhere", draftPlace(cat, d)))) + "\n"
				break
			}
		}
	}
	return s
}
