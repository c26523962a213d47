package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/piiri/piiri/session"
)

// meetingsTab lists the group's meetings; leaders add them.
type meetingsTab struct{}

func (meetingsTab) enable(g *groupScreen, k *groupKeyMap) []key.Binding {
	k.Open.SetEnabled(true)
	if !g.leads() {
		return []key.Binding{k.Open}
	}
	k.AddMeeting.SetEnabled(true)
	return []key.Binding{k.Open, k.AddMeeting}
}

func (meetingsTab) key(g *groupScreen, k tea.KeyPressMsg) (tea.Cmd, bool) {
	cur := g.cursor[tabMeetings]
	switch {
	case key.Matches(k, g.keys.Open):
		if cur < len(g.d.Meetings) {
			return g.C.Nav.Push(newMeetingScreen(g.app, g.d.Meetings[cur].ID, g.d.Name, g.leads())), true
		}
		return nil, true
	case key.Matches(k, g.keys.AddMeeting):
		id := g.id
		return groupCall(g, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Meeting, error) {
			return svc.AddMeeting(ctx, a, id)
		}, func(_ *session.Meeting, err error) tea.Msg { return doneMsg{"group.meeting_added", nil, err} }), true
	}
	return nil, false
}

func (meetingsTab) lines(g *groupScreen, width int) []string {
	var out []string
	// On a narrow screen the title gives way, so that when stays whole.
	whens, whenW := make([]string, len(g.d.Meetings)), 0
	for i := range g.d.Meetings {
		whens[i] = meetingWhen(g.C, &g.d.Meetings[i])
		whenW = max(whenW, lipgloss.Width(whens[i]))
	}
	titleW := min(max(width-whenW-4, 12), 34)
	for i, mt := range g.d.Meetings {
		title := truncate(mt.Title, titleW)
		title += strings.Repeat(" ", max(titleW-lipgloss.Width(title), 0))
		out = append(out, truncate(g.row(i, title+" "+whens[i]), width))
	}
	if len(out) == 0 {
		out = append(out, g.C.Styles.Subtle.Render("  "+g.C.Cat.T("group.no_meetings")))
	}
	return out
}
