package session_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

func memberOf(d *session.GroupDetail, personID int64) *session.Member {
	for i := range d.Members {
		if d.Members[i].PersonID == personID {
			return &d.Members[i]
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

func TestCreateGroupRights(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	unknown, _ := svc.Identify(ctx, w.MustKey())
	tests := []struct {
		name     string
		actor    session.Actor
		code     string
		msg      string
		wantSave bool
	}{
		{"facilitator", w.MustPerson(t, session.RoleFacilitator, "Fasi"), "", "", true},
		{"admin", w.MustPerson(t, session.RoleAdmin, "Admin"), "", "", true},
		{"member", w.MustPerson(t, session.RoleMember, "Jäsen"), session.EForbidden, session.MsgForbidden, false},
		{"unknown key", unknown, session.EUnauthorized, session.MsgNotJoined, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := svc.CreateGroup(ctx, tt.actor, "mentor-group", "Ryhmä "+tt.name)
			if tt.code != "" {
				wantErr(t, err, tt.code, tt.msg)
				if g != nil {
					t.Fatalf("group returned with an error: %+v", g)
				}
				if tt.actor.Known() {
					if gs, err := svc.Groups(ctx, tt.actor); err != nil || len(gs) != 0 {
						t.Fatalf("Groups after refusal = %+v, %v", gs, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			gs := w.MustSummary(t, tt.actor, g.ID)
			if gs.MyRole != session.GroupFacilitator || gs.Members != 1 || gs.NeedsAck || gs.Template != "mentor-group" {
				t.Fatalf("summary = %+v", gs)
			}
			d := w.MustDetail(t, tt.actor, g.ID)
			me := memberOf(d, tt.actor.Person.ID)
			if me == nil || me.Role != session.GroupFacilitator || me.AckVersion != 1 || d.Agreement.Version != 1 || d.NeedsAck(tt.actor.Person.ID) {
				t.Fatalf("creator = %+v, agreement v%d", me, d.Agreement.Version)
			}
			if d.CreatedBy != tt.actor.Person.ID || d.Agreement.UpdatedBy != tt.actor.Person.ID {
				t.Fatalf("created by %d, agreement by %d, want %d", d.CreatedBy, d.Agreement.UpdatedBy, tt.actor.Person.ID)
			}
		})
	}
}

func TestCreateGroupValidationSavesNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	tests := []struct {
		name, template, group string
		msg                   string
	}{
		{"unknown template", "book-club", "Ryhmä", session.MsgTemplateUnknown},
		{"empty template", "", "Ryhmä", session.MsgTemplateUnknown},
		{"empty name", "mepe", "", session.MsgGroupNameEmpty},
		{"blank name", "mepe", " \t ", session.MsgGroupNameEmpty},
		{"escapes only", "mepe", "\x1b[2J\x1b]0;x\x07\a", session.MsgGroupNameEmpty},
		{"81 characters", "mepe", strings.Repeat("ä", session.MaxGroupNameLen+1), session.MsgTextTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := svc.CreateGroup(ctx, f, tt.template, tt.group)
			wantErr(t, err, session.EInvalid, tt.msg)
			if g != nil {
				t.Fatalf("group returned with an error: %+v", g)
			}
		})
	}
	if gs, err := svc.Groups(ctx, f); err != nil || len(gs) != 0 {
		t.Fatalf("Groups after refusals = %+v, %v", gs, err)
	}
	if ms, err := svc.Meetings(ctx, f, 0); err != nil || len(ms) != 0 {
		t.Fatalf("Meetings after refusals = %+v, %v", ms, err)
	}
	// The limits are inclusive, and the name is sanitised before counting.
	g, err := svc.CreateGroup(ctx, f, " mepe ", " \x1b[1m"+strings.Repeat("ä", session.MaxGroupNameLen)+"\x1b[0m ")
	if err != nil {
		t.Fatalf("80-character name: %v", err)
	}
	if g.Name != strings.Repeat("ä", session.MaxGroupNameLen) || g.Template != "mepe" {
		t.Fatalf("group = %+v", g)
	}
}

func TestCreateGroupCopiesTemplateInCreatorsLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range session.Langs {
		for _, templateID := range []string{"mepe", "mentor-group", "supervisor-peer"} {
			t.Run(string(lang)+"/"+templateID, func(t *testing.T) {
				w := newWorld(t)
				svc := w.svc
				ctx := context.Background()
				f := w.MustPersonLang(t, session.RoleFacilitator, "Fasi", lang)
				tp, err := svc.Template(templateID)
				if err != nil {
					t.Fatal(err)
				}
				g := w.MustGroup(t, f, templateID, "Ryhmä")
				if g.Lang != lang || g.Template != templateID {
					t.Fatalf("group = %+v", g)
				}
				d := w.MustDetail(t, f, g.ID)
				ta := tp.Agreement
				want := []string{ta.Goals.In(lang), ta.Schedule.In(lang), ta.GroundRules.In(lang), ta.Confidentiality.In(lang), ta.Leaving.In(lang)}
				for i, s := range d.Agreement.Sections() {
					if *s.Text != want[i] || *s.Text == "" {
						t.Errorf("agreement %s = %q, want %q", s.Label, *s.Text, want[i])
					}
				}
				if len(d.Meetings) != len(tp.Meetings) {
					t.Fatalf("%d meetings, want %d", len(d.Meetings), len(tp.Meetings))
				}
				for i, m := range d.Meetings {
					mt := tp.Meetings[i]
					if m.Number != i+1 || m.Title != mt.Title.In(lang) || m.Theme != mt.Theme.In(lang) ||
						m.Minutes != mt.Minutes || m.State != session.MeetingPlanned || m.Scheduled() || m.GroupID != g.ID {
						t.Errorf("meeting %d = %+v", i+1, m)
					}
					_, items, err := svc.Meeting(ctx, f, m.ID)
					if err != nil {
						t.Fatal(err)
					}
					if len(items) != len(mt.Items) {
						t.Fatalf("meeting %d: %d items, want %d", i+1, len(items), len(mt.Items))
					}
					for j, it := range items {
						ti := mt.Items[j]
						if it.Position != j+1 || it.Title != ti.Title.In(lang) || it.Kind != ti.Kind ||
							it.Minutes != ti.Minutes || it.Prompt != ti.Prompt.In(lang) || it.MeetingID != m.ID {
							t.Errorf("meeting %d item %d = %+v, want %+v", i+1, j+1, it, ti)
						}
					}
				}
			})
		}
	}
	// Spot-check the Finnish words themselves, so that In() is not
	// silently returning English.
	w := newWorld(t)
	svc := w.svc
	fi := w.MustPersonLang(t, session.RoleFacilitator, "Ohjaaja", session.LangFI)
	g := w.MustGroup(t, fi, "mepe", "Mepe syksy")
	d := w.MustDetail(t, fi, g.ID)
	if d.Meetings[0].Title != "1. Orientaatio" || d.Meetings[4].Title != "5. Päätöstapaaminen" {
		t.Fatalf("Finnish titles = %q, %q", d.Meetings[0].Title, d.Meetings[4].Title)
	}
	_, items, _ := svc.Meeting(context.Background(), fi, d.Meetings[0].ID)
	if items[0].Title != "Kuulumiskierros" {
		t.Fatalf("Finnish item title = %q", items[0].Title)
	}
}

func TestGroupInviteRights(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, f, "mentor-group", "Ryhmä")
	co := w.MustMember(t, f, g.ID, session.GroupCoFacilitator, "Kofasi")
	mentor := w.MustMember(t, f, g.ID, session.GroupMentor, "Mentori")
	outsider := w.MustPerson(t, session.RoleFacilitator, "Ulkopuolinen")
	admin := w.MustPerson(t, session.RoleAdmin, "Admin")
	unknown, _ := svc.Identify(ctx, w.MustKey())

	tests := []struct {
		name      string
		actor     session.Actor
		role      session.GroupRole
		code, msg string
	}{
		{"facilitator invites facilitator", f, session.GroupFacilitator, "", ""},
		{"facilitator invites co-facilitator", f, session.GroupCoFacilitator, "", ""},
		{"facilitator invites aktori", f, session.GroupAktori, "", ""},
		{"co-facilitator invites mentor", co, session.GroupMentor, "", ""},
		{"co-facilitator invites supervisor", co, session.GroupSupervisor, "", ""},
		{"co-facilitator invites participant", co, session.GroupParticipant, "", ""},
		{"co-facilitator invites facilitator", co, session.GroupFacilitator, session.EForbidden, session.MsgLeaderRoleInvite},
		{"co-facilitator invites co-facilitator", co, session.GroupCoFacilitator, session.EForbidden, session.MsgLeaderRoleInvite},
		{"member invites", mentor, session.GroupMentor, session.EForbidden, session.MsgForbidden},
		{"member invites leader", mentor, session.GroupFacilitator, session.EForbidden, session.MsgForbidden},
		{"outsider facilitator", outsider, session.GroupMentor, session.ENotFound, session.MsgGroupNotFound},
		{"admin outside the group", admin, session.GroupMentor, session.ENotFound, session.MsgGroupNotFound},
		{"unknown key", unknown, session.GroupMentor, session.EUnauthorized, session.MsgNotJoined},
		{"unknown group role", f, "boss", session.EInvalid, session.MsgGroupRoleInvalid},
		{"empty group role", f, "", session.EInvalid, session.MsgGroupRoleInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := svc.CreateGroupInvite(ctx, tt.actor, g.ID, tt.role, 0, 0)
			if tt.code != "" {
				wantErr(t, err, tt.code, tt.msg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if inv.GroupID != g.ID || inv.GroupRole != tt.role || inv.Role != session.RoleMember ||
				inv.UsesLeft != session.DefaultInviteUses || inv.ExpiresAt.Sub(inv.CreatedAt) != session.DefaultInviteTTL ||
				inv.CreatedBy != tt.actor.Person.ID {
				t.Fatalf("invite = %+v", inv)
			}
		})
	}
	for _, tt := range []struct {
		uses int
		ttl  time.Duration
		msg  string
	}{
		{-1, 0, session.MsgUsesInvalid},
		{session.MaxInviteUses + 1, 0, session.MsgUsesInvalid},
		{1, time.Second, session.MsgExpiryInvalid},
		{1, session.MaxInviteTTL + time.Hour, session.MsgExpiryInvalid},
	} {
		_, err := svc.CreateGroupInvite(ctx, f, g.ID, session.GroupMentor, tt.uses, tt.ttl)
		wantErr(t, err, session.EInvalid, tt.msg)
	}
	// A nonexistent group looks the same as someone else's.
	_, err := svc.CreateGroupInvite(ctx, f, g.ID+1000, session.GroupMentor, 1, 0)
	wantErr(t, err, session.ENotFound, session.MsgGroupNotFound)
}

// TestGroupInviteRoleIsNormalised: CreateGroupInvite checks the role with
// ParseGroupRole but keeps the value as passed.
func TestGroupInviteRoleIsNormalised(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, f, "mentor-group", "Ryhmä")
	co := w.MustMember(t, f, g.ID, session.GroupCoFacilitator, "Kofasi")

	inv, err := svc.CreateGroupInvite(ctx, f, g.ID, " Mentor ", 1, 0)
	if err != nil || inv.GroupRole != session.GroupMentor {
		t.Errorf("invite = %+v, %v; want group role %q", inv, err, session.GroupMentor)
	}
	_, err = svc.CreateGroupInvite(ctx, co, g.ID, "Facilitator", 1, 0)
	wantErr(t, err, session.EForbidden, session.MsgLeaderRoleInvite)
}

func TestRedeemGroupInviteMakesGlobalMember(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, f, "mepe", "Mepe")
	inv, err := svc.CreateGroupInvite(ctx, f, g.ID, session.GroupAktori, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := svc.Identify(ctx, w.MustKey())
	p, err := svc.Redeem(ctx, a, session.RedeemRequest{Code: session.FormatCode(inv.Code), Name: "Aktori", Lang: "fi"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != session.RoleMember {
		t.Fatalf("global role = %s, want member", p.Role)
	}
	a = w.MustIdentify(t, a)
	gs := w.MustSummary(t, a, g.ID)
	// Before the agreement: the name and one's role, not the group's size.
	if gs.MyRole != session.GroupAktori || gs.Members != 0 || !gs.NeedsAck || gs.Admitted || gs.Name != "Mepe" {
		t.Fatalf("summary = %+v", gs)
	}
	d := w.MustDetail(t, f, g.ID)
	m := memberOf(d, p.ID)
	if m == nil || m.Role != session.GroupAktori || m.Name != "Aktori" || m.AckVersion != 0 || !m.JoinedAt.Equal(svc.Now().UTC()) {
		t.Fatalf("membership = %+v", m)
	}
	// Leaders are listed first.
	if d.Members[0].PersonID != f.Person.ID {
		t.Fatalf("members = %+v, want the facilitator first", d.Members)
	}
	// The invite is used up.
	b, _ := svc.Identify(ctx, w.MustKey())
	_, err = svc.Redeem(ctx, b, session.RedeemRequest{Code: inv.Code, Name: "Toinen", Lang: "fi"})
	wantErr(t, err, session.EInvalid, session.MsgInviteUsedUp)
	// The group invite made a member, not someone who may create groups.
	_, err = svc.CreateGroup(ctx, a, "mepe", "Oma")
	wantErr(t, err, session.EForbidden, session.MsgForbidden)
}

func TestJoinGroupWithKnownKey(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, f, "supervisor-peer", "Esihenkilöt")
	inv, err := svc.CreateGroupInvite(ctx, f, g.ID, session.GroupSupervisor, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := w.MustPerson(t, session.RoleAdmin, "Pia")
	q := w.MustPerson(t, session.RoleMember, "Quinn")
	r := w.MustPerson(t, session.RoleFacilitator, "Riku")

	got, err := svc.JoinGroup(ctx, p, " "+strings.ToLower(session.FormatCode(inv.Code))+" ")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != g.ID || got.Name != "Esihenkilöt" {
		t.Fatalf("joined %+v", got)
	}
	if gs := w.MustSummary(t, p, g.ID); gs.MyRole != session.GroupSupervisor || !gs.NeedsAck {
		t.Fatalf("summary = %+v", gs)
	}
	if w.MustIdentify(t, p).Person.Role != session.RoleAdmin {
		t.Fatal("joining a group changed the global role")
	}
	// Joining again is a conflict and does not take the second use...
	_, err = svc.JoinGroup(ctx, p, inv.Code)
	wantErr(t, err, session.EConflict, session.MsgAlreadyMember)
	// ...nor does the creator joining their own group.
	_, err = svc.JoinGroup(ctx, f, inv.Code)
	wantErr(t, err, session.EConflict, session.MsgAlreadyMember)
	if m := memberOf(w.MustDetail(t, f, g.ID), f.Person.ID); m.Role != session.GroupFacilitator {
		t.Fatalf("creator's role after a refused join = %s", m.Role)
	}
	// ...so another person can still use it,
	if _, err := svc.JoinGroup(ctx, q, inv.Code); err != nil {
		t.Fatalf("second use after a refused join: %v", err)
	}
	// and then it is used up.
	_, err = svc.JoinGroup(ctx, r, inv.Code)
	wantErr(t, err, session.EInvalid, session.MsgInviteUsedUp)
	if d := w.MustDetail(t, f, g.ID); len(d.Members) != 3 {
		t.Fatalf("members = %+v, want facilitator, Pia and Quinn", d.Members)
	}
}

func TestJoinGroupRefusals(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, f, "mentor-group", "Ryhmä")
	p := w.MustPerson(t, session.RoleMember, "Pia")
	unknown, _ := svc.Identify(ctx, w.MustKey())

	plain, err := svc.CreateInvite(ctx, session.Operator(), session.InviteSpec{Role: session.RoleFacilitator})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.JoinGroup(ctx, p, plain.Code)
	wantErr(t, err, session.EInvalid, session.MsgInviteNoGroup)
	_, err = svc.JoinGroup(ctx, p, "")
	wantErr(t, err, session.EInvalid, session.MsgInviteCodeEmpty)
	_, err = svc.JoinGroup(ctx, p, " -\x1b[2J ")
	wantErr(t, err, session.EInvalid, session.MsgInviteCodeEmpty)
	_, err = svc.JoinGroup(ctx, p, "AAAA-BBBB-CCCC")
	wantErr(t, err, session.EInvalid, session.MsgInviteUnknown)

	inv, err := svc.CreateGroupInvite(ctx, f, g.ID, session.GroupMentor, 5, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.JoinGroup(ctx, unknown, inv.Code)
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)

	now.Add(time.Hour)
	_, err = svc.JoinGroup(ctx, p, inv.Code)
	wantErr(t, err, session.EInvalid, session.MsgInviteExpired)
	_, err = svc.Redeem(ctx, unknown, session.RedeemRequest{Code: inv.Code, Name: "Uusi", Lang: "fi"})
	wantErr(t, err, session.EInvalid, session.MsgInviteExpired)

	if gs, err := svc.Groups(ctx, p); err != nil || len(gs) != 0 {
		t.Fatalf("Pia's groups after refusals = %+v, %v", gs, err)
	}
	if d := w.MustDetail(t, f, g.ID); len(d.Members) != 1 {
		t.Fatalf("members after refusals = %+v", d.Members)
	}
	// The refused JoinGroup did not spend the plain invite.
	if _, err := svc.Redeem(ctx, unknown, session.RedeemRequest{Code: plain.Code, Name: "Uusi", Lang: "fi"}); err != nil {
		t.Fatalf("plain invite after a refused JoinGroup: %v", err)
	}
}

func TestAgreementAcknowledgement(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, f, "mentor-group", "Ryhmä")
	co := w.MustPending(t, f, g.ID, session.GroupCoFacilitator, "Kofasi")
	m := w.MustPending(t, f, g.ID, session.GroupMentor, "Mentori")

	needsAck := func(a session.Actor) bool {
		t.Helper()
		s := w.MustSummary(t, a, g.ID).NeedsAck
		d := w.MustDetail(t, a, g.ID).NeedsAck(a.Person.ID)
		if s != d {
			t.Fatalf("%s: GroupSummary.NeedsAck = %v, GroupDetail.NeedsAck = %v", a.Person.Name, s, d)
		}
		return s
	}
	if needsAck(f) || !needsAck(co) || !needsAck(m) {
		t.Fatal("after joining: want only the new members to need an acknowledgement")
	}
	// Until then the rest of the group is closed to them: they see the
	// group's name and agreement, of its members only themselves, and
	// nothing else.
	if d := w.MustDetail(t, m, g.ID); len(d.Members) != 1 || d.Members[0].PersonID != m.Person.ID ||
		len(d.Meetings) != 0 || len(d.Tasks) != 0 || d.Agreement.Version != 1 || d.Name != "Ryhmä" {
		t.Fatalf("the group before the agreement: %+v", d)
	}
	_, err := svc.Meetings(ctx, m, g.ID)
	wantErr(t, err, session.EForbidden, session.MsgAgreementFirst)
	_, err = svc.CreateGroupInvite(ctx, co, g.ID, session.GroupMentor, 1, 0)
	wantErr(t, err, session.EForbidden, session.MsgAgreementFirst)
	if rs, err := svc.Reflections(ctx, m, session.ReflectionFilter{}); err != nil || len(rs) != 0 {
		t.Fatalf("reflections before the agreement: %v, %v", rs, err)
	}
	if err := svc.AcknowledgeAgreement(ctx, m, g.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := svc.AcknowledgeAgreement(ctx, co, g.ID, 1); err != nil {
		t.Fatal(err)
	}
	if needsAck(m) || needsAck(co) {
		t.Fatal("acknowledged, still needs ack")
	}
	if _, err := svc.Meetings(ctx, m, g.ID); err != nil {
		t.Fatalf("Meetings once admitted: %v", err)
	}
	// Acknowledging the same version again is harmless.
	if err := svc.AcknowledgeAgreement(ctx, m, g.ID, 1); err != nil {
		t.Fatal(err)
	}

	// The co-facilitator edits: version 2, everyone but the editor asked again.
	now.Add(time.Hour)
	old := w.MustDetail(t, co, g.ID).Agreement
	edit := old
	edit.Goals = "Uudet tavoitteet"
	stale := edit
	stale.Version = 99 // not the version the agreement is at: refused
	_, err = svc.UpdateAgreement(ctx, co, stale)
	wantErr(t, err, session.EConflict, session.MsgAgreementChanged)
	saved, err := svc.UpdateAgreement(ctx, co, edit)
	if err != nil {
		t.Fatal(err)
	}
	// A second leader who started from version 1 does not overwrite it.
	_, err = svc.UpdateAgreement(ctx, f, edit)
	wantErr(t, err, session.EConflict, session.MsgAgreementChanged)
	if saved.Version != 2 || saved.UpdatedBy != co.Person.ID || !saved.UpdatedAt.Equal(now.Now().UTC()) {
		t.Fatalf("saved = %+v", saved)
	}
	ag := w.MustDetail(t, m, g.ID).Agreement
	if ag.Version != 2 || ag.Goals != "Uudet tavoitteet" || ag.Schedule != old.Schedule || ag.UpdatedBy != co.Person.ID {
		t.Fatalf("agreement now = %+v", ag)
	}
	if needsAck(co) || !needsAck(f) || !needsAck(m) {
		t.Fatal("after an edit: want everyone but the editor to need an acknowledgement")
	}
	// A new version is asked for, but does not lock out someone admitted.
	if _, err := svc.Meetings(ctx, m, g.ID); err != nil {
		t.Fatalf("Meetings with a newer agreement to acknowledge: %v", err)
	}
	// A member who read version 1 cannot acknowledge it now.
	err = svc.AcknowledgeAgreement(ctx, m, g.ID, 1)
	wantErr(t, err, session.EConflict, session.MsgAgreementChanged)
	err = svc.AcknowledgeAgreement(ctx, m, g.ID, 3)
	wantErr(t, err, session.EConflict, session.MsgAgreementChanged)
	if !needsAck(m) {
		t.Fatal("a refused acknowledgement cleared NeedsAck")
	}
	if err := svc.AcknowledgeAgreement(ctx, m, g.ID, 2); err != nil {
		t.Fatal(err)
	}
	if err := svc.AcknowledgeAgreement(ctx, f, g.ID, 2); err != nil {
		t.Fatal(err)
	}
	if needsAck(m) || needsAck(f) {
		t.Fatal("acknowledged version 2, still needs ack")
	}

	// Members may not edit.
	_, err = svc.UpdateAgreement(ctx, m, edit)
	wantErr(t, err, session.EForbidden, session.MsgForbidden)
	if v := w.MustDetail(t, f, g.ID).Agreement.Version; v != 2 {
		t.Fatalf("version after a refused edit = %d", v)
	}
}

func TestUpdateAgreementValidation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, f, "mepe", "Mepe")
	before := w.MustDetail(t, f, g.ID).Agreement
	long := strings.Repeat("ö", session.MaxAgreementLen+1)
	tests := []struct {
		name string
		ag   session.Agreement
		msg  string
	}{
		{"empty", session.Agreement{}, session.MsgAgreementEmpty},
		{"blank", session.Agreement{Goals: "  \n\t", Leaving: "\r\n"}, session.MsgAgreementEmpty},
		{"escapes only", session.Agreement{Schedule: "\x1b[2J\x1b]0;x\x07", GroundRules: "\a\x00\u202e"}, session.MsgAgreementEmpty},
		{"goals too long", session.Agreement{Goals: long}, session.MsgTextTooLong},
		{"leaving too long", session.Agreement{Goals: "ok", Leaving: long}, session.MsgTextTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ag.GroupID = g.ID
			_, err := svc.UpdateAgreement(ctx, f, tt.ag)
			wantErr(t, err, session.EInvalid, tt.msg)
		})
	}
	if after := w.MustDetail(t, f, g.ID).Agreement; !reflect.DeepEqual(after, before) {
		t.Fatalf("agreement changed by refused edits:\n%+v\n%+v", after, before)
	}

	// Escape sequences and control characters are stripped; line breaks stay.
	saved, err := svc.UpdateAgreement(ctx, f, session.Agreement{
		GroupID:         g.ID,
		Goals:           "  Oppia\x1b[31m toisilta\x1b[0m\r\nja jakaa\a ",
		Confidentiality: "Luottamus\x1b]8;;http://evil\x1b\\ linkki\x1b]8;;\x1b\\\u202e",
		Leaving:         strings.Repeat("ö", session.MaxAgreementLen),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := w.MustDetail(t, f, g.ID).Agreement
	if got.Goals != "Oppia toisilta\nja jakaa" || got.Confidentiality != "Luottamus linkki" || got.Schedule != "" ||
		got.Version != 2 || saved.Goals != got.Goals {
		t.Fatalf("saved agreement = %+v", got)
	}
}

func TestAckVersionVisibleOnlyToLeaders(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, f, "mentor-group", "Ryhmä")
	co := w.MustPending(t, f, g.ID, session.GroupCoFacilitator, "Kofasi")
	m1 := w.MustPending(t, f, g.ID, session.GroupMentor, "Mentori")
	m2 := w.MustPending(t, f, g.ID, session.GroupAktori, "Aktori")
	for _, a := range []session.Actor{co, m1} {
		if err := svc.AcknowledgeAgreement(ctx, a, g.ID, 1); err != nil {
			t.Fatal(err)
		}
	}
	want := map[int64]int{f.Person.ID: 1, co.Person.ID: 1, m1.Person.ID: 1, m2.Person.ID: 0}
	for _, leader := range []session.Actor{f, co} {
		d := w.MustDetail(t, leader, g.ID)
		for _, m := range d.Members {
			if m.AckVersion != want[m.PersonID] {
				t.Errorf("leader %s sees %s at version %d, want %d", leader.Person.Name, m.Name, m.AckVersion, want[m.PersonID])
			}
		}
	}
	// m2 has not acknowledged: of the members they see only themselves.
	if d := w.MustDetail(t, m2, g.ID); len(d.Members) != 1 || d.Members[0].PersonID != m2.Person.ID || d.Members[0].AckVersion != 0 {
		t.Fatalf("unadmitted member sees %+v", d.Members)
	}
	for _, viewer := range []session.Actor{m1} {
		d := w.MustDetail(t, viewer, g.ID)
		if len(d.Members) != 4 {
			t.Fatalf("%s sees %d members", viewer.Person.Name, len(d.Members))
		}
		for _, m := range d.Members {
			wantV := 0
			if m.PersonID == viewer.Person.ID {
				wantV = want[m.PersonID] // one's own stays visible
			}
			if m.AckVersion != wantV {
				t.Errorf("member %s sees %s at version %d, want %d", viewer.Person.Name, m.Name, m.AckVersion, wantV)
			}
		}
		if d.MyRole.Leads() {
			t.Errorf("%s's MyRole = %s", viewer.Person.Name, d.MyRole)
		}
	}
}

// bIDs are the ids of things in group B that people outside it try to use.
type bIDs struct {
	group, meeting, item, task, person int64
}

// groupSnapshot is everything of a group its facilitator and a member can
// see, to compare before and after refused changes.
type groupSnapshot struct {
	Detail   *session.GroupDetail
	Agendas  [][]session.AgendaItem
	Overview *session.Overview
}

func (w *world) snapshot(t *testing.T, leader, member session.Actor, groupID int64) groupSnapshot {
	t.Helper()
	ctx := context.Background()
	s := groupSnapshot{Detail: w.MustDetail(t, leader, groupID)}
	for _, m := range s.Detail.Meetings {
		_, items, err := w.svc.Meeting(ctx, leader, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.Agendas = append(s.Agendas, items)
	}
	var err error
	if s.Overview, err = w.svc.Overview(ctx, member); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCrossGroupIsolation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	fa := w.MustPerson(t, session.RoleFacilitator, "FA")
	ga := w.MustGroup(t, fa, "mepe", "Ryhmä A")
	ma := w.MustMember(t, fa, ga.ID, session.GroupMentor, "MA")

	fb := w.MustPerson(t, session.RoleFacilitator, "FB")
	gb := w.MustGroup(t, fb, "mepe", "Salainen B")
	mb := w.MustMember(t, fb, gb.ID, session.GroupAktori, "MB")
	db := w.MustDetail(t, fb, gb.ID)
	start := svc.Now().Add(48 * time.Hour)
	if _, err := svc.UpdateMeeting(ctx, fb, db.Meetings[0].ID, session.MeetingUpdate{StartsAt: &start}); err != nil {
		t.Fatal(err)
	}
	taskB, err := svc.CreateTask(ctx, fb, session.Task{GroupID: gb.ID, Title: "B:n tehtävä", DueMeetingID: db.Meetings[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.CompleteTask(ctx, mb, taskB.ID, "B:n vastaus"); err != nil {
		t.Fatal(err)
	}
	_, itemsB, _ := svc.Meeting(ctx, fb, db.Meetings[0].ID)
	real := bIDs{group: gb.ID, meeting: db.Meetings[0].ID, item: itemsB[1].ID, task: taskB.ID, person: fb.Person.ID}
	// Ids that exist nowhere must look exactly like B's.
	missing := bIDs{group: 1 << 40, meeting: 1 << 40, item: 1 << 40, task: 1 << 40, person: fb.Person.ID}
	tests := []struct {
		name string
		call func(a session.Actor, id bIDs) error
		msg  string
	}{
		{"Group", func(a session.Actor, id bIDs) error { _, err := svc.Group(ctx, a, id.group); return err }, session.MsgGroupNotFound},
		{"Meetings", func(a session.Actor, id bIDs) error { _, err := svc.Meetings(ctx, a, id.group); return err }, session.MsgGroupNotFound},
		{"FindGroup", func(a session.Actor, id bIDs) error {
			_, err := svc.FindGroup(ctx, a, fmt.Sprint(id.group))
			return err
		}, session.MsgGroupNotFound},
		{"Meeting", func(a session.Actor, id bIDs) error { _, _, err := svc.Meeting(ctx, a, id.meeting); return err }, session.MsgMeetingNotFound},
		{"UpdateMeeting", func(a session.Actor, id bIDs) error {
			_, err := svc.UpdateMeeting(ctx, a, id.meeting, session.MeetingUpdate{Title: ptr("Kaapattu")})
			return err
		}, session.MsgMeetingNotFound},
		{"AddAgendaItem", func(a session.Actor, id bIDs) error {
			_, err := svc.AddAgendaItem(ctx, a, id.meeting, session.AgendaItem{Title: "x", Kind: session.KindTalk, Minutes: 5})
			return err
		}, session.MsgMeetingNotFound},
		{"UpdateAgendaItem", func(a session.Actor, id bIDs) error {
			_, err := svc.UpdateAgendaItem(ctx, a, session.AgendaItem{ID: id.item, Title: "x", Kind: session.KindTalk, Minutes: 5})
			return err
		}, session.MsgItemNotFound},
		{"DeleteAgendaItem", func(a session.Actor, id bIDs) error { return svc.DeleteAgendaItem(ctx, a, id.item) }, session.MsgItemNotFound},
		{"MoveAgendaItem", func(a session.Actor, id bIDs) error { return svc.MoveAgendaItem(ctx, a, id.item, -1) }, session.MsgItemNotFound},
		{"CreateTask", func(a session.Actor, id bIDs) error {
			_, err := svc.CreateTask(ctx, a, session.Task{GroupID: id.group, Title: "x"})
			return err
		}, session.MsgGroupNotFound},
		{"CompleteTask", func(a session.Actor, id bIDs) error { return svc.CompleteTask(ctx, a, id.task, "vastaus") }, session.MsgTaskNotFound},
		{"CreateGroupInvite", func(a session.Actor, id bIDs) error {
			_, err := svc.CreateGroupInvite(ctx, a, id.group, session.GroupMentor, 1, 0)
			return err
		}, session.MsgGroupNotFound},
		{"RemoveMember", func(a session.Actor, id bIDs) error { return svc.RemoveMember(ctx, a, id.group, id.person) }, session.MsgGroupNotFound},
		{"LeaveGroup", func(a session.Actor, id bIDs) error { return svc.LeaveGroup(ctx, a, id.group) }, session.MsgGroupNotFound},
		{"AddMeeting", func(a session.Actor, id bIDs) error { _, err := svc.AddMeeting(ctx, a, id.group); return err }, session.MsgGroupNotFound},
		{"UpdateAgreement", func(a session.Actor, id bIDs) error {
			_, err := svc.UpdateAgreement(ctx, a, session.Agreement{GroupID: id.group, Goals: "Kaapattu"})
			return err
		}, session.MsgGroupNotFound},
		{"AcknowledgeAgreement", func(a session.Actor, id bIDs) error { return svc.AcknowledgeAgreement(ctx, a, id.group, 1) }, session.MsgGroupNotFound},
	}
	before := w.snapshot(t, fb, mb, gb.ID)
	for _, who := range []session.Actor{fa, ma} {
		for _, tt := range tests {
			t.Run(who.Person.Name+"/"+tt.name, func(t *testing.T) {
				err := tt.call(who, real)
				wantErr(t, err, session.ENotFound, tt.msg)
				// Existence is not revealed: an id that exists nowhere
				// gives the same answer.
				errMissing := tt.call(who, missing)
				if session.ErrorCode(errMissing) != session.ErrorCode(err) || session.AsError(errMissing).Message != session.AsError(err).Message {
					t.Fatalf("B's id: %v; missing id: %v", err, errMissing)
				}
				if after := w.snapshot(t, fb, mb, gb.ID); !reflect.DeepEqual(after, before) {
					t.Fatalf("B changed:\nbefore %+v\nafter  %+v", before, after)
				}
			})
		}
	}
	// FA may create tasks in A, but not due at one of B's meetings.
	for _, id := range []int64{real.meeting, missing.meeting} {
		_, err := svc.CreateTask(ctx, fa, session.Task{GroupID: ga.ID, Title: "x", DueMeetingID: id})
		wantErr(t, err, session.ENotFound, session.MsgMeetingNotFound)
	}
	if d := w.MustDetail(t, fa, ga.ID); len(d.Tasks) != 0 {
		t.Fatalf("refused tasks saved: %+v", d.Tasks)
	}
	if after := w.snapshot(t, fb, mb, gb.ID); !reflect.DeepEqual(after, before) {
		t.Fatal("B changed by a task in A")
	}

	// What MA sees in lists never includes B.
	for _, who := range []session.Actor{fa, ma} {
		gs, err := svc.Groups(ctx, who)
		if err != nil || len(gs) != 1 || gs[0].ID != ga.ID {
			t.Fatalf("%s's groups = %+v, %v", who.Person.Name, gs, err)
		}
		o, err := svc.Overview(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Groups) != 1 || o.Groups[0].ID != ga.ID {
			t.Fatalf("%s's overview groups = %+v", who.Person.Name, o.Groups)
		}
		for _, m := range o.Meetings {
			if m.GroupID != ga.ID || m.GroupName != "Ryhmä A" {
				t.Fatalf("%s's overview shows %+v", who.Person.Name, m)
			}
		}
		for _, tk := range o.Tasks {
			if tk.GroupID != ga.ID {
				t.Fatalf("%s's overview shows task %+v", who.Person.Name, tk)
			}
		}
		ms, err := svc.Meetings(ctx, who, 0)
		if err != nil || len(ms) != 5 {
			t.Fatalf("%s's meetings = %d, %v", who.Person.Name, len(ms), err)
		}
		for _, m := range ms {
			if m.GroupID != ga.ID {
				t.Fatalf("%s's meetings include %+v", who.Person.Name, m)
			}
		}
		if _, err := svc.FindGroup(ctx, who, "salainen b"); session.ErrorCode(err) != session.ENotFound {
			t.Fatalf("%s found B by name: %v", who.Person.Name, err)
		}
	}
	// And B's own people still see B whole.
	if o, err := svc.Overview(ctx, mb); err != nil || len(o.Groups) != 1 || o.Groups[0].ID != gb.ID || len(o.Tasks) != 0 {
		t.Fatalf("MB's overview = %+v, %v", o, err)
	}
}

func TestUnknownKeyGroupCalls(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, f, "mepe", "Mepe")
	mid := w.MustDetail(t, f, g.ID).Meetings[0].ID
	u, _ := svc.Identify(ctx, w.MustKey())
	calls := map[string]func() error{
		"Groups":    func() error { _, err := svc.Groups(ctx, u); return err },
		"Overview":  func() error { _, err := svc.Overview(ctx, u); return err },
		"Group":     func() error { _, err := svc.Group(ctx, u, g.ID); return err },
		"Meetings0": func() error { _, err := svc.Meetings(ctx, u, 0); return err },
		"Meetings":  func() error { _, err := svc.Meetings(ctx, u, g.ID); return err },
		"Meeting":   func() error { _, _, err := svc.Meeting(ctx, u, mid); return err },
		"LeaveGroup": func() error {
			return svc.LeaveGroup(ctx, u, g.ID)
		},
		"CompleteTask": func() error { return svc.CompleteTask(ctx, u, 1, "x") },
		"Acknowledge":  func() error { return svc.AcknowledgeAgreement(ctx, u, g.ID, 1) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			wantErr(t, call(), session.EUnauthorized, session.MsgNotJoined)
		})
	}
}

func TestRemoveMemberAndLeave(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	f := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	g := w.MustGroup(t, f, "mentor-group", "Ryhmä")
	co := w.MustMember(t, f, g.ID, session.GroupCoFacilitator, "Kofasi")
	m1 := w.MustMember(t, f, g.ID, session.GroupMentor, "Mentori")
	m2 := w.MustMember(t, f, g.ID, session.GroupAktori, "Aktori")
	m3 := w.MustMember(t, f, g.ID, session.GroupParticipant, "Osallistuja")
	outsider := w.MustPerson(t, session.RoleMember, "Ulko")

	members := func() int { return len(w.MustDetail(t, f, g.ID).Members) }
	if members() != 5 {
		t.Fatalf("%d members", members())
	}

	// A member cannot remove another.
	err := svc.RemoveMember(ctx, m1, g.ID, m2.Person.ID)
	wantErr(t, err, session.EForbidden, session.MsgForbidden)
	err = svc.RemoveMember(ctx, m1, g.ID, f.Person.ID)
	wantErr(t, err, session.EForbidden, session.MsgForbidden)
	// A leader removing someone who is not in the group.
	err = svc.RemoveMember(ctx, f, g.ID, outsider.Person.ID)
	wantErr(t, err, session.ENotFound, session.MsgNotMember)
	err = svc.RemoveMember(ctx, co, g.ID, 1<<40)
	wantErr(t, err, session.ENotFound, session.MsgNotMember)
	// The last facilitator cannot leave, nor be removed.
	err = svc.LeaveGroup(ctx, f, g.ID)
	wantErr(t, err, session.EConflict, session.MsgLastFacilitator)
	err = svc.RemoveMember(ctx, f, g.ID, f.Person.ID)
	wantErr(t, err, session.EConflict, session.MsgLastFacilitator)
	// Only a facilitator removes another leader.
	err = svc.RemoveMember(ctx, co, g.ID, f.Person.ID)
	wantErr(t, err, session.EForbidden, session.MsgForbidden)
	if members() != 5 {
		t.Fatalf("refusals removed someone: %d members", members())
	}

	// A member may leave; afterwards the group is gone from their view.
	if err := svc.LeaveGroup(ctx, m1, g.ID); err != nil {
		t.Fatal(err)
	}
	if gs, _ := svc.Groups(ctx, m1); len(gs) != 0 {
		t.Fatalf("left, still in %+v", gs)
	}
	_, err = svc.Group(ctx, m1, g.ID)
	wantErr(t, err, session.ENotFound, session.MsgGroupNotFound)
	err = svc.LeaveGroup(ctx, m1, g.ID)
	wantErr(t, err, session.ENotFound, session.MsgGroupNotFound)
	// Removing oneself by id is leaving.
	if err := svc.RemoveMember(ctx, m3, g.ID, m3.Person.ID); err != nil {
		t.Fatal(err)
	}
	// Leaders remove members.
	if err := svc.RemoveMember(ctx, co, g.ID, m2.Person.ID); err != nil {
		t.Fatal(err)
	}
	if members() != 2 {
		t.Fatalf("%d members, want the two leaders", members())
	}
	if gs := w.MustSummary(t, f, g.ID); gs.Members != 2 {
		t.Fatalf("summary members = %d", gs.Members)
	}

	// With a second facilitator the first may leave, and then the second
	// is the last one.
	f2 := w.MustMember(t, f, g.ID, session.GroupFacilitator, "Fasi 2")
	if err := svc.LeaveGroup(ctx, f, g.ID); err != nil {
		t.Fatalf("facilitator leaving with another facilitator: %v", err)
	}
	err = svc.LeaveGroup(ctx, f2, g.ID)
	wantErr(t, err, session.EConflict, session.MsgLastFacilitator)
	// A co-facilitator may leave.
	if err := svc.LeaveGroup(ctx, co, g.ID); err != nil {
		t.Fatal(err)
	}
	d := w.MustDetail(t, f2, g.ID)
	if len(d.Members) != 1 || d.Members[0].PersonID != f2.Person.ID {
		t.Fatalf("members = %+v", d.Members)
	}
}
