package component

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

func TestConflictsNamesTheSharedKey(t *testing.T) {
	cat := i18n.For(session.LangEN)
	ok := struct{ Down, Join key.Binding }{Bind(cat, "↓", "key.select", "down"), Bind(cat, "j", "key.join_meeting")}
	if err := Conflicts(ok); err != nil {
		t.Fatal(err)
	}
	bad := struct {
		Down key.Binding
		Nav  struct{ Join key.Binding }
	}{Bind(cat, "j/↓", "key.select", "j", "down"), struct{ Join key.Binding }{Bind(cat, "j", "key.join_meeting")}}
	if err := Conflicts(bad); err == nil || !strings.Contains(err.Error(), `"j"`) || !strings.Contains(err.Error(), "Nav.Join") {
		t.Fatalf("conflict not found: %v", err)
	}
	off := bad
	off.Nav.Join.SetEnabled(false)
	if err := Conflicts(off); err != nil {
		t.Fatalf("a disabled binding conflicts: %v", err)
	}
}

func TestConfirmTakesTheLanguagesYesKey(t *testing.T) {
	for _, tc := range []struct {
		lang session.Lang
		key  rune
		yes  bool
	}{{session.LangFI, 'k', true}, {session.LangFI, 'y', false}, {session.LangFI, 'e', false}, {session.LangEN, 'y', true}, {session.LangEN, 'k', false}} {
		c := &Common{Cat: i18n.For(tc.lang)}
		ran := false
		q := NewConfirm(c, "Delete?", func() tea.Cmd { ran = true; return nil })
		done, _ := q.Update(tea.KeyPressMsg{Code: tc.key, Text: string(tc.key)})
		if !done || ran != tc.yes {
			t.Errorf("%s %q: done %v, yes ran %v", tc.lang, tc.key, done, ran)
		}
	}
	c := &Common{Cat: i18n.For(session.LangFI)}
	if q := NewConfirm(c, "Poistetaanko?", nil); q.Question() != "Poistetaanko? (k/e)" {
		t.Fatalf("question %q", q.Question())
	}
}

func TestIDsAreUniquePerSession(t *testing.T) {
	c := &Common{}
	a, b := NewBase(c), NewBase(c)
	if a.ID() == b.ID() || a.ID() == 0 {
		t.Fatalf("ids %d and %d", a.ID(), b.ID())
	}
}

func TestBarLinesWrapWithoutHelpKey(t *testing.T) {
	cat := i18n.For(session.LangFI)
	var bar []key.Binding
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		bar = append(bar, Bind(cat, k, "key.change_visibility"))
	}
	lines := BarLines(bar, 60)
	n := 0
	for _, l := range lines {
		if w := BarWidth(l); w > 60 {
			t.Errorf("line %d wide", w)
		}
		n += len(l)
	}
	if n != len(bar) || len(lines) < 2 {
		t.Fatalf("%d keys on %d lines", n, len(lines))
	}
	withHelp := append(bar, Bind(cat, "?", "key.help"))
	if l := BarLines(withHelp, 60); len(l) != 1 || l[0][len(l[0])-1].Help().Key != "?" {
		t.Fatalf("a bar with ? help wraps: %v", l)
	}
}
