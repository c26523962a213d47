package form

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/i18n"
	"github.com/piiri/piiri/tui/style"
)

// TestRenderIsPure: Render draws at the size
// SetSize gave and changes nothing.
func TestRenderIsPure(t *testing.T) {
	s := style.New(true)
	f := New("Kutsu")
	f.Text("Käyttökertoja", "1", 4)
	f.Area("Kuvaus", "rivi", 100, 3)
	f.SetSize(50, 0)
	first := f.Render(s)
	if f.Render(s) != first {
		t.Fatal("Render changed the form")
	}
	// A field added after SetSize is laid out too.
	f.Text("Voimassa", "7d", 6)
	g := New("Kutsu")
	g.Text("Käyttökertoja", "1", 4)
	g.Area("Kuvaus", "rivi", 100, 3)
	g.Text("Voimassa", "7d", 6)
	g.SetSize(50, 0)
	if f.Render(s) != g.Render(s) {
		t.Fatal("a field added after SetSize is not laid out")
	}
}

// TestAskingTakesTheYesKeyOfTheLanguage: in Finnish k saves and y goes
// back to the form, as the confirm component answers.
func TestAskingTakesTheYesKeyOfTheLanguage(t *testing.T) {
	for _, lang := range []session.Lang{session.LangFI, session.LangEN} {
		cat := i18n.For(lang)
		c := &component.Common{Cat: cat}
		yes, other := cat.T("key.yes_key"), "y"
		if yes == "y" {
			other = "k"
		}
		f := New("Arvio")
		f.Yes = yes
		f.Scale("Kuuntelen")
		f.Ask = func() string { return "Tallennetaanko?" + component.YesNo(c) }
		ctrlS := tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
		if res, _ := f.Update(ctrlS); res != Continue || f.Asking == "" {
			t.Fatalf("%s: ctrl+s did not ask: %v", lang, res)
		}
		if res, _ := f.Update(tea.KeyPressMsg{Code: rune(other[0]), Text: other}); res != Continue || f.Asking != "" {
			t.Fatalf("%s: %s answered yes", lang, other)
		}
		f.Update(ctrlS)
		if res, _ := f.Update(tea.KeyPressMsg{Code: rune(yes[0]), Text: yes}); res != Submit {
			t.Fatalf("%s: %s did not save", lang, yes)
		}
	}
}
