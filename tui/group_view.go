package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
)

// View draws the group at the size SetSize gave it.
func (g *groupScreen) View() string {
	s, cat, width := g.C.Styles, g.C.Cat, g.Width()
	if g.d == nil {
		if g.err != "" {
			return s.Error.Render("✗ " + g.err)
		}
		return s.Subtle.Render(cat.T("app.loading"))
	}
	var b strings.Builder
	b.WriteString(s.Header.Width(width).Render(g.d.Name+" · "+cat.T("grouprole."+string(g.d.MyRole))) + "\n")
	if g.form != nil {
		b.WriteString("\n" + g.form.fields().Render(s))
		return b.String()
	}
	b.WriteString(g.tabBar(width) + "\n\n")
	bodyH := g.bodyHeight()
	body := g.tabs[g.tab].lines(g, width)
	if g.tab == tabAgreement || g.tab == tabEvaluation {
		n := len(body)
		top := min(g.cursor[g.tab], max(n-bodyH, 0))
		body = body[top:min(top+bodyH, n)]
		if top+bodyH < n {
			body[len(body)-1] = s.Subtle.Render("  ↓ " + cat.T("group.more"))
		}
	} else {
		body = window(body, g.cursor[g.tab], bodyH)
	}
	b.WriteString(strings.Join(body, "\n") + "\n")
	if f := g.footer(width); f != "" {
		b.WriteString("\n" + f)
	}
	return b.String()
}

// bodyHeight is what the header, the tab bar and the footer leave: a
// status wrapped to two lines on a phone takes its second line from the
// tab, not from the screen's bottom, where it would be cut off.
func (g *groupScreen) bodyHeight() int {
	footer := 1
	if f := g.footer(g.Width()); f != "" {
		footer = lipgloss.Height(f)
	}
	return g.Height() - 4 - footer
}

// footer is the question, error or status under the tab, wrapped to width.
func (g *groupScreen) footer(width int) string {
	s := g.C.Styles
	switch {
	case g.confirm != nil:
		return g.confirm.View(width)
	case g.err != "":
		return lipgloss.NewStyle().Width(width).Render(s.Error.Render("✗ " + g.err))
	case g.status != "":
		return lipgloss.NewStyle().Width(width).Render(s.OK.Render("✓ " + g.status))
	}
	return ""
}

// tabBar names the tabs: the current one bold and bracketed, not only
// coloured. Narrow screens drop the padding, then the other tabs' names,
// rather than cut the last tab off.
func (g *groupScreen) tabBar(width int) string {
	s, cat := g.C.Styles, g.C.Cat
	var tabs []string
	for _, compact := range []int{0, 1, 2} {
		tabs = tabs[:0]
		for i, k := range tabKeys {
			label := fmt.Sprintf("%d %s", i+1, cat.T(k))
			pad := " "
			if compact > 0 {
				pad = ""
			}
			if compact > 1 && i != g.tab {
				label = fmt.Sprintf("%d", i+1)
			}
			switch {
			case i == g.tab:
				tabs = append(tabs, s.Focused.Render("["+label+"]"))
			case g.mustAck:
				tabs = append(tabs, s.Subtle.Strikethrough(true).Render(pad+label+pad))
			default:
				tabs = append(tabs, s.Subtle.Render(pad+label+pad))
			}
		}
		if ansi.StringWidth(strings.Join(tabs, " ")) <= width {
			break
		}
	}
	return strings.Join(tabs, " ")
}

// window keeps the line at cursor visible within height lines.
func window(lines []string, cursor, height int) []string {
	if height <= 0 || len(lines) <= height {
		return lines
	}
	start := min(max(cursor-height/2, 0), len(lines)-height)
	return lines[start : start+height]
}

// row marks the selected line of the current tab.
func (g *groupScreen) row(i int, text string) string {
	if i == g.cursor[g.tab] {
		return g.C.Styles.Focused.Render("› " + text)
	}
	return "  " + text
}

// formatStart shows a meeting's start in the server's zone, in the
// viewer's conventions, naming the zone.
func meetingStart(c *component.Common, t time.Time) string {
	if t.IsZero() {
		return c.Cat.T("meeting.unscheduled")
	}
	return c.Cat.WhenZone(t, c.Service.Loc)
}

// meetingWhen is when a meeting is: its planned start, with its state when
// it is live, and for an ended one when it was really held.
func meetingWhen(c *component.Common, mt *session.Meeting) string {
	switch {
	case mt.Held():
		return c.Cat.T("meeting.held", c.Cat.Span(mt.HeldFrom, mt.HeldTo, c.Service.Loc))
	case mt.State != session.MeetingPlanned:
		state := "[" + c.Cat.T("meeting.state."+string(mt.State)) + "]"
		if mt.StartsAt.IsZero() {
			return state // live now: not "not scheduled [live]"
		}
		return meetingStart(c, mt.StartsAt) + " " + state
	}
	return meetingStart(c, mt.StartsAt)
}
