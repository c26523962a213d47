package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/cli"
	"github.com/piiri/piiri/tui/i18n"
)

// reflectionsScreen lists, newest first, the reflections the person may
// read, with filters, search and a reading pane.
type reflectionsScreen struct {
	groups    []session.GroupSummary
	groupIdx  int // 0: all groups, else groups[groupIdx-1]
	visIdx    int // 0: any, else session.Visibilities[visIdx-1]
	mine      bool
	search    textinput.Model
	searching bool
	query     string

	items   []session.Reflection
	cursor  int
	more    bool // another page may follow
	loading bool
	reading bool
	confirm *confirmation
	status  string
	err     string
	seq     int // answers to older queries are dropped
}

type reflectionsMsg struct {
	seq    int
	items  []session.Reflection
	append bool
	err    error
}

type groupsForFilterMsg struct {
	groups []session.GroupSummary
	err    error
}

type visibilitySetMsg struct {
	r   *session.Reflection
	err error
}

func newReflectionsScreen() *reflectionsScreen {
	in := textinput.New()
	in.CharLimit = 200
	return &reflectionsScreen{search: in}
}

func (s *reflectionsScreen) init(m *App) tea.Cmd {
	return tea.Batch(call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.GroupSummary, error) {
		return svc.Groups(ctx, a)
	}, func(g []session.GroupSummary, err error) tea.Msg { return groupsForFilterMsg{g, err} }), s.load(m, false))
}

func (s *reflectionsScreen) filter(m *App) session.ReflectionFilter {
	f := session.ReflectionFilter{Search: s.query, Limit: session.DefaultPageSize}
	if s.groupIdx > 0 && s.groupIdx <= len(s.groups) {
		f.GroupID = s.groups[s.groupIdx-1].ID
	}
	if s.visIdx > 0 {
		f.Visibility = session.Visibilities[s.visIdx-1]
	}
	if s.mine {
		f.AuthorID = m.actor.Person.ID
	}
	return f
}

// load fetches the first page, or the next one after the last shown.
func (s *reflectionsScreen) load(m *App, next bool) tea.Cmd {
	f := s.filter(m)
	if next && len(s.items) > 0 {
		f.Before = s.items[len(s.items)-1].ID
		if f.Search != "" { // ranked best first, so paged by count
			f.Before, f.Offset = 0, len(s.items)
		}
	}
	s.seq++
	s.loading = true
	seq := s.seq
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Reflection, error) {
		return svc.Reflections(ctx, a, f)
	}, func(rs []session.Reflection, err error) tea.Msg { return reflectionsMsg{seq, rs, next, err} })
}

func (s *reflectionsScreen) keys(cat i18n.Catalog) keyMap {
	switch {
	case s.confirm != nil:
		return confirmKeys(cat)
	case s.searching:
		return keys([]key.Binding{binding(cat, "enter", "key.search"), binding(cat, "esc", "key.cancel")})
	case s.reading:
		return keys([]key.Binding{binding(cat, "v", "key.change_visibility"), binding(cat, "↑/↓", "key.select"), binding(cat, "esc", "key.back")})
	}
	return keys([]key.Binding{binding(cat, "enter", "key.read"), binding(cat, "/", "key.search"), binding(cat, "g", "key.filter_group"),
		binding(cat, "v", "key.filter_visibility"), binding(cat, "esc", "key.back")},
		binding(cat, "m", "key.filter_mine"), binding(cat, "↑/↓", "key.select"), binding(cat, "?", "key.help"))
}

func (s *reflectionsScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case groupsForFilterMsg:
		s.groups = msg.groups
		return nil
	case reflectionsMsg:
		if msg.seq != s.seq {
			return nil
		}
		s.loading = false
		if msg.err != nil {
			s.err = m.cat.Err(msg.err)
			return nil
		}
		s.err = ""
		if msg.append {
			s.items = append(s.items, msg.items...)
		} else {
			s.items, s.cursor = msg.items, 0
		}
		s.more = len(msg.items) == session.DefaultPageSize
		return nil
	case visibilitySetMsg:
		if msg.err != nil {
			s.err = m.cat.Err(msg.err)
			return nil
		}
		for i := range s.items {
			if s.items[i].ID == msg.r.ID {
				s.items[i].Visibility = msg.r.Visibility
			}
		}
		s.status = m.cat.T("reflections.visibility_set", m.cat.T("visibility."+string(msg.r.Visibility)))
		return nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if s.searching {
			var cmd tea.Cmd
			s.search, cmd = s.search.Update(msg)
			return cmd
		}
		return nil
	}
	if s.confirm != nil {
		c := s.confirm
		s.confirm = nil
		if k.String() == "y" {
			return c.yes()
		}
		return nil
	}
	if s.searching {
		switch k.String() {
		case "esc":
			s.searching = false
			s.search.Blur()
			return nil
		case "enter":
			s.searching = false
			s.search.Blur()
			s.query = s.search.Value()
			return s.load(m, false)
		}
		var cmd tea.Cmd
		s.search, cmd = s.search.Update(k)
		return cmd
	}
	s.status = ""
	switch k.String() {
	case "esc", "q":
		if s.reading {
			s.reading = false
			return nil
		}
		return m.pop()
	case "?":
		m.toggleHelp()
	case "up", "k":
		s.cursor = max(s.cursor-1, 0)
	case "down", "j":
		s.cursor = min(s.cursor+1, max(len(s.items)-1, 0))
		if s.cursor >= len(s.items)-5 && s.more && !s.loading {
			return s.load(m, true)
		}
	case "enter":
		if len(s.items) > 0 {
			s.reading = true
		}
	case "/":
		s.searching = true
		s.search.SetValue(s.query)
		return s.search.Focus()
	case "g":
		if !s.reading {
			s.groupIdx = (s.groupIdx + 1) % (len(s.groups) + 1)
			return s.load(m, false)
		}
	case "m":
		if !s.reading {
			s.mine = !s.mine
			return s.load(m, false)
		}
	case "v":
		if s.reading {
			return s.askVisibility(m)
		}
		s.visIdx = (s.visIdx + 1) % (len(session.Visibilities) + 1)
		return s.load(m, false)
	}
	return nil
}

// askVisibility moves the author's reflection to the next visibility;
// releasing it to the readers asks first.
func (s *reflectionsScreen) askVisibility(m *App) tea.Cmd {
	if s.cursor >= len(s.items) {
		return nil
	}
	r := s.items[s.cursor]
	if r.AuthorID != m.actor.Person.ID {
		s.err = m.cat.T("reflections.not_yours")
		return nil
	}
	next := nextVisibility(r)
	set := func() tea.Cmd {
		return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
			return svc.SetVisibility(ctx, a, r.ID, next)
		}, func(x *session.Reflection, err error) tea.Msg { return visibilitySetMsg{x, err} })
	}
	if next == session.VisShared {
		s.confirm = &confirmation{question: m.cat.T("reflections.confirm_share"), yes: set}
		return nil
	}
	return set()
}

// nextVisibility cycles private → group → shared → private, skipping group
// for a reflection without one.
func nextVisibility(r session.Reflection) session.Visibility {
	switch r.Visibility {
	case session.VisPrivate:
		if r.GroupID == 0 {
			return session.VisShared
		}
		return session.VisGroup
	case session.VisGroup:
		return session.VisShared
	}
	return session.VisPrivate
}

func (s *reflectionsScreen) view(m *App, width, height int) string {
	st, cat := m.styles, m.cat
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render(cat.T("reflections.title")) + "\n")
	group := cat.T("reflections.all_groups")
	if s.groupIdx > 0 && s.groupIdx <= len(s.groups) {
		group = s.groups[s.groupIdx-1].Name
	}
	vis := cat.T("reflections.any_visibility")
	if s.visIdx > 0 {
		vis = cat.T("visibility." + string(session.Visibilities[s.visIdx-1]))
	}
	filters := fmt.Sprintf("%s: %s · %s: %s", cat.T("reflections.group"), group, cat.T("reflections.visibility"), vis)
	if s.mine {
		filters += " · " + cat.T("reflections.mine")
	}
	if s.query != "" {
		filters += " · " + cat.T("reflections.search", s.query)
	}
	b.WriteString(truncate(st.Subtle.Render(filters), width) + "\n")
	if s.searching {
		s.search.SetWidth(width - 12)
		b.WriteString(st.Focused.Render("/ ") + s.search.View() + "\n")
	} else {
		b.WriteString("\n")
	}
	bodyH := height - 5
	if s.reading && s.cursor < len(s.items) {
		b.WriteString(s.readingView(m, s.items[s.cursor], width, bodyH))
	} else {
		var lines []string
		for i, r := range s.items {
			line := fmt.Sprintf("%s  %-8s %-16s %s", m.formatDate(r.CreatedAt), cat.T("visibility."+string(r.Visibility)),
				truncate(r.AuthorName, 16), cli.FirstLine(r.Body))
			if i == s.cursor {
				line = st.Focused.Render("› " + line)
			} else {
				line = "  " + line
			}
			lines = append(lines, truncate(line, width))
		}
		if len(lines) == 0 && !s.loading {
			none := "reflections.none"
			if s.query != "" {
				none = "reflections.no_matches" // with a hint, wrapped to fit a phone
			}
			for _, l := range strings.Split(lipgloss.NewStyle().Width(max(width-2, 10)).Render(cat.T(none)), "\n") {
				lines = append(lines, st.Subtle.Render("  "+l))
			}
		}
		b.WriteString(strings.Join(window(lines, s.cursor, bodyH), "\n") + "\n")
	}
	switch {
	case s.confirm != nil:
		b.WriteString("\n" + st.Error.Render("? "+s.confirm.question+" (y/n)"))
	case s.err != "":
		b.WriteString("\n" + st.Error.Render(truncate("✗ "+s.err, width)))
	case s.status != "":
		b.WriteString("\n" + st.OK.Render(truncate("✓ "+s.status, width)))
	}
	return b.String()
}

func (s *reflectionsScreen) readingView(m *App, r session.Reflection, width, height int) string {
	st, cat := m.styles, m.cat
	where := cat.T("reflections.journal")
	switch {
	case r.MeetingTitle != "":
		where = r.GroupName + " · " + r.MeetingTitle
	case r.GroupName != "":
		where = r.GroupName
	}
	head := []string{
		st.Title.Render(truncate(r.AuthorName+" · "+m.formatDate(r.CreatedAt), width)),
		st.Subtle.Render(truncate(where+" · "+cat.T("visibility."+string(r.Visibility))+" · #"+strconv.FormatInt(r.ID, 10), width)),
		"",
	}
	body := strings.Split(lipgloss.NewStyle().Width(min(width, 90)).Render(r.Body), "\n")
	lines := append(head, body...)
	if len(lines) > height {
		lines = append(lines[:height-1], st.Subtle.Render("…"))
	}
	return strings.Join(lines, "\n") + "\n"
}

// journalScreen writes a reflection outside meetings: a journal entry on a
// group, or on nothing.
type journalScreen struct {
	groups  []session.GroupSummary
	form    *form
	writer  *writer
	groupID int64
	vis     session.Visibility
	err     string
	confirm bool // asking before releasing to the readers
}

func newJournalScreen() *journalScreen { return &journalScreen{} }

func (j *journalScreen) init(m *App) tea.Cmd {
	if j.form != nil || j.writer != nil {
		return nil
	}
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.GroupSummary, error) {
		return svc.Groups(ctx, a)
	}, func(g []session.GroupSummary, err error) tea.Msg { return groupsForFilterMsg{g, err} })
}

func (j *journalScreen) keys(cat i18n.Catalog) keyMap {
	if j.writer != nil {
		return keys([]key.Binding{binding(cat, "ctrl+s", "key.save_reflection"), binding(cat, "esc", "key.close_keep_draft")})
	}
	return formKeys(cat)
}

func (j *journalScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case groupsForFilterMsg:
		j.groups = msg.groups
		f := newForm(m.cat.T("journal.title"))
		values, labels := []string{"0"}, []string{m.cat.T("journal.no_group")}
		for _, g := range msg.groups {
			values = append(values, strconv.FormatInt(g.ID, 10))
			labels = append(labels, g.Name)
		}
		f.choice(m.cat.T("journal.group"), values, labels, "0").compact = true
		var vl []string
		var vv []string
		for _, v := range session.Visibilities {
			vv = append(vv, string(v))
			vl = append(vl, m.cat.T("visibility."+string(v)))
		}
		f.choice(m.cat.T("reflections.visibility"), vv, vl, string(session.VisPrivate)).compact = true
		f.focus = 0
		j.form = f
		return nil
	case reflectionSavedMsg:
		if msg.err != nil {
			j.err = m.cat.Err(msg.err)
			return nil
		}
		return m.pop()
	case draftLoadedMsg, draftSavedMsg, draftTickMsg:
		if j.writer != nil {
			_, cmd := j.writer.update(m, msg)
			return cmd
		}
		return nil
	}
	if j.writer != nil {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			switch k.String() {
			case "esc":
				cmd := j.writer.save(m)
				return tea.Batch(cmd, m.pop())
			case "ctrl+s", "y":
				if k.String() == "y" && !j.confirm {
					break
				}
				if j.vis == session.VisShared && !j.confirm {
					j.confirm = true
					return nil
				}
				j.confirm = false
				in := session.ReflectionInput{GroupID: j.groupID, Body: j.writer.area.Value(), Visibility: j.vis, DraftKey: j.writer.key}
				return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Reflection, error) {
					return svc.AddReflection(ctx, a, in)
				}, func(r *session.Reflection, err error) tea.Msg { return reflectionSavedMsg{r, err} })
			}
		}
		if j.confirm {
			j.confirm = false // any other key: not now
			return nil
		}
		_, cmd := j.writer.update(m, msg)
		return cmd
	}
	if j.form == nil {
		if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "esc" {
			return m.pop()
		}
		return nil
	}
	res, cmd := j.form.update(msg)
	switch res {
	case formCancel:
		return m.pop()
	case formSubmit:
		j.groupID, _ = strconv.ParseInt(j.form.value(0), 10, 64)
		j.vis = session.Visibility(j.form.value(1))
		j.writer = newWriter(session.JournalDraftKey(j.groupID), m.height-10)
		return j.writer.open(m)
	}
	return cmd
}

func (j *journalScreen) view(m *App, width, height int) string {
	st := m.styles
	var b strings.Builder
	b.WriteString(st.Header.Width(width).Render(m.cat.T("journal.title")) + "\n\n")
	if j.writer == nil {
		if j.form != nil {
			b.WriteString(j.form.view(st, min(width, 80)))
		}
		return b.String()
	}
	j.writer.area.SetWidth(min(width-2, 100))
	j.writer.area.SetHeight(max(height-7, 3))
	b.WriteString(j.writer.area.View() + "\n")
	b.WriteString(st.Subtle.Render(truncate(j.writer.status(m), width)) + "\n")
	if j.confirm {
		b.WriteString(st.Error.Render(truncate("? "+m.cat.T("reflections.confirm_share")+" (y/n)", width)) + "\n")
	}
	if j.err != "" {
		b.WriteString(st.Error.Render(truncate("✗ "+j.err, width)))
	}
	return b.String()
}

func (j *journalScreen) flush(m *App) {
	if j.writer != nil {
		j.writer.flush(m)
	}
}
