package session_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

func TestRedeemCreatesPersonWithInviteRole(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	inv, err := svc.CreateInvite(ctx, session.Operator(), session.InviteSpec{Role: session.RoleFacilitator})
	if err != nil {
		t.Fatal(err)
	}
	fp := w.MustKey()
	a, err := svc.Identify(ctx, fp)
	if err != nil || a.Known() {
		t.Fatalf("unknown key identified as %+v, %v", a, err)
	}
	p, err := svc.Redeem(ctx, a, session.RedeemRequest{
		Code: strings.ToLower(session.FormatCode(inv.Code)), Name: "  Aino\x1b[31m Virtanen\a ", Lang: "fi",
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Aino Virtanen" || p.Role != session.RoleFacilitator || p.Lang != session.LangFI {
		t.Fatalf("person = %+v", p)
	}
	a, err = svc.Identify(ctx, fp)
	if err != nil || a.Person == nil || a.Person.ID != p.ID {
		t.Fatalf("identify after redeem = %+v, %v", a, err)
	}
	if _, err := svc.Redeem(ctx, a, session.RedeemRequest{Code: inv.Code, Name: "x", Lang: "fi"}); session.ErrorCode(err) != session.EConflict {
		t.Fatalf("known key redeemed again: %v", err)
	}
}

func TestRedeemRefusalsSaveNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc, now := w.svc, w.clk
	ctx := context.Background()
	inv, err := svc.CreateInvite(ctx, session.Operator(), session.InviteSpec{Role: session.RoleMember, Uses: 1, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := svc.Identify(ctx, w.MustKey())
	tests := []struct {
		name          string
		req           session.RedeemRequest
		code, message string
	}{
		{"empty code", session.RedeemRequest{Code: " - ", Name: "Aino", Lang: "fi"}, session.EInvalid, session.MsgInviteCodeEmpty},
		{"wrong code", session.RedeemRequest{Code: "AAAA-BBBB-CCCC", Name: "Aino", Lang: "fi"}, session.EInvalid, session.MsgInviteUnknown},
		{"empty name", session.RedeemRequest{Code: inv.Code, Name: " \x1b[2J\t", Lang: "fi"}, session.EInvalid, session.MsgNameEmpty},
		{"long name", session.RedeemRequest{Code: inv.Code, Name: strings.Repeat("ä", 65), Lang: "fi"}, session.EInvalid, session.MsgNameTooLong},
		{"bad lang", session.RedeemRequest{Code: inv.Code, Name: "Aino", Lang: "sv"}, session.EInvalid, session.MsgLangInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.Redeem(ctx, a, tt.req)
			wantErr(t, err, tt.code, tt.message)
		})
	}
	// A 64-character name is fine; the failures above left the one use.
	if _, err := svc.Redeem(ctx, a, session.RedeemRequest{Code: inv.Code, Name: strings.Repeat("ä", 64), Lang: "fi"}); err != nil {
		t.Fatalf("valid redeem after failures: %v", err)
	}
	b, _ := svc.Identify(ctx, w.MustKey())
	_, err = svc.Redeem(ctx, b, session.RedeemRequest{Code: inv.Code, Name: "Bertta", Lang: "en"})
	wantErr(t, err, session.EInvalid, session.MsgInviteUsedUp)

	inv2, _ := svc.CreateInvite(ctx, session.Operator(), session.InviteSpec{Role: session.RoleMember, TTL: time.Hour})
	now.Add(time.Hour)
	_, err = svc.Redeem(ctx, b, session.RedeemRequest{Code: inv2.Code, Name: "Bertta", Lang: "en"})
	wantErr(t, err, session.EInvalid, session.MsgInviteExpired)

	people, err := svc.People(ctx, session.Operator())
	if err != nil || len(people) != 1 {
		t.Fatalf("people = %d, %v; want only the one valid redeem", len(people), err)
	}
}

func TestConcurrentRedeemsOfOneUseInvite(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	inv, _ := svc.CreateInvite(ctx, session.Operator(), session.InviteSpec{Role: session.RoleMember})
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := range 8 {
		a, _ := svc.Identify(ctx, w.MustKey())
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := svc.Redeem(ctx, a, session.RedeemRequest{Code: inv.Code, Name: "n" + string(rune('a'+i)), Lang: "en"})
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			} else if session.ErrorCode(err) != session.EInvalid {
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 1 {
		t.Fatalf("%d redeems succeeded on a one-use invite", ok)
	}
}

func TestInviteAndPeopleRights(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	admin := w.MustPerson(t, session.RoleAdmin, "Admin")
	facilitator := w.MustPerson(t, session.RoleFacilitator, "Fasi")
	member := w.MustPerson(t, session.RoleMember, "Jäsen")
	unknown, _ := svc.Identify(ctx, w.MustKey())

	for _, tt := range []struct {
		name  string
		actor session.Actor
		code  string
	}{
		{"operator", session.Operator(), ""},
		{"admin", admin, ""},
		{"facilitator", facilitator, session.EForbidden},
		{"member", member, session.EForbidden},
		{"unknown key", unknown, session.EUnauthorized},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.CreateInvite(ctx, tt.actor, session.InviteSpec{Role: session.RoleMember})
			if session.ErrorCode(err) != tt.code {
				t.Fatalf("CreateInvite: %v, want %q", err, tt.code)
			}
			_, err = svc.People(ctx, tt.actor)
			if session.ErrorCode(err) != tt.code {
				t.Fatalf("People: %v, want %q", err, tt.code)
			}
		})
	}
	if _, err := svc.SetLang(ctx, unknown, "fi"); session.ErrorCode(err) != session.EUnauthorized {
		t.Fatalf("unknown SetLang: %v", err)
	}
	if _, err := svc.BootstrapInvite(ctx, admin); session.ErrorCode(err) != session.EForbidden {
		t.Fatalf("admin asked for a bootstrap invite: %v", err)
	}
}

func TestInviteSpecValidation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	for _, tt := range []struct {
		spec session.InviteSpec
		msg  string
	}{
		{session.InviteSpec{Role: "owner"}, session.MsgRoleInvalid},
		{session.InviteSpec{Role: session.RoleMember, Uses: -1}, session.MsgUsesInvalid},
		{session.InviteSpec{Role: session.RoleMember, Uses: 100000}, session.MsgUsesInvalid},
		{session.InviteSpec{Role: session.RoleMember, TTL: time.Second}, session.MsgExpiryInvalid},
		{session.InviteSpec{Role: session.RoleMember, TTL: 400 * 24 * time.Hour}, session.MsgExpiryInvalid},
	} {
		_, err := svc.CreateInvite(ctx, session.Operator(), tt.spec)
		wantErr(t, err, session.EInvalid, tt.msg)
	}
	inv, err := svc.CreateInvite(ctx, session.Operator(), session.InviteSpec{Role: session.RoleMember})
	if err != nil || inv.UsesLeft != 1 || inv.ExpiresAt.Sub(inv.CreatedAt) != 7*24*time.Hour {
		t.Fatalf("defaults: %+v, %v", inv, err)
	}
}

func TestBootstrapInviteOnlyWhileNoAdmin(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	first, err := svc.BootstrapInvite(ctx, session.Operator())
	if err != nil || first == nil || first.Role != session.RoleAdmin {
		t.Fatalf("first bootstrap = %+v, %v", first, err)
	}
	second, err := svc.BootstrapInvite(ctx, session.Operator())
	if err != nil || second == nil {
		t.Fatalf("second bootstrap = %+v, %v", second, err)
	}
	a, _ := svc.Identify(ctx, w.MustKey())
	_, err = svc.Redeem(ctx, a, session.RedeemRequest{Code: first.Code, Name: "Vanha", Lang: "fi"})
	wantErr(t, err, session.EInvalid, session.MsgInviteUnknown)
	if _, err := svc.Redeem(ctx, a, session.RedeemRequest{Code: second.Code, Name: "Admin", Lang: "fi"}); err != nil {
		t.Fatal(err)
	}
	if inv, err := svc.BootstrapInvite(ctx, session.Operator()); err != nil || inv != nil {
		t.Fatalf("bootstrap with an admin = %+v, %v", inv, err)
	}
}

func TestParseTTL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"7d": 7 * 24 * time.Hour, "36h": 36 * time.Hour, "90m": 90 * time.Minute} {
		if got, err := session.ParseTTL(in); err != nil || got != want {
			t.Errorf("ParseTTL(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "d", "-1d", "abc", "0h"} {
		if _, err := session.ParseTTL(in); err == nil {
			t.Errorf("ParseTTL(%q) accepted", in)
		}
	}
}
