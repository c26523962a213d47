package tui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

// SetSize gives the browser its room; the list and the reading pane are
// laid out here and after every Update, so View only reads.
func (s *reflectionsScreen) SetSize(width, height int) {
	s.Base.SetSize(width, height)
	s.layout()
}

// layout fits the list, the search line and the reading pane to the
// size and to what is shown now.
func (s *reflectionsScreen) layout() {
	width, height := s.Width(), s.Height()
	msgRows := s.messageRows(width)
	s.listH = height - 2 - boolRows(s.searching) - msgRows
	s.search.SetWidth(max(width-12, 1))
	if s.reading && s.cursor < len(s.items) {
		// The text gets every row but the header, the meta lines, the
		// position and the message.
		lines := s.wrapped.of(s.items[s.cursor], min(width, 90))
		s.pager.fit(len(lines), height-1-msgRows-3)
	}
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

func (s *reflectionsScreen) View() string {
	st, cat, width, height := s.C.Styles, s.C.Cat, s.Width(), s.Height()
	var b strings.Builder
	title := cat.T("reflections.title")
	if c := s.counter(cat); c != "" {
		title += " · " + c
	}
	b.WriteString(st.Header.Width(width).Render(truncate(title, width-2)) + "\n")
	if s.reading && s.cursor < len(s.items) {
		// The text gets every row but the meta lines and the position.
		b.WriteString(s.readingView(s.items[s.cursor], height-1-s.messageRows(width)))
	} else {
		b.WriteString(truncate(st.Subtle.Render(s.filtersLine(cat)), width) + "\n")
		if s.searching {
			b.WriteString(st.Focused.Render("/ ") + s.search.View() + "\n")
		}
		b.WriteString(s.listView())
	}
	b.WriteString(s.messageView(width))
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
func (s *reflectionsScreen) messageRows(width int) int {
	switch {
	case s.confirm != nil:
		return 1 + lipgloss.Height(s.confirm.View(width))
	case s.err != "", s.status != "":
		return 1
	}
	return 0
}

func (s *reflectionsScreen) messageView(width int) string {
	st := s.C.Styles
	switch {
	case s.confirm != nil:
		return "\n" + s.confirm.View(width)
	case s.err != "":
		return st.Error.Render(truncate("✗ "+s.err, width))
	case s.status != "":
		return st.OK.Render(truncate("✓ "+s.status, width))
	}
	return ""
}

// listView shows two rows a reflection: when, where and who; then the
// part of the text that matched, search words highlighted.
func (s *reflectionsScreen) listView() string {
	st, cat, width := s.C.Styles, s.C.Cat, s.Width()
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
	n := max(s.listH/2, 1) // whole items only
	first := min(max(s.cursor-n/2, 0), max(len(s.items)-n, 0))
	var lines []string
	for i := first; i < min(first+n, len(s.items)); i++ { // only those in view: a snippet costs
		r := s.items[i]
		meta := dateOf(s.C, r.CreatedAt) + " · " + where(cat, r) + " · " + r.AuthorName
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

func (s *reflectionsScreen) readingView(r session.Reflection, height int) string {
	st, cat, width := s.C.Styles, s.C.Cat, s.Width()
	meta := where(cat, r)
	if !s.reader || r.AuthorID == s.C.Actor.Person.ID {
		meta += " · " + cat.T("visibility."+string(r.Visibility))
	}
	lines := []string{
		st.Title.Render(truncate(r.AuthorName+" · "+dateOf(s.C, r.CreatedAt), width)),
		st.Subtle.Render(truncate(meta+" · #"+strconv.FormatInt(r.ID, 10), width)),
	}
	if s.wrapped.id == r.ID {
		lines = append(lines, s.pager.lines(s.wrapped.lines)...)
	}
	for len(lines) < height-1 {
		lines = append(lines, "")
	}
	lines = append(lines, st.Subtle.Render(truncate(s.pager.position(cat), width)))
	return strings.Join(lines, "\n") + "\n"
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
