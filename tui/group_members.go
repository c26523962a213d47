package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
)

// membersTab lists the members; leaders invite and remove them.
type membersTab struct{}

func (membersTab) enable(g *groupScreen, k *groupKeyMap) []key.Binding {
	var bar []key.Binding
	if g.leads() {
		k.Invite.SetEnabled(true)
		k.Remove.SetEnabled(true)
		bar = []key.Binding{k.Invite, k.Remove}
	}
	return append(bar, k.Leave)
}

func (membersTab) key(g *groupScreen, k tea.KeyPressMsg) (tea.Cmd, bool) {
	cur := g.cursor[tabMembers]
	switch {
	case key.Matches(k, g.keys.Invite):
		return g.openForm(newInviteForm(g)), true
	case key.Matches(k, g.keys.Remove):
		if cur >= len(g.d.Members) {
			return nil, true
		}
		mem := g.d.Members[cur]
		if mem.PersonID == g.C.Actor.Person.ID {
			return g.askLeave(), true
		}
		gid := g.id
		g.confirm = component.NewConfirm(g.C, g.C.Cat.T("group.confirm_remove", mem.Name), func() tea.Cmd {
			return g.change("group.member_removed", []any{mem.Name}, func(ctx context.Context, svc *session.Service, a session.Actor) error {
				return svc.RemoveMember(ctx, a, gid, mem.PersonID)
			})
		})
		return nil, true
	}
	return nil, false
}

func (membersTab) lines(g *groupScreen, width int) []string {
	cat := g.C.Cat
	var out []string
	for i, mem := range g.d.Members {
		line := fmt.Sprintf("%-28s %s", mem.Name, cat.T("grouprole."+string(mem.Role)))
		if g.leads() {
			if mem.AckVersion >= g.d.Agreement.Version {
				line += "  ✓ " + cat.T("group.acked")
			} else {
				line += "  … " + cat.T("group.not_acked")
			}
		}
		out = append(out, truncate(g.row(i, line), width))
	}
	return out
}

// askLeave asks before the viewer leaves the group.
func (g *groupScreen) askLeave() tea.Cmd {
	gid := g.id
	g.confirm = component.NewConfirm(g.C, g.C.Cat.T("group.confirm_leave", g.d.Name), func() tea.Cmd {
		return groupCall(g, func(ctx context.Context, svc *session.Service, a session.Actor) (struct{}, error) {
			return struct{}{}, svc.LeaveGroup(ctx, a, gid)
		}, func(_ struct{}, err error) tea.Msg { return leftMsg{err} })
	})
	return nil
}

// inviteForm makes an invite code for the group: role, uses, expiry.
type inviteForm struct{ f *form.Form }

type inviteMadeMsg struct {
	inv *session.Invite
	err error
}

func newInviteForm(g *groupScreen) inviteForm {
	cat := g.C.Cat
	f := form.New(cat.T("group.invite_title"))
	var values, labels []string
	for _, r := range session.GroupRoles {
		if r.Leads() && g.d.MyRole != session.GroupFacilitator {
			continue
		}
		values = append(values, string(r))
		labels = append(labels, cat.T("grouprole."+string(r)))
	}
	f.Choice(cat.T("group.invite_role"), values, labels, string(defaultInviteRole(g.d.Template))).Compact = true
	f.Text(cat.T("group.invite_uses"), "1", 4)
	f.Text(cat.T("group.invite_expires"), "7d", 6).Hint = cat.T("group.invite_expires_hint")
	f.Focus = 0
	return inviteForm{f}
}

func (i inviteForm) fields() *form.Form { return i.f }

func (i inviteForm) submit(g *groupScreen) tea.Cmd {
	gid, role := g.id, session.GroupRole(i.f.Value(0))
	uses, err := strconv.Atoi(strings.TrimSpace(i.f.Value(1)))
	if err != nil {
		uses = -1 // the Service explains the range
	}
	expires := i.f.Value(2)
	return groupCall(g, func(ctx context.Context, svc *session.Service, a session.Actor) (*session.Invite, error) {
		ttl, err := session.ParseTTL(expires)
		if err != nil {
			return nil, err
		}
		return svc.CreateGroupInvite(ctx, a, gid, role, uses, ttl)
	}, func(inv *session.Invite, err error) tea.Msg { return inviteMadeMsg{inv, err} })
}

// inviteMade shows the new code and opens the message to send with it.
func (g *groupScreen) inviteMade(msg inviteMadeMsg) tea.Cmd {
	cat := g.C.Cat
	if msg.err != nil {
		g.failed(msg.err)
		return nil
	}
	g.form, g.err = nil, ""
	g.status = cat.N("group.invite_made", msg.inv.UsesLeft, session.FormatCode(msg.inv.Code),
		cat.T("grouprole."+string(msg.inv.GroupRole)), meetingStart(g.C, msg.inv.ExpiresAt))
	// The whole message to send, ready to copy.
	return g.C.Nav.Push(newInviteScreen(g.app, msg.inv, g.d.Name, g.status))
}

// defaultInviteRole is the role most people in a format have.
func defaultInviteRole(template string) session.GroupRole {
	switch template {
	case "supervisor-peer":
		return session.GroupSupervisor
	case "mepe":
		return session.GroupMentor
	}
	return session.GroupParticipant
}
