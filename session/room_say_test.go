package session_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/piiri/piiri/session"
)

func TestSay(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	watch, _ := l.MustEnter(t, l.m1, l.id)
	recv(t, watch)
	version := l.room(t).Version
	for _, tt := range []struct {
		name, text string
		code, msg  string
	}{
		{"empty", "", session.EInvalid, session.MsgMessageEmpty},
		{"blank", " \n\t ", session.EInvalid, session.MsgMessageEmpty},
		{"escapes only", "\x1b[2J\x1b]0;title\x07\x1b[31m\a", session.EInvalid, session.MsgMessageEmpty},
		{"1001 characters", strings.Repeat("ä", session.MaxMessageLen+1), session.EInvalid, session.MsgTextTooLong},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActSay, Text: tt.text})
			wantErr(t, err, tt.code, tt.msg)
			quiet(t, watch)
		})
	}
	if e := session.AsError(l.svc.Act(ctx, l.m1, l.id, session.Action{Kind: session.ActSay, Text: strings.Repeat("x", 1001)})); len(e.Args) != 1 || e.Args[0] != session.MaxMessageLen {
		t.Fatalf("too long args = %v", e.Args)
	}
	if st := l.stored(t); st.Version != version {
		t.Fatalf("refused says stored v%d", st.Version)
	}
	// The limit counts characters after cleaning.
	l.act(t, l.m1, session.Action{Kind: session.ActSay, Text: "\x1b[1m" + strings.Repeat("ä", session.MaxMessageLen) + "\x1b[0m"})
	l.act(t, l.f, session.Action{Kind: session.ActSay, Text: "  Hei\x1b[31m kaikki\x1b[0m!\a\r\nToinen\x1b]0;pwned\x07 rivi\u202e  "})
	l.act(t, l.f, session.Action{Kind: session.ActNext})
	l.clk.Add(time.Second)
	l.act(t, l.m1, session.Action{Kind: session.ActSay, Text: "kakkoskohta"})
	st := recv(t, watch)
	if len(st.Messages) != 3 {
		t.Fatalf("messages = %+v", st.Messages)
	}
	m0, m1, m2 := st.Messages[0], st.Messages[1], st.Messages[2]
	if m0.Text != strings.Repeat("ä", session.MaxMessageLen) || m0.ItemID != l.items[0].ID || m0.PersonID != l.m1.Person.ID || m0.Name != "Mentori" {
		t.Fatalf("message 0 = %+v", m0)
	}
	if m1.Text != "Hei kaikki!\nToinen rivi" || m1.ItemID != l.items[0].ID || m1.PersonID != l.f.Person.ID || m1.Name != "Fasi" || m1.MeetingID != l.id {
		t.Fatalf("message 1 = %+v", m1)
	}
	if m2.ItemID != l.items[1].ID || !m2.At.Equal(l.clk.Now()) || m2.ID == 0 || m2.ID <= m1.ID {
		t.Fatalf("message 2 = %+v (1: %+v)", m2, m1)
	}
	// The history holds the same messages.
	all, err := l.db.RoomMessages(ctx, l.id)
	if err != nil || len(all) != 3 {
		t.Fatalf("stored messages %+v, %v", all, err)
	}
	for i := range all {
		if all[i].ID != st.Messages[i].ID || all[i].Text != st.Messages[i].Text || all[i].ItemID != st.Messages[i].ItemID || !all[i].At.Equal(st.Messages[i].At) {
			t.Fatalf("stored message %d = %+v, published %+v", i, all[i], st.Messages[i])
		}
	}
}

func TestSayRateLimit(t *testing.T) {
	t.Parallel()
	l := newLive(t)
	ctx := context.Background()
	l.MustEnter(t, l.f, l.id)
	l.MustEnter(t, l.m1, l.id)
	say := func(a session.Actor, text string) error {
		return l.svc.Act(ctx, a, l.id, session.Action{Kind: session.ActSay, Text: text})
	}
	for i := range 5 {
		if err := say(l.m1, fmt.Sprint("viesti ", i)); err != nil {
			t.Fatalf("message %d of the burst: %v", i, err)
		}
	}
	version := l.room(t).Version
	wantErr(t, say(l.m1, "liikaa"), session.ELimit, session.MsgTooFast)
	l.clk.Add(time.Second)
	wantErr(t, say(l.m1, "vieläkin liikaa"), session.ELimit, session.MsgTooFast)
	if st := l.stored(t); st.Version != version {
		t.Fatalf("limited says stored v%d, want v%d", st.Version, version)
	}
	// The limit is per person.
	if err := say(l.f, "minä saan"); err != nil {
		t.Fatalf("another person limited: %v", err)
	}
	l.clk.Add(time.Second) // 2 s since the burst: one more
	if err := say(l.m1, "nyt saa"); err != nil {
		t.Fatalf("after 2 s: %v", err)
	}
	wantErr(t, say(l.m1, "taas liikaa"), session.ELimit, session.MsgTooFast)
	// Other actions are not limited.
	for range 10 {
		l.act(t, l.m1, session.Action{Kind: session.ActHand})
	}
	all, err := l.db.RoomMessages(ctx, l.id)
	if err != nil || len(all) != 7 {
		t.Fatalf("%d messages stored, want 7: %v", len(all), err)
	}
}
