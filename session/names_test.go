package session_test

import (
	"context"
	"testing"

	"github.com/piiri/piiri/session"
)

func TestSameName(t *testing.T) {
	t.Parallel()
	same := []struct{ name, a, b string }{
		{"case", "Fasi Ohjaaja", "fasi OHJAAJA"},
		{"white space", "Fasi  Ohjaaja ", " Fasi\u00a0Ohjaaja"},
		{"zero-width space", "Fasi", "Fa\u200bsi"},
		{"soft hyphen and joiner", "Fasi", "F\u00ada\u200dsi"},
		{"Hangul filler", "Fasi", "Fasi\u3164"},
		{"Cyrillic а е о р с х", "Aapeli Oksa Perä Cox", "Ааpеli Оksа Реrä Сох"},
		{"Cyrillic capitals", "HEKTOR", "НЕКТОR"},
		{"Cyrillic і", "Iiris", "Ііris"},
		{"Greek ν and ο", "Vivo", "νiνο"},
		{"Greek capitals", "NIKO", "ΝΙΚΟ"},
		{"fullwidth", "Fasi", "Ｆａｓｉ"},
		{"mathematical bold", "Fasi", "\U0001d405\U0001d41a\U0001d42c\U0001d422"},
		{"decomposed ä", "Pärttyli", "Pa\u0308rttyli"},
		{"decomposed capital Ö", "Östen", "O\u0308sten"},
		{"dash", "Anna-Liisa", "Anna\u2011Liisa"},
		{"apostrophe", "O'Brien", "O\u2019Brien"},
		{"variation selector and grapheme joiner", "Fasi", "F\ufe0fa\u034fsi"},
		{"blank braille cell", "Fasi Ohjaaja", "Fasi\u2800Ohjaaja"},
		{"faint marks", "Fasi", "Fa\u0329si\u0345"},
	}
	for _, tt := range same {
		if !session.SameName(tt.a, tt.b) {
			t.Errorf("%s: %q and %q should look alike (%q, %q)", tt.name, tt.a, tt.b, session.NameKey(tt.a), session.NameKey(tt.b))
		}
	}
	different := []struct{ a, b string }{
		{"Sää", "Saa"},
		{"Åke", "Ake"},
		{"Aino", "Aino K."},
		{"Anna", "Anne"},
		{"Мария", "Maria"}, // и and я pass for no Latin letter
		{"Nguyễn", "Nguyen"},
		{"Ştefan", "Stefan"},
		{"Ngu\u031bo\u031b\u0300i", "Nguoi"},
	}
	for _, tt := range different {
		if session.SameName(tt.a, tt.b) {
			t.Errorf("%q and %q are different names (%q)", tt.a, tt.b, session.NameKey(tt.a))
		}
	}
}

// A name that passes for a member's of a shared group is refused at every
// door — redeeming a group invite, joining another group, renaming — with
// the member's name in the message and nothing saved.
func TestLookAlikeNamesRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := w.svc
	ctx := context.Background()
	fac := w.MustPerson(t, session.RoleFacilitator, "Fasi Ohjaaja")
	g := w.MustGroup(t, fac, "mentor-group", "Ryhmä")
	inv, err := svc.CreateGroupInvite(ctx, fac, g.ID, session.GroupParticipant, 1, 0)
	if err != nil {
		t.Fatal(err)
	}

	// Redeem: Cyrillic а and і, fullwidth F, a zero-width space, doubled space.
	a, _ := svc.Identify(ctx, w.MustKey())
	_, err = svc.Redeem(ctx, a, session.RedeemRequest{Code: inv.Code, Name: "Ｆа\u200bsі  ohjaaja", Lang: "fi"})
	wantErr(t, err, session.EConflict, session.MsgNameLookAlike)
	if args := session.AsError(err).Args; len(args) != 1 || args[0] != "Fasi Ohjaaja" {
		t.Fatalf("message args = %v", args)
	}
	if again, _ := svc.Identify(ctx, a.Fingerprint); again.Known() {
		t.Fatal("a refused redeem created the person")
	}
	// The one-use invite was not used up: another name works.
	if _, err := svc.Redeem(ctx, a, session.RedeemRequest{Code: inv.Code, Name: "Fasi O.", Lang: "fi"}); err != nil {
		t.Fatalf("redeem with another name: %v", err)
	}
	member := w.MustIdentify(t, a)

	// Join: someone already in piiri under the facilitator's name.
	other := w.MustPerson(t, session.RoleMember, "FASI OHJAAJA")
	inv2, err := svc.CreateGroupInvite(ctx, fac, g.ID, session.GroupParticipant, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.JoinGroup(ctx, other, inv2.Code)
	wantErr(t, err, session.EConflict, session.MsgNameLookAlikeJoin)
	if gs, _ := svc.Groups(ctx, other); len(gs) != 0 {
		t.Fatalf("a refused join made a member: %+v", gs)
	}
	if _, err := svc.SetName(ctx, other, "Fasi Muu"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.JoinGroup(ctx, w.MustIdentify(t, other), inv2.Code); err != nil {
		t.Fatalf("join after renaming: %v", err)
	}

	// Rename: to a member's name, in any case or script.
	_, err = svc.SetName(ctx, member, "fasi ohjaaja")
	wantErr(t, err, session.EConflict, session.MsgNameLookAlike)
	_, err = svc.SetName(ctx, member, "Fasi Мuu") // Cyrillic М
	wantErr(t, err, session.EConflict, session.MsgNameLookAlike)
	if p := w.MustIdentify(t, member).Person; p.Name != "Fasi O." {
		t.Fatalf("a refused rename changed the name to %q", p.Name)
	}
	_, err = svc.SetName(ctx, member, "\u200b\u3164")
	wantErr(t, err, session.EInvalid, session.MsgNameEmpty)
	// One's own name, in another case, is no clash.
	if p, err := svc.SetName(ctx, fac, "FASI Ohjaaja"); err != nil || p.Name != "FASI Ohjaaja" {
		t.Fatalf("renaming oneself: %+v, %v", p, err)
	}
	// Outside the group the name is free.
	if _, err := svc.SetName(ctx, w.MustPerson(t, session.RoleMember, "Joku"), "Fasi Ohjaaja"); err != nil {
		t.Fatalf("a name of nobody near: %v", err)
	}
	_, err = svc.SetName(ctx, session.Actor{Fingerprint: "SHA256:x"}, "Nimi")
	wantErr(t, err, session.EUnauthorized, session.MsgNotJoined)
}
