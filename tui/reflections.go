package tui

import (
	"context"
	"slices"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

// The reflections browser: the list with its filters and search
// (this file), its keys (reflections_keys.go), the reading pane
// (reflections_read.go) and the drawing (reflections_view.go).

// maxHeld caps how many reflections "to the end" loads into a session.
const maxHeld = 1000

// reflectionsScreen lists, newest first, the reflections the person may
// read, with filters, search and a reading pane.
type reflectionsScreen struct {
	component.Base
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
	listH      int  // rows the list has (laid out in SetSize and Update)
	confirm    *component.Confirm
	status     string
	err        string
	seq        int // answers to older queries are dropped
	keys       reflectionsKeyMap
}

type reflectionsMsg struct {
	seq    int
	items  []session.Reflection
	append bool
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

// ownDoneMsg tells the browser, by its id, what the edit or delete screen
// it opened did: statusKey is a catalog key.
type ownDoneMsg struct {
	statusKey string
	deleted   bool
}

func newReflectionsScreen(c *component.Common) *reflectionsScreen {
	in := textinput.New()
	in.CharLimit = 200
	return &reflectionsScreen{Base: component.NewBase(c), search: in, keys: newReflectionsKeys(c.Cat),
		reader: c.Actor.Person != nil && c.Actor.Person.Role == session.RoleReader}
}

func (s *reflectionsScreen) Init() tea.Cmd {
	s.keys = newReflectionsKeys(s.C.Cat) // the language may have changed meanwhile
	// Back from the editor or the history: the list reloads (the text
	// may have changed), and the person stays on the text they were on.
	if s.cursor < len(s.items) {
		s.keepID = s.items[s.cursor].ID
	}
	return tea.Batch(component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Group, error) {
		return svc.ReflectionGroups(ctx, a)
	}, func(g []session.Group, err error) tea.Msg { return reflectionGroupsMsg{g, err} }), s.load(false))
}

func (s *reflectionsScreen) filter() session.ReflectionFilter {
	f := session.ReflectionFilter{Search: s.query, Limit: session.DefaultPageSize}
	if s.groupIdx > 0 && s.groupIdx <= len(s.groups) {
		f.GroupID = s.groups[s.groupIdx-1].ID
	}
	if s.visIdx > 0 && !s.reader {
		f.Visibility = session.Visibilities[s.visIdx-1]
	}
	if s.mine {
		f.AuthorID = s.C.Actor.Person.ID
	}
	return f
}

// load fetches the first page, or the next one after the last shown.
func (s *reflectionsScreen) load(next bool) tea.Cmd {
	f := s.filter()
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
	return component.Call(s.C, s.ID(), func(ctx context.Context, svc *session.Service, a session.Actor) ([]session.Reflection, error) {
		return svc.Reflections(ctx, a, f)
	}, func(rs []session.Reflection, err error) tea.Msg { return reflectionsMsg{seq, rs, next, err} })
}

// reload starts the list again with the filters as they are now.
func (s *reflectionsScreen) reload() tea.Cmd {
	s.toEnd = false
	return s.load(false)
}

// mayChangeVisibility is whether v works on the reflection being read:
// only its author changes who reads it.
func (s *reflectionsScreen) mayChangeVisibility() bool {
	return s.cursor < len(s.items) && s.items[s.cursor].AuthorID == s.C.Actor.Person.ID
}

func (s *reflectionsScreen) Update(msg tea.Msg) tea.Cmd {
	cmd := s.handle(msg)
	s.readingOwn = s.reading && s.mayChangeVisibility()
	s.layout()
	return cmd
}

func (s *reflectionsScreen) handle(msg tea.Msg) tea.Cmd {
	cat := s.C.Cat
	switch msg := msg.(type) {
	case reflectionGroupsMsg:
		if msg.err != nil {
			s.err = cat.Err(msg.err)
		}
		s.groups = msg.groups
		return nil
	case reflectionsMsg:
		return s.loaded(msg)
	case visibilitySetMsg:
		if msg.err != nil {
			s.err = cat.Err(msg.err)
			return nil
		}
		for i := range s.items {
			if s.items[i].ID == msg.r.ID {
				s.items[i].Visibility = msg.r.Visibility
			}
		}
		s.status = cat.T("reflections.visibility_set", cat.T("visibility."+string(msg.r.Visibility)))
		return nil
	case ownDoneMsg:
		s.status, s.err = cat.T(msg.statusKey), ""
		if msg.deleted {
			s.reading = false
		}
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
		done, cmd := s.confirm.Update(k)
		if done {
			s.confirm = nil
		}
		return cmd
	}
	if s.searching {
		return s.searchKey(k)
	}
	s.status = ""
	if s.reading {
		return s.readingKey(k)
	}
	return s.listKey(k)
}

func (s *reflectionsScreen) searchKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, s.keys.Search.Cancel):
		s.searching = false
		s.search.Blur()
		return nil
	case key.Matches(k, s.keys.Search.Submit):
		s.searching = false
		s.search.Blur()
		s.query = s.search.Value()
		return s.reload()
	}
	var cmd tea.Cmd
	s.search, cmd = s.search.Update(k)
	return cmd
}

// loaded takes a page in; going to the end asks for the next until the
// last (or maxHeld) is there.
func (s *reflectionsScreen) loaded(msg reflectionsMsg) tea.Cmd {
	if msg.seq != s.seq {
		return nil
	}
	s.loading = false
	if msg.err != nil {
		s.err, s.toEnd, s.keepID = s.C.Cat.Err(msg.err), false, 0
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
			return s.load(true)
		}
		s.toEnd = false
		s.cursor = max(len(s.items)-1, 0)
	}
	return nil
}

func (s *reflectionsScreen) listKey(k tea.KeyPressMsg) tea.Cmd {
	km := s.keys.List
	page := max(s.listH/2-1, 1) // two rows an item
	switch {
	case key.Matches(k, km.Back):
		return s.C.Nav.Pop()
	case key.Matches(k, km.Help):
		s.C.Nav.ToggleHelp()
	case key.Matches(k, km.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(k, km.Down):
		return s.moveTo(s.cursor + 1)
	case key.Matches(k, km.PgUp):
		s.cursor = max(s.cursor-page, 0)
	case key.Matches(k, km.PgDown):
		return s.moveTo(s.cursor + page)
	case key.Matches(k, km.Home):
		s.cursor = 0
	case key.Matches(k, km.End):
		if s.more && len(s.items) < maxHeld {
			s.toEnd = true
			return s.load(true)
		}
		s.cursor = max(len(s.items)-1, 0)
	case key.Matches(k, km.Read):
		if len(s.items) > 0 {
			s.reading, s.pager.top = true, 0
		}
	case key.Matches(k, km.Search):
		s.searching = true
		s.search.SetValue(s.query)
		return s.search.Focus()
	case key.Matches(k, km.Group):
		s.groupIdx = (s.groupIdx + 1) % (len(s.groups) + 1)
		return s.reload()
	case key.Matches(k, km.Mine):
		s.mine = !s.mine
		return s.reload()
	case key.Matches(k, km.Visibility):
		if !s.reader {
			s.visIdx = (s.visIdx + 1) % (len(session.Visibilities) + 1)
			return s.reload()
		}
	}
	return nil
}

// moveTo selects item i (as far as there are items), loading the next
// page when the end comes near.
func (s *reflectionsScreen) moveTo(i int) tea.Cmd {
	s.cursor = min(max(i, 0), max(len(s.items)-1, 0))
	if s.cursor >= len(s.items)-5 && s.more && !s.loading {
		return s.load(true)
	}
	return nil
}
