package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// planLines are when, how long, the theme, the call link and the
// agenda's heading.
func (s *meetingScreen) planLines(width int) string {
	st, cat, mt, loc := s.C.Styles, s.C.Cat, s.meeting, s.C.Service.Loc
	var b strings.Builder
	when, badge := meetingStart(s.C, mt.StartsAt), ""
	switch {
	case mt.Held():
		when = cat.T("meeting.held", cat.Span(mt.HeldFrom, mt.HeldTo, loc))
	case mt.State != session.MeetingPlanned:
		sep := " "
		if !mt.HeldFrom.IsZero() {
			sep = " · " // "● live · started …", two facts
		}
		badge = st.OK.Render("● "+cat.T("meeting.state."+string(mt.State))) + sep
		if !mt.HeldFrom.IsZero() {
			when = cat.T("meeting.started", cat.WhenZone(mt.HeldFrom, loc))
		}
	}
	// Wrapped, not cut: when and how long, on a phone too.
	b.WriteString(lipgloss.NewStyle().Width(width).Render(badge+fmt.Sprintf("%s · %s", when, cat.T("agenda.planned", mt.Minutes))) + "\n")
	if mt.Theme != "" {
		// Wrapped: the theme is what the meeting is about (at most 200
		// characters); the list below gets the room that is left.
		b.WriteString(lipgloss.NewStyle().Width(width).Render(cat.T("agenda.theme", mt.Theme)) + "\n")
	}
	if mt.Link != "" {
		b.WriteString(linkLine(cat, mt.Link, width) + "\n")
	}
	total := session.TotalMinutes(s.items)
	fit := st.OK.Render("✓ " + cat.T("agenda.fits"))
	if total > mt.Minutes {
		fit = st.Error.Render("! " + cat.T("agenda.over", total-mt.Minutes))
	} else if total < mt.Minutes {
		fit = st.Subtle.Render(cat.T("agenda.spare", mt.Minutes-total))
	}
	b.WriteString("\n" + st.Accent.Bold(true).Render(cat.T("agenda.heading", total, mt.Minutes)) + "  " + fit + "\n")
	return b.String()
}

// agendaLines are the agenda's rows, the selected one marked.
func (s *meetingScreen) agendaLines(width int) []string {
	st, cat := s.C.Styles, s.C.Cat
	var lines []string
	kindW := 0
	for _, it := range s.items {
		kindW = max(kindW, lipgloss.Width(cat.T("kind."+string(it.Kind))))
	}
	titleW := max(width-kindW-16, 12)
	for i, it := range s.items {
		// Cut a long title to its column; wrapping it would break the row.
		title := truncate(fmt.Sprintf("%2d. %s", i+1, it.Title), titleW)
		title += strings.Repeat(" ", max(titleW-lipgloss.Width(title), 0))
		line := fmt.Sprintf("%s %-*s %3d min", title, kindW, cat.T("kind."+string(it.Kind)), it.Minutes)
		if i == s.cursor {
			line = st.Focused.Render("› " + line)
		} else {
			line = "  " + line
		}
		lines = append(lines, truncate(line, width))
	}
	if len(lines) == 0 {
		lines = append(lines, st.Subtle.Render("  "+cat.T("agenda.empty")))
	}
	return lines
}

// moreMarked is window with the first or last visible line turned into a
// marker when items are out of sight above or below, so that a short
// screen never hides agenda items silently. The marker line counts the
// item it covers.
func moreMarked(cat i18n.Catalog, st Styles, lines []string, cursor, height int) []string {
	if height < 3 || len(lines) <= height {
		return lines
	}
	start := min(max(cursor-height/2, 0), len(lines)-height)
	end := start + height
	vis := slices.Clone(lines[start:end])
	if start > 0 && cursor != start {
		vis[0] = st.Subtle.Render("  " + cat.N("agenda.more_above", start+1))
	}
	if end < len(lines) && cursor != end-1 {
		vis[len(vis)-1] = st.Subtle.Render("  " + cat.N("agenda.more_below", len(lines)-end+1))
	}
	return vis
}
