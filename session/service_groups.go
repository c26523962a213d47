package session

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// member returns the actor's membership of a group, once they have been
// admitted by acknowledging its agreement.
func (s *Service) member(ctx context.Context, a Actor, groupID int64) (*Member, error) {
	m, err := s.membership(ctx, a, groupID)
	if err != nil {
		return nil, err
	}
	if !m.Admitted() {
		return nil, Errorf(EForbidden, MsgAgreementFirst)
	}
	return m, nil
}

// membership returns the actor's membership of a group, admitted or not.
// A group the actor is not in is "not found": its existence is not
// revealed.
func (s *Service) membership(ctx context.Context, a Actor, groupID int64) (*Member, error) {
	if !a.Known() {
		return nil, forbidden(a)
	}
	m, err := s.store.Membership(ctx, groupID, a.Person.ID)
	if ErrorCode(err) == ENotFound {
		return nil, Errorf(ENotFound, MsgGroupNotFound)
	}
	return m, err
}

// leader returns the actor's membership if they lead the group.
func (s *Service) leader(ctx context.Context, a Actor, groupID int64) (*Member, error) {
	m, err := s.member(ctx, a, groupID)
	if err != nil {
		return nil, err
	}
	if !m.Role.Leads() {
		return nil, Errorf(EForbidden, MsgForbidden)
	}
	return m, nil
}

// Template returns a built-in template by id.
func (s *Service) Template(id string) (*Template, error) {
	for _, t := range s.templates {
		if t.ID == strings.TrimSpace(id) {
			return t, nil
		}
	}
	return nil, Errorf(EInvalid, MsgTemplateUnknown, id)
}

// groupTemplate loads a group and the template it was made from.
func (s *Service) groupTemplate(ctx context.Context, groupID int64) (*Group, *Template, error) {
	g, err := s.store.GroupByID(ctx, groupID)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.Template(g.Template)
	if err != nil {
		return nil, nil, err
	}
	return g, t, nil
}

// Templates lists the built-in templates.
func (s *Service) Templates() []*Template { return s.templates }

// CreateGroup makes a group from a template, with its texts in the
// creator's language. Facilitators and admins may.
func (s *Service) CreateGroup(ctx context.Context, a Actor, templateID, name string) (_ *Group, err error) {
	defer s.logChange(ctx, "CreateGroup", &err, "template", templateID)
	if !a.Known() {
		return nil, forbidden(a)
	}
	if a.Person.Role != RoleFacilitator && a.Person.Role != RoleAdmin {
		return nil, Errorf(EForbidden, MsgForbidden)
	}
	t, err := s.Template(templateID)
	if err != nil {
		return nil, err
	}
	name, err = cleanTitle(name, MaxGroupNameLen, MsgGroupNameEmpty)
	if err != nil {
		return nil, err
	}
	now, lang := s.now(), a.Person.Lang
	g := &Group{Name: name, Template: t.ID, Lang: lang, CreatedBy: a.Person.ID, CreatedAt: now}
	ta := t.Agreement
	ag := &Agreement{
		Goals: ta.Goals.In(lang), Schedule: ta.Schedule.In(lang), GroundRules: ta.GroundRules.In(lang),
		Confidentiality: ta.Confidentiality.In(lang), Leaving: ta.Leaving.In(lang),
		UpdatedAt: now, UpdatedBy: a.Person.ID,
	}
	var meetings []Meeting
	var agendas [][]AgendaItem
	for i, mt := range t.Meetings {
		m, items := meetingFromTemplate(mt, lang)
		m.Number = i + 1
		meetings = append(meetings, m)
		agendas = append(agendas, items)
	}
	creator := Member{PersonID: a.Person.ID, Role: GroupFacilitator, JoinedAt: now}
	if err := s.store.CreateGroup(ctx, g, creator, ag, meetings, agendas); err != nil {
		return nil, err
	}
	return g, nil
}

func meetingFromTemplate(mt MeetingTemplate, lang Lang) (Meeting, []AgendaItem) {
	m := Meeting{Title: mt.Title.In(lang), Theme: mt.Theme.In(lang), Minutes: mt.Minutes, State: MeetingPlanned}
	items := make([]AgendaItem, len(mt.Items))
	for i, it := range mt.Items {
		items[i] = AgendaItem{Position: i + 1, Title: it.Title.In(lang), Kind: it.Kind, Minutes: it.Minutes, Prompt: it.Prompt.In(lang), Anonymous: it.Anonymous}
	}
	return m, items
}

// Groups lists the actor's own groups.
func (s *Service) Groups(ctx context.Context, a Actor) (_ []GroupSummary, err error) {
	defer s.logRead(ctx, "Groups", &err)
	if !a.Known() {
		return nil, forbidden(a)
	}
	groups, err := s.store.GroupsOf(ctx, a.Person.ID, s.now())
	for i := range groups {
		groups[i].gate()
	}
	return groups, err
}

// FindGroup resolves what a person typed for a group — its id or its
// name — among the actor's own groups.
func (s *Service) FindGroup(ctx context.Context, a Actor, ref string) (_ *GroupSummary, err error) {
	defer s.logRead(ctx, "FindGroup", &err)
	groups, err := s.Groups(ctx, a)
	if err != nil {
		return nil, err
	}
	ref = strings.TrimSpace(ref)
	for i, g := range groups {
		if fmt.Sprint(g.ID) == ref || strings.EqualFold(g.Name, ref) {
			return &groups[i], nil
		}
	}
	return nil, Errorf(ENotFound, MsgGroupNotFound)
}

// Group returns everything the actor may see of one of their groups. Only
// leaders see who has acknowledged the agreement. Someone not admitted yet
// sees the group's name and its agreement, and of its members only
// themselves.
func (s *Service) Group(ctx context.Context, a Actor, groupID int64) (_ *GroupDetail, err error) {
	defer s.logRead(ctx, "Group", &err, "group", groupID)
	me, err := s.membership(ctx, a, groupID)
	if err != nil {
		return nil, err
	}
	g, err := s.store.GroupByID(ctx, groupID)
	if err != nil {
		return nil, err
	}
	d := &GroupDetail{Group: *g, MyRole: me.Role}
	ag, err := s.store.Agreement(ctx, groupID)
	if err != nil {
		return nil, err
	}
	d.Agreement = *ag
	if !me.Admitted() {
		d.Members = []Member{*me}
		return d, nil
	}
	if d.Members, err = s.store.Members(ctx, groupID); err != nil {
		return nil, err
	}
	if !me.Role.Leads() {
		for i := range d.Members {
			if d.Members[i].PersonID != a.Person.ID {
				d.Members[i].AckVersion = 0
			}
		}
	}
	if d.Meetings, err = s.store.Meetings(ctx, groupID); err != nil {
		return nil, err
	}
	if d.Tasks, err = s.store.Tasks(ctx, groupID, a.Person.ID); err != nil {
		return nil, err
	}
	return d, nil
}

// UpdateAgreement saves a new version of the group agreement; every member
// is asked to acknowledge it again. Leaders may. ag.Version is the version
// the editor started from: if another leader saved in between, the save is
// refused (MsgAgreementChanged) rather than silently overwriting theirs. 0
// skips the check.
func (s *Service) UpdateAgreement(ctx context.Context, a Actor, ag Agreement) (_ *Agreement, err error) {
	defer s.logChange(ctx, "UpdateAgreement", &err, "group", ag.GroupID)
	if _, err := s.leader(ctx, a, ag.GroupID); err != nil {
		return nil, err
	}
	if err := ag.clean(); err != nil {
		return nil, err
	}
	ag.UpdatedAt, ag.UpdatedBy = s.now(), a.Person.ID
	if err := s.store.SaveAgreement(ctx, &ag); err != nil {
		return nil, err
	}
	return &ag, nil
}

// AcknowledgeAgreement records that the actor accepts the version of the
// agreement they were shown.
func (s *Service) AcknowledgeAgreement(ctx context.Context, a Actor, groupID int64, version int) (err error) {
	defer s.logChange(ctx, "AcknowledgeAgreement", &err, "group", groupID, "version", version)
	if _, err := s.membership(ctx, a, groupID); err != nil {
		return err
	}
	if err := s.store.Acknowledge(ctx, groupID, a.Person.ID, version); err != nil {
		return err
	}
	s.groupChanged(ctx, groupID) // the members tab shows it at once
	return nil
}

// CreateGroupInvite makes an invite into a group with a group role. The
// group's leaders may; only a facilitator may invite another leader.
func (s *Service) CreateGroupInvite(ctx context.Context, a Actor, groupID int64, role GroupRole, uses int, ttl time.Duration) (_ *Invite, err error) {
	defer s.logChange(ctx, "CreateGroupInvite", &err, "group", groupID, "role", role)
	me, err := s.leader(ctx, a, groupID)
	if err != nil {
		return nil, err
	}
	role, err = ParseGroupRole(string(role))
	if err != nil {
		return nil, err
	}
	if role.Leads() && me.Role != GroupFacilitator {
		return nil, Errorf(EForbidden, MsgLeaderRoleInvite)
	}
	spec := InviteSpec{Role: RoleMember, Uses: uses, TTL: ttl}
	if err := spec.normalise(); err != nil {
		return nil, err
	}
	inv := s.newInvite(a, spec)
	inv.GroupID, inv.GroupRole = groupID, role
	if err := s.store.CreateInvite(ctx, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// JoinGroup redeems a group invite with a key that has already joined.
func (s *Service) JoinGroup(ctx context.Context, a Actor, code string) (_ *Group, err error) {
	defer s.logChange(ctx, "JoinGroup", &err)
	if !a.Known() {
		return nil, forbidden(a)
	}
	code = NormaliseCode(CleanLine(code))
	if code == "" {
		return nil, Errorf(EInvalid, MsgInviteCodeEmpty)
	}
	g, err := s.store.JoinGroup(ctx, code, a.Person.ID, s.now())
	if err != nil {
		return nil, err
	}
	s.groupChanged(ctx, g.ID)
	return g, nil
}

// RemoveMember takes someone out of a group. Leaders may remove others;
// anyone may remove themselves (leave). The last facilitator cannot go.
func (s *Service) RemoveMember(ctx context.Context, a Actor, groupID, personID int64) (err error) {
	defer s.logChange(ctx, "RemoveMember", &err, "group", groupID, "member", personID)
	me, err := s.membership(ctx, a, groupID)
	if err != nil {
		return err
	}
	if personID != a.Person.ID {
		// Anyone may leave; removing someone else takes an admitted leader.
		if !me.Admitted() {
			return Errorf(EForbidden, MsgAgreementFirst)
		}
		if !me.Role.Leads() {
			return Errorf(EForbidden, MsgForbidden)
		}
	}
	target, err := s.store.Membership(ctx, groupID, personID)
	if ErrorCode(err) == ENotFound {
		return Errorf(ENotFound, MsgNotMember)
	} else if err != nil {
		return err
	}
	// Only a facilitator removes another leader, as only they invite one.
	if personID != a.Person.ID && target.Role.Leads() && me.Role != GroupFacilitator {
		return Errorf(EForbidden, MsgForbidden)
	}
	if err := s.store.RemoveMember(ctx, groupID, personID); err != nil {
		return err
	}
	s.dropFromRooms(ctx, groupID, personID)
	s.groupChanged(ctx, groupID)
	return nil
}

// LeaveGroup removes the actor from a group.
func (s *Service) LeaveGroup(ctx context.Context, a Actor, groupID int64) (err error) {
	defer s.logChange(ctx, "LeaveGroup", &err, "group", groupID)
	if !a.Known() {
		return forbidden(a)
	}
	return s.RemoveMember(ctx, a, groupID, a.Person.ID)
}

// Overview is home's summary: the actor's groups, next meetings and open
// tasks.
func (s *Service) Overview(ctx context.Context, a Actor) (_ *Overview, err error) {
	defer s.logRead(ctx, "Overview", &err)
	if !a.Known() {
		return nil, forbidden(a)
	}
	var o Overview
	if o.Groups, err = s.store.GroupsOf(ctx, a.Person.ID, s.now()); err != nil {
		return nil, err
	}
	for i := range o.Groups {
		o.Groups[i].gate()
	}
	if o.Meetings, err = s.store.Upcoming(ctx, a.Person.ID, s.now().Add(-12*time.Hour), 5); err != nil {
		return nil, err
	}
	if o.Tasks, err = s.store.OpenTasks(ctx, a.Person.ID); err != nil {
		return nil, err
	}
	return &o, nil
}
