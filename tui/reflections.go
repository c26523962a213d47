package tui

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

// maxHeld caps how many reflections "to the end" loads into a session.
const maxHeld = 1000

// reflectionsScreen lists, newest first, the reflections the person may
// read, with filters, search and a reading pane.
type reflectionsScreen struct {
	groups    []session.Group // whose texts the person may read
	groupIdx  int             // 0: all groups, else groups[groupIdx-1]
	visIdx    int             // 0: any, else session.Visibilities[visIdx-1]
	mine      bool
	reader    bool // a reader: the visibility filter is not offered
	search    textinput.Model
	searching bool
	query     string

	items      []session.Reflection
	cursor     int
	keepID     int64 // after an edit or the history: stay on this reflection
	more       bool  // another page may follow
	loading    bool
	toEnd      bool // keep loading pages, then select the last
	reading    bool
	pager      pager // the reading pane's scroll position
	wrapped    wrapCache
	readingOwn bool // reading one's own reflection: v changes its visibility
	listH      int  // rows the list had when last drawn
	confirm    *confirmation
	status     string
	err        string
	seq        int // answers to older queries are dropped
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

// reflectionGroupsMsg brings the groups the browser can filter by.
type reflectionGroupsMsg struct {
	groups []session.Group
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
	s.reader = m.actor.Person.Role == session.RoleReader
	// Back from the editor or the history: the list reloads (the text
	// may have changed), and the person stays on the text they were on.
	if s.cursor < len(s.items) {
		s.keepID = s.items[s.cursor].ID
	}
	return tea.Batch(call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Group, error) {
		return svc.ReflectionGroups(ctx, a)
	}, func(g []session.Group, err error) tea.Msg { return reflectionGroupsMsg{g, err} }), s.load(m, false))
}

func (s *reflectionsScreen) filter(m *App) session.ReflectionFilter {
	f := session.ReflectionFilter{Search: s.query, Limit: session.DefaultPageSize}
	if s.groupIdx > 0 && s.groupIdx <= len(s.groups) {
		f.GroupID = s.groups[s.groupIdx-1].ID
	}
	if s.visIdx > 0 && !s.reader {
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
	if s.toEnd {
		f.Limit = session.MaxPageSize
	}
	s.seq++
	s.loading = true
	seq := s.seq
	return call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Reflection, error) {
		return svc.Reflections(ctx, a, f)
	}, func(rs []session.Reflection, err error) tea.Msg { return reflectionsMsg{seq, rs, next, err} })
}

// reload starts the list again with the filters as they are now.
func (s *reflectionsScreen) reload(m *App) tea.Cmd {
	s.toEnd = false
	return s.load(m, false)
}

// mayChangeVisibility is whether v works on the reflection being read:
// only its author changes who reads it.
func (s *reflectionsScreen) mayChangeVisibility(m *App) bool {
	return s.cursor < len(s.items) && s.items[s.cursor].AuthorID == m.actor.Person.ID
}

func (s *reflectionsScreen) keys(cat i18n.Catalog) keyMap {
	switch {
	case s.confirm != nil:
		return confirmKeys(cat)
	case s.searching:
		return keys([]key.Binding{binding(cat, "enter", "key.search"), binding(cat, "esc", "key.cancel")})
	case s.reading:
		// The way back comes right after scrolling: on a phone's 60
		// columns what is cut is at the end, and esc must not be.
		short := append(pagerKeys(cat), binding(cat, "esc", "key.back"))
		if s.readingOwn {
			// Only the author may edit, delete or change who reads the text;
			// those come before moving on, so that they fit the bar.
			short = append(append(short, ownKeys(cat)...), binding(cat, "v", "key.change_visibility"))
		}
		short = append(short, bindingKeys(cat, "n/p", "key.next_prev", "n", "p"))
		return keys(short, append(pagerMoreKeys(cat), binding(cat, "]/[", "key.next_prev"), binding(cat, "?", "key.help"))...)
	}
	short := []key.Binding{binding(cat, "enter", "key.read"), binding(cat, "/", "key.search"), binding(cat, "g", "key.filter_group")}
	if !s.reader {
		short = append(short, binding(cat, "v", "key.filter_visibility"))
	}
	short = append(short, binding(cat, "esc", "key.back"))
	return keys(short, binding(cat, "m", "key.filter_mine"), binding(cat, "↑/↓", "key.select"),
		binding(cat, "pgup/pgdn", "key.scroll"), binding(cat, "home/end", "key.first_last"), binding(cat, "?", "key.help"))
}

func (s *reflectionsScreen) update(m *App, msg tea.Msg) tea.Cmd {
	cmd := s.handle(m, msg)
	s.readingOwn = s.reading && s.mayChangeVisibility(m)
	return cmd
}

func (s *reflectionsScreen) handle(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reflectionGroupsMsg:
		if msg.err != nil {
			s.err = m.cat.Err(msg.err)
		}
		s.groups = msg.groups
		return nil
	case reflectionsMsg:
		return s.loaded(m, msg)
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
		if isYes(m.cat, k.String()) {
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
			return s.reload(m)
		}
		var cmd tea.Cmd
		s.search, cmd = s.search.Update(k)
		return cmd
	}
	s.status = ""
	if s.reading {
		return s.readingKey(m, k.String())
	}
	return s.listKey(m, k.String())
}

// loaded takes a page in; going to the end asks for the next until the
// last (or maxHeld) is there.
func (s *reflectionsScreen) loaded(m *App, msg reflectionsMsg) tea.Cmd {
	if msg.seq != s.seq {
		return nil
	}
	s.loading = false
	if msg.err != nil {
		s.err, s.toEnd, s.keepID = m.cat.Err(msg.err), false, 0
		return nil
	}
	s.err = ""
	if msg.append {
		s.items = append(s.items, msg.items...)
	} else {
		s.items, s.cursor = msg.items, 0
		if i := slices.IndexFunc(s.items, func(r session.Reflection) bool { return r.ID == s.keepID }); i >= 0 {
			s.cursor = i
		} else if s.keepID != 0 {
			s.reading = false // no longer among these (an edit left the search): the list
		}
		s.keepID = 0
	}
	limit := session.DefaultPageSize
	if s.toEnd {
		limit = session.MaxPageSize
	}
	s.more = len(msg.items) == limit
	if s.toEnd {
		if s.more && len(s.items) < maxHeld {
			return s.load(m, true)
		}
		s.toEnd = false
		s.cursor = max(len(s.items)-1, 0)
	}
	return nil
}

func (s *reflectionsScreen) listKey(m *App, k string) tea.Cmd {
	page := max(s.listH/2-1, 1) // two rows an item
	switch k {
	case "esc", "q":
		return m.pop()
	case "?":
		m.toggleHelp()
	case "up", "k":
		s.cursor = max(s.cursor-1, 0)
	case "down", "j":
		return s.moveTo(m, s.cursor+1)
	case "pgup":
		s.cursor = max(s.cursor-page, 0)
	case "pgdown", "space":
		return s.moveTo(m, s.cursor+page)
	case "home":
		s.cursor = 0
	case "end":
		if s.more && len(s.items) < maxHeld {
			s.toEnd = true
			return s.load(m, true)
		}
		s.cursor = max(len(s.items)-1, 0)
	case "enter":
		if len(s.items) > 0 {
			s.reading, s.pager.top = true, 0
		}
	case "/":
		s.searching = true
		s.search.SetValue(s.query)
		return s.search.Focus()
	case "g":
		s.groupIdx = (s.groupIdx + 1) % (len(s.groups) + 1)
		return s.reload(m)
	case "m":
		s.mine = !s.mine
		return s.reload(m)
	case "v":
		if !s.reader {
			s.visIdx = (s.visIdx + 1) % (len(session.Visibilities) + 1)
			return s.reload(m)
		}
	}
	return nil
}

// moveTo selects item i (as far as there are items), loading the next
// page when the end comes near.
func (s *reflectionsScreen) moveTo(m *App, i int) tea.Cmd {
	s.cursor = min(max(i, 0), max(len(s.items)-1, 0))
	if s.cursor >= len(s.items)-5 && s.more && !s.loading {
		return s.load(m, true)
	}
	return nil
}

func (s *reflectionsScreen) readingKey(m *App, k string) tea.Cmd {
	switch k {
	case "esc", "q":
		s.reading = false
		return nil
	case "?":
		m.toggleHelp()
	case "n", "]":
		if s.cursor+1 < len(s.items) {
			s.pager.top = 0
		}
		return s.moveTo(m, s.cursor+1)
	case "p", "[":
		if s.cursor > 0 {
			s.cursor, s.pager.top = s.cursor-1, 0
		}
	case "e", "d", "h":
		if s.reading {
			return s.openOwn(m, k)
		}
	case "v":
		if s.mayChangeVisibility(m) {
			return s.askVisibility(m)
		}
	default:
		s.pager.scroll(k)
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
	// Every change of who can read it asks first: one stray key changes
	// nothing.
	s.confirm = &confirmation{question: visibilityQuestion(m.cat, r, next), yes: set}
	return nil
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

// counter is "12/48" for the selected reflection, "12/50+" while more
// may follow.
func (s *reflectionsScreen) counter(cat i18n.Catalog) string {
	if len(s.items) == 0 {
		return ""
	}
	if s.more {
		return cat.T("reflections.counter_more", s.cursor+1, len(s.items))
	}
	return cat.T("reflections.counter", s.cursor+1, len(s.items))
}

func (s *reflectionsScreen) view(m *App, width, height int) string {
	st, cat := m.styles, m.cat
	var b strings.Builder
	title := cat.T("reflections.title")
	if c := s.counter(cat); c != "" {
		title += " · " + c
	}
	b.WriteString(st.Header.Width(width).Render(truncate(title, width-2)) + "\n")
	if s.reading && s.cursor < len(s.items) {
		// The text gets every row but the meta lines and the position.
		b.WriteString(s.readingView(m, s.items[s.cursor], width, height-1-s.messageRows(cat, width)))
	} else {
		b.WriteString(truncate(st.Subtle.Render(s.filtersLine(cat)), width) + "\n")
		if s.searching {
			s.search.SetWidth(width - 12)
			b.WriteString(st.Focused.Render("/ ") + s.search.View() + "\n")
		}
		b.WriteString(s.listView(m, width, height-2-boolRows(s.searching)-s.messageRows(cat, width)))
	}
	b.WriteString(s.messageView(m, width))
	return b.String()
}

func (s *reflectionsScreen) filtersLine(cat i18n.Catalog) string {
	group := cat.T("reflections.all_groups")
	if s.groupIdx > 0 && s.groupIdx <= len(s.groups) {
		group = s.groups[s.groupIdx-1].Name
	}
	parts := []string{cat.T("reflections.group") + ": " + group}
	if !s.reader {
		vis := cat.T("reflections.any_visibility")
		if s.visIdx > 0 {
			vis = cat.T("visibility." + string(session.Visibilities[s.visIdx-1]))
		}
		parts = append(parts, cat.T("reflections.visibility")+": "+vis)
	}
	if s.mine {
		parts = append(parts, cat.T("reflections.mine"))
	}
	if s.query != "" {
		parts = append(parts, cat.T("reflections.search", s.query))
	}
	if s.loading && s.toEnd {
		parts = append(parts, cat.T("reflections.loading_to_end"))
	}
	return strings.Join(parts, " · ")
}

func boolRows(b bool) int {
	if b {
		return 1
	}
	return 0
}

// messageRows is how many rows the question or message under the list
// takes: a question wraps, taking its lines from the text, so that its
// answer keys stay in sight.
func (s *reflectionsScreen) messageRows(cat i18n.Catalog, width int) int {
	switch {
	case s.confirm != nil:
		return 1 + lipgloss.Height(lipgloss.NewStyle().Width(width).Render("? "+s.confirm.question+yesNo(cat)))
	case s.err != "", s.status != "":
		return 1
	}
	return 0
}

func (s *reflectionsScreen) messageView(m *App, width int) string {
	st, cat := m.styles, m.cat
	switch {
	case s.confirm != nil:
		return "\n" + lipgloss.NewStyle().Width(width).Render(st.Error.Render("? "+s.confirm.question+yesNo(cat)))
	case s.err != "":
		return st.Error.Render(truncate("✗ "+s.err, width))
	case s.status != "":
		return st.OK.Render(truncate("✓ "+s.status, width))
	}
	return ""
}

// where says where a reflection was written: group and meeting, or the
// journal.
func where(cat i18n.Catalog, r session.Reflection) string {
	switch {
	case r.MeetingTitle != "":
		return r.GroupName + " · " + r.MeetingTitle
	case r.GroupName != "":
		return r.GroupName + " · " + cat.T("reflections.journal")
	}
	return cat.T("reflections.journal")
}

// listView shows two rows a reflection: when, where and who; then the
// part of the text that matched, search words highlighted.
func (s *reflectionsScreen) listView(m *App, width, height int) string {
	st, cat := m.styles, m.cat
	s.listH = height
	if len(s.items) == 0 {
		if s.loading {
			return ""
		}
		none := "reflections.none"
		if s.query != "" {
			none = "reflections.no_matches" // with a hint, wrapped to fit a phone
		}
		var b strings.Builder
		for _, l := range strings.Split(lipgloss.NewStyle().Width(max(width-2, 10)).Render(cat.T(none)), "\n") {
			b.WriteString(st.Subtle.Render("  "+l) + "\n")
		}
		return b.String()
	}
	hit := st.Title.Underline(true)
	n := max(height/2, 1) // whole items only
	first := min(max(s.cursor-n/2, 0), max(len(s.items)-n, 0))
	var lines []string
	for i := first; i < min(first+n, len(s.items)); i++ { // only those in view: a snippet costs
		r := s.items[i]
		meta := m.formatDate(r.CreatedAt) + " · " + where(cat, r) + " · " + r.AuthorName
		if !s.reader {
			meta += " · " + cat.T("visibility."+string(r.Visibility))
		}
		text := renderSnippet(format.Snippet(r.Body, s.query, max(width-6, 10)), lipgloss.NewStyle(), hit)
		if i == s.cursor {
			lines = append(lines, truncate(st.Focused.Render("› "+meta), width))
		} else {
			lines = append(lines, truncate("  "+st.Subtle.Render(meta), width))
		}
		lines = append(lines, truncate("    "+text, width))
	}
	return strings.Join(lines, "\n") + "\n"
}

func (s *reflectionsScreen) readingView(m *App, r session.Reflection, width, height int) string {
	st, cat := m.styles, m.cat
	meta := where(cat, r)
	if !s.reader || r.AuthorID == m.actor.Person.ID {
		meta += " · " + cat.T("visibility."+string(r.Visibility))
	}
	head := []string{
		st.Title.Render(truncate(r.AuthorName+" · "+m.formatDate(r.CreatedAt), width)),
		st.Subtle.Render(truncate(meta+" · #"+strconv.FormatInt(r.ID, 10), width)),
	}
	lines := append(head, s.pager.show(s.wrapped.of(r, min(width, 90)), height-len(head)-1)...)
	for len(lines) < height-1 {
		lines = append(lines, "")
	}
	lines = append(lines, st.Subtle.Render(truncate(s.pager.position(cat), width)))
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
	drafts  []session.DraftPlace
}

func newJournalScreen() *journalScreen { return &journalScreen{} }

func (j *journalScreen) init(m *App) tea.Cmd {
	if j.form != nil || j.writer != nil {
		return nil
	}
	// Drafts first: the form starts on the group of the newest one.
	return tea.Sequence(loadDrafts(m), call(m, func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.GroupSummary, error) {
		return svc.Groups(ctx, a)
	}, func(g []session.GroupSummary, err error) tea.Msg { return groupsForFilterMsg{g, err} }))
}

func (j *journalScreen) keys(cat i18n.Catalog) keyMap {
	if j.writer != nil {
		return keys([]key.Binding{binding(cat, "ctrl+s", "key.save_reflection"), binding(cat, "esc", "key.close_keep_draft")})
	}
	// ctrl+s here opens the editor, saves nothing. ←/→ goes to the full
	// help (the ‹ › show it): with it esc was cut at 60 columns.
	return keys([]key.Binding{binding(cat, "tab", "key.next_field"), binding(cat, "ctrl+s", "key.write_text"),
		binding(cat, "esc", "key.cancel")}, binding(cat, "←/→", "key.choose"))
}

func (j *journalScreen) update(m *App, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case groupsForFilterMsg:
		j.groups = msg.groups
		f := newForm("") // the screen's header already says it
		f.intro = m.cat.T("journal.choose_first")
		values, labels := []string{"0"}, []string{m.cat.T("journal.no_group")}
		for _, g := range msg.groups {
			values = append(values, strconv.FormatInt(g.ID, 10))
			labels = append(labels, g.Name)
		}
		f.choice(m.cat.T("journal.group"), values, labels, journalDefaultGroup(j.drafts, msg.groups)).compact = true
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
	case draftsMsg:
		j.drafts = msg.drafts
		return nil
	case reflectionSavedMsg:
		if msg.err != nil {
			j.err = m.cat.Err(msg.err)
			return nil
		}
		return m.pop()
	case draftLoadedMsg, draftSavedMsg, draftTickMsg, writerInsertMsg:
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
				// Saved before the editor goes: home then tells of it.
				j.writer.flush(m)
				return m.pop()
			case "ctrl+s", m.cat.T("key.yes_key"):
				if isYes(m.cat, k.String()) && !j.confirm {
					break
				}
				if j.vis == session.VisShared && !j.confirm {
					j.confirm = true
					return nil
				}
				j.confirm = false
				in := session.ReflectionInput{GroupID: j.groupID, Body: j.writer.text(), Visibility: j.vis, DraftKey: j.writer.key}
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
	if p, ok := msg.(tea.PasteMsg); ok {
		// A paste is the text: it opens the editor with the group and
		// visibility chosen so far, rather than vanishing into a choice.
		open := j.openWriter(m)
		_, cmd := j.writer.update(m, p)
		return tea.Batch(open, cmd)
	}
	res, cmd := j.form.update(msg)
	switch res {
	case formCancel:
		return m.pop()
	case formSubmit:
		return j.openWriter(m)
	}
	return cmd
}

// openWriter opens the editor for the group and visibility in the form.
func (j *journalScreen) openWriter(m *App) tea.Cmd {
	j.groupID, _ = strconv.ParseInt(j.form.value(0), 10, 64)
	j.vis = session.Visibility(j.form.value(1))
	j.writer = newWriter(session.JournalDraftKey(j.groupID), m.height-10)
	// The width the view gives it, so a paste before the first frame
	// scrolls to its end, not to where a narrower wrap put it.
	j.writer.area.SetWidth(min(m.width-2, 100))
	return j.writer.open(m)
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
	// The question wraps rather than losing its answer keys off the edge;
	// the editor gives up the lines it needs.
	question := ""
	if j.confirm {
		question = lipgloss.NewStyle().Width(width).Render(st.Error.Render("? "+m.cat.T("reflections.confirm_share")+yesNo(m.cat))) + "\n"
	}
	head := j.header(m, width)
	j.writer.area.SetWidth(min(width-2, 100))
	j.writer.area.SetHeight(max(height-7-max(lipgloss.Height(question)-2, 0)-lipgloss.Height(head)+1, 3))
	b.WriteString(head + j.writer.area.View() + "\n")
	b.WriteString(st.Subtle.Render(truncate(j.writer.status(m), width)) + "\n")
	b.WriteString(question)
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

// wrapCache keeps the reflection being read wrapped to the width, so that
// a frame does not wrap 20,000 characters again.
type wrapCache struct {
	id    int64
	width int
	body  string
	lines []string
}

func (c *wrapCache) of(r session.Reflection, width int) []string {
	if c.lines == nil || c.id != r.ID || c.width != width || c.body != r.Body {
		c.id, c.width, c.body = r.ID, width, r.Body
		c.lines = strings.Split(lipgloss.NewStyle().Width(width).Render(r.Body), "\n")
	}
	return c.lines
}
