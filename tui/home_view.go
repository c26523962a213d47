package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
)

func (h *home) View() string {
	width, height := h.Width(), h.Height()
	s, cat, p := h.C.Styles, h.C.Cat, h.C.Actor.Person
	var b strings.Builder
	b.WriteString(s.Header.Width(width).Render("piiri · "+p.Name+" · "+cat.Role(p.Role)) + "\n\n")
	if f := h.form(); f != nil {
		b.WriteString(f.Render(s))
		return b.String()
	}
	b.WriteString(s.Title.Render(cat.T("home.welcome", p.Name)) + "\n")
	if h.overview == nil {
		b.WriteString(s.Subtle.Render(cat.T("app.loading")) + "\n")
		return b.String()
	}
	o := h.overview
	if live := h.liveMeeting(); live != nil {
		// Wrapped, never cut: it says which key joins.
		b.WriteString("\n" + s.OK.Width(width).Render("● "+cat.T("home.live_now", live.GroupName, live.Title)) + "\n")
	}
	if h.requests > 0 {
		b.WriteString("\n" + s.Error.Render(truncate("! "+cat.N("home.quote_requests", h.requests), width)) + "\n")
	}
	if h.approved > 0 {
		b.WriteString("\n" + s.Subtle.Render(truncate("“ "+cat.N("home.quotes_approved", h.approved), width)) + "\n")
	}
	if len(h.drafts) > 0 {
		b.WriteString("\n" + s.Accent.Width(min(width, 76)).Render("✎ "+draftNotice(cat, h.drafts)) + "\n")
	}

	// The next meetings give way first on a short screen: the groups
	// and the tasks below them are drawn, then the meetings get the room
	// left (one at least, three at most).
	var rest strings.Builder
	h.restView(&rest, width)
	if len(o.Meetings) > 0 {
		n := min(len(o.Meetings), 3)
		if room := height - strings.Count(b.String(), "\n") - strings.Count(rest.String(), "\n") - 2; room < n {
			n = max(room, 1)
		}
		b.WriteString("\n" + s.Accent.Bold(true).Render(cat.T("home.next_meetings")) + "\n")
		for _, mt := range o.Meetings[:n] {
			line := fmt.Sprintf("%s · %s · %s", formatStart(cat, h.C.Service.Loc, mt.StartsAt), mt.GroupName, mt.Title)
			if mt.State == session.MeetingLive {
				if mt.StartsAt.IsZero() {
					// Live now says when: not "live not scheduled".
					line = fmt.Sprintf("%s · %s", mt.GroupName, mt.Title)
				}
				line = s.OK.Render("● "+cat.T("meeting.state.live")) + " · " + line
			}
			b.WriteString(truncate("  "+line, width) + "\n")
		}
	}
	b.WriteString(rest.String())
	return b.String()
}

// restView is the home screen under the next meetings: open tasks, the
// groups and the status line.
func (h *home) restView(b *strings.Builder, width int) {
	s, cat, p, o := h.C.Styles, h.C.Cat, h.C.Actor.Person, h.overview
	wrap := lipgloss.NewStyle().Width(min(width, 76)).PaddingLeft(2)
	if len(o.Tasks) > 0 {
		b.WriteString("\n" + s.Accent.Bold(true).Render(cat.T("home.open_tasks", len(o.Tasks))) + "\n")
		for i, t := range o.Tasks {
			if i == 3 {
				b.WriteString(s.Subtle.Render(fmt.Sprintf("  … +%d", len(o.Tasks)-3)) + "\n")
				break
			}
			b.WriteString(truncate(fmt.Sprintf("  ☐ %s · %s", t.GroupName, t.Title), width) + "\n")
		}
	}

	b.WriteString("\n" + s.Accent.Bold(true).Render(cat.T("home.groups")) + "\n")
	if len(o.Groups) == 0 {
		b.WriteString(wrap.Render(cat.T("home.no_groups."+string(p.Role))) + "\n")
	}
	for i, g := range o.Groups {
		marker := "  "
		name := g.Name
		if i == h.cursor {
			marker, name = s.Focused.Render("› "), s.Focused.Render(g.Name)
		}
		about := cat.T("grouprole." + string(g.MyRole))
		if g.Admitted { // the count is for those past the agreement
			about += " · " + cat.N("home.members", g.Members)
		}
		line := fmt.Sprintf("%s%s  %s", marker, name, s.Subtle.Render(about))
		if g.NeedsAck {
			// What to do comes whole: on a line of its own if need be.
			ack := s.Error.Render("! " + cat.T("home.needs_ack"))
			if ansi.StringWidth(line)+2+ansi.StringWidth(ack) > width {
				b.WriteString(truncate(line, width) + "\n")
				b.WriteString(s.Error.Width(width).PaddingLeft(4).Render("! "+cat.T("home.needs_ack")) + "\n")
				continue
			}
			line += "  " + ack
		}
		b.WriteString(truncate(line, width) + "\n")
	}
	switch {
	case h.err != "":
		// Wrapped: a long notice (such as a removal) must fit a phone.
		b.WriteString("\n" + s.Error.Width(min(width, 76)).Render("✗ "+h.err) + "\n")
	case h.status != "":
		b.WriteString("\n" + s.OK.Width(min(width, 76)).Render("✓ "+h.status) + "\n")
	}
}
